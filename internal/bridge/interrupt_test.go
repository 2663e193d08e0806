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

func TestInterruptWatch(t *testing.T) {
	db := &fakeDB{}
	w := &interruptWatch{interrupted: db.isInterrupted}
	cur := &fakeCursor{}

	w.enter(cur)
	time.Sleep(3 * pollInterval)
	if db.askedSoFar() == 0 {
		t.Fatal("a call waited 3 poll intervals and SQLite was never asked about an interrupt")
	}
	if cur.interrupts() != 0 {
		t.Fatal("the cursor was interrupted though SQLite was not")
	}

	db.interrupt()
	time.Sleep(2 * pollInterval)
	if cur.interrupts() == 0 {
		t.Fatalf("the cursor was not interrupted %v after SQLite was", 2*pollInterval)
	}
	cur.mu.Lock()
	if got := cur.causes[0]; got != ErrInterrupted {
		t.Errorf("interrupted with %v, want %v", got, ErrInterrupted)
	}
	cur.mu.Unlock()

	// Between calls the connection may be closed: it must not be touched.
	w.leave()
	time.Sleep(pollInterval / 2)
	asked := db.askedSoFar()
	time.Sleep((idlePolls + 2) * pollInterval)
	if got := db.askedSoFar(); got != asked {
		t.Errorf("SQLite was asked %d more times with no call running", got-asked)
	}
	w.mu.Lock()
	polling := w.polling
	w.mu.Unlock()
	if polling {
		t.Errorf("the watch still polls %v after the last call", (idlePolls+2)*pollInterval)
	}

	// The next call starts polling again.
	w.enter(cur)
	time.Sleep(2 * pollInterval)
	w.leave()
	if db.askedSoFar() == asked {
		t.Error("a call after the watch went idle was not watched")
	}
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
