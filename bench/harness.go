package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// benchToken is the only token the emulated GitHub accepts. With a token,
// a 304 costs no rate limit, as on GitHub, so the benchmark can tell
// revalidations from fetches.
const benchToken = "ghp_actionsqlBenchmarkToken000000000000"

// runTimeout bounds one actionsql process; the 500 MB log takes seconds,
// so only a hung process reaches it.
const runTimeout = 15 * time.Minute

// harness runs actionsql processes against one emulated GitHub.
type harness struct {
	srv     *fakegh.Server
	bin     string
	spawner string // this program's own binary, run as a spawner
	dir     string // scratch space: HOME, TMPDIR and the caches live here
	http    *http.Client
}

func startHarness(data *fakegh.Dataset, latency time.Duration, bin, dir string) (*harness, error) {
	srv, err := fakegh.Start(fakegh.Options{
		Data:        data,
		Latency:     latency,
		ValidTokens: []string{benchToken},
		// Far more than any benchmark spends: a 403 would end a case.
		TokenRateLimit: 1_000_000_000,
	})
	if err != nil {
		return nil, fmt.Errorf("start the emulated GitHub: %w", err)
	}
	for _, sub := range []string{"home/.cache", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			srv.Close()
			return nil, fmt.Errorf("scratch directory: %w", err)
		}
	}
	spawner, err := os.Executable()
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("find the benchmark's own binary to spawn through: %w", err)
	}
	return &harness{srv: srv, bin: bin, spawner: spawner, dir: dir, http: &http.Client{Timeout: time.Minute}}, nil
}

func (h *harness) close() error { return h.srv.Close() }

// requests are the requests of one process as the server saw them.
type requests struct {
	costing int // API requests that spent rate limit
	free    int // API requests that did not: 304s to a conditional request
	blob    int // log downloads from the blob host (no rate limit there)
}

func (r requests) String() string { return fmt.Sprintf("%d/%d/%d", r.costing, r.free, r.blob) }

func (r requests) total() int { return r.costing + r.free + r.blob }

// measurement is one actionsql process.
type measurement struct {
	wall   time.Duration
	rssKiB int64 // peak resident set size; -1 where the OS does not say
	reqs   requests
	stdout string
	err    error // the process failed; stderr is in the message
}

// exec runs `actionsql --api-url ... --repo ... -f csv [cacheArgs] sql` as
// a new process, through the spawner, and measures it. The clock covers
// the whole process, as a user's shell would time it.
func (h *harness) exec(ctx context.Context, sql string, cacheArgs ...string) measurement {
	before, err := h.rateUsed(ctx)
	if err != nil {
		return measurement{err: err}
	}
	h.srv.ResetRequests()
	args := append([]string{"--api-url", h.srv.URL(), "--repo", fakegh.PerfRepo, "-f", "csv"}, cacheArgs...)
	m, stderr, runErr := h.spawn(ctx, append(args, sql))
	if runErr != nil {
		m.err = fmt.Errorf("actionsql %s: %w: %s", strings.Join(cacheArgs, " "), runErr, strings.TrimSpace(stderr))
	}
	m.reqs, err = h.count(ctx, before)
	if err != nil && m.err == nil {
		m.err = err
	}
	return m
}

// spawn runs actionsql with args under the spawner (see spawn.go) and
// returns its time, peak RSS and output.
func (h *harness) spawn(ctx context.Context, args []string) (measurement, string, error) {
	m := measurement{rssKiB: -1}
	ctx, cancel := context.WithTimeout(ctx, runTimeout)
	defer cancel()
	reportR, reportW, err := os.Pipe()
	if err != nil {
		return m, "", fmt.Errorf("pipe: %w", err)
	}
	defer reportR.Close()
	cmd := exec.CommandContext(ctx, h.spawner, append([]string{h.bin}, args...)...)
	cmd.Env = append(h.env(), spawnEnv+"=1")
	cmd.ExtraFiles = []*os.File{reportW} // fd 3 in the spawner
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	reportW.Close()
	m.stdout = stdout.String()
	var wallNs int64
	if _, err := fmt.Fscan(reportR, &wallNs, &m.rssKiB); err != nil && runErr == nil {
		runErr = fmt.Errorf("no report from the spawner: %w", err)
	}
	m.wall = time.Duration(wallNs)
	return m, stderr.String(), runErr
}

// env is the child's whole environment: a private HOME and cache, so no
// cache or setting of the machine's user leaks in, and the token.
func (h *harness) env() []string {
	home := filepath.Join(h.dir, "home")
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"TMPDIR=" + filepath.Join(h.dir, "tmp"),
		"GH_TOKEN=" + benchToken,
	}
}

// count classifies the requests since ResetRequests. The server's log
// says which went to the blob host; the rate limit it reports says how
// many API requests cost quota, and the rest answered 304.
func (h *harness) count(ctx context.Context, usedBefore int) (requests, error) {
	var r requests
	api := 0
	for _, line := range h.srv.Requests() {
		switch {
		case strings.HasPrefix(line, "BLOB "):
			r.blob++
		case strings.HasPrefix(line, "GET /rate_limit"):
			// Asking for the rate limit is free and not a data request.
		default:
			api++
		}
	}
	after, err := h.rateUsed(ctx)
	if err != nil {
		return r, err
	}
	r.costing = after - usedBefore
	r.free = api - r.costing
	return r, nil
}

// rateUsed asks the server how much of the token's quota is spent; the
// question itself is free, as on GitHub.
func (h *harness) rateUsed(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.srv.URL()+"/rate_limit", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+benchToken)
	resp, err := h.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("GET /rate_limit: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		Resources struct {
			Core struct {
				Used int `json:"used"`
			} `json:"core"`
		} `json:"resources"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return 0, fmt.Errorf("GET /rate_limit: %w", err)
	}
	return body.Resources.Core.Used, nil
}
