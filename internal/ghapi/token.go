package ghapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// tokenTransport authenticates requests to the API host, and only to it.
// The token is added per request, below the HTTP client's redirect handling,
// so it must itself refuse every other host: a redirect that names another
// host (or the same host on another scheme or port) gets no token, and any
// Authorization header a caller left on such a request is dropped.
type tokenTransport struct {
	next   http.RoundTripper
	header secret   // "Bearer " + the token
	api    *url.URL // the API root: scheme and host the token is for
}

// secret is a string that never prints: a panic or a debug print of a
// value holding it shows [redacted].
type secret string

func (secret) String() string   { return "[redacted]" }
func (secret) GoString() string { return "[redacted]" }

// Format redacts the token however Options is printed (%v, %+v, %#v), so
// that a panic or a debug line that shows the options never shows it.
func (o Options) Format(f fmt.State, verb rune) {
	if o.Token != "" {
		o.Token = "[redacted]"
	}
	type plain Options // without this method
	fmt.Fprintf(f, fmt.FormatString(f, verb), plain(o))
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	if sameOrigin(req.URL, t.api) {
		req.Header.Set("Authorization", string(t.header))
	} else {
		req.Header.Del("Authorization")
	}
	return t.next.RoundTrip(req)
}

// sameOrigin reports whether u is on a's scheme, host and port.
func sameOrigin(u, a *url.URL) bool {
	return strings.EqualFold(u.Scheme, a.Scheme) && strings.EqualFold(u.Host, a.Host)
}
