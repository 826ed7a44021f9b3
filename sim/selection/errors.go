package selection

import "fmt"

// ConfigError reports a procedure setting outside its allowed range.
type ConfigError struct {
	Procedure Procedure
	Field     string // the setting, as named in the Go struct
	Value     string // the value given
	Want      string // what is allowed
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("selection: %v.%s: %s (want %s)", e.Procedure, e.Field, e.Value, e.Want)
}

// checkCommon validates what every procedure shares: k, α and δ.
func checkCommon(proc Procedure, k int, alpha, delta float64, deltaPositive bool) error {
	if k < 1 {
		return &ConfigError{Procedure: proc, Field: "k", Value: fmt.Sprint(k), Want: "at least 1 alternative"}
	}
	if !(alpha > 0 && alpha < 1) {
		return &ConfigError{Procedure: proc, Field: "Alpha", Value: fmt.Sprint(alpha), Want: "0 < α < 1, e.g. 0.05"}
	}
	if deltaPositive && !(delta > 0) || !deltaPositive && !(delta >= 0) {
		want := "δ ≥ 0, in the alternatives' units"
		if deltaPositive {
			want = "δ > 0, the smallest difference worth detecting, in the alternatives' units"
		}
		return &ConfigError{Procedure: proc, Field: "Delta", Value: fmt.Sprint(delta), Want: want}
	}
	if delta > 1e300 { // +Inf passes the checks above
		return &ConfigError{Procedure: proc, Field: "Delta", Value: fmt.Sprint(delta), Want: "a finite δ"}
	}
	return nil
}
