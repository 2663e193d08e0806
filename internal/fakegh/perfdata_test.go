package fakegh

import (
	"bytes"
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPerfDataShape(t *testing.T) {
	p := NewPerfData(PerfOptions{})
	repo := p.Data.Repo("octo-org", "perf-lab")
	if repo == nil || repo.FullName() != PerfRepo {
		t.Fatalf("repository %s missing", PerfRepo)
	}
	if n := len(repo.Run(p.BigRunID).AllJobs()); n != PerfBigRunJobs {
		t.Errorf("big run has %d jobs, want %d", n, PerfBigRunJobs)
	}
	if len(p.ManyRunIDs) != PerfManyRuns {
		t.Fatalf("%d runs, want %d", len(p.ManyRunIDs), PerfManyRuns)
	}
	for _, id := range p.ManyRunIDs {
		if n := len(repo.Run(id).AllJobs()); n < 18 || n > 22 {
			t.Errorf("run %d has %d jobs, want about 20", id, n)
		}
	}
	var largest int64
	for _, j := range repo.Run(p.LogRunID).AllJobs() {
		size, _, ok := p.Data.LogSize(j.ID)
		if !ok || j.Status != "completed" {
			t.Errorf("job %d (%s) has no log", j.ID, j.Name)
		}
		largest = max(largest, size)
	}
	if n := len(repo.Run(p.LogRunID).AllJobs()); n != PerfLogRunJobs {
		t.Errorf("log run has %d jobs, want %d", n, PerfLogRunJobs)
	}
	if largest < 2_000_000 {
		t.Errorf("largest log of the log run is %d bytes, want a few MB", largest)
	}
	if p.HugeLogRunID != 0 || p.HugeLogJobIDs != nil {
		t.Error("huge logs present without HugeLogSizes")
	}
}

func TestPerfOrgShape(t *testing.T) {
	p := NewPerfData(PerfOptions{})
	since, _ := time.Parse(time.DateOnly, PerfOrgSince)
	var repos, busy, idle int
	for _, r := range p.Data.Repos {
		if r.Owner != PerfOrg {
			continue
		}
		repos++
		recent, older := 0, 0
		for _, run := range r.Runs {
			if run.CreatedAt.Before(since) {
				older++
			} else if run.CreatedAt.Before(BaseTime) {
				recent++
			} else {
				t.Errorf("%s: run %d at %s, after the data set's present", r.FullName(), run.ID, run.CreatedAt)
			}
		}
		if older == 0 {
			t.Errorf("%s has no run before %s: a listing that ignored the date would not show", r.FullName(), PerfOrgSince)
		}
		if i := slices.IndexFunc(perfOrgRepos, func(s perfOrgRepo) bool { return s.name == r.Name }); i < 0 || perfOrgRepos[i].recent != recent {
			t.Errorf("%s has %d runs since %s, not as declared", r.FullName(), recent, PerfOrgSince)
		}
		switch {
		case recent > 100:
			busy++
		case recent == 0:
			idle++
		}
	}
	if repos != PerfOrgRepos || busy != 3 || idle != 1 {
		t.Errorf("%s: %d repositories, %d with more than 100 recent runs, %d with none; want %d, 3, 1",
			PerfOrg, repos, busy, idle, PerfOrgRepos)
	}
}

func TestPerfDataIsDeterministic(t *testing.T) {
	opts := PerfOptions{HugeLogSizes: []int64{300_000}}
	a, b := NewPerfData(opts), NewPerfData(opts)
	if !bytes.Equal(snapshot(t, a.Data), snapshot(t, b.Data)) {
		t.Fatal("two builds of the performance data set differ")
	}
	la, _ := a.Data.Log(a.HugeLogJobIDs[0])
	lb, _ := b.Data.Log(b.HugeLogJobIDs[0])
	if !bytes.Equal(la, lb) {
		t.Fatal("a streamed log differs between builds")
	}
}

func TestStreamedLogShape(t *testing.T) {
	const want = 3_000_000
	p := NewPerfData(PerfOptions{HugeLogSizes: []int64{want}})
	id := p.HugeLogJobIDs[0]
	size, lines, ok := p.Data.LogSize(id)
	if !ok || size < want*9/10 || size > want*11/10 {
		t.Fatalf("LogSize = %d, %v; want about %d", size, ok, want)
	}
	r, _ := p.Data.OpenLog(id)
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(body)) != size || int64(bytes.Count(body, []byte{'\n'})) != lines {
		t.Fatalf("read %d bytes, %d lines; LogSize said %d, %d", len(body), bytes.Count(body, []byte{'\n'}), size, lines)
	}
	if avg := float64(size) / float64(lines); avg < 80 || avg > 120 {
		t.Errorf("%.1f bytes a line, want 80-120", avg)
	}
	job, _ := p.Data.Job(id)
	parsed := parseLog(t, id, body)
	checkLogLines(t, job, ranSteps(job), parsed)
	checkGroups(t, parsed)
}

// checkGroups fails unless ##[group] and ##[endgroup] alternate.
func checkGroups(t *testing.T, lines []parsedLine) {
	t.Helper()
	depth := 0
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l.text, "##[group]"):
			depth++
		case l.text == "##[endgroup]":
			depth--
		}
		if depth < 0 || depth > 1 {
			t.Fatalf("line %d: group depth %d", i+1, depth)
		}
	}
	if depth != 0 {
		t.Errorf("%d groups left open", depth)
	}
}

func TestPerfLogsFallInTheirStepWindows(t *testing.T) {
	p := NewPerfData(PerfOptions{})
	for _, j := range p.Data.Repo("octo-org", "perf-lab").Run(p.LogRunID).AllJobs() {
		body, _ := p.Data.Log(j.ID)
		checkLogLines(t, j, ranSteps(j), parseLog(t, j.ID, body))
	}
}

func TestStreamedLogSeeks(t *testing.T) {
	p := NewPerfData(PerfOptions{HugeLogSizes: []int64{1_000_000}})
	whole, _ := p.Data.Log(p.HugeLogJobIDs[0])
	r, _ := p.Data.OpenLog(p.HugeLogJobIDs[0])
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		off := rng.Int64N(int64(len(whole)))
		n := min(1+rng.Int64N(200_000), int64(len(whole))-off)
		if _, err := r.Seek(off, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, n)
		if _, err := io.ReadFull(r, got); err != nil {
			t.Fatalf("read %d at %d: %v", n, off, err)
		}
		if !bytes.Equal(got, whole[off:off+n]) {
			t.Fatalf("%d bytes at %d differ from the sequential read", n, off)
		}
	}
	if end, _ := r.Seek(0, io.SeekEnd); end != int64(len(whole)) {
		t.Errorf("Seek(0, End) = %d, want %d", end, len(whole))
	}
}

func TestStreamedLogServed(t *testing.T) {
	p := NewPerfData(PerfOptions{HugeLogSizes: []int64{2_000_000}})
	srv := startServer(t, Options{Data: p.Data})
	id := p.HugeLogJobIDs[0]
	resp, _ := fetch(t, srv.URL()+"/repos/"+PerfRepo+"/actions/jobs/"+itoa64(id)+"/logs")
	wantStatus(t, resp, nil, 302)
	blob, body := fetch(t, resp.Header.Get("Location"))
	wantStatus(t, blob, nil, 200)
	whole, _ := p.Data.Log(id)
	if sha256.Sum256(body) != sha256.Sum256(whole) {
		t.Fatalf("served %d bytes, Log has %d; they differ", len(body), len(whole))
	}
	part, body := fetch(t, resp.Header.Get("Location"), "Range", "bytes=1000000-1000099")
	wantStatus(t, part, body, 206)
	if !bytes.Equal(body, whole[1_000_000:1_000_100]) {
		t.Error("a Range request got other bytes")
	}
}
