/*
 * ruleset.h — the inside of a kam_ruleset, shared by ruleset.c (loading,
 * checking) and run.c (running).  Hosts see only include/kam.h.
 */
#ifndef KAM_RULESET_H
#define KAM_RULESET_H

#include "check.h"
#include "parse.h"

#include <sqlite3.h>

struct kam_ruleset {
  arena source_mem;      /* file texts and diagnostics: live as long as the set */
  arena tree_mem;        /* syntax tree and checked program: renewed by each check */
  source_set src;
  parsed_file *files;
  program prog;
  bool checked;
  int io_diags, io_errors;   /* diagnostics from loading files, kept across checks */
};

/* Parses and checks against db's schema (db may be NULL). */
int ruleset_check_with(kam_ruleset *rs, sqlite3 *db);
int open_existing_db(source_set *src, const char *path, bool writable, int busy_ms, sqlite3 **db);
void warn_unindexed_relations(kam_ruleset *rs, sqlite3 *db);
/* A hint for people after an SQLite error message ("" when none helps). */
const char *db_error_hint(sqlite3 *db);
const char *db_error_hint_for(int sqlite_code);
/* Lets the connection write kam_* tables and nothing else. */
void db_confine(sqlite3 *db);
/* A worker thread's own connection: read-only, confined, with the busy wait. */
int db_open_read_only(const char *path, int busy_ms, sqlite3 **db);
/* Reads --as-of (NULL: today); false when it is not a real date. */
bool as_of_resolve(const char *text, int64_t *days, char out[11]);
/* The same, reporting a bad date as a diagnostic. */
bool as_of_or_error(source_set *src, const char *text, int64_t *days, char out[11]);

#endif
