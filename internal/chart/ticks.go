package chart

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// tick is a labelled place on an axis.
type tick struct {
	at    float64
	label string
}

// niceRange widens [lo, hi] to whole steps of 1, 2 or 5 times a power of
// ten, with at most maxTicks ticks, and returns the ticks.
func niceRange(lo, hi float64, maxTicks int) (float64, float64, []tick) {
	return niceRangeStep(lo, hi, maxTicks, 0)
}

// niceRangeStep is niceRange with steps of at least minStep: 1 for counts,
// which have no halves.
func niceRangeStep(lo, hi float64, maxTicks int, minStep float64) (float64, float64, []tick) {
	if lo == hi {
		pad := math.Abs(lo) / 10
		if pad == 0 {
			pad = 1
		}
		if lo == 0 {
			lo, hi = 0, 1
		} else if lo > 0 {
			lo, hi = 0, hi+pad
		} else {
			lo, hi = lo-pad, 0
		}
	}
	maxTicks = max(maxTicks, 2)
	step := niceStep(math.Max((hi-lo)/float64(maxTicks-1), minStep), maxTicks, lo, hi)
	lo = math.Floor(lo/step+1e-9) * step
	hi = math.Ceil(hi/step-1e-9) * step
	unit := axisUnit(math.Max(math.Abs(lo), math.Abs(hi)), step)
	var ticks []tick
	for i := 0; ; i++ {
		v := lo + float64(i)*step
		if v > hi+step/2 {
			break
		}
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, tick{at: v, label: formatNumber(v, step, unit)})
	}
	return lo, hi, ticks
}

// niceStep is the smallest step of 1, 2 or 5 times a power of ten, at least
// rough, that covers [lo, hi] in at most maxTicks ticks.
func niceStep(rough float64, maxTicks int, lo, hi float64) float64 {
	exp := math.Floor(math.Log10(rough))
	for {
		for _, m := range []float64{1, 2, 5} {
			step := m * math.Pow(10, exp)
			if step < rough*(1-1e-9) {
				continue
			}
			first := math.Floor(lo/step + 1e-9)
			last := math.Ceil(hi/step - 1e-9)
			if int(last-first)+1 <= maxTicks {
				return step
			}
		}
		exp++
	}
}

// numberUnit is the scale an axis's labels are written in, so that they
// stay short (15k, 2.5M) and all of one axis share it.
type numberUnit struct {
	size   float64
	suffix string
}

// axisUnit picks the scale for ticks up to largest apart by step.
func axisUnit(largest, step float64) numberUnit {
	for _, u := range []numberUnit{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if largest >= max(u.size, 1e4) && step >= u.size/100 {
			return u
		}
	}
	return numberUnit{1, ""}
}

// formatNumber writes an axis value in the unit with as many decimals as
// the step needs.
func formatNumber(v, step float64, u numberUnit) string {
	if v == 0 {
		return "0"
	}
	v, step = v/u.size, step/u.size
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	return strconv.FormatFloat(v, 'f', decimals, 64) + u.suffix
}

// A timeStep is a spacing of time ticks: a number of one unit.
type timeStep struct {
	n    int
	unit timeUnit
}

type timeUnit int

const (
	second timeUnit = iota
	minute
	hour
	day
	week
	month
	year
)

// timeSteps are the spacings tried, finest first.
var timeSteps = []timeStep{
	{1, second}, {5, second}, {15, second}, {30, second},
	{1, minute}, {5, minute}, {15, minute}, {30, minute},
	{1, hour}, {3, hour}, {6, hour}, {12, hour},
	{1, day}, {2, day}, {1, week}, {2, week},
	{1, month}, {3, month}, {6, month},
	{1, year}, {2, year}, {5, year}, {10, year}, {20, year}, {50, year}, {100, year},
}

// timeTicks returns the ticks of a time axis over [lo, hi] (Unix seconds):
// the finest spacing of whole minutes, hours, days, weeks (Mondays),
// months or years, no finer than grain (days for dates), that gives at
// most maxTicks ticks, and that fits when fits is given (it is told the
// labels, and judges their room).
func timeTicks(lo, hi float64, maxTicks int, grain timeUnit, fits func([]tick) bool) []tick {
	from := time.Unix(0, int64(lo*1e9)).UTC()
	to := time.Unix(0, int64(hi*1e9)).UTC()
	var ticks []tick
	for _, step := range timeSteps {
		if step.unit < grain {
			continue
		}
		if approxDuration(step)*time.Duration(maxTicks) < to.Sub(from) {
			continue // far too many: don't list them
		}
		ticks = stepTicks(from, to, step, maxTicks)
		if ticks != nil && (fits == nil || fits(ticks)) {
			return ticks
		}
	}
	return ticks
}

func approxDuration(s timeStep) time.Duration {
	unit := map[timeUnit]time.Duration{
		second: time.Second, minute: time.Minute, hour: time.Hour,
		day: 24 * time.Hour, week: 7 * 24 * time.Hour,
		month: 28 * 24 * time.Hour, year: 365 * 24 * time.Hour,
	}[s.unit]
	return time.Duration(s.n) * unit
}

// stepTicks lists the ticks of one spacing within [from, to], or nil when
// there would be more than maxTicks.
func stepTicks(from, to time.Time, step timeStep, maxTicks int) []tick {
	layout := tickLayout(step, from, to)
	var ticks []tick
	for t := alignTime(from, step); !t.After(to); t = advance(t, step) {
		if t.Before(from) {
			continue
		}
		if len(ticks) == maxTicks {
			return nil
		}
		ticks = append(ticks, tick{at: float64(t.UnixNano()) / 1e9, label: t.Format(layout)})
	}
	return ticks
}

// alignTime is the last whole step at or before t.
func alignTime(t time.Time, s timeStep) time.Time {
	switch s.unit {
	case second, minute, hour:
		size := time.Duration(s.n) * map[timeUnit]time.Duration{second: time.Second, minute: time.Minute, hour: time.Hour}[s.unit]
		return t.Truncate(size)
	case day:
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		days := int(d.Unix() / 86400)
		return d.AddDate(0, 0, -(days % s.n))
	case week:
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		d = d.AddDate(0, 0, -back)
		weeks := int(d.Unix() / (7 * 86400))
		return d.AddDate(0, 0, -7*(weeks%s.n))
	case month:
		m := int(t.Month()) - 1
		return time.Date(t.Year(), time.Month(m-m%s.n+1), 1, 0, 0, 0, 0, time.UTC)
	}
	y := t.Year()
	return time.Date(y-((y%s.n)+s.n)%s.n, 1, 1, 0, 0, 0, 0, time.UTC)
}

func advance(t time.Time, s timeStep) time.Time {
	switch s.unit {
	case second:
		return t.Add(time.Duration(s.n) * time.Second)
	case minute:
		return t.Add(time.Duration(s.n) * time.Minute)
	case hour:
		return t.Add(time.Duration(s.n) * time.Hour)
	case day:
		return t.AddDate(0, 0, s.n)
	case week:
		return t.AddDate(0, 0, 7*s.n)
	case month:
		return t.AddDate(0, s.n, 0)
	}
	return t.AddDate(s.n, 0, 0)
}

// tickLayout is how a tick of the spacing is written: no finer than the
// spacing, and with the date where the axis spans more than a day.
func tickLayout(s timeStep, from, to time.Time) string {
	sameDay := from.Format("2006-01-02") == to.Format("2006-01-02")
	switch s.unit {
	case year:
		return "2006"
	case month:
		return "2006-01"
	case day, week:
		return "2006-01-02"
	case hour:
		if sameDay {
			return "15:04"
		}
		return "01-02 15:04"
	case minute:
		if sameDay {
			return "15:04"
		}
		return "01-02 15:04"
	}
	return "15:04:05"
}

// grainOf is the coarsest unit that every time is a whole number of:
// days for dates ('2024-05-01'), months for months ('2024-05'), else
// seconds.
func grainOf(times []float64) timeUnit {
	grain := month
	for _, x := range times {
		t := time.Unix(0, int64(x*1e9)).UTC()
		if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
			return second
		}
		if t.Day() != 1 {
			grain = day
		}
	}
	return grain
}

// timeSpan widens a time axis holding one moment to a day around it.
func timeSpan(lo, hi float64) (float64, float64) {
	if lo == hi {
		return lo - 43200, hi + 43200
	}
	return lo, hi
}

// labelWidth is the widest label, in terminal cells.
func labelWidth(ticks []tick) int {
	w := 0
	for _, t := range ticks {
		w = max(w, cellWidth(t.label))
	}
	return w
}

// cellWidth counts the runes of s: the labels are digits, letters and
// punctuation, one cell each.
func cellWidth(s string) int { return len([]rune(s)) }

// truncate shortens s to at most width cells, marking the cut with "…".
func truncate(s string, width int) string {
	r := []rune(s)
	if len(r) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	return string(r[:width-1]) + "…"
}

// padRight fills s with blanks to width cells.
func padRight(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-cellWidth(s)))
}

// shorten cuts each label that fits does not allow short, marking the
// cut with "…": at the end, or, where that leaves two labels alike that
// were not, in the middle ("test (ubuntu…3.12)"). ok is false when even
// then two are alike: the labels cannot tell the categories apart.
func shorten(labels []string, fits func(string) bool) (short []string, ok bool) {
	for _, cut := range []func(r []rune, keep int) string{cutEnd, cutMiddle} {
		short = make([]string, len(labels))
		for i, l := range labels {
			short[i] = l
			r := []rune(l)
			for keep := len(r) - 1; keep > 0 && !fits(short[i]); keep-- {
				short[i] = cut(r, keep)
			}
		}
		if distinct(labels, short) {
			return short, true
		}
	}
	return short, false
}

// cutEnd keeps the first keep runes of r and marks the cut.
func cutEnd(r []rune, keep int) string { return string(r[:keep]) + "…" }

// cutMiddle keeps keep runes of r, from its start and its end, and marks
// the cut between them.
func cutMiddle(r []rune, keep int) string {
	head := (keep + 1) / 2
	return string(r[:head]) + "…" + string(r[len(r)-(keep-head):])
}

// distinct tells whether the short labels differ wherever the labels do.
func distinct(labels, short []string) bool {
	of := map[string]string{}
	for i, s := range short {
		if l, seen := of[s]; seen && l != labels[i] {
			return false
		}
		of[s] = labels[i]
	}
	return true
}
