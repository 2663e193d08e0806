package vtab

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
	gojson "github.com/goccy/go-json"
)

// TestFastDecodeMatchesEncodingJSON decodes the emulator's answers into the
// tables' item types with github.com/goccy/go-json, as ghapi.Get does, and
// with encoding/json, and wants the same items field for field: the
// listings of every public demo repository's runs and workflows, and the
// jobs and annotations of each of its runs.
func TestFastDecodeMatchesEncodingJSON(t *testing.T) {
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	pages := 0
	for _, repo := range fakegh.Default().Repos {
		if repo.Private {
			continue
		}
		base := fmt.Sprintf("%s/repos/%s/%s", srv.URL(), repo.Owner, repo.Name)
		pages += sameDecoding[run](t, base+"/actions/runs?per_page=100", "workflow_runs")
		pages += sameDecoding[workflow](t, base+"/actions/workflows?per_page=100", "workflows")
		for _, r := range repo.Runs {
			pages += sameDecoding[job](t, fmt.Sprintf("%s/actions/runs/%d/jobs?filter=all&per_page=100", base, r.ID), "jobs")
			for _, j := range r.AllJobs() {
				pages += sameDecoding[annotation](t, fmt.Sprintf("%s/check-runs/%d/annotations?per_page=100", base, j.ID), "")
			}
		}
	}
	if pages < 200 {
		t.Errorf("compared %d pages: the demo data has more", pages)
	}
}

// sameDecoding decodes the answer at url (its items in field, or the
// answer itself when field is "") both ways and compares; it returns 1.
func sameDecoding[T any](t *testing.T, url, field string) int {
	t.Helper()
	body := getBody(t, url)
	typ := reflect.TypeFor[[]*T]()
	if field != "" {
		typ = envelopeOf[T](field)
	}
	std, fast := reflect.New(typ), reflect.New(typ)
	if err := json.Unmarshal(body, std.Interface()); err != nil {
		t.Fatalf("%s: encoding/json: %v", url, err)
	}
	if err := gojson.Unmarshal(body, fast.Interface()); err != nil {
		t.Fatalf("%s: go-json: %v", url, err)
	}
	if !reflect.DeepEqual(std.Interface(), fast.Interface()) {
		t.Fatalf("%s decodes differently:\nencoding/json %+v\ngo-json       %+v", url, std.Elem(), fast.Elem())
	}
	return 1
}

func getBody(t *testing.T, url string) []byte {
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
