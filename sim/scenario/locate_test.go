package scenario

import (
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"strings"
	"testing"

	"hourglass/scenarios"
)

// regexLocator is the locator as it was written with regular expressions
// (the grammar newLocator's doc comment states); the hand scanner must
// agree with it on every text.
func regexLocator(text string) map[string]int {
	headerRE := regexp.MustCompile(`^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?`)
	keyRE := regexp.MustCompile(`^\s*([A-Za-z0-9_\-]+)\s*=\s*(.*)$`)
	inlineRE := regexp.MustCompile(`([A-Za-z0-9_\-]+)\s*=`)
	l := &locator{lines: map[string]int{}}
	counts := map[string]int{}
	prefix := ""
	for i, raw := range strings.Split(text, "\n") {
		n := i + 1
		line := stripComment(raw)
		if m := headerRE.FindStringSubmatch(line); m != nil {
			name := m[2]
			if m[1] == "[[" {
				idx := counts[name]
				counts[name]++
				prefix = fmt.Sprintf("%s[%d]", indexed(name, counts), idx)
			} else {
				prefix = indexed(name, counts)
			}
			l.setWithParents(prefix, n)
			continue
		}
		m := keyRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		path := join(prefix, m[1])
		l.set(path, n)
		if v := strings.TrimSpace(m[2]); strings.HasPrefix(v, "{") {
			for _, im := range inlineRE.FindAllStringSubmatch(v, -1) {
				l.set(join(path, im[1]), n)
			}
		}
	}
	return l.lines
}

// locatorCases are texts at the edges of the grammar.
var locatorCases = []string{
	"[[place]]\nid = \"osh\"\ntraits = { inspection_rate = 0.1, staff=3 }\n[[place]]\nid = \"b\"\n[place.traits]\nx = 1\n",
	"  [ params.modes.car ]  # a comment\nmax_load_kg\t=\t5\n[[ group ]]\n[[group.members]]\na = 1\n",
	"[ [x]]\n[[]]\n[x\n[\"quoted\"]\na.b = 1\n\"q\" = 2\n= 3\nk =\nv = { \"q\" = 1, r= 2, s =3, t = \"u=v\" }\n",
	"x = {a-b = 1}\ny = { ab cd = 1 }\n[[a]]\n[[a.b]]\n[[a.b]]\n[a.b.c]\nz = 1\n\r\nw = 1\r\n",
	"k = \"# not a comment\" # a comment = {x = 1}\nm = '#' \ne = \"\\\"#\" = 1\n",
}

// TestLocatorIsTheRegularExpressions: on every shipped file and the texts
// above, the scanner finds the lines the regular expressions found.
func TestLocatorIsTheRegularExpressions(t *testing.T) {
	t.Parallel()
	texts := map[string]string{}
	for i, c := range locatorCases {
		texts[fmt.Sprintf("case %d", i)] = c
	}
	err := fs.WalkDir(scenarios.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".toml") {
			data, rerr := fs.ReadFile(scenarios.FS, p)
			texts[p] = string(data)
			return rerr
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) < 20 {
		t.Fatalf("only %d texts", len(texts))
	}
	for name, text := range texts {
		if got, want := newLocator(text).lines, regexLocator(text); !maps.Equal(got, want) {
			t.Errorf("%s: the scanner found %v\nthe regular expressions %v", name, got, want)
		}
	}
}

func FuzzLocator(f *testing.F) {
	for _, c := range locatorCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := newLocator(text).lines, regexLocator(text); !maps.Equal(got, want) {
			t.Errorf("%q: the scanner found %v\nthe regular expressions %v", text, got, want)
		}
	})
}
