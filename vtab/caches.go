package vtab

import (
	"net/url"
	"slices"
	"strings"
)

// caches: one row per entry of a repository's Actions cache.
var _ = declareEndpoint(&Table{
	Name:  "caches",
	Scope: EachRepoScope,
	Keys: []Key{
		{Column: "ref", Ops: Equal, Keeps: 0.2},
		{Column: "key", Ops: Equal | Like | Glob, Keeps: 0.1},
	},
	Needs:   []Need{{Cost: 100, Rows: 50}},
	Example: "WHERE ref = 'refs/heads/main'",
}, columnMap[cache]{}, cacheRequests)

// cache is a cache entry as the API returns it.
type cache struct {
	repoRow
	ID             *int64   `json:"id"`
	Key            *string  `json:"key"`
	Ref            *string  `json:"ref"`
	Version        *string  `json:"version"`
	SizeInBytes    *int64   `json:"size_in_bytes"`
	CreatedAt      *apiTime `json:"created_at"`
	LastAccessedAt *apiTime `json:"last_accessed_at"`
}

// cacheRequests is one listing per ref and key prefix the query names.
// The API's key matches a prefix, case-sensitively as far as is known,
// and SQLite compares every row again, so a listing may return more
// than the query keeps but must never return less.
func cacheRequests(q *Query, r Repo) []fetch[cache] {
	refs, byRef := q.Texts("ref")
	if !byRef {
		refs = []string{""}
	}
	var fetches []fetch[cache]
	for _, ref := range refs {
		for _, prefix := range keyPrefixes(q) {
			query := url.Values{}
			if byRef {
				query.Set("ref", ref)
			}
			if prefix != "" {
				query.Set("key", prefix)
			}
			fetches = append(fetches, list(Request{Path: r.path("/actions/caches"), Query: query, Items: "actions_caches",
				Subject: "the caches", Permission: `"Actions: read"`, Repo: r}, func(c *cache) int64 { return deref(c.ID) }))
		}
	}
	return fetches
}

// keyPrefixes are the key prefixes to list, one listing each: the keys
// of key = (or IN) when given, those that are a prefix of another one
// left out (their listing holds the other's rows: no row may come twice);
// else the longest prefix a LIKE or GLOB fixes; else "" (every key).
//
// SQLite's LIKE ignores the case of ASCII letters and the API's prefix
// may not, so a LIKE prefix counts only up to its first letter: LIKE
// 'Linux-%' must find 'linux-...' too. GLOB compares case and counts whole.
func keyPrefixes(q *Query) []string {
	if keys, ok := q.Texts("key"); ok {
		// Sorted, a key comes right before the keys it is a prefix of.
		slices.Sort(keys)
		var kept []string
		for _, k := range slices.Compact(keys) {
			if len(kept) == 0 || !strings.HasPrefix(k, kept[len(kept)-1]) {
				kept = append(kept, k)
			}
		}
		return kept
	}
	best := ""
	for _, b := range q.Bounds("key") {
		prefix, ok := b.Prefix()
		if ok && b.Op == OpLike {
			prefix = uptoLetter(prefix)
		}
		if ok && len(prefix) > len(best) {
			best = prefix
		}
	}
	return []string{best}
}

// uptoLetter is s up to its first ASCII letter.
func uptoLetter(s string) string {
	if i := strings.IndexFunc(s, func(c rune) bool { return c < 128 && ('a' <= c|0x20 && c|0x20 <= 'z') }); i >= 0 {
		return s[:i]
	}
	return s
}
