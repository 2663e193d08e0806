package bridge

import (
	"errors"
	"sync"
	"time"

	"github.com/actionsql/actionsql/vtab"
)

// ErrInterrupted is why a scan stopped when its host interrupted the
// statement (sqlite3_interrupt: Ctrl-C in the sqlite3 shell, a cancelled
// context in the Go driver). SQLite reports it as SQLITE_INTERRUPT.
var ErrInterrupted = errors.New("interrupted")

// Polling cadence of an interruptWatch: a waiting scan is stopped within
// pollInterval of the interrupt, and the watching goroutine ends after
// idlePolls polls that found no scan waiting.
const (
	pollInterval = 100 * time.Millisecond
	idlePolls    = 10
)

// interruptWatch stops a connection's scans when SQLite is interrupted.
//
// SQLite checks for an interrupt between the steps of a statement, but a
// virtual table's xFilter or xNext waiting on the network is one step that
// may take minutes. So while such a call runs, a goroutine asks SQLite
// every pollInterval whether the connection was interrupted, and if so
// cancels the cursor's requests. The goroutine lives only while calls come
// in, and touches the connection only while one runs, so it never outlives
// the connection.
type interruptWatch struct {
	interrupted func() bool // nil: the host's SQLite cannot tell (before 3.41)

	mu      sync.Mutex
	busy    interruptible // the cursor whose Filter or Next is running
	polling bool
}

// interruptible is what an interruptWatch stops: a *vtab.Cursor.
type interruptible interface{ Interrupt(cause error) }

var _ interruptible = (*vtab.Cursor)(nil)

// enter marks c as waiting in Filter or Next until leave.
func (w *interruptWatch) enter(c interruptible) {
	if w.interrupted == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.busy = c
	if !w.polling {
		w.polling = true
		go w.poll()
	}
}

// leave marks the call enter started as returned.
func (w *interruptWatch) leave() {
	if w.interrupted == nil {
		return
	}
	w.mu.Lock()
	w.busy = nil
	w.mu.Unlock()
}

func (w *interruptWatch) poll() {
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	idle := 0
	for range ticker.C {
		if !w.check(&idle) {
			return
		}
	}
}

// check polls once; it reports false when polling should stop.
func (w *interruptWatch) check(idle *int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.busy == nil {
		*idle++
		if *idle >= idlePolls {
			w.polling = false
			return false
		}
		return true
	}
	*idle = 0
	// Under w.mu a call is in progress, so the connection is open.
	if w.interrupted() {
		w.busy.Interrupt(ErrInterrupted)
	}
	return true
}
