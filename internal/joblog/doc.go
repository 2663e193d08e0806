// Package joblog reads GitHub Actions job logs as a stream of lines and
// tells, for each line, which step of the job wrote it.
//
// # Format
//
// A job log, as served by the job-logs endpoint or found in a run-logs
// archive, is UTF-8 text with one record per line:
//
//	2023-09-21T17:21:33.7513949Z ##[group]Run actions/checkout@v4
//
// Every line the runner writes starts with an RFC 3339 UTC timestamp with
// seven fractional digits and one space. What follows may begin with a log
// command mark: ##[group], ##[endgroup], ##[error], ##[warning], ##[notice],
// ##[debug], ##[command], ##[section] (some runner versions add parameters,
// as in "##[error file=a.go,line=3]"), or a bare "[command]" for a command
// line echoed by an action. The rest is the program's output, often coloured
// with ANSI escape sequences. Downloads of single job logs may start with a
// UTF-8 byte-order mark. Lines end in LF, sometimes CRLF.
//
// [ParseLine] splits one line into timestamp, level and plain content;
// [Reader] streams a whole log, numbering lines and attributing them to steps.
// A Reader never holds more than a bounded window of lines (see below), so
// logs of any size can be read.
//
// # Step attribution
//
// The job object lists the steps with second-precision start and completion
// times. Neighbouring steps commonly share a second, so times alone cannot
// place a line; the runner, though, opens each step with a recognisable line:
// "Current runner version: ..." for "Set up job", "##[group]Run ..." for
// uses: and run: steps, "Post job cleanup." for post steps, and "Evaluate and
// set job outputs" or "Cleaning up orphan processes" for "Complete job".
//
// The attributor walks the steps that ran (started and not skipped) in number
// order. Lines before the first step started form the preamble (step 0). The
// current step keeps every line until either
//
//   - a line's second is past the current step's completion second, which no
//     line of that step can be: the line moves to the first later step whose
//     window, widened by one second each side, holds it; or
//   - a step-start line appears whose second lies in a later step's widened
//     window: the line opens that step.
//
// The second case is ambiguous while the line's second still lies within the
// current step (a composite action prints "##[group]Run" for each of its inner
// steps). If a later line in that shared stretch names the next step exactly
// ("##[group]Run actions/checkout@v4" for a step named so), that line opens
// the step instead. Finding it needs lookahead, which is limited to the lines
// of the shared seconds and capped at a few thousand lines and a few MB.
package joblog
