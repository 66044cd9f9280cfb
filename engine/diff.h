/*
 * diff.h — what kam diff collects while walking both rule sets (diff.c)
 * and renders as text, markdown or JSON (diff_report.c).
 */
#ifndef KAM_DIFF_H
#define KAM_DIFF_H

#include "ruleset.h"
#include "session.h"

enum { DIFF_EXAMPLES = 200 };   /* accounts listed per change; all are counted */

/* Accounts that moved the same way for the same reason, listed once. */
typedef struct move_group {
  const char *what;     /* "C -> B (tier B: deal_size >= 500万 (false) -> ... (true))" */
  long count;
  ptr_vec keys;         /* char*: the first DIFF_KEYS accounts */
} move_group;

enum { DIFF_KEYS = 12, DIFF_GROUPS = 100 };

typedef struct tiering_diff {
  decl *old, *new_;
  long *matrix;         /* [(old tier + 1) * (new tiers + 1) + new tier + 1]; 0 = none */
  ptr_vec groups;       /* move_group*, at most DIFF_GROUPS; later kinds count as other */
  long moved_count, other_moves;
} tiering_diff;

typedef struct score_diff {
  decl *old, *new_;
  double *deltas;       /* new - old where both have a score and it is not 0 */
  long delta_count, delta_cap;
  long unmoved;         /* accounts scored on both sides with no change */
  ptr_vec big_moves, grade_changes;
  long big_move_count, grade_change_count, null_changes;
} score_diff;

typedef struct alert_diff {
  decl *old, *new_;     /* either may be NULL: added or removed */
  ptr_vec starts, stops;
  long start_count, stop_count;
} alert_diff;

typedef struct output_diff {
  decl *old, *new_;
  ptr_vec changes;
  long change_count;
} output_diff;

typedef struct differ {
  const program *old_prog, *new_prog;
  const source_set *old_src, *new_src;
  const char *old_name, *new_name;
  session *old_s, *new_s;   /* the accounts being compared, one session per side */
  arena mem;
  ptr_vec tierings, scorecards, alerts, outputs;   /* *_diff */
  ptr_vec added, removed;                          /* char*: "alert x" */
  long accounts, warnings;
  const char *key;      /* the current account's key as text, once asked for */
  const char *db_path;  /* for the threads' own connections */
  const char *out_path; /* the results database previous() reads, when not db_path */
  sqlite3_int64 previous_run;   /* the run previous() reads; 0: none */
  int busy_ms;
} differ;

/* Compares every account; with jobs > 1 the key range is split across threads.
 * previous() reads df->previous_run from runs_db (NULL: no runs). */
int diff_run(differ *df, sqlite3 *db, sqlite3 *runs_db, int64_t as_of, int jobs);
/* diff.c's pieces, shared with diff_jobs.c. */
void diff_pair(differ *df);
int diff_walk(differ *df);
void diff_warning(void *user, const char *rule, const char *message);
/* diff_jobs.c: SQLITE_DONE when there are too few accounts for threads. */
int diff_run_parallel(differ *df, sqlite3 *db, sqlite3 *runs_db, int64_t as_of, int jobs);
void diff_free(differ *df);
/* format: "text", "markdown" or "json" */
void diff_render(differ *df, const char *format, const char *as_of, strbuf *out);

#endif
