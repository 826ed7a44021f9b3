package job

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestDifferentWorlds: a comparison whose alternative extends the baseline
// through another world is refused, naming that world, unless
// AllowDifferentWorlds; an across design pairs every alternative with the
// baseline at its own point.
func TestDifferentWorlds(t *testing.T) {
	out := filepath.Join(t.TempDir(), "never")
	railcar := filepath.Join("..", "..", "scenarios", "examples", "railcar-inspection.toml") // extends baseline-2008
	spec := Spec{Kind: Compare, Scenarios: []string{"baseline", railcar}, N: 2, Seed: 1, Out: out}
	_, err := Prepare(spec)
	var u *UsageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "railcar-inspection extends baseline-2008, not baseline") {
		t.Errorf("compare baseline railcar-inspection: %v, want a usage error naming baseline-2008", err)
	}
	spec.AllowDifferentWorlds = true
	if _, err := Prepare(spec); err != nil {
		t.Errorf("with AllowDifferentWorlds: %v", err)
	}
	across := Spec{Kind: Compare, Scenarios: []string{"baseline", "informant-program", "inspection-program"}, N: 2, Seed: 1, Out: out,
		Design: Design{Vary: []Vary{{Key: "drivers.professionalization", From: 0, To: 1, Steps: 3}}}}
	j, err := Prepare(across)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range j.scs {
		if want := i / 3 * 3; l.baseline != want {
			t.Errorf("%s: paired with %d, want %d", l.sc.Name, l.baseline, want)
		}
	}
	if got, want := j.scs[4].sc.Name, "informant-program[drivers.professionalization=0.5]"; got != want {
		t.Errorf("scenario 4 is %s, want %s", got, want)
	}
	if cl := strings.Join(across.CommandLine(), " "); !strings.Contains(cl, "--across drivers.professionalization=0:1:3") {
		t.Errorf("command line %q lacks --across", cl)
	}
}
