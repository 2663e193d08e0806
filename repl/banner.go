package repl

import (
	"fmt"
	"io"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/open"
)

// bannerFacts are what the user should know before the first query: which
// API answers, which repository a bare query reads, and whether private
// data is in reach.
type bannerFacts struct {
	version, api, repo, token string
}

func (sh *shell) banner() bannerFacts {
	return bannerFacts{
		version: open.Version,
		api:     sh.app.APIName(),
		repo:    describeRepo(sh.app.Session.DefaultRepo()),
		token:   tokenDescription(sh.app.Config),
	}
}

func printBanner(w io.Writer, b bannerFacts) {
	fmt.Fprintf(w, "actionsql %s: SQL over GitHub Actions jobs, steps and logs\n", b.version)
	fmt.Fprintf(w, "  API:        %s\n", b.api)
	fmt.Fprintf(w, "  repository: %s\n", b.repo)
	fmt.Fprintf(w, "  token:      %s\n", b.token)
	fmt.Fprintln(w, "Enter .help for usage hints.")
}

// tokenDescription says where the token came from, never what it is.
func tokenDescription(cfg config.Config) string {
	switch {
	case cfg.Demo:
		return "not needed for the demo"
	case cfg.TokenSource == "":
		return "none found: public repositories only (set GH_TOKEN or run gh auth login)"
	}
	return "from " + cfg.TokenSource
}
