package fakegh

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// What the runs leave behind: the artifacts their jobs uploaded and the
// dependency caches they saved. Both are derived from the runs, the same
// way every time, on the first request that needs them; the runs, jobs,
// ids and logs of the data set are not touched.

// storage is a data set's artifacts and caches.
type storage struct {
	artifacts map[*Repo][]*Artifact // newest first
	byID      map[int64]*Artifact
	caches    map[*Repo][]*Cache // in creation order
}

func (d *Dataset) stored() *storage {
	d.storageOnce.Do(func() {
		st := &storage{artifacts: map[*Repo][]*Artifact{}, byID: map[int64]*Artifact{}, caches: map[*Repo][]*Cache{}}
		// Repositories added later number theirs after everyone else's,
		// so that adding one moved no id.
		var all, later []*Artifact
		var caches, laterCaches []*Cache
		for _, repo := range d.Repos {
			st.caches[repo] = repoCaches(repo)
			if repo.laterStorage {
				later = append(later, repoArtifacts(repo)...)
				laterCaches = append(laterCaches, st.caches[repo]...)
				continue
			}
			all = append(all, repoArtifacts(repo)...)
			caches = append(caches, st.caches[repo]...)
		}
		assignArtifactIDs(all, 4_120_000_000)
		assignArtifactIDs(later, 4_380_000_000)
		assignCacheIDs(caches, 1_870_000)
		assignCacheIDs(laterCaches, 2_240_000)
		for _, a := range append(all, later...) {
			st.artifacts[a.repo] = append(st.artifacts[a.repo], a)
			st.byID[a.ID] = a
		}
		for _, list := range st.artifacts {
			slices.SortFunc(list, func(x, y *Artifact) int { return cmp.Compare(y.ID, x.ID) })
		}
		d.storage = st
	})
	return d.storage
}

// completedJobs calls f for every completed job of the repository, in the
// order the jobs started (oldest run first), with its run and attempt.
func completedJobs(repo *Repo, f func(ref *jobRef)) {
	var refs []*jobRef
	for _, run := range repo.Runs {
		for _, att := range run.Attempts {
			for _, job := range att.Jobs {
				if job.Status == "completed" && job.StartedAt != nil && job.CompletedAt != nil {
					refs = append(refs, &jobRef{repo, run, att, job})
				}
			}
		}
	}
	slices.SortStableFunc(refs, func(a, b *jobRef) int {
		return cmp.Or(a.job.StartedAt.Compare(b.job.StartedAt.Time), cmp.Compare(a.job.ID, b.job.ID))
	})
	for _, ref := range refs {
		f(ref)
	}
}

// stepOf returns the job's first step of the given kind, or nil.
func stepOf(job *Job, kind stepKind) *Step {
	for i, st := range job.Steps {
		k := st.kind
		if k == kindInfer {
			k = inferKind(st.Name)
		}
		if k == kind {
			return &job.Steps[i]
		}
	}
	return nil
}

// ran reports whether a step ran to an end of its own: it passed or failed.
func ran(st *Step) bool {
	return st != nil && st.Conclusion != nil && (*st.Conclusion == "success" || *st.Conclusion == "failure") &&
		st.StartedAt != nil && st.CompletedAt != nil
}

// matrixSuffix turns the matrix part of a job name into a name suffix:
// "test (ubuntu-latest, 3.12)" gives "-ubuntu-latest-3.12", "test
// (packages/billing)" "-billing", "test" "".
func matrixSuffix(jobName string) string {
	_, inner, ok := strings.Cut(jobName, "(")
	if !ok {
		return ""
	}
	inner = strings.TrimSuffix(inner, ")")
	if i := strings.LastIndex(inner, "/"); i >= 0 {
		inner = inner[i+1:]
	}
	return "-" + strings.NewReplacer(", ", "-", " ", "-").Replace(inner)
}

// utc is t in UTC, for the storage APIs, which write every time in UTC.
func utc(t time.Time) time.Time { return t.UTC() }
