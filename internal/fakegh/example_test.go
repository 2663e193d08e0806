package fakegh_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// A test starts the emulated GitHub, points its client at URL() and
// closes the server when done.
func ExampleStart() {
	srv, err := fakegh.Start(fakegh.Options{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	url := srv.URL() + "/repos/" + fakegh.DemoRepo + "/actions/runs/" + strconv.Itoa(fakegh.FlakyRunID) + "/jobs?filter=all"
	resp, err := http.Get(url)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var page struct {
		TotalCount int `json:"total_count"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, page.TotalCount, resp.Header.Get("X-RateLimit-Remaining"))
	// Output: 200 18 59
}
