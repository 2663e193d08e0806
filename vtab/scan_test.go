package vtab

import (
	"slices"
	"testing"
)

// TestAheadWarmsTheNextPartsThatFetch reads a scan part by part and checks
// which parts were warmed when each was read: the next n parts that
// fetch something, skipping those that have nothing to warm (such as the
// part that marks a repository of an owner-wide scan done).
func TestAheadWarmsTheNextPartsThatFetch(t *testing.T) {
	const n = 2
	var warmed []int
	// Parts 0, 2, 4, ... fetch; 1, 3, 5, ... only mark their predecessor done.
	parts := make([]part[int], 10)
	for i := range parts {
		parts[i].rows = func() pull[int] { return fromSlice([]int{i}) }
		if i%2 == 0 {
			parts[i].warm = func() { warmed = append(warmed, i) }
		}
	}
	next := ahead(parts, n)
	want := map[int][]int{
		0: {2, 4}, // read part 0: the next two that fetch are 2 and 4
		1: {2, 4},
		2: {2, 4, 6},
		4: {2, 4, 6, 8},
		9: {2, 4, 6, 8},
	}
	for i := range parts {
		row, err := next()
		if err != nil || row != i {
			t.Fatalf("row %d: got %d, %v", i, row, err)
		}
		if w, ok := want[i]; ok && !slices.Equal(warmed, w) {
			t.Errorf("after reading part %d, warmed %v; want %v", i, warmed, w)
		}
	}
}
