package vtab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// Arg is one xFilter argument: a single value, or every value of an IN.
type Arg struct {
	Values []Value
}

// Cursor is one scan of a table, as SQLite's xOpen/xFilter/xNext drive it.
// Its zero value is not usable: get one from Conn.Open.
type Cursor struct {
	table   *Table
	session *Session
	conn    *Conn
	stmt    *statement // the statement the cursor scans for
	ctx     context.Context
	cancel  context.CancelCauseFunc
	rows    rowSource
	endScan context.CancelFunc // ends the current Filter's scan and frees what it holds
	eof     bool
	rowid   int64

	oneAtATime int // Filter calls on one value of the needed column
}

// Open starts a cursor on t for the connection's statement. Close it when
// done.
func (c *Conn) Open(t *Table) *Cursor {
	cur := &Cursor{table: t, session: c.session, conn: c, eof: true}
	cur.stmt = c.opened(cur)
	// The cursor's own requests (a log it streams) count with the
	// statement's; the cursor's cancellation stops only them.
	cur.ctx, cur.cancel = context.WithCancelCause(ghapi.WithBudget(ghapi.WithStats(context.Background(), &c.stats), cur.stmt.budget))
	return cur
}

// Lists reports which xFilter arguments of the plan BestIndex wrote as str
// are all-at-once IN lists.
func Lists(str string) ([]bool, error) {
	p, err := decodePlan(str)
	if err != nil {
		return nil, err
	}
	return p.Lists, nil
}

// Filter starts the scan for the plan BestIndex wrote as str, with the
// constraint values SQLite hands over.
func (c *Cursor) Filter(str string, args []Arg) error {
	p, err := decodePlan(str)
	if err != nil {
		return err
	}
	if p.Need < 0 {
		return errors.New(c.table.needsMessage(p.OtherOps))
	}
	q, err := c.query(p, args)
	if err != nil {
		return err
	}
	c.readAheadOfOuter(p, q)
	c.endCurrentScan()
	var scan context.Context
	scan, c.endScan = context.WithCancel(c.ctx)
	c.rows, err = c.table.open(scan, c.session, q)
	if err != nil {
		return c.failure(err)
	}
	c.rowid = 0
	c.eof = false
	return c.Next()
}

func (c *Cursor) query(p *plan, args []Arg) (*Query, error) {
	if len(args) != len(p.Columns) {
		return nil, fmt.Errorf("%s: plan wants %d arguments, got %d", c.table.Name, len(p.Columns), len(args))
	}
	q := &Query{table: c.table, st: c.stmt, values: map[string][]Value{}, ranges: map[string][]Bound{}, colUsed: p.ColUsed}
	var limit, offset int64 = -1, 0
	for i, col := range p.Columns {
		switch p.Ops[i] {
		case OpLimit:
			limit, _ = args[i].Values[0].(int64)
			continue
		case OpOffset:
			offset, _ = args[i].Values[0].(int64)
			continue
		}
		if col < 0 || col >= len(c.table.schema.Columns) {
			return nil, fmt.Errorf("%s: the plan names no column %d", c.table.Name, col)
		}
		column := c.table.schema.Columns[col]
		if p.Ops[i] != OpEQ {
			q.addBound(column, p.Ops[i], args[i].Values[0])
			continue
		}
		values := []Value{}
		for _, v := range args[i].Values {
			if converted, ok := convert(v, column.Type); ok {
				values = append(values, converted)
			}
		}
		if len(values) == 0 && len(args[i].Values) > 0 {
			c.stmt.note("%s: %s = %s matches no row: %s holds %s values", c.table.Name, column.Name,
				quoted(args[i].Values[0]), column.Name, strings.ToLower(column.Type))
		}
		q.values[column.Name] = values
	}
	if limit >= 0 {
		q.want = limit + max(offset, 0)
	}
	return q, q.resolveRepos(c.session.DefaultRepo())
}

// Next moves to the next row.
func (c *Cursor) Next() error {
	if c.eof {
		return nil
	}
	err := c.rows.next()
	if err == io.EOF { // the end of the scan itself, never a wrapped read error
		c.eof = true
		return nil
	}
	if err != nil {
		c.eof = true
		return c.failure(err)
	}
	c.rowid++
	return nil
}

// failure prefers the reason the cursor was cancelled for (an interrupt)
// over the error a cancelled request surfaced as.
func (c *Cursor) failure(err error) error {
	if cause := context.Cause(c.ctx); cause != nil {
		return cause
	}
	return err
}

// EOF reports whether the scan has no current row.
func (c *Cursor) EOF() bool { return c.eof }

// Column returns column i of the current row.
func (c *Cursor) Column(i int) Value { return c.rows.column(i) }

// Rowid returns the current row's position in the scan, from 1.
func (c *Cursor) Rowid() int64 { return c.rowid }

func (c *Cursor) endCurrentScan() {
	if c.endScan != nil {
		c.endScan()
	}
}

// Close ends the scan and cancels whatever it still has in flight.
func (c *Cursor) Close() {
	c.endCurrentScan()
	c.cancel(context.Canceled)
	c.conn.closed(c)
}

// Table returns the table the cursor scans.
func (c *Cursor) Table() *Table { return c.table }

// quoted writes a constraint value as SQL would.
func quoted(v Value) string {
	if v == nil {
		return "NULL"
	}
	if s, ok := v.(string); ok {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return fmt.Sprint(v)
}
