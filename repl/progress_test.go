package repl

import (
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/ghapi"
)

func TestProgressLineCountsTheRepositoriesOfAFanOut(t *testing.T) {
	before := ghapi.StatsSnapshot{Requests: 5, Repos: 3, ReposDone: 3}
	tests := []struct {
		name string
		now  ghapi.StatsSnapshot
		want string
	}{
		{"one repository", ghapi.StatsSnapshot{Requests: 12, Repos: 3, ReposDone: 3, Bytes: 2500},
			"fetching… 7 requests, 0 logs, 2.5 kB, 4 s"},
		{"an owner-wide scan", ghapi.StatsSnapshot{Requests: 26, Repos: 23, ReposDone: 10},
			"fetching… 7 of 20 repositories, 21 requests, 0 logs, 0 B, 4 s"},
	}
	for _, tt := range tests {
		if got := progressLine(before, tt.now, 4*time.Second); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
