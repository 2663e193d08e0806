package ghapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	gojson "github.com/goccy/go-json"
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
	req, err := c.gh.NewRequest(ctx, "GET", target, nil)
	if err != nil {
		return 0, fmt.Errorf("GET %s: %w", path, err)
	}
	body := &boundedBuffer{max: MaxAnswerBytes}
	resp, err := c.gh.Do(req, body)
	if err != nil {
		if errors.Is(err, ErrAnswerTooLarge) {
			return 0, fmt.Errorf("GET %s: %w", path, ErrAnswerTooLarge)
		}
		return 0, c.requestError(ctx, path, resp, err)
	}
	if err := gojson.Unmarshal(body.Bytes(), v); err != nil {
		return 0, fmt.Errorf("GET %s: the answer is not the JSON the API documents: %w", path, err)
	}
	page, _ := strconv.Atoi(query.Get("page"))
	if resp.NextPage != 0 && resp.NextPage <= max(page, 1) {
		return 0, fmt.Errorf("GET %s: page %d's Link header names page %d as the next one: the listing cannot be read whole", path, max(page, 1), resp.NextPage)
	}
	return resp.NextPage, nil
}

// boundedBuffer is a bytes.Buffer that refuses to grow past max.
type boundedBuffer struct {
	bytes.Buffer
	max int
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.max {
		return 0, ErrAnswerTooLarge
	}
	return b.Buffer.Write(p)
}

// PathSegment escapes one segment of a request's path: an owner or
// repository name from a query can hold anything, and "../x" or ".." must
// name nothing but a repository that does not exist, never another path.
func PathSegment(s string) string {
	seg := url.PathEscape(s)
	if strings.Trim(s, ".") == "" {
		seg = strings.ReplaceAll(seg, ".", "%2E")
	}
	return seg
}

// RepoPath is the path of a repository's API: /repos/OWNER/REPO, escaped.
func RepoPath(owner, repo string) string {
	return "/repos/" + PathSegment(owner) + "/" + PathSegment(repo)
}
