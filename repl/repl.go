// Package repl is actionsql's interactive shell: it reads SQL and
// sqlite3-style dot-commands from a terminal, with line editing, history,
// tab completion, Ctrl-C to cancel a running query, a progress line for
// slow ones, and an optional pager.
//
// A statement runs as soon as a line completes it, by SQLite's own rule
// (a ';' outside strings, comments and trigger bodies); dot-commands are
// one line each and only recognised at the start of a statement.
package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/internal/stmt"
	"golang.org/x/term"
)

// Prompts, as sqlite3 shows them; the continuation prompt lines up with the
// first so a multi-line statement reads as one block.
const (
	primaryPrompt      = "actionsql> "
	continuationPrompt = "      ...> "
)

// Options are what a shell starts with: the database, session and
// settings the CLI opened, and how its flags asked results to look.
type Options struct {
	App    *app.App
	Format string         // the output mode, a format.Names name
	Output format.Options // header and NULL text
	Params stmt.Params    // from --param NAME=VALUE
	// OutputFile, when not "", is where results go instead of stdout
	// (--output FILE): like .output FILE, or for a format that writes a
	// file of one result (parquet), that one result, written whole.
	OutputFile string
	Streams    Streams
	// Chart, when not nil, is drawn once a script (piped or given as the
	// SQL argument) has run: --chart KIND[:FILE].
	Chart *ChartRequest
}

// Run reads the standard input: on a terminal it is the interactive shell,
// which returns when the user quits; otherwise the input is a script, run
// up to its end or its first error.
func Run(ctx context.Context, o Options) error {
	sh := newShell(ctx, o)
	defer sh.close()
	if err := sh.outputFile(o.OutputFile); err != nil {
		return err
	}
	if !o.Streams.InTerminal {
		// Piped input is a script: no banner, no prompts, stop at the
		// first error so a script never runs on after a failure.
		return sh.finishScript(sh.runScript(o.Streams.In, source{}))
	}
	return sh.interact()
}

// RunArgument runs the SQL given on the command line, which may hold
// dot-commands too, as a script.
func RunArgument(ctx context.Context, o Options, text string) error {
	sh := newShell(ctx, o)
	defer sh.close()
	if err := sh.outputFile(o.OutputFile); err != nil {
		return err
	}
	return sh.finishScript(sh.runText(text))
}

// outputFile sends results to --output FILE, if given.
func (sh *shell) outputFile(path string) error {
	switch {
	case path == "":
		return nil
	case format.WritesFile(sh.settings.mode):
		sh.output.resultFile = path
		return nil
	}
	return sh.output.redirect(path)
}

// finishScript draws the chart --chart asks for once the script has run
// without error.
func (sh *shell) finishScript(err error) error {
	if err != nil || sh.chartAfter == nil {
		return err
	}
	return sh.draw(sh.chartAfter)
}

// shell is the state of one shell session.
type shell struct {
	ctx      context.Context
	app      *app.App
	runner   *stmt.Runner
	streams  Streams
	settings settings
	output   output
	pending  statementBuffer
	// errTerminal says whether stderr is a terminal: the progress line is
	// drawn only there, never into a pipe or a file.
	errTerminal bool
	interrupts  *interrupter // nil when input is not a terminal
	readDepth   int          // how deep .read and .examples N are nested
	quitting    bool
	// lastResult is the last result set a statement returned, for .chart;
	// nil before the first.
	lastResult *keptResult
	// chartAfter is the chart --chart asks for once the script has run.
	chartAfter *ChartRequest
}

// settings are what the dot-commands change about how results look.
type settings struct {
	mode  string
	opts  format.Options
	timer bool
	pager bool
}

func newShell(ctx context.Context, o Options) *shell {
	return &shell{
		ctx:         ctx,
		app:         o.App,
		runner:      o.App.Runner(o.Params),
		streams:     o.Streams,
		settings:    settings{mode: o.Format, opts: o.Output, timer: o.App.Config.Stats},
		output:      output{stdout: o.Streams.Out, pageable: pageableTerminal(o.Streams)},
		errTerminal: isTerminal(o.Streams.Err),
		chartAfter:  o.Chart,
	}
}

func (sh *shell) close() {
	sh.output.close()
	if sh.interrupts != nil {
		sh.interrupts.stop()
	}
}

// interact is the read-run loop on a terminal.
func (sh *shell) interact() error {
	sh.interrupts = newInterrupter(sh.console())
	in, warning := sh.openLineReader()
	defer in.close()
	printBanner(sh.console(), sh.banner())
	if warning != nil {
		fmt.Fprintf(sh.streams.Err, "actionsql: %v\n", warning)
	}
	for !sh.quitting {
		line, err := in.readLine(sh.prompt())
		switch {
		case errors.Is(err, io.EOF):
			fmt.Fprintln(sh.console()) // leave the user's shell prompt on a fresh line
			return nil
		case errors.Is(err, errAborted):
			sh.abortLine()
			continue
		case err != nil:
			return fmt.Errorf("read from the terminal: %w", err)
		}
		sh.interactiveLine(in, line)
	}
	return nil
}

// interactiveLine handles one typed line and reports any error, so that
// the session goes on after a mistake.
func (sh *shell) interactiveLine(in lineReader, line string) {
	entries, err := sh.feed(line)
	for _, e := range entries {
		in.addHistory(e)
	}
	sh.report(err)
}

// report prints what went wrong with a statement or a command.
func (sh *shell) report(err error) {
	switch {
	case err == nil:
	case errors.Is(err, errInterrupted):
		fmt.Fprintln(sh.streams.Err, "Interrupted")
	default:
		fmt.Fprintf(sh.streams.Err, "actionsql: %v\n", err)
	}
}

// abortLine handles Ctrl-C at the prompt: it drops a half-typed statement,
// or, when there is none, says how to leave (Ctrl-C never quits, so that a
// Ctrl-C meant for a query that just finished cannot end the session).
func (sh *shell) abortLine() {
	if !sh.pending.empty() {
		sh.pending.reset()
		return
	}
	fmt.Fprintln(sh.console(), quitHint)
}

func (sh *shell) prompt() string {
	if sh.pending.empty() {
		return primaryPrompt
	}
	return continuationPrompt
}

// console is where the shell talks to the user (banner, command answers):
// stdout on a terminal, else stderr so that redirected results stay clean.
func (sh *shell) console() io.Writer {
	if sh.streams.OutTerminal {
		return sh.streams.Out
	}
	return sh.streams.Err
}

// feed handles one line of input: a dot-command at the start of a
// statement, or a piece of SQL that runs once a line completes it. It
// returns the history entries for what it ran (none while a statement is
// still incomplete) and the first error.
func (sh *shell) feed(line string) (history []string, err error) {
	if sh.pending.empty() && isCommand(line) {
		return []string{line}, sh.command(line)
	}
	stmts, text, done := sh.pending.add(line)
	if !done {
		return nil, nil
	}
	return historyEntries(text), sh.executeAll(stmts)
}

// executeAll runs statements in turn up to the first error, which carries
// the line its statement starts on.
func (sh *shell) executeAll(stmts []stmt.Statement) error {
	for _, st := range stmts {
		if err := sh.execute(st.Text); err != nil {
			return &offsetError{offset: st.Line, err: err}
		}
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
