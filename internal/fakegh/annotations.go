package fakegh

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Check-run annotations. GitHub turns the ::error, ::warning and ::notice
// workflow commands a job's steps print, and the runner's own "Process
// completed with exit code 1.", into annotations of the job's check run
// (whose id is the job's), and test reporters add one per failed test at
// its file and line. The emulation derives them from the job's log, so
// they always agree with it: each ##[error], ##[warning] and ##[notice]
// line is one (on ".github", line 1, as GitHub files annotations that name
// no file), and each pytest "FAILED file::test - message" line one on the
// file and line the traceback names.

// annotation is one check-run annotation, fields in the API's order.
type annotation struct {
	Path            string  `json:"path"`
	BlobHref        string  `json:"blob_href"`
	StartLine       int     `json:"start_line"`
	StartColumn     *int    `json:"start_column"`
	EndLine         int     `json:"end_line"`
	EndColumn       *int    `json:"end_column"`
	AnnotationLevel string  `json:"annotation_level"`
	Title           string  `json:"title"`
	Message         string  `json:"message"`
	RawDetails      *string `json:"raw_details"`
}

var (
	failedTestRE = regexp.MustCompile(`^FAILED ([^:\s]+)::(\S+) - (.*)$`)
	levelOfMark  = map[string]string{"##[error]": "failure", "##[warning]": "warning", "##[notice]": "notice"}
)

// Annotations returns the annotations of a job's check run, oldest first;
// ok is false for an unknown job. A job that has not completed has none yet.
func (d *Dataset) Annotations(jobID int64) (anns []annotation, ok bool) {
	ref, ok := d.index()[jobID]
	if !ok {
		return nil, false
	}
	if ref.job.Status != "completed" || ref.job.stream != nil {
		return []annotation{}, true
	}
	body := ref.job.LogBody
	if body == nil {
		if len(ref.job.Steps) == 0 {
			return []annotation{}, true
		}
		body = renderLog(ref)
	}
	return annotationsOfLog(body, ref), true
}

// annotationsOfLog reads the annotations a log's lines make.
func annotationsOfLog(body []byte, ref *jobRef) []annotation {
	anns := []annotation{}
	blob := func(path string) string {
		return fmt.Sprintf("https://github.com/%s/blob/%s/%s", ref.repo.FullName(), ref.run.HeadSHA, path)
	}
	lineOf := map[string]int{} // file → the line its traceback last named
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		_, text, _ := strings.Cut(sc.Text(), " ")
		if file, n, ok := tracebackLine(text); ok {
			lineOf[file] = n
		}
		for mark, level := range levelOfMark {
			if msg, ok := strings.CutPrefix(text, mark); ok {
				anns = append(anns, annotation{Path: ".github", BlobHref: blob(".github"), StartLine: 1, EndLine: 1,
					AnnotationLevel: level, Message: msg})
			}
		}
		if m := failedTestRE.FindStringSubmatch(text); m != nil {
			n := max(lineOf[m[1]], 1)
			anns = append(anns, annotation{Path: m[1], BlobHref: blob(m[1]), StartLine: n, EndLine: n,
				AnnotationLevel: "failure", Title: m[2], Message: m[3]})
		}
	}
	return anns
}

// tracebackLine reads pytest's "tests/test_auth.py:41: AssertionError".
func tracebackLine(text string) (file string, line int, ok bool) {
	file, rest, found := strings.Cut(text, ":")
	if !found || !strings.HasSuffix(file, ".py") || strings.ContainsAny(file, " \t") {
		return "", 0, false
	}
	num, _, _ := strings.Cut(rest, ":")
	n, err := strconv.Atoi(num)
	return file, n, err == nil
}

func (s *Server) listAnnotations(r *http.Request) *response {
	ref := s.jobOf(r)
	if ref == nil {
		return notFound()
	}
	anns, _ := s.data.Annotations(ref.job.ID)
	lo, hi, link := s.paginate(r, len(anns))
	return withLink(jsonResponse(anns[lo:hi]), link)
}
