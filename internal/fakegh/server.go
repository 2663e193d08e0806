package fakegh

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configures a Server. The zero value serves Default() like
// api.github.com.
type Options struct {
	// Data is what the server serves; nil means Default().
	Data *Dataset
	// PathPrefix mounts the API under a path, as GitHub Enterprise Server
	// does ("/api/v3"). Requests outside it get 404.
	PathPrefix string
	// Latency delays every request (API and blob host); a request whose
	// context ends stops waiting.
	Latency time.Duration
	// Fault, when it returns a non-zero status for a request, makes the
	// server answer that status with a GitHub-style JSON error instead of
	// serving it. It sees both API and blob-host requests (blob paths start
	// with BlobPathPrefix).
	Fault func(*http.Request) int
	// Intercept, when set, stands between the server and every request
	// (API and blob host alike), after the request is recorded and Latency
	// waited out. Given the server's own handling as next, it may answer
	// the request itself, as a failing GitHub would, or pass it on to next,
	// through a ResponseWriter of its own if it likes. The test-only
	// package fakeghtest makes one that injects faults: resets, answers
	// cut short, rate limits, slow answers.
	Intercept func(next http.Handler) http.Handler
	// ValidTokens, when non-empty, lists the tokens accepted; any other
	// token gets 401 Bad credentials.
	ValidTokens []string
	// TokenLogins names the user each token authenticates as (GET /user,
	// private repositories, organization membership); a token not listed
	// is DemoUser's.
	TokenLogins map[string]string
	// SSOAuthorizedTokens are the tokens authorized for the organizations
	// that enforce SAML single sign-on (SSOOrg): any other token of one of
	// their members gets 403 with an X-GitHub-SSO header there.
	SSOAuthorizedTokens []string
	// RejectAPIVersions are X-GitHub-Api-Version values answered with 400,
	// as an older GitHub Enterprise Server does.
	RejectAPIVersions []string
	// Now is the clock for signed-URL expiry and rate-limit windows;
	// nil means time.Now.
	Now func() time.Time
	// AnonymousRateLimit and TokenRateLimit override the hourly quotas
	// (GitHub's 60 and 5000) when positive.
	AnonymousRateLimit int
	TokenRateLimit     int
}

// Server is a running emulated GitHub: the REST API on one loopback port
// and the log blob storage it redirects to on another.
type Server struct {
	opts    Options
	data    *Dataset
	prefix  string
	signKey []byte
	mux     *http.ServeMux

	apiLn, blobLn   net.Listener
	answerAPI       http.Handler // what follows recording and latency: Intercept, then the API
	answerBlob      http.Handler // the same for the blob host
	apiSrv, blobSrv *http.Server
	serving         sync.WaitGroup
	done            chan struct{}
	closeOnce       sync.Once
	closeErr        error

	mu       sync.Mutex
	requests []string
	quotas   map[string]*quota
	seq      uint64
}

// Start listens on two ports of 127.0.0.1 and serves until Close.
func Start(opts Options) (*Server, error) {
	s := &Server{
		opts:   opts,
		data:   opts.Data,
		prefix: strings.TrimSuffix(opts.PathPrefix, "/"),
		done:   make(chan struct{}),
		quotas: map[string]*quota{},
	}
	if s.data == nil {
		s.data = Default()
	}
	if s.prefix != "" && !strings.HasPrefix(s.prefix, "/") {
		s.prefix = "/" + s.prefix
	}
	// A fresh key per server: URLs signed by one server never validate on
	// another, as with real expiring blob URLs.
	s.signKey = make([]byte, 32)
	if _, err := rand.Read(s.signKey); err != nil {
		return nil, fmt.Errorf("fakegh: signing key: %w", err)
	}
	s.mux = s.routes()
	s.answerAPI, s.answerBlob = http.HandlerFunc(s.api), http.HandlerFunc(s.blob)
	if opts.Intercept != nil {
		s.answerAPI, s.answerBlob = opts.Intercept(s.answerAPI), opts.Intercept(s.answerBlob)
	}
	if err := s.listen(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) listen() error {
	var err error
	if s.apiLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		return fmt.Errorf("fakegh: listen: %w", err)
	}
	if s.blobLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		s.apiLn.Close()
		return fmt.Errorf("fakegh: listen: %w", err)
	}
	s.apiSrv = &http.Server{Handler: http.HandlerFunc(s.serveAPI), ReadHeaderTimeout: 10 * time.Second}
	s.blobSrv = &http.Server{Handler: http.HandlerFunc(s.serveBlob), ReadHeaderTimeout: 10 * time.Second}
	s.serve(s.apiSrv, s.apiLn)
	s.serve(s.blobSrv, s.blobLn)
	return nil
}

func (s *Server) serve(srv *http.Server, ln net.Listener) {
	s.serving.Add(1)
	go func() {
		defer s.serving.Done()
		srv.Serve(ln) // returns http.ErrServerClosed on Close
	}()
}

// URL is the API base URL, including PathPrefix, without a trailing slash.
func (s *Server) URL() string { return "http://" + s.apiLn.Addr().String() + s.prefix }

// BlobURL is the base URL of the log storage host.
func (s *Server) BlobURL() string { return "http://" + s.blobLn.Addr().String() }

// Dataset is the data the server serves.
func (s *Server) Dataset() *Dataset { return s.data }

// Close stops both listeners, ends open connections and waits for the
// serving goroutines. Requests waiting out Latency stop at once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		s.closeErr = errors.Join(s.apiSrv.Close(), s.blobSrv.Close())
		s.serving.Wait()
	})
	return s.closeErr
}

// Requests lists the requests received so far, in order, as
// "GET /path?query" (the request target as sent); blob-host requests are
// prefixed "BLOB ".
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// RequestsByHost is Requests split into those the API answered and those
// the blob host did (log downloads, still prefixed "BLOB ").
func (s *Server) RequestsByHost() (api, blob []string) {
	for _, r := range s.Requests() {
		if strings.HasPrefix(r, "BLOB ") {
			blob = append(blob, r)
		} else {
			api = append(api, r)
		}
	}
	return api, blob
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func (s *Server) record(prefix string, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, prefix+r.Method+" "+r.RequestURI)
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// delay waits out Options.Latency. If the client goes away or the server
// closes meanwhile, it aborts the handler: the connection is dropped with
// no response, rather than answered with an empty 200.
func (s *Server) delay(ctx context.Context) {
	if s.opts.Latency <= 0 {
		return
	}
	t := time.NewTimer(s.opts.Latency)
	defer t.Stop()
	select {
	case <-t.C:
		return
	case <-ctx.Done():
	case <-s.done:
	}
	panic(http.ErrAbortHandler)
}

// requestID imitates X-GitHub-Request-Id ("C7D8:2F5C3A:1A2B3C:1B3C4D:66F1A2B3").
func (s *Server) requestID() string {
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()
	port := s.apiLn.Addr().(*net.TCPAddr).Port
	return fmt.Sprintf("%04X:%06X:%06X:%06X:%08X", port&0xFFFF, n*7919%0xFFFFFF, n, n*31%0xFFFFFF, s.now().Unix()&0xFFFFFFFF)
}
