package format

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestAppendJSONTypesValuesAsTheJSONFormat holds AppendJSON to what -f json
// writes for the same values.
func TestAppendJSONTypesValuesAsTheJSONFormat(t *testing.T) {
	values := []any{nil, int64(-7), 1.5, 1e21, math.Inf(1), math.NaN(), "a<b & \"c\"\n", []byte{0xca, 0xfe}, true}
	var out bytes.Buffer
	w, err := New("jsonl", &out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Begin([]string{"v"}); err != nil {
		t.Fatal(err)
	}
	for _, v := range values {
		if err := w.Row([]any{v}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for i, v := range values {
		got := `{"v":` + string(AppendJSON(nil, v)) + `}`
		if got != lines[i] {
			t.Errorf("AppendJSON(%#v) gives %s, -f jsonl writes %s", v, got, lines[i])
		}
	}
}
