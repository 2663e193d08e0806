package main

import (
	"fmt"
	"time"
)

// state is a target's verdict.
type state int

const (
	pass state = iota
	fail
	unknown // not measurable in this run (e.g. the reference case was not selected)
)

func (s state) String() string { return [...]string{"PASS", "FAIL", "n/a"}[s] }

func verdict(ok bool) state {
	if ok {
		return pass
	}
	return fail
}

// target is one promise of issue 7 about a case.
type target struct {
	desc string
	// counts marks a target judged on request counts alone: its verdict
	// does not depend on the machine, and go test ./bench checks the one
	// docs/benchmarks.md reports.
	counts bool
	// eval returns the measured value, as the report prints it, and the
	// verdict; all holds every case's result by id, for relative targets.
	eval func(r *result, all map[string]*result) (got string, s state)
}

// outcome is a target evaluated.
type outcome struct {
	target
	got string
	s   state
}

func coldWithin(limit time.Duration) target {
	return target{desc: "cold ≤ " + seconds(limit), eval: func(r *result, _ map[string]*result) (string, state) {
		// Four decimals: a miss by half a millisecond must not print as a hit.
		return fmt.Sprintf("%.4f s", r.cold.best().Seconds()), verdict(r.cold.best() <= limit)
	}}
}

// coldWithinRT is coldWithin n round trips of latency L; it says the
// time measured in L too.
func coldWithinRT(n int, latency time.Duration) target {
	limit := time.Duration(n) * latency
	return target{desc: fmt.Sprintf("cold ≤ %d L (%s)", n, seconds(limit)), eval: func(r *result, _ map[string]*result) (string, state) {
		best := r.cold.best()
		return fmt.Sprintf("%.4f s (%.1f L)", best.Seconds(), best.Seconds()/latency.Seconds()), verdict(best <= limit)
	}}
}

// exactRequests: no page, run or log is fetched twice or needlessly.
func exactRequests() target { return exactRequestsAs("cold requests = the minimum") }

// exactRequestsAs is exactRequests, described as the case counts it.
func exactRequestsAs(desc string) target {
	return target{desc: desc, counts: true, eval: func(r *result, _ map[string]*result) (string, state) {
		return r.cold.reqs().String(), verdict(r.cold.reqs() == r.c.min)
	}}
}

func warmFree() target {
	return target{desc: "warm: 0 rate-limited requests", counts: true, eval: func(r *result, _ map[string]*result) (string, state) {
		n := r.warm.reqs().costing
		return fmt.Sprint(n), verdict(n == 0)
	}}
}

// staleFree: once max-age has passed, revalidating costs 304s only.
func staleFree() target {
	return target{desc: "warm after max-age: 0 rate-limited requests", counts: true, eval: func(r *result, _ map[string]*result) (string, state) {
		if len(r.stale) == 0 {
			return "not run (-quick)", unknown
		}
		n := r.stale.reqs().costing
		return fmt.Sprintf("%d (304s: %d)", n, r.stale.reqs().free), verdict(n == 0)
	}}
}

func warmFractionOfCold(f float64) target {
	return target{desc: fmt.Sprintf("warm ≤ %.0f%% of cold", 100*f), eval: func(r *result, _ map[string]*result) (string, state) {
		ratio := r.warmRatio()
		return percent(ratio), verdict(ratio <= f)
	}}
}

func warmWithin(limit time.Duration) target {
	return target{desc: "warm ≤ " + millis(limit) + " whole process", eval: func(r *result, _ map[string]*result) (string, state) {
		return millis(r.warm.best()), verdict(r.warm.best() <= limit)
	}}
}

// relativeTo compares the cold time with another case's: the same
// question asked another way should cost about the same.
func relativeTo(id string, factor float64) target {
	desc := fmt.Sprintf("cold ≤ %.1f × %s", factor, id)
	return target{desc: desc, eval: func(r *result, all map[string]*result) (string, state) {
		ref, ok := all[id]
		if !ok || ref.cold.best() == 0 {
			return id + " not measured", unknown
		}
		x := r.cold.best().Seconds() / ref.cold.best().Seconds()
		return fmt.Sprintf("%.2f ×", x), verdict(x <= factor)
	}}
}

func warmLinesPerSecond(min float64) target {
	return target{desc: fmt.Sprintf("warm ≥ %s lines/s", mega(min)), eval: func(r *result, _ map[string]*result) (string, state) {
		rate := r.linesPerSecond(r.warm)
		return mega(rate) + " lines/s", verdict(rate >= min)
	}}
}

// warmRelativeTo compares the warm time with another case's: the same rows
// in another format should cost at most factor times as much.
func warmRelativeTo(id string, factor float64) target {
	desc := fmt.Sprintf("warm ≤ %.1f × %s", factor, id)
	return target{desc: desc, eval: func(r *result, all map[string]*result) (string, state) {
		ref, ok := all[id]
		if !ok || ref.warm.best() == 0 {
			return id + " not measured", unknown
		}
		x := r.warm.best().Seconds() / ref.warm.best().Seconds()
		return fmt.Sprintf("%.2f ×", x), verdict(x <= factor)
	}}
}

func warmRowsPerSecond(min float64) target {
	return target{desc: fmt.Sprintf("warm ≥ %s rows/s", mega(min)), eval: func(r *result, _ map[string]*result) (string, state) {
		rate := r.rowsPerSecond(r.warm)
		return mega(rate) + " rows/s", verdict(rate >= min)
	}}
}

func rssWithin(kib int64) target {
	return target{desc: fmt.Sprintf("peak RSS ≤ %d MiB, cold and warm", kib>>10), eval: func(r *result, _ map[string]*result) (string, state) {
		peak := max(r.cold.maxRSS(), r.warm.maxRSS())
		if peak < 0 {
			return "unknown", unknown
		}
		return mebibytes(peak), verdict(peak <= kib)
	}}
}

// evaluate computes every case's outcomes once all are measured. A case
// whose runs failed or answered wrongly fails all its targets: a fast
// wrong answer is no answer.
func evaluate(results []*result) {
	all := map[string]*result{}
	for _, r := range results {
		all[r.c.id] = r
	}
	for _, r := range results {
		r.outcomes = nil
		for _, t := range r.c.targets {
			got, s := t.eval(r, all)
			if len(r.wrong) > 0 && s != unknown {
				got, s = "wrong result", fail
			}
			r.outcomes = append(r.outcomes, outcome{target: t, got: got, s: s})
		}
	}
}
