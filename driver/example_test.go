package driver_test

import (
	"database/sql"
	"fmt"
	"log"

	_ "github.com/actionsql/actionsql/driver"
)

// Example finds a flaky test in the built-in sample GitHub (demo=1: no
// token, no network): the macOS job that failed on a run's first attempt
// and passed when re-run.
func Example() {
	db, err := sql.Open("actionsql", "demo=1&repo=octo-org/webapp")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	rows, err := db.Query(`
		SELECT run_attempt, name, conclusion, duration_seconds
		FROM jobs
		WHERE run_id = 9398595218 AND name LIKE 'test (macos%'
		ORDER BY run_attempt, name`)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var attempt, seconds int64
		var name, conclusion string
		if err := rows.Scan(&attempt, &name, &conclusion, &seconds); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("attempt %d  %-22s %-8s %3d s\n", attempt, name, conclusion, seconds)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// attempt 1  test (macos-14, 3.12)  failure  139 s
	// attempt 1  test (macos-14, 3.13)  success  137 s
	// attempt 2  test (macos-14, 3.12)  success  136 s
	// attempt 2  test (macos-14, 3.13)  success  126 s
}
