package stmt

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// RepoRequestsLine says what a statement that read several repositories
// spent on each, most first: "requests per repository: octo-org/webapp 12,
// octo-org/api-server 3, ... (20 repositories)".
func RepoRequestsLine(by map[string]int64) string {
	repos := slices.Collect(maps.Keys(by))
	slices.SortFunc(repos, func(a, b string) int { return cmp.Or(cmp.Compare(by[b], by[a]), cmp.Compare(a, b)) })
	const shown = 10
	parts := make([]string, 0, shown)
	for _, r := range repos[:min(shown, len(repos))] {
		parts = append(parts, fmt.Sprintf("%s %d", r, by[r]))
	}
	more := ""
	if len(repos) > shown {
		more = fmt.Sprintf(", … %d more", len(repos)-shown)
	}
	return fmt.Sprintf("requests per repository: %s%s (%d repositories)", strings.Join(parts, ", "), more, len(repos))
}
