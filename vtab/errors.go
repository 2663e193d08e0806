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
	Table string
}

func (e *NeedsRepoError) Error() string {
	return fmt.Sprintf("%s: needs a repository: add WHERE owner = 'OWNER' AND repo = 'REPO', or set a default repository", e.Table)
}

// Setting is the setting that gives a default repository.
func (e *NeedsRepoError) Setting() string { return "repo" }
