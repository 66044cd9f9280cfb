/*
 * run.h — what the run driver (run.c) hands to the two ways of evaluating
 * every subject: serially (run.c) or split across threads (parallel.c).
 */
#ifndef KAM_RUN_H
#define KAM_RUN_H

#include "emit.h"
#include "session.h"

typedef struct run_context {
  const program *prog;
  const kam_run_options *opt;
  sqlite3 *db, *out;          /* out == db when results go into the source; out may be NULL */
  results *res;               /* NULL for a dry run */
  sqlite3_int64 previous_run; /* 0: previous() reads nothing */
  enum episode_mode episode_mode; /* alerts over time: from results_episode_mode */
  int64_t as_of;
  arena *mem;
  kam_run_summary *summary;
  bool lines;                 /* a JSON or CSV line per subject */
  const struct group_table *groups;   /* group by: the group pass, shared by every thread */
} run_context;

/* The key ranges a parallel run splits the subjects into. */
typedef struct chunk_plan {
  value *lo, *hi;             /* chunk i reads keys in [lo[i], hi[i]) */
  int count;                  /* 0: too few subjects to be worth threads */
  long keys, null_keys;       /* entity rows with a key, and with a null key (warned, skipped) */
} chunk_plan;

/* The threads to use for --jobs N (0: one per core, at most 64): one, with
 * a warning when N > 1 was asked for, if SQLite is built without threads. */
int parallel_jobs(source_set *src, int asked);
/* Each returns an SQLite code; rows and lines go through batches. */
int run_serial(run_context *ctx);
int parallel_chunks(run_context *ctx, int jobs, chunk_plan *plan);
int run_parallel(run_context *ctx, int jobs, const chunk_plan *plan);

/* Writes a batch: rows into the results (if any), lines to the host. */
int run_write(run_context *ctx, const batch *b);
/* Appends a data warning to batch b for subject key. */
void run_warning(batch *b, kam_run_summary *summary, const program *p, value key,
                 const char *rule, const char *message);

#endif
