package ghapi

import "context"

// statsKey carries a statement's Stats in the context of its requests.
type statsKey struct{}

// WithStats returns a context whose requests also count in s. A client
// counts every request it makes in its own Stats; a statement that wants
// its own figures (two statements may run at once, on two connections)
// runs its requests under a context made by WithStats.
func WithStats(ctx context.Context, s *Stats) context.Context {
	return context.WithValue(ctx, statsKey{}, s)
}

// count applies add to s and to the Stats ctx carries, if any.
func (s *Stats) count(ctx context.Context, add func(*Stats)) {
	add(s)
	if other, ok := ctx.Value(statsKey{}).(*Stats); ok && other != s {
		add(other)
	}
}

func addRequest(s *Stats)     { s.requests.Add(1) }
func addLogDownload(s *Stats) { s.logDownloads.Add(1) }
func addCacheHit(s *Stats)    { s.cacheHits.Add(1) }
func addNotModified(s *Stats) { s.notModified.Add(1) }
func addRetry(s *Stats)       { s.retries.Add(1) }

// FanOut counts n more repositories that a statement reads one after
// another (an owner-wide scan), in s and in the Stats ctx carries, for a
// progress line to say how many of them are done.
func (s *Stats) FanOut(ctx context.Context, n int) {
	s.count(ctx, func(s *Stats) { s.repos.Add(int64(n)) })
}

// RepoDone counts one repository of a fan-out done.
func (s *Stats) RepoDone(ctx context.Context) {
	s.count(ctx, func(s *Stats) { s.reposDone.Add(1) })
}

// Sub returns the counts of s made since before; the rate-limit figures
// are s's own.
func (s StatsSnapshot) Sub(before StatsSnapshot) StatsSnapshot {
	return StatsSnapshot{
		Requests:      s.Requests - before.Requests,
		LogDownloads:  s.LogDownloads - before.LogDownloads,
		Bytes:         s.Bytes - before.Bytes,
		CacheHits:     s.CacheHits - before.CacheHits,
		NotModified:   s.NotModified - before.NotModified,
		Retries:       s.Retries - before.Retries,
		Repos:         s.Repos - before.Repos,
		ReposDone:     s.ReposDone - before.ReposDone,
		RateRemaining: s.RateRemaining,
		RateLimit:     s.RateLimit,
	}
}
