package vtab

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// schemaSQL declares every table: the one source of truth for their columns.
//
//go:embed schema.sql
var schemaSQL string

// SchemaSQL returns schema.sql as embedded, comments included.
func SchemaSQL() string { return schemaSQL }

// Column is one column of a table as schema.sql declares it.
type Column struct {
	Name    string
	Type    string // INTEGER, TEXT or REAL
	Hidden  bool
	Comment string // the text after "--" on its line
}

// Schema is one CREATE TABLE of schema.sql.
type Schema struct {
	Name    string
	Columns []Column
	Doc     string // the comment block above the statement
}

// Declaration is the CREATE TABLE statement handed to sqlite3_declare_vtab.
func (s *Schema) Declaration() string {
	defs := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		defs[i] = c.Name + " " + c.Type
		if c.Hidden {
			defs[i] += " HIDDEN"
		}
	}
	return fmt.Sprintf("CREATE TABLE %s(%s)", s.Name, strings.Join(defs, ", "))
}

// Index returns the position of the named column, or -1.
func (s *Schema) Index(name string) int {
	for i, c := range s.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

var (
	createRe = regexp.MustCompile(`^CREATE TABLE (\w+) \($`)
	columnRe = regexp.MustCompile(`^(\w+)\s+(INTEGER|TEXT|REAL)(\s+HIDDEN)?,?\s*(?:--\s*(.*))?$`)
)

// parseSchema reads the restricted form schema.sql is written in: each
// statement starts with "CREATE TABLE name (", has one column a line and ends
// with ");". Anything else is a mistake in the file, reported with its line.
func parseSchema(text string) ([]*Schema, error) {
	var (
		tables  []*Schema
		current *Schema
		doc     []string
	)
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case current == nil && strings.HasPrefix(line, "--"):
			doc = append(doc, strings.TrimSpace(strings.TrimPrefix(line, "--")))
		case current == nil && line == "":
			doc = nil
		case current == nil:
			m := createRe.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("schema.sql:%d: want CREATE TABLE name (, got %q", n+1, line)
			}
			current = &Schema{Name: m[1], Doc: strings.Join(doc, "\n")}
			doc = nil
		case line == ");":
			tables = append(tables, current)
			current = nil
		default:
			m := columnRe.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("schema.sql:%d: want a column (name TYPE [HIDDEN]), got %q", n+1, line)
			}
			current.Columns = append(current.Columns, Column{Name: m[1], Type: m[2], Hidden: m[3] != "", Comment: m[4]})
		}
	}
	if current != nil {
		return nil, fmt.Errorf("schema.sql: table %s is not closed with );", current.Name)
	}
	return tables, nil
}

// Schemas returns every table of schema.sql in order.
func Schemas() []*Schema { return slices.Clone(parsedSchemas()) }

// parsedSchemas parses schema.sql once: every table's declaration looks
// itself up in it when the package loads, and a process that only prints
// a line must not pay for parsing it a dozen times.
var parsedSchemas = sync.OnceValue(func() []*Schema {
	tables, err := parseSchema(schemaSQL)
	if err != nil {
		panic(err) // the file is embedded: a test catches this before any build ships
	}
	return tables
})
