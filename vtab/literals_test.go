package vtab

import (
	"reflect"
	"testing"
)

func TestIntegerLiteralsLeaveOutWhatIsNotOne(t *testing.T) {
	tests := []struct {
		sql  string
		want []int64
	}{
		{"WITH ids(id) AS (VALUES (9398595218), (9415518340)) SELECT 1", []int64{9398595218, 9415518340, 1}},
		{"SELECT * FROM t1 WHERE a = 1.5 AND b = 0x1F AND c = 1e5 AND d = ?2 AND e = -7", []int64{7}},
		{"SELECT 'run 123', \"col 456\", `x 789`, [name 12], x'31' -- 345\n, 6 /* 78 */", []int64{6}},
		{"SELECT 'it''s 5', 8", []int64{8}},
		{"SELECT 99999999999999999999", nil}, // beyond int64: no run has it
		{"SELECT 'unterminated 5", nil},
	}
	for _, tt := range tests {
		if got := integerLiterals(tt.sql); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("integerLiterals(%q) = %v, want %v", tt.sql, got, tt.want)
		}
	}
}

func TestLiteralsAfterTakesLaterOnesOfTheSameLength(t *testing.T) {
	lits := []int64{10, 1111111111, 2222222222, 20, 2222222222, 3333333333, 4444444444}
	tests := []struct {
		v    int64
		n    int
		want []int64
	}{
		{1111111111, 16, []int64{2222222222, 3333333333, 4444444444}},
		{2222222222, 1, []int64{3333333333}},
		{4444444444, 16, nil},
		{5555555555, 16, nil}, // not written in the statement: no guess
		{10, 16, []int64{20}},
	}
	for _, tt := range tests {
		if got := literalsAfter(lits, tt.v, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("literalsAfter(%d, %d) = %v, want %v", tt.v, tt.n, got, tt.want)
		}
	}
}
