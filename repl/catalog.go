package repl

import (
	"database/sql"
	"fmt"
	"strings"
)

// tableRef names a table the user created, in the schema it lives in:
// main, temp, or saved (the file .open attached).
type tableRef struct {
	schema, name string
}

// qualified is how a query names the table: bare in main, schema.name
// elsewhere.
func (t tableRef) qualified() string {
	if t.schema == "main" {
		return t.name
	}
	return t.schema + "." + t.name
}

// userTables lists the tables and views the user created (actionsql's own
// tables are built in and not stored in any schema).
func (sh *shell) userTables() ([]tableRef, error) {
	rows, err := sh.app.DB.QueryContext(sh.ctx, `
		SELECT schema, name FROM pragma_table_list
		WHERE type IN ('table', 'view', 'virtual') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		ORDER BY schema = 'main' DESC, schema, name`)
	if err != nil {
		return nil, fmt.Errorf("list the tables: %w", err)
	}
	defer rows.Close()
	var tables []tableRef
	for rows.Next() {
		var t tableRef
		if err := rows.Scan(&t.schema, &t.name); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, rows.Err()
}

// userColumns returns the column names of one of the user's tables.
func (sh *shell) userColumns(t tableRef) ([]string, error) {
	return sh.queryStrings("SELECT name FROM pragma_table_info(?, ?)", t.name, t.schema)
}

// userSchema returns the CREATE statements of the user's table called
// name (with its indexes and triggers), or of every user table when name
// is "". name may be qualified: saved.failures.
func (sh *shell) userSchema(name string) ([]string, error) {
	schemas, err := sh.schemaNames()
	if err != nil {
		return nil, err
	}
	wantSchema, wantTable, qualified := strings.Cut(name, ".")
	if !qualified {
		wantSchema, wantTable = "", name
	}
	var stmts []string
	for _, schema := range schemas {
		if wantSchema != "" && !strings.EqualFold(schema, wantSchema) {
			continue
		}
		found, err := sh.schemaStatements(schema, wantTable)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, found...)
	}
	return stmts, nil
}

func (sh *shell) schemaNames() ([]string, error) {
	return sh.queryStrings("SELECT name FROM pragma_database_list ORDER BY seq")
}

// queryStrings returns the first column of every row of query.
func (sh *shell) queryStrings(query string, args ...any) ([]string, error) {
	rows, err := sh.app.DB.QueryContext(sh.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var values []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		values = append(values, v)
	}
	return values, rows.Err()
}

// schemaStatements reads the CREATE statements of one schema, of one table
// or of all ("").
func (sh *shell) schemaStatements(schema, table string) ([]string, error) {
	query := fmt.Sprintf(`SELECT sql FROM %s.sqlite_schema
		WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\_%%' ESCAPE '\'
		AND (? = '' OR tbl_name = ? COLLATE NOCASE)
		ORDER BY type <> 'table', rowid`, quoteIdentifier(schema))
	rows, err := sh.app.DB.QueryContext(sh.ctx, query, table, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var stmts []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		stmts = append(stmts, s.String)
	}
	return stmts, rows.Err()
}

func quoteIdentifier(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
