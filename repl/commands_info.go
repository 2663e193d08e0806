package repl

import (
	"fmt"
	"io"
	"strings"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/vtab"
)

// tables lists actionsql's tables, then the ones the user created, in
// columns as sqlite3 does.
func (sh *shell) tables([]string) error {
	names := actionsqlTableNames()
	user, err := sh.userTables()
	if err != nil {
		return err
	}
	for _, t := range user {
		names = append(names, t.qualified())
	}
	return sh.commandOutput(func(w io.Writer) error {
		return writeColumns(w, names, 80)
	})
}

// writeColumns prints names down columns that fit in width characters.
func writeColumns(w io.Writer, names []string, width int) error {
	longest := 0
	for _, n := range names {
		longest = max(longest, len(n))
	}
	perRow := max(1, (width+2)/(longest+2))
	rows := (len(names) + perRow - 1) / perRow
	for r := range rows {
		var line strings.Builder
		for i := r; i < len(names); i += rows {
			fmt.Fprintf(&line, "%-*s  ", longest, names[i])
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(line.String(), " ")); err != nil {
			return err
		}
	}
	return nil
}

// schema shows schema.sql, whose comments say what each column holds and
// which constraints reach the API, and the CREATE statements of the
// user's own tables.
func (sh *shell) schema(args []string) error {
	if len(args) == 0 {
		return sh.commandOutput(sh.writeWholeSchema)
	}
	name := args[0]
	if block, ok := schemaBlock(vtab.SchemaSQL(), name); ok {
		return sh.commandOutput(func(w io.Writer) error {
			_, err := fmt.Fprintln(w, block)
			return err
		})
	}
	stmts, err := sh.userSchema(name)
	if err != nil {
		return err
	}
	if len(stmts) == 0 {
		return fmt.Errorf("no table named %s: .tables lists them", name)
	}
	return sh.commandOutput(func(w io.Writer) error { return writeStatements(w, stmts) })
}

func (sh *shell) writeWholeSchema(w io.Writer) error {
	if _, err := io.WriteString(w, strings.TrimRight(vtab.SchemaSQL(), "\n")+"\n"); err != nil {
		return err
	}
	stmts, err := sh.userSchema("")
	if err != nil || len(stmts) == 0 {
		return err
	}
	fmt.Fprintln(w, "\n-- Your own tables.")
	return writeStatements(w, stmts)
}

func writeStatements(w io.Writer, stmts []string) error {
	for _, s := range stmts {
		if _, err := fmt.Fprintf(w, "%s;\n", s); err != nil {
			return err
		}
	}
	return nil
}

// schemaBlock cuts one table's CREATE TABLE out of schema.sql, with the
// comment lines right above it.
func schemaBlock(schemaSQL, table string) (string, bool) {
	lines := strings.Split(schemaSQL, "\n")
	for i, line := range lines {
		name, ok := strings.CutPrefix(strings.TrimSpace(line), "CREATE TABLE ")
		if !ok || !strings.EqualFold(strings.TrimSpace(strings.TrimSuffix(name, "(")), table) {
			continue
		}
		first := i
		for first > 0 && strings.HasPrefix(strings.TrimSpace(lines[first-1]), "--") {
			first--
		}
		last := i
		for last < len(lines)-1 && strings.TrimSpace(lines[last]) != ");" {
			last++
		}
		return strings.Join(lines[first:last+1], "\n"), true
	}
	return "", false
}

// commandOutput writes a command's answer where results go, so that
// .output and .once capture .schema and .tables as sqlite3's do.
func (sh *shell) commandOutput(write func(io.Writer) error) error {
	w, finish, err := sh.output.forStatement(sh.settings.pager, false)
	if err != nil {
		return err
	}
	err = write(w)
	if finishErr := finish(err == nil, true); err == nil {
		err = finishErr
	}
	return err
}

func (sh *shell) repo(args []string) error {
	if len(args) == 0 {
		fmt.Fprintf(sh.console(), "default repository: %s\n", describeRepo(sh.app.Session.DefaultRepo()))
		return nil
	}
	owner, name, err := config.ParseRepo(args[0])
	if err != nil {
		return err
	}
	sh.app.Session.SetDefaultRepo(vtab.Repo{Owner: owner, Name: name})
	fmt.Fprintf(sh.console(), "queries that name no repository now read %s/%s\n", owner, name)
	return nil
}

func describeRepo(r vtab.Repo) string {
	if r.Owner == "" || r.Name == "" {
		return "none: set with .repo OWNER/REPO"
	}
	return r.String()
}

// rate reports the rate limit from the headers of the last API response.
// It asks the API nothing itself: every request goes through the session's
// client, which reads these headers on each response, so the figures are as
// fresh as the last query.
func (sh *shell) rate([]string) error {
	s := sh.stats()
	if s.RateRemaining < 0 {
		fmt.Fprintln(sh.console(), "no rate limit reported yet: the API reports it with each response, so run a query first")
		return nil
	}
	fmt.Fprintf(sh.console(), "rate limit: %d of %d requests left, as of the last API response (%s this session)\n",
		s.RateRemaining, s.RateLimit, plural(s.Requests, "request"))
	return nil
}

// cache shows where the disk cache is, how big it is and how many entries it
// holds; ".cache clear" empties it.
func (sh *shell) cache(args []string) error {
	c := sh.app.Session.Client().Cache()
	if c == nil {
		fmt.Fprintln(sh.console(), "no disk cache in this session (--no-cache, --demo, or the default cache directory could not be made): every statement fetches fresh data")
		return nil
	}
	if len(args) == 1 && args[0] == "clear" {
		if err := c.Clear(); err != nil {
			return fmt.Errorf("clear the cache: %w", err)
		}
		fmt.Fprintf(sh.console(), "cache %s emptied\n", c.Dir())
		return nil
	}
	if len(args) > 0 {
		return fmt.Errorf(".cache takes nothing or \"clear\", not %q", strings.Join(args, " "))
	}
	entries, size, err := c.Usage()
	if err != nil {
		return fmt.Errorf("read the cache: %w", err)
	}
	noun := "entries"
	if entries == 1 {
		noun = "entry"
	}
	fmt.Fprintf(sh.console(), "cache: %s, %s in %d %s (completed jobs and logs kept for good, the rest revalidated after a minute; .cache clear empties it)\n",
		c.Dir(), byteSize(size), entries, noun)
	return nil
}

func actionsqlTableNames() []string {
	var names []string
	for _, t := range vtab.Tables() {
		names = append(names, t.Name)
	}
	return sortedUnique(names)
}
