package scenarios_test

import (
	"io/fs"
	"os"
	"testing"

	"hourglass/scenarios"
)

// TestResolve names scenarios on a command line in a directory holding a
// file named like a shipped scenario, a directory named like another, and a
// file that is not shipped: bare names are the shipped scenarios, paths are
// files, and a bare name of a file here is refused with the path to write.
func TestResolve(t *testing.T) {
	t.Chdir(t.TempDir())
	for name, text := range map[string]string{"kz-scanners": "# not the shipped one\n", "mine": "# mine\n", "my.toml": "# mine\n", "sub/x.toml": "# x\n"} {
		if err := os.MkdirAll("sub", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir("baseline", 0o755); err != nil {
		t.Fatal(err)
	}
	shipped := func(name string) string {
		data, err := fs.ReadFile(scenarios.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, tt := range []struct {
		arg, name, text, err string
	}{
		{arg: "kz-scanners", name: "kz-scanners.toml", text: shipped("kz-scanners.toml")},
		{arg: "kz-scanners.toml", name: "kz-scanners.toml", text: shipped("kz-scanners.toml")},
		{arg: "baseline", name: "baseline.toml", text: shipped("baseline.toml")},
		{arg: "./kz-scanners", name: "kz-scanners", text: "# not the shipped one\n"},
		{arg: "my.toml", name: "my.toml", text: "# mine\n"},
		{arg: "sub/x.toml", name: "x.toml", text: "# x\n"},
		{arg: "./mine", name: "mine", text: "# mine\n"},
		{arg: "mine", err: "no shipped scenario mine: to use the file mine in this directory, write ./mine (a bare name is a shipped scenario)"},
		{arg: "nosuch", err: "no scenario file nosuch on disk, and no shipped scenario of that name (shipped: baseline-2008, baseline, china-intel-sharing, driver-both-products, driver-khorgos-trade, driver-kz-rail-majority, driver-professionalization, driver-xinjiang-market, history-2004-2010, informant-program, inspection-program, kz-scanners, russian-border-guards, sary-tash-post; hourglass list scenarios describes them)"},
		{arg: "sub/nosuch.toml", err: "no scenario file sub/nosuch.toml on disk"},
	} {
		fsys, name, err := scenarios.Resolve(tt.arg)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%s: error %v, want %s", tt.arg, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.arg, err)
		}
		data, err := fs.ReadFile(fsys, name)
		if name != tt.name || err != nil || string(data) != tt.text {
			t.Errorf("%s: %s (%v), %.40q; want %s, %.40q", tt.arg, name, err, data, tt.name, tt.text)
		}
	}
	// A file on disk extends shipped ones.
	fsys, _, err := scenarios.Resolve("./mine")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(fsys, "baseline.toml"); err != nil {
		t.Errorf("a file on disk does not see the shipped baseline: %v", err)
	}
}
