/*
 * results.h — writing a run into the kam_* tables (see results.c).
 */
#ifndef KAM_RESULTS_H
#define KAM_RESULTS_H

#include "eval.h"
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
  /* Alerts over time: the run's episode mode (results_episode_mode), the
   * ids handed to episodes this run opens, and how many it closed. */
  enum episode_mode episodes;
  sqlite3_int64 first_episode, next_episode;
  long episodes_closed;
  char as_of[11];
} results;

/* The latest earlier successful run by as-of date (contract §4): greatest
 * as_of before as_of (YYYY-MM-DD), highest run_id of that date; *run = 0
 * when there is none.  Returns an SQLite code.  A run calls it inside its
 * write transaction, so concurrent runs cannot build on the same one. */
int results_previous_run(sqlite3 *db, const char *as_of, sqlite3_int64 *run);
/* How a run dated as_of treats episodes: EPISODES_BACKFILL when a stored
 * successful run has a later as-of date, else EPISODES_LIVE.  Called, like
 * results_previous_run, inside the run's write transaction. */
int results_episode_mode(sqlite3 *db, const char *as_of, enum episode_mode *mode);
/* For explain and diff: the database previous() reads — db when out_path is
 * NULL, NULL (no runs) when out_path does not exist (as for run --dry-run),
 * else out_path opened read-only.  Returns a KAM_* status. */
/* The run `more` as-of dates before from_run's (the highest run id of that
 * date; 0 when there is none): previous(X, N) reads N - 1 dates before the
 * previous run. */
int results_run_back(sqlite3 *db, sqlite3_int64 from_run, int more, sqlite3_int64 *run);
int results_open_for_reading(source_set *src, const char *out_path, sqlite3 *db, sqlite3 **runs_db);
/* The CREATE statements of every kam_* table (kam test builds them in memory). */
const char *results_schema_sql(void);
/* Upgrades a results database written by an earlier kam in place: adds
 * kam_alerts.state and episode_id.  Run inside a transaction. */
int results_upgrade(sqlite3 *db);
/* Now, in UTC, as the results tables store times: 2026-11-30T20:34:54Z. */
void results_utc_now(char out[32]);
/* Reads the first free episode id into r->first_episode and next_episode. */
int results_next_episode(results *r);
int results_begin(results *r, sqlite3 *db, const char *as_of, const char *sha, const char *files,
                  bool staged);
/* Records what the report needs of the rule set: each tiering's tiers in
 * declared order (kam_tier_order), each scorecard's stages in the order of
 * its weights (kam_stage_order) and the entity's table, key and label
 * columns (kam_entity). */
int results_declarations(results *r, const program *p);
/* Episode upkeep, just before the commit: closes the open episodes this
 * run did not see, continues the others, and stores the ones it opened. */
int results_apply_episodes(results *r);
int results_commit(results *r, long accounts, long alerts, long warnings);
void results_abort(results *r);
void bind_value(sqlite3_stmt *st, int i, value v, const program *p);
/* Steps an insert and resets it for the next row, keeping a failure's message. */
int results_step(results *r, sqlite3_stmt *st);

/* An SQL expression giving the label of the subject whose key is
 * account_expr (e.g. "e.account"), read from the entity's own table when the
 * runs recorded it (kam_entity) and it is in this database; else "NULL".
 * Names are the schema's, quoted.  malloc'd. */
char *results_label_sql(sqlite3 *db, const char *account_expr);

#endif
