package vtab

import (
	"encoding/json"
	"errors"
	"regexp"
	"testing"
	"time"
)

// Fuzz targets for the planner and the timestamps every table shows;
// scripts/test.sh runs each for a few seconds in CI, and what they found is
// kept under testdata/fuzz and runs with every go test.

var contractTimestamp = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$`)

// FuzzTimestamp: whatever time text the API sends, a column holds NULL or
// the contract's YYYY-MM-DDTHH:MM:SSZ in UTC, the same instant to the
// second; text that is no time is an error when the answer is decoded.
func FuzzTimestamp(f *testing.F) {
	for _, seed := range []string{
		`"2023-09-21T17:21:33Z"`, `"2023-09-21T10:21:33-07:00"`, `"2023-09-21T17:21:33.123456789+05:30"`,
		`"9999-12-31T23:00:00-08:00"`, `"0000-01-01T00:30:00+01:00"`, `null`, `"1695316893"`, `1695316893`, `""`, `"garbage"`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var ts *apiTime
		if json.Unmarshal([]byte(text), &ts) != nil {
			return // the answer is refused as a whole, with an error naming it
		}
		v := ts.value()
		if v == nil {
			return
		}
		at, _ := ts.parse()
		s, ok := v.(string)
		if !ok || !contractTimestamp.MatchString(s) {
			t.Fatalf("%s gives %#v, not YYYY-MM-DDTHH:MM:SSZ", text, v)
		}
		back, err := time.Parse(time.RFC3339, s)
		if err != nil || !back.Equal(at.UTC().Truncate(time.Second)) {
			t.Fatalf("%s gives %s, another instant (%v)", text, s, err)
		}
	})
}

// FuzzBestIndex: any set of constraints and ORDER BY terms SQLite could
// offer gets a plan or ErrConstraint, never a panic; a plan uses only
// usable constraints, numbers its arguments 1..n once each, and Filter
// finds it again by its number.
func FuzzBestIndex(f *testing.F) {
	f.Add(uint8(0), []byte{1, 2, 1, 0})
	f.Add(uint8(1), []byte{4, 2, 1, 1, 5, 32, 1, 0, 5, 16, 1, 0})
	f.Add(uint8(2), []byte{0, 72, 0, 0, 255, 2, 1, 1})
	f.Add(uint8(3), []byte{9, 4, 1, 0, 9, 8, 1, 0, 9, 2, 1, 1})
	ops := []Op{OpEQ, OpGT, OpLE, OpLT, OpGE, OpIS, 64, 65, 66, 67, 68, 69, 70, 71, 73, 150, 151}
	f.Fuzz(func(t *testing.T, table uint8, spec []byte) {
		tab := Tables()[int(table)%len(Tables())]
		ncols := len(tab.Schema().Columns)
		info := &IndexInfo{ColUsed: 0}
		for i := 0; i+3 < len(spec) && len(info.Constraints) < 16; i += 4 {
			col := int(spec[i])%(ncols+1) - 1 // -1 is the rowid; hidden columns count

			c := IndexConstraint{Column: col, Op: ops[int(spec[i+1])%len(ops)], Usable: spec[i+2]&1 == 1, CanInAll: spec[i+3]&1 == 1}
			if spec[i+3]&2 != 0 && col >= 0 {
				info.OrderBy = append(info.OrderBy, OrderTerm{Column: col, Desc: spec[i+3]&4 != 0})
			}
			info.Constraints = append(info.Constraints, c)
			if col >= 0 {
				info.ColUsed |= 1 << min(col, 63)
			}
		}
		plan, err := tab.BestIndex(info)
		if err != nil {
			if !errors.Is(err, ErrConstraint) {
				t.Fatalf("%s: %v", tab.Name, err)
			}
			return
		}
		if len(plan.Uses) != len(info.Constraints) {
			t.Fatalf("%d uses for %d constraints", len(plan.Uses), len(info.Constraints))
		}
		seen := map[int]bool{}
		for i, u := range plan.Uses {
			if u.ArgvIndex == 0 {
				continue
			}
			if !info.Constraints[i].Usable || seen[u.ArgvIndex] || u.ArgvIndex < 0 {
				t.Fatalf("%s: use %+v of constraint %+v", tab.Name, u, info.Constraints[i])
			}
			seen[u.ArgvIndex] = true
		}
		for n := 1; n <= len(seen); n++ {
			if !seen[n] {
				t.Fatalf("%s: arguments %v skip %d", tab.Name, seen, n)
			}
		}
		if plan.Cost <= 0 || plan.Cost != plan.Cost || plan.Rows < 0 {
			t.Fatalf("%s: cost %v rows %d", tab.Name, plan.Cost, plan.Rows)
		}
		if _, err := decodePlan(plan.Str); err != nil {
			t.Fatalf("%s: plan %q does not read back: %v", tab.Name, plan.Str, err)
		}
	})
}
