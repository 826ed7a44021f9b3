package sim

// Agency is a law-enforcement body of one country (brief §3: border guards,
// customs, drug control agencies, interior ministries, the Kazakh drug
// combat units): it runs the units of its places, moves mobile staff among
// them, and handles informants (intelligence.go).
type Agency struct {
	ID           string
	Country      string
	MobileStaff  float64 // officers it moves between its units month by month
	InformantUSD float64 // informant handling money a year
	Follow       float64 // chance it follows a tipped load to its receivers (controlled delivery) instead of seizing at once
	SharesIntel  bool    // its tips reach any unit on the load's route, of any agency (CARICC, SCO)
	Units        []int   // places whose unit it runs (set by World.Prepare)
}

// moveMobileOfficers runs at the start of every month but the first, after
// the units reviewed their effort: each agency moves its mobile officers
// toward the units that seized most. With memory λ, inertia ι and ε = 1
// kg-equivalent, for the units u of an agency with M mobile officers, value_u
// what u seized last month:
//
//	score_u ← (1-λ)·score_u + λ·value_u
//	mobile_u ← (1-ι)·mobile_u + ι·M·(ε + score_u) / Σ_v (ε + score_v)
//
// Every unit then starts the month's count afresh, with the search capacity
// of its officers (setCapacity).
func (m *model) moveMobileOfficers() {
	ep := &m.params.Enforcement
	lam, iota := ep.Memory, ep.Inertia
	for a := range m.world.Agencies {
		ag := &m.world.Agencies[a]
		if ag.MobileStaff <= 0 || len(ag.Units) == 0 {
			continue
		}
		total := 0.0
		for _, p := range ag.Units {
			u := &m.units[p]
			u.agencyScore = (1-lam)*u.agencyScore + lam*u.monthSeizedValue
			total += 1 + u.agencyScore
		}
		for _, p := range ag.Units {
			u := &m.units[p]
			u.mobile = (1-iota)*u.mobile + iota*ag.MobileStaff*(1+u.agencyScore)/total
		}
	}
	for p := range m.units {
		u := &m.units[p]
		u.monthSeizedValue = 0
		u.setCapacity(&m.world.Places[p].Traits, &m.params.Interdiction)
	}
}

// spend adds a day of law enforcement's money to the money spent per
// effort: each unit's officers (staff and mobile) at officerUSD a year,
// shared by its effort, its dog teams at dogTeamUSD, and each agency's
// informant money.
func (m *model) spend() {
	ep := &m.params.Enforcement
	for p := range m.units {
		u := &m.units[p]
		t := &m.world.Places[p].Traits
		staff := u.officers(t) * ep.OfficerUSD / 365
		for e, w := range u.effort {
			m.ledger.spent(Effort(e), staff*w)
		}
		m.ledger.spent(EffortDogs, float64(t.Dogs)*ep.DogTeamUSD/365)
	}
	for a := range m.world.Agencies {
		m.ledger.spent(EffortInformants, m.world.Agencies[a].InformantUSD/365)
	}
}
