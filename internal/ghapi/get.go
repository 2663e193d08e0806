package ghapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	gojson "github.com/goccy/go-json"
	"github.com/google/go-github/v92/github"
)

// Every table reads the API through Get: one GET, its JSON answer decoded
// into the caller's type, the next page taken from the Link header. The
// tables describe what they ask for (vtab's Request); this package knows
// how to ask.
//
// Answers are decoded with github.com/goccy/go-json rather than
// encoding/json: a page of 100 runs is 1.2 MB of JSON, most of it two
// repository objects per run that no column reads, and go-json skips what
// the caller's type leaves out several times as fast (a test in vtab holds
// the two decoders to the same result on every demo page).

// MaxAnswerBytes bounds one answer's body. The largest page the API
// documents (100 runs with their repository objects) is about 1.2 MB; an
// answer many times that is no page of a listing, and reading it whole
// would only exhaust memory.
const MaxAnswerBytes = 64 << 20

// ErrAnswerTooLarge is the cause of a Get whose answer passed MaxAnswerBytes.
var ErrAnswerTooLarge = fmt.Errorf("the answer is larger than %d MiB, more than any page the API documents", MaxAnswerBytes>>20)

// Get GETs path (relative to the API root, its segments escaped: see
// RepoPath) with query, and decodes the JSON answer into v. next is the
// page the answer's Link header names as the next one, 0 when none; a
// Link that leads back to this page or before it is an error, as
// following it would read the listing for ever.
func (c *Client) Get(ctx context.Context, path string, query url.Values, v any) (next int, err error) {
	target := strings.TrimPrefix(path, "/")
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base.String()+target, nil)
	if err != nil {
		return 0, fmt.Errorf("GET %s: %w", path, err)
	}
	resp, err := c.gh.Client().Do(req)
	if err != nil {
		return 0, c.requestError(ctx, path, nil, err)
	}
	defer resp.Body.Close()
	if err := github.CheckResponse(resp); err != nil {
		return 0, c.requestError(ctx, path, &github.Response{Response: resp}, err)
	}
	body, err := wholeBody(resp.Body)
	if err != nil {
		return 0, c.requestError(ctx, path, nil, err)
	}
	if err := gojson.Unmarshal(body, v); err != nil {
		return 0, fmt.Errorf("GET %s: the answer is not the JSON the API documents: %w", path, err)
	}
	page, _ := strconv.Atoi(query.Get("page"))
	next = nextPage(resp.Header.Get("Link"))
	if next != 0 && next <= max(page, 1) {
		return 0, fmt.Errorf("GET %s: page %d's Link header names page %d as the next one: the listing cannot be read whole", path, max(page, 1), next)
	}
	return next, nil
}

// wholeBody returns an answer's body, at most MaxAnswerBytes of it: the
// bytes themselves when the chain already holds them (the retries read
// every API answer whole, the disk cache keeps them), so that a page is
// not copied once more on its way to the decoder.
func wholeBody(body io.Reader) ([]byte, error) {
	if m, ok := body.(memoryBody); ok && len(m.b) <= MaxAnswerBytes {
		return m.b, nil
	}
	b, err := io.ReadAll(io.LimitReader(body, MaxAnswerBytes+1))
	if len(b) > MaxAnswerBytes {
		return nil, ErrAnswerTooLarge
	}
	return b, err
}

// nextPage is the page a Link header names as rel="next", 0 for none.
func nextPage(link string) int {
	for _, part := range strings.Split(link, ",") {
		target, params, ok := strings.Cut(part, ";")
		if !ok || !strings.Contains(strings.ReplaceAll(params, " ", ""), `rel="next"`) {
			continue
		}
		u, err := url.Parse(strings.Trim(strings.TrimSpace(target), "<>"))
		if err != nil {
			return 0
		}
		n, err := strconv.Atoi(u.Query().Get("page"))
		if err != nil || n < 0 {
			return 0
		}
		return n
	}
	return 0
}

// memoryBody is an answer's body already in memory.
type memoryBody struct {
	*bytes.Reader
	b []byte
}

func newMemoryBody(b []byte) io.ReadCloser { return memoryBody{bytes.NewReader(b), b} }

func (memoryBody) Close() error { return nil }

// PathSegment escapes one segment of a request's path: an owner or
// repository name from a query can hold anything, and "../x" or ".." must
// name nothing but a repository that does not exist, never another path.
// The dots of a segment holding ".." are escaped too: a server may resolve
// them, and go-github refuses a path that holds "..".
func PathSegment(s string) string {
	seg := url.PathEscape(s)
	if strings.Contains(s, "..") || strings.Trim(s, ".") == "" {
		seg = strings.ReplaceAll(seg, ".", "%2E")
	}
	return seg
}

// RepoPath is the path of a repository's API: /repos/OWNER/REPO, escaped.
func RepoPath(owner, repo string) string {
	return "/repos/" + PathSegment(owner) + "/" + PathSegment(repo)
}
