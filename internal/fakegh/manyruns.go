package fakegh

import (
	"fmt"
	"time"
)

// ManyRuns is a data set of one repository, me/many, whose workflow CI
// has n completed runs on main, one every `every` from start (the oldest),
// with no jobs: enough runs to meet the 1,000-run cap of filtered
// listings. Run i (0-based, oldest first) has id 1000+i and run number i+1.
func ManyRuns(n int, start time.Time, every time.Duration) *Dataset {
	repo := &Repo{ID: 1, NodeID: repoNodeID(1), Owner: "me", Name: "many", DefaultBranch: "main", OwnerID: 2}
	addManyRuns(repo, 1000, n, start, every)
	return &Dataset{Repos: []*Repo{repo}}
}

// addManyRuns gives repo a workflow CI with n completed jobless runs on
// main, one every `every` from start; run i has id firstID+i.
func addManyRuns(repo *Repo, firstID int64, n int, start time.Time, every time.Duration) {
	ci := newWorkflow(repo, 7, "CI", "ci.yml", "active", start)
	repo.Workflows = []*Workflow{ci}
	times := make([]time.Time, n)
	for i := range times {
		times[i] = start.Add(time.Duration(i) * every)
	}
	addJoblessRuns(repo, ci, firstID, times)
}

// addJoblessRuns gives repo one completed jobless run of wf on main at
// each of times (oldest first); run i has id firstID+i and number i+1.
func addJoblessRuns(repo *Repo, wf *Workflow, firstID int64, times []time.Time) {
	for i := len(times) - 1; i >= 0; i-- { // newest first, as Repo.Runs is kept
		at := times[i]
		id := firstID + int64(i)
		repo.Runs = append(repo.Runs, &Run{
			ID: id, NodeID: runNodeID(repo.ID, id), Workflow: wf, RunNumber: i + 1, Event: "push",
			HeadBranch: "main", HeadSHA: fakeHex(40, repo.Name, i), DisplayTitle: fmt.Sprintf("Change %d", i+1),
			CommitMessage: fmt.Sprintf("Change %d", i+1), Actor: userMona, CreatedAt: at, CheckSuiteID: 5000 + id,
			Attempts: []*Attempt{{Number: 1, TriggeringActor: userMona, CreatedAt: at, UpdatedAt: at.Add(3 * time.Minute),
				Status: "completed", Conclusion: str("success")}},
		})
	}
}
