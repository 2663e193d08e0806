package repl

import (
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/actionsql/actionsql/vtab"
)

// vocabulary is what tab completion can offer; it is gathered afresh on
// each Tab, so tables created a moment ago are known.
type vocabulary struct {
	// tables maps each table, as a query names it (jobs, saved.failures),
	// to its columns, hidden ones included: they can be constrained.
	tables map[string][]string
	// commandArg lists what may follow a dot-command.
	commandArg func(cmd *command, word string) []string
}

// complete is liner's word completer: it returns the line before the word
// being completed, the words that can replace it, and the rest of the line.
func (sh *shell) complete(line string, pos int) (head string, completions []string, tail string) {
	runes := []rune(line)
	pos = min(max(pos, 0), len(runes))
	before, after := string(runes[:pos]), string(runes[pos:])
	start, words := candidates(sh.vocabulary(), sh.pending.text(), before, after)
	return before[:start], words, after
}

func (sh *shell) vocabulary() vocabulary {
	v := vocabulary{
		tables: map[string][]string{},
		commandArg: func(cmd *command, word string) []string {
			if cmd.argCompletions == nil {
				return nil
			}
			return cmd.argCompletions(sh, word)
		},
	}
	for _, t := range vtab.Tables() {
		for _, c := range t.Schema().Columns {
			v.tables[t.Name] = append(v.tables[t.Name], c.Name)
		}
	}
	user, _ := sh.userTables() // completion offers what it can; it never complains
	for _, t := range user {
		v.tables[t.qualified()], _ = sh.userColumns(t)
	}
	return v
}

// candidates works out the word the cursor is on, given the lines of the
// statement typed before this one (pending) and this line around the
// cursor. It returns where the word starts in before and what can replace it.
func candidates(v vocabulary, pending, before, after string) (start int, words []string) {
	if pending == "" && isCommand(before) {
		return commandCandidates(v, before)
	}
	return sqlCandidates(v, pending+"\n"+before+after, before)
}

// commandCandidates completes a dot-command's name, or its argument.
func commandCandidates(v vocabulary, before string) (int, []string) {
	trimmed := strings.TrimLeft(before, " \t")
	blank := strings.IndexAny(trimmed, " \t")
	if blank < 0 {
		var names []string
		for _, c := range commands {
			names = append(names, c.name)
		}
		return len(before) - len(trimmed), withPrefix(names, strings.ToLower(trimmed))
	}
	cmd, err := lookupCommand(strings.ToLower(trimmed[:blank]))
	if err != nil {
		return len(before), nil
	}
	start := strings.LastIndexAny(before, " \t") + 1
	word := before[start:]
	return start, withPrefix(v.commandArg(cmd, word), word)
}

// tableKeywords are the words after which a table name comes.
var tableKeywords = map[string]bool{"from": true, "join": true, "into": true, "update": true, "table": true}

// sqlCandidates completes a word of SQL: a keyword, function, table or
// column; after "x." the columns of table (or alias) x.
func sqlCandidates(v vocabulary, statement, before string) (int, []string) {
	start := len(before)
	for start > 0 && isWordByte(before[start-1]) {
		start--
	}
	word := before[start:]
	tokens := lexSQL(statement)
	if qualifier, partial, ok := strings.Cut(word, "."); ok && !strings.Contains(partial, ".") {
		return start, qualifiedColumns(v, tokens, qualifier, partial)
	}
	words := tableNamesOf(v)
	if tableKeywords[strings.ToLower(lastWord(before[:start]))] {
		return start, withPrefix(words, word)
	}
	if word == "" {
		return start, nil // everything would be too much to be of use
	}
	words = append(words, matchCase(sqlKeywords, word)...)
	words = append(words, matchCase(sqlFunctions, word)...)
	words = append(words, columnsInScope(v, tokens)...)
	return start, withPrefix(words, word)
}

// qualifiedColumns completes "x.partial": the columns of table or alias x,
// or, when x is a schema (saved), the tables in it.
func qualifiedColumns(v vocabulary, tokens []string, qualifier, partial string) []string {
	table := resolveAlias(v, tokens, qualifier)
	var words []string
	for _, c := range lookupTable(v, table) {
		words = append(words, qualifier+"."+c)
	}
	for name := range v.tables {
		if schema, t, ok := strings.Cut(name, "."); ok && strings.EqualFold(schema, qualifier) {
			words = append(words, qualifier+"."+t)
		}
	}
	return withPrefix(words, qualifier+"."+partial)
}

// columnsInScope returns the columns of the tables the statement names
// so far, or of every table when it names none yet (the SELECT list is
// usually typed before FROM).
func columnsInScope(v vocabulary, tokens []string) []string {
	var columns []string
	for _, tok := range tokens {
		columns = append(columns, lookupTable(v, tok)...)
	}
	if len(columns) > 0 {
		return columns
	}
	for _, cols := range v.tables {
		columns = append(columns, cols...)
	}
	return columns
}

// resolveAlias returns the table an alias stands for ("j" in "FROM jobs
// j" or "jobs AS j"), or name itself.
func resolveAlias(v vocabulary, tokens []string, name string) string {
	for i, tok := range tokens {
		if lookupTable(v, tok) == nil {
			continue
		}
		next := i + 1
		if next < len(tokens) && strings.EqualFold(tokens[next], "as") {
			next++
		}
		if next < len(tokens) && strings.EqualFold(tokens[next], name) {
			return tok
		}
	}
	return name
}

// lookupTable returns a table's columns, nil when it is no table.
func lookupTable(v vocabulary, name string) []string {
	for table, cols := range v.tables {
		if strings.EqualFold(table, name) {
			return cols
		}
	}
	return nil
}

func tableNamesOf(v vocabulary) []string {
	var names []string
	for name := range v.tables {
		names = append(names, name)
	}
	return names
}

// lexSQL returns the identifiers (with any schema or alias prefix: s.t)
// and punctuation of a statement, leaving out strings and comments, which
// hold no table names.
func lexSQL(s string) []string {
	var tokens []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isWordByte(c):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			tokens = append(tokens, s[i:j])
			i = j
		default:
			open, closer := quoteAt(s[i:])
			if open == "" {
				tokens = append(tokens, s[i:i+1])
				i++
				continue
			}
			i = skipQuoted(s, i+len(open), closer)
		}
	}
	return tokens
}

// skipQuoted returns the index after closer, looking from i on.
func skipQuoted(s string, i int, closer string) int {
	if end := strings.Index(s[i:], closer); end >= 0 {
		return i + end + len(closer)
	}
	return len(s)
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// lastWord returns the last identifier of s.
func lastWord(s string) string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(fields) == 0 {
		return ""
	}
	return fields[len(fields)-1]
}

// matchCase writes keywords the way the user is typing them: select for
// sel, SELECT for SEL.
func matchCase(keywords []string, typed string) []string {
	if strings.ToUpper(typed) == typed {
		return keywords
	}
	lower := make([]string, len(keywords))
	for i, k := range keywords {
		lower[i] = strings.ToLower(k)
	}
	return lower
}

// withPrefix keeps the words that start with prefix, ignoring case,
// sorted and without repeats.
func withPrefix(words []string, prefix string) []string {
	var kept []string
	for _, w := range words {
		if len(w) >= len(prefix) && strings.EqualFold(w[:len(prefix)], prefix) {
			kept = append(kept, w)
		}
	}
	return sortedUnique(kept)
}

// fileNames completes a file name argument: the entries of the directory
// typed so far, with a / after directories so Tab can go on into them.
func fileNames(_ *shell, word string) []string {
	dir, base := filepath.Split(word)
	readDir := expandHome(dir)
	if readDir == "" {
		readDir = "."
	}
	entries, err := os.ReadDir(readDir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		if e.IsDir() {
			name += "/"
		}
		names = append(names, dir+name)
	}
	return names
}

// tableNames completes .schema's argument.
func tableNames(sh *shell, _ string) []string {
	return tableNamesOf(sh.vocabulary())
}
