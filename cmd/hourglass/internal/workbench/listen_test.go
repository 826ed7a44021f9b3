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
		{"127.0.0.1:8080", "mine-is-a-long-token", false, "mine-is-a-long-token"},
		{"0.0.0.0:8080", "mine-is-a-long-token", false, "mine-is-a-long-token"},
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

// TestWeakTokenRefused: a token given with --token must be hard to guess,
// on any address (before, --token a was accepted on 0.0.0.0).
func TestWeakTokenRefused(t *testing.T) {
	for _, tok := range []string{"a", "secret", "123456789012345", "aaaaaaaaaaaaaaaaaaaa", "1212121212121212121212",
		"a token with spaces ok", "tok%26en-with-percent-sign", "tøken-not-ascii-123"} {
		for _, addr := range []string{"0.0.0.0:8080", "127.0.0.1:8080"} {
			if _, _, err := Token(addr, tok); err == nil {
				t.Errorf("Token(%q, %q) accepted", addr, tok)
			}
		}
	}
	if _, _, err := Token("0.0.0.0:8080", "Xk3-q9Lz_w2Rv7Tp"); err != nil {
		t.Errorf("a good token refused: %v", err)
	}
}
