package scenario_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestBadInputMaxima loads values that are finite but so large (or small)
// that a run's sums overflowed to +Inf or out of the range of whole grams:
// a price of 10^308 passed check, and the run wrote +Inf, and no
// summary.json. Each is refused at its own line with its documented range
// (limits.go).
func TestBadInputMaxima(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string // bad.toml
		want []string
	}{
		{name: "a price of 1e308", file: baseExtends + "[[place]]\nid = \"osh\"\nprice = { heroin = 1e308 }\n",
			want: []string{`bad.toml:4: place[osh].price.heroin: 1e+308 is out of range (allowed: 0..1e+13)`}},
		{name: "segment of 1e300 km and hours", file: baseExtends + "[[segment]]\nfrom = \"osh\"\nto = \"sary-tash\"\nkm = 1e300\nhours = 1e300\nwinter_slowdown = 1e300\n",
			want: []string{`bad.toml:5: segment[osh|sary-tash].km: 1e+300 is out of range (allowed: 0..100000)`,
				`bad.toml:6: segment[osh|sary-tash].hours: 1e+300 is out of range (allowed: 0..100000)`,
				`bad.toml:7: segment[osh|sary-tash].winter_slowdown: 1e+300 is out of range (allowed: 1..100)`}},
		{name: "traffic and altitude", file: baseExtends + "[[place]]\nid = \"osh\"\ntraits = { traffic_per_day = 1e300, altitude_m = 20000 }\n",
			want: []string{`bad.toml:4: place[osh].traits.altitude_m: 20000 is out of range (allowed: 0..9000)`,
				`bad.toml:4: place[osh].traits.traffic_per_day: 1e+300 is out of range (allowed: 0..1e+06)`}},
		{name: "a lab of 1e300 kg a day", file: baseExtends + "[[lab]]\nplace = \"afg-north\"\ncapacity_kg_per_day = 1e300\nstart_heroin_kg = 1e300\n",
			want: []string{`bad.toml:4: lab[afg-north].capacity_kg_per_day: 1e+300 is out of range (allowed: 0..100000)`,
				`bad.toml:5: lab[afg-north].start_heroin_kg: 1e+300 is out of range (allowed: 0..1e+07)`}},
		{name: "labs and sources over the total a day", file: baseExtends + "[[lab]]\nplace = \"afg-north\"\ncapacity_kg_per_day = 60000\n[[precursor_source]]\nplace = \"kashgar\"\nkg_per_day = 60000\n",
			want: []string{`bad.toml:7: precursor_source[kashgar].kg_per_day: 60000 brings the kg a day of all labs and precursor sources to 120700 (allowed: at most 100000 in all)`}},
		{name: "drivers that multiply without bound", file: baseExtends + "[drivers]\nafghan_output = 1e300\ntraffic_growth = { khorgos = 1e300 }\n",
			want: []string{`bad.toml:3: drivers.afghan_output: 1e+300 is out of range (allowed: 0..100)`,
				`bad.toml:4: drivers.traffic_growth.khorgos: 1e+300 is out of range (allowed: 0..100)`}},
		{name: "a load of 1e300 kg", file: baseExtends + "[[group]]\nid = \"osh-forwarders\"\nmax_load_kg = 1e300\n[params.modes.truck]\nmax_load_kg = 1e300\nprecursor_load_kg = 1e300\n",
			want: []string{`bad.toml:4: group[osh-forwarders].max_load_kg: 1e+300 is out of range (allowed: 0..100000)`,
				`bad.toml:6: params.modes.truck.max_load_kg: 1e+300 is out of range (allowed: 0..100000)`,
				`bad.toml:7: params.modes.truck.precursor_load_kg: 1e+300 is out of range (allowed: 0..100000)`}},
		{name: "money in parameters", file: baseExtends + "[params.modes.car]\ncost_per_trip = 1e300\ncost_per_km = -1\n[params.bribes]\nextortion_usd = 1e300\nstanding_fee_usd = -5\nhalf_success_usd = 1e300\n[params.enforcement]\nofficer_usd = 1e300\ncontact_usd = 1e300\n",
			want: []string{`bad.toml:3: params.modes.car.cost_per_trip: 1e+300 is out of range (allowed: 0..1e+13)`,
				`bad.toml:4: params.modes.car.cost_per_km: -1 is out of range (allowed: 0..1e+13)`,
				`bad.toml:6: params.bribes.extortion_usd: 1e+300 is out of range (allowed: 0..1e+13)`,
				`bad.toml:7: params.bribes.standing_fee_usd: -5 is out of range (allowed: 0..1e+13)`,
				`bad.toml:8: params.bribes.half_success_usd: 1e+300 is out of range (allowed: 0..1e+13)`,
				`bad.toml:10: params.enforcement.officer_usd: 1e+300 is out of range (allowed: 0..1e+13)`,
				`bad.toml:11: params.enforcement.contact_usd: 1e+300 is out of range (allowed: 0..1e+13)`}},
		{name: "an informant program of 1e300 USD", file: baseExtends + "[[intervention]]\ntype = \"informant-program\"\nagency = \"tj-dca\"\ninformant_usd = 1e300\n",
			want: []string{`bad.toml:5: intervention[informant-program@].informant_usd: 1e+300 is out of range (allowed: 0..1e+13)`}},
		{name: "utilities and scales", file: baseExtends + "[params.adaptation]\nstickiness = -1e300\n[params.groups]\nstick = 1e300\ncareer_fee = 1e300\n[params.interdiction]\nconcentration = 1e300\ninspections_per_staff_day = 1e300\ntip_rate = 1e300\n[params.enforcement]\nmax_lift = 1e300\n",
			want: []string{`bad.toml:3: params.adaptation.stickiness: -1e+300 is out of range (allowed: -100..100)`,
				`bad.toml:5: params.groups.stick: 1e+300 is out of range (allowed: 0..100)`,
				`bad.toml:6: params.groups.career_fee: 1e+300 is out of range (allowed: 0..100)`,
				`bad.toml:8: params.interdiction.concentration: 1e+300 is out of range (allowed: 0..1e+06)`,
				`bad.toml:9: params.interdiction.inspections_per_staff_day: 1e+300 is out of range (allowed: 0..10000)`,
				`bad.toml:10: params.interdiction.tip_rate: 1e+300 is out of range (allowed: 0..100)`,
				`bad.toml:12: params.enforcement.max_lift: 1e+300 is out of range (allowed: 1..100)`}},
		{name: "a tiny precursor ratio", file: baseExtends + "[params]\nprecursor_per_kg_heroin = 1e-300\n",
			want: []string{`bad.toml:3: params.precursor_per_kg_heroin: 1e-300 is out of range (allowed: 0, or 0.01..100 kg of precursor per kg of heroin)`}},
		{name: "a lifetime of 1e-300 years", file: baseExtends + "[costs]\nlifetime_years = 1e-300\n",
			want: []string{`bad.toml:3: costs.lifetime_years: 1e-300 is out of range (allowed: >= 0.01 years: capital is renewed every lifetime)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblems(t, tt.file, tt.want)
		})
	}
}

// groups writes n [[group]] entries g1..gn of count groups of couriers
// each, from place a to the places dests.
func groups(n, count, couriers int, dests string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "[[group]]\nid = \"g%d\"\norigin = \"a\"\ndestinations = [%s]\nmodes = [\"car\"]\ncount = %d\ncouriers = %d\n", i, dests, count, couriers)
	}
	return b.String()
}

// places writes n places p1..pn (and a) and returns them with the list of
// their ids.
func places(n int) (string, string) {
	var b strings.Builder
	var ids []string
	b.WriteString("[[place]]\nid = \"a\"\ncountry = \"KG\"\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "[[place]]\nid = \"p%d\"\ncountry = \"KG\"\n", i)
		ids = append(ids, fmt.Sprintf("%q", fmt.Sprintf("p%d", i)))
	}
	return b.String(), strings.Join(ids, ", ")
}

// TestBadInputTotals: limits per entry did not bound the work (300 groups
// of 10,000 with 100 couriers each, in a 50 KB file, took 3.3 GB and 87 s a
// replication). The totals over all entries are refused at the entry that
// passes them, once.
func TestBadInputTotals(t *testing.T) {
	t.Parallel()
	one, _ := places(1)
	eleven, elevenIDs := places(11)
	many, manyIDs := places(400)
	tests := []struct {
		name, file string
		want       []string
	}{
		{"300 populations of 10,000 groups of 100 couriers", one + groups(300, 10_000, 100, `"p1"`), []string{
			`bad.toml:20: group[g2].couriers: 100 couriers in each of 10000 groups bring the couriers of all populations to 2000000 (allowed: at most 1000000 in all)`,
			`bad.toml:82: group[g11].count: 10000 groups bring the groups of all populations to 110000 (allowed: at most 100000 in all)`}},
		{"1,001 populations", one + groups(1001, 1, 1, `"p1"`), []string{
			`bad.toml:7007: group[g1001]: group population 1001 of 1001 (allowed: at most 1000 [[group]] entries in all)`}},
		{"10,000 route searches", eleven + groups(910, 1, 1, elevenIDs), []string{
			`bad.toml:6403: group[g910].destinations: 11 destinations by 1 modes bring the route searches to 10010 (allowed: at most 10000 destinations x modes in all)`}},
		{"10,000 groups weighing 1,200 routes each", many + groups(1, 10_000, 1, manyIDs), []string{
			`bad.toml:1209: group[g1].count: 10000 groups weighing up to 1200 routes each bring the routes all groups weigh to 12000000 (allowed: at most 10000000 in all)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblems(t, tt.file, tt.want)
		})
	}
}

// TestBadInputNetworkTotals: more places or segments than MaxPlaces and
// MaxSegments are refused at the first one too many.
func TestBadInputNetworkTotals(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("a 3 MB file")
	}
	text, _ := places(20_000)
	wantProblems(t, text, []string{`bad.toml:60001: place[p20000]: place 20001 of 20001 (allowed: at most 20000 places in all)`})

	text, _ = places(317) // 50,086 pairs
	var b strings.Builder
	b.WriteString(text)
	n := 0
	for i := 1; i <= 317 && n <= 50_000; i++ {
		for j := i + 1; j <= 317 && n <= 50_000; j++ {
			fmt.Fprintf(&b, "[[segment]]\nfrom=\"p%d\"\nto=\"p%d\"\nmodes=[\"car\"]\nkm=1\nhours=1\n", i, j)
			n++
		}
	}
	wantProblems(t, b.String(), []string{`bad.toml:300955: segment[p304|p310]: segment 50001 of 50001 (allowed: at most 50000 segments in all)`})
}
