package sim

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

var updateModelDoc = flag.Bool("update-model-doc", false,
	"rewrite the parameter table of docs/MODEL.md §4.1 from DefaultParams and ParamNotes (its unit and range columns are kept)")

// modelDoc is docs/MODEL.md, from this package's directory.
const modelDoc = "../docs/MODEL.md"

// The parameter table of docs/MODEL.md §4.1 lies between these lines.
const (
	paramTableBegin = "<!-- param-table: generated from sim.DefaultParams and sim.ParamNotes by `go test ./sim -run TestModelDocParamTable -update-model-doc`, which keeps the unit and range columns; edit notes in sim/paramnotes.go -->"
	paramTableEnd   = "<!-- /param-table -->"
)

// paramRow is one row of the table: a parameter's path, its default value,
// unit and range (written by hand, kept by -update-model-doc) and its note.
type paramRow struct {
	path, value, unit, rng, note string
}

// TestModelDocParamTable checks that docs/MODEL.md §4.1 lists every
// parameter of DefaultParams, in ParamValues' order, with its default value
// and its note in ParamNotes word for word: a parameter added, removed,
// recalibrated or re-noted without the document following fails here.
// -update-model-doc rewrites the table.
func TestModelDocParamTable(t *testing.T) {
	b, err := os.ReadFile(modelDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	begin := strings.Index(doc, paramTableBegin)
	end := strings.Index(doc, paramTableEnd)
	if begin < 0 || end < begin {
		t.Fatalf("%s: no parameter table between %q and %q", modelDoc, paramTableBegin, paramTableEnd)
	}
	block := doc[begin+len(paramTableBegin) : end]
	got := parseParamRows(block)
	want := paramRows(got)
	if *updateModelDoc {
		out := doc[:begin] + paramTableBegin + "\n" + formatParamTable(want) + paramTableEnd + doc[end+len(paramTableEnd):]
		if err := os.WriteFile(modelDoc, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	gotBy := map[string]paramRow{}
	for _, r := range got {
		gotBy[r.path] = r
	}
	wantBy := map[string]bool{}
	for i, w := range want {
		wantBy[w.path] = true
		g, ok := gotBy[w.path]
		switch {
		case !ok:
			t.Errorf("%s is missing from the table (run with -update-model-doc, then give its unit and range)", w.path)
			continue
		case i >= len(got) || got[i].path != w.path:
			t.Errorf("%s: out of order (the table follows sim.ParamValues)", w.path)
		}
		if g.value != w.value {
			t.Errorf("%s: the table says %q, DefaultParams %q", w.path, g.value, w.value)
		}
		if g.note != w.note {
			t.Errorf("%s: the table's note differs from sim.ParamNotes:\n got: %s\nwant: %s", w.path, g.note, w.note)
		}
	}
	for _, g := range got {
		if !wantBy[g.path] {
			t.Errorf("%s: in the table but not a parameter of sim.Params", g.path)
		}
	}
}

// paramRows are the rows the table should have: every parameter of
// DefaultParams with its value and note, and the unit and range the
// document gives it (from have).
func paramRows(have []paramRow) []paramRow {
	kept := map[string]paramRow{}
	for _, r := range have {
		kept[r.path] = r
	}
	p := DefaultParams()
	notes := ParamNotes()
	var rows []paramRow
	for _, v := range ParamValues(&p) {
		n := notes[v.Path]
		note := "assumption: " + n.Assumption
		if n.Source != "" {
			note = "source: " + n.Source
		}
		rows = append(rows, paramRow{path: v.Path, value: paramValueText(v.Value), unit: kept[v.Path].unit, rng: kept[v.Path].rng, note: note})
	}
	return rows
}

// paramValueText writes a parameter's value as the table shows it.
func paramValueText(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case Months:
		return monthsText(x)
	}
	return fmt.Sprint(v)
}

// monthsText writes a set of months as its month numbers, as `hourglass
// sources` does ("4 5 6 7 8 9"), or "all year".
func monthsText(x Months) string {
	var b strings.Builder
	for m := 1; m <= 12 && x != 0; m++ {
		if !x.Has(m) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(m))
	}
	if b.Len() == 0 {
		return "all year"
	}
	return b.String()
}

// paramSection is the [params] table a parameter is set in.
func paramSection(path string) string {
	parts := strings.Split(path, ".")
	switch {
	case len(parts) == 1:
		return "[params]"
	case parts[0] == "modes":
		return "[params.modes." + parts[1] + "]"
	}
	return "[params." + parts[0] + "]"
}

// formatParamTable writes the rows as one table per [params] section.
func formatParamTable(rows []paramRow) string {
	var b strings.Builder
	section := ""
	for _, r := range rows {
		if s := paramSection(r.path); s != section {
			section = s
			fmt.Fprintf(&b, "\n`%s`\n\n| parameter | value | unit | range | source or assumption (sim/paramnotes.go) |\n|---|---|---|---|---|\n", s)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", r.path, cell(r.value), cell(r.unit), cell(r.rng), cell(r.note))
	}
	b.WriteString("\n")
	return b.String()
}

// cell escapes a table cell's pipes.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// parseParamRows reads the rows of the table's lines that name a parameter.
func parseParamRows(block string) []paramRow {
	var rows []paramRow
	for _, line := range strings.Split(block, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := splitRow(line)
		if len(cells) != 5 {
			continue
		}
		rows = append(rows, paramRow{path: strings.Trim(cells[0], "`"), value: cells[1], unit: cells[2], rng: cells[3], note: cells[4]})
	}
	return rows
}

// splitRow splits a table row into its cells at the pipes that are not
// escaped, unescaping the others.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}
