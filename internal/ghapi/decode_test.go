package ghapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
	gojson "github.com/goccy/go-json"
	"github.com/google/go-github/v92/github"
)

// TestFastDecodeMatchesEncodingJSON decodes every job listing page of the
// demo data with encoding/json and with goccy/go-json, which the client
// uses for listings, and wants the same jobs, field for field.
func TestFastDecodeMatchesEncodingJSON(t *testing.T) {
	srv := start(t, fakegh.Options{AnonymousRateLimit: 1 << 30})
	pages := 0
	for _, repo := range fakegh.Default().Repos {
		if repo.Private {
			continue
		}
		for _, run := range repo.Runs {
			for page := 1; ; page++ {
				body := get(t, fmt.Sprintf("%s/repos/%s/%s/actions/runs/%d/jobs?filter=all&per_page=100&page=%d", srv.URL(), repo.Owner, repo.Name, run.ID, page))
				var std, fast github.Jobs
				if err := json.Unmarshal(body, &std); err != nil {
					t.Fatal(err)
				}
				if err := gojson.Unmarshal(body, &fast); err != nil {
					t.Fatalf("run %d page %d: %v", run.ID, page, err)
				}
				if !reflect.DeepEqual(std, fast) {
					t.Fatalf("run %d page %d decodes differently:\nencoding/json %+v\ngo-json       %+v", run.ID, page, std, fast)
				}
				pages++
				if len(std.Jobs) < 100 {
					break
				}
			}
		}
	}
	if pages < 50 {
		t.Errorf("compared %d pages: the demo data has more", pages)
	}
}

func get(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
