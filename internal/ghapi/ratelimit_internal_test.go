package ghapi

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRateLimitHeadersAreReadOneWay: the retries' wait and the error's
// message read the same headers the same way, so an answer retried as a
// rate limit is also reported as one, and one that is not, is not.
func TestRateLimitHeadersAreReadOneWay(t *testing.T) {
	reset := time.Now().Add(10 * time.Minute).Truncate(time.Second)
	resetHeader := func(h http.Header) http.Header {
		h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		return h
	}
	tests := []struct {
		name    string
		status  int
		header  http.Header
		message string
		want    rateHeaders
		wait    time.Duration // 0: no rate limit
		says    string        // in the message
	}{
		{"primary spent", 403, resetHeader(http.Header{"X-Ratelimit-Limit": {"5000"}, "X-Ratelimit-Remaining": {"0"}}), "API rate limit exceeded",
			rateHeaders{limit: 5000, remaining: 0, reset: reset, retryAfter: -1}, time.Until(reset) + time.Second, "rate limit exhausted until"},
		{"secondary, seconds", 403, http.Header{"Retry-After": {" 30 "}}, "You have exceeded a secondary rate limit",
			rateHeaders{limit: -1, remaining: -1, retryAfter: 30 * time.Second}, 30 * time.Second, "secondary rate limit"},
		{"429, a date past", 429, http.Header{"Retry-After": {"Mon, 02 Jan 2006 15:04:05 GMT"}}, "slow down",
			rateHeaders{limit: -1, remaining: -1, retryAfter: 0}, time.Millisecond, "secondary rate limit"},
		{"secondary, no time", 403, http.Header{}, "You have exceeded a secondary rate limit",
			rateHeaders{limit: -1, remaining: -1, retryAfter: -1}, secondaryLimitWait, "secondary rate limit"},
		{"unreadable headers", 403, http.Header{"Retry-After": {"soon"}, "X-Ratelimit-Remaining": {"-3"}, "X-Ratelimit-Reset": {"x"}}, "Resource not accessible by integration",
			rateHeaders{limit: -1, remaining: -1, retryAfter: -1}, 0, ""},
		{"budget left", 403, resetHeader(http.Header{"X-Ratelimit-Limit": {"60"}, "X-Ratelimit-Remaining": {"12"}}), "Must have admin rights",
			rateHeaders{limit: 60, remaining: 12, reset: reset, retryAfter: -1}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseRateHeaders(tt.header)
			if got.limit != tt.want.limit || got.remaining != tt.want.remaining || !got.reset.Equal(tt.want.reset) || got.retryAfter != tt.want.retryAfter {
				t.Errorf("parsed %+v, want %+v", got, tt.want)
			}
			resp := &http.Response{StatusCode: tt.status, Header: tt.header}
			wait, limited := rateLimitWait(resp, []byte(`{"message":"`+tt.message+`"}`))
			msg := rateLimitMessage(resp, tt.message)
			if limited != (tt.wait > 0) || limited && (wait <= tt.wait/2 || wait > tt.wait) {
				t.Errorf("wait %v (rate limit: %v), want %v", wait, limited, tt.wait)
			}
			if limited != (msg != "") || !strings.Contains(msg, tt.says) {
				t.Errorf("message %q, want one saying %q (the retries took it for a rate limit: %v)", msg, tt.says, limited)
			}
		})
	}
}
