/*
 * session.h — streaming subjects out of a database: the entity scan and
 * its relations merge-joined by key, each subject loaded into an
 * evaluator.  kam run, kam test and the review tools all evaluate through
 * a session, so they see the data the same way.
 */
#ifndef KAM_SESSION_H
#define KAM_SESSION_H

#include "eval.h"
#include "plan.h"

typedef struct session {
  const program *prog;
  sqlite3 *db;
  plan pl;
  evaluator ev;
  value last_key;         /* to skip repeated keys */
  char *last_key_text;
  bool open;
  /* group by: the group pass, made before the first subject unless the
   * caller shares one (ev.groups set after session_open) */
  sqlite3 *results;
  sqlite3_int64 previous_run;
  struct group_table *own_groups;
} session;

/* Prepares the scans.  results may be NULL (no previous run); previous_run
 * is the run previous() reads (0: none).  warn receives data warnings. */
int session_open(session *s, const program *p, sqlite3 *db, sqlite3 *results,
                 sqlite3_int64 previous_run, arena *mem, int64_t as_of,
                 warning_sink warn, void *warn_user, enum key_scope scope);
/* Alerts over time: with EPISODES_LIVE, each subject gets its open
 * episodes from `results` (none when it has no episode tables yet). */
int session_track_episodes(session *s, sqlite3 *results, enum episode_mode mode);
/* A session over the subjects whose keys are in `listed` ("temp"."name", a
 * table with one column k), warning nothing: the group pass. */
int session_open_listed(session *s, const program *p, sqlite3 *db, sqlite3 *results,
                        sqlite3_int64 previous_run, arena *mem, int64_t as_of, const char *listed);
/* With KEYS_ONE or KEYS_RANGE: the keys to read next ([lo, hi), or lo alone). */
void session_set_keys(session *s, const value *lo, const value *hi);
/* Loads the next subject; *loaded is false at the end.  Rows with a null
 * or repeated key are skipped with a warning.  Returns an SQLite code. */
int session_next(session *s, bool *loaded);
/* The group pass for s's program on s's data (see groups.c), when it has
 * group aggregates and no shared table was given.  record_for: a group whose
 * members explain lists, or NULL. */
int session_groups(session *s, const value *record_for);
long session_count(session *s);
/* The warning for an entity row skipped for its key (null or repeated). */
void skipped_row_message(char *out, size_t size, const char *table, const char *why, const char *key);
void session_close(session *s);

#endif
