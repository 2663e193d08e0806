package stmt

import (
	"fmt"
	"testing"
)

func TestRepoRequestsLineListsTheBusiestFirst(t *testing.T) {
	many := map[string]int64{}
	for i := range 12 {
		many[fmt.Sprintf("o/r%02d", i)] = int64(i % 3)
	}
	tests := []struct {
		by   map[string]int64
		want string
	}{
		{map[string]int64{"o/b": 1, "o/a": 1, "o/c": 5}, "requests per repository: o/c 5, o/a 1, o/b 1 (3 repositories)"},
		{many, "requests per repository: o/r02 2, o/r05 2, o/r08 2, o/r11 2, o/r01 1, o/r04 1, o/r07 1, o/r10 1, o/r00 0, o/r03 0, … 2 more (12 repositories)"},
	}
	for _, tt := range tests {
		if got := RepoRequestsLine(tt.by); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}
