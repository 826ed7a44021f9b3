package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A bad --vary is reported once, naming the flag (never a line of the merged
// tables), with exit status 1 and no results directory.
func TestSweepBadVary(t *testing.T) {
	parallel(t)
	for _, tt := range []struct{ vary, want string }{
		{"place[sosnovka].traits.inspection_rat=0:1:3",
			`--vary place[sosnovka].traits.inspection_rat=0:1:3: place[sosnovka].traits.inspection_rat: unknown key (did you mean "inspection_rate"?)`},
		{"group[*].profesionalization=0:1:3",
			`--vary group[*].profesionalization=0:1:3: group[*].profesionalization: unknown key (did you mean "professionalization"?)`},
		{"params.interdiction.tip_rat=0:1:3",
			`--vary params.interdiction.tip_rat=0:1:3: params.interdiction.tip_rat: unknown key (did you mean "tip_rate"?)`},
		{"place[sosnovk].traits.inspection_rate=0:1:3",
			`--vary place[sosnovk].traits.inspection_rate=0:1:3: place[sosnovk]: no place has id "sosnovk" (did you mean "sosnovka"?)`},
		{"group[*].professionalization=0:2:3",
			`--vary group[*].professionalization=0:2:3: group[*].professionalization: 2 is not a probability (allowed: 0..1)`},
		// the bound the flag set is blamed, not the file's other bound
		{"uncertain[*].low=5:9:2",
			`--vary uncertain[*].low=5:9:2: uncertain[*].low: uncertain[params.interdiction.tip_rate]: low 5 is not below high 1`},
		{"uncertain[*].high=-1:0:2",
			`--vary uncertain[*].high=-1:0:2: uncertain[*].high: uncertain[params.interdiction.tip_rate]: high -1 is not above low`},
	} {
		t.Run(tt.vary, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "res")
			var stdout, stderr bytes.Buffer
			if code := realMain([]string{"sweep", "--out", out, "--vary", tt.vary}, &stdout, &stderr); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if n := strings.Count(stderr.String(), tt.want); n != 1 {
				t.Errorf("stderr has %q %d times, want once:\n%s", tt.want, n, stderr.String())
			}
			if strings.Contains(stderr.String(), ".toml:") {
				t.Errorf("a scenario file is blamed for the flag's value:\n%s", stderr.String())
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("results directory created for a bad --vary")
			}
		})
	}
}
