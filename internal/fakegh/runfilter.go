package fakegh

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// runFilter implements the list-runs query parameters: actor, branch,
// event, status (a status or a conclusion), head_sha, check_suite_id and
// created (a date or time, optionally with >, >=, <, <= or a A..B range,
// as in GitHub's search syntax). A malformed created gets 422.
func runFilter(q url.Values) (func(*Run) bool, *response) {
	created, ok := createdFilter(q.Get("created"))
	if !ok {
		return nil, errorResponse(http.StatusUnprocessableEntity, "Validation Failed", docsURL+"/actions/workflow-runs#list-workflow-runs-for-a-repository")
	}
	return func(run *Run) bool {
		att := run.Latest()
		switch {
		case !matches(q.Get("actor"), run.Actor.Login),
			!matches(q.Get("branch"), run.HeadBranch),
			!matches(q.Get("event"), run.Event),
			!matches(q.Get("head_sha"), run.HeadSHA),
			!matches(q.Get("check_suite_id"), strconv.FormatInt(run.CheckSuiteID, 10)),
			!statusMatches(q.Get("status"), att),
			!created(run.CreatedAt):
			return false
		}
		return true
	}, nil
}

func matches(want, have string) bool { return want == "" || want == have }

func statusMatches(want string, att *Attempt) bool {
	return want == "" || want == att.Status || att.Conclusion != nil && want == *att.Conclusion
}

// createdFilter parses the created qualifier into a predicate.
func createdFilter(expr string) (func(time.Time) bool, bool) {
	if expr == "" {
		return func(time.Time) bool { return true }, true
	}
	if from, to, ok := strings.Cut(expr, ".."); ok {
		lo, ok1 := parseWhen(from, false)
		hi, ok2 := parseWhen(to, true)
		return func(t time.Time) bool { return !t.Before(lo) && t.Before(hi) }, ok1 && ok2
	}
	for _, op := range []string{">=", "<=", ">", "<"} {
		rest, ok := strings.CutPrefix(expr, op)
		if !ok {
			continue
		}
		switch op {
		case ">=":
			at, ok := parseWhen(rest, false)
			return func(t time.Time) bool { return !t.Before(at) }, ok
		case ">":
			at, ok := parseWhen(rest, true)
			return func(t time.Time) bool { return !t.Before(at) }, ok
		case "<=":
			at, ok := parseWhen(rest, true)
			return func(t time.Time) bool { return t.Before(at) }, ok
		default:
			at, ok := parseWhen(rest, false)
			return func(t time.Time) bool { return t.Before(at) }, ok
		}
	}
	lo, ok1 := parseWhen(expr, false)
	hi, ok2 := parseWhen(expr, true)
	return func(t time.Time) bool { return !t.Before(lo) && t.Before(hi) }, ok1 && ok2
}

// parseWhen reads a date or an RFC 3339 time. With end set it returns the
// instant just after the period (the next day for a date, the next second
// for a time), so bounds can be half-open.
func parseWhen(s string, end bool) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		if end {
			t = t.Add(time.Second)
		}
		return t, true
	}
	return time.Time{}, false
}
