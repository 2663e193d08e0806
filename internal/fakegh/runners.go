package fakegh

import (
	"net/http"
	"strings"
)

// Self-hosted runners, as the runners endpoints list them at BaseTime.
//
// The organization's runners are the ARM64 pool the webapp deploys and
// the api-server's integration tests run on (arm64-runner-1..4, the
// runner_name of their jobs), ml-pipeline's GPU pool (gpu-runner-1..2, one
// of them training), plus a Mac that has never been given a job
// and an ephemeral runner that went offline; secret-infra has its own,
// infra-runner-1..2 (repository runners, not the organization's).
// The pool is saturated: the runners that are online are busy, which is
// why the api-server's integration job waits (QueuedSelfHostedJobID).
//
// Listing runners takes admin rights. The emulator grants them to every
// caller of the demo organization (so --demo, which sends no token, sees
// them) but for ForbiddenRunnersRepo, whose runners answer 403 to
// everyone, as GitHub answers a token without admin rights.

// ForbiddenRunnersRepo is the repository whose runners endpoint answers 403.
const ForbiddenRunnersRepo = MonorepoRepo

// Runner is a self-hosted runner.
type Runner struct {
	ID        int64
	Name      string
	OS        string
	Status    string // online or offline
	Busy      bool
	Ephemeral bool
	GroupID   int64
	Labels    []RunnerLabel
}

// RunnerLabel is one label of a runner: read-only (given by the runner
// application: self-hosted, the OS, the architecture) or custom.
type RunnerLabel struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

func defaultLabels(os, arch string, custom ...string) []RunnerLabel {
	labels := []RunnerLabel{{1, "self-hosted", "read-only"}, {2, os, "read-only"}, {labelIDs[arch], arch, "read-only"}}
	for _, c := range custom {
		labels = append(labels, RunnerLabel{labelIDs[c], c, "custom"})
	}
	return labels
}

var labelIDs = map[string]int64{"X64": 3, "ARM64": 5, "gpu": 21, "terraform": 22}

// orgRunners are the demo organization's runners.
var orgRunners = []*Runner{
	{ID: 41, Name: "arm64-runner-1", OS: "Linux", Status: "online", Busy: true, GroupID: 3, Labels: defaultLabels("Linux", "ARM64")},
	{ID: 42, Name: "arm64-runner-2", OS: "Linux", Status: "online", Busy: true, GroupID: 3, Labels: defaultLabels("Linux", "ARM64")},
	{ID: 43, Name: "arm64-runner-3", OS: "Linux", Status: "offline", GroupID: 3, Labels: defaultLabels("Linux", "ARM64")},
	{ID: 44, Name: "arm64-runner-4", OS: "Linux", Status: "online", Busy: true, GroupID: 3, Labels: defaultLabels("Linux", "ARM64")},
	{ID: 57, Name: "mac-studio-1", OS: "macOS", Status: "online", GroupID: 1, Labels: defaultLabels("macOS", "ARM64", "gpu")},
	{ID: 61, Name: "gpu-runner-1", OS: "Linux", Status: "online", Busy: true, GroupID: 4, Labels: defaultLabels("Linux", "X64", "gpu")},
	{ID: 62, Name: "gpu-runner-2", OS: "Linux", Status: "online", GroupID: 4, Labels: defaultLabels("Linux", "X64", "gpu")},
	{ID: 63, Name: "arm64-ephemeral-7f3a", OS: "Linux", Status: "offline", Ephemeral: true, GroupID: 3, Labels: defaultLabels("Linux", "ARM64")},
}

// repoRunners are runners registered to one repository.
var repoRunners = map[string][]*Runner{
	PrivateRepo: {
		{ID: 12, Name: "infra-runner-1", OS: "Linux", Status: "online", GroupID: 1, Labels: defaultLabels("Linux", "X64", "terraform")},
		{ID: 13, Name: "infra-runner-2", OS: "Linux", Status: "offline", GroupID: 1, Labels: defaultLabels("Linux", "X64", "terraform")},
	},
}

const runnersDocs = docsURL + "/actions/self-hosted-runners"

// runnersList is the body of the runners listings.
type runnersList struct {
	TotalCount int      `json:"total_count"`
	Runners    []object `json:"runners"`
}

// listRepoRunners is a repository's own runners (not the organization's).
func (s *Server) listRepoRunners(r *http.Request) *response {
	repo := s.repoOf(r)
	if repo == nil {
		return notFound()
	}
	if strings.EqualFold(repo.FullName(), ForbiddenRunnersRepo) {
		return errorResponse(http.StatusForbidden, "Must have admin rights to Repository.",
			runnersDocs+"#list-self-hosted-runners-for-a-repository")
	}
	return s.runnersPage(r, repoRunners[repo.FullName()])
}

// listOrgRunners is an organization's runners.
func (s *Server) listOrgRunners(r *http.Request) *response {
	if !strings.EqualFold(r.PathValue("org"), DemoOwner) || !s.hasOwner(DemoOwner) {
		return notFound()
	}
	return s.runnersPage(r, orgRunners)
}

// hasOwner reports whether the data set holds a repository of owner.
func (s *Server) hasOwner(owner string) bool {
	for _, repo := range s.data.Repos {
		if strings.EqualFold(repo.Owner, owner) {
			return true
		}
	}
	return false
}

// runnersPage lists runners, with ?name= for one name.
func (s *Server) runnersPage(r *http.Request, all []*Runner) *response {
	name, byName := r.URL.Query()["name"]
	var picked []*Runner
	for _, rn := range all {
		if !byName || rn.Name == name[0] {
			picked = append(picked, rn)
		}
	}
	lo, hi, link := s.paginate(r, len(picked))
	page := make([]object, 0, hi-lo)
	for _, rn := range picked[lo:hi] {
		page = append(page, object{
			{"id", rn.ID},
			{"name", rn.Name},
			{"os", rn.OS},
			{"status", rn.Status},
			{"busy", rn.Busy},
			{"ephemeral", rn.Ephemeral},
			{"runner_group_id", rn.GroupID},
			{"labels", rn.Labels},
		})
	}
	return withLink(jsonResponse(runnersList{TotalCount: len(picked), Runners: page}), link)
}
