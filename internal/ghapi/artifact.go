package ghapi

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"github.com/google/go-github/v92/github"
)

// OpenArtifact starts downloading an artifact's zip. As with a job's log
// (OpenJobLog), the API answers with a redirect to a signed URL, which is
// read without the token, retried and resumed the same way; 404 (no such
// artifact) and 410 (expired) come back as *Error. The API request counts
// in the statement's budget; the download from the signed URL does not.
// An artifact never changes once uploaded, so with a disk cache one read
// before comes from there with no request.
func (c *Client) OpenArtifact(ctx context.Context, owner, repo string, id int64) (io.ReadCloser, error) {
	path := fmt.Sprintf("%s/actions/artifacts/%d/zip", RepoPath(owner, repo), id)
	return c.openImmutable(ctx, path, fmt.Sprintf("artifact %d", id), func(ctx context.Context) (*url.URL, *github.Response, error) {
		return c.gh.Actions.DownloadArtifact(ctx, PathSegment(owner), PathSegment(repo), id, 2)
	})
}
