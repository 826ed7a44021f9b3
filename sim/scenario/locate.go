package scenario

import (
	"fmt"
	"regexp"
	"strings"
)

// locator maps key paths such as "place[3].traits.corruption" to the line
// that sets them, so that checks made after decoding can still name a line.
// It reads the file's text with a light scanner (table headers, key = value,
// one level of inline tables); the TOML decoder has already checked syntax.
type locator struct {
	lines map[string]int
}

var (
	headerRE = regexp.MustCompile(`^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?`)
	keyRE    = regexp.MustCompile(`^\s*([A-Za-z0-9_\-]+)\s*=\s*(.*)$`)
	inlineRE = regexp.MustCompile(`([A-Za-z0-9_\-]+)\s*=`)
)

func newLocator(text string) *locator {
	l := &locator{lines: map[string]int{}}
	counts := map[string]int{} // array-of-tables name -> elements seen
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
	return l
}

// indexed turns "place.traits" into "place[2].traits" when place is an array
// of tables whose last element (index 2) is open.
func indexed(name string, counts map[string]int) string {
	parts := strings.Split(name, ".")
	out := ""
	for i, p := range parts {
		out = join(out, p)
		if i < len(parts)-1 {
			if c, ok := counts[strings.Join(parts[:i+1], ".")]; ok && c > 0 {
				out = fmt.Sprintf("%s[%d]", out, c-1)
			}
		}
	}
	return out
}

// setWithParents sets path and the tables it is in ([modes.car] is where
// modes first appears), unless they have lines already.
func (l *locator) setWithParents(path string, line int) {
	for i := range path {
		if path[i] == '.' {
			l.set(path[:i], line)
		}
	}
	l.set(path, line)
}

func (l *locator) set(path string, line int) {
	if _, ok := l.lines[path]; !ok {
		l.lines[path] = line
	}
}

// line returns the line of path, or of its nearest enclosing table, or 0.
func (l *locator) line(path string) int {
	for path != "" {
		if n, ok := l.lines[path]; ok {
			return n
		}
		cut := strings.LastIndexAny(path, ".[")
		if cut < 0 {
			break
		}
		path = path[:cut]
	}
	return 0
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

func dropIndices(path string) string { return indexRE.ReplaceAllString(path, "") }

func join(prefix, key string) string {
	if key == "" {
		return prefix
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// stripComment drops a # comment that is not inside a string.
func stripComment(s string) string {
	inStr := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr != 0:
			if c == '\\' && inStr == '"' {
				i++
			} else if c == inStr {
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '#':
			return s[:i]
		}
	}
	return s
}
