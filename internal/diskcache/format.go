package diskcache

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"time"
	"unicode/utf8"
)

// The fixed part of an entry file; the package comment describes the format.
const (
	magic         = "asqldc"
	formatVersion = 1
	preludeSize   = 24
	maxHeaderSize = 1 << 20 // far above any response's headers; bounds what a damaged length makes us allocate
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// header is the JSON part of an entry file: the key and Meta but its Size,
// which is kept in the fixed part.
type header struct {
	Key       string        `json:"key"`
	Status    int           `json:"status"`
	Header    http.Header   `json:"header,omitempty"`
	StoredAt  time.Time     `json:"stored_at"`
	MaxAge    time.Duration `json:"max_age_ns"`
	Immutable bool          `json:"immutable,omitempty"`
}

func (h header) meta(size int64) Meta {
	return Meta{Status: h.Status, Header: h.Header, StoredAt: h.StoredAt, MaxAge: h.MaxAge, Immutable: h.Immutable, Size: size}
}

// encodeHeader returns the JSON header for key and m.
func encodeHeader(key string, m Meta) ([]byte, error) {
	if !utf8.ValidString(key) {
		// JSON would store it altered, and Get would never match it.
		return nil, errors.New("key is not valid UTF-8")
	}
	b, err := json.Marshal(header{Key: key, Status: m.Status, Header: m.Header, StoredAt: m.StoredAt, MaxAge: m.MaxAge, Immutable: m.Immutable})
	if err != nil {
		return nil, err
	}
	if len(b) > maxHeaderSize {
		return nil, fmt.Errorf("metadata is %d bytes encoded, over the %d-byte limit: keep fewer response headers", len(b), maxHeaderSize)
	}
	return b, nil
}

// prelude returns the fixed part of a file whose body is size bytes long and
// whose header is hdr.
func prelude(size int64, hdr []byte) [preludeSize]byte {
	var p [preludeSize]byte
	copy(p[:6], magic)
	binary.BigEndian.PutUint16(p[6:8], formatVersion)
	binary.BigEndian.PutUint64(p[8:16], uint64(size))
	binary.BigEndian.PutUint32(p[16:20], uint32(len(hdr)))
	crc := crc32.Update(crc32.Checksum(p[:20], castagnoli), castagnoli, hdr)
	binary.BigEndian.PutUint32(p[20:24], crc)
	return p
}

// A damageError says which check a file failed, as opposed to an error
// reading it.
type damageError struct{ msg string }

func (e *damageError) Error() string { return e.msg }

func damagef(format string, args ...any) error {
	return &damageError{fmt.Sprintf(format, args...)}
}

func isDamage(err error) bool {
	var d *damageError
	return errors.As(err, &d)
}

// readHeader reads the fixed part and the header from r, leaving r at the
// start of the body. It returns the header, the body size and the offset of
// the body in the file. A *damageError means the file is not a
// valid entry; others come from reading r.
func readHeader(r io.Reader) (h header, size, bodyOffset int64, err error) {
	var p [preludeSize]byte
	if _, err := io.ReadFull(r, p[:]); err != nil {
		return h, 0, 0, truncated(err, "fixed part")
	}
	if string(p[:6]) != magic {
		return h, 0, 0, damagef("bad magic number")
	}
	if v := binary.BigEndian.Uint16(p[6:8]); v != formatVersion {
		return h, 0, 0, damagef("format version %d, want %d", v, formatVersion)
	}
	size = int64(binary.BigEndian.Uint64(p[8:16]))
	n := binary.BigEndian.Uint32(p[16:20])
	if size < 0 || n > maxHeaderSize {
		return h, 0, 0, damagef("impossible sizes in fixed part")
	}
	hdr := make([]byte, n)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return h, 0, 0, truncated(err, "header")
	}
	crc := crc32.Update(crc32.Checksum(p[:20], castagnoli), castagnoli, hdr)
	if crc != binary.BigEndian.Uint32(p[20:24]) {
		return h, 0, 0, damagef("header checksum mismatch")
	}
	if err := json.Unmarshal(hdr, &h); err != nil {
		return h, 0, 0, damagef("header: %v", err)
	}
	return h, size, preludeSize + int64(n), nil
}

// truncated turns the end of the file within part into a *damageError.
func truncated(err error, part string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return damagef("file ends within its %s", part)
	}
	return err
}
