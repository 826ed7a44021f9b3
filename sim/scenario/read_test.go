package scenario

import (
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// decodedDepth is how deep the tables and arrays of a decoded value nest,
// counting the value itself (a number 0, an empty table 1).
func decodedDepth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, decodedDepth(e))
		}
	case []map[string]any:
		for _, e := range x {
			d = max(d, decodedDepth(e))
		}
	case []any:
		for _, e := range x {
			d = max(d, decodedDepth(e))
		}
	default:
		return 0
	}
	return d + 1
}

// documentDepth is what scanNesting counts: the top-level table is 0.
func documentDepth(doc map[string]any) int { return decodedDepth(doc) - 1 }

// nestingDoc writes a TOML document from a fuzzer's bytes: table headers
// ([a.b], [[a.b]]), dotted keys, arrays and inline tables nested as the
// bytes say (inline tables over several lines too), and strings of every
// kind with the contents that fooled the old pre-scan (x = """a"""",
// brackets, quotes and comment marks inside strings, escaped quotes).
type nestingDoc struct {
	data []byte
	i    int
	keys int // keys written, to keep every key unique
	b    strings.Builder
}

func (g *nestingDoc) next() int {
	if g.i >= len(g.data) {
		return 0
	}
	g.i++
	return int(g.data[g.i-1])
}

// strs are string values of each kind, each with something in it that is
// not what it looks like.
var strs = []string{
	`"a[b{c"`, `"q\"[["`, `"#[{"`, `'lit [ { " #'`, `'\'`,
	`"""a""""`, `"""a"""""`, `"""x""y"""`, `"""\"""[["""`, "\"\"\"line\n[[\n\"\"\"", `"""ends \\"""`,
	`'''b''''`, `'''b'''''`, "'''multi\n[{\n'''", `'''say "[" '''`,
	`""`, `''`, `""""""`, `''''''`,
}

func (g *nestingDoc) key() string {
	g.keys++
	k := fmt.Sprintf("k%d", g.keys)
	switch n := g.next() % 6; n {
	case 1:
		return `"quoted.` + k + `"`
	case 2, 3:
		var parts []string
		for range n + g.next()%4 {
			parts = append(parts, k)
		}
		return strings.Join(parts, ".")
	}
	return k
}

func (g *nestingDoc) value(depth int) {
	kind := g.next() % 8
	if depth > 40 {
		kind %= 4
	}
	switch kind {
	case 0:
		g.b.WriteString("1")
	case 1:
		g.b.WriteString("3.25")
	case 2, 3:
		g.b.WriteString(strs[g.next()%len(strs)])
	case 4, 5:
		g.b.WriteString("[")
		for j := range g.next() % 3 {
			if j > 0 {
				g.b.WriteString(", ")
			}
			g.value(depth + 1)
		}
		g.b.WriteString("]")
	case 6, 7:
		g.b.WriteString("{")
		for j := range g.next() % 3 {
			if j > 0 {
				g.b.WriteString(",")
				if g.next()%4 == 0 {
					g.b.WriteString("\n  ")
				}
				g.b.WriteString(" ")
			}
			fmt.Fprintf(&g.b, "%s = ", g.key())
			g.value(depth + 1)
		}
		g.b.WriteString("}")
	}
}

func (g *nestingDoc) document() string {
	for g.i < len(g.data) {
		switch g.next() % 5 {
		case 0:
			fmt.Fprintf(&g.b, "[%s]\n", g.key())
		case 1:
			fmt.Fprintf(&g.b, "[[%s]]  # a comment with [[ and \"\n", g.key())
		default:
			fmt.Fprintf(&g.b, "%s = ", g.key())
			g.value(0)
			g.b.WriteString("\n")
		}
	}
	return g.b.String()
}

// FuzzPrescan checks the pre-scan against the TOML decoder. Any text the
// decoder takes nests no deeper than the scan says, so what passes the scan
// decodes within MaxNesting; and on documents made of every kind of
// nesting and string, the scan's depth is the decoded document's. Seeds in
// testdata/fuzz/FuzzPrescan run with go test; go test -fuzz=FuzzPrescan
// ./sim/scenario explores further.
func FuzzPrescan(f *testing.F) {
	f.Add([]byte("x = [[1]]\n"))
	f.Add([]byte("x = \"\"\"a\"\"\"\"\ny = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"))
	f.Add([]byte{2, 5, 1, 6, 2, 6, 2, 4, 2, 7, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		// The bytes as a document.
		text := string(data)
		depth, _, msg := scanNesting(text)
		var doc map[string]any
		if msg != "" {
			// Refused: the loader never decodes it (deep nesting can take the
			// decoder minutes).
		} else if _, err := toml.Decode(text, &doc); err == nil {
			if got := documentDepth(doc); got > depth {
				t.Fatalf("%q decodes %d deep; the scan says %d", text, got, depth)
			}
		}
		// The bytes as a program for a document.
		g := nestingDoc{data: data}
		text = g.document()
		depth, _, msg = scanNesting(text)
		doc = nil
		if _, err := toml.Decode(text, &doc); err != nil {
			t.Fatalf("the generator wrote a document the decoder refuses: %v\n%s", err, text)
		}
		if got := documentDepth(doc); msg == "" && got != depth {
			t.Fatalf("%s\ndecodes %d deep; the scan says %d", text, got, depth)
		}
	})
}

// TestPrescanStrings pins the pre-scan's reading of strings: brackets in
// strings do not nest, and after a multi-line string that ends with extra
// quotes the scan goes on (it took x = """a"""" for an unterminated string,
// and stopped counting).
func TestPrescanStrings(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", 40) + strings.Repeat("]", 40)
	for _, tt := range []struct {
		text      string
		depth     int
		line      int
		refused   bool
		decodable bool
	}{
		{text: "x = \"\"\"a\"\"\"\"\ny = " + deep + "\n", line: 2, refused: true},
		{text: "x = \"\"\"a\"\"\"\"\"\ny = " + deep + "\n", line: 2, refused: true},
		{text: "x = '''a'''''\ny = " + deep + "\n", line: 2, refused: true},
		{text: "x = \"\\\"\"\ny = " + deep + "\n", line: 2, refused: true},
		{text: "x = \"\"\"\n\\\"\"\"\"\ny = " + deep + "\n", line: 3, refused: true},
		{text: "x = \"" + deep + "\"\n", depth: 0, decodable: true},
		{text: "x = '''\n" + deep + "\n'''\n", depth: 0, decodable: true},
		{text: "x = 1 # " + deep + "\n", depth: 0, decodable: true},
		{text: "[a.b]\nc.d = [{e = [1]}]\n", depth: 6, decodable: true},
		{text: "[[a.b]]\nc = 1\n", depth: 3, decodable: true},
		{text: "x = {a = 1,\n  b.c = [2]}\n", depth: 3, decodable: true},
		{text: "\"a.b.c\" = 1\n", depth: 0, decodable: true},
		{text: "x = 1979-05-27T07:32:00.999Z\ny = 1.5\n", depth: 0, decodable: true},
	} {
		depth, line, msg := scanNesting(tt.text)
		if refused := msg != ""; refused != tt.refused || refused && line != tt.line || !refused && depth != tt.depth {
			t.Errorf("%q: depth %d, line %d, %q; want depth %d, refused %v at line %d", tt.text, depth, line, msg, tt.depth, tt.refused, tt.line)
		}
		if tt.decodable {
			var doc map[string]any
			if _, err := toml.Decode(tt.text, &doc); err != nil || documentDepth(doc) != tt.depth {
				t.Errorf("%q: decodes %d deep (%v)", tt.text, documentDepth(doc), err)
			}
		}
	}
}
