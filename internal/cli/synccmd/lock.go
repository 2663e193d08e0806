package synccmd

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// errBusy is FILE locked by another sync.
var errBusy = errors.New("another actionsql sync is writing to this file")

// lockFile takes an exclusive flock(2) on FILE itself, or fails at once
// with errBusy when another sync holds it; release with the returned
// function. The kernel drops an flock when its last descriptor closes,
// which a process's death does whatever killed it (SIGKILL too), so a
// killed sync never leaves a lock behind, and no lock file is left
// beside FILE. flock locks are apart from the POSIX (fcntl) locks SQLite
// takes on the same file, so the two never meet: readers (sqlite3,
// Datasette, actionsql --db) go on reading FILE while a sync writes it.
// A missing FILE is created empty: an empty file is an empty database.
func lockFile(path string) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w; wait for it to end (each sync commits run by run, so the next one goes on where it stopped)", path, errBusy)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
