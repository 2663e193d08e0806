package vtab

import (
	"strings"
	"testing"
	"time"
)

// TestSchemaSaysWhatIsPushedDown holds schema.sql's "Pushed down:" line of
// each table to the keys its Go declaration hands the API.
func TestSchemaSaysWhatIsPushedDown(t *testing.T) {
	for _, tbl := range Tables() {
		doc := strings.Join(strings.Fields(tbl.Schema().Doc), " ")
		if want := tbl.pushdownDoc(); !strings.Contains(doc, want) {
			t.Errorf("schema.sql's comment on %s should say %q; it says:\n%s", tbl.Name, want, tbl.Schema().Doc)
		}
	}
}

func TestBestIndexUsesRangesAndTheAPIOrder(t *testing.T) {
	created, id, name := col(t, runsTable, "created_at"), col(t, runsTable, "id"), col(t, runsTable, "name")
	branch := col(t, runsTable, "head_branch")
	tests := []struct {
		name        string
		constraints []IndexConstraint
		orderBy     []OrderTerm
		wantArgs    []int
		wantOrdered bool
	}{
		{
			name:        "BETWEEN is two ranges, both handed over",
			constraints: []IndexConstraint{{Column: created, Op: OpGE, Usable: true}, {Column: created, Op: OpLE, Usable: true}},
			wantArgs:    []int{1, 2},
		},
		{
			name:        "a range on a column the API cannot range over is SQLite's",
			constraints: []IndexConstraint{{Column: id, Op: OpGT, Usable: true}, {Column: branch, Op: OpEQ, Usable: true}},
			wantArgs:    []int{0, 1},
		},
		{
			name:        "newest first needs no sort",
			constraints: []IndexConstraint{{Column: branch, Op: OpEQ, Usable: true}},
			orderBy:     []OrderTerm{{Column: created, Desc: true}, {Column: id, Desc: true}},
			wantArgs:    []int{1},
			wantOrdered: true,
		},
		{
			name:        "oldest first does",
			orderBy:     []OrderTerm{{Column: created}},
			wantOrdered: false,
		},
		{
			name:        "so does an order by another column",
			orderBy:     []OrderTerm{{Column: name, Desc: true}},
			wantOrdered: false,
		},
		{
			name:        "an IN list handed over whole is several listings, one after another",
			constraints: []IndexConstraint{{Column: branch, Op: OpEQ, Usable: true, CanInAll: true}},
			orderBy:     []OrderTerm{{Column: created, Desc: true}},
			wantArgs:    []int{1},
			wantOrdered: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := runsTable.BestIndex(&IndexInfo{Constraints: tt.constraints, OrderBy: tt.orderBy})
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tt.wantArgs {
				if got := plan.Uses[i].ArgvIndex; got != want {
					t.Errorf("constraint %d: argvIndex %d, want %d", i, got, want)
				}
			}
			if plan.OrderByConsumed != tt.wantOrdered {
				t.Errorf("OrderByConsumed = %v, want %v", plan.OrderByConsumed, tt.wantOrdered)
			}
		})
	}
}

func TestSelectiveKeysMakeCheaperPlans(t *testing.T) {
	created, id, sha := col(t, runsTable, "created_at"), col(t, runsTable, "id"), col(t, runsTable, "head_sha")
	cost := func(cs ...IndexConstraint) float64 {
		plan, err := runsTable.BestIndex(&IndexInfo{Constraints: cs})
		if err != nil {
			t.Fatal(err)
		}
		return plan.Cost
	}
	all := cost()
	ranged := cost(IndexConstraint{Column: created, Op: OpGT, Usable: true})
	bySHA := cost(IndexConstraint{Column: sha, Op: OpEQ, Usable: true})
	byID := cost(IndexConstraint{Column: id, Op: OpEQ, Usable: true})
	if !(byID < bySHA && bySHA < ranged && ranged < all) {
		t.Errorf("costs: by id %g, by sha %g, a created range %g, everything %g: want them in that order", byID, bySHA, ranged, all)
	}
}

func TestCreatedWindowHoldsEveryRowTheTextComparisonKeeps(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.RFC3339, s); return d }
	tests := []struct {
		bounds []Bound
		want   string
	}{
		{[]Bound{{OpGE, "2026-09-01"}}, ">=2026-09-01T00:00:00+00:00"},
		// '2026-09-01T05:00:00Z' > '2026-09-01' as text: the day itself is in.
		{[]Bound{{OpGT, "2026-09-01"}}, ">=2026-09-01T00:00:00+00:00"},
		{[]Bound{{OpLT, "2026-09-30"}}, "<2026-10-01T00:00:00+00:00"},
		{[]Bound{{OpGE, "2026-09-01"}, {OpLE, "2026-09-30"}}, "2026-09-01T00:00:00+00:00..2026-09-30T23:59:59+00:00"},
		{[]Bound{{OpGT, "2026-09-01T10:00:00Z"}, {OpLT, "2026-09-01T11:00:00Z"}}, "2026-09-01T10:00:00+00:00..2026-09-01T11:00:00+00:00"},
		// A space sorts before T: the whole day compares greater.
		{[]Bound{{OpGE, "2026-09-01 10:00:00"}}, ">=2026-09-01T00:00:00+00:00"},
		{[]Bound{{OpGE, "last week"}}, ""},
		{[]Bound{{OpGE, int64(5)}}, ""},
	}
	for _, tt := range tests {
		if got := createdWindow(tt.bounds).created(); got != tt.want {
			t.Errorf("%v: created=%q, want %q", tt.bounds, got, tt.want)
		}
	}
	if w := createdWindow([]Bound{{OpGT, "2026-09-02"}, {OpLT, "2026-09-01"}}); !w.empty() {
		t.Errorf("%v should hold no time", w)
	}
	if w := createdWindow([]Bound{{OpGE, "2026-09-01"}}); !w.lo.Equal(day("2026-09-01T00:00:00Z")) {
		t.Errorf("lo %v", w.lo)
	}
}
