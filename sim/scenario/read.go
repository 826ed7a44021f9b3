package scenario

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/BurntSushi/toml"

	"hourglass/sim/internal/filekind"
)

// The reader every scenario, network and targets file goes through, on
// every path that reads one (the loader, hourglass check, the workbench's
// scenario list and editor, sim/targets): no file can make them hang, read
// without end, or decode without bound.

var (
	// ErrNotRegular is what ReadFile refuses a path that is not a regular
	// file with (errors.Is): a directory, a named pipe, a device.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge is what ReadFile refuses a file over MaxFileBytes with.
	ErrTooLarge = fmt.Errorf("file is larger than %d bytes (allowed: at most %d)", MaxFileBytes, MaxFileBytes)
)

// notRegular says what a path that is not a regular file is.
type notRegular struct{ mode fs.FileMode }

func (e notRegular) Error() string {
	return filekind.Of(e.mode) + ", not a regular file (allowed: a TOML file)"
}

func (e notRegular) Is(target error) bool { return target == ErrNotRegular }

// ReadFile reads the scenario or targets file name from fsys, refusing,
// before it reads a byte, what no such file is: a path that is not a
// regular file once symbolic links are followed (a directory, a named pipe,
// which would block the reader until something writes to it, a device such
// as /dev/zero, which never ends), and a file over MaxFileBytes. It reads
// at most MaxFileBytes+1 bytes whatever the file claims (a file that grows
// while it is read is refused too). Errors are *fs.PathError; errors.Is
// tells ErrNotRegular, ErrTooLarge and fs.ErrNotExist apart.
//
// The check uses fs.Stat, so fsys must implement fs.StatFS where it can
// hold pipes (os.DirFS and os.Root.FS do, as do scenarios.Layered and
// fstest.MapFS): without it, fs.Stat opens the file to stat it, and opening
// a pipe blocks.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := checkInfo(name, info); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	} else if err := checkInfo(name, info); err != nil {
		return nil, err // changed between the two stats
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if len(data) > MaxFileBytes {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	return data, nil
}

func checkInfo(name string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return &fs.PathError{Op: "read", Path: name, Err: notRegular{info.Mode()}}
	}
	if info.Size() > MaxFileBytes {
		return &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	return nil
}

// TopKeys returns the top-level keys of a TOML document, for telling one
// kind of file from another (a scenario, a targets file, a candidates
// file) before it is read as one; nil when the text is too large or nests
// too deep to decode safely (CheckText) or does not parse.
func TopKeys(data []byte) map[string]bool {
	if CheckText("", string(data)) != nil {
		return nil
	}
	var top map[string]any
	if _, err := toml.Decode(string(data), &top); err != nil {
		return nil
	}
	keys := make(map[string]bool, len(top))
	for k := range top {
		keys[k] = true
	}
	return keys
}

// CheckText checks the text of file name before it is decoded (the TOML
// decoder recurses without bound, and its memory grows with the square of
// the depth): its size, and how deep its tables and arrays nest
// (scanNesting). It returns an ErrorList of one problem, name:line:
// problem, or nil.
func CheckText(name, text string) error {
	if line, msg := prescan(text); msg != "" {
		var problems ErrorList
		problems.add(name, line, "", "%s", msg)
		return problems.err()
	}
	return nil
}

// prescan is CheckText's check: the line and the problem, or 0, "".
func prescan(text string) (line int, msg string) {
	if len(text) > MaxFileBytes {
		return 0, ErrTooLarge.Error()
	}
	_, line, msg = scanNesting(text)
	return line, msg
}

// keyWeight is what a key costs the decoder: it records every key with its
// whole path (a key 30 tables deep is a path of 31 names, and its text), so
// its memory grows with the sum of the keys' depths, which nesting makes
// the square of a line's length. scanNesting adds each key's depth (a
// header's, and a key/value's: the depth of the table it is in, plus its
// dots, plus one) and refuses a file whose keys weigh more than
// MaxKeyWeight.

// scanNesting reads TOML text as the decoder's lexer does, as far as
// nesting goes: strings of the four kinds are skipped (basic "..." with its
// escapes, literal '...', and the multi-line forms of both, between three
// quotes, which end at the last three quotes of a run of up to five), and
// comments; in what is left, it follows the depth of every table and array: a table
// header [a.b] opens tables 2 deep ([[a.b]] 3: the array and its element),
// a dotted key a.b.c one table per dot below the table it is in, and each
// [ or { of a value one more than what holds it. It returns the deepest
// nesting, counted as the decoded tables count it (the top-level table 0),
// or the first line where it passes MaxNesting with the problem, or where a
// line holds more than MaxNesting dots in keys.
//
// Text the decoder refuses is scanned all the same: the decoder stops at
// its first error, and never nests deeper than the scan up to there.
func scanNesting(text string) (deepest, line int, msg string) {
	type frame struct {
		table  bool // an inline table; else an array
		depth  int  // its depth
		parent int  // the depth its value's container had
	}
	var stack []frame
	line = 1
	header := 0 // depth of the table the last header opened
	inKey, atLineStart := true, true
	keyDots, lineDots := 0, 0
	inHeader, arrayHeader := false, false
	value := 0  // depth of what holds the value being read
	weight := 0 // the keys' depths so far (keyWeight)
	tooHeavy := func() string {
		return fmt.Sprintf("keys weigh more than %d (the sum of their depths; allowed: at most %d: fewer keys, or keys less deep)", MaxKeyWeight, MaxKeyWeight)
	}
	tooDeep := func() string {
		return fmt.Sprintf("arrays and tables nest more than %d deep (allowed: at most %d)", MaxNesting, MaxNesting)
	}
	reach := func(d int) bool {
		deepest = max(deepest, d)
		return d > MaxNesting
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '\n':
			line++
			lineDots = 0
			if len(stack) == 0 && !inHeader {
				inKey, atLineStart, keyDots = true, true, 0
			}
			continue
		case ' ', '\t', '\r':
			continue
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
			continue
		case '"', '\'':
			var lines int
			i, lines = skipString(text, i)
			line += lines
		case '.':
			if inKey {
				keyDots++
				lineDots++
				if lineDots > MaxNesting {
					return deepest, line, fmt.Sprintf("more than %d dots on one line: keys nest too deep (allowed: at most %d)", MaxNesting, MaxNesting)
				}
			}
		case '=':
			if inKey && !inHeader {
				base := header
				if n := len(stack); n > 0 {
					base = stack[n-1].depth
				}
				value = base + keyDots
				if reach(value) {
					return deepest, line, tooDeep()
				}
				if weight += value + 1; weight > MaxKeyWeight {
					return deepest, line, tooHeavy()
				}
				inKey = false
			}
		case '[':
			if len(stack) == 0 && inKey && atLineStart && !inHeader {
				inHeader, keyDots = true, 0
				arrayHeader = i+1 < len(text) && text[i+1] == '['
				if arrayHeader {
					i++
				}
				break
			}
			d := value + 1
			stack = append(stack, frame{depth: d, parent: value})
			value = d
			inKey = false
			if reach(d) {
				return deepest, line, tooDeep()
			}
		case '{':
			d := value + 1
			stack = append(stack, frame{table: true, depth: d, parent: value})
			inKey, keyDots = true, 0
			if reach(d) {
				return deepest, line, tooDeep()
			}
		case ']', '}':
			if inHeader && c == ']' {
				header = keyDots + 1
				if arrayHeader {
					header++
					if i+1 < len(text) && text[i+1] == ']' {
						i++
					}
				}
				inHeader, inKey = false, false
				if reach(header) {
					return deepest, line, tooDeep()
				}
				if weight += header; weight > MaxKeyWeight {
					return deepest, line, tooHeavy()
				}
				break
			}
			if n := len(stack); n > 0 {
				value = stack[n-1].parent
				stack = stack[:n-1]
			}
			inKey = false
		case ',':
			if n := len(stack); n > 0 && stack[n-1].table {
				inKey, keyDots = true, 0
			}
		}
		atLineStart = false
	}
	return deepest, 0, ""
}

// skipString skips the string that starts at text[i] (a quote), as the
// decoder's lexer reads it, and returns the index of its last byte and the
// newlines in it. A basic or literal string ends at its closing quote or,
// unterminated, before the end of its line; a multi-line one at the last
// three quotes of the first run of three or more (up to two quotes before
// the closing three belong to the string: x = """a"""" is "a\"").
func skipString(text string, i int) (end, lines int) {
	q := text[i]
	multi := i+2 < len(text) && text[i+1] == q && text[i+2] == q
	if !multi {
		for j := i + 1; j < len(text); j++ {
			switch text[j] {
			case q:
				return j, 0
			case '\n':
				return j - 1, 0 // unterminated: the decoder stops here
			case '\\':
				if q == '"' && j+1 < len(text) && text[j+1] != '\n' {
					j++
				}
			}
		}
		return len(text) - 1, 0
	}
	for j := i + 3; j < len(text); j++ {
		switch text[j] {
		case '\n':
			lines++
		case '\\':
			if q == '"' && j+1 < len(text) {
				if text[j+1] == '\n' {
					lines++
				}
				j++
			}
		case q:
			run := 1
			for j+run < len(text) && text[j+run] == q {
				run++
			}
			if run >= 3 {
				return j + run - 1, lines
			}
			j += run - 1
		}
	}
	return len(text) - 1, lines
}

// Decode decodes the TOML text of file name into v as toml.Decode does,
// once CheckText has passed it: text too large or nested too deep is
// refused (CheckText's error), not decoded. Callers outside the loader that
// decode a scenario file's text (its description, its drivers) use it.
func Decode(name, text string, v any) (toml.MetaData, error) {
	if err := CheckText(name, text); err != nil {
		return toml.MetaData{}, err
	}
	return toml.Decode(text, v)
}
