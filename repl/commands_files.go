package repl

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// savedSchema is the name .open attaches a database file under.
const savedSchema = "saved"

func (sh *shell) outputTo(args []string) error {
	path := ""
	if len(args) == 1 {
		path = args[0]
	}
	if err := sh.output.redirect(path); err != nil {
		return err
	}
	if path != "" {
		fmt.Fprintf(sh.console(), "results go to %s until .output alone\n", path)
	}
	return nil
}

func (sh *shell) once(args []string) error {
	return sh.output.redirectOnce(args[0])
}

func (sh *shell) read(args []string) error {
	return sh.runFile(expandHome(args[0]))
}

// open attaches a database file as "saved". sqlite3's .open replaces the
// main database, but here the main database belongs to the session (and to
// --db); attaching keeps everything else as it was and still lets results
// be kept: CREATE TABLE saved.failures AS SELECT ...
func (sh *shell) open(args []string) error {
	path := expandHome(args[0])
	if err := sh.detachSaved(); err != nil {
		return err
	}
	if _, err := sh.app.DB.ExecContext(sh.ctx, "ATTACH DATABASE ? AS "+savedSchema, path); err != nil {
		return fmt.Errorf("cannot open %s: %w", args[0], err)
	}
	// ATTACH accepts any file; reading its schema shows whether it is a
	// database before the user's first CREATE TABLE fails on it.
	if _, err := sh.app.DB.ExecContext(sh.ctx, "SELECT count(*) FROM "+savedSchema+".sqlite_schema"); err != nil {
		sh.detachSaved()
		return fmt.Errorf("cannot open %s: %w", args[0], err)
	}
	fmt.Fprintf(sh.console(), "%s is attached as %q: keep results with CREATE TABLE %s.NAME AS SELECT ...\n", args[0], savedSchema, savedSchema)
	return nil
}

// detachSaved detaches the file a previous .open attached, if any.
func (sh *shell) detachSaved() error {
	var attached int
	row := sh.app.DB.QueryRowContext(sh.ctx, "SELECT count(*) FROM pragma_database_list WHERE name = ?", savedSchema)
	if err := row.Scan(&attached); err != nil || attached == 0 {
		return err
	}
	if _, err := sh.app.DB.ExecContext(sh.ctx, "DETACH DATABASE "+savedSchema); err != nil {
		return fmt.Errorf("cannot close the database opened before: %w", err)
	}
	return nil
}

// expandHome turns a leading ~/ into the home directory, as a shell would:
// file names here are typed by hand.
func expandHome(path string) string {
	rest, ok := strings.CutPrefix(path, "~/")
	if !ok {
		return path
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return path
	}
	return filepath.Join(home, rest)
}
