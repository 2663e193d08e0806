package repl

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/actionsql/actionsql/internal/ghapi"
)

const (
	// progressDelay keeps quick statements free of flicker: the line shows
	// only once a statement has run this long.
	progressDelay = 300 * time.Millisecond
	// progressEvery is how often the line is redrawn.
	progressEvery = 250 * time.Millisecond
)

// progress draws one self-updating line on stderr while a statement runs:
// "fetching… 7 requests, 3 logs, 12.4 MB, 4 s".
type progress struct {
	quit     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// startProgress starts the progress line when stderr is a terminal; in a
// pipe or a file it would only be noise.
func (sh *shell) startProgress(before ghapi.StatsSnapshot, start time.Time) *progress {
	p := &progress{quit: make(chan struct{}), done: make(chan struct{})}
	if !sh.errTerminal {
		close(p.done)
		return p
	}
	go p.run(sh.streams.Err, func() string {
		return progressLine(before, sh.stats(), time.Since(start))
	})
	return p
}

func (p *progress) run(w io.Writer, line func() string) {
	defer close(p.done)
	delay := time.NewTimer(progressDelay)
	defer delay.Stop()
	select {
	case <-p.quit:
		return
	case <-delay.C:
	}
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		fmt.Fprintf(w, "\r%s\x1b[K", line())
		select {
		case <-p.quit:
			fmt.Fprint(w, "\r\x1b[K") // leave the line empty for the result
			return
		case <-tick.C:
		}
	}
}

// stop ends the line and waits until it is erased; it may be called more
// than once.
func (p *progress) stop() {
	p.stopOnce.Do(func() { close(p.quit) })
	<-p.done
}

func progressLine(before, now ghapi.StatsSnapshot, elapsed time.Duration) string {
	repos := ""
	if n := now.Sub(before); n.Repos > 0 {
		repos = fmt.Sprintf("%d of %d repositories, ", n.ReposDone, n.Repos)
	}
	return fmt.Sprintf("fetching… %s%s, %s, %s, %d s", repos,
		plural(now.Requests-before.Requests, "request"),
		plural(now.LogDownloads-before.LogDownloads, "log"),
		byteSize(now.Bytes-before.Bytes),
		int(elapsed.Seconds()))
}
