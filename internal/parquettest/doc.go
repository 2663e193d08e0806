// Package parquettest reads the Parquet files actionsql writes back with
// DuckDB, an engine that shares no code with the writer, so that "readable
// by DuckDB" is tested rather than assumed. It is a module of its own so
// that actionsql itself does not depend on DuckDB (a cgo build of a large
// prebuilt library); scripts/test.sh runs it.
package parquettest
