package fakegh

// LogSteps says which step wrote each line of a job's log, as the
// generator knows it: steps[i] is the number of the step that wrote line
// i+1 of what Log serves, 0 for the runner's preamble written before any
// step started. A client has to work this out from the lines' timestamps
// and headers (the job_logs table's step_number); tests compare its answer
// with this one. ok is false when Log would fail, and for logs the
// generator did not write step by step: a LogBody set by hand, or a log
// streamed as it is read.
func (d *Dataset) LogSteps(jobID int64) (steps []int, ok bool) {
	if d.logState(jobID) != logAvailable {
		return nil, false
	}
	ref := d.index()[jobID]
	if ref.job.stream != nil || ref.job.LogBody != nil {
		return nil, false
	}
	for _, sec := range newLogCtx(ref).sections() {
		for range sec.lines {
			steps = append(steps, sec.step)
		}
	}
	return steps, true
}
