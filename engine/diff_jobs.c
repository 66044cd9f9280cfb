/*
 * diff_jobs.c — kam diff on several threads.
 *
 * The key range is cut into the same chunks as kam run --jobs, and worked
 * by the same ordered pool (pool.c).  Each thread keeps its own connection
 * and two sessions (old and new rule set) and compares one chunk at a time
 * into a differ of its own; the calling thread merges the chunks' differs
 * in key order, so counts, lists and examples are exactly those of one
 * thread.
 */
#include "diff.h"
#include "groups.h"
#include "pool.h"
#include "run.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct diff_pool {
  differ *whole;
  const chunk_plan *chunks;
  int64_t as_of;
  group_table *old_groups, *new_groups;   /* built once, before the split: every worker reads them */
} diff_pool;

typedef struct diff_worker {
  differ *whole;
  sqlite3 *db, *results;      /* results: the --out database, or db */
  session old_s, new_s;
  arena mem;                  /* the sessions' SQL text */
} diff_worker;

static int worker_open(void *user, int index, void **state) {
  (void)index;
  diff_pool *dp = user;
  differ *df = dp->whole;
  diff_worker *w = calloc(1, sizeof *w);
  if (!w) abort();
  *state = w;
  w->whole = df;
  arena_init(&w->mem);
  int rc = db_open_read_only(df->db_path, df->busy_ms, &w->db);
  w->results = w->db;
  if (rc == SQLITE_OK && df->out_path && df->previous_run > 0)
    rc = db_open_read_only(df->out_path, df->busy_ms, &w->results);
  if (rc != SQLITE_OK) return rc;
  rc = session_open(&w->old_s, df->old_prog, w->db, w->results, df->previous_run, &w->mem, dp->as_of,
                    diff_warning, NULL, KEYS_RANGE);
  if (rc == SQLITE_OK)
    rc = session_open(&w->new_s, df->new_prog, w->db, w->results, df->previous_run, &w->mem, dp->as_of,
                      diff_warning, NULL, KEYS_RANGE);
  w->old_s.ev.groups = dp->old_groups;
  w->new_s.ev.groups = dp->new_groups;
  return rc;
}

static void worker_close(void *user, void *state) {
  (void)user;
  diff_worker *w = state;
  if (!w) return;
  session_close(&w->old_s);
  session_close(&w->new_s);
  if (w->results != w->db) sqlite3_close(w->results);
  sqlite3_close(w->db);
  arena_free(&w->mem);
  free(w);
}

/* Compares one chunk into `result`, a differ of its own. */
static int compare_chunk(void *user, void *state, int chunk, void *result) {
  diff_pool *dp = user;
  diff_worker *w = state;
  differ *part = result;
  diff_free(part);
  memset(part, 0, sizeof *part);
  part->old_prog = w->whole->old_prog;
  part->new_prog = w->whole->new_prog;
  part->old_src = w->whole->old_src;
  part->new_src = w->whole->new_src;
  part->old_s = &w->old_s;
  part->new_s = &w->new_s;
  arena_init(&part->mem);
  diff_pair(part);
  w->old_s.ev.warn_user = w->new_s.ev.warn_user = part;   /* warnings count in this chunk */
  session_set_keys(&w->old_s, &dp->chunks->lo[chunk], &dp->chunks->hi[chunk]);
  session_set_keys(&w->new_s, &dp->chunks->lo[chunk], &dp->chunks->hi[chunk]);
  return diff_walk(part);
}

/* --- merging a chunk into the whole, in key order ---------------------------------- */

static void append_lines(differ *into, ptr_vec *to, long *to_count, const ptr_vec *from, long from_count) {
  for (int i = 0; i < from->count && to->count < DIFF_EXAMPLES; i++)
    ptr_vec_push(&into->mem, to, arena_strdup(&into->mem, from->items[i]));
  *to_count += from_count;
}

static void merge_groups(differ *into, tiering_diff *to, const tiering_diff *from) {
  to->moved_count += from->moved_count;
  to->other_moves += from->other_moves;
  for (int i = 0; i < from->groups.count; i++) {
    const move_group *g = from->groups.items[i];
    move_group *same = NULL;
    for (int k = 0; k < to->groups.count && !same; k++)
      if (strcmp(((move_group *)to->groups.items[k])->what, g->what) == 0) same = to->groups.items[k];
    if (!same && to->groups.count == DIFF_GROUPS) {
      to->other_moves += g->count;
      continue;
    }
    if (!same) {
      same = arena_alloc(&into->mem, sizeof *same);
      same->what = arena_strdup(&into->mem, g->what);
      ptr_vec_push(&into->mem, &to->groups, same);
    }
    same->count += g->count;
    for (int k = 0; k < g->keys.count && same->keys.count < DIFF_KEYS; k++)
      ptr_vec_push(&into->mem, &same->keys, arena_strdup(&into->mem, g->keys.items[k]));
  }
}

static void merge_scores(differ *into, score_diff *to, const score_diff *from) {
  if (from->delta_count) {
    long need = to->delta_count + from->delta_count;
    if (need > to->delta_cap) {
      to->delta_cap = need * 2;
      double *bigger = realloc(to->deltas, sizeof(double) * (size_t)to->delta_cap);
      if (!bigger) abort();
      to->deltas = bigger;
    }
    memcpy(to->deltas + to->delta_count, from->deltas, sizeof(double) * (size_t)from->delta_count);
    to->delta_count = need;
  }
  to->unmoved += from->unmoved;
  to->null_changes += from->null_changes;
  append_lines(into, &to->big_moves, &to->big_move_count, &from->big_moves, from->big_move_count);
  append_lines(into, &to->grade_changes, &to->grade_change_count, &from->grade_changes, from->grade_change_count);
}

static void merge(differ *into, const differ *part) {
  into->accounts += part->accounts;
  into->warnings += part->warnings;
  for (int i = 0; i < into->tierings.count; i++) {
    tiering_diff *to = into->tierings.items[i];
    const tiering_diff *from = part->tierings.items[i];
    int cells = (to->old->tiers.count + 1) * (to->new_->tiers.count + 1);
    for (int c = 0; c < cells; c++) to->matrix[c] += from->matrix[c];
    merge_groups(into, to, from);
  }
  for (int i = 0; i < into->scorecards.count; i++) merge_scores(into, into->scorecards.items[i], part->scorecards.items[i]);
  for (int i = 0; i < into->alerts.count; i++) {
    alert_diff *to = into->alerts.items[i];
    const alert_diff *from = part->alerts.items[i];
    append_lines(into, &to->starts, &to->start_count, &from->starts, from->start_count);
    append_lines(into, &to->stops, &to->stop_count, &from->stops, from->stop_count);
  }
  for (int i = 0; i < into->outputs.count; i++) {
    output_diff *to = into->outputs.items[i];
    const output_diff *from = part->outputs.items[i];
    append_lines(into, &to->changes, &to->change_count, &from->changes, from->change_count);
  }
}

/* --- the pool --------------------------------------------------------------------- */

static int merge_chunk(void *user, int chunk, void *result) {
  (void)chunk;
  merge(((diff_pool *)user)->whole, result);
  return SQLITE_OK;
}

static void *differ_new(void *user) {
  (void)user;
  differ *d = calloc(1, sizeof *d);
  if (!d) abort();
  return d;
}

static void differ_free(void *user, void *result) {
  (void)user;
  diff_free(result);
  free(result);
}

int diff_run_parallel(differ *df, sqlite3 *db, sqlite3 *runs_db, int64_t as_of, int jobs) {
  kam_run_options none = {0};
  run_context ctx = {.prog = df->new_prog, .opt = &none, .db = db, .mem = &df->mem};
  chunk_plan chunks;
  int rc = parallel_chunks(&ctx, jobs, &chunks);
  if (rc != SQLITE_OK) return rc;
  if (chunks.count == 0) return SQLITE_DONE;
  df->warnings += chunks.null_keys * 2;   /* each side warns about each null key */
  diff_pool dp = {.whole = df, .chunks = &chunks, .as_of = as_of};
  /* One group pass per rule set, not one per worker: memory stays that of one run. */
  rc = groups_build(&dp.old_groups, df->old_prog, db, runs_db, df->previous_run, as_of, NULL);
  if (rc == SQLITE_OK) rc = groups_build(&dp.new_groups, df->new_prog, db, runs_db, df->previous_run, as_of, NULL);
  pool_work work = {.user = &dp, .open = worker_open, .work = compare_chunk, .take = merge_chunk,
                    .close = worker_close, .result_new = differ_new, .result_free = differ_free,
                    .no_thread = SQLITE_NOMEM};
  if (rc == SQLITE_OK) rc = pool_run(&work, jobs, chunks.count, 2);
  groups_free(dp.old_groups);
  groups_free(dp.new_groups);
  return rc;
}
