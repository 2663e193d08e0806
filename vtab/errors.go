package vtab

import "fmt"

// Each front end phrases how to fix what the tables report in its own
// words: the command line names a flag, a host (the sqlite3 shell, Python)
// an environment variable or actionsql_config. An error the user fixes by
// changing a setting says which one through Setting, in the flags' names
// ("repo", "max-requests"); the front end adds its advice to the message.

// SettingError is an error that a change of the named setting fixes.
type SettingError interface {
	error
	Setting() string
}

// NeedsRepoError is a scan of a repository's table with no repository:
// none in the query, and no default.
type NeedsRepoError struct {
	Table     string
	OwnerOnly bool // the table needs an owner, not a repository (repos)
}

func (e *NeedsRepoError) Error() string {
	if e.OwnerOnly {
		return fmt.Sprintf("%s: needs an owner: add WHERE owner = 'OWNER', or set a default repository", e.Table)
	}
	return fmt.Sprintf("%s: needs a repository: add WHERE owner = 'OWNER' AND repo = 'REPO', or set a default repository", e.Table)
}

// Setting is the setting that gives a default repository.
func (e *NeedsRepoError) Setting() string { return "repo" }

// OwnerAloneError is a scan of a table that reads one repository at a
// time (a run's jobs, a job's log) constrained on owner but not on repo:
// the owner alone does not say which repository holds the run or job.
type OwnerAloneError struct {
	Table string
	Owner []string
}

func (e *OwnerAloneError) Error() string {
	return fmt.Sprintf("%s: owner = '%s' alone names no repository: add repo = 'REPO' "+
		"(a join from runs hands both over: ON %s.owner = r.owner AND %s.repo = r.repo)",
		e.Table, e.Owner[0], e.Table, e.Table)
}
