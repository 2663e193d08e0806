// Package bridge registers actionsql's six virtual tables (runs,
// workflows, jobs, steps, job_logs, annotations), the functions
// actionsql_config, actionsql_notes and actionsql_connection_id, the
// percentile aggregates and the regular-expression functions (regexp_like,
// regexp_substr, regexp_capture, regexp_replace, and regexp for the REGEXP
// operator) on a SQLite connection through the sqlite3ext.h API
// routines, so the same code serves the Go driver's SQLite (AutoExtension,
// on the connections it opens with OpenClaimed) and any host that loads
// actionsql.so. The C half only forwards SQLite's callbacks here. It builds
// against Debian 12's sqlite3ext.h (3.40.1) and any newer one.
//
// Each connection gets a session and its Settings from the SessionFactory;
// actionsql_config reads and changes them. While a scan waits on the
// network, the connection is watched for sqlite3_interrupt, so a host can
// stop it (on SQLite 3.41 and newer, which can tell).
package bridge

/*
#cgo CFLAGS: -O2
#include <stdlib.h>
#include "bridge.h"
*/
import "C"

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"runtime/cgo"
	"sync"
	"unsafe"

	"github.com/actionsql/actionsql/vtab"
)

// SQLite result codes used here.
const (
	sqliteOK         = 0
	sqliteError      = 1
	sqliteInterrupt  = 9
	sqliteConstraint = 19
	sqliteDone       = 101
)

// SessionFactory gives each connection the loadable extension is loaded
// into its session (the API client and defaults its tables read through)
// with the settings it was made from. Connections may share one.
type SessionFactory func() (*Settings, error)

var (
	factoryMu sync.Mutex
	factory   SessionFactory
)

// SetSessionFactory sets how connections that load the extension from now
// on get their session. Until it is called, they fail to get the tables.
func SetSessionFactory(f SessionFactory) {
	factoryMu.Lock()
	defer factoryMu.Unlock()
	factory = f
}

func newSettings() (*Settings, error) {
	factoryMu.Lock()
	f := factory
	factoryMu.Unlock()
	if f == nil {
		return nil, errors.New("actionsql: no session factory is set")
	}
	return f()
}

// headerVersion is the SQLITE_VERSION_NUMBER of the sqlite3ext.h the
// bridge was compiled against, which says which routines it knows by name.
func headerVersion() int { return int(C.bridge_header_version()) }

// AutoExtension is the entry point a process that compiles SQLite in (the
// Go driver) installs with sqlite3_auto_extension. It gives the tables only
// to the connections OpenClaimed opens, and does nothing in any other.
func AutoExtension() unsafe.Pointer { return C.bridge_driver_init }

// OpenClaimed calls open, which must open one SQLite connection on the
// calling goroutine (sqlite3_open_v2 of the SQLite AutoExtension is
// installed in), and installs the tables in that connection, with settings.
//
// The claim is a C thread-local the entry point reads and clears, so the
// goroutine stays on its thread until open returns; connections opened
// meanwhile on other threads are not claimed.
func OpenClaimed[T any](settings *Settings, open func() (T, error)) (T, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	h := cgo.NewHandle(settings)
	defer h.Delete()
	C.bridge_claim(C.uintptr_t(h))
	defer C.bridge_claim(0) // open failed before SQLite ran the entry point
	return open()
}

// conn is what the tables and the actionsql_config function of one
// connection share.
type conn struct {
	settings *Settings
	watch    interruptWatch
	mu       sync.Mutex
	vc       *vtab.Conn // this connection's part of the settings' session; see vtabConn
}

// binding is one table on one connection.
type binding struct {
	table       *vtab.Table
	conn        *conn
	declaration *C.char
}

// cursor is one open cursor and the connection it scans for.
type cursor struct {
	*vtab.Cursor
	conn *conn
}

var declarations sync.Map // table name → *C.char, made once per process

func declarationOf(t *vtab.Table) *C.char {
	if d, ok := declarations.Load(t.Name); ok {
		return d.(*C.char)
	}
	d, _ := declarations.LoadOrStore(t.Name, C.CString(t.Schema().Declaration()))
	return d.(*C.char)
}

// goInit installs the tables and functions in db, with the settings
// claimed (a handle, from OpenClaimed), or with the factory's when 0.
//
//export goInit
func goInit(db *C.sqlite3, pzErrMsg **C.char, claimed C.uintptr_t) C.int {
	settings, err := settingsFor(claimed)
	if err != nil {
		setInitError(pzErrMsg, err)
		return sqliteError
	}
	c := &conn{settings: settings}
	// Only SQLite 3.41 and newer can tell whether a statement was
	// interrupted (sqlite3_is_interrupted).
	if C.bridge_can_check_interrupts() != 0 {
		// The connection outlives every call the watch polls during.
		c.watch.interrupted = func() bool { return C.bridge_is_interrupted(db) != 0 }
	}
	// SQLite calls the release function for the handle even when
	// registering fails.
	h := C.uintptr_t(cgo.NewHandle(c))
	if rc := C.bridge_create_config_function(db, h); rc != sqliteOK {
		setInitError(pzErrMsg, fmt.Errorf("actionsql: register the function %s: SQLite error %d", ConfigFunction, rc))
		return rc
	}
	if rc := C.bridge_create_conn_functions(db, h); rc != sqliteOK {
		setInitError(pzErrMsg, fmt.Errorf("actionsql: register the functions actionsql_notes and actionsql_connection_id: SQLite error %d", rc))
		return rc
	}
	if err := registerPercentiles(db); err != nil {
		setInitError(pzErrMsg, err)
		return sqliteError
	}
	if err := registerRegexps(db); err != nil {
		setInitError(pzErrMsg, err)
		return sqliteError
	}
	for _, t := range vtab.Tables() {
		aux := cgo.NewHandle(&binding{table: t, conn: c, declaration: declarationOf(t)})
		name := C.CString(t.Name)
		rc := C.bridge_create_module(db, name, C.uintptr_t(aux))
		C.free(unsafe.Pointer(name))
		if rc != sqliteOK {
			setInitError(pzErrMsg, fmt.Errorf("actionsql: register table %s: SQLite error %d", t.Name, rc))
			return rc
		}
	}
	return sqliteOK
}

func settingsFor(claimed C.uintptr_t) (*Settings, error) {
	if claimed != 0 {
		return cgo.Handle(claimed).Value().(*Settings), nil
	}
	return newSettings()
}

func setInitError(pzErrMsg **C.char, err error) {
	msg := err.Error()
	C.bridge_set_init_error(pzErrMsg, cText(msg), C.int(len(msg)))
}

// vtabConn returns the connection's Conn in the settings' session, a new
// one when actionsql_config has replaced the session since.
func (c *conn) vtabConn() *vtab.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.settings.Session()
	if c.vc == nil || c.vc.Session() != s {
		if c.vc != nil {
			c.vc.Close()
		}
		c.vc = s.NewConn()
	}
	return c.vc
}

//export goNotes
func goNotes(ctx *C.sqlite3_context, h C.uintptr_t) {
	notes := cgo.Handle(h).Value().(*conn).vtabConn().TakeNotes()
	if notes == nil {
		notes = []string{}
	}
	b, _ := json.Marshal(notes) // a list of strings always marshals
	setResult(ctx, string(b))
}

//export goConnectionID
func goConnectionID(ctx *C.sqlite3_context, h C.uintptr_t) {
	setResult(ctx, cgo.Handle(h).Value().(*conn).vtabConn().ID())
}

//export goReleaseConn
func goReleaseConn(h C.uintptr_t) {
	c := cgo.Handle(h).Value().(*conn)
	c.mu.Lock()
	if c.vc != nil {
		c.vc.Close()
	}
	c.mu.Unlock()
	cgo.Handle(h).Delete()
}

//export goDeclaration
func goDeclaration(aux C.uintptr_t) *C.char {
	return cgo.Handle(aux).Value().(*binding).declaration
}

//export goRelease
func goRelease(aux C.uintptr_t) {
	cgo.Handle(aux).Delete()
}

//export goBestIndex
func goBestIndex(aux C.uintptr_t, info *C.sqlite3_index_info) C.int {
	b := cgo.Handle(aux).Value().(*binding)
	constraints := unsafe.Slice(info.aConstraint, int(info.nConstraint))
	in := vtab.IndexInfo{
		Constraints: make([]vtab.IndexConstraint, len(constraints)),
		ColUsed:     uint64(info.colUsed),
	}
	for i, c := range constraints {
		in.Constraints[i] = vtab.IndexConstraint{
			Column:   int(c.iColumn),
			Op:       vtab.Op(c.op),
			Usable:   c.usable != 0,
			CanInAll: c.usable != 0 && C.bridge_vtab_in(info, C.int(i), -1) != 0,
		}
	}
	for _, o := range unsafe.Slice(info.aOrderBy, int(info.nOrderBy)) {
		in.OrderBy = append(in.OrderBy, vtab.OrderTerm{Column: int(o.iColumn), Desc: o.desc != 0})
	}
	plan, err := b.table.BestIndex(&in)
	if errors.Is(err, vtab.ErrConstraint) {
		return sqliteConstraint
	}
	if err != nil {
		return sqliteError
	}
	usage := unsafe.Slice(info.aConstraintUsage, int(info.nConstraint))
	for i, u := range plan.Uses {
		usage[i].argvIndex = C.int(u.ArgvIndex)
		if u.Omit {
			usage[i].omit = 1
		}
		if u.InAll {
			C.bridge_vtab_in(info, C.int(i), 1)
		}
	}
	if plan.OrderByConsumed {
		info.orderByConsumed = 1
	}
	// SQLite frees the plan's text with sqlite3_free once done with it.
	str := C.CString(plan.Str)
	info.idxStr = C.bridge_mprintf(str)
	C.free(unsafe.Pointer(str))
	info.needToFreeIdxStr = 1
	info.estimatedCost = C.double(plan.Cost)
	info.estimatedRows = C.sqlite3_int64(plan.Rows)
	return sqliteOK
}

//export goOpen
func goOpen(aux C.uintptr_t) C.uintptr_t {
	b := cgo.Handle(aux).Value().(*binding)
	c := &cursor{Cursor: b.conn.vtabConn().Open(b.table), conn: b.conn}
	return C.uintptr_t(cgo.NewHandle(c))
}

func cursorOf(cur C.uintptr_t) *cursor { return cgo.Handle(cur).Value().(*cursor) }

//export goClose
func goClose(cur C.uintptr_t) {
	h := cgo.Handle(cur)
	h.Value().(*cursor).Close()
	h.Delete()
}

//export goFilter
func goFilter(cur C.uintptr_t, vt *C.sqlite3_vtab, idxStr *C.char, argc C.int, argv **C.sqlite3_value) C.int {
	c := cursorOf(cur)
	plan := C.GoString(idxStr)
	args, err := filterArgs(plan, int(argc), argv)
	if err == nil {
		c.conn.watch.enter(c.Cursor)
		err = c.Filter(plan, args)
		c.conn.watch.leave()
	}
	return report(vt, err, c.conn.settings)
}

func filterArgs(plan string, argc int, argv **C.sqlite3_value) ([]vtab.Arg, error) {
	lists, err := vtab.Lists(plan)
	if err != nil {
		return nil, err
	}
	args := make([]vtab.Arg, argc)
	for i := range args {
		v := C.bridge_argv(argv, C.int(i))
		if i < len(lists) && lists[i] {
			if args[i].Values, err = inValues(v); err != nil {
				return nil, err
			}
			continue
		}
		args[i].Values = []vtab.Value{goValue(v)}
	}
	return args, nil
}

// inValues reads every value on the right of an all-at-once IN.
func inValues(list *C.sqlite3_value) ([]vtab.Value, error) {
	var values []vtab.Value
	var v *C.sqlite3_value
	rc := C.bridge_vtab_in_first(list, &v)
	for rc == sqliteOK && v != nil {
		values = append(values, goValue(v))
		rc = C.bridge_vtab_in_next(list, &v)
	}
	if rc != sqliteOK && rc != sqliteDone {
		return nil, fmt.Errorf("actionsql: read the values of an IN: SQLite error %d", rc)
	}
	return values, nil
}

func goValue(v *C.sqlite3_value) vtab.Value {
	var n C.int
	switch C.bridge_value_type(v) {
	case C.SQLITE_INTEGER:
		return int64(C.bridge_value_int64(v))
	case C.SQLITE_FLOAT:
		return float64(C.bridge_value_double(v))
	case C.SQLITE_TEXT:
		p := C.bridge_value_text(v, &n)
		return C.GoStringN((*C.char)(unsafe.Pointer(p)), n)
	case C.SQLITE_BLOB:
		p := C.bridge_value_blob(v, &n)
		return C.GoBytes(p, n)
	}
	return nil
}

//export goNext
func goNext(cur C.uintptr_t, vt *C.sqlite3_vtab) C.int {
	c := cursorOf(cur)
	c.conn.watch.enter(c.Cursor)
	err := c.Next()
	c.conn.watch.leave()
	return report(vt, err, c.conn.settings)
}

//export goEOF
func goEOF(cur C.uintptr_t) C.int {
	if cursorOf(cur).EOF() {
		return 1
	}
	return 0
}

//export goRowid
func goRowid(cur C.uintptr_t) C.sqlite3_int64 {
	return C.sqlite3_int64(cursorOf(cur).Rowid())
}

//export goColumn
func goColumn(cur C.uintptr_t, ctx *C.sqlite3_context, i C.int) C.int {
	setResult(ctx, cursorOf(cur).Column(int(i)))
	return sqliteOK
}

//export goConfig
func goConfig(ctx *C.sqlite3_context, h C.uintptr_t, argc C.int, argv **C.sqlite3_value) {
	args := make([]vtab.Value, int(argc))
	for i := range args {
		args[i] = goValue(C.bridge_argv(argv, C.int(i)))
	}
	v, err := cgo.Handle(h).Value().(*conn).settings.Call(args)
	if err != nil {
		msg := err.Error()
		C.bridge_result_error(ctx, cText(msg), C.int(len(msg)))
		return
	}
	setResult(ctx, v)
}

// setResult makes v the value of a column or function call.
func setResult(ctx *C.sqlite3_context, v vtab.Value) {
	switch v := v.(type) {
	case nil:
		C.bridge_result_null(ctx)
	case int64:
		C.bridge_result_int64(ctx, C.sqlite3_int64(v))
	case float64:
		C.bridge_result_double(ctx, C.double(v))
	case string:
		C.bridge_result_text(ctx, cText(v), C.int(len(v)))
	case []byte:
		C.bridge_result_blob(ctx, unsafe.Pointer(unsafe.SliceData(v)), C.int(len(v)))
	default:
		C.bridge_result_null(ctx)
	}
}

// cText points C at a Go string's bytes for the length of one call; SQLite
// copies them (SQLITE_TRANSIENT).
func cText(s string) *C.char {
	return (*C.char)(unsafe.Pointer(unsafe.StringData(s)))
}

// report hands err's message to SQLite as the statement's error.
func report(vt *C.sqlite3_vtab, err error, settings *Settings) C.int {
	if err == nil {
		return sqliteOK
	}
	msg := settings.phrase(err)
	C.bridge_set_error(vt, cText(msg), C.int(len(msg)))
	if errors.Is(err, ErrInterrupted) {
		return sqliteInterrupt
	}
	return sqliteError
}
