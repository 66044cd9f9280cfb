/*
 * database.c — opening a user's database the way every command must: never
 * creating it, with the busy wait, and confined by an authorizer so that kam
 * can write its own kam_* tables and nothing else; plus the hints people
 * need after an SQLite error.  It knows nothing of rules.
 */
#include "database.h"

#include <errno.h>
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

/* Opens an existing database for reading; never creates one. */
int open_existing_db(source_set *src, const char *path, bool writable, int busy_ms, sqlite3 **db) {
  *db = NULL;
  struct stat st;
  if (stat(path, &st) != 0) {
    diag_plain(src, KAM_DIAG_ERROR, "database %s: %s", path, strerror(errno));
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
    diag_plain(src, KAM_DIAG_ERROR, "database %s: %s%s", path,
               *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc), db_error_hint(*db));
    sqlite3_close(*db);
    *db = NULL;
    return KAM_ERR_DB;
  }
  return KAM_OK;
}
