package config

import "time"

// DefaultMaxRetryWait is --max-retry-wait's default.
const DefaultMaxRetryWait = 60 * time.Second

// NoRetries is Config.MaxRetryWait for --max-retry-wait 0: every request
// is tried once. (A zero Config.MaxRetryWait means the default, as the
// other numeric settings' zero values do.)
const NoRetries time.Duration = -1

// maxRetryWait reads --max-retry-wait, a Go duration (90s, 2m, 0).
func (s sources) maxRetryWait() (time.Duration, error) {
	v, from, ok := s.setting("max-retry-wait")
	if !ok {
		return DefaultMaxRetryWait, nil
	}
	d, err := time.ParseDuration(v)
	if v == "0" {
		d, err = 0, nil
	}
	if err != nil || d < 0 {
		return 0, invalid(from, "%s=%q: want how long retries and rate-limit waits may take in total, as a Go duration such as 60s, 2m or 0 for no retries (default %s)", from, v, DefaultMaxRetryWait)
	}
	if d == 0 {
		return NoRetries, nil
	}
	return d, nil
}
