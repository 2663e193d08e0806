package vtab

import "sync"

// sequence remembers the jobs a statement's scans produced, in order, so
// that an inner scan of a join can read ahead of the outer one. SQLite hands
// the inner table one outer row at a time (job_logs WHERE job_id = 1, then
// = 2, ...), which alone would cost a round trip per row; when the job
// asked for is one an outer scan of this statement listed, the jobs listed
// after it are what SQLite will most likely ask for next.
type sequence struct {
	mu    sync.Mutex
	jobs  []repoJob
	index map[string]int // job key → position in jobs
}

func newSequence() *sequence { return &sequence{index: map[string]int{}} }

// add records a job a scan produced; a job seen before keeps its place.
func (q *sequence) add(rj repoJob) {
	q.mu.Lock()
	defer q.mu.Unlock()
	key := jobKey(rj.repo, rj.job.GetID())
	if _, ok := q.index[key]; ok {
		return
	}
	q.index[key] = len(q.jobs)
	q.jobs = append(q.jobs, rj)
}

// after returns up to n jobs produced after the job key names, or nothing
// when no scan of this statement produced that job.
func (q *sequence) after(key string, n int) []repoJob {
	q.mu.Lock()
	defer q.mu.Unlock()
	i, ok := q.index[key]
	if !ok {
		return nil
	}
	end := min(i+1+n, len(q.jobs))
	return append([]repoJob(nil), q.jobs[i+1:end]...)
}
