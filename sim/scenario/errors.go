package scenario

import (
	"fmt"
	"sort"
	"strings"

	"hourglass/sim/internal/textdist"
)

// Problem is one thing wrong with a scenario file.
type Problem struct {
	File string
	Line int // 0 when unknown
	Key  string
	Msg  string
}

func (p Problem) Error() string {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	if p.Key == "" {
		return loc + ": " + p.Msg
	}
	return loc + ": " + p.Key + ": " + p.Msg
}

// ErrorList is every problem found in one pass, sorted by file and line.
type ErrorList []Problem

func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, p := range l {
		parts[i] = p.Error()
	}
	return strings.Join(parts, "\n")
}

func (l *ErrorList) add(file string, line int, key, format string, args ...any) {
	*l = append(*l, Problem{File: file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// err returns the list sorted, or nil when it is empty.
func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Key < l[j].Key
	})
	return l
}

// suggest returns ` (did you mean "x"?)` for the closest candidate within an
// edit distance of a third of the word, or "".
func suggest(word string, candidates []string) string {
	best, bestD := "", len(word)/3+2
	for _, c := range candidates {
		if d := textdist.Levenshtein(word, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
