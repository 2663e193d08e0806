package examples_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/examples"
)

// The artifacts, caches and runners cookbook says what its titles say:
// each answer is checked against the same tables asked plainly.

// example runs a bundled example on --demo, then the check queries, and
// returns the example's rows and each check's.
func example(t *testing.T, file string, checks ...string) (rows, []rows) {
	t.Helper()
	inTempDir(t)
	for _, e := range examples.All() {
		if e.File != file {
			continue
		}
		script := statement(e.SQL)
		for _, c := range checks {
			script += statement(c)
		}
		results := onDemo(t, script)
		if len(results) != 1+len(checks) {
			t.Fatalf("%s: %d results, want %d", file, len(results), 1+len(checks))
		}
		return results[0], results[1:]
	}
	t.Fatalf("%s is not bundled", file)
	return nil, nil
}

func num(t *testing.T, v any) int64 {
	t.Helper()
	n, err := v.(json.Number).Int64()
	if err != nil {
		t.Fatalf("%v is not an integer", v)
	}
	return n
}

func TestArtifactStorageCountsEveryArtifactOnce(t *testing.T) {
	got, checks := example(t, "artifact_storage_per_workflow_month.sql",
		"SELECT count(*) AS n, sum(expired) AS expired FROM artifacts")
	var n, expired int64
	for _, r := range got {
		n += num(t, r["artifacts"])
		expired += num(t, r["expired"])
	}
	want := checks[0][0]
	if n != num(t, want["n"]) || expired != num(t, want["expired"]) {
		t.Errorf("the months hold %d artifacts (%d expired); the repository has %v (%v expired)", n, expired, want["n"], want["expired"])
	}
}

func TestArtifactsExpiringThisWeekAreLiveAndDueWithinSevenDays(t *testing.T) {
	got, checks := example(t, "artifacts_expiring_this_week.sql",
		`SELECT max(created_at) AS now, datetime(max(created_at), '+7 days') AS week_end FROM artifacts`)
	now, end := checks[0][0]["now"].(string), checks[0][0]["week_end"].(string)
	for _, r := range got {
		// datetime() writes a space for the T and no Z.
		due := r["expires_at"].(string)
		if due < now || strings.NewReplacer("T", " ", "Z", "").Replace(due) >= end {
			t.Errorf("%v of run %v expires %s, outside the week from %s", r["name"], r["run_id"], due, now)
		}
	}
}

func TestCachesNeverUsedAgainWereNeverRestored(t *testing.T) {
	got, checks := example(t, "caches_never_used_again.sql",
		"SELECT ref, key FROM caches WHERE last_accessed_at > created_at")
	restored := map[string]bool{}
	for _, r := range checks[0] {
		restored[fmt.Sprint(r["ref"], " ", r["key"])] = true
	}
	for _, r := range got {
		if restored[fmt.Sprint(r["ref"], " ", r["key"])] {
			t.Errorf("%v on %v was restored after it was saved", r["key"], r["ref"])
		}
	}
	if len(checks[0]) == 0 {
		t.Error("no cache of the demo was ever restored: the check tells nothing")
	}
}

func TestJobsPerSelfHostedRunnerCountsEveryJobTheyRan(t *testing.T) {
	got, checks := example(t, "jobs_per_self_hosted_runner.sql",
		`SELECT count(*) AS n FROM runs r JOIN jobs j ON j.owner = r.owner AND j.repo = r.repo AND j.run_id = r.id
		 WHERE r.owner = 'octo-org' AND r.repo IN ('webapp', 'api-server') AND r.created_at >= '2026-09-01'
		   AND j.runner_name IS NOT NULL AND j.labels LIKE '%self-hosted%'`)
	var n int64
	for _, r := range got {
		n += num(t, r["jobs"])
	}
	if want := num(t, checks[0][0]["n"]); n != want || n == 0 {
		t.Errorf("the runners ran %d jobs; the self-hosted jobs number %d", n, want)
	}
}

func TestBillableMinutesApplyTheOSRates(t *testing.T) {
	got, _ := example(t, "billable_minutes_per_os.sql")
	rates := map[string]int64{"Linux": 1, "Windows": 2, "macOS": 10}
	for _, r := range got {
		os := r["os"].(string)
		if num(t, r["multiplier"]) != rates[os] || num(t, r["billable_minutes"]) != rates[os]*num(t, r["minutes"]) {
			t.Errorf("%s: %v minutes at %v give %v billable; the rate is %d", os, r["minutes"], r["multiplier"], r["billable_minutes"], rates[os])
		}
		if num(t, r["minutes"]) < num(t, r["jobs"]) {
			t.Errorf("%s: %v jobs but %v minutes: every job's minutes round up to at least 1", os, r["jobs"], r["minutes"])
		}
	}
	if len(got) != 3 {
		t.Errorf("%d operating systems, want Linux, Windows and macOS", len(got))
	}
}
