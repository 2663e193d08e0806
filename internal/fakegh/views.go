package fakegh

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// JSON views of the objects the API returns besides jobs and workflows,
// which marshal directly. Field order follows api.github.com.

// object is a JSON object that keeps its keys in insertion order, for the
// large, mostly-URL objects (users, repositories) built in loops.
type object []field

type field struct {
	key   string
	value any
}

// MarshalJSON writes the fields in order.
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(f.key)
		if err != nil {
			return nil, err
		}
		v, err := marshalJSON(f.value)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// marshalJSON encodes like GitHub: compact, without escaping <, > and &.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

const apiBase = "https://api.github.com"

func userObject(login string, id int64, nodeID, kind string) object {
	u := apiBase + "/users/" + login
	return object{
		{"login", login}, {"id", id}, {"node_id", nodeID},
		{"avatar_url", fmt.Sprintf("https://avatars.githubusercontent.com/u/%d?v=4", id)},
		{"gravatar_id", ""}, {"url", u}, {"html_url", "https://github.com/" + login},
		{"followers_url", u + "/followers"}, {"following_url", u + "/following{/other_user}"},
		{"gists_url", u + "/gists{/gist_id}"}, {"starred_url", u + "/starred{/owner}{/repo}"},
		{"subscriptions_url", u + "/subscriptions"}, {"organizations_url", u + "/orgs"},
		{"repos_url", u + "/repos"}, {"events_url", u + "/events{/privacy}"},
		{"received_events_url", u + "/received_events"}, {"type", kind},
		{"user_view_type", "public"}, {"site_admin", false},
	}
}

func userView(u User) object {
	kind := "User"
	if u.Bot {
		kind = "Bot"
	}
	return userObject(u.Login, u.ID, userNodeID(u), kind)
}

// repoURLTemplates are the *_url fields of a repository object, in order.
var repoURLTemplates = [][2]string{
	{"forks_url", "/forks"}, {"keys_url", "/keys{/key_id}"}, {"collaborators_url", "/collaborators{/collaborator}"},
	{"teams_url", "/teams"}, {"hooks_url", "/hooks"}, {"issue_events_url", "/issues/events{/number}"},
	{"events_url", "/events"}, {"assignees_url", "/assignees{/user}"}, {"branches_url", "/branches{/branch}"},
	{"tags_url", "/tags"}, {"blobs_url", "/git/blobs{/sha}"}, {"git_tags_url", "/git/tags{/sha}"},
	{"git_refs_url", "/git/refs{/sha}"}, {"trees_url", "/git/trees{/sha}"}, {"statuses_url", "/statuses/{sha}"},
	{"languages_url", "/languages"}, {"stargazers_url", "/stargazers"}, {"contributors_url", "/contributors"},
	{"subscribers_url", "/subscribers"}, {"subscription_url", "/subscription"}, {"commits_url", "/commits{/sha}"},
	{"git_commits_url", "/git/commits{/sha}"}, {"comments_url", "/comments{/number}"},
	{"issue_comment_url", "/issues/comments{/number}"}, {"contents_url", "/contents/{+path}"},
	{"compare_url", "/compare/{base}...{head}"}, {"merges_url", "/merges"},
	{"archive_url", "/{archive_format}{/ref}"}, {"downloads_url", "/downloads"}, {"issues_url", "/issues{/number}"},
	{"pulls_url", "/pulls{/number}"}, {"milestones_url", "/milestones{/number}"},
	{"notifications_url", "/notifications{?since,all,participating}"}, {"labels_url", "/labels{/name}"},
	{"releases_url", "/releases{/id}"}, {"deployments_url", "/deployments"},
}

func repoView(r *Repo) object {
	u := apiBase + "/repos/" + r.FullName()
	o := object{
		{"id", r.ID}, {"node_id", r.NodeID}, {"name", r.Name}, {"full_name", r.FullName()},
		{"private", r.Private}, {"owner", ownerView(r)},
		{"html_url", "https://github.com/" + r.FullName()}, {"description", r.Description},
		{"fork", r.Fork}, {"url", u},
	}
	for _, t := range repoURLTemplates {
		o = append(o, field{t[0], u + t[1]})
	}
	return o
}

// pullRequestView is the short pull request object of a run.
func pullRequestView(repo *Repo, run *Run) object {
	mini := object{{"id", repo.ID}, {"url", apiBase + "/repos/" + repo.FullName()}, {"name", repo.Name}}
	return object{
		{"url", fmt.Sprintf("%s/repos/%s/pulls/%d", apiBase, repo.FullName(), run.PullRequest)},
		{"id", 2_800_000_000 + repo.ID%1000*1000 + int64(run.PullRequest)},
		{"number", run.PullRequest},
		{"head", object{{"ref", run.HeadBranch}, {"sha", run.HeadSHA}, {"repo", mini}}},
		{"base", object{{"ref", repo.DefaultBranch}, {"sha", run.BaseSHA}, {"repo", mini}}},
	}
}

// displayName is the commit author name of a user.
func displayName(u User) string {
	switch u.Login {
	case "mona":
		return "Mona Lisa Octocat"
	case "hubot":
		return "Hubot"
	case "octocat":
		return "The Octocat"
	}
	return u.Login
}

func headCommitView(run *Run) object {
	author := object{{"name", displayName(run.Actor)}, {"email", run.Actor.Login + "@users.noreply.github.com"}}
	if run.Actor.Bot {
		author = object{{"name", run.Actor.Login}, {"email", "49699333+dependabot[bot]@users.noreply.github.com"}}
	}
	committer := author
	if strings.HasPrefix(run.CommitMessage, "Merge pull request") {
		committer = object{{"name", "GitHub"}, {"email", "noreply@github.com"}}
	}
	return object{
		{"id", run.HeadSHA}, {"tree_id", fakeHex(40, "tree", run.HeadSHA)}, {"message", run.CommitMessage},
		{"timestamp", Time{Time: run.CreatedAt.Add(-time.Duration(20+run.ID%200) * time.Second)}},
		{"author", author}, {"committer", committer},
	}
}

// runView is a workflow run as it was at one attempt.
func runView(repo *Repo, run *Run, att *Attempt) object {
	api := fmt.Sprintf("%s/repos/%s/actions/runs/%d", apiBase, repo.FullName(), run.ID)
	prs := []object{}
	if run.PullRequest > 0 {
		prs = append(prs, pullRequestView(repo, run))
	}
	var previous *string
	if att.Number > 1 {
		previous = str(fmt.Sprintf("%s/attempts/%d", api, att.Number-1))
	}
	return object{
		{"id", run.ID}, {"name", run.Workflow.Name}, {"node_id", run.NodeID},
		{"head_branch", run.HeadBranch}, {"head_sha", run.HeadSHA}, {"path", run.Workflow.Path},
		{"display_title", run.DisplayTitle}, {"run_number", run.RunNumber}, {"event", run.Event},
		{"status", att.Status}, {"conclusion", att.Conclusion}, {"workflow_id", run.Workflow.ID},
		{"check_suite_id", run.CheckSuiteID}, {"check_suite_node_id", checkSuiteNodeID(repo.ID, run.CheckSuiteID)},
		{"url", api}, {"html_url", fmt.Sprintf("https://github.com/%s/actions/runs/%d", repo.FullName(), run.ID)},
		{"pull_requests", prs}, {"created_at", Time{Time: run.CreatedAt}}, {"updated_at", Time{Time: att.UpdatedAt}},
		{"actor", userView(run.Actor)}, {"run_attempt", att.Number}, {"referenced_workflows", []any{}},
		{"run_started_at", Time{Time: att.CreatedAt}}, {"triggering_actor", userView(att.TriggeringActor)},
		{"jobs_url", api + "/jobs"}, {"logs_url", api + "/logs"},
		{"check_suite_url", fmt.Sprintf("%s/repos/%s/check-suites/%d", apiBase, repo.FullName(), run.CheckSuiteID)},
		{"artifacts_url", api + "/artifacts"}, {"cancel_url", api + "/cancel"}, {"rerun_url", api + "/rerun"},
		{"previous_attempt_url", previous}, {"workflow_url", run.Workflow.URL},
		{"head_commit", headCommitView(run)}, {"repository", repoView(repo)}, {"head_repository", repoView(repo)},
	}
}

// jobView is the job as served: empty lists stay [] rather than null, so a
// hand-built job serialises like GitHub's.
func jobView(j *Job) *Job {
	if j.Steps != nil && j.Labels != nil {
		return j
	}
	c := *j
	if c.Steps == nil {
		c.Steps = []Step{}
	}
	if c.Labels == nil {
		c.Labels = []string{}
	}
	return &c
}

// apiError is GitHub's error body.
type apiError struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
	Status           string `json:"status"`
}
