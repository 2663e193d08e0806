package ghapi

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
)

// headerTransport sets the headers every API request carries.
type headerTransport struct {
	next      http.RoundTripper
	userAgent string
}

func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Accept", "application/vnd.github+json")
	if t.userAgent != "" {
		req.Header.Set("User-Agent", t.userAgent)
	}
	return t.next.RoundTrip(req)
}

// versionTransport sends X-GitHub-Api-Version. Older GitHub Enterprise Server
// releases reject versions they do not know (400 or 410 naming the header):
// such a request is retried once with FallbackAPIVersion, which is then used
// for the rest of the process.
type versionTransport struct {
	next    http.RoundTripper
	mu      sync.Mutex
	version string
}

func (t *versionTransport) setVersion(v string) {
	if v == "" {
		v = DefaultAPIVersion
	}
	t.mu.Lock()
	t.version = v
	t.mu.Unlock()
}

func (t *versionTransport) current() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.version
}

func (t *versionTransport) fallBack() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.version = FallbackAPIVersion
	return t.version
}

func (t *versionTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	version := t.current()
	resp, err := t.send(req, version)
	if err != nil || version == FallbackAPIVersion || !rejectsVersion(resp) {
		return resp, err
	}
	resp.Body.Close()
	return t.send(req, t.fallBack())
}

func (t *versionTransport) send(req *http.Request, version string) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("X-GitHub-Api-Version", version)
	return t.next.RoundTrip(req)
}

// rejectsVersion reports whether resp is a server's refusal of the API version
// header. It leaves resp's body readable either way.
func rejectsVersion(resp *http.Response) bool {
	if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusGone {
		return false
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = newMemoryBody(body)
	return err == nil && namesAPIVersion(body)
}

// namesAPIVersion reports whether an error body is about the API version
// header, which is how a server that rejects it says so.
func namesAPIVersion(body []byte) bool {
	return strings.Contains(strings.ToLower(string(body)), "api-version")
}

// countingTransport counts requests, response bytes and the rate limit the
// server reports.
type countingTransport struct {
	next  http.RoundTripper
	stats *Stats
	logs  bool // counts log downloads rather than API requests
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.logs {
		t.stats.count(req.Context(), addLogDownload)
	} else {
		t.stats.count(req.Context(), addRequest)
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	t.recordRate(resp.Header)
	resp.Body = &countingBody{ReadCloser: resp.Body, stats: t.stats, ctx: req.Context()}
	return resp, nil
}

func (t *countingTransport) recordRate(h http.Header) {
	rh := parseRateHeaders(h)
	if rh.remaining >= 0 {
		t.stats.rateRemaining.Store(rh.remaining)
	}
	if rh.limit >= 0 {
		t.stats.rateLimit.Store(rh.limit)
	}
}

type countingBody struct {
	io.ReadCloser
	stats *Stats
	ctx   context.Context // the request's: its Stats count the bytes too
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.stats.count(b.ctx, func(s *Stats) { s.bytes.Add(int64(n)) })
	}
	return n, err
}

// limitTransport bounds the requests waiting for an answer at once. A slot
// is held until the response's headers arrive, not while its body is read:
// a scan holding a log open while a join waits on another request must
// never wait for itself.
type limitTransport struct {
	next  http.RoundTripper
	slots chan struct{}
}

func newLimitTransport(next http.RoundTripper, n int) *limitTransport {
	return &limitTransport{next: next, slots: make(chan struct{}, n)}
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	select {
	case t.slots <- struct{}{}:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	defer func() { <-t.slots }()
	return t.next.RoundTrip(req)
}
