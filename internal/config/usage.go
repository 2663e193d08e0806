package config

import (
	"errors"
	"fmt"
)

// SettingError says that a setting the user gave, a flag or the
// ACTIONSQL_ variable that stands in for it, holds a value that cannot be
// used (--concurrency 0, --repo nosuch, ACTIONSQL_NO_CACHE=maybe). The
// command is wrong as written, so the CLI reports it as bad usage (exit
// status 2), as it does an unknown flag. A bad standard variable
// (GH_REPO, GITHUB_API_URL) is not one: the user did not write it for
// actionsql, so it stays a configuration error.
type SettingError struct {
	From string // where the value came from: "--concurrency", "ACTIONSQL_REPO"
	Err  error  // what is wrong with it, naming From and what it should hold
}

func (e *SettingError) Error() string { return e.Err.Error() }
func (e *SettingError) Unwrap() error { return e.Err }

// invalid makes a SettingError about the value from holds.
func invalid(from, format string, args ...any) error {
	return &SettingError{From: from, Err: fmt.Errorf(format, args...)}
}

// IsUsage reports whether err says that the settings as the user wrote
// them cannot be run: a value that fails validation (SettingError), or two
// that contradict each other (ConflictError).
func IsUsage(err error) bool {
	var setting *SettingError
	var conflict *ConflictError
	return errors.As(err, &setting) || errors.As(err, &conflict)
}
