package fakegh

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// A streamed log is a job log too large to hold (hundreds of MB): the
// lines before and after its long step are rendered like any other log,
// and the long step's output is generated on demand in chunks of exactly
// streamChunkLines lines and streamChunkBytes bytes, each from its own
// seed. Fixed-size chunks make the size and line count known without
// generating anything, and let a reader seek (Range requests) by
// generating only the chunk it lands in.

const (
	streamChunkLines = 640
	streamChunkBytes = 68_800 // 107.5 bytes a line: what the line mix averages, so trace ids change little
	// lineOverhead is what every line carries besides its text: the
	// 28-byte timestamp, a space and the newline.
	lineOverhead = len(logTimeLayout) + 2
	// A flexible line's trace id may shrink or grow this much so that
	// its chunk comes out at exactly streamChunkBytes.
	maxFlexCut  = 12
	maxFlexGrow = 48
)

// streamedLog describes a generated log; it holds only its few-KB head
// and tail.
type streamedLog struct {
	seed   uint64
	head   []byte // BOM, preamble, earlier steps and the long step's header
	tail   []byte // the long step's last lines and the steps after it
	chunks int64
	bodyLo int64 // Unix nanoseconds of the first generated line
	stepNs int64 // nanoseconds between generated lines
}

// newStreamedLog renders ref's log around its longest step, whose output
// becomes about size bytes of generated lines.
func newStreamedLog(ref *jobRef, size int64) *streamedLog {
	c := newLogCtx(ref)
	secs := c.sections()
	wins := sectionWindows(secs)
	long := 0
	for i, s := range secs {
		if s.last.Sub(s.first) > secs[long].last.Sub(secs[long].first) {
			long = i
		}
	}
	var head, tail bytes.Buffer
	head.Write(utf8BOM)
	for i := range long {
		renderSection(&head, c, secs[i], wins[i])
	}
	// The long step's echoed script comes first, in a burst; whatever
	// it prints after the generated output ("Done.") comes last.
	w, lines := wins[long], secs[long].lines
	n := 0
	for n < len(lines) && lines[n].burst {
		writeLine(&head, w.lo.Add(5*time.Millisecond+time.Duration(n)*40*time.Microsecond), lines[n].text)
		n++
	}
	for i, l := range lines[n:] {
		writeLine(&tail, w.hi.Add(-time.Duration(len(lines)-n-i)*time.Millisecond), l.text)
	}
	for i := long + 1; i < len(secs); i++ {
		renderSection(&tail, c, secs[i], wins[i])
	}
	l := &streamedLog{seed: uint64(ref.job.ID), head: head.Bytes(), tail: tail.Bytes()}
	l.chunks = max(1, (size-int64(len(l.head)+len(l.tail))+streamChunkBytes/2)/streamChunkBytes)
	lo, hi := w.lo.Add(10*time.Millisecond), w.hi.Add(-50*time.Millisecond)
	l.bodyLo = lo.UnixNano()
	l.stepNs = int64(hi.Sub(lo)) / (l.chunks * streamChunkLines)
	return l
}

// renderSection writes a section's lines with their timestamps, as
// renderLog does.
func renderSection(buf *bytes.Buffer, c *logCtx, sec logSection, w window) {
	stamps := stamp(c.rng, len(sec.lines), lineBursts(sec.lines), w)
	for k, line := range sec.lines {
		writeLine(buf, stamps[k], line.text)
	}
}

func writeLine(buf *bytes.Buffer, t time.Time, text string) {
	buf.WriteString(t.UTC().Format(logTimeLayout))
	buf.WriteByte(' ')
	buf.WriteString(text)
	buf.WriteByte('\n')
}

// size is the length of the whole download, BOM included.
func (l *streamedLog) size() int64 {
	return int64(len(l.head)) + l.chunks*streamChunkBytes + int64(len(l.tail))
}

// lines is the number of lines of the log.
func (l *streamedLog) lines() int64 {
	return int64(bytes.Count(l.head, []byte{'\n'})+bytes.Count(l.tail, []byte{'\n'})) + l.chunks*streamChunkLines
}

// open returns a reader over the whole log that generates chunks as it
// reaches them; it holds one chunk at a time.
func (l *streamedLog) open() io.ReadSeeker {
	return &streamReader{log: l, gen: newChunkGen(l), loaded: -1}
}

// streamReader reads a streamedLog; it implements io.ReadSeeker so that
// http.ServeContent can answer Range requests.
type streamReader struct {
	log    *streamedLog
	off    int64
	gen    *chunkGen
	chunk  []byte
	loaded int64 // index of the chunk in chunk, or -1
}

func (r *streamReader) Read(p []byte) (int, error) {
	l := r.log
	head, body := int64(len(l.head)), l.chunks*streamChunkBytes
	var n int
	switch {
	case r.off >= l.size():
		return 0, io.EOF
	case r.off < head:
		n = copy(p, l.head[r.off:])
	case r.off < head+body:
		i, within := (r.off-head)/streamChunkBytes, (r.off-head)%streamChunkBytes
		if r.loaded != i {
			r.chunk, r.loaded = r.gen.chunk(r.chunk[:0], i), i
		}
		n = copy(p, r.chunk[within:])
	default:
		n = copy(p, l.tail[r.off-head-body:])
	}
	r.off += int64(n)
	return n, nil
}

func (r *streamReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.log.size()
	}
	if offset < 0 {
		return 0, errors.New("fakegh: seek before the start of a log")
	}
	r.off = offset
	return offset, nil
}

// Kinds of generated lines. Flexible lines end with a hex trace id that
// is cut or extended by a few digits so the chunk comes out at exactly
// streamChunkBytes; all others keep their text.
const (
	lineOutput = iota
	lineFlex
	lineGroup
	lineEndGroup
	lineCommand
	lineWarning
	lineANSI
)

// linesPerGroup: the soak script wraps each iteration in a ::group::,
// opened by the first line of every 64 and closed by the last.
const linesPerGroup = 64

// chunkGen generates chunks; it reuses its buffers between chunks.
type chunkGen struct {
	log   *streamedLog
	pcg   *rand.PCG
	rng   *rand.Rand
	kinds [streamChunkLines]uint8
	ends  [streamChunkLines]int32 // end of line j's text in texts
	texts []byte
	stamp stampCache
}

func newChunkGen(l *streamedLog) *chunkGen {
	pcg := rand.NewPCG(0, 0)
	return &chunkGen{log: l, pcg: pcg, rng: rand.New(pcg), texts: make([]byte, 0, 2*streamChunkBytes)}
}

// chunk appends chunk i to dst: streamChunkLines lines, streamChunkBytes
// bytes, the same every time.
func (g *chunkGen) chunk(dst []byte, i int64) []byte {
	g.pcg.Seed(g.log.seed, uint64(i))
	g.texts = g.texts[:0]
	fixed, flexNatural, flexCount := 0, 0, 0
	for j := range streamChunkLines {
		start := len(g.texts)
		k := g.kind(j)
		g.texts = g.appendText(g.texts, k, i*streamChunkLines+int64(j))
		if k == lineOutput && g.rng.IntN(2) == 0 {
			k = lineFlex
			g.texts = appendHex(append(g.texts, " trace_id="...), g.rng.Uint64(), 16)
		}
		g.kinds[j] = k
		g.ends[j] = int32(len(g.texts))
		if k == lineFlex {
			flexNatural += len(g.texts) - start
			flexCount++
		} else {
			fixed += len(g.texts) - start
		}
	}
	budget := streamChunkBytes - streamChunkLines*lineOverhead - fixed
	return g.write(dst, i, budget-flexNatural, flexCount)
}

// kind decides what line j of a chunk is: group marks at fixed places,
// a health check after each group opens, rare warnings and coloured
// lines, and ordinary output otherwise.
func (g *chunkGen) kind(j int) uint8 {
	switch j % linesPerGroup {
	case 0:
		return lineGroup
	case linesPerGroup - 1:
		return lineEndGroup
	case 1:
		return lineCommand
	}
	switch r := g.rng.IntN(1000); {
	case r < 6:
		return lineWarning
	case r < 10:
		return lineANSI
	}
	return lineOutput
}

// write lays the chunk's lines out with timestamps, spreading diff (the
// flexible lines' budget minus their natural length) over the flexible
// lines so that the chunk is exactly streamChunkBytes long.
func (g *chunkGen) write(dst []byte, i int64, diff, flexLeft int) []byte {
	start := len(dst)
	prev := int32(0)
	for j := range streamChunkLines {
		text := g.texts[prev:g.ends[j]]
		prev = g.ends[j]
		global := i*streamChunkLines + int64(j)
		ns := g.log.bodyLo + global*g.log.stepNs + g.rng.Int64N(max(g.log.stepNs/2, 1))
		dst = g.stamp.append(dst, ns)
		dst = append(dst, ' ')
		if g.kinds[j] == lineFlex {
			want := len(text) + diff/flexLeft
			if flexLeft == 1 {
				want = len(text) + diff
			}
			want = min(max(want, len(text)-maxFlexCut), len(text)+maxFlexGrow)
			diff -= want - len(text)
			flexLeft--
			dst = g.appendFitted(dst, text, want)
		} else {
			dst = append(dst, text...)
		}
		dst = append(dst, '\n')
	}
	if len(dst)-start != streamChunkBytes {
		// Hundreds of flexible lines with tens of bytes of slack each
		// absorb a chunk's variation many times over; only a broken
		// generator gets here.
		panic("fakegh: streamed log chunk of " + strconv.Itoa(len(dst)-start) + " bytes")
	}
	return dst
}

// appendFitted appends text, which ends in hex digits, with digits cut
// or random ones added to make it exactly n bytes.
func (g *chunkGen) appendFitted(dst, text []byte, n int) []byte {
	if len(text) >= n {
		return append(dst, text[:n]...)
	}
	dst = append(dst, text...)
	for more := n - len(text); more > 0; more -= 16 {
		dst = appendHex(dst, g.rng.Uint64(), min(more, 16))
	}
	return dst
}

// appendHex appends the low width hex digits of v.
func appendHex(b []byte, v uint64, width int) []byte {
	const digits = "0123456789abcdef"
	for i := width - 1; i >= 0; i-- {
		b = append(b, digits[v>>(4*uint(i))&0xf])
	}
	return b
}

// Words for generated output.
var (
	soakModules   = []string{"orders", "payments", "inventory", "shipping", "accounts", "search", "reports", "webhooks"}
	soakEndpoints = []string{"/api/v2/orders", "/api/v2/payments", "/api/v2/cart/items", "/api/v2/search", "/api/v2/accounts/me"}
	soakMethods   = []string{"GET", "GET", "GET", "POST", "PUT"}
)

// appendText appends the text of a line of kind k; global is the line's
// number in the generated part.
func (g *chunkGen) appendText(b []byte, k uint8, global int64) []byte {
	r := g.rng
	num := func(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }
	switch k {
	case lineGroup:
		b = append(b, "##[group]Soak iteration "...)
		return strconv.AppendInt(b, global/linesPerGroup+1, 10)
	case lineEndGroup:
		return append(b, "##[endgroup]"...)
	case lineCommand:
		return append(b, "[command]/usr/bin/curl -sS -o /dev/null -w %{http_code} http://localhost:8080/healthz"...)
	case lineWarning:
		b = append(b, "##[warning]Slow request: POST /api/v2/checkout took "...)
		b = num(b, 1000+r.IntN(4000))
		return append(b, "ms (threshold 1000ms)"...)
	case lineANSI:
		b = append(b, "\x1b[33mWARN\x1b[0m  upstream erp.internal:443 reset the connection, retrying ("...)
		b = num(b, 1+r.IntN(3))
		return append(b, "/3)"...)
	}
	switch r.IntN(5) {
	case 0:
		b = append(b, "[soak] iter="...)
		b = strconv.AppendInt(b, global/linesPerGroup+1, 10)
		b = append(b, ' ')
		b = append(b, soakMethods[r.IntN(len(soakMethods))]...)
		b = append(b, ' ')
		b = append(b, soakEndpoints[r.IntN(len(soakEndpoints))]...)
		b = append(b, '/')
		b = num(b, 10000+r.IntN(90000))
		b = append(b, " -> 200 in "...)
		b = num(b, 2+r.IntN(80))
		b = append(b, '.')
		b = num(b, r.IntN(10))
		b = append(b, "ms bytes="...)
		return num(b, 200+r.IntN(9000))
	case 1:
		mod := soakModules[r.IntN(len(soakModules))]
		b = append(b, "tests/soak/test_"...)
		b = append(b, mod...)
		b = append(b, ".py::test_"...)
		b = append(b, mod...)
		b = append(b, "_roundtrip[case-"...)
		b = num(b, 10000+r.IntN(90000))
		return append(b, "] PASSED"...)
	case 2:
		b = append(b, "INFO  worker-"...)
		b = num(b, 1+r.IntN(16))
		b = append(b, " processed batch "...)
		b = num(b, r.IntN(1_000_000))
		b = append(b, ": "...)
		b = num(b, 1+r.IntN(256))
		b = append(b, " messages, "...)
		b = num(b, r.IntN(4000))
		b = append(b, " KB, lag "...)
		b = num(b, r.IntN(300))
		return append(b, "ms"...)
	case 3:
		b = append(b, "DEBUG pgpool: acquired connection "...)
		b = num(b, r.IntN(64))
		b = append(b, " (idle="...)
		b = num(b, r.IntN(20))
		b = append(b, " in_use="...)
		b = num(b, r.IntN(44))
		b = append(b, " wait="...)
		b = num(b, r.IntN(900))
		return append(b, "us)"...)
	}
	b = append(b, "  "...)
	b = append(b, soakEndpoints[r.IntN(len(soakEndpoints))]...)
	b = append(b, ": p50="...)
	b = num(b, 3+r.IntN(20))
	b = append(b, "ms p90="...)
	b = num(b, 25+r.IntN(60))
	b = append(b, "ms p99="...)
	b = num(b, 90+r.IntN(400))
	b = append(b, "ms rps="...)
	return num(b, 100+r.IntN(900))
}

// stampCache formats line timestamps quickly: the date, hour and minute
// change rarely, so they are formatted once per minute.
type stampCache struct {
	minute int64
	prefix []byte // "2006-01-02T15:04:"
}

func (s *stampCache) append(b []byte, ns int64) []byte {
	sec := ns / 1e9
	if m := sec / 60; m != s.minute || s.prefix == nil {
		s.minute = m
		s.prefix = time.Unix(m*60, 0).UTC().AppendFormat(s.prefix[:0], "2006-01-02T15:04:")
	}
	b = append(b, s.prefix...)
	b = appendDigits(b, sec%60, 2)
	b = append(b, '.')
	b = appendDigits(b, ns%1e9/100, 7)
	return append(b, 'Z')
}

// appendDigits appends v as exactly width decimal digits.
func appendDigits(b []byte, v int64, width int) []byte {
	var d [8]byte
	for i := width - 1; i >= 0; i-- {
		d[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, d[:width]...)
}
