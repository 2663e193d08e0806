package fakegh

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Caches are the dependency caches the runs saved with actions/cache and
// the setup-* actions, replayed job by job as GitHub keeps them:
//
//   - A cache belongs to the ref of the run that saved it: refs/heads/main,
//     or refs/pull/N/merge for a pull request. A job restores from its own
//     ref first, then from the default branch's, by exact key, or else by
//     the newest entry whose key starts with its restore prefix.
//   - A job saves when its exact key was not found and it succeeded; of
//     two jobs saving one key, the second finds the key taken.
//   - setup-python, setup-go and setup-node key on the lockfile (the keys
//     the jobs' logs print); a pull request that changes dependencies
//     (dependabot/..., an upgrade) saves its own under its ref. The webapp's
//     ubuntu 3.12 test job also caches .pytest_cache under a key ending in
//     the commit, restored by prefix: a new entry every run, the anti-
//     pattern that fills a repository with caches used once or never.
//   - At BaseTime, entries not accessed for 7 days are gone, then the
//     least recently used until the repository holds 10 GB at most.

// Cache is one entry of a repository's Actions cache.
type Cache struct {
	ID             int64
	Ref            string
	Key            string
	Version        string
	Size           int64
	CreatedAt      time.Time
	LastAccessedAt time.Time
	repo           *Repo
}

const (
	cacheUnusedEviction = 7 * 24 * time.Hour
	cacheRepoLimit      = 10 << 30
)

// Caches returns the repository's cache entries, in creation order.
func (d *Dataset) Caches(repo *Repo) []*Cache { return d.stored().caches[repo] }

// cacheUse is one cache a job restores at its setup and saves at its end.
type cacheUse struct {
	key, prefix, version string // prefix: the restore-keys prefix, "" for none
	size                 int64
	restoreAt, saveAt    time.Time
}

// cacheUses lists the caches a job restores and saves.
func cacheUses(ref *jobRef) []cacheUse {
	c := newLogCtx(ref)
	var uses []cacheUse
	for tool, kind := range map[string]stepKind{"python": kindSetupPython, "go": kindSetupGo, "node": kindSetupNode} {
		setup := stepOf(ref.job, kind)
		if !ran(setup) {
			continue
		}
		key := c.cacheKey(tool)
		if changesDependencies(ref.run.HeadBranch) {
			hash := key[len(key)-64:]
			key = key[:len(key)-64] + fakeHex(64, hash, ref.run.HeadBranch)
		}
		save := ref.job.CompletedAt.Time
		if post := stepOf(ref.job, kindPostCache); post != nil && post.CompletedAt != nil {
			save = post.CompletedAt.Time
		}
		sizes := map[string][2]int64{"python": {20e6, 40e6}, "go": {300e6, 300e6}, "node": {150e6, 150e6}}[tool]
		uses = append(uses, cacheUse{key: key, version: fakeHex(64, "cache-version", tool, c.os),
			size: sizes[0] + spread(key, sizes[1]), restoreAt: setup.CompletedAt.Time, saveAt: save})
	}
	if ref.job.Name == "test (ubuntu-latest, 3.12)" {
		if tests := stepOf(ref.job, kindPytest); ran(tests) {
			prefix := "pytest-cache-Linux-3.12-"
			uses = append(uses, cacheUse{key: prefix + ref.run.HeadSHA, prefix: prefix,
				version: fakeHex(64, "cache-version", "pytest", c.os), size: 180_000 + spread(ref.run.HeadSHA, 2_000_000),
				restoreAt: tests.StartedAt.Time, saveAt: ref.job.CompletedAt.Add(-time.Second)})
		}
	}
	slices.SortFunc(uses, func(a, b cacheUse) int { return strings.Compare(a.key, b.key) })
	return uses
}

// changesDependencies reports whether a branch's pull request changes the
// lockfile, so that its dependency cache has a key of its own.
func changesDependencies(branch string) bool {
	return strings.HasPrefix(branch, "dependabot/") || strings.Contains(branch, "upgrade") || strings.Contains(branch, "drop-python")
}

// spread is a size in [0, n) that a seed picks.
func spread(seed string, n int64) int64 {
	h := fnv.New64a()
	h.Write([]byte(seed))
	return int64(h.Sum64() % uint64(n))
}

// runRef is the ref a run's caches belong to.
func runRef(run *Run) string {
	if run.Event == "pull_request" && run.PullRequest > 0 {
		return fmt.Sprintf("refs/pull/%d/merge", run.PullRequest)
	}
	return "refs/heads/" + run.HeadBranch
}

// repoCaches replays the repository's jobs against its cache and returns
// what is left at BaseTime.
func repoCaches(repo *Repo) []*Cache {
	var entries []*Cache
	// find is the entry a restore at time at gets in ref: the exact key,
	// else the newest entry with the prefix.
	find := func(ref string, u cacheUse) *Cache {
		var best *Cache
		for _, e := range entries {
			if e.Ref != ref || e.Version != u.version || e.CreatedAt.After(u.restoreAt) {
				continue
			}
			if e.Key == u.key {
				return e
			}
			if u.prefix != "" && strings.HasPrefix(e.Key, u.prefix) && (best == nil || e.CreatedAt.After(best.CreatedAt)) {
				best = e
			}
		}
		return best
	}
	completedJobs(repo, func(ref *jobRef) {
		scope := runRef(ref.run)
		for _, u := range cacheUses(ref) {
			hit := find(scope, u)
			if main := "refs/heads/" + repo.DefaultBranch; (hit == nil || hit.Key != u.key) && scope != main {
				if fallback := find(main, u); fallback != nil && (hit == nil || fallback.Key == u.key) {
					hit = fallback
				}
			}
			if hit != nil && u.restoreAt.After(hit.LastAccessedAt) {
				hit.LastAccessedAt = u.restoreAt
			}
			if (hit != nil && hit.Key == u.key) || deref(ref.job.Conclusion) != "success" || taken(entries, scope, u.key) {
				continue
			}
			at := u.saveAt.Add(time.Duration(spread(u.key+scope, 1000)) * time.Millisecond)
			entries = append(entries, &Cache{Ref: scope, Key: u.key, Version: u.version, Size: u.size,
				CreatedAt: at, LastAccessedAt: at, repo: repo})
		}
	})
	return evict(entries)
}

func taken(entries []*Cache, ref, key string) bool {
	return slices.ContainsFunc(entries, func(e *Cache) bool { return e.Ref == ref && e.Key == key })
}

// evict drops what GitHub would have evicted by BaseTime.
func evict(entries []*Cache) []*Cache {
	entries = slices.DeleteFunc(entries, func(e *Cache) bool { return BaseTime.Sub(e.LastAccessedAt) > cacheUnusedEviction })
	var total int64
	for _, e := range entries {
		total += e.Size
	}
	byUse := slices.Clone(entries)
	slices.SortStableFunc(byUse, func(a, b *Cache) int { return a.LastAccessedAt.Compare(b.LastAccessedAt) })
	for _, e := range byUse {
		if total <= cacheRepoLimit {
			break
		}
		total -= e.Size
		entries = slices.DeleteFunc(entries, func(x *Cache) bool { return x == e })
	}
	return entries
}

// assignCacheIDs numbers every repository's entries in creation order.
func assignCacheIDs(all []*Cache, first int64) {
	slices.SortStableFunc(all, func(a, b *Cache) int { return a.CreatedAt.Compare(b.CreatedAt) })
	next := first
	for _, e := range all {
		next += 1 + spread(e.Key+e.Ref, 25)
		e.ID = next
	}
}

// The caches endpoint.

const cachesDocs = docsURL + "/actions/cache#list-github-actions-caches-for-a-repository"

// cacheTimeLayout is how the caches API writes times: UTC, milliseconds.
const cacheTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// listCaches is GET /repos/{owner}/{repo}/actions/caches: ?ref= (exact),
// ?key= (a prefix, case-sensitive), sort and direction.
func (s *Server) listCaches(r *http.Request) *response {
	repo := s.repoOf(r)
	if repo == nil {
		return notFound()
	}
	q := r.URL.Query()
	sortBy := cmp.Or(q.Get("sort"), "last_accessed_at")
	direction := cmp.Or(q.Get("direction"), "desc")
	order, ok := cacheOrders[sortBy]
	if !ok || (direction != "asc" && direction != "desc") {
		return errorResponse(http.StatusUnprocessableEntity,
			"Invalid request.\n\nsort must be one of created_at, last_accessed_at, size_in_bytes; direction must be asc or desc.", cachesDocs)
	}
	var picked []*Cache
	for _, e := range s.data.Caches(repo) {
		if (!q.Has("ref") || e.Ref == q.Get("ref")) && strings.HasPrefix(e.Key, q.Get("key")) {
			picked = append(picked, e)
		}
	}
	slices.SortStableFunc(picked, func(a, b *Cache) int {
		c := cmp.Or(order(a, b), cmp.Compare(a.ID, b.ID))
		if direction == "desc" {
			return -c
		}
		return c
	})
	lo, hi, link := s.paginate(r, len(picked))
	page := make([]object, 0, hi-lo)
	for _, e := range picked[lo:hi] {
		page = append(page, object{
			{"id", e.ID},
			{"ref", e.Ref},
			{"key", e.Key},
			{"version", e.Version},
			{"last_accessed_at", Time{Time: e.LastAccessedAt, Layout: cacheTimeLayout}},
			{"created_at", Time{Time: e.CreatedAt, Layout: cacheTimeLayout}},
			{"size_in_bytes", e.Size},
		})
	}
	return withLink(jsonResponse(cachesList{TotalCount: len(picked), ActionsCaches: page}), link)
}

var cacheOrders = map[string]func(a, b *Cache) int{
	"created_at":       func(a, b *Cache) int { return a.CreatedAt.Compare(b.CreatedAt) },
	"last_accessed_at": func(a, b *Cache) int { return a.LastAccessedAt.Compare(b.LastAccessedAt) },
	"size_in_bytes":    func(a, b *Cache) int { return cmp.Compare(a.Size, b.Size) },
}

// cachesList is the body of the caches listing.
type cachesList struct {
	TotalCount    int      `json:"total_count"`
	ActionsCaches []object `json:"actions_caches"`
}
