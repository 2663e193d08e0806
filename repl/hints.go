package repl

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var noSuchColumnRe = regexp.MustCompile(`^no such column: (\S+)$`)

// explain adds to a "no such column" error the columns of the table it
// meant (of every table the statement names, when the column had no
// table or alias before it), closest to the misspelt name first, so that a
// typo is fixed without a trip to .schema.
func (sh *shell) explain(err error, text string) error {
	if err == nil {
		return nil
	}
	m := noSuchColumnRe.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	v, tokens := sh.vocabulary(), lexSQL(text)
	var tables []string
	wrong := m[1]
	if dot := strings.LastIndexByte(wrong, '.'); dot >= 0 {
		tables = []string{resolveAlias(v, tokens, wrong[:dot])}
		wrong = wrong[dot+1:]
	} else {
		tables = tokens
	}
	var hints, seen []string
	for _, t := range tables {
		columns := lookupTable(v, t)
		if columns == nil || slices.Contains(seen, strings.ToLower(t)) {
			continue
		}
		seen = append(seen, strings.ToLower(t))
		hints = append(hints, fmt.Sprintf("columns of %s, closest first: %s", t, strings.Join(closestFirst(wrong, columns), ", ")))
	}
	if len(hints) == 0 {
		return err
	}
	return fmt.Errorf("%w; %s", err, strings.Join(hints, "; "))
}

// closestFirst orders columns by their edit distance to name, keeping the
// table's order among equals.
func closestFirst(name string, columns []string) []string {
	sorted := slices.Clone(columns)
	slices.SortStableFunc(sorted, func(a, b string) int {
		return editDistance(name, a) - editDistance(name, b)
	})
	return sorted
}

// editDistance is the Levenshtein distance of a and b, ignoring case.
func editDistance(a, b string) int {
	x, y := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	prev := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur := make([]int, len(y)+1)
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(y)]
}
