package results

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// designRun writes a sweep of two scenarios over keys, two replications
// each, with made-up metric values, into dir.
func designRun(t *testing.T, dir string, keys []string, params ...[]ParamValue) {
	t.Helper()
	m := Manifest{Kind: "sweep", Seed: 1, Replications: 2, End: 2, DesignKeys: keys, Complete: true}
	e := &experiment.Experiment{Kind: "sweep", Seed: 1, N: 2, MergeOnly: true}
	var worlds []*sim.World
	for si, p := range params {
		name := "b@" + string(rune('1'+si))
		m.Scenarios = append(m.Scenarios, Scenario{Name: name, Params: p})
		worlds = append(worlds, &sim.World{})
		e.Scenarios = append(e.Scenarios, experiment.Scenario{Name: name, World: worlds[si]})
	}
	var reps []*experiment.Replication
	for r := uint64(0); r < 2; r++ {
		rep := &experiment.Replication{Index: r}
		for si := range params {
			v := make([]float64, experiment.NumMetrics)
			for k := range v {
				v[k] = float64(si*100 + int(r)*10 + k)
			}
			rep.Reps = append(rep.Reps, experiment.Rep{Scenario: si, Replication: r, Values: v})
		}
		reps = append(reps, rep)
	}
	e.Previous = func(yield func(*experiment.Replication) error) error {
		for _, r := range reps {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
	w, err := NewWriter(dir, m, worlds, Options{NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Finish(res.Summary, m); err != nil {
		t.Fatal(err)
	}
}

func TestDesignColumns(t *testing.T) {
	keys := []string{"params.a", "group[*].b"}
	first := experiment.Metric(0).String()
	tests := []struct {
		name           string
		keys           []string
		params         [][]ParamValue
		runs, summary  string // the start of the header and of the first row
		runRow, sumRow string
	}{
		{"two keys", keys, [][]ParamValue{{{"params.a", 0.25}, {"group[*].b", 3}}, {{"params.a", 1}, {"group[*].b", -2}}},
			"scenario,replication,params.a,group[*].b," + first, "scenario,params.a,group[*].b,metric,n,",
			"b@1,0,0.25,3,0,", "b@1,0.25,3," + first + ",2,"},
		{"a scenario without a value", keys[:1], [][]ParamValue{nil, {{"params.a", 1}}},
			"scenario,replication,params.a," + first, "scenario,params.a,metric,",
			"b@1,0,,0,", "b@1,," + first + ",2,"},
		{"no design", nil, [][]ParamValue{nil, nil},
			"scenario,replication," + first, "scenario,metric,",
			"b@1,0,0,", "b@1," + first + ",2,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			designRun(t, dir, tt.keys, tt.params...)
			for _, f := range []struct{ file, header, row string }{{RunsFile, tt.runs, tt.runRow}, {SummaryCSVFile, tt.summary, tt.sumRow}} {
				data, _ := os.ReadFile(filepath.Join(dir, f.file))
				lines := strings.Split(string(data), "\n")
				if !strings.HasPrefix(lines[0], f.header) || !strings.HasPrefix(lines[1], f.row) {
					t.Errorf("%s starts\n%s\n%s\nwant\n%s…\n%s…", f.file, lines[0], lines[1], f.header, f.row)
				}
			}
		})
	}
}

func TestDesignKeys(t *testing.T) {
	got := DesignKeys([]Scenario{{}, {Params: []ParamValue{{"b", 1}, {"a", 2}}}, {Params: []ParamValue{{"c", 1}, {"b", 2}}}})
	if want := []string{"b", "a", "c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("DesignKeys = %v, want %v", got, want)
	}
}
