package serve

import (
	"net/http"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/chart"
)

// info is what the page shows before the first query: where queries go
// and the cookbook to start from.
type info struct {
	// API names the API host, or the demo.
	API string `json:"api"`
	// Repo is the default repository, "" when there is none.
	Repo       string    `json:"repo"`
	ChartKinds []string  `json:"chart_kinds"`
	Examples   []example `json:"examples"`
}

type example struct {
	File  string `json:"file"`
	Title string `json:"title"`
	SQL   string `json:"sql"`
}

// serveInfo answers GET /api/info.
func (s *Server) serveInfo(w http.ResponseWriter, r *http.Request) {
	in := info{
		API:        s.app.APIName(),
		ChartKinds: chart.KindNames(),
		Examples:   []example{},
	}
	if repo := s.app.Session.DefaultRepo(); repo.Owner != "" {
		in.Repo = repo.Owner + "/" + repo.Name
	}
	for _, e := range examples.All() {
		in.Examples = append(in.Examples, example{File: e.File, Title: e.Title, SQL: e.SQL})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(appendJSON(nil, in))
}
