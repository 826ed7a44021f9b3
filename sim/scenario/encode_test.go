package scenario_test

import (
	"reflect"
	"strings"
	"testing"

	"hourglass/sim/scenario"
)

var oshPost = scenario.Draft{
	Comment:     "Written by a test.\nA second line.",
	Name:        "osh-post",
	Description: `a "post" at Osh`,
	Extends:     "baseline.toml",
	Set: []scenario.Value{{Key: "costs.discount_rate", Value: 0.03}, {Key: "drivers.professionalization", Value: 0.5},
		{Key: "drivers.profile.cohesion", Value: 0.25}, {Key: "drivers.xinjiang_market", Value: true}, {Key: "params.start", Value: "2005-01"}},
	Interventions: []scenario.Entry{{{Key: "annual_usd", Value: 200000.0}, {Key: "assumption", Value: "a test"},
		{Key: "inspection_rate", Value: 0.3}, {Key: "place", Value: "osh"}, {Key: "staff", Value: 10}, {Key: "type", Value: "checkpoint"}}},
	Events: []scenario.Event{{Date: "2005-07", Set: []scenario.Value{{Key: "place[osh].traits.corruption", Value: 0.2}}, Note: "a purge"}},
}

// A Draft encodes as a file the loader takes, with its values, and reads
// back as it was.
func TestDraftRoundTrip(t *testing.T) {
	t.Parallel()
	data, err := scenario.Encode(oshPost)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{"# Written by a test.\n# A second line.\nname = \"osh-post\"\ndescription = \"a \\\"post\\\" at Osh\"\nextends = \"baseline.toml\"\n",
		"\n[costs]\ndiscount_rate = 0.03\n", "\n[drivers]\nprofessionalization = 0.5\nprofile.cohesion = 0.25\nxinjiang_market = true\n",
		"\n[[intervention]]\nannual_usd = 200000.0\n", "staff = 10\n",
		"\n[[event]]\ndate = \"2005-07\"\nset = { \"place[osh].traits.corruption\" = 0.2 }\nnote = \"a purge\"\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("the file has no %q:\n%s", want, text)
		}
	}
	sc, err := scenario.Load(withShipped(map[string]string{"osh-post.toml": text}), "osh-post.toml")
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	event := false // an epoch from the event's month
	for _, e := range sc.Epochs {
		event = event || e.From.String() == "2005-07"
	}
	if sc.Description != oshPost.Description || sc.DiscountRate != 0.03 || len(sc.Costs) != 1 || sc.Costs[0].AnnualUSD != 200000 || !event {
		t.Errorf("loaded: description %q, discount rate %v, costs %+v, epochs %+v", sc.Description, sc.DiscountRate, sc.Costs, sc.Epochs)
	}
	back, err := scenario.ReadDraft(data)
	if err != nil {
		t.Fatal(err)
	}
	want := oshPost
	want.Comment = ""
	if !reflect.DeepEqual(*back, want) {
		t.Errorf("read back:\n%+v\nwant\n%+v", *back, want)
	}
}

func TestEncodeRefuses(t *testing.T) {
	t.Parallel()
	for _, d := range []scenario.Draft{
		{Set: []scenario.Value{{Key: "place[osh].traits.corruption", Value: 0.2}}},
		{Set: []scenario.Value{{Key: "professionalization", Value: 0.2}}},
		{Set: []scenario.Value{{Key: "drivers.professionalization", Value: []int{1}}}},
	} {
		if _, err := scenario.Encode(d); err == nil {
			t.Errorf("Encode(%+v) accepted", d)
		}
	}
}

func TestParseValue(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		path, text string
		want       any
		err        string
	}{
		{"drivers.professionalization", "0.5", 0.5, ""},
		{"drivers.professionalization", "x", nil, `"x" is not a number`},
		{"drivers.professionalization", "nan", nil, `"nan" is not a number`},
		{"drivers.xinjiang_market", "1", true, ""},
		{"drivers.xinjiang_market", "maybe", nil, `"maybe" is not true or false`},
		{"drivers.traffic_growth.khorgos", "2", 2.0, ""},
		{"drivers.profile.organisers", "3", 3, ""},
		{"intervention.staff", "10", 10, ""},
		{"intervention.staff", "1.5", nil, `"1.5" is not a whole number`},
		{"intervention.scanner", "tc", "tc", ""},
		{"intervention.type", "checkpoint", "checkpoint", ""},
		{"place[osh].traits.corruption", "0.2", 0.2, ""},
		{"params.start", "2005-01", "2005-01", ""},
		{"nosuch.key", "0.2", 0.2, ""}, // for the loader to judge
		{"nosuch.key", "false", false, ""},
		{"nosuch.key", "word", "word", ""},
	} {
		got, err := scenario.ParseValue(tt.path, tt.text)
		if tt.err != "" && (err == nil || err.Error() != tt.err) || tt.err == "" && (err != nil || !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("ParseValue(%q, %q) = %#v, %v; want %#v, %q", tt.path, tt.text, got, err, tt.want, tt.err)
		}
	}
}

// FuzzReadDraft: whatever the text, ReadDraft returns a Draft or an error,
// and a Draft it reads encodes (or is refused) as a file it reads again.
func FuzzReadDraft(f *testing.F) {
	data, _ := scenario.Encode(oshPost)
	f.Add(data)
	f.Add([]byte("[drivers]\nprofessionalization = 1\n[[event]]\ndate = \"2005-01\"\nremove = [\"a\"]\n"))
	f.Add([]byte("x = [1, 2]\n[\"a b\"]\nc = 1979-05-27\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := scenario.ReadDraft(data)
		if err != nil {
			return
		}
		out, err := scenario.Encode(*d)
		if err != nil {
			return
		}
		if _, err := scenario.ReadDraft(out); err != nil {
			t.Errorf("%v reading back\n%s\nencoded from\n%s", err, out, data)
		}
	})
}
