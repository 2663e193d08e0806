package joblog

// entry is a parsed line waiting in the Reader's queue, with the facts step
// attribution needs.
type entry struct {
	Line
	unixSec int64 // the timestamp's whole seconds since the epoch
	timed   bool  // false when the line has no valid timestamp
}

func newEntry(number int64, raw string) entry {
	p := parse(raw)
	return entry{
		Line: Line{
			Number:    number,
			Timestamp: p.timestamp,
			Level:     p.level,
			Content:   p.content,
			Raw:       raw,
		},
		unixSec: p.unixSec,
		timed:   p.timed,
	}
}

// lineQueue is a FIFO of the lines read ahead of the Reader's caller. It
// reuses its backing array, so steady streaming does not allocate for it.
type lineQueue struct {
	items []entry
	head  int // index of the front entry in items
	bytes int // total raw bytes queued, to bound lookahead memory
}

func (q *lineQueue) len() int { return len(q.items) - q.head }

func (q *lineQueue) front() entry { return q.items[q.head] }

func (q *lineQueue) at(i int) entry { return q.items[q.head+i] }

func (q *lineQueue) push(e entry) {
	if q.head > 0 && len(q.items) == cap(q.items) {
		q.compact()
	}
	q.items = append(q.items, e)
	q.bytes += len(e.Raw)
}

func (q *lineQueue) pop() {
	q.bytes -= len(q.items[q.head].Raw)
	q.items[q.head] = entry{} // let the line's strings be collected
	q.head++
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	}
}

// compact moves the queued entries to the start of the backing array, so
// the array does not grow while lines keep passing through.
func (q *lineQueue) compact() {
	n := copy(q.items, q.items[q.head:])
	clear(q.items[n:])
	q.items, q.head = q.items[:n], 0
}
