package bridge

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/actionsql/actionsql/vtab"
)

// fakeEnv is an environment with only the variables given, and neither gh
// nor git.
type fakeEnv map[string]string

func (e fakeEnv) Getenv(name string) string        { return e[name] }
func (fakeEnv) GhAuthToken(string) (string, error) { return "", errors.New("gh: not installed") }
func (fakeEnv) GitOriginURL() (string, error)      { return "", errors.New("git: not installed") }

// call is one actionsql_config call and what it should give: the value, or
// an error holding every string in errHas.
type call struct {
	args   []vtab.Value
	want   vtab.Value
	errHas []string
}

func args(a ...vtab.Value) []vtab.Value { return a }

func TestConfigFunction(t *testing.T) {
	tests := []struct {
		name  string
		env   fakeEnv
		calls []call
	}{{
		name: "repo is read, set and cleared",
		env:  fakeEnv{"GH_REPO": "octo-org/webapp"},
		calls: []call{
			{args: args("repo"), want: "octo-org/webapp"},
			{args: args("repo", "octo-org/api-server"), want: "octo-org/api-server"},
			{args: args("repo"), want: "octo-org/api-server"},
			{args: args("repo", nil), want: nil},
			{args: args("repo", "a/b/c"), errHas: []string{"actionsql_config('repo', 'a/b/c')", "want OWNER/REPO"}},
			{args: args("repo", int64(3)), errHas: []string{"want text, e.g. 'octo-org/webapp'"}},
		},
	}, {
		name: "a token is never taken from SQL nor shown",
		env:  fakeEnv{"GH_TOKEN": "ghp_fromenv"},
		calls: []call{
			{args: args("token", "ghp_literal"), errHas: []string{
				"a token is never accepted as a SQL literal", "GH_TOKEN", "actionsql_config('token_env', 'NAME')"}},
			{args: args("token"), want: "from GH_TOKEN"},
		},
	}, {
		name: "no token",
		env:  fakeEnv{},
		calls: []call{
			{args: args("token"), want: anonymousDescription},
			{args: args("token_env"), want: nil},
		},
	}, {
		name: "token_env names the variable to read",
		env:  fakeEnv{"GH_TOKEN": "ghp_standard_secret", "MY_TOKEN": "ghp_named_secret"},
		calls: []call{
			{args: args("token_env", "MY_TOKEN"), want: "MY_TOKEN"},
			{args: args("token"), want: "from the variable MY_TOKEN (token_env)"},
			{args: args("token_env", "UNSET_TOKEN"), errHas: []string{"the variable UNSET_TOKEN is empty or not set"}},
			{args: args("token"), want: "from the variable MY_TOKEN (token_env)"},
			{args: args("token_env", nil), want: nil},
			{args: args("token"), want: "from GH_TOKEN"},
		},
	}, {
		name: "api_url and api_version",
		env:  fakeEnv{"GH_TOKEN": "ghp_standard_secret"},
		calls: []call{
			{args: args("api_url"), want: "https://api.github.com"},
			{args: args("api_url", "https://ghe.example.com/api/v3/"), want: "https://ghe.example.com/api/v3"},
			{args: args("api_url", "ftp://ghe.example.com"), errHas: []string{"want an http:// or https:// URL"}},
			{args: args("api_url"), want: "https://ghe.example.com/api/v3"},
			{args: args("api_url", nil), want: "https://api.github.com"},
			{args: args("api_version"), want: "2026-03-10"},
			{args: args("api_version", "2022-11-28"), want: "2022-11-28"},
			{args: args("api_version", "latest"), errHas: []string{"want a REST API version, which is a date such as 2026-03-10"}},
			{args: args("api_version", nil), want: "2026-03-10"},
		},
	}, {
		name: "demo",
		env:  fakeEnv{"GH_TOKEN": "ghp_standard_secret"},
		calls: []call{
			{args: args("demo"), want: int64(0)},
			{args: args("demo", int64(1)), want: int64(1)},
			{args: args("repo"), want: "octo-org/webapp"},
			{args: args("token"), want: "none: the demo needs no token"},
			{args: args("demo", "off"), want: int64(0)},
			{args: args("api_url"), want: "https://api.github.com"},
			{args: args("token"), want: "from GH_TOKEN"},
			{args: args("demo", int64(2)), errHas: []string{"want 1 (on) or 0 (off)"}},
		},
	}, {
		name: "a repository set from SQL outlives the demo",
		env:  fakeEnv{},
		calls: []call{
			{args: args("repo", "octo-org/api-server"), want: "octo-org/api-server"},
			{args: args("demo", int64(1)), want: int64(1)},
			{args: args("repo"), want: "octo-org/api-server"},
		},
	}, {
		name: "mistakes",
		env:  fakeEnv{},
		calls: []call{
			{args: args("nope"), errHas: []string{"unknown setting 'nope'", "repo, api_url, api_version, token_env, demo, token"}},
			{args: args(int64(1)), errHas: []string{"unknown setting 1"}},
			{args: args("repo", "a/b", "c"), errHas: []string{"got 3 arguments", "actionsql_config('repo', 'octo/app')"}},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := EnvironmentSettings(tt.env)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.calls {
				got, err := s.Call(c.args)
				if c.errHas != nil {
					if err == nil {
						t.Fatalf("actionsql_config%s = %#v, want an error", show(c.args), got)
					}
					for _, part := range c.errHas {
						if !strings.Contains(err.Error(), part) {
							t.Errorf("actionsql_config%s: error %q does not say %q", show(c.args), err, part)
						}
					}
					continue
				}
				if err != nil {
					t.Fatalf("actionsql_config%s: %v", show(c.args), err)
				}
				if got != c.want {
					t.Errorf("actionsql_config%s = %#v, want %#v", show(c.args), got, c.want)
				}
			}
			for _, secret := range []string{tt.env["GH_TOKEN"], tt.env["MY_TOKEN"]} {
				if all, _ := s.Call(nil); secret != "" && strings.Contains(all.(string), secret) {
					t.Errorf("actionsql_config() shows a token: %s", all)
				}
			}
		})
	}
}

func show(a []vtab.Value) string {
	parts := make([]string, len(a))
	for i, v := range a {
		parts[i] = quoteValue(v)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func TestConfigWithoutArgumentsListsEverySetting(t *testing.T) {
	s, err := EnvironmentSettings(fakeEnv{"GH_REPO": "octo-org/webapp", "GH_TOKEN": "secret"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Call(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"repo":"octo-org/webapp","api_url":"https://api.github.com","api_version":"2026-03-10",` +
		`"token_env":null,"demo":0,"token":"from GH_TOKEN"}`
	if got != want {
		t.Errorf("actionsql_config() = %s\nwant %s", got, want)
	}
	if !json.Valid([]byte(got.(string))) {
		t.Errorf("actionsql_config() is not JSON: %s", got)
	}
}

// TestAPIURLSendsTheRightToken checks which token reaches a server set with
// api_url: an enterprise server gets its own token, not the github.com one.
func TestAPIURLSendsTheRightToken(t *testing.T) {
	var mu sync.Mutex
	var auth []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization"))
		mu.Unlock()
		http.NotFound(w, r)
	}))
	defer srv.Close()

	tests := []struct {
		name      string
		env       fakeEnv
		wantAuth  string
		wantToken string
	}{
		{"enterprise token first", fakeEnv{"GH_TOKEN": "dotcom", "GH_ENTERPRISE_TOKEN": "enterprise"}, "Bearer enterprise", "from GH_ENTERPRISE_TOKEN"},
		{"standard token when no enterprise one", fakeEnv{"GH_TOKEN": "dotcom"}, "Bearer dotcom", "from GH_TOKEN"},
		{"anonymous", fakeEnv{}, "", anonymousDescription},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := EnvironmentSettings(tt.env)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Set("api_url", srv.URL); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			auth = nil
			mu.Unlock()
			s.Session().Client().Get(context.Background(), "/repos/o/r/actions/jobs/1", nil, new(struct{}))
			mu.Lock()
			defer mu.Unlock()
			if len(auth) != 1 || auth[0] != tt.wantAuth {
				t.Errorf("the server got Authorization %q, want %q", auth, tt.wantAuth)
			}
			if got, _ := s.Get("token"); got != tt.wantToken {
				t.Errorf("token = %q, want %q", got, tt.wantToken)
			}
		})
	}
}

const anonymousDescription = "none: requests are anonymous and see public repositories only; " +
	"set GH_TOKEN, or name the variable that holds one with actionsql_config('token_env', 'NAME')"

func TestSettingsWaitForRunningQueries(t *testing.T) {
	s, err := EnvironmentSettings(fakeEnv{})
	if err != nil {
		t.Fatal(err)
	}
	cur := s.Session().NewConn().Open(vtab.Tables()[0])
	if _, err := s.Set("api_url", "https://ghe.example.com/api/v3"); !errors.Is(err, vtab.ErrBusy) {
		t.Errorf("changing the API under an open cursor: err = %v, want %v", err, vtab.ErrBusy)
	}
	if got, _ := s.Get("api_url"); got != "https://api.github.com" {
		t.Errorf("api_url = %v after a refused change", got)
	}
	// The default repository is read when a scan starts: it may change.
	if _, err := s.Set("repo", "octo/app"); err != nil {
		t.Errorf("changing the repository under an open cursor: %v", err)
	}
	cur.Close()
	if _, err := s.Set("api_url", "https://ghe.example.com/api/v3"); err != nil {
		t.Errorf("changing the API with no cursor open: %v", err)
	}
}
