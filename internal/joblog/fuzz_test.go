package joblog

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// Fuzz targets (FuzzParseLine is in parse_test.go): scripts/test.sh runs
// each for a few seconds in CI; what they found is kept under testdata/fuzz
// and runs with every go test.

// fuzzBufferSize is the Reader's buffer in the fuzz targets: the default
// 64 KiB, allocated for every input, would cost more than the input's
// parsing, and a small buffer sends longer inputs through the assembly of
// long lines as well.
const fuzzBufferSize = 64

// FuzzAttribution: any log and any steps read without a panic, every line
// once, numbered from 1, each attributed to one of the job's steps or none,
// and the raw lines put back together are the log (line endings aside).
func FuzzAttribution(f *testing.F) {
	f.Add([]byte("2023-09-21T17:21:33.1000000Z Current runner version: '2.321.0'\n2023-09-21T17:21:34.0000000Z ##[group]Run make\r\n2023-09-21T17:21:35.0000000Z Post job cleanup.\n"), int64(1695316893), uint8(3), uint8(2))
	f.Add([]byte("2023-09-21T17:21:33.1000000Z ##[debug]Evaluating condition for step: 'Post Run x'\nno time\n\n\x00\xff"), int64(1695316890), uint8(4), uint8(1))
	f.Add([]byte(""), int64(0), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, log []byte, start int64, nsteps, width uint8) {
		if start < 0 || start > 1<<40 {
			return // a time.Time the API could give: after 1970, before year 36812
		}
		names := []string{"Set up job", "Run make", "Post Run x", "Complete job", "Run actions/checkout@v4"}
		var steps []Step
		for i := range int(nsteps % 8) {
			first := time.Unix(start+int64(i)*int64(width%5), 0)
			steps = append(steps, Step{Number: int64(i + 1), Name: names[i%len(names)], Status: "completed", Conclusion: "success",
				StartedAt: first, CompletedAt: first.Add(time.Duration(width%3) * time.Second)})
		}
		r := NewReaderOptions(bytes.NewReader(log), Options{Steps: steps, BufferSize: fuzzBufferSize})
		var raws []string
		for n := int64(1); ; n++ {
			line, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("line %d: %v", n, err)
			}
			if line.Number != n {
				t.Fatalf("line %d numbered %d", n, line.Number)
			}
			if line.Step < 0 || line.Step > int64(len(steps)) {
				t.Fatalf("line %d in step %d of %d", n, line.Step, len(steps))
			}
			raws = append(raws, line.Raw)
		}
		want := strings.ReplaceAll(string(log), "\r\n", "\n")
		got := strings.Join(raws, "\n")
		if got != strings.TrimSuffix(want, "\n") && got != want {
			t.Fatalf("the lines put back together differ from the log:\n%q\n%q", got, want)
		}
	})
}
