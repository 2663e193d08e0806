package repl

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/peterh/liner"
)

// errAborted is what readLine returns when the user pressed Ctrl-C.
var errAborted = errors.New("input line aborted")

// lineReader reads the user's lines.
type lineReader interface {
	// readLine shows prompt and returns the line typed, io.EOF on Ctrl-D
	// or at the end of the input, errAborted on Ctrl-C.
	readLine(prompt string) (string, error)
	// addHistory records something the user ran.
	addHistory(entry string)
	close()
}

// openLineReader returns liner's line editor when both ends are the
// process's own terminal, and a plain line reader otherwise (liner reads
// and writes os.Stdin and os.Stdout themselves). The warning says why
// the history could not be loaded, if it could not.
func (sh *shell) openLineReader() (lineReader, error) {
	s := sh.streams
	if s.In != io.Reader(os.Stdin) || s.Out != io.Writer(os.Stdout) || !s.OutTerminal {
		return &plainReader{in: bufio.NewReader(s.In), prompts: sh.console()}, nil
	}
	l := liner.NewLiner()
	l.SetCtrlCAborts(true)
	l.SetMultiLineMode(true) // long statements wrap instead of scrolling sideways
	l.SetTabCompletionStyle(liner.TabPrints)
	l.SetWordCompleter(sh.complete)
	r := &linerReader{state: l, historyPath: historyPath(os.Getenv)}
	return r, r.loadHistory()
}

// linerReader reads lines with liner: editing, history, Ctrl-R search and
// tab completion.
type linerReader struct {
	state       *liner.State
	historyPath string // "" when there is nowhere to keep the history
	saveFailed  bool   // said once; the session goes on without saving
}

func (r *linerReader) readLine(prompt string) (string, error) {
	line, err := r.state.Prompt(prompt)
	if errors.Is(err, liner.ErrPromptAborted) {
		return "", errAborted
	}
	return line, err
}

func (r *linerReader) close() { r.state.Close() }

// addHistory records entry and saves the history at once, so that it
// survives a session that ends by a closed terminal or a kill.
func (r *linerReader) addHistory(entry string) {
	if strings.TrimSpace(entry) == "" {
		return
	}
	r.state.AppendHistory(entry)
	if err := r.saveHistory(); err != nil && !r.saveFailed {
		r.saveFailed = true
		fmt.Fprintf(os.Stderr, "actionsql: %v\n", err)
	}
}

func (r *linerReader) loadHistory() error {
	if r.historyPath == "" {
		return nil
	}
	f, err := os.Open(r.historyPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("history not loaded: %w", err)
	}
	defer f.Close()
	if _, err := r.state.ReadHistory(f); err != nil {
		return fmt.Errorf("history not fully loaded from %s: %w (remove the file to start afresh)", r.historyPath, err)
	}
	return nil
}

// saveHistory writes the history (liner keeps the last liner.HistoryLimit
// entries, 1000) to a new file readable by the user alone and renames it
// into place: queries can name private repositories, and a crash while
// writing must not cut the history short.
func (r *linerReader) saveHistory() error {
	if r.historyPath == "" {
		return nil
	}
	dir := filepath.Dir(r.historyPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("history not saved: %w", err)
	}
	f, err := os.CreateTemp(dir, ".history-*") // created with mode 0600
	if err != nil {
		return fmt.Errorf("history not saved: %w", err)
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	_, err = r.state.WriteHistory(f)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(f.Name(), r.historyPath)
	}
	if err != nil {
		return fmt.Errorf("history not saved to %s: %w", r.historyPath, err)
	}
	return nil
}

// historyPath is $XDG_STATE_HOME/actionsql/history, by default
// ~/.local/state/actionsql/history; "" when neither is known.
func historyPath(getenv func(string) string) string {
	if state := getenv("XDG_STATE_HOME"); filepath.IsAbs(state) {
		return filepath.Join(state, "actionsql", "history")
	}
	home := getenv("HOME")
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".local", "state", "actionsql", "history")
}

// plainReader reads lines without editing: for input that is not the
// terminal liner drives. Prompts go to prompts, io.Discard when the input is
// a script.
type plainReader struct {
	in      *bufio.Reader
	prompts io.Writer
}

func (r *plainReader) readLine(prompt string) (string, error) {
	fmt.Fprint(r.prompts, prompt)
	line, err := r.in.ReadString('\n')
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		return "", err
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), nil
}

func (r *plainReader) addHistory(string) {}
func (r *plainReader) close()            {}
