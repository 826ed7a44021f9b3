package scenario_test

import (
	"errors"
	"strings"
	"testing"

	"hourglass/sim/scenario"
)

// The keys each table allows, as unknown-key problems list them.
const (
	topKeys          = "name, description, period, extends, network, params, place, post_default, agency, segment, lab, precursor_source, group, intervention, drivers, costs, uncertain, switch, event, source, assumption, sources, assumptions, ranges"
	groupKeys        = "id, product, origin, destinations, modes, count, couriers, professionalization, concealment, standing_corruption, courier_loyalty, adaptation_speed, armed, cash, max_load_kg, cohesion, retention, counter_intelligence, planning, specialisation, organisers"
	traitKeys        = "inspection_rate, intelligence_led, search_thoroughness, staff, dogs, dog_cold_penalty, dog_altitude_penalty, scanner, test_kits, precursor_knowledge, corruption, anti_corruption, traffic_per_day, truck_share, watched, altitude_m, schedule, language_barrier, convoy_escort, informants, foreign_intel, heroin_bonus, rail_inspection, airport_screening, raid_rate, profiling, patrol_coverage, guard_mobility, communications"
	interdictionKeys = "concentration, inspections_per_staff_day, intel_only_factor, professional_evasion, knowledge_evasion, tip_detection, dog_efficacy, scanner_tc, scanner_truck, scanner_hours, scan_minutes, truck_share, metal_share, referral_tc, referral_truck, guided_search, scanner_displaces, watched_bribe_cut, corrupt_inspection, dog_hours, dog_checks_per_hour, test_kit_efficacy, concealment_shield, dog_concealment_shield, winter_penalty, heroin_bonus_penalty, tip_rate, precursor_visibility"
	modeNames        = "swim, boat, foot, pack, car, truck, rail, air"
	roleNames        = "source, stash, market, crossing, border-section, checkpoint, exit"
	provKeys         = "source, assumption, sources, assumptions, ranges"
	baseExtends      = "extends = \"baseline.toml\"\n"
)

// TestBadInputOnePass loads bad scenario files (extending the shipped
// baseline) and bad overrides, and compares every problem reported, in order,
// with the exact messages a person would act on: file:line: key: problem.
func TestBadInputOnePass(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		file      string // bad.toml, loaded when set; else the baseline
		overrides []scenario.Override
		want      []string
	}{
		// Values of the wrong type.
		{name: "number as text", file: baseExtends + "[[segment]]\nfrom = \"osh\"\nto = \"sary-tash\"\nkm = \"far\"\n",
			want: []string{`bad.toml:5: segment[osh|sary-tash].km: "far" is not a number`}},
		{name: "fraction for a count", file: baseExtends + "[[group]]\nid = \"osh-forwarders\"\ncount = 1.5\n",
			want: []string{`bad.toml:4: group[osh-forwarders].count: 1.5 is not a whole number`}},
		{name: "role for a list of roles", file: baseExtends + "[[place]]\nid = \"osh\"\nroles = \"stash\"\n",
			want: []string{`bad.toml:4: place[osh].roles: "stash" is not a list of roles (allowed: ` + roleNames + `)`}},
		{name: "unknown role", file: baseExtends + "[[place]]\nid = \"osh\"\nroles = [\"stahs\"]\n",
			want: []string{`bad.toml:4: place[osh].roles: unknown role "stahs" (allowed: ` + roleNames + `)`}},
		{name: "text for whole number and boolean for number", file: baseExtends + "[params]\ndays = \"long\"\n[params.interdiction]\ntip_rate = true\n",
			want: []string{`bad.toml:3: params.days: "long" is not a whole number`, `bad.toml:5: params.interdiction.tip_rate: true is not a number`}},
		{name: "inline table of bad traits", file: baseExtends + "[[place]]\nid = \"sosnovka\"\ntraits = { scanner = \"xray\", schedule = 3, staff = 2.5 }\n",
			want: []string{
				`bad.toml:4: place[sosnovka].traits.scanner: unknown scanner "xray" (allowed: none, tc, truck-xray)`,
				`bad.toml:4: place[sosnovka].traits.schedule: 3 is not a schedule (allowed: always, weekdays-split, kulma, closed)`,
				`bad.toml:4: place[sosnovka].traits.staff: 2.5 is not a whole number`}},
		{name: "months and modes", file: baseExtends + "[[segment]]\nfrom = \"osh\"\nto = \"sary-tash\"\nopen_months = [13]\nmodes = \"car\"\n",
			want: []string{
				`bad.toml:5: segment[osh|sary-tash].open_months: month 13 is not a month number (allowed: 1-12)`,
				`bad.toml:6: segment[osh|sary-tash].modes: "car" is not a list of modes (allowed: ` + modeNames + `)`}},
		{name: "number in a list of modes", file: baseExtends + "[[group]]\nid = \"osh-forwarders\"\nmodes = [\"car\", 5]\n",
			want: []string{`bad.toml:4: group[osh-forwarders].modes: 5 is not a mode (allowed: ` + modeNames + `)`}},
		{name: "place id for a list of ids", file: baseExtends + "[[group]]\nid = \"osh-forwarders\"\ndestinations = \"bishkek\"\n",
			want: []string{`bad.toml:4: group[osh-forwarders].destinations: "bishkek" is not a list of strings`}},
		{name: "value for an array of tables", file: baseExtends + "place = 3\n",
			want: []string{`bad.toml:2: place: 3 is not a list of tables (write [[place]])`}},
		{name: "text in a table of multipliers", file: baseExtends + "[drivers]\ntraffic_growth = { khorgos = \"lots\" }\n",
			want: []string{`bad.toml:3: drivers.traffic_growth.khorgos: "lots" is not a number`}},
		{name: "number for an intervention type", file: baseExtends + "[[intervention]]\ntype = 3\nplace = \"sosnovka\"\nstaff = 1.5\n",
			want: []string{
				`bad.toml:3: intervention[@sosnovka].type: 3 is not an intervention type (allowed: checkpoint, scanner, dog-team, precursor-training, anti-corruption, intelligence-sharing, mobile-units, border-reinforcement, railcar-inspection, precursor-bonus, informant-program, regional-centre)`,
				`bad.toml:5: intervention[@sosnovka].staff: 1.5 is not a whole number`}},
		{name: "number for a name", file: baseExtends + "name = 5\n",
			want: []string{`bad.toml:2: name: 5 is not a string`}},
		{name: "discount rate as text", file: baseExtends + "[costs]\ndiscount_rate = \"high\"\n",
			want: []string{`bad.toml:3: costs.discount_rate: "high" is not a number`}},
		{name: "latitude as text, longitude out of range", file: baseExtends + "[[place]]\nid = \"osh\"\nlat = \"north\"\nlon = 200\n",
			want: []string{`bad.toml:4: place[osh].lat: "north" is not a number`, `bad.toml:5: place[osh].lon: 200 is not a longitude (allowed: -180..180)`}},

		// A type error, an unknown key and a range error, all in one pass.
		{name: "three problems in one group", file: baseExtends + "[[group]]\nid = \"osh-forwarders\"\ncount = 1.5\nprofesionalization = 0.3\nconcealment = 2\n",
			want: []string{
				`bad.toml:4: group[osh-forwarders].count: 1.5 is not a whole number`,
				`bad.toml:5: group.profesionalization: unknown key (did you mean "professionalization"?) (allowed: ` + groupKeys + `, ` + provKeys + `)`,
				`bad.toml:6: group[osh-forwarders].concealment: 2 is not a probability (allowed: 0..1)`}},
		{name: "the profile: a misspelt dimension, a rate out of range, no organiser", file: baseExtends + "[drivers]\nprofile = { cohesin = 0.9, planning = 2, organisers = 0 }\n[[group]]\nid = \"osh-forwarders\"\nretention = -1\norganisers = 0\n[params.groups]\nlearn = 1.5\n",
			want: []string{
				`bad.toml:3: drivers.profile.cohesin: unknown key (did you mean "cohesion"?) (allowed: cohesion, retention, counter_intelligence, planning, specialisation, concealment, standing_corruption, organisers)`,
				`bad.toml:3: drivers.profile.organisers: 0 is out of range (allowed: 1..10000)`,
				`bad.toml:3: drivers.profile.planning: 2 is not a probability (allowed: 0..1)`,
				`bad.toml:6: group[osh-forwarders].retention: -1 is not a probability (allowed: 0..1)`,
				`bad.toml:7: group[osh-forwarders].organisers: 0 is out of range (allowed: 1..10000)`,
				`bad.toml:9: params.groups.learn: 1.5 is not a probability (allowed: 0..1)`}},
		{name: "run length: a bad start, years out of range", file: baseExtends + "[params]\nstart = \"2005-13\"\nyears = 0\n",
			want: []string{
				`bad.toml:3: params.start: "2005-13" is not a month (allowed: YYYY-MM, e.g. 2005-07)`,
				`bad.toml:4: params.years: 0 is out of range (allowed: 1..100)`}},
		{name: "run length: both years and days", file: baseExtends + "[params]\ndays = 100\nyears = 2\n",
			want: []string{`bad.toml:4: params.years: set with days = 100: set one of them (allowed: years, or days)`}},
		{name: "afghan output below zero", file: baseExtends + "[drivers]\nafghan_output = -1\n",
			want: []string{`bad.toml:3: drivers.afghan_output: -1 is not a multiplier (allowed: >= 0)`}},
		{name: "markets: an elasticity that raises demand, inertia above 1, a reference loss of 1",
			file: baseExtends + "[params.markets]\nelasticity = 0.5\ninertia = 1.5\n[[place]]\nid = \"osh\"\nreference_loss = { heroin = 1 }\n",
			want: []string{
				`bad.toml:3: params.markets.elasticity: 0.5 is out of range (allowed: -3..0: dearer heroin never raises retail demand)`,
				`bad.toml:4: params.markets.inertia: 1.5 is not a probability (allowed: 0..1)`,
				`bad.toml:7: place[osh].reference_loss.heroin: 1 is not a loss rate below 0.9 (allowed: 0 <= loss < 0.9)`}},
		{name: "three problems in three tables", file: baseExtends + "[params]\ndays = 1.5\n[params.interdiction]\ntip_rat = 0.5\n[[place]]\nid = \"sosnovka\"\ntraits = { corruption = 3 }\n",
			want: []string{
				`bad.toml:3: params.days: 1.5 is not a whole number`,
				`bad.toml:5: params.interdiction.tip_rat: unknown key (did you mean "tip_rate"?) (allowed: ` + interdictionKeys + `, ` + provKeys + `)`,
				`bad.toml:8: place[sosnovka].traits.corruption: 3 is not a probability (allowed: 0..1)`}},

		// Unknown keys and tables.
		{name: "table at the top level", file: baseExtends + "[modes.car]\nmax_load_kg = 100\n",
			want: []string{`bad.toml:2: modes: unknown key (did you mean "params.modes"?) (allowed: ` + topKeys + `)`}},
		{name: "misspelt top-level table", file: baseExtends + "[driverz]\nboth_products = true\n",
			want: []string{`bad.toml:2: driverz: unknown key (did you mean "drivers"?) (allowed: ` + topKeys + `)`}},
		{name: "misspelt trait", file: baseExtends + "[[place]]\nid = \"sosnovka\"\ntraits = { inspecton_rate = 0.4 }\n",
			want: []string{`bad.toml:4: place.traits.inspecton_rate: unknown key (did you mean "inspection_rate"?) (allowed: ` + traitKeys + `)`}},

		// Values out of range, unknown ids, unreachable places.
		{name: "driver out of range, reported once where it is set", file: baseExtends + "[drivers]\nprofessionalization = 7\n",
			want: []string{`bad.toml:3: drivers.professionalization: 7 is not a probability (allowed: 0..1)`}},
		{name: "probability out of range", file: baseExtends + "[[place]]\nid = \"sosnovka\"\ntraits = { inspection_rate = 1.7 }\n",
			want: []string{`bad.toml:4: place[sosnovka].traits.inspection_rate: 1.7 is not a probability (allowed: 0..1)`}},
		{name: "discount rate out of range", file: baseExtends + "[costs]\nlifetime_years = 8\ndiscount_rate = 1.5\n",
			want: []string{`bad.toml:4: costs.discount_rate: 1.5 is not a yearly discount rate (allowed: 0 <= rate < 1)`}},
		{name: "override: negative discount rate", overrides: []scenario.Override{{Path: "costs.discount_rate", Value: -0.1}},
			want: []string{`override costs.discount_rate=-0.1: costs.discount_rate: -0.1 is not a yearly discount rate (allowed: 0 <= rate < 1)`}},
		{name: "unknown place", file: baseExtends + "[[group]]\nid = \"osh-forwarders\"\ndestinations = [\"bishkek2\"]\n",
			want: []string{`bad.toml:4: group[osh-forwarders].destinations: unknown place "bishkek2" (did you mean "bishkek"?)`}},
		{name: "unknown mode", file: baseExtends + "[[group]]\nid = \"osh-forwarders\"\nmodes = [\"hovercraft\"]\n",
			want: []string{`bad.toml:4: group[osh-forwarders].modes: unknown mode "hovercraft" (allowed: ` + modeNames + `)`}},
		{name: "unknown intervention type", file: baseExtends + "[[intervention]]\ntype = \"scaner\"\nplace = \"ulken\"\n",
			want: []string{`bad.toml:3: intervention[scaner@ulken].type: unknown intervention type "scaner" (did you mean "scanner"?) (allowed: checkpoint, scanner, dog-team, precursor-training, anti-corruption, intelligence-sharing, mobile-units, border-reinforcement, railcar-inspection, precursor-bonus, informant-program, regional-centre)`}},
		{name: "extends cycle", file: "extends = \"bad.toml\"\n",
			want: []string{`bad.toml: extends: cycle: bad.toml -> bad.toml`}},
		{name: "missing file", file: "extends = \"nosuch.toml\"\n",
			want: []string{`bad.toml:1: extends: no file nosuch.toml (allowed: a path relative to this file, or a shipped name such as "baseline")`}},
		{name: "extends outside", file: "extends = \"../baseline.toml\"\n",
			want: []string{`bad.toml:1: extends: "../baseline.toml" leaves the scenario's directory (allowed: a path below it, without ".." or a leading "/", or a shipped name such as "baseline")`}},
		{name: "syntax error", file: baseExtends + "[[place]\n",
			want: []string{`bad.toml:3: expected end of table array name delimiter ']', but got '\n' instead`}},
		{name: "unreachable destination", file: baseExtends + "[[group]]\nid = \"osh-forwarders\"\ndestinations = [\"europe\"]\n",
			want: []string{`bad.toml:4: group[osh-forwarders].destinations: destination europe cannot be reached from osh by car+truck`}},

		// Overrides, as a sweep's --vary or an [[uncertain]] name gives them.
		{name: "override: misspelt trait", overrides: []scenario.Override{{Path: "place[sosnovka].traits.inspection_rat", Value: 0.5}},
			want: []string{`override place[sosnovka].traits.inspection_rat=0.5: place[sosnovka].traits.inspection_rat: unknown key (did you mean "inspection_rate"?) (allowed: ` + traitKeys + `)`}},
		{name: "override: misspelt group key", overrides: []scenario.Override{{Path: "group[*].profesionalization", Value: 0.5}},
			want: []string{`override group[*].profesionalization=0.5: group[*].profesionalization: unknown key (did you mean "professionalization"?) (allowed: ` + groupKeys + `)`}},
		{name: "override: misspelt parameter", overrides: []scenario.Override{{Path: "params.interdiction.tip_rat", Value: 0.5}},
			want: []string{`override params.interdiction.tip_rat=0.5: params.interdiction.tip_rat: unknown key (did you mean "tip_rate"?) (allowed: ` + interdictionKeys + `)`}},
		{name: "override: misspelt place id", overrides: []scenario.Override{{Path: "place[sosnovk].traits.inspection_rate", Value: 0.5}},
			want: []string{`override place[sosnovk].traits.inspection_rate=0.5: place[sosnovk]: no place has id "sosnovk" (did you mean "sosnovka"?)`}},
		{name: "override: the second is wrong", overrides: []scenario.Override{{Path: "params.days", Value: 100}, {Path: "group[*].count", Value: 1.5}},
			want: []string{`override #2 group[*].count=1.5: group[*].count: 1.5 is not a whole number`}},
		{name: "override: both wrong", overrides: []scenario.Override{{Path: "params.dayz", Value: 100}, {Path: "group[*].professionalization", Value: 3}},
			want: []string{
				`override #1 params.dayz=100: params.dayz: unknown key (did you mean "days"?) (allowed: days, years, start, warmup_months, precursor_per_kg_heroin, interdiction, bribes, adaptation, enforcement, groups, markets, modes)`,
				`override #2 group[*].professionalization=3: group[*].professionalization: 3 is not a probability (allowed: 0..1)`}},
		{name: "override: driver out of range", overrides: []scenario.Override{{Path: "drivers.professionalization", Value: 7}},
			want: []string{`override drivers.professionalization=7: drivers.professionalization: 7 is not a probability (allowed: 0..1)`}},
		{name: "override: a table", overrides: []scenario.Override{{Path: "params.interdiction", Value: 7}},
			want: []string{`override params.interdiction=7: params.interdiction: is a table, not a value (name one of its keys: ` + interdictionKeys + `)`}},
		{name: "override: not a number", overrides: []scenario.Override{{Path: "place[*].roles", Value: 7}},
			want: []string{`override place[*].roles=7: place[*].roles: takes a list of roles (allowed: ` + roleNames + `), not a number`}},
		{name: "override: entries without an id", overrides: []scenario.Override{{Path: "place.traits.staff", Value: 7}},
			want: []string{`override place.traits.staff=7: place: is a list of entries: select them with place[ID] or place[*]`}},
		{name: "override: table at the top level", overrides: []scenario.Override{{Path: "modes.car.max_load_kg", Value: 7}},
			want: []string{`override modes.car.max_load_kg=7: modes: unknown key (did you mean "params.modes"?) (allowed: name, description, period, extends, network, params, place, post_default, agency, segment, lab, precursor_source, group, intervention, drivers, costs, uncertain, switch, event)`}},
		{name: "override: past a value", overrides: []scenario.Override{{Path: "params.days.x", Value: 0}},
			want: []string{`override params.days.x=0: params.days: is a value, not a table`}},
		{name: "override: named by the sweep", overrides: []scenario.Override{{Path: "params.days", Value: 0, Name: "--vary params.days=0:10:2"}},
			want: []string{`--vary params.days=0:10:2: params.days: 0 is out of range (allowed: 1..36500)`}},
		{name: "override and file both wrong", file: baseExtends + "[params]\ndays = \"long\"\n", overrides: []scenario.Override{{Path: "params.dayz", Value: 1}},
			want: []string{
				`bad.toml:3: params.days: "long" is not a whole number`,
				`override params.dayz=1: params.dayz: unknown key (did you mean "days"?) (allowed: days, years, start, warmup_months, precursor_per_kg_heroin, interdiction, bribes, adaptation, enforcement, groups, markets, modes)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, name := withShipped(nil), "baseline.toml"
			if tt.file != "" {
				fsys, name = withShipped(map[string]string{"bad.toml": tt.file}), "bad.toml"
			}
			_, err := scenario.LoadWith(fsys, name, tt.overrides...)
			var list scenario.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %v (%T), want a scenario.ErrorList", err, err)
			}
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}
