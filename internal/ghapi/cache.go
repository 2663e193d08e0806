package ghapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/actionsql/actionsql/internal/diskcache"
)

// This file is the client's HTTP cache: the rules of RFC 9111 that GitHub's
// answers need, kept small (no well-kept Go library implements them today),
// over internal/diskcache, which stores the entries.
//
//   - A 200 answer to a GET is kept with its ETag and its Cache-Control
//     max-age (GitHub sends max-age=60), unless Cache-Control says no-store;
//     so is a 404 (a join probing an attempt that does not exist asks the
//     same again), for its max-age only.
//   - A fresh entry is served with no request at all.
//   - A stale one is revalidated with If-None-Match; a 304 (which costs no
//     rate limit) renews it and serves the kept body.
//   - What can no longer change is kept for good: a job once completed, its
//     log (the API has one only for a finished job), and the 410 Gone of a
//     log that expired (GitHub deletes logs past their retention, and they
//     never come back), so a repeat query on an old run asks nothing.
//
// Entries are keyed by the request's URL, its Accept and API version
// headers, and the identity of the token (a hash, never the token), so two
// users of one machine never see each other's data.

// maxCachedJSON bounds the API answers the cache keeps; a larger one (none
// of the endpoints read gives one) passes through unkept.
const maxCachedJSON = 32 << 20

// keptHeaders are the response headers an entry keeps: what the client
// reads (Link for pagination) and what revalidation needs.
var keptHeaders = []string{"Content-Type", "ETag", "Link", "Cache-Control", "Last-Modified", "X-GitHub-Media-Type"}

// tokenIdentity names whose data an entry holds without saying the token.
func tokenIdentity(token string) string {
	if token == "" {
		return "anonymous"
	}
	sum := sha256.Sum256([]byte("actionsql cache identity\x00" + token))
	return hex.EncodeToString(sum[:16])
}

// cacheTransport serves API GETs from the disk cache and keeps their answers.
type cacheTransport struct {
	next     http.RoundTripper
	cache    *diskcache.Cache
	identity string
	stats    *Stats
	now      func() time.Time
}

func (t *cacheTransport) key(req *http.Request) string {
	return strings.Join([]string{"api", req.URL.String(), req.Header.Get("Accept"), req.Header.Get("X-GitHub-Api-Version"), t.identity}, "\n")
}

func (t *cacheTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || req.Header.Get("Range") != "" {
		return t.next.RoundTrip(req)
	}
	key := t.key(req)
	meta, body, ok := t.lookup(key)
	if !ok {
		return t.fetch(req, key)
	}
	if meta.Immutable || t.now().Sub(meta.StoredAt) < meta.MaxAge {
		t.stats.count(req.Context(), addCacheHit)
		return cachedResponse(req, meta, body), nil
	}
	etag := meta.Header.Get("ETag")
	if etag == "" {
		return t.fetch(req, key)
	}
	return t.revalidate(req, key, meta, body, etag)
}

// lookup reads an entry whole: API answers are small, and a body that
// fails its checksum is then a miss rather than an error mid-decode.
func (t *cacheTransport) lookup(key string) (diskcache.Meta, []byte, bool) {
	meta, r, err := t.cache.Get(key)
	if err != nil {
		return meta, nil, false
	}
	defer r.Close()
	if meta.Size > maxCachedJSON {
		return meta, nil, false
	}
	body := make([]byte, meta.Size)
	if _, err := io.ReadFull(r, body); err != nil {
		return meta, nil, false
	}
	// Reading on to the end is what checks the body against its checksum.
	rest, err := io.ReadAll(io.LimitReader(r, 1))
	return meta, body, err == nil && len(rest) == 0 && keepable(meta.Status)
}

// keepable reports whether answers with status are kept.
func keepable(status int) bool {
	return status == http.StatusOK || status == http.StatusNotFound || status == http.StatusGone
}

func (t *cacheTransport) revalidate(req *http.Request, key string, meta diskcache.Meta, body []byte, etag string) (*http.Response, error) {
	cond := req.Clone(req.Context())
	cond.Header.Set("If-None-Match", etag)
	resp, err := t.next.RoundTrip(cond)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusNotModified {
		return t.keep(req, key, resp)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	t.stats.count(req.Context(), addNotModified)
	meta.StoredAt = t.now()
	if age, ok := maxAge(resp.Header); ok {
		meta.MaxAge = age
	}
	t.cache.Refresh(key, meta) // a failure only costs the next query a revalidation
	return cachedResponse(req, meta, body), nil
}

func (t *cacheTransport) fetch(req *http.Request, key string) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	return t.keep(req, key, resp)
}

// keep stores an answer that may be kept, and returns it readable.
func (t *cacheTransport) keep(req *http.Request, key string, resp *http.Response) (*http.Response, error) {
	age, cacheable := maxAge(resp.Header)
	gone := resp.StatusCode == http.StatusGone
	if !keepable(resp.StatusCode) || !cacheable || gone && !logPath.MatchString(req.URL.Path) ||
		resp.StatusCode == http.StatusNotFound && age == 0 {
		return resp, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxCachedJSON+1))
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	if len(body) > maxCachedJSON {
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		return resp, nil
	}
	resp.Body.Close()
	resp.Body = newMemoryBody(body)
	if gone && namesAPIVersion(body) {
		return resp, nil // an older server refusing the version header, not an expired log
	}
	meta := diskcache.Meta{
		Status:    resp.StatusCode,
		Header:    kept(resp.Header),
		StoredAt:  t.now(),
		MaxAge:    age,
		Immutable: gone || resp.StatusCode == http.StatusOK && immutable(req.URL.Path, body),
	}
	t.store(key, meta, body)
	return resp, nil
}

// store writes an entry; a cache that cannot be written only costs requests.
func (t *cacheTransport) store(key string, meta diskcache.Meta, body []byte) {
	w, err := t.cache.Create(key, meta)
	if err != nil {
		return
	}
	if _, err := w.Write(body); err != nil {
		w.Abort()
		return
	}
	w.Commit()
}

func kept(h http.Header) http.Header {
	out := http.Header{}
	for _, name := range keptHeaders {
		if v := h.Values(name); len(v) > 0 {
			out[http.CanonicalHeaderKey(name)] = append([]string(nil), v...)
		}
	}
	return out
}

// cachedResponse is the answer an entry gives, as the network would have.
func cachedResponse(req *http.Request, meta diskcache.Meta, body []byte) *http.Response {
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", meta.Status, http.StatusText(meta.Status)),
		StatusCode:    meta.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        meta.Header.Clone(),
		Body:          newMemoryBody(body),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// maxAge reads Cache-Control: how long an answer stays fresh, and whether
// it may be kept at all (not with no-store).
func maxAge(h http.Header) (time.Duration, bool) {
	var age time.Duration
	for _, directive := range strings.Split(h.Get("Cache-Control"), ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(strings.ToLower(directive)), "=")
		switch name {
		case "no-store":
			return 0, false
		case "no-cache":
			return 0, true
		case "max-age":
			if n, err := strconv.Atoi(value); err == nil && n > 0 {
				age = time.Duration(n) * time.Second
			}
		}
	}
	return age, true
}

var (
	jobPath = regexp.MustCompile(`/actions/jobs/[0-9]+$`)
	logPath = regexp.MustCompile(`/actions/jobs/[0-9]+/logs$`)
)

// immutable reports whether an answer can never change: a job once
// completed (a re-run makes new jobs). Listings are never immutable: a
// re-run adds an attempt, and a job that waits on others may appear late.
func immutable(path string, body []byte) bool {
	if !jobPath.MatchString(path) {
		return false
	}
	var job struct {
		Status string `json:"status"`
	}
	return json.Unmarshal(body, &job) == nil && job.Status == "completed"
}
