package chart

import (
	"fmt"
	"strings"
	"unicode"
)

// A unit is what a series measures, as its column's name says: seconds
// (median_s, avg(duration_seconds)), minutes (busy_min), a count (jobs,
// count(*)), a percentage (failure_pct). The zero unit is a name that says
// nothing (p90, worst).
type unit struct {
	name string // "seconds", "a count": how a note names it
	rank int    // which unit takes the axis when as many series have each
}

// The units a name may tell. Durations outrank percentages, which outrank
// counts: a count beside a measure is most often how many rows the
// measure was taken over (jobs beside median_s), the sample, not the point.
var (
	seconds      = unit{"seconds", 3}
	milliseconds = unit{"milliseconds", 3}
	minutes      = unit{"minutes", 3}
	hours        = unit{"hours", 3}
	percentage   = unit{"a percentage", 2}
	count        = unit{"a count", 1}
)

// unitWords are the words of a column name that tell its unit. The
// tables' durations (duration_seconds, queued_seconds) are in seconds, so
// a bare duration is too.
var unitWords = map[string]unit{
	"s": seconds, "sec": seconds, "secs": seconds, "second": seconds, "seconds": seconds,
	"duration": seconds, "elapsed": seconds,
	"ms": milliseconds, "msec": milliseconds, "msecs": milliseconds, "millis": milliseconds,
	"millisecond": milliseconds, "milliseconds": milliseconds,
	"min": minutes, "mins": minutes, "minute": minutes, "minutes": minutes,
	"h": hours, "hr": hours, "hrs": hours, "hour": hours, "hours": hours,
	"pct": percentage, "percent": percentage, "percentage": percentage,
	"count": count, "counts": count, "cnt": count, "n": count, "num": count, "number": count,
	"jobs": count, "runs": count, "steps": count, "workflows": count, "builds": count,
	"attempts": count, "retries": count, "reruns": count, "failures": count, "failed": count,
	"successes": count, "passed": count, "errors": count, "warnings": count,
	"annotations": count, "commits": count, "events": count, "requests": count, "rows": count,
}

// unitOf reads a column's unit from its name: the last word of it that
// names one, so that min_s is seconds (the least of them) and busy_min
// minutes. A leading min or max is the least or the most, not minutes.
func unitOf(column string) unit {
	if strings.Contains(column, "%") {
		return percentage
	}
	words := strings.FieldsFunc(strings.ToLower(column), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i := len(words) - 1; i >= 0; i-- {
		if i == 0 && words[i] == "min" {
			break
		}
		if u, ok := unitWords[words[i]]; ok {
			return u
		}
	}
	return unit{}
}

// keepOneUnit leaves out the series whose name says they measure something
// else than the axis does, and says so in p.note: a count drawn on an axis
// of seconds reads as seconds, and squashes or is squashed by them. The
// axis takes the unit that most series have, on a tie the higher ranked
// (a duration before a count), then the first. Series whose name tells no
// unit are drawn whatever the axis is, and so are series of one unit however
// far apart their values (failures beside runs are both counts).
func (p *plot) keepOneUnit() {
	votes := map[unit]int{}
	var units []unit // in the order they come
	for _, s := range p.series {
		if u := unitOf(s.name); u != (unit{}) {
			if votes[u] == 0 {
				units = append(units, u)
			}
			votes[u]++
		}
	}
	var axis unit
	for _, u := range units {
		if axis == (unit{}) || votes[u] > votes[axis] || votes[u] == votes[axis] && u.rank > axis.rank {
			axis = u
		}
	}
	var kept []series
	var left []string
	for _, s := range p.series {
		if u := unitOf(s.name); u == (unit{}) || u == axis {
			kept = append(kept, s)
		} else {
			left = append(left, fmt.Sprintf("%s (%s)", s.name, u.name))
		}
	}
	if len(left) == 0 {
		return
	}
	p.series = kept
	p.note = fmt.Sprintf("left out %s: the axis is %s; chart %s on its own",
		joinAnd(left), axis.name, map[bool]string{true: "it", false: "them"}[len(left) == 1])
}

// joinAnd lists items as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
