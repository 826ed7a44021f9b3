package main

import (
	"fmt"
	"io"
	"strings"

	"hourglass/scenarios"
	"hourglass/sim/job"
	"hourglass/sim/report"
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
		return report.PlacesText(stdout, sc.World)
	case "scenarios":
		names, shipped, err := job.Shipped()
		if err != nil {
			return err
		}
		return report.ScenariosText(stdout, names, shipped)
	case "keys":
		_, err := fmt.Fprintln(stdout, strings.Join(scenario.OverrideKeys(), "\n"))
		return err
	case "metrics":
		return report.MetricsText(stdout)
	}
	return usageError("list %q: unknown (allowed: places, scenarios, keys, metrics)", pos[0])
}
