package sim

import (
	"reflect"
	"strings"
)

// ParamValue is one leaf of Params: its path as a scenario's [params] table
// names it ("interdiction.tip_rate", "modes.car.max_load_kg") and its value.
type ParamValue struct {
	Path  string
	Value any
}

// ParamValues lists every leaf of p in declaration order, modes by mode name.
func ParamValues(p *Params) []ParamValue {
	var out []ParamValue
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Name == "Modes" && t == reflect.TypeOf(Params{}) {
				for m := Mode(0); m < NumModes; m++ {
					walk(prefix+"modes."+m.String()+".", v.Field(i).Index(int(m)))
				}
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if name == "" || name == "-" {
				continue
			}
			if f.Type.Kind() == reflect.Struct {
				walk(prefix+name+".", v.Field(i))
				continue
			}
			out = append(out, ParamValue{Path: prefix + name, Value: v.Field(i).Interface()})
		}
	}
	walk("", reflect.ValueOf(p).Elem())
	return out
}

// ParamNote says where a default parameter value comes from: a source (the
// domain brief, cited by section) or an assumption with its reason. The
// reasons are those of docs/MODEL.md §4.1 and §3.3.
type ParamNote struct {
	Source     string
	Assumption string
	// Range is the default's plausible range [lo, hi] (uniform), when the
	// sources leave it open: an uncertain input of a calibration
	// (hourglass calibrate); zero for a value held fixed.
	Range [2]float64
}

// ParamNotes returns the note of every default in DefaultParams, keyed by the
// path ParamValues gives.
func ParamNotes() map[string]ParamNote {
	src := func(s string) ParamNote { return ParamNote{Source: s} }
	assume := func(s string) ParamNote { return ParamNote{Assumption: s} }
	// ranged gives a note the plausible range of the value: those of the
	// history match that recalibrated the instruments (issue 21) and of the
	// sensitivity analysis's [[uncertain]] parameters.
	ranged := func(n ParamNote, lo, hi float64) ParamNote { n.Range = [2]float64{lo, hi}; return n }
	notes := map[string]ParamNote{
		"days":                    assume("one year, as the brief's seizure figures (brief §4) are annual or part-year"),
		"warmup_months":           assume("five years, at least what every series that settles from an empty start needs to be within 5% of its long run over the measured year (opiates in transit 51 months, standing arrangements 50, opiates delivered 18, the believed loss of the routes in use 10; docs/warmup.svg, docs/MODEL.md §3.1), rounded up to whole years so the warm-up starts in the measured start's calendar month"),
		"precursor_per_kg_heroin": ranged(assume("the UN report's figure is missing (brief §7); ~1-3 litres per kg of heroin is the range usually cited, about the same in kg (acetic anhydride weighs 1.08 kg a litre) (uncertain: 1-3)"), 1, 3),

		"interdiction.concentration":             assume("epistemic spread of the per-run trait draws: a trait mean of 0.1 gives a 90% range of about 0.02-0.22"),
		"interdiction.inspections_per_staff_day": assume("a thorough vehicle search takes about an hour"),
		"interdiction.intel_only_factor":         src("brief §6: intelligence-led inspection without intelligence collapses toward a near-zero random rate (0.05 assumed)"),
		"interdiction.professional_evasion":      ranged(src("brief §6: professionalization makes random checks worth less relative to intelligence (0.65 assumed: calibrated, docs/MODEL.md §4; plausible 0.3-0.7)"), 0.3, 0.7),
		"interdiction.knowledge_evasion":         assume("couriers who know patrol patterns avoid half the sightings"),
		"interdiction.tip_detection":             src("brief §3: nothing works if officers already know of the shipment (0.9 assumed)"),
		"interdiction.dog_efficacy":              ranged(src("brief §3: dogs effective against car-panel and engine concealment (0.5 assumed: calibrated, docs/MODEL.md §4; uncertain: 0.3-0.9)"), 0.3, 0.9),
		"interdiction.scanner_tc":                src("brief §9 (UN report, Khorgos): the TC scanner \"cannot differentiate between organic and inorganic matter\" and shows hidden containers only if the outer ones are not metal: the chance its image shows a large hidden compartment (0.3 assumed)"),
		"interdiction.scanner_truck":             src("brief §3, §9 (2008 cable): Kairak's truck scanner is effective for heroin in trucks: the chance its image shows an unconcealed opiate load (0.7 assumed)"),
		"interdiction.scanner_hours":             assume("a scanner runs 10 hours a day (a day shift; the sources give no hours)"),
		"interdiction.scan_minutes":              assume("10 minutes a truck, positioning, the scan and comparing the image with the declaration (brief §9: customs compare the scan with the declaration): 60 trucks a day"),
		"interdiction.truck_share":               assume("a quarter of a road post's traffic is trucks where the place does not say (the sources count trucks only at the China posts)"),
		"interdiction.metal_share":               src("brief §9 (UN report): the Khorgos scanner shows hidden containers only if the outer ones are not metal; half the trucks' outer containers metal is assumed"),
		"interdiction.referral_tc":               src("brief §9 (UN report, Khorgos): customs recommend further inspection after a scan: \"It is rare for them to recommend this\" (0.1 assumed)"),
		"interdiction.referral_truck":            ranged(assume("the reader of a truck X-ray that shows an organic load calls a physical search half the time (Kairak's scanner is effective for heroin in trucks, brief §3; its reading practice is not described) (plausible 0.1-0.8)"), 0.1, 0.8),
		"interdiction.guided_search":             assume("a search told where to look by the image finds the load 8 times in 10"),
		"interdiction.scanner_displaces":         src("brief §9 (UN report, Khorgos): the equipment \"seems to contribute to the rarity of physical inspection of loads\" (half the random searches of trucks dropped, assumed; 0 makes the scanner add to them)"),
		"interdiction.watched_bribe_cut":         ranged(src("brief §9 (UN report): Khorgos is linked online to Astana, with cameras feeding live to Customs there: a logged, watched post is not an easy place for a large bribe (half of them refused, assumed; plausible 0.2-0.8)"), 0.2, 0.8),
		"interdiction.corrupt_inspection":        ranged(src("brief §9 (UN report): corruption \"reduces further the incentive that officials have to inspect goods or scrutinize Customs declarations\"; officials are \"less inclined to inspect and less inclined to study declarations\" (a fully corrupt unit drops 60% of its inspections: calibrated, docs/MODEL.md §4; plausible 0.2-0.8)"), 0.2, 0.8),
		"interdiction.dog_hours":                 src("brief §3, §9: cold, altitude and kennel conditions shorten dogs' working time (4 hours of screening a day at best, assumed; the cold and altitude penalties cut it further)"),
		"interdiction.dog_checks_per_hour":       ranged(assume("a dog team screens 1.8 vehicles or people an hour, handling and rests included (calibrated on Tajik seizures, docs/MODEL.md §4; plausible 1-6)"), 1, 6),
		"interdiction.test_kit_efficacy":         assume("a kit in trained hands confirms acetic anhydride"),
		"interdiction.dog_concealment_shield":    ranged(assume("full concealment cuts a dog's find by a quarter, half of what it cuts a hand search (concealment_shield): no source gives a figure; the brief (§3) calls dogs effective against car-panel and engine concealment and says heroin is packed as branded coffee or cat food, which we take to mask some of its scent; the sources lean to a small shield (§9, T: dogs still raise the risk as concealment grows sophisticated), so 0 is their strongest reading (plausible 0-0.3: never above the hand search's lowest)"), 0, 0.3),
		"interdiction.concealment_shield":        ranged(src("brief §3: expertly modified car axles, heroin packed as branded coffee or cat food (0.5 assumed: calibrated, docs/MODEL.md §4; uncertain: 0.3-0.9)"), 0.3, 0.9),
		"interdiction.winter_penalty":            src("brief §6: altitude and cold cut physical inspections at Torugart, Irkeshtam, Kolzhat in winter (0.6 assumed)"),
		"interdiction.heroin_bonus_penalty":      src("brief §6: bonuses for heroin seizures starve precursor work (0.5 assumed)"),
		"interdiction.tip_rate":                  ranged(assume("scales every place's informant rate: 0.3 (calibrated on Tajik seizures, docs/MODEL.md §4: with dogs that screen and the legal crossing, the places' own rates gave three times the brief's Tajik figure; uncertain: 0.1-1)"), 0.1, 1),
		"interdiction.precursor_visibility":      assume("share of searches in which barrels are looked at at all"),

		"bribes.half_success_usd": ranged(assume("bribe at which a corrupt officer accepts half the time (uncertain: $500-5,000)"), 500, 5000),
		"bribes.share_of_value":   src("brief §3: a much larger bribe if a vehicle is actually inspected (5% of the load's value assumed)"),
		"bribes.seriousness":      src("brief §3: the large bribe fails more often (0.5 assumed)"),
		"bribes.extortion_usd":    src("brief §3: a small bribe for routine roadside extortion, as at Sosnovka (brief §1) ($20 assumed)"),
		"bribes.extortion_rate":   src("brief §1: Sosnovka used ad hoc for extortion (0.5 assumed)"),
		"bribes.standing_fee_usd": src("brief §3, §6: standing corruption instead of ad-hoc bribes ($500 a month per arrangement assumed)"),

		"adaptation.prior_risk":        assume("groups start believing every route loses one load in twenty"),
		"adaptation.others_weight":     assume("beliefs are updated more weakly from other groups' losses than from one's own"),
		"adaptation.temperature":       ranged(assume("how sharply groups prefer the best route (uncertain: 0.03-0.2)"), 0.03, 0.2),
		"adaptation.stickiness":        src("brief §7: official opinion is split on route stickiness; 0 is the no-stickiness view"),
		"adaptation.disruption_days":   src("brief §6: flows drop when particular professionals are arrested (30 days assumed)"),
		"adaptation.organiser_link":    assume("chance a talking courier leads to an organiser of a group with no cohesion"),
		"enforcement.memory":           assume("a unit weighs the last month at 0.3 in its view of what each method yields (NarcoLogic-style interdiction agents move effort to where seizures happen; no source gives a rate)"),
		"enforcement.inertia":          assume("effort moves 30% of the way to its target a month: units change slowly"),
		"enforcement.effort_floor":     assume("no method drops below 30% of its starting effort: standing duties (brief §3 describes no post abandoning a method)"),
		"enforcement.max_lift":         assume("a method's rate can at most double as effort moves to it: staff and equipment bound it"),
		"enforcement.precursor_weight": assume("a kg of acetic anhydride is worth a kg of heroin to a unit whose bonuses reward both; brief §3: bonuses tied to heroin seizures (heroin_bonus cuts it by heroin_bonus_penalty)"),
		"enforcement.officer_usd":      assume("USD 2,400 a year per officer (Central Asian public salaries of the period, with equipment: order of magnitude)"),
		"enforcement.dog_team_usd":     assume("USD 6,000 a year per dog team with kennel and handler (order of magnitude)"),
		"enforcement.contact_usd":      assume("USD 2,000 of informant handling money buys one recruitment attempt a month"),
		"enforcement.recruit":          ranged(src("brief §6, §8: informants are easier to recruit in loose groups (0.1 per attempt in a group of no cohesion assumed: calibrated, docs/MODEL.md §4; plausible 0.05-0.3)"), 0.05, 0.3),
		"enforcement.informant_loss":   assume("an informant stops reporting with 0.1 a month"),
		"enforcement.informant_tip":    ranged(src("brief §8: intelligence on the timing of shipments is hard to get (0.3 of a group's loads reported assumed) (plausible 0.1-0.5)"), 0.1, 0.5),
		"enforcement.leak":             src("brief §8: agencies' capacity to protect sources is low because of corruption: tips leak (0.3 at corruption 1 assumed)"),
		"enforcement.follow_success":   ranged(src("brief §4, §8: Kazakhstan ran 26 controlled deliveries in 2008 (0.5 success against a group of no counter-intelligence assumed: calibrated, docs/MODEL.md §4; plausible 0.3-0.9)"), 0.3, 0.9),
		"enforcement.form_rate":        src("brief §3, §6: standing corruption instead of ad-hoc bribes (0.05 per passage at corruption 1 assumed)"),
		"enforcement.shield":           assume("an arrangement spares 80% of the unit's own searches of the group's loads"),
		"enforcement.rotation":         assume("officers rotate: an arrangement ends with 0.03 a month"),
		"enforcement.halt":             src("brief §9 (Townsend): operational officers report \"pressure to halt an investigation\"; \"the nodes of trafficking networks are protected by surrounding webs of corruption\" (half the investigations of a group with an arrangement with a fully corrupt unit of the investigating agency halted, assumed)"),
		"enforcement.recruit_cohesion": src("brief §8 (Townsend): professional groups are harder to infiltrate, yet \"the value of informants rises\": cohesion 1 cuts a recruitment attempt's chance by 30% (assumed), never to zero: with tip_cohesion (informants inside groups, x0.56 at cohesion 1) and intel_cohesion (the other channels, x0.5), cohesion takes less from intelligence than professionalization takes from random checks (evasion and concealment: about x0.3), as Townsend says the ratio of the two rises (scenarios/intelligence_test.go)"),
		"enforcement.intel_cohesion":   ranged(assume("brief §6, §8 (Townsend): professional groups \"reduce the surrounding community's knowledge\" and their organisers are harder to identify, yet \"the need for intelligence collection and analysis grows relative to the effectiveness of random checks\" (brief §9): cohesion 1 (counter-intelligence 1 for a controlled delivery) halves community tips, informant-fed raids, the courier-to-organiser link and a controlled delivery's success; a full cut (1) would take these channels to zero at professionalization 1 while random checks keep about a quarter of their yield, reversing the source (plausible 0.3-0.7)"), 0.3, 0.7),
		"enforcement.tip_cohesion":     src("brief §8 (Townsend): \"collecting intelligence on the timing of their contact with opiate shipments is becoming more difficult\": cohesion 1 cuts an informant's reports by 20% (assumed; see recruit_cohesion)"),
		"enforcement.investigation":    src("brief §5: special border-post investigators (unannounced observers) against corruption (0.3 a month at anti-corruption 1 assumed)"),
		"groups.security_cost":         src("brief §6: professional groups trade efficiency for security, with fewer contacts (a fully cohesive group forgoing 30% of its dispatch chances assumed)"),
		"groups.career_fee":            src("brief §3: couriers treat smuggling as a career (a fully experienced courier's fee one more per-trip cost assumed)"),
		"groups.learn":                 assume("a retained courier closes 20% of the gap to full experience with each load he delivers"),
		"groups.retire":                assume("a retained courier leaves the trade with 0.03 a month (a career of about three years)"),
		"groups.refill_days":           src("MADTOR (Manzi & Calderoni): dismantled groups' niches are refilled; 90 days before a new group takes a dissolved group's place assumed"),
		"groups.talk_informer":         src("brief §6, §8: informants are easier to recruit in loose groups (an arrested courier who talks turns informant with 0.3 in a group of no cohesion assumed)"),
		"markets.inertia":              src("Reuter & Kleiman, \"Risks and prices\" (1986): prices carry the risk of the trade (brief §8); traders move 30% of the way toward the risk-covering price each month (assumed)"),
		"markets.memory":               assume("the last month weighs 0.3 in the loss and upstream prices a market sees (a memory of about three months)"),
		"markets.elasticity":           src("brief §8: no source gives an elasticity; -0.5, within the -0.3 to -1 usually cited for heroin in the drug-policy literature (assumed)"),
		"groups.stick":                 src("brief §3: groups specialise in routes and methods (a fully specialised group adds 0.05 of utility to its last route assumed)"),
	}
	for m := Mode(0); m < NumModes; m++ {
		for field, n := range modeNotes(m) {
			notes["modes."+m.String()+"."+field] = n
		}
	}
	return notes
}

// modeNotes are the notes of one mode's parameters (docs/MODEL.md §3.3).
func modeNotes(m Mode) map[string]ParamNote {
	loads := ParamNote{Assumption: "loads assumed from the brief's description (brief §3: a few kg on foot, car and truck loads larger)"}
	if m == Truck {
		loads = ParamNote{Source: "brief §3: a 537 kg truck seizure is on record, which bounds truck loads"}
	}
	if m == Air {
		loads = ParamNote{Source: "brief §2, §3: air couriers carry small high-purity loads by body-cavity concealment (size assumed)"}
	}
	precursor := ParamNote{Assumption: "barrel loads within the brief's 375 l-45.6 t per case (brief §4); 0 where acetic anhydride cannot go (brief §6: it needs roads or rail)"}
	months := ParamNote{Assumption: "usable all year (the brief names no season for this mode)"}
	if m == Swim {
		months = ParamNote{Assumption: "the Panj is swimmable April-September, for the brief's swimming unlikely in autumn-winter (brief §2)"}
	}
	escape := ParamNote{Assumption: "a vehicle courier rarely escapes once his load is found"}
	switch m {
	case Swim, Boat, Foot:
		escape = ParamNote{Source: "brief §3: when spotted, river couriers often escape by dumping the load (probability assumed)"}
	case Rail, Air:
		escape = ParamNote{Assumption: "no escape from a train or an airport"}
	case Pack:
		escape = ParamNote{Assumption: "a courier leading pack animals on a mountain track may leave the load and flee on foot (probability assumed)"}
	}
	heroinOnly := ParamNote{Assumption: "carries any commodity its load sizes allow"}
	if m == Air {
		heroinOnly = ParamNote{Source: "brief §2-§3: air couriers carry small high-purity loads (body cavity): heroin, not opium"}
	}
	return map[string]ParamNote{
		"heroin_only":       heroinOnly,
		"min_load_kg":       loads,
		"max_load_kg":       loads,
		"precursor_load_kg": precursor,
		"cost_per_trip":     {Assumption: "courier fee and fixed costs; mode costs are assumed (docs/MODEL.md §4.1), small against load values"},
		"cost_per_km":       {Assumption: "running cost per km, assumed (docs/MODEL.md §4.1)"},
		"months":            months,
		"escape_prob":       escape,
	}
}
