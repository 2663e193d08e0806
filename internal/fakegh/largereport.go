package fakegh

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strings"
)

// The catalog conformance suite checks every SKU of the catalog: one
// Surefire report of LargeReportCases test cases, about 25 MB, uploaded
// uncompressed (compression-level: 0). Holding it would cost every process
// that serves the data set 25 MB, so it is generated as it is read: the
// cases come in chunks of largeChunkCases that all have the same length,
// so a reader can seek (Range requests) by generating only the chunk it
// lands in. The zip around it is worked out once, on first use, by
// streaming the report through archive/zip: only the zip's header and
// trailer are kept.

const (
	largeChunkCases = 1000
	largeChunks     = 200
	// LargeReportCases is the number of test cases in the conformance
	// report; one in largeChunkCases is skipped.
	LargeReportCases = largeChunkCases * largeChunks
	largeClass       = "com.example.catalog.CatalogConformanceTest"
	// LargeReportFile is the report's path inside its artifact.
	LargeReportFile = "catalog/target/surefire-reports/TEST-" + largeClass + ".xml"
)

// largeReportClass stands for the conformance report in the job's log: its
// counts, without its cases.
func largeReportClass() reportClass { return reportClass{name: largeClass, large: true} }

// largeReportSeconds is the time the report's cases took together.
func largeReportSeconds() float64 {
	var secs float64
	for i := range LargeReportCases {
		secs += largeCaseSeconds(i)
	}
	return secs
}

// largeCase is the i-th case of the report; every chunk's cases add up to
// the same length, the skipped one at the same place in each.
func largeCase(buf []byte, i int) []byte {
	if i%largeChunkCases == largeChunkCases/2 {
		return fmt.Appendf(buf, `  <testcase name="priceMatchesCatalog(String)[SKU-%07d]" classname="%s" time="0"><skipped message="SKU is discontinued"/></testcase>`+"\n", i, largeClass)
	}
	return fmt.Appendf(buf, `  <testcase name="priceMatchesCatalog(String)[SKU-%07d]" classname="%s" time="0.%03d"/>`+"\n", i, largeClass, (i*7919)%997)
}

func largeCaseSeconds(i int) float64 {
	if i%largeChunkCases == largeChunkCases/2 {
		return 0
	}
	return float64((i*7919)%997) / 1000
}

// largeReportHead and largeReportTail surround the cases.
func largeReportHead() []byte {
	secs := largeReportSeconds()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.2.xsd" version="3.0.2" name="%s" time="%.3f" tests="%d" errors="0" skipped="%d" failures="0">`+"\n",
		largeClass, secs, LargeReportCases, largeChunks)
	b.WriteString("  <properties>\n    <property name=\"java.version\" value=\"21.0.8\"/>\n  </properties>\n")
	return []byte(b.String())
}

const largeReportTail = "</testsuite>\n"

// largeChunk appends chunk k's cases to buf.
func largeChunk(buf []byte, k int) []byte {
	for i := k * largeChunkCases; i < (k+1)*largeChunkCases; i++ {
		buf = largeCase(buf, i)
	}
	return buf
}

// largeZip is the conformance artifact: its zip's header and trailer, and
// what the whole zip's size and digest are.
type largeZip struct {
	head, tail []byte // the zip's bytes before and after the report
	report     []byte // the report's own head (before the first case)
	chunkLen   int64
	size       int64
	digest     string
}

func (z *largeZip) bodyLen() int64 {
	return int64(len(z.report)) + largeChunks*z.chunkLen + int64(len(largeReportTail))
}

// newLargeZip zips the report once, keeping only the zip's own bytes.
func newLargeZip() *largeZip {
	z := &largeZip{report: largeReportHead(), chunkLen: int64(len(largeChunk(nil, 0)))}
	sink := &zipSink{sum: sha256.New(), z: z}
	w := zip.NewWriter(sink)
	fw, err := w.CreateHeader(&zip.FileHeader{Name: LargeReportFile, Method: zip.Store, Modified: BaseTime})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		panic(err) // the sink does not fail
	}
	sink.headDone = true
	r := z.openReport()
	if _, err := io.Copy(fw, r); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	z.size, z.digest = sink.n, "sha256:"+hex.EncodeToString(sink.sum.Sum(nil))
	return z
}

// zipSink hashes what archive/zip writes and keeps the bytes that are not
// the report.
type zipSink struct {
	sum      hash.Hash
	z        *largeZip
	n        int64
	headDone bool
}

func (s *zipSink) Write(p []byte) (int, error) {
	s.sum.Write(p)
	switch {
	case !s.headDone:
		s.z.head = append(s.z.head, p...)
	default:
		bodyEnd := int64(len(s.z.head)) + s.z.bodyLen()
		if end := s.n + int64(len(p)); end > bodyEnd {
			s.z.tail = append(s.z.tail, p[max(0, bodyEnd-s.n):]...)
		}
	}
	s.n += int64(len(p))
	return len(p), nil
}

// open reads the whole zip.
func (z *largeZip) open() io.ReadSeeker {
	body := z.openReport()
	return &multiSeeker{parts: []io.ReadSeeker{bytes.NewReader(z.head), body, bytes.NewReader(z.tail)},
		sizes: []int64{int64(len(z.head)), z.bodyLen(), int64(len(z.tail))}}
}

// openReport reads the report, generating a chunk at a time.
func (z *largeZip) openReport() io.ReadSeeker {
	cases := &chunkSeeker{chunkLen: z.chunkLen, chunks: largeChunks, gen: largeChunk, loaded: -1}
	return &multiSeeker{parts: []io.ReadSeeker{bytes.NewReader(z.report), cases, strings.NewReader(largeReportTail)},
		sizes: []int64{int64(len(z.report)), largeChunks * z.chunkLen, int64(len(largeReportTail))}}
}

// chunkSeeker reads chunks of equal length, generated on demand.
type chunkSeeker struct {
	chunkLen int64
	chunks   int
	gen      func(buf []byte, k int) []byte
	off      int64
	chunk    []byte
	loaded   int
}

func (c *chunkSeeker) Read(p []byte) (int, error) {
	if c.off >= c.chunkLen*int64(c.chunks) {
		return 0, io.EOF
	}
	k := int(c.off / c.chunkLen)
	if k != c.loaded {
		c.chunk, c.loaded = c.gen(c.chunk[:0], k), k
	}
	n := copy(p, c.chunk[c.off%c.chunkLen:])
	c.off += int64(n)
	return n, nil
}

func (c *chunkSeeker) Seek(offset int64, whence int) (int64, error) {
	return seekTo(&c.off, c.chunkLen*int64(c.chunks), offset, whence)
}

// multiSeeker reads its parts one after another, as one seekable stream.
type multiSeeker struct {
	parts []io.ReadSeeker
	sizes []int64
	off   int64
}

func (m *multiSeeker) size() int64 {
	var n int64
	for _, s := range m.sizes {
		n += s
	}
	return n
}

func (m *multiSeeker) Read(p []byte) (int, error) {
	start := int64(0)
	for i, part := range m.parts {
		end := start + m.sizes[i]
		if m.off < end {
			if _, err := part.Seek(m.off-start, io.SeekStart); err != nil {
				return 0, err
			}
			n, err := part.Read(p[:min(int64(len(p)), end-m.off)])
			m.off += int64(n)
			if err == io.EOF {
				err = nil
			}
			return n, err
		}
		start = end
	}
	return 0, io.EOF
}

func (m *multiSeeker) Seek(offset int64, whence int) (int64, error) {
	return seekTo(&m.off, m.size(), offset, whence)
}

// seekTo moves *off as io.Seeker does within a stream of size bytes.
func seekTo(off *int64, size, offset int64, whence int) (int64, error) {
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = *off + offset
	case io.SeekEnd:
		abs = size + offset
	default:
		return 0, fmt.Errorf("seek: invalid whence %d", whence)
	}
	if abs < 0 {
		return 0, fmt.Errorf("seek: negative position %d", abs)
	}
	*off = abs
	return abs, nil
}
