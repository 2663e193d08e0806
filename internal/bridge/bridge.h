/*
 * The C side of the actionsql bridge: SQLite's virtual-table callbacks,
 * forwarded to Go. Every SQLite call goes through the API routines pointer
 * the host hands the extension entry point, so one object file serves the
 * CLI's SQLite, the stock sqlite3 shell and any other host.
 */
#ifndef ACTIONSQL_BRIDGE_H
#define ACTIONSQL_BRIDGE_H

/* Name the routines pointer our own way so no other extension in the same
 * process can clash with it. */
#define sqlite3_api actionsql_sqlite3_api
#include <sqlite3ext.h>
#include <stdint.h>

extern const sqlite3_api_routines *actionsql_sqlite3_api;

int sqlite3_actionsql_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);
int bridge_driver_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

/* Called by Go. */
void bridge_claim(uintptr_t settings);
int bridge_create_module(sqlite3 *db, const char *name, uintptr_t aux);
int bridge_vtab_in(sqlite3_index_info *info, int i, int handle);
int bridge_vtab_in_first(sqlite3_value *list, sqlite3_value **out);
int bridge_vtab_in_next(sqlite3_value *list, sqlite3_value **out);
int bridge_value_type(sqlite3_value *v);
sqlite3_int64 bridge_value_int64(sqlite3_value *v);
double bridge_value_double(sqlite3_value *v);
const unsigned char *bridge_value_text(sqlite3_value *v, int *n);
const void *bridge_value_blob(sqlite3_value *v, int *n);
void bridge_result_null(sqlite3_context *ctx);
void bridge_result_int64(sqlite3_context *ctx, sqlite3_int64 v);
void bridge_result_double(sqlite3_context *ctx, double v);
void bridge_result_text(sqlite3_context *ctx, const char *p, int n);
void bridge_result_blob(sqlite3_context *ctx, const void *p, int n);
void bridge_set_error(sqlite3_vtab *vtab, const char *msg, int n);
char *bridge_mprintf(const char *s);
void bridge_set_init_error(char **pzErrMsg, const char *msg, int n);
sqlite3_value *bridge_argv(sqlite3_value **argv, int i);
int bridge_can_check_interrupts(void);
int bridge_is_interrupted(sqlite3 *db);
int bridge_header_version(void);
int bridge_create_config_function(sqlite3 *db, uintptr_t conn);
int bridge_create_conn_functions(sqlite3 *db, uintptr_t conn);
void bridge_result_error(sqlite3_context *ctx, const char *msg, int n);
int bridge_create_percentile_function(sqlite3 *db, const char *name, int nargs, int fn);

/* The regular-expression functions (regexp.go), numbered as registered. */
#define BRIDGE_REGEXP_LIKE 0
#define BRIDGE_REGEXP_OPERATOR 1
#define BRIDGE_REGEXP_SUBSTR 2
#define BRIDGE_REGEXP_CAPTURE 3
#define BRIDGE_REGEXP_REPLACE 4

/* One call of a regexp function, as C hands it to Go: the arguments' text
 * (none NULL), and the compiled pattern and parsed replacement kept from an
 * earlier row, as Go handles (0: none). Go hands back in new_re and
 * new_replacer those it made, for C to keep. */
typedef struct {
  const char *source, *pattern, *replacement, *group_text;
  int source_len, pattern_len, replacement_len, group_text_len;
  int group_type; /* regexp_capture's n: its type, SQLITE_INTEGER when absent */
  sqlite3_int64 group;
  uintptr_t re, replacer;
  uintptr_t new_re, new_replacer;
} bridge_regexp_call;

int bridge_create_regexp_function(sqlite3 *db, const char *name, int nargs, int fn);

#endif
