// Package ghapi is the one layer every GitHub request passes through: it owns
// authentication, the API version header, request accounting and error
// reporting for the Actions endpoints that actionsql's six tables read.
//
// It wraps go-github for the JSON endpoints and downloads logs itself, from
// the signed URL the API redirects to, with a client that never carries the
// token (the URL is on another host and is its own credential).
package ghapi

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/actionsql/actionsql/internal/diskcache"

	"github.com/google/go-github/v92/github"
)

// DefaultAPIVersion is the REST API version sent unless Options says otherwise.
const DefaultAPIVersion = "2026-03-10"

// FallbackAPIVersion is what a server that rejects the requested version
// (older GitHub Enterprise Server) is asked with instead.
const FallbackAPIVersion = "2022-11-28"

// Options configures a Client. The zero value talks to api.github.com
// anonymously with DefaultAPIVersion.
type Options struct {
	BaseURL    string // e.g. https://api.github.com, https://ghe.example.com/api/v3
	Token      string // "" for anonymous requests
	APIVersion string // "" means DefaultAPIVersion
	UserAgent  string
	// Transport carries every request (API and log downloads); nil means
	// http.DefaultTransport. Tests plug in here.
	Transport http.RoundTripper
	// Concurrency bounds the requests waiting for an answer at once; 0
	// means DefaultConcurrency.
	Concurrency int
	// Cache, when set, keeps answers and logs on disk (see cache.go); nil
	// means every request goes to the network.
	Cache *diskcache.Cache
	// Now is the cache's clock, for tests; nil means time.Now.
	Now func() time.Time
	// MaxRetryWait bounds the time one request may spend waiting to be
	// tried again (backoff after a failure, a rate limit's wait); 0 means
	// DefaultMaxRetryWait, and a negative value tries each request once.
	MaxRetryWait time.Duration
	// ResponseTimeout bounds the wait for an answer's headers when
	// Transport is nil, and, whatever the Transport, the wait for the next
	// bytes of a log being downloaded (a stalled download is resumed where
	// it stopped); 0 means DefaultResponseTimeout.
	ResponseTimeout time.Duration
}

// DefaultResponseTimeout is Options.ResponseTimeout's default.
const DefaultResponseTimeout = 30 * time.Second

// DefaultConcurrency is Options.Concurrency's default.
const DefaultConcurrency = 16

// Client reads workflow jobs and their logs. It is safe for concurrent use.
type Client struct {
	gh       *github.Client
	logHTTP  *http.Client
	base     *url.URL
	stats    Stats
	version  *versionTransport
	cache    *diskcache.Cache // nil: none
	identity string           // whose data the cache holds: tokenIdentity
	retrier  *retrier
	stall    time.Duration // how long a log download may send nothing
}

// Stats counts what a Client has done; read it with Snapshot.
type Stats struct {
	requests      atomic.Int64
	logDownloads  atomic.Int64
	bytes         atomic.Int64
	cacheHits     atomic.Int64
	notModified   atomic.Int64
	rateRemaining atomic.Int64 // -1 until a response said
	rateLimit     atomic.Int64
	retries       atomic.Int64
	repos         atomic.Int64
	reposDone     atomic.Int64
}

// StatsSnapshot is a point-in-time copy of Stats.
type StatsSnapshot struct {
	Requests      int64 // API requests sent (not counting log downloads)
	LogDownloads  int64 // log bodies fetched from their signed URLs
	Bytes         int64 // response body bytes read from the network, API and logs
	CacheHits     int64 // answers and logs served from the disk cache with no request
	NotModified   int64 // requests answered 304: served from the cache, free of rate limit
	RateRemaining int64 // -1 when unknown
	RateLimit     int64
	Retries       int64 // requests and log downloads tried again (after a failure or a rate limit's wait)
	Repos         int64 // repositories owner-wide scans read (see FanOut)
	ReposDone     int64 // of those, the ones read to the end
}

// Snapshot returns the current counts.
func (s *Stats) Snapshot() StatsSnapshot {
	return StatsSnapshot{
		Requests:      s.requests.Load(),
		LogDownloads:  s.logDownloads.Load(),
		Bytes:         s.bytes.Load(),
		CacheHits:     s.cacheHits.Load(),
		NotModified:   s.notModified.Load(),
		RateRemaining: s.rateRemaining.Load(),
		RateLimit:     s.rateLimit.Load(),
		Retries:       s.retries.Load(),
		Repos:         s.repos.Load(),
		ReposDone:     s.reposDone.Load(),
	}
}

// New returns a Client for opts.
func New(opts Options) (*Client, error) {
	base, err := parseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	concurrency := cmp.Or(opts.Concurrency, DefaultConcurrency)
	transport := opts.Transport
	if transport == nil {
		// Keep a connection per request in flight for the next one:
		// the default keeps two per host and would reconnect the rest.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = concurrency
		t.ResponseHeaderTimeout = cmp.Or(opts.ResponseTimeout, DefaultResponseTimeout)
		transport = t
	}
	c := &Client{base: base, cache: opts.Cache, identity: tokenIdentity(opts.Token)}
	c.stats.rateRemaining.Store(-1)
	c.retrier = &retrier{maxWait: cmp.Or(opts.MaxRetryWait, DefaultMaxRetryWait), stats: &c.stats}
	api, logs := c.transports(transport, opts, concurrency)
	baseString := base.String()
	gh, err := github.NewClient(
		github.WithHTTPClient(&http.Client{Transport: api}),
		github.WithURLs(&baseString, nil),
		// The transports below wait for rate limits themselves (retry.go,
		// ratelimit.go), within the retry budget, rather than fail at once.
		github.WithDisableRateLimitCheck(),
	)
	if err != nil {
		return nil, fmt.Errorf("set up the GitHub client for %s: %w", base, err)
	}
	c.gh = gh
	c.logHTTP = &http.Client{Transport: logs}
	c.stall = cmp.Or(opts.ResponseTimeout, DefaultResponseTimeout)
	return c, nil
}

// transports builds the two chains every request passes, in one place.
// API requests: retries and rate-limit waits → the token (for the API host
// only) → Accept and User-Agent → API version (and its fallback) → disk
// cache → the statement's request budget → the primary rate limit's gate →
// counting → the bound on requests in flight → a secondary limit's pause
// (for the requests the gate passed) → the network. Every try is counted: a retry is a request.
// Log downloads from the signed URL take the same chain without the token,
// the API headers, the cache or the gate (the log host has no rate limit):
// the client keeps logs itself (OpenJobLog), under the API's name for them,
// as the signed URL changes every time, and retries the download together
// with the request for its URL (logdownload.go), as a signed URL expires.
func (c *Client) transports(network http.RoundTripper, opts Options, concurrency int) (api, logs http.RoundTripper) {
	limited := newLimitTransport(&pauseTransport{next: network}, concurrency)
	var cached http.RoundTripper = &budgetTransport{next: newRateGate(&countingTransport{next: limited, stats: &c.stats})}
	if c.cache != nil {
		now := opts.Now
		if now == nil {
			now = time.Now
		}
		cached = &cacheTransport{next: cached, cache: c.cache, identity: c.identity, stats: &c.stats, now: now}
	}
	c.version = &versionTransport{next: cached}
	c.version.setVersion(opts.APIVersion)
	api = &headerTransport{next: c.version, userAgent: opts.UserAgent}
	if opts.Token != "" {
		api = &tokenTransport{next: api, header: secret("Bearer " + opts.Token), api: c.base}
	}
	api = &retryTransport{next: api, retrier: c.retrier}
	return api, &countingTransport{next: limited, stats: &c.stats, logs: true}
}

// CachesLogs reports whether the logs the client downloads are kept on
// disk as they are read, so that opening one again costs no request.
func (c *Client) CachesLogs() bool { return c.cache != nil }

// Cache returns the disk cache the client reads through, nil when none.
func (c *Client) Cache() *diskcache.Cache { return c.cache }

// Stats returns the client's counters.
func (c *Client) Stats() *Stats { return &c.stats }

// APIVersion returns the REST API version requests are sent with now (it
// changes once if the server rejected the one asked for).
func (c *Client) APIVersion() string { return c.version.current() }

// BaseURL returns the API root the client talks to.
func (c *Client) BaseURL() string { return strings.TrimSuffix(c.base.String(), "/") }

func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = "https://api.github.com"
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("API URL %q: want http(s)://HOST[/PATH], e.g. https://api.github.com or https://ghe.example.com/api/v3", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}
