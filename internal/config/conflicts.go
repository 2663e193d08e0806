package config

import "fmt"

// conflicts are the settings that cannot both be given: --demo serves its
// own sample GitHub, so an API URL given with it would be silently ignored.
// (--token-env is not one: a missing token does no harm to the demo, and an
// alias may always pass it.)
var conflicts = []struct{ a, b, why string }{
	{"demo", "api-url", "--demo serves the built-in sample GitHub, not the API at the URL"},
}

// ConflictError says that two settings contradict each other.
type ConflictError struct {
	A, B string // where each came from: "--demo", "ACTIONSQL_API_URL"
	Why  string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s and %s contradict each other: %s; leave one out", e.A, e.B, e.Why)
}

// conflicts returns the first contradiction among the settings given, in
// flags or ACTIONSQL_ variables. A switch turned off contradicts nothing.
func (s sources) conflicts() error {
	for _, c := range conflicts {
		_, fromA, okA := s.setting(c.a)
		_, fromB, okB := s.setting(c.b)
		if !okA || !okB {
			continue
		}
		if on, err := s.boolean(c.a); err != nil || !on {
			continue // a bad value is reported where it is read
		}
		return &ConflictError{A: fromA, B: fromB, Why: c.why}
	}
	return nil
}
