package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/actionsql/actionsql/internal/stmt"
)

// errInterrupted is how a statement stopped by Ctrl-C ends.
var errInterrupted = errors.New("interrupted")

// execute runs one statement and prints its result where the output
// settings say, with the progress line, the timer and the notes about
// missing data around it.
func (sh *shell) execute(text string) error {
	ctx, interrupted, done := sh.interruptible()
	defer done()
	dest, finish, err := sh.output.forStatement(sh.settings.pager, format.WritesFile(sh.settings.mode))
	if err != nil {
		return err
	}
	before, start := sh.stats(), time.Now()
	progress := sh.startProgress(before, start)
	if _, toFile := dest.(stmt.Pending); !toFile {
		// The result prints only after the statement has succeeded (it
		// is spooled), so the progress line can be cleared just before.
		dest = &beforeWrite{w: dest, first: progress.stop}
	}
	opts, result := sh.settings.opts, &keeper{}
	opts.Also = result // kept for .chart
	outcome, err := sh.runner.Run(ctx, text, sh.settings.mode, opts, dest)
	progress.stop()
	if kept, ok := result.kept(); ok && err == nil {
		sh.lastResult = &kept
	}
	if finishErr := finish(err == nil, outcome.ResultSet); err == nil {
		err = finishErr
	}
	for _, n := range outcome.Notes {
		fmt.Fprintf(sh.streams.Err, "actionsql: note: %s\n", n)
	}
	if interrupted() {
		err = errInterrupted
	}
	if sh.settings.timer {
		fmt.Fprintln(sh.streams.Err, timerLine(time.Since(start), before, sh.stats()))
		if len(outcome.ByRepo) > 0 {
			fmt.Fprintln(sh.streams.Err, stmt.RepoRequestsLine(outcome.ByRepo))
		}
	}
	return sh.explain(err, text)
}

func (sh *shell) stats() ghapi.StatsSnapshot {
	return sh.app.Session.Client().Stats().Snapshot()
}

// interruptible returns the context a statement runs in. On a terminal,
// Ctrl-C cancels it and every API request in flight; interrupted says
// whether that happened, and done must be called when the statement ends.
func (sh *shell) interruptible() (ctx context.Context, interrupted func() bool, done func()) {
	if sh.interrupts == nil {
		return sh.ctx, func() bool { return false }, func() {}
	}
	ctx, cancel := context.WithCancelCause(sh.ctx)
	hit := false // written under the interrupter's lock, read after end
	end := sh.interrupts.during(func() {
		hit = true
		cancel(errInterrupted)
		// The tables' requests do not run under ctx: cancel them directly,
		// or a slow API would hold the statement until it answers.
		sh.app.Session.CancelAll(errInterrupted)
	})
	return ctx, func() bool { end(); return hit }, func() { end(); cancel(nil) }
}

// quitHint answers Ctrl-C when nothing runs.
const quitHint = "Use .quit or Ctrl-D to exit."

// interrupter turns SIGINT into a call of whatever is running. liner
// reads lines with the terminal's signals off (it sees Ctrl-C as a key),
// so SIGINT mostly arrives while a statement runs; at other times it only
// earns the hint, as a shell must not die of a Ctrl-C pressed a moment
// too late.
type interrupter struct {
	signals chan os.Signal
	mu      sync.Mutex
	current func()
	idle    io.Writer // where the hint goes
}

func newInterrupter(idle io.Writer) *interrupter {
	i := &interrupter{signals: make(chan os.Signal, 1), idle: idle}
	signal.Notify(i.signals, os.Interrupt)
	go i.loop()
	return i
}

func (i *interrupter) loop() {
	for range i.signals {
		i.mu.Lock()
		if i.current != nil {
			i.current()
		} else {
			fmt.Fprintln(i.idle, quitHint)
		}
		i.mu.Unlock()
	}
}

// during makes Ctrl-C call cancel until end is called; end waits for a
// cancel in progress, so that after it the caller sees all its effects.
func (i *interrupter) during(cancel func()) (end func()) {
	i.mu.Lock()
	i.current = cancel
	i.mu.Unlock()
	return func() {
		i.mu.Lock()
		i.current = nil
		i.mu.Unlock()
	}
}

func (i *interrupter) stop() {
	signal.Stop(i.signals)
	close(i.signals)
}

// beforeWrite calls first once, before the first byte reaches w.
type beforeWrite struct {
	w     io.Writer
	first func()
	once  sync.Once
}

func (b *beforeWrite) Write(p []byte) (int, error) {
	b.once.Do(b.first)
	return b.w.Write(p)
}

// timerLine is what .timer on prints after a statement: wall time and
// what it cost in API terms.
func timerLine(elapsed time.Duration, before, after ghapi.StatsSnapshot) string {
	return fmt.Sprintf("Run Time: %.3f s; %s; %s",
		elapsed.Seconds(), activity(before, after), rateLeft(after))
}

// activity says what a statement fetched and what the disk cache spared:
// "7 API requests (2 answered 304), 3 log downloads, 5 from the cache, 12.4 MB".
func activity(before, after ghapi.StatsSnapshot) string {
	return fmt.Sprintf("%s (%d answered 304), %s, %d from the cache, %s",
		plural(after.Requests-before.Requests, "API request"),
		after.NotModified-before.NotModified,
		plural(after.LogDownloads-before.LogDownloads, "log download"),
		after.CacheHits-before.CacheHits,
		byteSize(after.Bytes-before.Bytes))
}

// rateLeft describes the rate limit the API last reported.
func rateLeft(s ghapi.StatsSnapshot) string {
	if s.RateRemaining < 0 {
		return "rate limit not reported yet"
	}
	return fmt.Sprintf("rate limit %d of %d left", s.RateRemaining, s.RateLimit)
}

func plural(n int64, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// byteSize prints a byte count the way people read them: 512 B, 3.1 kB,
// 12.4 MB, 1.2 GB (powers of 1000, as download sizes are quoted).
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	value, prefix := float64(n)/unit, "k"
	for _, p := range []string{"M", "G", "T"} {
		if value < unit {
			break
		}
		value, prefix = value/unit, p
	}
	return fmt.Sprintf("%.1f %sB", value, prefix)
}
