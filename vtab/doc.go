// Package vtab is actionsql's table machinery, in pure Go: it declares the
// virtual tables (runs, workflows, jobs, steps, job_logs, annotations),
// plans each scan from the constraints SQLite offers (BestIndex), and
// produces its rows (Cursor) from the GitHub REST API through one
// ghapi.Client. The C bridge (internal/bridge) hands SQLite's callbacks to
// it; nothing here knows about cgo.
//
// A table is one declaration: its schema.sql entry (columns, types, the
// documentation .schema shows), its scope (a repository's data), its keys
// with the operators the API applies, what a scan needs, and how its
// constraints become Requests (request.go). From a Request the rest is
// derived once for every table: the key that names its answer among a
// statement's fetches (nothing is fetched twice), the read-ahead of a join
// (start the same request early), the paging of a listing in proportion to
// the rows the statement uses (listing.go), and the note when the API says
// the resource is not there (notfound.go). An endpoint table, whose rows are
// the objects its requests return (workflows, annotations), is a schema
// entry and one small file (endpoint.go).
//
// What one statement fetches, notes and spends belongs to its connection's
// Conn (statement.go); a Session holds what the connections share.
package vtab
