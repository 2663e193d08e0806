package fakeghtest

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// Injected faults: Inject carries out the fault chosen for each request;
// FaultInjector chooses faults for a fraction of first tries.

// FaultKind is one way a request can fail.
type FaultKind int

const (
	// NoFault serves the request.
	NoFault FaultKind = iota
	// FaultStatus answers Injection.Status with GitHub's JSON error.
	FaultStatus
	// FaultReset drops the connection with a TCP reset, with no answer.
	FaultReset
	// FaultTruncate sends the real answer's headers (with its
	// Content-Length) and half of its body, then drops the connection.
	FaultTruncate
	// FaultSecondaryLimit answers 403 with a Retry-After header and
	// GitHub's secondary-rate-limit message.
	FaultSecondaryLimit
	// FaultTooManyRequests answers 429 with a Retry-After header.
	FaultTooManyRequests
	// FaultPrimaryLimit answers 403 with X-RateLimit-Remaining: 0 and a
	// reset Injection.RetryAfter from now.
	FaultPrimaryLimit
	// FaultSlow waits Injection.Delay before serving the request, for a
	// client's timeout to end it first.
	FaultSlow
	// FaultStall sends the real answer's headers and half of its body,
	// then nothing more until the client gives up.
	FaultStall
)

var faultNames = [...]string{"none", "status", "connection reset", "truncated body", "secondary rate limit", "429 too many requests", "primary rate limit", "timeout", "stalled body"}

func (k FaultKind) String() string {
	if int(k) < len(faultNames) {
		return faultNames[k]
	}
	return "fault " + strconv.Itoa(int(k))
}

// Injection is the fault chosen for a request.
type Injection struct {
	Kind       FaultKind
	Status     int           // for FaultStatus
	RetryAfter time.Duration // for the rate limits, in whole seconds
	Delay      time.Duration // for FaultSlow
}

// Inject makes a fakegh.Options.Intercept that fails each request the way
// choose says: NoFault passes it on to the server. choose sees API and
// blob-host requests alike (blob paths start with fakegh.BlobPathPrefix).
func Inject(choose func(*http.Request) Injection) func(next http.Handler) http.Handler {
	var requests atomic.Uint64 // numbers the secondary-limit messages' request ids
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			inj := choose(r)
			switch inj.Kind {
			case NoFault:
				next.ServeHTTP(w, r)
			case FaultStatus:
				writeError(w, inj.Status, http.StatusText(inj.Status), docsURL)
			case FaultReset:
				resetConnection(w)
			case FaultTruncate:
				next.ServeHTTP(&truncatingWriter{ResponseWriter: w}, r)
				panic(http.ErrAbortHandler) // an answer too short to cut is cut here
			case FaultStall:
				next.ServeHTTP(&truncatingWriter{ResponseWriter: w, stall: r.Context().Done()}, r)
				panic(http.ErrAbortHandler)
			case FaultSecondaryLimit, FaultTooManyRequests:
				secondaryLimit(w, inj, requests.Add(1))
			case FaultPrimaryLimit:
				primaryLimit(w, inj)
			case FaultSlow:
				wait(r.Context(), inj.Delay)
				next.ServeHTTP(w, r)
			default:
				panic(fmt.Sprintf("fakeghtest: unknown fault %v", inj.Kind))
			}
		})
	}
}

const docsURL = "https://docs.github.com/rest"

// writeError answers status with GitHub's JSON error body.
func writeError(w http.ResponseWriter, status int, message, doc string) {
	body, err := json.Marshal(struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
		Status           string `json:"status"`
	}{message, doc, strconv.Itoa(status)})
	if err != nil {
		panic(err) // three strings always marshal
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// secondaryLimit answers 403 (or 429) with Retry-After, as GitHub's
// secondary rate limit does; n numbers the request id the message cites.
func secondaryLimit(w http.ResponseWriter, inj Injection, n uint64) {
	status := http.StatusForbidden
	if inj.Kind == FaultTooManyRequests {
		status = http.StatusTooManyRequests
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(inj.RetryAfter/time.Second)))
	writeError(w, status,
		fmt.Sprintf("You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID C7D8:%06X:%06X.", n*7919%0xFFFFFF, n),
		docsURL+"/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits")
}

// primaryLimit answers 403 with the hourly quota spent until RetryAfter
// from now (the wall clock, as the client's).
func primaryLimit(w http.ResponseWriter, inj Injection) {
	h := w.Header()
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Used", "5000")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(inj.RetryAfter).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	writeError(w, http.StatusForbidden, "API rate limit exceeded for user ID 1.", docsURL+"/overview/rate-limits-for-the-rest-api")
}

// wait waits d, or drops the connection unanswered if the client goes
// away first (or the server closes, which ends the request's context).
func wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		panic(http.ErrAbortHandler)
	}
}

// resetConnection closes the client's connection with a TCP RST.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0) // close sends RST, not FIN
	}
	conn.Close()
}

// truncatingWriter passes an answer on with its full Content-Length but
// only the first half of its body, then drops the connection.
type truncatingWriter struct {
	http.ResponseWriter
	status  int
	started bool
	limit   int64 // body bytes to let through
	written int64
	stall   <-chan struct{} // if set, the cut waits for it: a stalled connection rather than a dropped one
}

func (w *truncatingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *truncatingWriter) Write(p []byte) (int, error) {
	if !w.started {
		w.start(len(p))
	}
	if w.status >= 300 {
		return w.ResponseWriter.Write(p) // nothing to cut: an error or 304 passes
	}
	n := min(int64(len(p)), w.limit-w.written)
	if n > 0 {
		w.ResponseWriter.Write(p[:n])
		w.written += n
	}
	if w.written >= w.limit {
		if f, ok := w.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		if w.stall != nil {
			<-w.stall
		}
		panic(http.ErrAbortHandler)
	}
	return len(p), nil
}

// start sends the headers. An API answer is written in one piece: its
// length is that of the first write when no Content-Length was set.
func (w *truncatingWriter) start(first int) {
	w.started = true
	if w.status == 0 {
		w.status = http.StatusOK
	}
	size, err := strconv.ParseInt(w.Header().Get("Content-Length"), 10, 64)
	if err != nil {
		size = int64(first)
		w.Header().Set("Content-Length", strconv.Itoa(first))
	}
	w.limit = size / 2
	w.ResponseWriter.WriteHeader(w.status)
}

// FaultInjector injects faults into a fraction of first tries, so that one
// retry of each always gets through: the requests for each resource (an API
// path with its query; a log's blob path, whatever its signature) are
// counted, and the 1st, 3rd, 5th, ... may fail while the 2nd, 4th, ... are
// served. Which ones fail is chosen by a hash of the seed, the resource and
// the count, so a run is reproducible. Pass its Inject to Inject.
type FaultInjector struct {
	fraction float64
	seed     uint64
	kinds    []Injection

	mu       sync.Mutex
	seen     map[string]int
	injected map[FaultKind]int
}

// NewFaultInjector injects kinds, taken in turn by hash, into fraction of
// first tries.
func NewFaultInjector(fraction float64, seed uint64, kinds ...Injection) *FaultInjector {
	return &FaultInjector{fraction: fraction, seed: seed, kinds: kinds, seen: map[string]int{}, injected: map[FaultKind]int{}}
}

// Inject chooses the fault for r, for Inject.
func (f *FaultInjector) Inject(r *http.Request) Injection {
	key := r.URL.Path
	if !strings.HasPrefix(key, fakegh.BlobPathPrefix) {
		key += "?" + r.URL.RawQuery
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen[key]++
	n := f.seen[key]
	if n%2 == 0 || len(f.kinds) == 0 {
		return Injection{}
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s\x00%d", f.seed, key, n)
	sum := h.Sum64()
	if float64(sum%1_000_000)/1_000_000 >= f.fraction {
		return Injection{}
	}
	inj := f.kinds[(sum/1_000_000)%uint64(len(f.kinds))]
	f.injected[inj.Kind]++
	return inj
}

// Injected counts the faults injected so far, by kind.
func (f *FaultInjector) Injected() map[FaultKind]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[FaultKind]int, len(f.injected))
	for k, n := range f.injected {
		out[k] = n
	}
	return out
}
