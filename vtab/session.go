package vtab

import (
	"cmp"
	"fmt"
	"sync"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// Session is what the tables of one or more SQLite connections share: the
// API client, the default repository, the resources fetched by the
// statement running now, and the notes for the user about missing data.
// It is safe for concurrent use.
type Session struct {
	client      *ghapi.Client
	tokenSource string
	demo        bool

	concurrency int

	mu      sync.Mutex
	def     Repo
	cursors map[*Cursor]struct{}
	stmt    *statement
	notes   []string
	noted   map[string]bool // the notes of this statement, said once each
}

// SessionOptions configures a Session.
type SessionOptions struct {
	Client      *ghapi.Client
	DefaultRepo Repo   // used when a query constrains no owner or repo
	TokenSource string // where the token came from, for messages; "" when none
	Demo        bool   // reading the built-in sample GitHub
	// Concurrency is how many runs, pages or logs a scan fetches ahead of
	// the row it is on; 0 means DefaultConcurrency. The client bounds the
	// requests in flight.
	Concurrency int
}

// DefaultConcurrency is SessionOptions.Concurrency's default.
const DefaultConcurrency = 16

// NewSession returns a Session reading through opts.Client.
func NewSession(opts SessionOptions) *Session {
	return &Session{
		client:      opts.Client,
		tokenSource: opts.TokenSource,
		demo:        opts.Demo,
		def:         opts.DefaultRepo,
		cursors:     map[*Cursor]struct{}{},
		stmt:        newStatement(),
		concurrency: cmp.Or(opts.Concurrency, DefaultConcurrency),
	}
}

// Client returns the session's API client.
func (s *Session) Client() *ghapi.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client
}

// DefaultRepo returns the repository used when a query names none.
func (s *Session) DefaultRepo() Repo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.def
}

// SetDefaultRepo changes the repository used when a query names none.
func (s *Session) SetDefaultRepo(r Repo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.def = r
}

// TakeNotes returns the notes added since the last call and forgets them.
func (s *Session) TakeNotes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	notes := s.notes
	s.notes = nil
	return notes
}

// CancelAll stops every scan in progress: requests in flight return at once
// and the scans fail with cause.
func (s *Session) CancelAll(cause error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.cursors {
		c.cancel(cause)
	}
}

// noteOnce tells the user something is missing, once per statement: an inner
// loop of a join may meet the same missing run many times.
func (s *Session) noteOnce(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noted[msg] {
		return
	}
	if s.noted == nil {
		s.noted = map[string]bool{}
	}
	s.noted[msg] = true
	s.notes = append(s.notes, msg)
}

// notFoundHint explains a 404, which GitHub also answers for a private
// repository the token may not read.
func (s *Session) notFoundHint() string {
	s.mu.Lock()
	source := s.tokenSource
	s.mu.Unlock()
	token := "no token was found (set GH_TOKEN, or run `gh auth login`)"
	if source != "" {
		token = "the token came from " + source
	}
	return `a private repository needs a token with the "repo" scope (classic) or "Actions: read" (fine-grained); ` + token
}

// opened and closed track the cursors alive: the statement's resources live
// as long as any of them, so a statement never fetches a resource twice and
// the next statement sees fresh data.
func (s *Session) opened(c *Cursor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cursors[c] = struct{}{}
}

func (s *Session) closed(c *Cursor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.cursors, c)
	if len(s.cursors) == 0 {
		s.stmt.end()
		s.stmt = newStatement()
		s.noted = nil
	}
}

// current returns the statement the open cursors belong to.
func (s *Session) current() *statement {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stmt
}

// readAhead is how many parts of a scan (runs, jobs, logs) are fetched
// ahead of the one being read. Twice the requests allowed in flight: what
// is fetched ahead waits for a free slot, so the slots never idle while the
// scan moves from one part to the next.
func (s *Session) readAhead() int { return 2 * s.concurrency }
