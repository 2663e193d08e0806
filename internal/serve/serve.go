// Package serve is actionsql's local web page (actionsql serve): an SQL
// editor, the result as a sortable table and as a chart, the bundled
// cookbook as one-click starters, progress while requests run and a Cancel
// that stops them. The page (package page) is embedded in the binary and
// needs nothing from the network.
//
// Routes, all behind the token:
//
//	GET  /                 the page; ?token=T sets the cookie and redirects to the same address without it
//	GET  /static/NAME      the page's script and style sheet
//	GET  /api/info         the default repository, the API and the cookbook, as JSON
//	POST /api/query        {"sql": "..."} → {"columns", "rows", "notes", "stats"}, or {"error"} with 400/502
//	POST /api/chart        {"kind", "columns", "rows", "width", "height"} → the chart as SVG
//
// A result is encoded as its rows are read, and held only so, up to 32 MB
// (what the page can send back to /api/chart): a statement whose rows pass
// that is stopped and answers 400, saying what to do instead.
//
// /api/query streams instead when asked with Accept: application/x-ndjson:
// one JSON object a line, {"progress": STATS} about every 250 ms while the
// statement runs, then {"result": ...} or {"error": ..., "status": CODE}.
// Closing the request (the page's Cancel aborts its fetch) ends the
// request's context, which interrupts the statement and its API requests.
//
// Safe by default: every request needs the token (Authorization: Bearer,
// or the HttpOnly SameSite=Strict cookie the page's first load sets); a
// Host header other than the listen address, localhost or 127.0.0.1 gets
// 403 (DNS rebinding), as does a POST from another Origin; every answer
// carries a Content-Security-Policy that allows nothing but this server.
package serve

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/serve/page"
	"github.com/actionsql/actionsql/internal/stmt"
)

// Options configure a Server.
type Options struct {
	// Listen is the address to listen on, host:port; port 0 picks a free
	// one. "" means DefaultListen.
	Listen string
	// Params bind :NAME, @NAME and $NAME in every query (--param).
	Params stmt.Params
	// Token is what every request must present; "" makes a random one.
	Token string
	// Log, when not nil, gets a line per query with its figures (--stats).
	Log io.Writer
}

// DefaultListen is where the server listens unless told otherwise: the
// loopback interface only.
const DefaultListen = "127.0.0.1:8080"

// Server serves the page and the API for one App.
type Server struct {
	app      *app.App
	params   stmt.Params
	token    string
	log      io.Writer
	listener net.Listener
	hosts    map[string]bool // the Host names accepted, lower case
	cookie   string          // the token cookie's name, one per port
	mux      *http.ServeMux

	mu      sync.Mutex
	running int // queries in progress, for tests and shutdown
}

// New listens on opts.Listen; Serve then answers requests.
func New(a *app.App, opts Options) (*Server, error) {
	listen := opts.Listen
	if listen == "" {
		listen = DefaultListen
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return nil, fmt.Errorf("--listen %q: want HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a free one)", listen)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", listen, err)
	}
	token := opts.Token
	if token == "" {
		token = newToken()
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s := &Server{
		app: a, params: opts.Params, token: token, log: opts.Log, listener: ln,
		hosts:  map[string]bool{"localhost": true, "127.0.0.1": true},
		cookie: "actionsql_token_" + port,
	}
	if host != "" {
		s.hosts[strings.ToLower(strings.Trim(host, "[]"))] = true
	}
	s.routes()
	return s, nil
}

// newToken returns 128 random bits in hex.
func newToken() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.listener.Addr() }

// URL is the page's address with the token: http://HOST:PORT/?token=TOKEN.
// An unspecified listen address (0.0.0.0, ::) is written as 127.0.0.1.
func (s *Server) URL() string {
	host, port, _ := net.SplitHostPort(s.listener.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/?token=" + url.QueryEscape(s.token)
}

// Loopback reports whether the server listens on the loopback interface
// only, out of reach of other machines.
func (s *Server) Loopback() bool {
	host, _, _ := net.SplitHostPort(s.listener.Addr().String())
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve answers requests until ctx ends, then stops the queries still
// running and returns nil once their requests have ended.
func (s *Server) Serve(ctx context.Context) error {
	base, stop := context.WithCancel(context.Background())
	defer stop()
	var fresh freshConns
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
		ConnState:         fresh.track,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(s.listener) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	stop() // every query's context ends: its statement is interrupted
	// A browser opens connections ahead of its requests; Shutdown would
	// wait 5 s for such a connection's first request.
	fresh.closeAll()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// freshConns are the connections that have not sent a request yet.
type freshConns struct {
	mu    sync.Mutex
	conns map[net.Conn]bool
}

func (f *freshConns) track(c net.Conn, state http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conns == nil {
		f.conns = map[net.Conn]bool{}
	}
	if state == http.StateNew {
		f.conns[c] = true
	} else {
		delete(f.conns, c)
	}
}

func (f *freshConns) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		c.Close()
	}
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /{$}", s.servePage)
	s.mux.HandleFunc("GET /static/{name}", s.serveStatic)
	s.mux.HandleFunc("GET /api/info", s.serveInfo)
	s.mux.HandleFunc("POST /api/query", s.serveQuery)
	s.mux.HandleFunc("POST /api/chart", s.serveChart)
}

// contentSecurityPolicy lets the page load its own script, style sheet
// and data from this server and nothing else: no inline script, no other
// origin, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// ServeHTTP checks every request (Host, Origin, token) before its route
// sees it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	if !s.hosts[hostName(r.Host)] {
		// A page of another site whose name was pointed at this machine
		// (DNS rebinding) sends its own name as Host.
		deny(w, r, http.StatusForbidden, "the Host header must name this server (localhost, 127.0.0.1 or the --listen address)")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !s.sameOrigin(r) {
		deny(w, r, http.StatusForbidden, "a request from another site's page is refused (its Origin is not this server)")
		return
	}
	if token, ok := r.URL.Query()["token"]; ok && r.URL.Path == "/" && r.Method == http.MethodGet && s.validToken(token[0]) {
		s.login(w, r) // also when a cookie is there: the address bar must lose the token
		return
	}
	if !s.authorized(r) {
		deny(w, r, http.StatusUnauthorized, "the token is missing or wrong: open the address that actionsql serve printed (it ends ?token=...), or send Authorization: Bearer TOKEN")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// hostName is a Host header's name without the port, in lower case.
func hostName(hostport string) string {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport // no port
	}
	return strings.ToLower(strings.Trim(host, "[]"))
}

// sameOrigin reports whether a request that changes something comes from
// the page itself: no Origin (a script such as curl) or this server's.
func (s *Server) sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	return origin == "" || strings.EqualFold(origin, "http://"+r.Host)
}

// authorized reports whether the request carries the token, in the
// Authorization header or the cookie.
func (s *Server) authorized(r *http.Request) bool {
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return s.validToken(strings.TrimSpace(bearer))
	}
	c, err := r.Cookie(s.cookie)
	return err == nil && s.validToken(c.Value)
}

func (s *Server) validToken(t string) bool {
	return subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1
}

// login keeps the token in a cookie that the page's script cannot read
// and other sites' requests do not carry, then sends the browser to the
// same address without the token, so that the address bar holds a link
// that can be bookmarked and shared without giving the token away.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookie, Value: s.token, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
	q := r.URL.Query()
	q.Del("token")
	target := "/"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// deny answers a refused request: JSON for the API, text for the rest.
func deny(w http.ResponseWriter, r *http.Request, status int, why string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, status, errors.New(why))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "actionsql: %s\n", why)
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page.Index())
}

// serveStatic answers the page's script and style sheet.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	body, contentType, ok := page.File(r.PathValue("name"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Write(body)
}

// begin and end count the queries in progress.
func (s *Server) begin() {
	s.mu.Lock()
	s.running++
	s.mu.Unlock()
}

func (s *Server) end() {
	s.mu.Lock()
	s.running--
	s.mu.Unlock()
}

// Running is how many queries are in progress.
func (s *Server) Running() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}
