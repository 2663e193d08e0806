package ghapi_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// answer is a RoundTripper that gives every request the same answer.
type answer struct {
	link, body string
}

func (a answer) RoundTrip(req *http.Request) (*http.Response, error) {
	h := http.Header{"Content-Type": {"application/json"}}
	if a.link != "" {
		h.Set("Link", a.link)
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: h, Body: io.NopCloser(strings.NewReader(a.body)),
		ContentLength: int64(len(a.body)), Request: req}, nil
}

// FuzzLinkHeader: page 2 of a listing with any Link header (and any body)
// either fails with an error naming the request, or gives a next page that
// lies ahead (0 for none): never a panic, never a loop back.
func FuzzLinkHeader(f *testing.F) {
	const jobs = `{"total_count": 250, "jobs": [{"id": 1, "run_id": 5, "status": "completed", "steps": []}]}`
	for _, link := range []string{
		`<https://api.github.com/repos/o/r/actions/runs/5/jobs?per_page=100&page=3>; rel="next", <https://api.github.com/repos/o/r/actions/runs/5/jobs?per_page=100&page=3>; rel="last"`,
		`<https://api.github.com/repos/o/r/actions/runs/5/jobs?page=1>; rel="prev"`,
		`<https://api.github.com/repos/o/r/actions/runs/5/jobs?page=2>; rel="next"`,
		`<https://api.github.com/repos/o/r/actions/runs/5/jobs?page=-1>; rel="next"`,
		`<?page=99999999999999999999>; rel="next"`,
		`garbage; rel=next, <>`,
		``,
	} {
		f.Add(link, jobs)
	}
	f.Add(`<x?page=3>; rel="next"`, `{"total_count": "many", "jobs": null}`)
	f.Add(``, `{"jobs": [null, {"id": "1"}]}`)
	f.Add(``, `[`)
	f.Fuzz(func(t *testing.T, link, body string) {
		c, err := ghapi.New(ghapi.Options{BaseURL: "https://api.github.com", Transport: answer{link, body}, MaxRetryWait: -1})
		if err != nil {
			t.Fatal(err)
		}
		page, err := c.ListJobsPage(context.Background(), ghapi.JobListing{Owner: "o", Repo: "r", RunID: 5, Filter: "all"}, 2)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "GET /repos/o/r/actions/runs/5/jobs") {
				t.Fatalf("err = %v: does not name the request", err)
			}
			return
		}
		if page.NextPage != 0 && page.NextPage <= 2 {
			t.Fatalf("next page %d after page 2", page.NextPage)
		}
	})
}
