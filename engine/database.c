/*
 * database.c — opening a user's database the way every command must: never
 * creating it, with the busy wait, and confined by an authorizer so that kam
 * can write its own kam_* tables and nothing else; plus the hints people
 * need after an SQLite error; and loading a rule pack's reference schema
 * (schema.sql) into a private in-memory database.  It knows nothing of rules.
 */
#include "database.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The authorizer of every connection kam opens on a user's database: it
 * may read anything, but write only its own kam_* tables and indexes — not
 * through a trigger, not by ATTACH, not by a schema change elsewhere. */
static bool is_kam_name(const char *name) { return name && strncmp(name, "kam_", 4) == 0; }

static int only_kam_writes(void *user, int action, const char *a, const char *b, const char *db,
                           const char *trigger) {
  (void)user;
  (void)db;
  (void)trigger;
  switch (action) {
  case SQLITE_INSERT: case SQLITE_UPDATE: case SQLITE_DELETE:
    return is_kam_name(a) || strcmp(a, "sqlite_master") == 0 || strcmp(a, "sqlite_temp_master") == 0
               ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_TABLE: case SQLITE_DROP_TABLE:
  case SQLITE_DROP_TEMP_TABLE:
    return is_kam_name(a) ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TEMP_INDEX: case SQLITE_DROP_INDEX:
  case SQLITE_DROP_TEMP_INDEX:
    return is_kam_name(a) && is_kam_name(b) ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_TEMP_TRIGGER: case SQLITE_CREATE_VIEW:
  case SQLITE_CREATE_TEMP_VIEW: case SQLITE_DROP_TRIGGER: case SQLITE_DROP_TEMP_TRIGGER:
  case SQLITE_ALTER_TABLE:   /* a: the schema, b: the table (upgrading kam_alerts, episodes.c) */
    return is_kam_name(b) ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_DROP_VIEW: case SQLITE_DROP_TEMP_VIEW: case SQLITE_ATTACH:
  case SQLITE_DETACH: case SQLITE_CREATE_VTABLE: case SQLITE_DROP_VTABLE:
    return SQLITE_DENY;
  default:
    return SQLITE_OK;   /* reads, transactions, pragmas, functions */
  }
}

void db_confine(sqlite3 *db) { sqlite3_set_authorizer(db, only_kam_writes, NULL); }

const char *db_error_hint(sqlite3 *db) { return db_error_hint_for(db ? sqlite3_errcode(db) : SQLITE_OK); }

const char *db_error_hint_for(int code) {
  switch (code & 0xff) {
  case SQLITE_BUSY: case SQLITE_LOCKED:
    return " (another process holds a lock on the database; try again later or raise --busy-timeout)";
  case SQLITE_READONLY:
    return " (the database or its directory is read-only; write the results elsewhere with --out)";
  case SQLITE_FULL: return " (the disk or the database's page limit is full; nothing of this run was stored)";
  case SQLITE_CORRUPT: case SQLITE_NOTADB: return " (restore it from a backup)";
  default: return "";
  }
}

int db_open_read_only(const char *path, int busy_ms, sqlite3 **db) {
  int rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_busy_timeout(*db, busy_ms > 0 ? busy_ms : 5000);
  db_confine(*db);
  return SQLITE_OK;
}

/* Opens an existing database (never creates one) and reads its schema, so
 * that a file that is not a database, or is locked, fails here and not at
 * the first query.  On failure `message` says why, naming the file. */
int db_open_existing(const char *path, bool writable, int busy_ms, sqlite3 **db, char *message, size_t size) {
  *db = NULL;
  struct stat st;
  if (stat(path, &st) != 0) {
    snprintf(message, size, "database %s: %s", path, strerror(errno));
    return KAM_ERR_DB;
  }
  /* One connection is used by one thread at a time: no mutexes needed. */
  int flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path, db, flags, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(*db, busy_ms > 0 ? busy_ms : 5000);
    db_confine(*db);
    rc = sqlite3_exec(*db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  }
  if (rc != SQLITE_OK) {
    snprintf(message, size, "database %s: %s%s", path, *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc),
             db_error_hint(*db));
    sqlite3_close(*db);
    *db = NULL;
    return KAM_ERR_DB;
  }
  return KAM_OK;
}

int open_existing_db(source_set *src, const char *path, bool writable, int busy_ms, sqlite3 **db) {
  char message[1200];
  int status = db_open_existing(path, writable, busy_ms, db, message, sizeof message);
  if (status != KAM_OK) diag_plain(src, KAM_DIAG_ERROR, "%s", message);
  return status;
}

/* --- a reference schema ------------------------------------------------------ */

/* schema.sql comes with a rule pack, perhaps from someone else: loading it
 * may define tables, views, indexes and triggers, nothing more.  It cannot
 * reach a file (no ATTACH, so no VACUUM INTO either), fill a table, or run
 * a pragma (pragmas are skipped, so a `.dump`'s PRAGMA foreign_keys=OFF is
 * harmless). */
static int only_definitions(void *user, int action, const char *a, const char *b, const char *db,
                            const char *trigger) {
  (void)user;
  (void)b;
  (void)db;
  (void)trigger;
  switch (action) {
  case SQLITE_INSERT: case SQLITE_UPDATE: case SQLITE_DELETE:   /* the schema's own bookkeeping */
    return strcmp(a, "sqlite_master") == 0 || strcmp(a, "sqlite_temp_master") == 0 ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_PRAGMA: return SQLITE_IGNORE;
  case SQLITE_ATTACH: case SQLITE_DETACH: case SQLITE_CREATE_VTABLE: case SQLITE_DROP_VTABLE:
    return SQLITE_DENY;
  default: return SQLITE_OK;   /* CREATE/DROP/ALTER, reads, transactions, functions */
  }
}

/* Called every 1000 virtual-machine steps: a schema of CREATE statements
 * needs a few thousand, so ten million means something loops. */
static int too_long(void *steps) { return ++*(long *)steps > 10000; }

static char *read_small_file(const char *path, size_t limit, const char **why) {
  FILE *f = fopen(path, "rb");
  if (!f) { *why = strerror(errno); return NULL; }
  strbuf b;
  sb_init(&b);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= limit) sb_append(&b, chunk, n);
  bool failed = ferror(f);
  fclose(f);
  *why = failed ? "cannot be read" : b.len > limit ? "is larger than 4 MiB; a schema is much smaller" : NULL;
  if (!*why) sb_putc(&b, 0);   /* an empty file is an empty schema, not NULL */
  if (*why) sb_free(&b);
  return *why ? NULL : b.data;
}

static int line_of(const char *text, const char *at) {
  int line = 1;
  for (const char *p = text; p < at; p++) line += *p == '\n';
  return line;
}

/* Runs sql one statement at a time, so that an error names its line. */
static int exec_statements(source_set *src, const char *path, sqlite3 *db, const char *sql) {
  const char *next = sql;
  while (*next) {
    while (*next == ' ' || *next == '\t' || *next == '\n' || *next == '\r') next++;
    const char *start = next;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, start, -1, &st, &next);
    while (rc == SQLITE_OK && st && (rc = sqlite3_step(st)) == SQLITE_ROW) {}
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) continue;
    const char *why = rc == SQLITE_AUTH ? "only CREATE statements (tables, views, indexes) belong in a "
                                          "reference schema"
                      : rc == SQLITE_INTERRUPT ? "takes too long to load (a reference schema only "
                                                 "creates tables)"
                                               : sqlite3_errmsg(db);
    diag_plain(src, KAM_DIAG_ERROR, "reference schema %s:%d: %s", path, line_of(sql, start), why);
    return KAM_ERR_RULES;
  }
  return KAM_OK;
}

static int exec_schema(source_set *src, const char *path, sqlite3 *db, const char *sql) {
  long steps = 0;
  sqlite3_progress_handler(db, 1000, too_long, &steps);
  int status = exec_statements(src, path, db, sql);
  sqlite3_progress_handler(db, 0, NULL, NULL);
  return status;
}

int open_reference_schema(source_set *src, const char *path, sqlite3 **db) {
  *db = NULL;
  const char *why = NULL;
  char *sql = read_small_file(path, 4u << 20, &why);
  if (!sql) {
    diag_plain(src, KAM_DIAG_ERROR, "reference schema %s: %s", path, why);
    return KAM_ERR_RULES;
  }
  int status = KAM_ERR_RULES;
  if (sqlite3_open_v2(":memory:", db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    diag_plain(src, KAM_DIAG_ERROR, "reference schema %s: %s", path, sqlite3_errmsg(*db));
  } else {
    sqlite3_db_config(*db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_set_authorizer(*db, only_definitions, NULL);
    status = exec_schema(src, path, *db, sql);
    db_confine(*db);   /* from here on, the same rules as a user's database */
  }
  free(sql);
  if (status != KAM_OK) {
    sqlite3_close(*db);
    *db = NULL;
  }
  return status;
}

bool db_has(sqlite3 *db, const char *table, const char *column) {
  return sqlite3_table_column_metadata(db, "main", table, column, NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
}
