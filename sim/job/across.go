package job

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"hourglass/sim/scenario"
)

// loadAcross loads the scenarios of a comparison across a design: every
// scenario of spec (the baseline first) at every point, point by point, so
// that the baseline of point p is scenario p·k (k scenarios a point) and
// each alternative is paired with it. The worlds are checked at the first
// point, as an ordinary comparison's are (the design sets the same values
// in every scenario of a point).
func loadAcross(bs bases, spec Spec, points []point) ([]loaded, error) {
	k := len(spec.Scenarios)
	args := make([]string, 0, len(points)*k)
	pts := make([]point, 0, len(points)*k)
	for _, p := range points {
		for _, a := range spec.Scenarios {
			args, pts = append(args, a), append(pts, p)
		}
	}
	scs, err := loadAll(bs, args, pts)
	if err != nil {
		return nil, err
	}
	for i := range scs {
		scs[i].baseline = i / k * k
	}
	if !spec.AllowDifferentWorlds {
		if err := checkWorlds(bs, scs[:k]); err != nil {
			return nil, err
		}
	}
	return scs, nil
}

// checkWorlds refuses a comparison whose alternatives are not the baseline
// with something added: each alternative's files, but its own, must be the
// baseline's files (the same paths, with the same SHA-256), so that its
// paired differences are the effect of its own file alone, and its extra
// cost that file's. An alternative that extends the baseline through
// another file (railcar-inspection extends baseline-2008, which extends
// baseline), or does not extend it at all, is refused with what differs;
// Spec.AllowDifferentWorlds accepts it.
func checkWorlds(bs bases, scs []loaded) error {
	if len(scs) < 2 {
		return nil
	}
	base := scs[0]
	bf := base.sc.Files
	var problems []string
	for _, alt := range scs[1:] {
		af := alt.sc.Files
		if slices.Equal(af, bf) || len(af) == len(bf)+1 && slices.Equal(af[:len(bf)], bf) {
			continue
		}
		problems = append(problems, worldsDiffer(bs, base, alt))
	}
	if len(problems) == 0 {
		return nil
	}
	return &UsageError{Msg: strings.Join(problems, "\n") + "\n(--allow-different-worlds compares them all the same, counting every difference of the worlds as the alternative's effect)"}
}

// worldsDiffer says how alternative alt's world differs from base's: the
// files it extends the baseline through, or the baseline's files it lacks.
func worldsDiffer(bs bases, base, alt loaded) string {
	bf, af := base.sc.Files, alt.sc.Files
	bname, aname := stemOf(base), stemOf(alt)
	if len(af) > len(bf) && slices.Equal(af[:len(bf)], bf) {
		between := af[len(bf) : len(af)-1]
		return fmt.Sprintf("%s extends %s, not %s: compared with %s, everything %s changes%s would count as %s's effect and be charged at its cost; compare it with %s",
			aname, fileName(between[len(between)-1]), bname, bname, joinFiles(between), describe(bs, between), aname, fileName(between[len(between)-1]))
	}
	var missing []scenario.FileInfo
	for _, f := range bf {
		if !slices.Contains(af, f) {
			missing = append(missing, f)
		}
	}
	parent := "nothing"
	if len(af) > 1 {
		parent = fileName(af[len(af)-2])
	}
	if len(missing) == 0 { // the same files in another order, or files the baseline lacks
		return fmt.Sprintf("%s extends %s, not %s: they are different worlds", aname, parent, bname)
	}
	return fmt.Sprintf("%s extends %s, not %s: %s%s is in %s's world and not in %s's, so the comparison would count its absence as %s's effect",
		aname, parent, bname, joinFiles(missing), describe(bs, missing), bname, aname, aname)
}

// stemOf is a scenario's name as its file names it, without a design
// point's suffix.
func stemOf(l loaded) string { return strings.TrimSuffix(l.sc.Name, l.suffix) }

// fileName is a scenario file's name without its directory and .toml.
func fileName(f scenario.FileInfo) string {
	return strings.TrimSuffix(path.Base(f.Path), ".toml")
}

func joinFiles(fs []scenario.FileInfo) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = fileName(f)
	}
	return strings.Join(names, " and ")
}

// describe is the descriptions of the shipped files among fs, in
// parentheses ("" when none has one).
func describe(bs bases, fs []scenario.FileInfo) string {
	var out []string
	for _, f := range fs {
		sc, err := bs.load(fileName(f))
		if err == nil && sc.Description != "" && sc.Files[len(sc.Files)-1] == f {
			out = append(out, sc.Description)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " (" + strings.Join(out, "; ") + ")"
}

// ParseAcross parses what compare --across takes, KEY=FROM:TO:STEPS, as
// ParseVary does.
func ParseAcross(s string) (Vary, error) {
	v, err := ParseVary(s)
	var u *UsageError
	if errors.As(err, &u) {
		err = &UsageError{Msg: strings.Replace(u.Msg, "--vary", "--across", 1)}
	}
	return v, err
}
