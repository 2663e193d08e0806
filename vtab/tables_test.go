package vtab

// The tables the white-box tests plan against, by name.
var (
	runsTable    = tableNamed("runs")
	jobsTable    = tableNamed("jobs")
	stepsTable   = tableNamed("steps")
	jobLogsTable = tableNamed("job_logs")
)

func tableNamed(name string) *Table {
	for _, t := range Tables() {
		if t.Name == name {
			return t
		}
	}
	panic("no table " + name)
}
