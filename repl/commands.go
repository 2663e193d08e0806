package repl

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/actionsql/actionsql/vtab"
)

// command is one dot-command.
type command struct {
	name    string // with its dot: ".mode"
	args    string // the arguments as .help shows them, "" for none
	help    string
	minArgs int
	maxArgs int
	run     func(sh *shell, args []string) error
	// argCompletions lists what can follow the command, for tab
	// completion; nil when there is nothing to offer.
	argCompletions func(sh *shell, word string) []string
}

// commands lists the dot-commands in the order .help shows them. It is
// filled in by init, because .help itself reads it.
var commands []*command

func init() {
	commands = []*command{
		{name: ".help", args: "[COMMAND]", help: "show this help, or the help of one command", maxArgs: 1, run: (*shell).help, argCompletions: commandNames},
		{name: ".tables", help: "list the tables: actionsql's own and those you created", run: (*shell).tables},
		{name: ".schema", args: "[TABLE]", help: "show the columns of every table, or of one, with what they mean", maxArgs: 1, run: (*shell).schema, argCompletions: tableNames},
		{name: ".mode", args: "[MODE]", help: "set how results look: " + strings.Join(modeNames(), ", ") + " (parquet: each result to the file .once FILE names)", maxArgs: 1, run: (*shell).mode, argCompletions: modes},
		{name: ".headers", args: "[on|off]", help: "show or hide the header row", maxArgs: 1, run: (*shell).headers, argCompletions: onOff},
		{name: ".nullvalue", args: "TEXT", help: `show NULL as TEXT (.nullvalue "" for nothing)`, minArgs: 1, maxArgs: 1, run: (*shell).nullValue},
		{name: ".timer", args: "[on|off]", help: "after each statement, show its time, API requests (and 304s), log downloads, cache hits, bytes and the rate limit left (--stats turns it on)", maxArgs: 1, run: (*shell).timer, argCompletions: onOff},
		{name: ".pager", args: "[on|off]", help: "page results taller than the terminal through $PAGER (default: " + defaultPager + ")", maxArgs: 1, run: (*shell).pager, argCompletions: onOff},
		{name: ".output", args: "[FILE]", help: "write results to FILE from now on; with no FILE, to the terminal again", maxArgs: 1, run: (*shell).outputTo, argCompletions: fileNames},
		{name: ".once", args: "FILE", help: "write the next result to FILE, in place once the statement succeeded", minArgs: 1, maxArgs: 1, run: (*shell).once, argCompletions: fileNames},
		{name: ".read", args: "FILE", help: "run the SQL and dot-commands in FILE", minArgs: 1, maxArgs: 1, run: (*shell).read, argCompletions: fileNames},
		{name: ".open", args: "FILE", help: "keep results in database FILE, attached as \"saved\": CREATE TABLE saved.t AS SELECT ... (--db FILE opens one as the main database)", minArgs: 1, maxArgs: 1, run: (*shell).open, argCompletions: fileNames},
		{name: ".parameter", args: "set NAME VALUE | list | clear [NAME]", help: "give :NAME, @NAME and $NAME a value in every statement (as --param NAME=VALUE does), list them, or clear them", minArgs: 1, maxArgs: 3, run: (*shell).parameter, argCompletions: parameterWords},
		{name: ".repo", args: "[OWNER/REPO]", help: "show or set the repository queries read when they name none", maxArgs: 1, run: (*shell).repo},
		{name: ".rate", help: "show the API rate limit left, as the last API response reported it", run: (*shell).rate},
		{name: ".cache", args: "[clear]", help: "show the disk cache's place, size and entries; clear empties it", maxArgs: 1, run: (*shell).cache, argCompletions: func(*shell, string) []string { return []string{"clear"} }},
		{name: ".chart", args: "KIND [FILE]", help: "draw the last result: KIND is bar, line or scatter; the first column is X, every other numeric column a series; in the terminal, or to FILE.svg or FILE.png (" + strconv.Itoa(imageWidth) + "×" + strconv.Itoa(imageHeight) + ")", minArgs: 1, maxArgs: 2, run: (*shell).chart, argCompletions: chartArgs},
		{name: ".examples", args: "[N]", help: "list the example queries, or run example N", maxArgs: 1, run: (*shell).examples},
		{name: ".quit", help: "leave actionsql (so do .exit and Ctrl-D)", run: (*shell).quit},
		{name: ".exit", help: "leave actionsql", run: (*shell).quit},
	}
}

// command runs a dot-command line.
func (sh *shell) command(line string) error {
	name, args, err := parseCommand(line)
	if err != nil {
		return err
	}
	cmd, err := lookupCommand(name)
	if err != nil {
		return err
	}
	if len(args) < cmd.minArgs || len(args) > cmd.maxArgs {
		return fmt.Errorf("usage: %s", cmd.usage())
	}
	return cmd.run(sh, args)
}

func (c *command) usage() string {
	return strings.TrimSpace(c.name + " " + c.args)
}

// parseCommand splits a dot-command line into the command and its
// arguments. Arguments are separated by blanks; quote one that holds blanks
// ('my file.sql' or "my file.sql"), and write "" for an empty one.
func parseCommand(line string) (name string, args []string, err error) {
	words, err := splitWords(strings.TrimSpace(line))
	if err != nil {
		return "", nil, err
	}
	if len(words) == 0 || words[0] == "." {
		return "", nil, fmt.Errorf("a dot-command needs a name, such as .help")
	}
	return strings.ToLower(words[0]), words[1:], nil
}

// splitWords splits s at blanks, keeping quoted text together.
func splitWords(s string) ([]string, error) {
	var (
		words   []string
		word    strings.Builder
		inWord  bool
		quote   byte
		started int
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			word.WriteByte(c)
		case c == '\'' || c == '"':
			quote, inWord, started = c, true, i
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("the quote at %q is not closed", s[started:])
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

// lookupCommand finds a command by its name or, as sqlite3 allows, by a
// prefix that only one name starts with (.he for .headers).
func lookupCommand(name string) (*command, error) {
	var matches []*command
	for _, c := range commands {
		if c.name == name {
			return c, nil
		}
		if strings.HasPrefix(c.name, name) {
			matches = append(matches, c)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return nil, fmt.Errorf("unknown command %s: enter .help for the list of commands", name)
	}
	names := make([]string, len(matches))
	for i, c := range matches {
		names[i] = c.name
	}
	return nil, fmt.Errorf("%s could be %s: type more of the name", name, strings.Join(names, " or "))
}

func (sh *shell) help(args []string) error {
	if len(args) == 1 {
		cmd, err := lookupCommand("." + strings.TrimPrefix(strings.ToLower(args[0]), "."))
		if err != nil {
			return err
		}
		fmt.Fprintf(sh.console(), "%s\n    %s\n", cmd.usage(), cmd.help)
		return nil
	}
	writeHelp(sh.console())
	return nil
}

func writeHelp(w io.Writer) {
	width := 0
	for _, c := range commands {
		width = max(width, len(c.usage()))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "%-*s  %s\n", width, c.usage(), c.help)
	}
	fmt.Fprintf(w, `
SQL statements end with ';' and may span lines. Tables: %s;
.schema shows their columns, .examples shows queries to start from.
Ctrl-C stops a running query; Ctrl-R searches the history; Tab completes.
`, vtab.TableNames())
}

// parseSwitch reads the argument of an on/off command.
func parseSwitch(arg string) (bool, error) {
	switch strings.ToLower(arg) {
	case "on", "yes", "true", "1":
		return true, nil
	case "off", "no", "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("want on or off, got %q", arg)
}

func onOffText(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// commandNames completes .help's argument, with or without the dot.
func commandNames(_ *shell, word string) []string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
		if !strings.HasPrefix(word, ".") {
			names[i] = strings.TrimPrefix(c.name, ".")
		}
	}
	return names
}

func onOff(*shell, string) []string { return []string{"on", "off"} }

func modes(*shell, string) []string { return modeNames() }

func (sh *shell) quit([]string) error {
	sh.quitting = true
	return nil
}

// sortedUnique sorts names and drops repeats.
func sortedUnique(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}
