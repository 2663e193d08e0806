// Package ghapi is the one layer every GitHub request passes through: it owns
// authentication, the API version header, request accounting and error
// reporting for the workflow-jobs endpoints that actionsql's tables read.
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

	"github.com/google/go-github/v92/github"
	"golang.org/x/oauth2"
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
}

// DefaultConcurrency is Options.Concurrency's default.
const DefaultConcurrency = 16

// Client reads workflow jobs and their logs. It is safe for concurrent use.
type Client struct {
	gh      *github.Client
	logHTTP *http.Client
	base    *url.URL
	stats   Stats
	version *versionTransport
}

// Stats counts what a Client has done; read it with Snapshot.
type Stats struct {
	requests      atomic.Int64
	logDownloads  atomic.Int64
	bytes         atomic.Int64
	rateRemaining atomic.Int64 // -1 until a response said
	rateLimit     atomic.Int64
}

// StatsSnapshot is a point-in-time copy of Stats.
type StatsSnapshot struct {
	Requests      int64 // API requests sent (not counting log downloads)
	LogDownloads  int64 // log bodies fetched from their signed URLs
	Bytes         int64 // response body bytes read, API and logs
	RateRemaining int64 // -1 when unknown
	RateLimit     int64
}

// Snapshot returns the current counts.
func (s *Stats) Snapshot() StatsSnapshot {
	return StatsSnapshot{
		Requests:      s.requests.Load(),
		LogDownloads:  s.logDownloads.Load(),
		Bytes:         s.bytes.Load(),
		RateRemaining: s.rateRemaining.Load(),
		RateLimit:     s.rateLimit.Load(),
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
		transport = t
	}
	c := &Client{base: base}
	c.stats.rateRemaining.Store(-1)
	network := newLimitTransport(transport, concurrency)
	c.version = &versionTransport{next: &countingTransport{next: network, stats: &c.stats}}
	c.version.setVersion(opts.APIVersion)

	apiTransport := http.RoundTripper(&headerTransport{next: c.version, userAgent: opts.UserAgent})
	if opts.Token != "" {
		apiTransport = &oauth2.Transport{
			Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: opts.Token}),
			Base:   apiTransport,
		}
	}
	baseString := base.String()
	gh, err := github.NewClient(
		github.WithHTTPClient(&http.Client{Transport: apiTransport}),
		github.WithURLs(&baseString, nil),
		github.WithRateLimitRedirectionalEndpoints(),
	)
	if err != nil {
		return nil, fmt.Errorf("set up the GitHub client for %s: %w", base, err)
	}
	c.gh = gh
	c.logHTTP = &http.Client{Transport: &countingTransport{next: network, stats: &c.stats, logs: true}}
	return c, nil
}

// CachesLogs reports whether the logs the client downloads are kept on
// disk as they are read, so that opening one again costs no request.
func (c *Client) CachesLogs() bool { return false }

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
