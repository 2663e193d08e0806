package bridge

/*
#include <stdlib.h>
#include "bridge.h"
*/
import "C"

import (
	"fmt"
	"math"
	"runtime/cgo"
	"slices"
	"sort"
	"unsafe"
)

// The aggregates of SQLite's percentile extension (ext/misc/percentile.c,
// built in since 3.51 with SQLITE_ENABLE_PERCENTILE), registered on every
// connection so that a query using them runs unchanged in hosts whose
// SQLite lacks them (the stock sqlite3 3.40 shell does). Names,
// arguments, results, NULL handling and error messages are the
// extension's, as its documentation states them:
//
//   - median(Y), percentile(Y, P) with P from 0 to 100, percentile_cont(Y,
//     P) and percentile_disc(Y, P) with P from 0 to 1; all four are window
//     functions too.
//   - NULL Y values are ignored; with none left the result is NULL.
//   - The result is always a REAL: with the non-NULL Y sorted, the value
//     at position P*(N-1) (as a fraction), interpolated between the two
//     nearest values, or for percentile_disc the lower of them.
//   - A Y that is neither NULL, INTEGER nor REAL, an infinite Y, a P that
//     is not a number within its range, or a P that differs between rows
//     by more than 0.001 (as a fraction) is an error.

// percentileFunc is one function of the family.
type percentileFunc struct {
	name        string
	args        int
	maxFraction float64 // P's upper bound: 100 for percentile, 1 for the others
	discrete    bool    // percentile_disc: one of the inputs, never a blend
}

// percentileFuncs is indexed by the number the C side registers each with.
var percentileFuncs = []percentileFunc{
	{name: "median", args: 1, maxFraction: 1},
	{name: "percentile", args: 2, maxFraction: 100},
	{name: "percentile_cont", args: 2, maxFraction: 1},
	{name: "percentile_disc", args: 2, maxFraction: 1, discrete: true},
}

// percentileState is one group's (or window frame's) inputs so far.
type percentileState struct {
	fraction     float64 // P as a fraction from 0 to 1
	haveFraction bool
	values       []float64
	sorted       bool
}

// Value types as SQLite numbers them.
const (
	typeInteger = 1
	typeFloat   = 2
	typeNull    = 5
)

// step adds one row. y is Y's value as a double and yType its type; p and
// pType are P's as numeric affinity makes them (median has no P).
func (f *percentileFunc) step(st *percentileState, yType int, y float64, pType int, p float64) error {
	fraction := 0.5
	if f.args == 2 {
		fraction = p / f.maxFraction
		if pType != typeInteger && pType != typeFloat || fraction < 0 || fraction > 1 {
			return fmt.Errorf("the fraction argument to %s() is not between 0.0 and %.1f", f.name, f.maxFraction)
		}
	}
	if !st.haveFraction {
		st.fraction, st.haveFraction = fraction, true
	} else if math.Abs(st.fraction-fraction) > 0.001 {
		return fmt.Errorf("the fraction argument to %s() is not the same for all input rows", f.name)
	}
	switch {
	case yType == typeNull:
		return nil
	case yType != typeInteger && yType != typeFloat:
		return fmt.Errorf("input to %s() is not numeric", f.name)
	case math.IsInf(y, 0) || math.IsNaN(y):
		//lint:ignore ST1005 SQLite's own message, word for word
		return fmt.Errorf("Inf input to %s()", f.name)
	}
	st.sorted = len(st.values) == 0 || st.sorted && y >= st.values[len(st.values)-1]
	st.values = append(st.values, y)
	return nil
}

// inverse removes a row a window frame left; rows step refused were never
// added, so they are skipped here too.
func (st *percentileState) inverse(yType int, y float64) {
	if yType != typeInteger && yType != typeFloat || math.IsInf(y, 0) || math.IsNaN(y) {
		return
	}
	st.sort()
	if i, found := slices.BinarySearch(st.values, y); found {
		st.values = slices.Delete(st.values, i, i+1)
	}
}

func (st *percentileState) sort() {
	if !st.sorted {
		sort.Float64s(st.values)
		st.sorted = true
	}
}

// result is the percentile of the values so far; ok is false when there
// are none (the result is NULL).
func (f *percentileFunc) result(st *percentileState) (float64, bool) {
	if len(st.values) == 0 {
		return 0, false
	}
	st.sort()
	at := st.fraction * float64(len(st.values)-1)
	i := int(at)
	if f.discrete || i == len(st.values)-1 {
		return st.values[i], true
	}
	lo, hi := st.values[i], st.values[i+1]
	return lo + (hi-lo)*(at-float64(i)), true
}

// stateOf returns the state a group's aggregate context holds, making it
// on the group's first row.
func stateOf(slot *C.uintptr_t) *percentileState {
	if *slot == 0 {
		*slot = C.uintptr_t(cgo.NewHandle(&percentileState{}))
	}
	return cgo.Handle(*slot).Value().(*percentileState)
}

//export goPercentileStep
func goPercentileStep(ctx *C.sqlite3_context, slot *C.uintptr_t, fn C.int, yType C.int, y C.double, pType C.int, p C.double) {
	f := &percentileFuncs[fn]
	if err := f.step(stateOf(slot), int(yType), float64(y), int(pType), float64(p)); err != nil {
		msg := err.Error()
		C.bridge_result_error(ctx, cText(msg), C.int(len(msg)))
	}
}

//export goPercentileInverse
func goPercentileInverse(slot *C.uintptr_t, yType C.int, y C.double) {
	stateOf(slot).inverse(int(yType), float64(y))
}

// goPercentileValue sets the result for the rows so far; final also frees
// the group's state. slot is nil when the group had no row.
//
//export goPercentileValue
func goPercentileValue(ctx *C.sqlite3_context, slot *C.uintptr_t, fn C.int, final C.int) {
	if slot == nil || *slot == 0 {
		return // no rows: NULL
	}
	h := cgo.Handle(*slot)
	if v, ok := percentileFuncs[fn].result(h.Value().(*percentileState)); ok {
		C.bridge_result_double(ctx, C.double(v))
	}
	if final != 0 {
		h.Delete()
		*slot = 0
	}
}

// registerPercentiles creates the four functions on db.
func registerPercentiles(db *C.sqlite3) error {
	for i, f := range percentileFuncs {
		name := C.CString(f.name)
		rc := C.bridge_create_percentile_function(db, name, C.int(f.args), C.int(i))
		C.free(unsafe.Pointer(name))
		if rc != sqliteOK {
			return fmt.Errorf("actionsql: register the function %s: SQLite error %d", f.name, rc)
		}
	}
	return nil
}
