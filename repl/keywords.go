package repl

// sqlKeywords are SQLite's keywords, for tab completion and to tell a
// table alias from the keyword after a table name.
var sqlKeywords = []string{
	"ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE",
	"AND", "AS", "ASC", "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN",
	"BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLLATE", "COLUMN",
	"COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT",
	"CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE",
	"DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DETACH",
	"DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT",
	"EXCLUDE", "EXCLUSIVE", "EXISTS", "EXPLAIN", "FAIL", "FILTER", "FIRST",
	"FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB",
	"GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX",
	"INDEXED", "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT",
	"INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST", "LEFT", "LIKE", "LIMIT",
	"MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL",
	"NULL", "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER",
	"OVER", "PARTITION", "PLAN", "PRAGMA", "PRECEDING", "PRIMARY", "QUERY",
	"RAISE", "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX",
	"RELEASE", "RENAME", "REPLACE", "RESTRICT", "RETURNING", "RIGHT",
	"ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET", "TABLE", "TEMP",
	"TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED",
	"UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW",
	"VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT",
}

// sqlFunctions are the SQLite functions most used on these tables:
// aggregates, text, dates (the timestamps are ISO 8601 text) and JSON (the
// labels column is a JSON array).
var sqlFunctions = []string{
	"ABS", "AVG", "COALESCE", "COUNT", "DATE", "DATETIME", "GROUP_CONCAT",
	"IFNULL", "IIF", "INSTR", "JSON_ARRAY_LENGTH", "JSON_EACH",
	"JSON_EXTRACT", "JULIANDAY", "LENGTH", "LOWER", "LTRIM", "MAX", "MIN",
	"NULLIF", "PRINTF", "REPLACE", "ROUND", "RTRIM", "STRFTIME", "SUBSTR",
	"SUM", "TIME", "TOTAL", "TRIM", "TYPEOF", "UNIXEPOCH", "UPPER",
}
