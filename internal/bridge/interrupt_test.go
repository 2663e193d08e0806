package bridge

import (
	"sync"
	"testing"
	"time"
)

// fakeCursor records the interrupts it gets.
type fakeCursor struct {
	mu     sync.Mutex
	causes []error
}

func (c *fakeCursor) Interrupt(cause error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.causes = append(c.causes, cause)
}

func (c *fakeCursor) interrupts() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.causes)
}

// fakeDB is a connection that can be interrupted, counting the times it
// was asked.
type fakeDB struct {
	mu          sync.Mutex
	asked       int
	interrupted bool
}

func (db *fakeDB) isInterrupted() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.asked++
	return db.interrupted
}

func (db *fakeDB) interrupt() {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.interrupted = true
}

func (db *fakeDB) askedSoFar() int {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.asked
}

// eventTimeout bounds the wait for something a test expects to happen: a
// ceiling a loaded machine never reaches, not a speed claim.
const eventTimeout = 30 * time.Second

// waitUntil polls cond until it holds, failing the test after eventTimeout.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(eventTimeout); !cond(); time.Sleep(pollInterval / 10) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", eventTimeout, what)
		}
	}
}

// TestInterruptWatch follows a watch through a call, an interrupt, the end
// of the call and the next call. It waits for each event rather than for a
// number of poll intervals, so a loaded machine passes too.
func TestInterruptWatch(t *testing.T) {
	db := &fakeDB{}
	w := &interruptWatch{interrupted: db.isInterrupted}
	cur := &fakeCursor{}
	polling := func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.polling
	}

	w.enter(cur)
	waitUntil(t, "a waiting call to make the watch ask SQLite about an interrupt", func() bool { return db.askedSoFar() > 0 })
	if cur.interrupts() != 0 {
		t.Fatal("the cursor was interrupted though SQLite was not")
	}

	db.interrupt()
	waitUntil(t, "the cursor to be interrupted after SQLite was", func() bool { return cur.interrupts() > 0 })
	cur.mu.Lock()
	if got := cur.causes[0]; got != ErrInterrupted {
		t.Errorf("interrupted with %v, want %v", got, ErrInterrupted)
	}
	cur.mu.Unlock()

	// Between calls the connection may be closed: it must not be touched.
	// leave waits for a poll in progress, so nothing asks after it.
	w.leave()
	asked := db.askedSoFar()
	waitUntil(t, "the watch to stop polling after the last call", func() bool { return !polling() })
	if got := db.askedSoFar(); got != asked {
		t.Errorf("SQLite was asked %d more times with no call running", got-asked)
	}

	// The next call starts polling again.
	w.enter(cur)
	waitUntil(t, "a call after the watch went idle to be watched", func() bool { return db.askedSoFar() > asked })
	w.leave()
}

func TestInterruptWatchWithoutSupport(t *testing.T) {
	// A host SQLite older than 3.41 cannot tell: no goroutine, no polling.
	w := &interruptWatch{}
	w.enter(&fakeCursor{})
	defer w.leave()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.polling {
		t.Error("polling without a way to ask SQLite")
	}
}
