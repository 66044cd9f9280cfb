/*
 * results.h — writing a run into the kam_* tables (see results.c).
 */
#ifndef KAM_RESULTS_H
#define KAM_RESULTS_H

#include "program.h"
#include "value.h"

#include <sqlite3.h>

typedef struct results {
  sqlite3 *db;
  sqlite3_int64 run_id;
  sqlite3_stmt *tier, *score, *metric, *alert, *output, *warning;
  bool open;           /* a transaction is open */
  bool staged;         /* rows go to temp.kam_* until the commit */
  char error[256];     /* the first failed insert's message */
  int error_code;
} results;

/* The latest earlier successful run by as-of date (contract §4): greatest
 * as_of before as_of (YYYY-MM-DD), highest run_id of that date; *run = 0
 * when there is none.  Returns an SQLite code.  A run calls it inside its
 * write transaction, so concurrent runs cannot build on the same one. */
int results_previous_run(sqlite3 *db, const char *as_of, sqlite3_int64 *run);
/* For explain and diff: the database previous() reads — db when out_path is
 * NULL, NULL (no runs) when out_path does not exist (as for run --dry-run),
 * else out_path opened read-only.  Returns a KAM_* status. */
int results_open_for_reading(source_set *src, const char *out_path, sqlite3 *db, sqlite3 **runs_db);
int results_begin(results *r, sqlite3 *db, const char *as_of, const char *sha, const char *files,
                  bool staged);
/* Records what the report needs of the rule set: each tiering's tiers in
 * declared order (kam_tier_order), each scorecard's stages in the order of
 * its weights (kam_stage_order) and the entity's table, key and label
 * columns (kam_entity). */
int results_declarations(results *r, const program *p);
int results_commit(results *r, long accounts, long alerts, long warnings);
void results_abort(results *r);
void bind_value(sqlite3_stmt *st, int i, value v, const program *p);
/* Steps an insert and resets it for the next row, keeping a failure's message. */
int results_step(results *r, sqlite3_stmt *st);

#endif
