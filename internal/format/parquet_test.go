package format

import "testing"

// TestDeclaredTypesFollowSQLiteAffinity: a declared type maps to a Parquet
// type by SQLite's rules for a column's affinity, in their order (INT
// first: "POINT" holds INT); NUMERIC and no type leave it to the values.
func TestDeclaredTypesFollowSQLiteAffinity(t *testing.T) {
	tests := []struct {
		declared string
		want     columnType
	}{
		{"INTEGER", typeInteger}, {"BIGINT", typeInteger}, {"int", typeInteger}, {"POINT", typeInteger},
		{"TEXT", typeText}, {"VARCHAR(40)", typeText}, {"CLOB", typeText}, {"CHARINT", typeInteger},
		{"BLOB", typeBlob},
		{"REAL", typeReal}, {"DOUBLE PRECISION", typeReal}, {"FLOAT", typeReal},
		{"NUMERIC", typeUnknown}, {"DECIMAL(10,2)", typeUnknown}, {"", typeUnknown},
		{"TIMESTAMP", typeUnknown}, {"BOOLEAN", typeUnknown},
	}
	for _, tt := range tests {
		if got := declaredType(tt.declared); got != tt.want {
			t.Errorf("declared %q is %v, want %v", tt.declared, got, tt.want)
		}
	}
}
