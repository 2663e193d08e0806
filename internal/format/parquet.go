package format

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding"
)

// parquet writes one result set as a Parquet file: every column optional
// (nullable), INTEGER as INT64, REAL as DOUBLE, TEXT as a UTF-8 string,
// BLOB as bytes, compressed with zstd. Rows are written as they arrive: a
// row group is closed once its values add up to rowGroupBytes (or it holds
// rowGroupRows rows), so memory stays bounded by one compressed row group
// whatever the size of the result.
//
// SQLite types values, not columns, so a column's Parquet type comes from
// its declared type when it has one (SQLite's affinity rules: a type
// naming INT is INT64; CHAR, CLOB or TEXT a string; BLOB bytes; REAL, FLOA
// or DOUB a DOUBLE), else from its values in the first inferRows rows,
// which are held back until then: INTEGER, or DOUBLE if a REAL is among
// them; a column that is NULL in all of them is a string. After that a
// value of another type fails
// the statement with a message that names the column and the row and
// suggests the CAST that fixes it, rather than write a value that is not
// the one the query returned. The one conversion made is an INTEGER in a
// DOUBLE column, which is exact up to 2^53 (and an error beyond).
type parquetWriter struct {
	resultSet
	out      io.Writer
	declared []string // declared types of the next result set's columns
	done     bool     // a Parquet file holds one result set

	types    []columnType
	inferred []bool  // the type came from values, and may still widen
	held     [][]any // the rows held back until every column has a type
	rows     int64   // rows seen so far, to name one in an error

	writer     *parquet.GenericWriter[any]
	batch      []parquet.Row // rows converted, waiting for WriteRows
	groupBytes int           // the values written to the row group so far
	groupRows  int
}

const (
	// inferRows is how many rows type the columns without a declared
	// type, held back meanwhile: a few MB of log lines at most.
	inferRows = 10_000
	// rowGroupBytes is the size of a row group's values before encoding
	// and compression. Engines read a row group per thread, so it should
	// be large (Spark writes up to 128 MB); what this writer keeps in
	// memory is the group once compressed, a fraction of this.
	rowGroupBytes = 64 << 20
	// rowGroupRows bounds the rows of a row group of small values, so a
	// reader can still skip through a long result of numbers.
	rowGroupRows = 1 << 20
	// batchRows is how many rows go to the Parquet writer at once.
	batchRows = 256
)

// columnType is a column's Parquet type.
type columnType int

const (
	typeUnknown columnType = iota
	typeInteger
	typeReal
	typeText
	typeBlob
)

// String names a type as SQL does, with the Parquet type it is written as.
func (t columnType) String() string {
	switch t {
	case typeInteger:
		return "INTEGER (INT64)"
	case typeReal:
		return "REAL (DOUBLE)"
	case typeText:
		return "TEXT (string)"
	case typeBlob:
		return "BLOB (bytes)"
	}
	return "NULL"
}

// sqlName is the type as CAST names it.
func (t columnType) sqlName() string {
	return strings.Fields(t.String())[0]
}

func newParquet(w io.Writer, _ Options) Writer {
	return &parquetWriter{out: w}
}

// declareTypes takes the declared types of the next result set's columns.
func (p *parquetWriter) declareTypes(declared []string) {
	p.declared = declared
}

// declaredType maps a declared column type to a Parquet type by SQLite's
// rules for a column's affinity; NUMERIC and no type at all leave the
// type to the values.
func declaredType(decl string) columnType {
	decl = strings.ToUpper(decl)
	switch {
	case strings.Contains(decl, "INT"):
		return typeInteger
	case strings.Contains(decl, "CHAR"), strings.Contains(decl, "CLOB"), strings.Contains(decl, "TEXT"):
		return typeText
	case strings.Contains(decl, "BLOB"):
		return typeBlob
	case strings.Contains(decl, "REAL"), strings.Contains(decl, "FLOA"), strings.Contains(decl, "DOUB"):
		return typeReal
	}
	return typeUnknown
}

// valueType is the type of one value as the writer takes it: bool as
// SQLite stores it (0 or 1), time.Time as the text the other formats show.
func valueType(v any) columnType {
	switch v.(type) {
	case nil:
		return typeUnknown
	case int64, int, int32, bool:
		return typeInteger
	case float64, float32:
		return typeReal
	case []byte:
		return typeBlob
	}
	return typeText
}

func (p *parquetWriter) Begin(columns []string) error {
	if p.done {
		return fmt.Errorf("a Parquet file holds one result, and this one has its result already: write each statement's result to a file of its own")
	}
	if err := p.begin(columns); err != nil {
		return err
	}
	seen := make(map[string]bool, len(columns))
	for _, name := range columns {
		if seen[name] {
			return fmt.Errorf("the result has two columns named %q, which a Parquet file cannot: name them apart with AS", name)
		}
		seen[name] = true
	}
	p.types = make([]columnType, len(columns))
	p.inferred = make([]bool, len(columns))
	for i := range columns {
		if i < len(p.declared) {
			p.types[i] = declaredType(p.declared[i])
		}
		p.inferred[i] = p.types[i] == typeUnknown
	}
	if !slices.Contains(p.types, typeUnknown) {
		return p.start()
	}
	return nil
}

func (p *parquetWriter) Row(values []any) error {
	if err := p.row(values); err != nil {
		return err
	}
	p.rows++
	if p.writer != nil {
		return p.write(p.rows, values)
	}
	if err := p.infer(values); err != nil {
		return err
	}
	p.held = append(p.held, append([]any(nil), values...))
	if len(p.held) >= inferRows {
		return p.start()
	}
	return nil
}

// infer types the columns without a declared type from a held row.
func (p *parquetWriter) infer(values []any) error {
	for i, v := range values {
		if !p.inferred[i] {
			continue
		}
		t := valueType(v)
		switch {
		case t == typeUnknown || t == p.types[i]:
		case p.types[i] == typeUnknown:
			p.types[i] = t
		case p.types[i] == typeInteger && t == typeReal:
			p.types[i] = typeReal // the INTEGERs held so far convert exactly or fail in write
		case p.types[i] == typeReal && t == typeInteger:
		default:
			return p.mismatch(i, p.rows, v)
		}
	}
	return nil
}

// start fixes the schema, with a string for each column still without a
// type, and writes the rows held back.
func (p *parquetWriter) start() error {
	fields := make([]parquet.Field, len(p.columns))
	for i, name := range p.columns {
		if p.types[i] == typeUnknown {
			p.types[i] = typeText
		}
		fields[i] = column{name, parquet.Optional(leafOf(p.types[i]))}
	}
	schema := parquet.NewSchema("result", orderedGroup(fields))
	p.writer = parquet.NewGenericWriter[any](p.out, schema,
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedFastest}),
		parquet.CreatedBy("actionsql", "", ""))
	held := p.held
	p.held = nil
	for n, values := range held {
		if err := p.write(int64(n+1), values); err != nil {
			return err
		}
	}
	return nil
}

func leafOf(t columnType) parquet.Node {
	switch t {
	case typeInteger:
		return parquet.Leaf(parquet.Int64Type)
	case typeReal:
		return parquet.Leaf(parquet.DoubleType)
	case typeBlob:
		return parquet.Leaf(parquet.ByteArrayType)
	}
	return parquet.String()
}

// write converts one row and adds it to the batch, closing the row group
// once it is large enough.
func (p *parquetWriter) write(n int64, values []any) error {
	if len(p.batch) == cap(p.batch) {
		if err := p.flushBatch(); err != nil {
			return err
		}
	}
	if p.batch == nil {
		p.batch = make([]parquet.Row, 0, batchRows)
	}
	p.batch = p.batch[:len(p.batch)+1]
	row := p.batch[len(p.batch)-1][:0]
	for i, v := range values {
		value, size, err := p.value(i, v)
		if err != nil {
			return p.mismatch(i, n, v)
		}
		row = append(row, value)
		p.groupBytes += size
	}
	p.batch[len(p.batch)-1] = row
	p.groupRows++
	if p.groupBytes >= rowGroupBytes || p.groupRows >= rowGroupRows {
		if err := p.flushBatch(); err != nil {
			return err
		}
		if err := p.writer.Flush(); err != nil {
			return fmt.Errorf("write a Parquet row group: %w", err)
		}
		p.groupBytes, p.groupRows = 0, 0
	}
	return nil
}

// errMismatch is a value the column's type cannot hold.
var errMismatch = fmt.Errorf("value of another type")

// value converts v to column i's type; size is about what it takes in
// the row group before compression.
func (p *parquetWriter) value(i int, v any) (parquet.Value, int, error) {
	var value parquet.Value
	if v == nil {
		return parquet.NullValue().Level(0, 0, i), 1, nil
	}
	size := 8
	switch p.types[i] {
	case typeInteger:
		n, ok := asInteger(v)
		if !ok {
			return value, 0, errMismatch
		}
		value = parquet.Int64Value(n)
	case typeReal:
		f, ok := asReal(v)
		if !ok {
			return value, 0, errMismatch
		}
		value = parquet.DoubleValue(f)
	case typeText, typeBlob:
		b, ok := asBytes(v, p.types[i])
		if !ok {
			return value, 0, errMismatch
		}
		value, size = parquet.ByteArrayValue(b), len(b)+4
	}
	return value.Level(0, 1, i), size, nil
}

func asInteger(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// maxExactInteger is the largest INTEGER a DOUBLE holds exactly.
const maxExactInteger = 1 << 53

func asReal(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	}
	n, ok := asInteger(v)
	if !ok || n > maxExactInteger || n < -maxExactInteger {
		return 0, false
	}
	return float64(n), true
}

func asBytes(v any, t columnType) ([]byte, bool) {
	switch v := v.(type) {
	case []byte:
		// database/sql hands each row a copy of a BLOB: it can be kept.
		return v, t == typeBlob
	case string:
		return []byte(v), t == typeText
	case time.Time:
		return []byte(v.UTC().Format(time.RFC3339Nano)), t == typeText
	}
	if valueType(v) != typeText {
		return nil, false
	}
	return []byte(otherCell(v).text), t == typeText
}

// mismatch is the error for a value column i's type cannot hold.
func (p *parquetWriter) mismatch(i int, row int64, v any) error {
	from := "its declared type"
	if p.inferred[i] {
		from = "its first values"
	}
	shown := newCell(v).text
	if len(shown) > 40 {
		shown = shown[:40] + "..."
	}
	got := valueType(v)
	return fmt.Errorf("column %q is %s from %s, but row %d holds the %s value %s: a Parquet column has one type; "+
		"convert the column in the query, e.g. CAST(%s AS %s)",
		p.columns[i], p.types[i], from, row, got.sqlName(), shown, p.columns[i], widest(p.types[i], got).sqlName())
}

// widest is the type a column holding values of both types can be cast
// to without losing any: REAL for numbers, else TEXT.
func widest(a, b columnType) columnType {
	if (a == typeInteger || a == typeReal) && (b == typeInteger || b == typeReal) {
		return typeReal
	}
	return typeText
}

func (p *parquetWriter) flushBatch() error {
	if len(p.batch) == 0 {
		return nil
	}
	if _, err := p.writer.WriteRows(p.batch); err != nil {
		return fmt.Errorf("write Parquet rows: %w", err)
	}
	p.batch = p.batch[:0]
	return nil
}

func (p *parquetWriter) End() error {
	if err := p.end(); err != nil {
		return err
	}
	p.done = true
	if p.writer == nil {
		if err := p.start(); err != nil {
			return err
		}
	}
	if err := p.flushBatch(); err != nil {
		return err
	}
	if err := p.writer.Close(); err != nil {
		return fmt.Errorf("finish the Parquet file: %w", err)
	}
	return nil
}

// orderedGroup is a Parquet group whose fields keep the result's column
// order: parquet.Group is a map, and sorts them by name.
type orderedGroup []parquet.Field

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) String() string              { return "group" }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Fields() []parquet.Field     { return g }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }

// GoType is a map: rows are written as parquet.Row values, never decoded
// from Go structs, so no struct type is needed.
func (g orderedGroup) GoType() reflect.Type { return reflect.TypeFor[map[string]any]() }

// column is one named field of an orderedGroup.
type column struct {
	name string
	parquet.Node
}

func (c column) Name() string { return c.name }

// Value is only used to read fields of Go values, which this writer never
// hands the library.
func (c column) Value(base reflect.Value) reflect.Value {
	return base.MapIndex(reflect.ValueOf(c.name))
}
