package vtab

import (
	"sync"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// Conn is one SQLite connection's part of a Session: the cursors open on
// it, the statement they run, that statement's notes, and the requests the
// connection's statements made. SQLite runs one statement of a connection at a time, so two
// queries at once run on two Conns and never see each other's notes,
// fetches or figures. Get one from Session.NewConn; close it with the
// connection.
type Conn struct {
	session *Session
	id      int64

	stats ghapi.Stats // of every statement of the connection

	mu      sync.Mutex
	cursors map[*Cursor]struct{}
	stmt    *statement
	notes   []string      // said since the last TakeNotes
	spent   *ghapi.Budget // the last statement's, until TakeRepoRequests
}

// NewConn returns a new Conn of s.
func (s *Session) NewConn() *Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastConnID++
	c := &Conn{session: s, id: s.lastConnID, cursors: map[*Cursor]struct{}{}}
	c.stmt = newStatement(c)
	s.conns[c.id] = c
	return c
}

// ID names the Conn in its Session (see Session.Conn).
func (c *Conn) ID() int64 { return c.id }

// Session returns the session the Conn belongs to.
func (c *Conn) Session() *Session { return c.session }

// Close forgets the Conn: its connection is closing.
func (c *Conn) Close() {
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	delete(c.session.conns, c.id)
}

// TakeNotes returns the notes of this connection's statements since the
// last call and forgets them.
func (c *Conn) TakeNotes() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	notes := c.notes
	c.notes = nil
	return notes
}

// TakeRepoRequests returns the API requests the connection's last
// statement sent to each repository ("owner/repo", lower case), and
// forgets them; nil when no statement ended since the last call.
func (c *Conn) TakeRepoRequests() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	spent := c.spent
	c.spent = nil
	if spent == nil {
		return nil
	}
	return spent.ByRepo()
}

// Stats returns the requests the connection's statements made so far (a
// statement's are the difference across it: one runs at a time); its
// rate-limit figures are the client's latest.
func (c *Conn) Stats() ghapi.StatsSnapshot {
	s := c.stats.Snapshot()
	client := c.session.Client().Stats().Snapshot()
	s.RateRemaining, s.RateLimit = client.RateRemaining, client.RateLimit
	return s
}

func (c *Conn) addNote(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.notes = append(c.notes, msg)
}

// opened and closed track the cursors alive: the statement lives as long as
// any of them, so it never fetches a resource twice, and the next statement
// sees fresh data.
func (c *Conn) opened(cur *Cursor) *statement {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cursors[cur] = struct{}{}
	return c.stmt
}

func (c *Conn) closed(cur *Cursor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.cursors, cur)
	if len(c.cursors) == 0 {
		c.spent = c.stmt.budget
		c.stmt.end()
		c.stmt = newStatement(c)
	}
}

func (c *Conn) cancelAll(cause error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for cur := range c.cursors {
		cur.cancel(cause)
	}
}

func (c *Conn) busy() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cursors) > 0
}
