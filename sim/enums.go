package sim

import (
	"fmt"
	"strings"
)

// Commodity is what a load carries.
type Commodity uint8

// The commodities. Opiates move north, the precursor south.
const (
	Heroin    Commodity = iota // heroin of any purity
	Opium                      // raw opium and morphine base
	Precursor                  // acetic anhydride, a liquid moved in barrels
	NumCommodities
)

var commodityNames = [NumCommodities]string{"heroin", "opium", "precursor"}

func (c Commodity) String() string {
	if c < NumCommodities {
		return commodityNames[c]
	}
	return fmt.Sprintf("commodity(%d)", c)
}

// ParseCommodity returns the commodity with the given name.
func ParseCommodity(s string) (Commodity, bool) {
	for c := Commodity(0); c < NumCommodities; c++ {
		if c.String() == s {
			return c, true
		}
	}
	return 0, false
}

// IsOpiate reports whether c is one of the northbound opiates.
func (c Commodity) IsOpiate() bool { return c == Heroin || c == Opium }

// Product is what a trafficking group deals in.
type Product uint8

// The products a group can move.
const (
	Opiates    Product = iota // heroin and opium, northbound
	Precursors                // acetic anhydride, southbound
	Both                      // the INCB view: one group moves both
	HeroinOnly                // heroin alone: air couriers (brief §2: small high-purity loads)
	NumProducts
)

var productNames = [NumProducts]string{"opiates", "precursors", "both", "heroin"}

func (p Product) String() string {
	if p < NumProducts {
		return productNames[p]
	}
	return fmt.Sprintf("product(%d)", p)
}

// Carries reports whether a group dealing in p moves commodity c.
func (p Product) Carries(c Commodity) bool {
	switch p {
	case Opiates:
		return c.IsOpiate()
	case Precursors:
		return c == Precursor
	case Both:
		return true
	case HeroinOnly:
		return c == Heroin
	}
	return false
}

// Overlaps reports whether groups dealing in p and q move a commodity in common.
// CarriesOpiates reports whether p carries heroin or opium.
func (p Product) CarriesOpiates() bool { return p.Carries(Heroin) || p.Carries(Opium) }

func (p Product) Overlaps(q Product) bool {
	for c := Commodity(0); c < NumCommodities; c++ {
		if p.Carries(c) && q.Carries(c) {
			return true
		}
	}
	return false
}

// UnmarshalText parses a product name.
func (p *Product) UnmarshalText(b []byte) error {
	return parseEnum(string(b), productNames[:], (*uint8)(p), "product")
}

// Mode is how a courier moves a load over a segment.
type Mode uint8

// The transport modes.
const (
	Swim  Mode = iota // swimming or wading across a river
	Boat              // small boat across a river
	Foot              // walking over a border stretch
	Pack              // pack animal over mountain borders
	Car               // private car, single driver
	Truck             // truck with legitimate cargo as cover
	Rail              // railcar
	Air               // air passenger with a body-cavity load
	NumModes
)

var modeNames = [NumModes]string{"swim", "boat", "foot", "pack", "car", "truck", "rail", "air"}

func (m Mode) String() string {
	if m < NumModes {
		return modeNames[m]
	}
	return fmt.Sprintf("mode(%d)", m)
}

// UnmarshalText parses a mode name.
func (m *Mode) UnmarshalText(b []byte) error {
	return parseEnum(string(b), modeNames[:], (*uint8)(m), "mode")
}

// ParseMode returns the mode with the given name.
func ParseMode(s string) (Mode, error) {
	var m Mode
	err := m.UnmarshalText([]byte(s))
	return m, err
}

// IsRiver reports whether the mode crosses a river, where a spotted courier
// can dump the load and escape.
func (m Mode) IsRiver() bool { return m == Swim || m == Boat }

// IsVehicle reports whether the mode is a road vehicle that scanners and
// vehicle searches apply to.
func (m Mode) IsVehicle() bool { return m == Car || m == Truck }

// ModeSet is a set of modes as a bit mask.
type ModeSet uint16

// Has reports whether m is in the set.
func (s ModeSet) Has(m Mode) bool { return s&(1<<m) != 0 }

// With returns the set with m added.
func (s ModeSet) With(m Mode) ModeSet { return s | 1<<m }

func (s ModeSet) String() string {
	var parts []string
	for m := Mode(0); m < NumModes; m++ {
		if s.Has(m) {
			parts = append(parts, m.String())
		}
	}
	return strings.Join(parts, "+")
}

// Role is what a place is in the network; a place may have several.
type Role uint16

// The roles of a place.
const (
	Source        Role = 1 << iota // Afghan lab area, or a precursor source
	Stash                          // centralization and handover hub
	Market                         // retail demand
	Crossing                       // official border post
	BorderSection                  // unofficial border stretch
	Checkpoint                     // internal post
	Exit                           // flow leaves the modelled area
)

var roleNames = []string{"source", "stash", "market", "crossing", "border-section", "checkpoint", "exit"}

// Has reports whether r includes all of q.
func (r Role) Has(q Role) bool { return r&q == q }

func (r Role) String() string {
	var parts []string
	for i, name := range roleNames {
		if r&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ",")
}

// UnmarshalText parses one role name.
func (r *Role) UnmarshalText(b []byte) error {
	var i uint8
	if err := parseEnum(string(b), roleNames, &i, "role"); err != nil {
		return err
	}
	*r = 1 << i
	return nil
}

// IsPost reports whether a guard unit stops traffic here (an official crossing
// or an internal checkpoint).
func (r Role) IsPost() bool { return r&(Crossing|Checkpoint) != 0 }

// Method is how a seizure came about.
type Method uint8

// The detection methods.
const (
	Patrol       Method = iota // spotted by a patrol on a green border
	Intelligence               // inspection led by a tip
	Scanner                    // X-ray scanner
	Dogs                       // drug-sniffing dog
	Manual                     // manual search of vehicle, goods or person
	TestKit                    // precursor test kit confirming a mis-declared liquid
	Raid                       // inland police operation at a stash hub
	NumMethods
)

var methodNames = [NumMethods]string{"patrol", "intelligence", "scanner", "dogs", "manual", "test-kit", "raid"}

func (m Method) String() string {
	if m < NumMethods {
		return methodNames[m]
	}
	return fmt.Sprintf("method(%d)", m)
}

// ScannerKind is the type of X-ray scanner at a post.
type ScannerKind uint8

// The scanner kinds.
const (
	NoScanner ScannerKind = iota
	TCScanner             // Khorgos-type: no organic/inorganic split, sees only large compartments
	TruckXRay             // Kairak-type: effective for heroin in trucks
	NumScannerKinds
)

var scannerNames = [NumScannerKinds]string{"none", "tc", "truck-xray"}

func (s ScannerKind) String() string {
	if s < NumScannerKinds {
		return scannerNames[s]
	}
	return fmt.Sprintf("scanner(%d)", s)
}

// UnmarshalText parses a scanner kind.
func (s *ScannerKind) UnmarshalText(b []byte) error {
	return parseEnum(string(b), scannerNames[:], (*uint8)(s), "scanner")
}

// Schedule is when a post lets traffic through.
type Schedule uint8

// The opening schedules.
const (
	Always        Schedule = iota // open 24 hours, every day
	WeekdaysSplit                 // Torugart: Monday–Friday, outbound mornings, inbound afternoons
	Kulma                         // Kulma Pass: May–November, 15 days open then 15 closed, 24 h when open
	Closed                        // Narynkol: no traffic
	NumSchedules
)

var scheduleNames = [NumSchedules]string{"always", "weekdays-split", "kulma", "closed"}

func (s Schedule) String() string {
	if s < NumSchedules {
		return scheduleNames[s]
	}
	return fmt.Sprintf("schedule(%d)", s)
}

// UnmarshalText parses a schedule name.
func (s *Schedule) UnmarshalText(b []byte) error {
	return parseEnum(string(b), scheduleNames[:], (*uint8)(s), "schedule")
}

func parseEnum(s string, names []string, dst *uint8, what string) error {
	for i, n := range names {
		if n == s {
			*dst = uint8(i)
			return nil
		}
	}
	return fmt.Errorf("unknown %s %q (allowed: %s)", what, s, strings.Join(names, ", "))
}

// Names lists the allowed names of each enum, for error messages and docs.
func Names(kind string) []string {
	switch kind {
	case "mode":
		return modeNames[:]
	case "product":
		return productNames[:]
	case "role":
		return roleNames
	case "scanner":
		return scannerNames[:]
	case "schedule":
		return scheduleNames[:]
	case "commodity":
		return commodityNames[:]
	case "method":
		return methodNames[:]
	}
	return nil
}
