package ghapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v92/github"
)

// Error is a request the API answered with a failure status.
type Error struct {
	Method     string
	Path       string // relative to the API root, e.g. /repos/o/r/actions/jobs/5
	StatusCode int
	Status     string // e.g. "502 Bad Gateway"
	Message    string // the API's own message, if it gave one
	// RateLimited says a 403 or 429 is a rate limit that waiting could not
	// outlast, rather than a permission the token lacks.
	RateLimited bool
	// SSO is the URL where the token is authorized for an organization
	// that enforces SAML single sign-on, from a 403's X-GitHub-SSO
	// header; "" when the answer named none.
	SSO string
	// Accepted is the permissions the endpoint accepts, from a 403's
	// X-Accepted-GitHub-Permissions header (fine-grained tokens and apps):
	// "actions=read", several sets separated by ";".
	Accepted string
}

// Forbidden reports whether err is a 403 for want of a permission (or a
// single sign-on authorization), not a rate limit: asking again changes
// nothing, the token does.
func Forbidden(err error) (*Error, bool) {
	var apiErr *Error
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden && !apiErr.RateLimited {
		return apiErr, true
	}
	return nil, false
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s %s: %s", e.Method, e.Path, e.Status)
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		msg += " (the token is missing, expired or wrong: check GH_TOKEN/GITHUB_TOKEN or run `gh auth login`)"
	case e.Message != "" && !strings.EqualFold(e.Message, http.StatusText(e.StatusCode)):
		msg += ": " + e.Message
	}
	return msg
}

// IsStatus reports whether err is an API answer with status code.
func IsStatus(err error, code int) bool {
	var apiErr *Error
	return errors.As(err, &apiErr) && apiErr.StatusCode == code
}

// requestError turns go-github's error for a request into an *Error naming
// the request, or the transport failure with the path for context.
func (c *Client) requestError(ctx context.Context, path string, resp *github.Response, err error) error {
	if resp != nil && resp.Response != nil && resp.StatusCode >= 300 {
		e := &Error{Method: http.MethodGet, Path: path, StatusCode: resp.StatusCode, Status: resp.Status}
		var ghErr *github.ErrorResponse
		if errors.As(err, &ghErr) {
			e.Message = ghErr.Message
		} else {
			e.Message = bodyMessage(resp.Response)
		}
		if msg := rateLimitMessage(resp.Response, e.Message); msg != "" {
			e.Message, e.RateLimited = msg, true
		}
		e.SSO = ssoURL(resp.Header.Get("X-GitHub-SSO"))
		e.Accepted = resp.Header.Get("X-Accepted-GitHub-Permissions")
		return e
	}
	var (
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	if errors.As(err, &syntaxErr) || errors.As(err, &typeErr) || errors.Is(err, io.ErrUnexpectedEOF) && resp != nil {
		return fmt.Errorf("GET %s: the answer is not the JSON the API documents: %w", path, err)
	}
	// A transport failure comes wrapped in a *url.Error that repeats the
	// method and the whole URL; the path already says which request it was.
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return fmt.Errorf("GET %s: %w", path, closedIfEOF(contextCause(ctx, err)))
}

// ssoURL is the authorization URL of an X-GitHub-SSO header,
// "required; url=https://github.com/orgs/o/sso?authorization_request=...";
// "" when it names none.
func ssoURL(header string) string {
	for part := range strings.SplitSeq(header, ";") {
		if u, ok := strings.CutPrefix(strings.TrimSpace(part), "url="); ok {
			return u
		}
	}
	return ""
}

// bodyMessage reads the "message" of a GitHub JSON error, when the body is
// still there to read (retryTransport leaves every answer's body in memory).
func bodyMessage(resp *http.Response) string {
	if resp.Body == nil {
		return ""
	}
	var apiErr struct {
		Message string `json:"message"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(body, &apiErr) != nil {
		return ""
	}
	return apiErr.Message
}

// rateLimitMessage says which rate limit a 403 or 429 is, once waiting for
// it has failed or would take longer than the retry budget: "" when the
// answer is no rate limit.
func rateLimitMessage(resp *http.Response, apiMessage string) string {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return ""
	}
	switch rh := parseRateHeaders(resp.Header); {
	case rh.spent():
		return (&ExhaustedError{Limit: max(rh.limit, 0), Reset: rh.reset}).Error()
	case rh.secondary(resp.StatusCode, apiMessage):
		return "secondary rate limit (GitHub asks for a longer wait than the retry budget leaves): " + apiMessage
	}
	return ""
}

// contextCause prefers the context's reason (e.g. an interrupt) over the
// transport's wrapping of it.
func contextCause(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}
