package fakegh

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The request pipeline every API request goes through, in GitHub's order:
// latency and Options.Intercept first, then the path prefix, API version,
// credentials and rate limit, then the endpoint; the response gets
// GitHub's headers, an ETag, and 304 when the client's copy is current.

const docsURL = "https://docs.github.com/rest"

// Supported X-GitHub-Api-Version values, oldest first.
var apiVersions = []string{"2022-11-28", "2026-03-10"}

// caller is who made a request.
type caller struct {
	token string // "" for anonymous
	login string // the user the token authenticates as; "" for anonymous
	ip    string
}

func (c caller) anonymous() bool { return c.token == "" }

type callerKey struct{}

func callerOf(r *http.Request) caller { return r.Context().Value(callerKey{}).(caller) }

// response is what an endpoint produced, before headers are added.
type response struct {
	status int
	body   any // marshalled as JSON; nil for an empty body
	header http.Header
}

func jsonResponse(body any) *response { return &response{status: http.StatusOK, body: body} }

func errorResponse(status int, message, doc string) *response {
	return &response{status: status, body: apiError{Message: message, DocumentationURL: doc, Status: strconv.Itoa(status)}}
}

func notFound() *response { return errorResponse(http.StatusNotFound, "Not Found", docsURL) }

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	s.record("", r)
	s.delay(r.Context())
	s.answerAPI.ServeHTTP(w, r)
}

// api answers an API request that Options.Intercept let through.
func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	if s.fault(w, r) {
		return
	}
	if s.prefix != "" {
		rest, ok := strings.CutPrefix(r.URL.Path, s.prefix)
		if !ok || !strings.HasPrefix(rest, "/") {
			s.writeError(w, notFound())
			return
		}
		r.URL.Path, r.URL.RawPath = rest, ""
	}
	version, resp := s.apiVersion(r)
	if resp != nil {
		s.writeError(w, resp)
		return
	}
	w.Header().Set("X-GitHub-Api-Version-Selected", version)
	c, resp := s.authenticate(r)
	if resp != nil {
		s.writeError(w, resp)
		return
	}
	if r.URL.Path != "/rate_limit" {
		if resp := s.checkQuota(w, c); resp != nil {
			s.writeError(w, resp)
			return
		}
	}
	s.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, c)))
}

// fault answers the status Options.Fault asks for, if any, and reports
// whether it did.
func (s *Server) fault(w http.ResponseWriter, r *http.Request) bool {
	if s.opts.Fault == nil {
		return false
	}
	code := s.opts.Fault(r)
	if code == 0 {
		return false
	}
	s.writeError(w, errorResponse(code, http.StatusText(code), docsURL))
	return true
}

// apiVersion picks the API version the request asked for; a version the
// server does not support gets 400, naming the supported ones.
func (s *Server) apiVersion(r *http.Request) (string, *response) {
	var supported []string
	for _, v := range apiVersions {
		if !slices.Contains(s.opts.RejectAPIVersions, v) {
			supported = append(supported, v)
		}
	}
	asked := r.Header.Get("X-GitHub-Api-Version")
	if asked == "" {
		return apiVersions[0], nil
	}
	if slices.Contains(supported, asked) {
		return asked, nil
	}
	msg := fmt.Sprintf("Unsupported 'X-GitHub-Api-Version' header: %s. Supported versions are: %s.", asked, strings.Join(supported, ", "))
	return "", errorResponse(http.StatusBadRequest, msg, docsURL+"/about-the-rest-api/api-versions")
}

// authenticate reads "Authorization: Bearer T" or "token T". No header
// is an anonymous caller; a token not in ValidTokens gets 401.
func (s *Server) authenticate(r *http.Request) (caller, *response) {
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	c := caller{ip: ip}
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return c, nil
	}
	scheme, token, _ := strings.Cut(auth, " ")
	token = strings.TrimSpace(token)
	known := strings.EqualFold(scheme, "bearer") || strings.EqualFold(scheme, "token")
	if !known || token == "" || len(s.opts.ValidTokens) > 0 && !slices.Contains(s.opts.ValidTokens, token) {
		return c, errorResponse(http.StatusUnauthorized, "Bad credentials", docsURL)
	}
	c.token = token
	c.login = cmp.Or(s.opts.TokenLogins[token], DemoUser)
	return c, nil
}

// quota is one caller's hourly request budget.
type quota struct {
	limit int
	used  int
	reset time.Time
}

func (s *Server) limitFor(c caller) int {
	if c.anonymous() {
		return cmpOr(s.opts.AnonymousRateLimit, 60)
	}
	return cmpOr(s.opts.TokenRateLimit, 5000)
}

func cmpOr(v, fallback int) int {
	if v > 0 {
		return v
	}
	return fallback
}

// quotaOf returns the caller's current window, opening a new one when the
// last has ended. Callers hold s.mu.
func (s *Server) quotaOf(c caller) *quota {
	key := "ip:" + c.ip
	if !c.anonymous() {
		key = "token:" + c.token
	}
	now := s.now()
	q := s.quotas[key]
	if q == nil || !now.Before(q.reset) {
		q = &quota{limit: s.limitFor(c), reset: now.Add(time.Hour).Truncate(time.Second)}
		s.quotas[key] = q
	}
	return q
}

// checkQuota refuses a request when the caller's budget is spent.
func (s *Server) checkQuota(w http.ResponseWriter, c caller) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.quotaOf(c)
	if q.used < q.limit {
		return nil
	}
	setRateHeaders(w.Header(), q)
	who := "user ID " + strconv.FormatInt(tokenUserID(c.token), 10) + "."
	if c.anonymous() {
		who = c.ip + ". (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)"
	}
	return errorResponse(http.StatusForbidden, "API rate limit exceeded for "+who,
		docsURL+"/overview/rate-limits-for-the-rest-api")
}

// tokenUserID is the account a token belongs to, stable per token.
func tokenUserID(token string) int64 {
	h := fnv.New32a()
	h.Write([]byte(token))
	return 1_000_000 + int64(h.Sum32()%90_000_000)
}

// spend counts a request against the caller's budget and sets the
// x-ratelimit-* headers.
func (s *Server) spend(h http.Header, c caller, count bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.quotaOf(c)
	if count {
		q.used++
	}
	setRateHeaders(h, q)
}

func setRateHeaders(h http.Header, q *quota) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(q.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(q.limit-q.used, 0)))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(q.reset.Unix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(q.used))
	h.Set("X-RateLimit-Resource", "core")
}

// endpoint adapts a handler returning a response to http.Handler, adding
// the common headers and conditional-request handling.
func (s *Server) endpoint(h func(*http.Request) *response) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if resp := s.samlGate(r); resp != nil {
			s.finish(w, r, resp)
			return
		}
		s.finish(w, r, h(r))
	})
}

// finish writes an endpoint's response. A 200 whose ETag the client
// already holds becomes 304; GitHub does not count such a request against
// an authenticated caller's budget.
func (s *Server) finish(w http.ResponseWriter, r *http.Request, resp *response) {
	c := callerOf(r)
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	body, err := marshalJSON(resp.body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	status := resp.status
	if resp.body == nil {
		body = nil
	}
	if status == http.StatusOK {
		etag := `W/"` + bodyHash(body) + `"`
		w.Header().Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			status, body = http.StatusNotModified, nil
		}
	}
	free := r.URL.Path == "/rate_limit" || status == http.StatusNotModified && !c.anonymous()
	s.spend(w.Header(), c, !free)
	s.writeHeaders(w.Header(), c, body != nil)
	w.WriteHeader(status)
	w.Write(body)
}

// writeError writes an error raised before routing (no rate-limit
// accounting applies yet).
func (s *Server) writeError(w http.ResponseWriter, resp *response) {
	body, _ := marshalJSON(resp.body)
	s.writeHeaders(w.Header(), caller{}, true)
	w.WriteHeader(resp.status)
	w.Write(body)
}

func (s *Server) writeHeaders(h http.Header, c caller, hasBody bool) {
	if hasBody {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Request-Id", s.requestID())
	h.Set("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding")
	if c.anonymous() {
		h.Set("Cache-Control", "public, max-age=60, s-maxage=60")
	} else {
		h.Set("Cache-Control", "private, max-age=60, s-maxage=60")
	}
}

func bodyHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// etagMatches applies If-None-Match's weak comparison: W/ prefixes are
// ignored, a list matches if any entry does, * matches anything.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
			return true
		}
	}
	return false
}
