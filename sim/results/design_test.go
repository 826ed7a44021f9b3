package results

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hourglass/sim"
	"hourglass/sim/experiment"
)

// designSet is a sweep of two scenarios over two keys, two replications
// each, with made-up metric values.
func designSet(keys []string, params ...[]ParamValue) *Set {
	s := &Set{Manifest: Manifest{Kind: "sweep", Seed: 1, Replications: 2, End: 2, DesignKeys: keys}}
	for si, p := range params {
		s.Manifest.Scenarios = append(s.Manifest.Scenarios, Scenario{Name: "b@" + string(rune('1'+si)), Params: p})
		s.Worlds = append(s.Worlds, &sim.World{})
		for r := uint64(0); r < 2; r++ {
			v := make([]float64, len(experiment.Metrics))
			for m := range v {
				v[m] = float64(si*100 + int(r)*10 + m)
			}
			s.Reps = append(s.Reps, experiment.Rep{Scenario: si, Replication: r, Values: v})
		}
	}
	return s
}

func TestDesignColumns(t *testing.T) {
	keys := []string{"params.a", "group[*].b"}
	tests := []struct {
		name           string
		set            *Set
		runs, summary  string // the start of the header and of the first row
		runRow, sumRow string
	}{
		{"two keys", designSet(keys, []ParamValue{{"params.a", 0.25}, {"group[*].b", 3}}, []ParamValue{{"params.a", 1}, {"group[*].b", -2}}),
			"scenario,replication,params.a,group[*].b," + experiment.Metrics[0].Name, "scenario,params.a,group[*].b,metric,n,",
			"b@1,0,0.25,3,0,", "b@1,0.25,3," + experiment.Metrics[0].Name + ",2,"},
		{"a scenario without a value", designSet(keys[:1], nil, []ParamValue{{"params.a", 1}}),
			"scenario,replication,params.a," + experiment.Metrics[0].Name, "scenario,params.a,metric,",
			"b@1,0,,0,", "b@1,," + experiment.Metrics[0].Name + ",2,"},
		{"no design", designSet(nil, nil, nil),
			"scenario,replication," + experiment.Metrics[0].Name, "scenario,metric,",
			"b@1,0,0,", "b@1," + experiment.Metrics[0].Name + ",2,"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tt.set.Write(dir); err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct{ file, header, row string }{{RunsFile, tt.runs, tt.runRow}, {SummaryCSVFile, tt.summary, tt.sumRow}} {
				data, _ := os.ReadFile(filepath.Join(dir, f.file))
				lines := strings.Split(string(data), "\n")
				if !strings.HasPrefix(lines[0], f.header) || !strings.HasPrefix(lines[1], f.row) {
					t.Errorf("%s starts\n%s\n%s\nwant\n%s…\n%s…", f.file, lines[0], lines[1], f.header, f.row)
				}
			}
			m, err := ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Read(dir, m, tt.set.Worlds)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back.Reps, tt.set.Reps) || !reflect.DeepEqual(back.Manifest.Scenarios, tt.set.Manifest.Scenarios) {
				t.Errorf("read back %+v, wrote %+v", back.Reps, tt.set.Reps)
			}
			m.DesignKeys = []string{"params.other"}
			if _, err := Read(dir, m, tt.set.Worlds); err == nil {
				t.Error("read runs.csv with other design keys than it has")
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
