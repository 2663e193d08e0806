#include "bridge.h"
#include <string.h>
#include "_cgo_export.h"

const sqlite3_api_routines *actionsql_sqlite3_api = 0;

/* sqlite3_vtab_in arrived in 3.38.0, sqlite3_is_interrupted in 3.41.0;
 * a host with an older SQLite gets one-value-at-a-time IN processing, and
 * its interrupts stop a scan only once the request it waits on returns.
 * SQLITE_DIRECTONLY, which keeps a function out of triggers and views,
 * arrived in 3.30.0, window functions (the percentiles) in 3.25.0. Each is
 * checked against the host's SQLite at run time: its routines table ends
 * with the last routine it has, and a slot past the end is not a function. */
#define VTAB_IN_VERSION 3038000
#define IS_INTERRUPTED_VERSION 3041000
#define DIRECTONLY_VERSION 3030000
#define WINDOW_FUNCTION_VERSION 3025000

/* The header we are compiled against must declare sqlite3_vtab_in too: the
 * sqlite3ext.h of Debian 12 (3.40.1) or anything newer does. */
#if SQLITE_VERSION_NUMBER < VTAB_IN_VERSION
#error "actionsql needs sqlite3ext.h from SQLite 3.38.0 or newer: install a newer libsqlite3-dev, or point CGO_CFLAGS=-I at the directory of a newer sqlite3ext.h"
#endif

/* sqlite3_is_interrupted, by name when the header declares it (3.41.0 and
 * newer). An older header, Debian 12's 3.40.1, ends its routines table at
 * value_encoding; SQLite only ever appends to the table, so the routine's
 * slot is the one right after it. That holds for a 3.40 header only: on an
 * older one the watch is left off. */
#if SQLITE_VERSION_NUMBER >= IS_INTERRUPTED_VERSION
#define HEADER_IS_INTERRUPTED(db) sqlite3_is_interrupted(db)
#elif SQLITE_VERSION_NUMBER >= 3040000
typedef struct {
  sqlite3_api_routines known; /* up to value_encoding, 3.40's last */
  int (*is_interrupted)(sqlite3 *);
} routines_3_41;
#define HEADER_IS_INTERRUPTED(db) (((const routines_3_41 *)sqlite3_api)->is_interrupted(db))
#endif

typedef struct {
  sqlite3_vtab base;
  uintptr_t aux; /* Go handle: the table and its session */
} bridge_vtab;

typedef struct {
  sqlite3_vtab_cursor base;
  uintptr_t cursor; /* Go handle */
} bridge_cursor;

static int xConnect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                    sqlite3_vtab **ppVtab, char **pzErr) {
  (void)argc;
  (void)argv;
  int rc = sqlite3_declare_vtab(db, goDeclaration((uintptr_t)aux));
  if (rc != SQLITE_OK) {
    *pzErr = sqlite3_mprintf("actionsql: declare table: %s", sqlite3_errmsg(db));
    return rc;
  }
  bridge_vtab *vt = sqlite3_malloc(sizeof(*vt));
  if (vt == 0) return SQLITE_NOMEM;
  memset(vt, 0, sizeof(*vt));
  vt->aux = (uintptr_t)aux;
  *ppVtab = &vt->base;
  return SQLITE_OK;
}

static int xDisconnect(sqlite3_vtab *pVtab) {
  sqlite3_free(pVtab);
  return SQLITE_OK;
}

static int xBestIndex(sqlite3_vtab *pVtab, sqlite3_index_info *info) {
  return goBestIndex(((bridge_vtab *)pVtab)->aux, info);
}

static int xOpen(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCursor) {
  bridge_cursor *cur = sqlite3_malloc(sizeof(*cur));
  if (cur == 0) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  cur->cursor = goOpen(((bridge_vtab *)pVtab)->aux);
  *ppCursor = &cur->base;
  return SQLITE_OK;
}

static int xClose(sqlite3_vtab_cursor *pCur) {
  goClose(((bridge_cursor *)pCur)->cursor);
  sqlite3_free(pCur);
  return SQLITE_OK;
}

static int xFilter(sqlite3_vtab_cursor *pCur, int idxNum, const char *idxStr,
                   int argc, sqlite3_value **argv) {
  (void)idxNum;
  return goFilter(((bridge_cursor *)pCur)->cursor, pCur->pVtab, (char *)idxStr, argc, argv);
}

static int xNext(sqlite3_vtab_cursor *pCur) {
  return goNext(((bridge_cursor *)pCur)->cursor, pCur->pVtab);
}

static int xEof(sqlite3_vtab_cursor *pCur) {
  return goEOF(((bridge_cursor *)pCur)->cursor);
}

static int xColumn(sqlite3_vtab_cursor *pCur, sqlite3_context *ctx, int i) {
  return goColumn(((bridge_cursor *)pCur)->cursor, ctx, i);
}

static int xRowid(sqlite3_vtab_cursor *pCur, sqlite3_int64 *pRowid) {
  *pRowid = goRowid(((bridge_cursor *)pCur)->cursor);
  return SQLITE_OK;
}

/* xCreate is NULL: the tables are eponymous-only, usable by name (and as
 * table-valued functions) with no CREATE VIRTUAL TABLE. */
static sqlite3_module module = {
    .iVersion = 1,
    .xCreate = 0,
    .xConnect = xConnect,
    .xBestIndex = xBestIndex,
    .xDisconnect = xDisconnect,
    .xDestroy = xDisconnect,
    .xOpen = xOpen,
    .xClose = xClose,
    .xFilter = xFilter,
    .xNext = xNext,
    .xEof = xEof,
    .xColumn = xColumn,
    .xRowid = xRowid,
};

static void release_aux(void *aux) { goRelease((uintptr_t)aux); }

int bridge_create_module(sqlite3 *db, const char *name, uintptr_t aux) {
  return sqlite3_create_module_v2(db, name, &module, (void *)aux, release_aux);
}

static void config_function(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  goConfig(ctx, (uintptr_t)sqlite3_user_data(ctx), argc, argv);
}

static void release_conn(void *conn) { goReleaseConn((uintptr_t)conn); }

/* actionsql_config changes settings, so only SQL the user wrote may call
 * it: not a trigger or view of a database file someone else made. Its
 * destructor runs when the connection closes, and releases the connection's
 * Go state, which the two functions below share. */
int bridge_create_config_function(sqlite3 *db, uintptr_t conn) {
  int flags = SQLITE_UTF8;
  if (sqlite3_libversion_number() >= DIRECTONLY_VERSION) flags |= SQLITE_DIRECTONLY;
  return sqlite3_create_function_v2(db, "actionsql_config", -1, flags, (void *)conn,
                                    config_function, 0, 0, release_conn);
}

static void notes_function(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  goNotes(ctx, (uintptr_t)sqlite3_user_data(ctx));
}

static void connection_id_function(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  goConnectionID(ctx, (uintptr_t)sqlite3_user_data(ctx));
}

/* actionsql_notes() and actionsql_connection_id(): what the connection's
 * statements noted, and which of the session's connections this is. */
int bridge_create_conn_functions(sqlite3 *db, uintptr_t conn) {
  int rc = sqlite3_create_function_v2(db, "actionsql_notes", 0, SQLITE_UTF8, (void *)conn,
                                      notes_function, 0, 0, 0);
  if (rc != SQLITE_OK) return rc;
  return sqlite3_create_function_v2(db, "actionsql_connection_id", 0, SQLITE_UTF8, (void *)conn,
                                    connection_id_function, 0, 0, 0);
}

void bridge_result_error(sqlite3_context *ctx, const char *msg, int n) {
  sqlite3_result_error(ctx, n == 0 ? "" : msg, n);
}

/* The loadable extension's entry point: each connection it is loaded into
 * gets the tables, with settings from the session factory. */
int sqlite3_actionsql_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  if (pApi == 0) {
    *pzErrMsg = 0;
    return SQLITE_ERROR; /* a host built without extension support */
  }
  SQLITE_EXTENSION_INIT2(pApi);
  return goInit(db, pzErrMsg, 0);
}

/* The Go driver's entry point, installed with sqlite3_auto_extension, which
 * runs it in every connection any code of the process opens. It installs
 * the tables only in a connection the driver claimed: the one opened next
 * on this thread after bridge_claim (OpenClaimed), with the settings handed
 * there. Other connections (mattn/go-sqlite3's own driver, another
 * library's) are left as SQLite made them. */
static _Thread_local uintptr_t claimed_settings;

void bridge_claim(uintptr_t settings) { claimed_settings = settings; }

int bridge_driver_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  uintptr_t settings = claimed_settings;
  if (settings == 0) return SQLITE_OK;
  claimed_settings = 0; /* one claim, one connection */
  if (pApi == 0) {
    *pzErrMsg = 0;
    return SQLITE_ERROR;
  }
  SQLITE_EXTENSION_INIT2(pApi);
  return goInit(db, pzErrMsg, settings);
}

int bridge_vtab_in(sqlite3_index_info *info, int i, int handle) {
  if (sqlite3_libversion_number() < VTAB_IN_VERSION) return 0;
  return sqlite3_vtab_in(info, i, handle);
}

int bridge_vtab_in_first(sqlite3_value *list, sqlite3_value **out) {
  return sqlite3_vtab_in_first(list, out);
}

int bridge_vtab_in_next(sqlite3_value *list, sqlite3_value **out) {
  return sqlite3_vtab_in_next(list, out);
}

int bridge_can_check_interrupts(void) {
#ifdef HEADER_IS_INTERRUPTED
  return sqlite3_libversion_number() >= IS_INTERRUPTED_VERSION;
#else
  return 0;
#endif
}

int bridge_is_interrupted(sqlite3 *db) {
#ifdef HEADER_IS_INTERRUPTED
  if (sqlite3_libversion_number() >= IS_INTERRUPTED_VERSION) return HEADER_IS_INTERRUPTED(db);
#else
  (void)db;
#endif
  return 0;
}

int bridge_header_version(void) { return SQLITE_VERSION_NUMBER; }

sqlite3_value *bridge_argv(sqlite3_value **argv, int i) { return argv[i]; }
int bridge_value_type(sqlite3_value *v) { return sqlite3_value_type(v); }
sqlite3_int64 bridge_value_int64(sqlite3_value *v) { return sqlite3_value_int64(v); }
double bridge_value_double(sqlite3_value *v) { return sqlite3_value_double(v); }

const unsigned char *bridge_value_text(sqlite3_value *v, int *n) {
  const unsigned char *p = sqlite3_value_text(v);
  *n = sqlite3_value_bytes(v);
  return p;
}

const void *bridge_value_blob(sqlite3_value *v, int *n) {
  const void *p = sqlite3_value_blob(v);
  *n = sqlite3_value_bytes(v);
  return p;
}

void bridge_result_null(sqlite3_context *ctx) { sqlite3_result_null(ctx); }
void bridge_result_int64(sqlite3_context *ctx, sqlite3_int64 v) { sqlite3_result_int64(ctx, v); }
void bridge_result_double(sqlite3_context *ctx, double v) { sqlite3_result_double(ctx, v); }

/* An empty Go string may have no data pointer; SQLite would read a NULL
 * pointer as SQL NULL, so empty text gets a real one. */
void bridge_result_text(sqlite3_context *ctx, const char *p, int n) {
  sqlite3_result_text(ctx, n == 0 ? "" : p, n, SQLITE_TRANSIENT);
}

void bridge_result_blob(sqlite3_context *ctx, const void *p, int n) {
  if (n == 0) {
    sqlite3_result_zeroblob(ctx, 0);
    return;
  }
  sqlite3_result_blob(ctx, p, n, SQLITE_TRANSIENT);
}

void bridge_set_error(sqlite3_vtab *vtab, const char *msg, int n) {
  sqlite3_free(vtab->zErrMsg);
  vtab->zErrMsg = sqlite3_mprintf("%.*s", n, msg);
}

/* A copy of s that SQLite may free with sqlite3_free (an xBestIndex idxStr). */
char *bridge_mprintf(const char *s) { return sqlite3_mprintf("%s", s); }

void bridge_set_init_error(char **pzErrMsg, const char *msg, int n) {
  *pzErrMsg = sqlite3_mprintf("%.*s", n, msg);
}

/* The percentile aggregates (percentile.go): each group's state is a Go
 * handle kept in its aggregate context. SQLITE_INNOCUOUS arrived in 3.31.0. */
#define INNOCUOUS_VERSION 3031000

static void percentile_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  uintptr_t *slot = sqlite3_aggregate_context(ctx, sizeof(uintptr_t));
  if (slot == 0) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  int p_type = SQLITE_NULL;
  double p = 0;
  if (argc == 2) {
    p_type = sqlite3_value_numeric_type(argv[1]);
    p = sqlite3_value_double(argv[1]);
  }
  goPercentileStep(ctx, slot, (int)(intptr_t)sqlite3_user_data(ctx), sqlite3_value_type(argv[0]),
                   sqlite3_value_double(argv[0]), p_type, p);
}

static void percentile_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  uintptr_t *slot = sqlite3_aggregate_context(ctx, sizeof(uintptr_t));
  if (slot == 0) return;
  goPercentileInverse(slot, sqlite3_value_type(argv[0]), sqlite3_value_double(argv[0]));
}

static void percentile_value(sqlite3_context *ctx) {
  goPercentileValue(ctx, sqlite3_aggregate_context(ctx, 0), (int)(intptr_t)sqlite3_user_data(ctx), 0);
}

static void percentile_final(sqlite3_context *ctx) {
  goPercentileValue(ctx, sqlite3_aggregate_context(ctx, 0), (int)(intptr_t)sqlite3_user_data(ctx), 1);
}

int bridge_create_percentile_function(sqlite3 *db, const char *name, int nargs, int fn) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  if (sqlite3_libversion_number() >= INNOCUOUS_VERSION) flags |= SQLITE_INNOCUOUS;
  if (sqlite3_libversion_number() < WINDOW_FUNCTION_VERSION) /* aggregates only */
    return sqlite3_create_function_v2(db, name, nargs, flags, (void *)(intptr_t)fn, 0, percentile_step,
                                      percentile_final, 0);
  return sqlite3_create_window_function(db, name, nargs, flags, (void *)(intptr_t)fn, percentile_step,
                                        percentile_final, percentile_value, percentile_inverse, 0);
}

/* The regular-expression functions (regexp.go). C reads the arguments and
 * keeps what Go compiled as each argument's auxiliary data, which SQLite
 * hands back on the statement's next rows while the argument is the same
 * constant, and frees (release_aux) when it changes or the statement ends:
 * a pattern is compiled once per statement, and nothing outlives it. */
static const char *value_text(sqlite3_value *v, int *n) {
  const char *p = (const char *)sqlite3_value_text(v);
  *n = sqlite3_value_bytes(v);
  return p;
}

static void regexp_function(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int fn = (int)(intptr_t)sqlite3_user_data(ctx);
  /* x REGEXP p is regexp(p, x); the others take the source first. */
  int pattern_arg = fn == BRIDGE_REGEXP_OPERATOR ? 0 : 1;
  int source_arg = 1 - pattern_arg;
  for (int i = 0; i < argc; i++)
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) return; /* NULL in, NULL out */

  bridge_regexp_call call;
  memset(&call, 0, sizeof(call));
  call.group_type = SQLITE_INTEGER;
  call.source = value_text(argv[source_arg], &call.source_len);
  call.pattern = value_text(argv[pattern_arg], &call.pattern_len);
  if (fn == BRIDGE_REGEXP_CAPTURE && argc == 3) {
    call.group_type = sqlite3_value_type(argv[2]);
    call.group = sqlite3_value_int64(argv[2]);
    if (call.group_type != SQLITE_INTEGER) call.group_text = value_text(argv[2], &call.group_text_len);
  }
  if (fn == BRIDGE_REGEXP_REPLACE) {
    call.replacement = value_text(argv[2], &call.replacement_len);
    call.replacer = (uintptr_t)sqlite3_get_auxdata(ctx, 2);
  }
  if (call.source == 0 || call.pattern == 0 || (fn == BRIDGE_REGEXP_REPLACE && call.replacement == 0) ||
      (call.group_type != SQLITE_INTEGER && call.group_text == 0)) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  call.re = (uintptr_t)sqlite3_get_auxdata(ctx, pattern_arg);
  goRegexp(ctx, fn, &call);
  /* Last: SQLite may free auxiliary data before set_auxdata returns. */
  if (call.new_re) sqlite3_set_auxdata(ctx, pattern_arg, (void *)call.new_re, release_aux);
  if (call.new_replacer) sqlite3_set_auxdata(ctx, 2, (void *)call.new_replacer, release_aux);
}

int bridge_create_regexp_function(sqlite3 *db, const char *name, int nargs, int fn) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  if (sqlite3_libversion_number() >= INNOCUOUS_VERSION) flags |= SQLITE_INNOCUOUS;
  return sqlite3_create_function_v2(db, name, nargs, flags, (void *)(intptr_t)fn, regexp_function, 0, 0, 0);
}
