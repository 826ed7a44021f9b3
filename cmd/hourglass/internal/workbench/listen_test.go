package workbench

import "testing"

func TestServeToken(t *testing.T) {
	for _, c := range []struct {
		addr, given string
		generated   bool
		want        string // "" with generated: any new token
	}{
		{"127.0.0.1:8080", "", false, ""},
		{"localhost:8080", "", false, ""},
		{"[::1]:0", "", false, ""},
		{"127.0.0.1:8080", "mine", false, "mine"},
		{"0.0.0.0:8080", "mine", false, "mine"},
		{"0.0.0.0:8080", "", true, ""},
		{":8080", "", true, ""},
		{"192.168.1.5:80", "", true, ""},
	} {
		tok, generated, err := Token(c.addr, c.given)
		if err != nil || generated != c.generated || (!c.generated && tok != c.want) || (c.generated && len(tok) < 32) {
			t.Errorf("Token(%q, %q) = %q, %v, %v", c.addr, c.given, tok, generated, err)
		}
	}
	if _, _, err := Token("8080", ""); err == nil {
		t.Error("--addr 8080 (no host:port) accepted")
	}
}
