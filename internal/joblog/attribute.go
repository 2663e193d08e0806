package joblog

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// slackSeconds widens each step's window when a line is matched to a later
// step: the API may round a start time up to the next second, before the
// step's first line was written.
const slackSeconds = 1

// stillRunning is the completion second of a step the API has not finished.
const stillRunning = math.MaxInt64

// The first lines the runner writes for its own steps. Lines of these shapes
// from user programs are harmless unless their time also fits a later step.
const (
	setUpJobStart      = "Current runner version:"
	postStepStart      = "Post job cleanup."
	jobOutputsStart    = "Evaluate and set job outputs"
	completeJobStart   = "Cleaning up orphan processes"
	actionHeaderPrefix = "Run "
	postHeaderPrefix   = "Post "
	// With step debug logging on, the runner opens every step with this
	// line, naming the step: "Evaluating condition for step: 'Post Run
	// actions/checkout@v4'".
	evaluatingPrefix = "Evaluating condition for step: '"
)

// stepSpan is a step that ran, with its times in whole seconds since the
// epoch, the precision the API gives.
type stepSpan struct {
	number int64
	name   string
	first  int64 // started_at
	last   int64 // completed_at, or stillRunning
}

// fits reports whether a line written at second sec may belong to the step,
// allowing slackSeconds either side.
func (s stepSpan) fits(sec int64) bool {
	if sec < s.first-slackSeconds {
		return false
	}
	return s.last == stillRunning || sec <= s.last+slackSeconds
}

// attributor assigns lines to steps, line by line, in log order.
type attributor struct {
	spans []stepSpan
	cur   int // index in spans of the step that owns the current lines; -1 for the preamble
	// deferred remembers a start line found by lookahead, so that the weak
	// start lines before it do not rescan: line number and index in spans.
	deferredLine int64
	deferredSpan int
	// byName is set when the current step was entered on a line naming it;
	// output once a line other than a debug line was attributed to it since.
	// Until then a weak start line ("Post job cleanup.") is the step's own
	// first output, not the start of the next one.
	byName bool
	output bool
}

func newAttributor(steps []Step) *attributor {
	return &attributor{spans: spansOf(steps), cur: -1}
}

// spansOf keeps the steps that wrote to the log, in number order. Skipped
// steps and steps that never started write nothing.
func spansOf(steps []Step) []stepSpan {
	var spans []stepSpan
	for _, s := range steps {
		if s.StartedAt.IsZero() || s.Conclusion == "skipped" {
			continue
		}
		span := stepSpan{number: s.Number, name: s.Name, first: s.StartedAt.Unix(), last: stillRunning}
		if !s.CompletedAt.IsZero() {
			span.last = max(s.CompletedAt.Unix(), span.first)
		}
		spans = append(spans, span)
	}
	slices.SortStableFunc(spans, func(a, b stepSpan) int { return cmp.Compare(a.number, b.number) })
	return spans
}

// peekFunc returns the i-th line after the one being attributed, or false
// when it is unavailable (end of log, error or lookahead limit).
type peekFunc func(i int) (entry, bool)

// stepOf returns the number of the step that wrote e, 0 if none can be told.
// Lines must be passed in log order.
func (a *attributor) stepOf(e entry, peek peekFunc) int64 {
	if len(a.spans) == 0 {
		return 0
	}
	if e.timed {
		if next, ok := a.stepStartedBy(e, peek); ok {
			a.cur = next
			a.byName, a.output = namesStep(e, a.spans[next]), false
		}
	}
	if a.cur < 0 {
		return 0
	}
	if e.Level != LevelDebug {
		a.output = true
	}
	return a.spans[a.cur].number
}

// stepStartedBy returns the index of the later step that e is the first line
// of, if it is one.
func (a *attributor) stepStartedBy(e entry, peek peekFunc) (int, bool) {
	next := a.firstLaterFitting(e.unixSec)
	if next < 0 {
		return 0, false
	}
	if e.unixSec > a.currentLastSecond() {
		return next, true // no line of the current step is that late
	}
	if !looksLikeStepStart(e) {
		return 0, false
	}
	if namesStep(e, a.spans[next]) {
		return next, true
	}
	if a.byName && !a.output || a.cur >= 0 && namesStep(e, a.spans[a.cur]) {
		return 0, false // the current step's own first lines
	}
	if !a.namedStartAhead(e.Number, next, peek) {
		return next, true
	}
	return 0, false
}

// firstLaterFitting returns the index of the first step after the current
// one whose window holds sec, or -1. Steps run in number order, so the
// search stops at the first step that starts later than sec.
func (a *attributor) firstLaterFitting(sec int64) int {
	for i := a.cur + 1; i < len(a.spans) && a.spans[i].first-slackSeconds <= sec; i++ {
		if a.spans[i].fits(sec) {
			return i
		}
	}
	return -1
}

// currentLastSecond is the last second a line of the current step can carry.
// The preamble may share the first step's starting second.
func (a *attributor) currentLastSecond() int64 {
	if a.cur < 0 {
		return a.spans[0].first
	}
	return a.spans[a.cur].last
}

// namedStartAhead looks for a later line, still within the current step's
// last second, that names step next exactly. Such a line is a better start
// than the weak one at hand, which may come from a composite action of the
// current step.
func (a *attributor) namedStartAhead(number int64, next int, peek peekFunc) bool {
	if a.deferredSpan == next && a.deferredLine > number {
		return true
	}
	last := a.currentLastSecond()
	for i := 1; ; i++ {
		e, ok := peek(i)
		if !ok {
			return false
		}
		if !e.timed {
			continue
		}
		if e.unixSec > last {
			return false
		}
		if namesStep(e, a.spans[next]) {
			a.deferredLine, a.deferredSpan = e.Number, next
			return true
		}
	}
}

// looksLikeStepStart reports whether e has the shape of a line the runner
// writes first in a step.
func looksLikeStepStart(e entry) bool {
	switch e.Level {
	case LevelGroup:
		return strings.HasPrefix(e.Content, actionHeaderPrefix) || strings.HasPrefix(e.Content, postHeaderPrefix)
	case "":
		return e.Content == postStepStart || e.Content == completeJobStart ||
			e.Content == jobOutputsStart || strings.HasPrefix(e.Content, setUpJobStart)
	case LevelDebug:
		return strings.HasPrefix(e.Content, evaluatingPrefix)
	}
	return false
}

// namesStep reports whether e is a line naming the step as it starts: a
// group header carrying its name, as the runner writes for steps named
// after their action or script ("Run actions/checkout@v4"), or with step
// debug logging the condition evaluated before every step.
func namesStep(e entry, s stepSpan) bool {
	if s.name == "" {
		return false
	}
	switch e.Level {
	case LevelGroup:
		return strings.TrimSpace(e.Content) == strings.TrimSpace(s.name)
	case LevelDebug:
		name, ok := strings.CutPrefix(e.Content, evaluatingPrefix)
		return ok && strings.TrimSpace(strings.TrimSuffix(strings.TrimRight(name, " "), "'")) == strings.TrimSpace(s.name)
	}
	return false
}
