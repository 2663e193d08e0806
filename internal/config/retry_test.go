package config

import (
	"testing"
	"time"
)

func TestMaxRetryWait(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		env   map[string]string
		want  time.Duration
	}{
		{"default", nil, nil, 60 * time.Second},
		{"flag", Flags{"max-retry-wait": "2m"}, nil, 2 * time.Minute},
		{"variable", nil, vars("ACTIONSQL_MAX_RETRY_WAIT", "1.5s"), 1500 * time.Millisecond},
		{"the flag wins", Flags{"max-retry-wait": "5s"}, vars("ACTIONSQL_MAX_RETRY_WAIT", "9s"), 5 * time.Second},
		{"0 means no retries", Flags{"max-retry-wait": "0"}, nil, NoRetries},
		{"0s too", nil, vars("ACTIONSQL_MAX_RETRY_WAIT", "0s"), NoRetries},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustResolve(t, tt.flags, &fakeEnv{vars: tt.env, origin: "https://github.com/o/r"})
			if cfg.MaxRetryWait != tt.want {
				t.Errorf("MaxRetryWait = %v, want %v", cfg.MaxRetryWait, tt.want)
			}
		})
	}
}

func TestBadMaxRetryWaitNamesTheSettingAndTheForm(t *testing.T) {
	for _, bad := range []string{"60", "soon", "-5s"} {
		_, err := Resolve(Flags{"max-retry-wait": bad}, &fakeEnv{origin: "https://github.com/o/r"})
		wantError(t, err, "--max-retry-wait", bad, "Go duration", "60s")
	}
	_, err := Resolve(nil, &fakeEnv{vars: vars("ACTIONSQL_MAX_RETRY_WAIT", "1 minute"), origin: "https://github.com/o/r"})
	wantError(t, err, "ACTIONSQL_MAX_RETRY_WAIT")
}
