package vtab

import (
	"errors"
	"strings"
	"testing"
)

func col(t *testing.T, table *Table, name string) int {
	t.Helper()
	i := table.schema.Index(name)
	if i < 0 {
		t.Fatalf("%s has no column %s", table.Name, name)
	}
	return i
}

func TestBestIndexPushesDownRequiredConstraints(t *testing.T) {
	runID, id := col(t, jobsTable, "run_id"), col(t, jobsTable, "id")
	attempt, name := col(t, jobsTable, "run_attempt"), col(t, jobsTable, "name")
	tests := []struct {
		name        string
		constraints []IndexConstraint
		wantErr     error
		wantArgs    []int // ArgvIndex per constraint
		failsLater  bool  // plan accepted, Filter reports what is missing
	}{
		{
			name:        "run_id",
			constraints: []IndexConstraint{{Column: runID, Op: OpEQ, Usable: true}},
			wantArgs:    []int{1},
		},
		{
			name: "run_id and attempt, name left to SQLite",
			constraints: []IndexConstraint{
				{Column: name, Op: OpEQ, Usable: true},
				{Column: attempt, Op: OpEQ, Usable: true},
				{Column: runID, Op: OpEQ, Usable: true},
			},
			wantArgs: []int{0, 2, 1},
		},
		{
			name:        "id",
			constraints: []IndexConstraint{{Column: id, Op: OpEQ, Usable: true}},
			wantArgs:    []int{1},
		},
		{
			name:        "run_id not usable in this join order",
			constraints: []IndexConstraint{{Column: runID, Op: OpEQ, Usable: false}},
			wantErr:     ErrConstraint,
		},
		{
			name:        "range on run_id is not enough",
			constraints: []IndexConstraint{{Column: runID, Op: 4, Usable: true}},
			wantArgs:    []int{0},
			failsLater:  true,
		},
		{
			name:       "no constraint at all",
			failsLater: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := jobsTable.BestIndex(&IndexInfo{Constraints: tt.constraints})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			for i, want := range tt.wantArgs {
				if got := plan.Uses[i].ArgvIndex; got != want {
					t.Errorf("constraint %d: argvIndex %d, want %d", i, got, want)
				}
			}
			p, _ := decodePlan(plan.Str)
			if (p.Need < 0) != tt.failsLater {
				t.Errorf("plan fails in Filter = %v, want %v", p.Need < 0, tt.failsLater)
			}
		})
	}
}

func TestBestIndexPrefersCheaperPlans(t *testing.T) {
	runID, id := col(t, jobsTable, "run_id"), col(t, jobsTable, "id")
	byRun, _ := jobsTable.BestIndex(&IndexInfo{Constraints: []IndexConstraint{{Column: runID, Op: OpEQ, Usable: true}}})
	byID, _ := jobsTable.BestIndex(&IndexInfo{Constraints: []IndexConstraint{{Column: id, Op: OpEQ, Usable: true}}})
	missing, _ := jobsTable.BestIndex(&IndexInfo{})
	if !(byID.Cost < byRun.Cost && byRun.Cost < missing.Cost) {
		t.Errorf("costs: id %g, run_id %g, missing %g; want id < run_id < missing", byID.Cost, byRun.Cost, missing.Cost)
	}
}

func TestInListsAreTakenAllAtOnce(t *testing.T) {
	runID := col(t, stepsTable, "run_id")
	plan, err := stepsTable.BestIndex(&IndexInfo{Constraints: []IndexConstraint{{Column: runID, Op: OpEQ, Usable: true, CanInAll: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Uses[0].InAll {
		t.Fatal("an IN on run_id is not taken all at once")
	}
	lists, _ := Lists(plan.Str)
	if len(lists) != 1 || !lists[0] {
		t.Errorf("Lists = %v, want [true]", lists)
	}
}

func TestNeedsMessageNamesColumnsAndExample(t *testing.T) {
	want := map[*Table]string{
		jobsTable:    "jobs: needs run_id or id, e.g. WHERE run_id = 123",
		stepsTable:   "steps: needs job_id or run_id, e.g. WHERE run_id = 123",
		jobLogsTable: "job_logs: needs job_id or run_id, e.g. WHERE job_id = 123",
	}
	for table, msg := range want {
		if got := table.needsMessage(nil); got != msg {
			t.Errorf("%s: %q, want %q", table.Name, got, msg)
		}
	}
}

func TestSchemaDeclaresEveryTable(t *testing.T) {
	var names []string
	for _, tbl := range Tables() {
		names = append(names, tbl.Name)
		if !strings.HasPrefix(tbl.Schema().Declaration(), "CREATE TABLE "+tbl.Name+"(owner TEXT, repo TEXT") {
			t.Errorf("%s declaration: %s", tbl.Name, tbl.Schema().Declaration())
		}
	}
	if got, want := strings.Join(names, ","), "jobs,steps,job_logs,runs,workflows,annotations,repos,artifacts,caches,runners,test_results"; got != want {
		t.Errorf("tables %s, want %s", got, want)
	}
	if h := jobsTable.schema.Columns[jobsTable.schema.Index("filter")]; !h.Hidden {
		t.Error("jobs.filter is not hidden")
	}
}

func TestParseSchemaReportsMistakesWithLine(t *testing.T) {
	_, err := parseSchema("CREATE TABLE t (\n  a TEXT,\n  b NUMBERISH\n);\n")
	if err == nil || !strings.Contains(err.Error(), "schema.sql:3") {
		t.Fatalf("err = %v, want a mention of schema.sql:3", err)
	}
}

func TestConvertFollowsColumnAffinity(t *testing.T) {
	tests := []struct {
		in     Value
		typ    string
		want   Value
		wantOK bool
	}{
		{int64(5), "INTEGER", int64(5), true},
		{"123", "INTEGER", int64(123), true},
		{" 42 ", "INTEGER", int64(42), true},
		{"3.0e+5", "INTEGER", int64(300000), true},
		{7.0, "INTEGER", int64(7), true},
		{7.5, "INTEGER", nil, false},
		{"abc", "INTEGER", nil, false},
		{"0x10", "INTEGER", nil, false},
		{nil, "INTEGER", nil, false},
		{[]byte("1"), "INTEGER", nil, false},
		{"Octo", "TEXT", "Octo", true},
		{int64(12), "TEXT", "12", true},
		{1.5, "TEXT", "1.5", true},
		{2.0, "TEXT", "2.0", true},
		{nil, "TEXT", nil, false},
	}
	for _, tt := range tests {
		got, ok := convert(tt.in, tt.typ)
		if ok != tt.wantOK || got != tt.want {
			t.Errorf("convert(%#v, %s) = %#v, %v; want %#v, %v", tt.in, tt.typ, got, ok, tt.want, tt.wantOK)
		}
	}
}

// TestPatternsReachKeysThatTakeThem: LIKE and GLOB (ops 65 and 66) become
// arguments only on a key that declares them, and SQLite still checks
// them on every row; a LIKE elsewhere stays SQLite's.
func TestPatternsReachKeysThatTakeThem(t *testing.T) {
	caches, artifacts := tableNamed("caches"), tableNamed("artifacts")
	key, name := col(t, caches, "key"), col(t, artifacts, "name")
	plan, err := caches.BestIndex(&IndexInfo{Constraints: []IndexConstraint{
		{Column: key, Op: OpLike, Usable: true}, {Column: key, Op: OpGlob, Usable: true}}})
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range plan.Uses {
		if u.ArgvIndex != i+1 || u.Omit {
			t.Errorf("caches.key pattern %d: %+v, want argument %d, checked by SQLite", i, u, i+1)
		}
	}
	p, _ := decodePlan(plan.Str)
	if len(p.Ops) != 2 || p.Ops[0] != OpLike || p.Ops[1] != OpGlob {
		t.Errorf("plan ops %v, want LIKE then GLOB", p.Ops)
	}
	plan, err = artifacts.BestIndex(&IndexInfo{Constraints: []IndexConstraint{{Column: name, Op: OpLike, Usable: true}}})
	if err != nil || plan.Uses[0].ArgvIndex != 0 {
		t.Errorf("artifacts.name LIKE: %+v, %v; want it left to SQLite", plan, err)
	}
	if prefix, ok := (Bound{Op: OpLike, Value: "setup-%-pip_x"}).Prefix(); !ok || prefix != "setup-" {
		t.Errorf("prefix of LIKE 'setup-%%-pip_x': %q, %v", prefix, ok)
	}
	if prefix, ok := (Bound{Op: OpGlob, Value: "go-[0-9]*"}).Prefix(); !ok || prefix != "go-" {
		t.Errorf("prefix of GLOB 'go-[0-9]*': %q, %v", prefix, ok)
	}
}
