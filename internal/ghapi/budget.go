package ghapi

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// Budget bounds the API requests one statement may spend, so that a
// mistyped query (a join without its key, a listing of a huge history)
// cannot empty the hourly rate limit. Answers from the disk cache and
// 304s cost nothing: they do not count against GitHub's limit either.
type Budget struct {
	limit int64
	spent atomic.Int64

	mu     sync.Mutex
	byRepo map[string]int64 // requests spent on each repository's endpoints
}

// NewBudget returns a budget of limit requests; 0 or less means no limit.
func NewBudget(limit int64) *Budget { return &Budget{limit: limit} }

// Spent returns how many requests were spent so far.
func (b *Budget) Spent() int64 { return b.spent.Load() }

// take spends one request, false when none is left.
func (b *Budget) take() bool {
	if b.limit <= 0 {
		b.spent.Add(1)
		return true
	}
	for {
		n := b.spent.Load()
		if n >= b.limit {
			return false
		}
		if b.spent.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// giveBack returns a request that cost nothing (a 304).
func (b *Budget) giveBack() { b.spent.Add(-1) }

// tally counts n requests against the repository path names, if any.
func (b *Budget) tally(path string, n int64) {
	repo := repoOfPath(path)
	if repo == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.byRepo == nil {
		b.byRepo = map[string]int64{}
	}
	b.byRepo[repo] += n
}

// ByRepo returns the requests spent on each repository's endpoints, keyed
// "owner/repo" in lower case (GitHub's names ignore case); requests of no
// repository (an organization's listings) are not in it.
func (b *Budget) ByRepo() map[string]int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return maps.Clone(b.byRepo)
}

// repoOfPath is "owner/repo" of a path under /repos/{owner}/{repo}/ (on
// any API root: /api/v3 on an Enterprise Server), "" for another path.
func repoOfPath(path string) string {
	_, rest, ok := strings.Cut(path, "/repos/")
	if !ok {
		return ""
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return ""
	}
	return strings.ToLower(parts[0] + "/" + parts[1])
}

// BudgetError is a request refused because its statement's Budget is
// spent. Each front end says how to raise the limit in its own words (a
// flag, an environment variable): see Setting.
type BudgetError struct {
	Limit int64
	Path  string // the request that would have gone over
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("not sent: the statement spent its limit of %d API requests; narrow the query, or raise the limit", e.Limit)
}

// Setting names the setting that raises the limit.
func (e *BudgetError) Setting() string { return "max-requests" }

type requestBudgetKey struct{}

// WithBudget returns a context whose API requests spend b.
func WithBudget(ctx context.Context, b *Budget) context.Context {
	return context.WithValue(ctx, requestBudgetKey{}, b)
}

// budgetTransport refuses an API request once its statement's Budget is
// spent, and gives back the ones answered 304.
type budgetTransport struct{ next http.RoundTripper }

func (t *budgetTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	b, ok := req.Context().Value(requestBudgetKey{}).(*Budget)
	if !ok {
		return t.next.RoundTrip(req)
	}
	if !b.take() {
		return nil, &BudgetError{Limit: b.limit, Path: req.URL.Path}
	}
	b.tally(req.URL.Path, 1)
	resp, err := t.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusNotModified {
		b.giveBack()
		b.tally(req.URL.Path, -1)
	}
	return resp, err
}
