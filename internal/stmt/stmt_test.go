package stmt

import (
	"slices"
	"testing"
)

func TestSplitKnowsTheLineEachStatementStartsOn(t *testing.T) {
	script := "SELECT 1;\n\n-- a comment\nSELECT\n  2; SELECT 3;\n/* block\n */ SELECT ';\n';\n-- trailing comment"
	got := Split(script)
	want := []Statement{
		{"SELECT 1;", 0},
		{"-- a comment\nSELECT\n  2;", 3},
		{"SELECT 3;", 4},
		{"/* block\n */ SELECT ';\n';", 6},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Split = %+v\nwant    %+v", got, want)
	}
}

func TestParametersAreFoundOutsideStringsAndComments(t *testing.T) {
	text := "SELECT ':no', \"@no\", [$no], `:no`, :a, x$y, @b -- :no\n, /* $no */ $c, ?, ?2, :a, 'it''s :no'"
	want := []string{":a", "@b", "$c", "?", "?2", ":a"}
	if got := parameters(text); !slices.Equal(got, want) {
		t.Errorf("parameters = %q, want %q", got, want)
	}
}

func TestValuesAreTypedAsSQLiteWouldReadThem(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"42", int64(42)}, {"-7", int64(-7)}, {"+3", int64(3)}, {"007", int64(7)},
		{"1.5", 1.5}, {"1e3", 1000.0}, {".5", 0.5}, {"99999999999999999999", 1e20},
		{"12abc", "12abc"}, {"", ""}, {"0x10", "0x10"}, {" 5", " 5"}, {"inf", "inf"}, {"1_000", "1_000"},
	}
	for _, tt := range tests {
		if got := typedValue(tt.in); got != tt.want {
			t.Errorf("typedValue(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}
