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

sqlite3_int64 results_previous_run(sqlite3 *db);
int results_begin(results *r, sqlite3 *db, const char *as_of, const char *sha, const char *files,
                  bool staged);
/* Records each tiering's tiers in declared order (kam_tier_order). */
int results_tier_order(results *r, const program *p);
int results_commit(results *r, long accounts, long alerts, long warnings);
void results_abort(results *r);
void bind_value(sqlite3_stmt *st, int i, value v, const program *p);
/* Steps an insert and resets it for the next row, keeping a failure's message. */
int results_step(results *r, sqlite3_stmt *st);

#endif
