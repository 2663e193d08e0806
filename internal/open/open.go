// Package open turns resolved settings into a session the tables read
// through, starting the emulated GitHub for --demo. The CLI, the database/sql
// driver and the loadable extension all start here, so they behave alike.
package open

import (
	"fmt"
	"strings"
	"sync"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/diskcache"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/actionsql/actionsql/vtab"
)

// Version is actionsql's version, sent in the User-Agent.
const Version = "0.1.0"

// Session returns a session configured by cfg. With cfg.Demo it reads from
// the built-in emulated GitHub, whose default repository is the demo's
// unless cfg names one.
func Session(cfg config.Config) (*vtab.Session, error) {
	if cfg.Demo {
		var err error
		if cfg, err = demoConfig(cfg); err != nil {
			return nil, err
		}
	}
	cache, err := openCache(cfg)
	if err != nil {
		return nil, err
	}
	client, err := ghapi.New(ghapi.Options{
		Cache:       cache,
		BaseURL:     cfg.APIURL,
		Token:       cfg.Token,
		APIVersion:  cfg.APIVersion,
		UserAgent:   "actionsql/" + Version,
		Concurrency: cfg.Concurrency,
		// Both read 0 as the default and a negative value as no retries.
		MaxRetryWait:    cfg.MaxRetryWait,
		ResponseTimeout: cfg.ResponseTimeout,
	})
	if err != nil {
		return nil, err
	}
	return vtab.NewSession(vtab.SessionOptions{
		Client:      client,
		DefaultRepo: vtab.Repo{Owner: cfg.Owner, Name: cfg.Repo},
		TokenSource: cfg.TokenSource,
		Demo:        cfg.Demo,
		Concurrency: cfg.Concurrency,
		MaxRequests: cfg.MaxRequests,
	}), nil
}

var (
	demoOnce   sync.Once
	demoServer *fakegh.Server
	demoErr    error
)

// demoConfig points cfg at the emulated GitHub, started once per process
// and left running until it exits.
func demoConfig(cfg config.Config) (config.Config, error) {
	// A newcomer trying queries should not meet the anonymous limit of 60 an hour.
	demoOnce.Do(func() { demoServer, demoErr = fakegh.Start(fakegh.Options{AnonymousRateLimit: 100000}) })
	if demoErr != nil {
		return cfg, fmt.Errorf("start the demo GitHub: %w", demoErr)
	}
	cfg.APIURL = demoServer.URL()
	cfg.Token, cfg.TokenSource = "", ""
	if cfg.Owner == "" || cfg.RepoSource != "--repo" && cfg.RepoSource != "GH_REPO" {
		cfg.Owner, cfg.Repo, _ = strings.Cut(fakegh.DemoRepo, "/")
		cfg.RepoSource = "--demo"
	}
	return cfg, nil
}

// openCache opens the disk cache the settings ask for, nil for none. The
// demo has none: its emulated GitHub listens on a new port each run, so
// nothing kept would ever be found again.
func openCache(cfg config.Config) (*diskcache.Cache, error) {
	if cfg.NoCache || cfg.Demo || cfg.CacheDir == "" {
		return nil, nil
	}
	cache, err := diskcache.Open(cfg.CacheDir, 0)
	if err != nil && !cfg.CacheDirSet {
		return nil, nil // a default place that cannot be written (a read-only home) only costs requests
	}
	if err != nil {
		return nil, fmt.Errorf("open the disk cache: %w (choose a writable directory with --cache-dir DIR, or run with --no-cache)", err)
	}
	return cache, nil
}
