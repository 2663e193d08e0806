package ghapi

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"

	gojson "github.com/goccy/go-json"
	"github.com/google/go-github/v92/github"
)

// Job listings are the bulk of what a query decodes: a 1,000-job run is
// 2 MB of JSON, and decoding it with encoding/json took most of a cached
// query's time. github.com/goccy/go-json decodes the same types (go-github's
// own UnmarshalJSON methods included) about 2.6 times as fast, so listings
// are fetched raw through go-github (its Do copies the body to an
// io.Writer) and decoded with it. TestFastDecodeMatchesEncodingJSON holds
// the two to the same result on every page of the demo data.

// getDecoded GETs path (relative to the API root) with query through the
// client's chain and decodes the answer into v.
func (c *Client) getDecoded(ctx context.Context, path string, query url.Values, v any) (*github.Response, error) {
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	req, err := c.gh.NewRequest(ctx, "GET", path, nil)
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	resp, err := c.gh.Do(req, &body)
	if err != nil {
		return resp, err
	}
	if err := gojson.Unmarshal(body.Bytes(), v); err != nil {
		return resp, fmt.Errorf("the answer is not the JSON the API documents: %w", err)
	}
	return resp, nil
}

// listJobs reads one page of a job listing.
func (c *Client) listJobs(ctx context.Context, l JobListing, page int) (*github.Jobs, *github.Response, error) {
	query := url.Values{"page": {fmt.Sprint(page)}, "per_page": {fmt.Sprint(pageSize)}}
	if l.Attempt == 0 && l.Filter != "" {
		query.Set("filter", l.Filter)
	}
	var jobs github.Jobs
	resp, err := c.getDecoded(ctx, strings.TrimPrefix(l.path(), "/"), query, &jobs)
	if err != nil {
		return nil, resp, err
	}
	return &jobs, resp, nil
}
