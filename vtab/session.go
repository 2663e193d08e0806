package vtab

import (
	"cmp"
	"sync"
	"sync/atomic"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// Session is what the tables of one or more SQLite connections share: the
// API client, the default repository and the settings. What a statement
// fetches, notes and counts belongs to its connection's Conn. A Session is
// safe for concurrent use.
type Session struct {
	client      *ghapi.Client
	tokenSource string
	demo        bool

	concurrency int
	maxRequests int64
	shared      atomic.Pointer[ghapi.Budget] // set by SpendFrom: every statement spends it

	mu         sync.Mutex
	def        Repo
	conns      map[int64]*Conn
	lastConnID int64
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
	// MaxRequests is the most API requests one statement may spend; 0
	// means no limit.
	MaxRequests int64
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
		conns:       map[int64]*Conn{},
		concurrency: cmp.Or(opts.Concurrency, DefaultConcurrency),
		maxRequests: opts.MaxRequests,
	}
}

// SpendFrom makes every statement that starts from now on spend b rather
// than a budget of its own (MaxRequests per statement): a program that
// runs many statements as one job, as actionsql sync does, bounds the job.
// Call it before the first connection opens, as each connection starts
// its next statement when the last one ends.
func (s *Session) SpendFrom(b *ghapi.Budget) { s.shared.Store(b) }

// budget is what a new statement spends: the shared budget, else one of
// MaxRequests for the statement alone. (No lock: NewConn calls it
// holding s.mu.)
func (s *Session) budget() *ghapi.Budget {
	if b := s.shared.Load(); b != nil {
		return b
	}
	return ghapi.NewBudget(s.maxRequests)
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

// TakeNotes returns the notes of every connection's statements since the
// last call and forgets them. A program running statements on several
// connections at once takes each one's from its Conn instead.
func (s *Session) TakeNotes() []string {
	var notes []string
	for _, c := range s.connList() {
		notes = append(notes, c.TakeNotes()...)
	}
	return notes
}

// Conn returns the Conn with the given ID, nil if it is closed.
func (s *Session) Conn(id int64) *Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns[id]
}

// CancelAll stops every scan in progress on every connection: requests in
// flight return at once and the scans fail with cause.
func (s *Session) CancelAll(cause error) {
	for _, c := range s.connList() {
		c.cancelAll(cause)
	}
}

func (s *Session) connList() []*Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := make([]*Conn, 0, len(s.conns))
	for _, c := range s.conns {
		list = append(list, c)
	}
	return list
}

// busy reports whether a statement reads through the session now.
func (s *Session) busy() bool {
	for _, c := range s.connList() {
		if c.busy() {
			return true
		}
	}
	return false
}

// notFoundHint explains a 404, which GitHub also answers for a private
// repository the token may not read.
func (s *Session) notFoundHint() string {
	token := s.tokenPhrase()
	if s.demo {
		token += ", as a user who may not read a private repository"
	}
	return `a private repository needs a token with the "repo" scope (classic) or "Actions: read" (fine-grained); ` + token
}

// tokenPhrase says where the session's token came from, for notes about
// what it may not read.
func (s *Session) tokenPhrase() string {
	s.mu.Lock()
	source := s.tokenSource
	s.mu.Unlock()
	switch {
	case s.demo:
		return "the demo sends no token"
	case source != "":
		return "the token came from " + source
	}
	return "no token was found (set GH_TOKEN, or run `gh auth login`)"
}

// hasToken reports whether the session's requests carry a token.
func (s *Session) hasToken() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenSource != "" && !s.demo
}

// readAhead is how many parts of a scan (runs, jobs, logs) are fetched
// ahead of the one being read. Twice the requests allowed in flight: what
// is fetched ahead waits for a free slot, so the slots never idle while the
// scan moves from one part to the next.
func (s *Session) readAhead() int { return 2 * s.concurrency }
