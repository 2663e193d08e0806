package vtab

import (
	"errors"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// ErrBusy is returned by SetClient while a statement still reads through the
// session.
var ErrBusy = errors.New("a query is still reading through the current settings; " +
	"finish it (or close its rows) and change settings in a statement of their own")

// SetClient makes the session read through client from now on; tokenSource
// says where the client's token came from, for messages ("" when it has
// none). A statement reads through one client from start to end, so it
// fails with ErrBusy while any cursor of the session is open.
func (s *Session) SetClient(client *ghapi.Client, tokenSource string) error {
	if s.busy() {
		return ErrBusy
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.client = client
	s.tokenSource = tokenSource
	return nil
}

// Interrupt stops the cursor's scan from another goroutine: its requests in
// flight return at once, and the Filter or Next waiting on them fails with
// cause. The scans of other cursors, even of the same session, go on.
func (c *Cursor) Interrupt(cause error) { c.cancel(cause) }
