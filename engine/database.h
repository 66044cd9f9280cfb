/*
 * database.h — opening users' databases safely (database.c).
 */
#ifndef KAM_DATABASE_H
#define KAM_DATABASE_H

#include "source.h"

#include <sqlite3.h>
#include <stdbool.h>

/* Opens an existing database (never creates one), with the busy wait and
 * the confinement below, and reads its schema; on failure (KAM_ERR_DB)
 * `message` says why. */
int db_open_existing(const char *path, bool writable, int busy_ms, sqlite3 **db, char *message, size_t size);
/* The same, reporting the failure as a diagnostic of src. */
int open_existing_db(source_set *src, const char *path, bool writable, int busy_ms, sqlite3 **db);
/* A worker thread's own connection: read-only, confined, with the busy wait. */
int db_open_read_only(const char *path, int busy_ms, sqlite3 **db);
/* Whether the main database has the table (column NULL) or the table's
 * column: how kam tells which results tables an older database lacks. */
bool db_has(sqlite3 *db, const char *table, const char *column);
/* Lets the connection write kam_* tables and nothing else. */
void db_confine(sqlite3 *db);
/* A hint for people after an SQLite error message ("" when none helps). */
const char *db_error_hint(sqlite3 *db);
const char *db_error_hint_for(int sqlite_code);
/* A rule pack's reference schema (schema.sql): its statements run in a new
 * in-memory database, which *db receives.  Only definitions are allowed; a
 * file that cannot be read or loaded is an error naming its path and line
 * (KAM_ERR_RULES: the file belongs to the rules). */
int open_reference_schema(source_set *src, const char *path, sqlite3 **db);

#endif
