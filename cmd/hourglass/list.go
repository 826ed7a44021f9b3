package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"hourglass/scenarios"
	"hourglass/sim"
	"hourglass/sim/experiment"
	"hourglass/sim/job"
	"hourglass/sim/scenario"
)

var listCmd = &command{name: "list", usage: "list places|scenarios|keys|metrics [SCENARIO]",
	short: "print what exists: place ids, shipped scenarios, sweep keys, metrics", run: runList}

func runList(args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("list", stderr,
		"places [SCENARIO]: every place id with its name, country and roles (default: the baseline)\n"+
			"scenarios: the shipped scenario files with their descriptions\n"+
			"keys: the paths --vary and [[uncertain]] take (ID: an element's id, or *)\n"+
			"metrics: the headline metrics of runs.csv and the summaries\n")
	pos, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fset.Usage()
		return usageError("list what? (places, scenarios, keys or metrics)")
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	defer tw.Flush()
	switch what := pos[0]; what {
	case "places":
		name := scenarios.Baseline
		if len(pos) > 1 {
			name = pos[1]
		}
		sc, err := job.Load(name)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "id\tname\tcountry\troles\tguard unit")
		for _, p := range sc.World.Places {
			unit := "-"
			if p.Roles.IsPost() || p.Roles.Has(sim.BorderSection) {
				unit = "yes"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Country, p.Roles, unit)
		}
	case "scenarios":
		names, shipped, err := job.Shipped()
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "scenario\tdescription")
		for i, sc := range shipped {
			fmt.Fprintf(tw, "%s\t%s\n", names[i], sc.Description)
		}
	case "keys":
		for _, k := range scenario.OverrideKeys() {
			fmt.Fprintln(tw, k)
		}
	case "metrics":
		fmt.Fprintln(tw, "metric\tunit\tbetter\tmeaning")
		for _, m := range experiment.Metrics() {
			info := m.Info()
			better := map[experiment.Good]string{experiment.Up: "higher", experiment.Down: "lower", experiment.Neutral: "-"}[info.Good]
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m, info.Unit, better, info.Doc)
		}
	default:
		return usageError("list %q: unknown (allowed: places, scenarios, keys, metrics)", what)
	}
	return nil
}
