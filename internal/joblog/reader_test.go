package joblog

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// TestBufferSizeChangesNoLine reads the real tensorflow log with the
// default buffer and with tiny ones: every line comes out the same, step
// and all, as lines longer than the buffer are assembled.
func TestBufferSizeChangesNoLine(t *testing.T) {
	truth := loadGroundTruth(t)
	steps := truth.jobSteps(secondTruncate)
	read := func(size int) []Line {
		return readAllOptions(t, truth.log, Options{Steps: steps, BufferSize: size})
	}
	want := read(0)
	for _, size := range []int{1, 16, 100} {
		if got := read(size); !slices.Equal(got, want) {
			t.Errorf("a buffer of %d bytes read %d lines, the default %d, or other lines", size, len(got), len(want))
		}
	}
}

func TestReaderRealLog(t *testing.T) {
	data := readReal(t, "joblog_real_pytables_test-3.9-ubuntu.txt")
	lines := readAll(t, string(data), nil)
	if len(lines) != 138 {
		t.Fatalf("%d lines, want 138", len(lines))
	}
	rawLines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i, l := range lines {
		if l.Number != int64(i+1) || l.Raw != rawLines[i] || l.Step != 0 {
			t.Fatalf("line %d = %+v, want number %d, raw %q, step 0", i+1, l, i+1, rawLines[i])
		}
	}
	tests := []struct {
		number  int
		level   string
		content string
	}{
		{1, "", "Requested labels: ubuntu-latest"},
		{58, "group", "Run python -m pip install --pre --find-links wheelhouse/artifact/ tables"},
		{59, "", "python -m pip install --pre --find-links wheelhouse/artifact/ tables"},
		{89, "", ""},
		{90, "", "[notice] A new release of pip is available: 23.0.1 -> 23.2.1"},
		{102, "endgroup", ""},
	}
	for _, tt := range tests {
		l := lines[tt.number-1]
		if l.Level != tt.level || l.Content != tt.content {
			t.Errorf("line %d: level %q content %q, want %q %q", tt.number, l.Level, l.Content, tt.level, tt.content)
		}
	}
	if got := lines[0].Timestamp; got != "2023-09-21T17:21:33.7513949Z" {
		t.Errorf("first timestamp %q", got)
	}
}

func TestReaderLineShapes(t *testing.T) {
	const ts = "2024-01-28T10:00:00.1000000Z"
	tests := []struct {
		name  string
		log   string
		lines []Line
	}{
		{
			name: "bom at start and mid-file",
			log:  "\ufeff" + ts + " a\n\ufeff" + ts + " ##[error]b\n",
			lines: []Line{
				{Number: 1, Timestamp: ts, Content: "a", Raw: "\ufeff" + ts + " a"},
				{Number: 2, Timestamp: ts, Level: "error", Content: "b", Raw: "\ufeff" + ts + " ##[error]b"},
			},
		},
		{
			name: "crlf endings",
			log:  ts + " a \r\n" + ts + " ##[endgroup]\r\n",
			lines: []Line{
				{Number: 1, Timestamp: ts, Content: "a ", Raw: ts + " a "},
				{Number: 2, Timestamp: ts, Level: "endgroup", Content: "", Raw: ts + " ##[endgroup]"},
			},
		},
		{
			name: "line without timestamp",
			log:  ts + " a\n  continued \x1b[0m\n",
			lines: []Line{
				{Number: 1, Timestamp: ts, Content: "a", Raw: ts + " a"},
				{Number: 2, Content: "  continued ", Raw: "  continued \x1b[0m"},
			},
		},
		{
			name: "no trailing newline",
			log:  ts + " a\n" + ts + " b",
			lines: []Line{
				{Number: 1, Timestamp: ts, Content: "a", Raw: ts + " a"},
				{Number: 2, Timestamp: ts, Content: "b", Raw: ts + " b"},
			},
		},
		{
			name: "empty final line",
			log:  ts + " a\n\n",
			lines: []Line{
				{Number: 1, Timestamp: ts, Content: "a", Raw: ts + " a"},
				{Number: 2, Raw: ""},
			},
		},
		{
			name: "lone carriage return at the end stays",
			log:  ts + " a\r",
			lines: []Line{
				{Number: 1, Timestamp: ts, Content: "a\r", Raw: ts + " a\r"},
			},
		},
		{name: "empty log", log: "", lines: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.log, nil)
			if !slices.Equal(got, tt.lines) {
				t.Errorf("lines\n got %+v\nwant %+v", got, tt.lines)
			}
		})
	}
}

// TestReaderLongLine reads a line far beyond bufio.Scanner's 64 KiB default.
func TestReaderLongLine(t *testing.T) {
	long := strings.Repeat("x", 5<<20)
	log := at("10:00:00.0000000", long) + at("10:00:01.0000000", "after")
	lines := readAll(t, log, nil)
	if len(lines) != 2 || lines[0].Content != long || lines[1].Content != "after" {
		t.Fatalf("got %d lines; first content %d bytes", len(lines), len(lines[0].Content))
	}
}

// endlessReader yields 'x' forever without holding it in memory.
type endlessReader struct{}

func (endlessReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestReaderLineTooLong(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 64 MiB")
	}
	r := NewReader(io.MultiReader(strings.NewReader("first\n"), endlessReader{}), nil)
	if _, err := r.Next(); err != nil {
		t.Fatalf("first line: %v", err)
	}
	_, err := r.Next()
	if !errors.Is(err, ErrLineTooLong) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want ErrLineTooLong on line 2", err)
	}
}

// failingReader returns its data, then err.
type failingReader struct {
	data *bytes.Reader
	err  error
}

func (f failingReader) Read(p []byte) (int, error) {
	if f.data.Len() == 0 {
		return 0, f.err
	}
	return f.data.Read(p)
}

func TestReaderReadError(t *testing.T) {
	broken := errors.New("connection reset")
	src := failingReader{data: bytes.NewReader([]byte(at("10:00:00.0000000", "a"))), err: broken}
	r := NewReader(src, []Step{ranStep(1, "Set up job", "10:00:00", "10:00:01")})
	if line, err := r.Next(); err != nil || line.Content != "a" {
		t.Fatalf("first Next = %+v, %v", line, err)
	}
	for range 2 { // the error repeats
		_, err := r.Next()
		if !errors.Is(err, broken) || !strings.Contains(err.Error(), "joblog: reading line 2") {
			t.Fatalf("err = %v, want wrapped %v at line 2", err, broken)
		}
	}
}

// TestReaderReadErrorDuringLookahead checks that lines read ahead before an
// error are still returned, and the error after them.
func TestReaderReadErrorDuringLookahead(t *testing.T) {
	broken := errors.New("connection reset")
	log := at("10:00:00.1000000", "Current runner version: '2.312.0'") +
		at("10:00:01.1000000", "##[group]Run composite-inner") +
		at("10:00:01.2000000", "inner output")
	src := failingReader{data: bytes.NewReader([]byte(log)), err: broken}
	steps := []Step{
		ranStep(1, "Set up job", "10:00:00", "10:00:01"),
		ranStep(2, "Run make", "10:00:01", "10:00:05"),
	}
	r := NewReader(src, steps)
	var got []int64
	for {
		line, err := r.Next()
		if err != nil {
			if !errors.Is(err, broken) {
				t.Fatalf("err = %v, want %v", err, broken)
			}
			break
		}
		got = append(got, line.Step)
	}
	if want := []int64{1, 2, 2}; !slices.Equal(got, want) {
		t.Errorf("steps %v, want %v", got, want)
	}
}

func BenchmarkReader(b *testing.B) {
	truth := loadGroundTruth(b)
	data := []byte(truth.log)
	for _, bc := range []struct {
		name  string
		steps []Step
	}{
		{"steps=nil", nil},
		{"steps=job", truth.jobSteps(secondTruncate)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				r := NewReader(bytes.NewReader(data), bc.steps)
				for {
					if _, err := r.Next(); err != nil {
						if err != io.EOF {
							b.Fatal(err)
						}
						break
					}
				}
			}
		})
	}
}
