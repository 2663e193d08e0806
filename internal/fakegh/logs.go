package fakegh

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"time"
)

// A job log is rendered in two passes: each step's generator writes its
// lines (text only), then the lines get timestamps inside the step's time
// window, so every line of step N carries a time between step N's
// started_at and completed_at seconds, like GitHub's own logs.

// logLine is one line before it gets its timestamp. A burst line is printed
// right after the previous one (group headers, echoed inputs); other lines
// are output spread over the step's duration.
type logLine struct {
	text  string
	burst bool
}

// logWriter collects the lines of one step.
type logWriter struct {
	lines []logLine
}

// head appends lines written in the same instant as the previous one.
func (w *logWriter) head(texts ...string) {
	for _, t := range texts {
		w.lines = append(w.lines, logLine{text: t, burst: true})
	}
}

// out appends output lines that take time to appear.
func (w *logWriter) out(texts ...string) {
	for _, t := range texts {
		w.lines = append(w.lines, logLine{text: t})
	}
}

func (w *logWriter) outf(format string, args ...any) { w.out(fmt.Sprintf(format, args...)) }

func (w *logWriter) headf(format string, args ...any) { w.head(fmt.Sprintf(format, args...)) }

// window is a half-open time interval a step's lines must fall in.
type window struct {
	lo, hi time.Time
}

// logSection is the lines of the preamble or of one step, with the second
// range the API gives it.
type logSection struct {
	step        int       // the number of the step that wrote the lines; 0 for the preamble
	first, last time.Time // second precision, inclusive
	lines       []logLine
}

// renderLog builds the whole log text of a completed job (without BOM).
func renderLog(ref *jobRef) []byte {
	c := newLogCtx(ref)
	sections := c.sections()
	wins := sectionWindows(sections)
	var buf bytes.Buffer
	for i, sec := range sections {
		stamps := stamp(c.rng, len(sec.lines), lineBursts(sec.lines), wins[i])
		for k, line := range sec.lines {
			buf.WriteString(stamps[k].UTC().Format(logTimeLayout))
			buf.WriteByte(' ')
			buf.WriteString(line.text)
			buf.WriteByte('\n')
		}
	}
	return buf.Bytes()
}

// logTimeLayout is the runner's line timestamp: UTC with 7 fractional digits.
const logTimeLayout = "2006-01-02T15:04:05.0000000Z"

func lineBursts(lines []logLine) []bool {
	b := make([]bool, len(lines))
	for i, l := range lines {
		b[i] = l.burst
	}
	return b
}

// sections lists the preamble (written while the job waited for a runner)
// and the lines of every step that ran, in log order.
func (c *logCtx) sections() []logSection {
	job := c.ref.job
	started := job.StartedAt.Time.Truncate(time.Second)
	created := job.CreatedAt.Time.Truncate(time.Second)
	preambleEnd := started.Add(-time.Second)
	if preambleEnd.Before(created) {
		preambleEnd = created
	}
	secs := []logSection{{first: created, last: preambleEnd, lines: c.preamble()}}
	for _, st := range job.Steps {
		if st.StartedAt == nil || st.CompletedAt == nil || *st.Conclusion == "skipped" {
			continue
		}
		w := &logWriter{}
		c.writeStep(w, st)
		if len(w.lines) == 0 {
			continue
		}
		secs = append(secs, logSection{
			step:  st.Number,
			first: st.StartedAt.Time.Truncate(time.Second),
			last:  st.CompletedAt.Time.Truncate(time.Second),
			lines: w.lines,
		})
	}
	return secs
}

// sectionWindows gives each section a window inside its own seconds.
// Sections that share a second (one ends in the second the next starts, or
// several zero-length post steps) split that second in order, so timestamps
// never go backwards and each line stays inside its step's second range.
func sectionWindows(secs []logSection) []window {
	wins := make([]window, len(secs))
	for i, s := range secs {
		pos, n := shareOf(secs, i, s.first)
		wins[i].lo = s.first.Add(time.Duration(pos) * time.Second / time.Duration(n))
		pos, n = shareOf(secs, i, s.last)
		wins[i].hi = s.last.Add(time.Duration(pos+1) * time.Second / time.Duration(n))
	}
	return wins
}

// shareOf reports how many sections touch second sec and the position of
// section i among them.
func shareOf(secs []logSection, i int, sec time.Time) (pos, n int) {
	for k, s := range secs {
		if s.first.After(sec) || s.last.Before(sec) {
			continue
		}
		if k < i {
			pos++
		}
		n++
	}
	return pos, n
}

// stamp spreads n line times over w: burst lines follow their predecessor
// by tens of microseconds, output lines share the rest of the window in
// random proportions, so the last line lands near the step's end.
func stamp(rng *rand.Rand, n int, burst []bool, w window) []time.Time {
	out := make([]time.Time, n)
	span := w.hi.Sub(w.lo)
	lead := min(5*time.Millisecond+time.Duration(rng.Int64N(550_000))*100, span/10)
	// Leave a random sliver at the end so the last line does not sit on a
	// suspiciously round offset.
	usable := time.Duration(float64(span-lead) * (0.90 + 0.08*rng.Float64()))
	gaps := make([]time.Duration, n)
	weights := make([]float64, n)
	var burstTotal time.Duration
	var weightTotal float64
	for i := 1; i < n; i++ {
		if burst[i] {
			gaps[i] = time.Duration(15+rng.IntN(100)) * time.Microsecond
			burstTotal += gaps[i]
		} else {
			weights[i] = 0.2 + rng.ExpFloat64()
			weightTotal += weights[i]
		}
	}
	scale := 1.0
	if limit := usable * 3 / 10; burstTotal > limit {
		scale = float64(limit) / float64(burstTotal)
	}
	spread := usable - time.Duration(float64(burstTotal)*scale)
	t := w.lo.Add(lead)
	for i := range n {
		gap := time.Duration(float64(gaps[i]) * scale)
		if weights[i] > 0 {
			gap = time.Duration(float64(spread) * weights[i] / weightTotal)
		}
		if i > 0 {
			t = t.Add(max(gap, 100*time.Nanosecond))
		}
		out[i] = t
	}
	return out
}
