package job

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"hourglass/sim/experiment"
	"hourglass/sim/report"
	"hourglass/sim/results"
)

// MapSpec describes hourglass map: the route maps of a scenario's mean
// opiate and acetic anhydride flows and seizures over N replications.
type MapSpec struct {
	Scenario string
	N        int
	Seed     uint64
	// Out is the opiate map's SVG file; the acetic anhydride map goes
	// beside it (NAME-precursor.svg), and each map's PNG beside its SVG.
	Out string
}

// Map draws the maps and writes them; it returns the files written and the
// places whose labels found no room.
func Map(ctx context.Context, spec MapSpec) (written, hidden []string, err error) {
	if !strings.HasSuffix(spec.Out, ".svg") {
		return nil, nil, usage("--out %s: the map is an SVG file (name it .svg)", spec.Out)
	}
	scs, err := loadAll(bases{}, []string{spec.Scenario}, nil)
	if err != nil {
		return nil, nil, err
	}
	sc := scs[0].sc
	res, err := newExperiment("run", scs, Spec{N: spec.N, Seed: spec.Seed}).Run(ctx, experiment.Discard)
	if err != nil {
		return nil, nil, err
	}
	w := sc.World
	o, p, _ := report.MeanFlows(w, &res.Summary.Scenarios[0])
	so, sp := report.SeizedByPlace(w, &res.Summary.Scenarios[0])
	title := fmt.Sprintf("(%d replications, seed %d)", spec.N, spec.Seed)
	if dir := filepath.Dir(spec.Out); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, err
		}
	}
	for _, m := range []struct {
		data report.MapData
		svg  string
	}{
		{report.MapData{World: w, Kind: report.OpiateFlows, Flow: o, Seized: so, Title: sc.Name + ": opiate flows and seizures per year " + title}, spec.Out},
		{report.MapData{World: w, Kind: report.PrecursorFlows, Flow: p, Seized: sp, Title: sc.Name + ": acetic anhydride flows and seizures per year " + title},
			strings.TrimSuffix(spec.Out, ".svg") + "-precursor.svg"},
	} {
		drawn, err := report.Map(m.data)
		if err != nil {
			return nil, nil, err
		}
		pngPath := strings.TrimSuffix(m.svg, ".svg") + ".png"
		if err := results.WriteFileAtomic(m.svg, drawn.SVG); err != nil {
			return nil, nil, err
		}
		if err := results.WriteFileAtomic(pngPath, drawn.PNG); err != nil {
			return nil, nil, err
		}
		written = append(written, m.svg, pngPath)
		hidden = append(hidden, drawn.Hidden...)
	}
	return written, hidden, nil
}
