package scenario

import (
	"regexp"
	"strconv"
	"strings"
)

// locator maps key paths such as "place[3].traits.corruption" to the line
// that sets them, so that checks made after decoding can still name a line.
// It reads the file's text with a light scanner (table headers, key = value,
// one level of inline tables); the TOML decoder has already checked syntax.
type locator struct {
	lines map[string]int
}

// newLocator scans text a line at a time. A line is a table header when it
// is, after blanks, "[" or "[[" and a bare dotted name ([A-Za-z0-9_.-]+)
// closed by "]"; a key when it is a bare key ([A-Za-z0-9_-]+) then "=";
// within an inline table value ({...}), every bare key followed by "=" is
// one too. Other lines (quoted or dotted keys, continuations) set nothing.
// It runs for every file the loader reads, so it scans by hand rather than
// with regular expressions (a third of a load's time when it used them).
func newLocator(text string) *locator {
	l := &locator{lines: map[string]int{}}
	counts := map[string]int{} // array-of-tables name -> elements seen
	prefix := ""
	for i, raw := range strings.Split(text, "\n") {
		n := i + 1
		line := stripComment(raw)
		if array, name, ok := headerLine(line); ok {
			if array {
				idx := counts[name]
				counts[name]++
				prefix = indexed(name, counts) + "[" + strconv.Itoa(idx) + "]"
			} else {
				prefix = indexed(name, counts)
			}
			l.setWithParents(prefix, n)
			continue
		}
		key, value, ok := keyLine(line)
		if !ok {
			continue
		}
		path := join(prefix, key)
		l.set(path, n)
		if v := strings.TrimSpace(value); strings.HasPrefix(v, "{") {
			for _, k := range inlineKeys(v) {
				l.set(join(path, k), n)
			}
		}
	}
	return l
}

// isBlank is \s of Go's regular expressions: tab, newline, form feed,
// carriage return, space.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// isKeyByte says whether c may be in a bare key: A-Z a-z 0-9 _ -.
func isKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

func skipBlanks(s string, i int) int {
	for i < len(s) && isBlank(s[i]) {
		i++
	}
	return i
}

// keyRun is the end of the run of bare-key bytes (dots too, with dots)
// that starts at i.
func keyRun(s string, i int, dots bool) int {
	for i < len(s) && (isKeyByte(s[i]) || dots && s[i] == '.') {
		i++
	}
	return i
}

// headerLine reads a table header: blanks, "[" or "[[", blanks, a bare
// dotted name, blanks, "]" (the rest of the line is not read).
func headerLine(line string) (array bool, name string, ok bool) {
	i := skipBlanks(line, 0)
	if i == len(line) || line[i] != '[' {
		return false, "", false
	}
	i++
	if i < len(line) && line[i] == '[' {
		array = true
		i++
	}
	i = skipBlanks(line, i)
	end := keyRun(line, i, true)
	if end == i {
		return false, "", false
	}
	if j := skipBlanks(line, end); j == len(line) || line[j] != ']' {
		return false, "", false
	}
	return array, line[i:end], true
}

// keyLine reads key = value: blanks, a bare key, blanks, "=", blanks, and
// the value to the end of the line.
func keyLine(line string) (key, value string, ok bool) {
	i := skipBlanks(line, 0)
	end := keyRun(line, i, false)
	if end == i {
		return "", "", false
	}
	j := skipBlanks(line, end)
	if j == len(line) || line[j] != '=' {
		return "", "", false
	}
	return line[i:end], line[skipBlanks(line, j+1):], true
}

// inlineKeys are the bare keys followed by "=" (after blanks) in an inline
// table's text, left to right.
func inlineKeys(v string) []string {
	var keys []string
	for i := 0; i < len(v); {
		if !isKeyByte(v[i]) {
			i++
			continue
		}
		end := keyRun(v, i, false)
		if j := skipBlanks(v, end); j < len(v) && v[j] == '=' {
			keys = append(keys, v[i:end])
			i = j + 1
			continue
		}
		i = end // a later start within the run meets the same blanks and byte
	}
	return keys
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
				out += "[" + strconv.Itoa(c-1) + "]"
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
