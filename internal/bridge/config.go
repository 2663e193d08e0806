package bridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/actionsql/actionsql/internal/open"
	"github.com/actionsql/actionsql/vtab"
)

// ConfigFunction is the SQL function that reads and changes a connection's
// settings: actionsql_config(name) returns one, actionsql_config(name,
// value) sets it and returns the new value, actionsql_config() returns them
// all as a JSON object.
const ConfigFunction = "actionsql_config"

// settingNames lists what actionsql_config knows, in the order
// actionsql_config() shows them.
var settingNames = []string{"repo", "api_url", "api_version", "token_env", "demo", "token"}

// repoFromSQL is the RepoSource of a default repository set from SQL.
const repoFromSQL = "actionsql_config"

// Settings is a session and the settings it was made from: what
// actionsql_config reads and changes. Connections that share a session share
// its Settings, so a change made on one is seen by all. It is safe for
// concurrent use.
type Settings struct {
	session *vtab.Session
	env     config.Env

	mu  sync.Mutex
	cfg config.Config // as resolved, before --demo points it at the demo server

	advice func(setting string) string // how the front end says to change a setting
}

// NewSettings pairs session with the settings cfg it was opened from. Later
// changes read environment variables (token_env, the standard token
// variables) from env; nil means the process's.
func NewSettings(session *vtab.Session, cfg config.Config, env config.Env) *Settings {
	if env == nil {
		env = config.SystemEnv{}
	}
	return &Settings{session: session, env: env, cfg: cfg, advice: hostAdvice}
}

// SetAdvice makes errors that a change of a setting fixes say how in the
// front end's words: advice("repo") is "--repo OWNER/REPO" on the command
// line. A host's (the loadable extension's, the driver's) names the
// environment variable and actionsql_config.
func (s *Settings) SetAdvice(advice func(setting string) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advice = advice
}

// hostAdvice is how a host program changes a setting: an ACTIONSQL_
// variable in its environment, or actionsql_config for those it knows.
func hostAdvice(setting string) string {
	name := config.EnvName(setting)
	key := strings.ReplaceAll(setting, "-", "_")
	if slices.Contains(settingNames, key) {
		return fmt.Sprintf("SELECT %s('%s', ...), or %s in the environment", ConfigFunction, key, name)
	}
	return name + " in the environment (before the extension is loaded)"
}

// phrase is err's message, with the front end's advice when a change of a
// setting fixes it.
func (s *Settings) phrase(err error) string {
	var se vtab.SettingError
	if !errors.As(err, &se) {
		return err.Error()
	}
	s.mu.Lock()
	advice := s.advice
	s.mu.Unlock()
	return err.Error() + ": " + advice(se.Setting())
}

// EnvironmentSettings opens a session configured from env alone, as the CLI
// is with no flags.
func EnvironmentSettings(env config.Env) (*Settings, error) {
	if env == nil {
		env = config.SystemEnv{}
	}
	cfg, err := config.Resolve(config.Flags{}, env)
	if err != nil {
		return nil, err
	}
	session, err := open.Session(cfg)
	if err != nil {
		return nil, err
	}
	return NewSettings(session, cfg, env), nil
}

// Session returns the session the settings apply to.
func (s *Settings) Session() *vtab.Session { return s.session }

// Call runs actionsql_config with SQL argument values (nil, int64, float64,
// string or []byte) and returns its SQL result.
func (s *Settings) Call(args []vtab.Value) (vtab.Value, error) {
	switch len(args) {
	case 0:
		return s.all()
	case 1:
		name, err := settingName(args[0])
		if err != nil {
			return nil, err
		}
		return s.Get(name)
	case 2:
		name, err := settingName(args[0])
		if err != nil {
			return nil, err
		}
		return s.Set(name, args[1])
	}
	return nil, fmt.Errorf("%s: takes a setting's name and optionally a new value, "+
		"e.g. %s('repo') or %s('repo', 'octo/app'); got %d arguments", ConfigFunction, ConfigFunction, ConfigFunction, len(args))
}

func settingName(v vtab.Value) (string, error) {
	name, ok := v.(string)
	if !ok || !known(name) {
		return "", fmt.Errorf("%s: unknown setting %s; the settings are %s", ConfigFunction, quoteValue(v), strings.Join(settingNames, ", "))
	}
	return name, nil
}

func known(name string) bool {
	for _, n := range settingNames {
		if n == name {
			return true
		}
	}
	return false
}

// Get returns a setting's current value: TEXT, an INTEGER for demo, or NULL
// when it is not set. For "token" it says where the token came from, never
// what it is.
func (s *Settings) Get(name string) (vtab.Value, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.get(name)
}

func (s *Settings) get(name string) (vtab.Value, error) {
	switch name {
	case "repo":
		if r := s.session.DefaultRepo(); r.Owner != "" {
			return r.String(), nil
		}
		return nil, nil
	case "api_url":
		return s.session.Client().BaseURL(), nil
	case "api_version":
		return s.session.Client().APIVersion(), nil
	case "token_env":
		if s.cfg.TokenEnv == "" {
			return nil, nil
		}
		return s.cfg.TokenEnv, nil
	case "demo":
		if s.cfg.Demo {
			return int64(1), nil
		}
		return int64(0), nil
	case "token":
		return s.tokenDescription(), nil
	}
	return nil, fmt.Errorf("%s: unknown setting %q; the settings are %s", ConfigFunction, name, strings.Join(settingNames, ", "))
}

func (s *Settings) tokenDescription() string {
	switch {
	case s.cfg.Demo:
		return "none: the demo needs no token"
	case s.cfg.TokenSource == "":
		return "none: requests are anonymous and see public repositories only; " +
			"set GH_TOKEN, or name the variable that holds one with " + ConfigFunction + "('token_env', 'NAME')"
	}
	if name, ok := strings.CutPrefix(s.cfg.TokenSource, "--token-env "); ok {
		// The CLI's wording; here the name came from SQL or a DSN.
		return "from the variable " + name + " (token_env)"
	}
	return "from " + s.cfg.TokenSource
}

// all returns every setting as a JSON object.
func (s *Settings) all() (vtab.Value, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	b.WriteByte('{')
	for i, name := range settingNames {
		v, err := s.get(name)
		if err != nil {
			return nil, err
		}
		key, _ := json.Marshal(name)
		value, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(key)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.String(), nil
}

// errTokenLiteral is why actionsql_config('token', ...) always fails.
var errTokenLiteral = errors.New(ConfigFunction + ": a token is never accepted as a SQL literal: " +
	"it would be kept in shell history, scripts and logs. Set GH_TOKEN in the environment, " +
	"or put the token in a variable and name it with " + ConfigFunction + "('token_env', 'NAME')")

// Set changes a setting and returns its new value, as Get would. NULL puts
// a setting back as the environment has it (for repo: no default
// repository).
func (s *Settings) Set(name string, value vtab.Value) (vtab.Value, error) {
	if name == "token" {
		return nil, errTokenLiteral
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next, err := s.changed(name, value)
	if err == nil && next != s.cfg {
		err = s.apply(next, name != "repo")
	}
	if err != nil {
		return nil, fmt.Errorf("%s('%s', %s): %w", ConfigFunction, name, quoteValue(value), err)
	}
	return s.get(name)
}

// changed returns the settings with one changed.
func (s *Settings) changed(name string, value vtab.Value) (config.Config, error) {
	next := s.cfg
	text, isText := value.(string)
	if value != nil && !isText && name != "demo" {
		return next, fmt.Errorf("want text, e.g. %s", examples[name])
	}
	switch name {
	case "repo":
		// Cleared from SQL, there is no default, even in the demo.
		next.Owner, next.Repo, next.RepoSource = "", "", repoFromSQL
		if strings.TrimSpace(text) == "" {
			return next, nil
		}
		owner, repo, err := config.ParseRepo(text)
		if err != nil {
			return next, err
		}
		next.Owner, next.Repo, next.RepoSource = owner, repo, repoFromSQL
		return next, nil
	case "api_version":
		next.APIVersion = strings.TrimSpace(text)
		if next.APIVersion == "" {
			next.APIVersion = s.env.Getenv(config.EnvName("api-version"))
		}
		if next.APIVersion = strings.TrimSpace(next.APIVersion); next.APIVersion == "" {
			next.APIVersion = config.DefaultAPIVersion
		}
		if _, err := time.Parse(time.DateOnly, next.APIVersion); err != nil {
			return next, fmt.Errorf("want a REST API version, which is a date such as %s or %s", config.DefaultAPIVersion, ghapi.FallbackAPIVersion)
		}
		return next, nil
	case "api_url":
		// An explicit URL ends the demo. The token is looked up again: the
		// one for github.com is not sent to an enterprise server when that
		// server has its own.
		next.Demo = false
		return s.withAPI(next, strings.TrimSpace(text), next.TokenEnv)
	case "token_env":
		name := strings.TrimSpace(text)
		if name != "" && strings.TrimSpace(s.env.Getenv(name)) == "" {
			return next, fmt.Errorf("the variable %s is empty or not set in this process; "+
				"export it before starting the program that loads actionsql, or use GH_TOKEN", name)
		}
		next.TokenEnv = name
		if next.Demo {
			return next, nil // the token is looked up when the demo ends
		}
		return s.withAPI(next, next.APIURL, name)
	case "demo":
		on, err := switchValue(value)
		if err != nil {
			return next, err
		}
		if on == next.Demo {
			return next, nil
		}
		next.Demo = on
		if on {
			next.Token, next.TokenSource = "", ""
			return next, nil
		}
		return s.withAPI(next, next.APIURL, next.TokenEnv)
	}
	return next, fmt.Errorf("unknown setting")
}

// examples show a good value for each setting, for messages.
var examples = map[string]string{
	"repo":        "'octo-org/webapp'",
	"api_url":     "'https://ghe.example.com/api/v3'",
	"api_version": "'" + config.DefaultAPIVersion + "'",
	"token_env":   "'MY_GITHUB_TOKEN'",
	"demo":        "1",
}

func switchValue(v vtab.Value) (bool, error) {
	switch x := v.(type) {
	case nil:
		return false, nil
	case int64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	case float64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "1", "true", "yes", "on":
			return true, nil
		case "0", "false", "no", "off":
			return false, nil
		}
	}
	return false, errors.New("want 1 (on) or 0 (off)")
}

// withAPI sets next's API URL ("" for what the environment says) and looks
// up the token the CLI would send there with --token-env tokenEnv ("" for
// the standard variables and gh).
func (s *Settings) withAPI(next config.Config, apiURL, tokenEnv string) (config.Config, error) {
	flags := config.Flags{
		"demo": "false",
		// The default repository is kept as it is; naming one here keeps
		// Resolve from reading GH_REPO or asking git.
		"repo": "actionsql/unused",
	}
	if apiURL != "" {
		flags["api-url"] = apiURL
	}
	if tokenEnv != "" {
		flags["token-env"] = tokenEnv
	}
	resolved, err := config.Resolve(flags, s.env)
	if err != nil {
		return next, unflag(err)
	}
	next.APIURL, next.TokenEnv = resolved.APIURL, resolved.TokenEnv
	next.Token, next.TokenSource = resolved.Token, resolved.TokenSource
	return next, nil
}

// unflag rewords an error of config.Resolve, which names the CLI's flags,
// for SQL.
func unflag(err error) error {
	msg := strings.NewReplacer("--api-url=", "", "--token-env=", "").Replace(err.Error())
	return errors.New(msg)
}

// apply makes the session use next: its default repository and, when
// newClient is set, a client made for it.
func (s *Settings) apply(next config.Config, newClient bool) error {
	def := vtab.Repo{Owner: next.Owner, Name: next.Repo}
	if newClient {
		fresh, err := open.Session(next)
		if err != nil {
			return err
		}
		if err := s.session.SetClient(fresh.Client(), next.TokenSource); err != nil {
			return err
		}
		if next.RepoSource != repoFromSQL {
			// The demo's own repository stands in for one found in the
			// environment, never for one set (or cleared) from SQL.
			def = fresh.DefaultRepo()
		}
	}
	s.session.SetDefaultRepo(def)
	s.cfg = next
	return nil
}

// quoteValue writes a SQL value the way it would appear in SQL, for messages.
func quoteValue(v vtab.Value) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	case []byte:
		return fmt.Sprintf("X'%X'", x)
	}
	return fmt.Sprint(v)
}
