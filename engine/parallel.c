/*
 * parallel.c — kam run --jobs N: the key range split across threads.
 *
 * The subjects are cut into chunks of neighbouring keys.  Worker threads
 * of the ordered pool (pool.c), each with its own read-only SQLite
 * connections, evaluate chunks into batches; the calling thread, the only
 * writer, writes the batches in chunk order, so rows and lines come out
 * exactly as one thread would write them.  Results are staged in temporary tables
 * (results.c), because a writer that touched the database while other
 * connections read it would have to wait for them.
 */
#include "run.h"
#include "pool.h"
#include "ruleset.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MIN_PARALLEL = 4096, CHUNK_SUBJECTS = 1024, MAX_CHUNKS = 4096, AHEAD_PER_JOB = 3 };

int parallel_jobs(source_set *src, int asked) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int jobs = asked > 0 ? asked : cores > 0 ? (int)(cores > 64 ? 64 : cores) : 1;
  if (jobs > 1 && !sqlite3_threadsafe()) {   /* SQLITE_THREADSAFE=0: connections on threads would corrupt memory */
    if (asked > 1)
      diag_plain(src, KAM_DIAG_WARNING, "--jobs %d: this SQLite library is built without thread support"
                                        " (SQLITE_THREADSAFE=0), so kam uses one thread", asked);
    jobs = 1;
  }
  return jobs;
}

/* --- cutting the key range ------------------------------------------------------ */

static int key_stats(run_context *ctx, long *keys, long *nulls, value *min, value *max) {
  const program *p = ctx->prog;
  char *key = sql_quote_ident(ctx->mem, p->entity->key);
  char *sql = arena_printf(ctx->mem, "SELECT count(%s), count(*) - count(%s), min(%s COLLATE BINARY), max(%s COLLATE BINARY) FROM %s", key,
                           key, key, key, sql_quote_ident(ctx->mem, p->entity->table));
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    *keys = (long)sqlite3_column_int64(st, 0);
    *nulls = (long)sqlite3_column_int64(st, 1);
    *min = column_value(st, 2, ctx->mem);
    *max = column_value(st, 3, ctx->mem);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

/* Integer keys: even steps between min and max (two index reads). */
static void cut_integers(chunk_plan *chunks, int64_t min, int64_t max) {
  long double span = (long double)max - (long double)min + 1;
  for (int i = 1; i < chunks->count; i++) chunks->lo[i] = v_int(min + (int64_t)(span * i / chunks->count));
}

/* Other keys: every n-th key of one ordered scan of the keys. */
static int cut_by_scan(run_context *ctx, chunk_plan *chunks, long keys) {
  const program *p = ctx->prog;
  char *key = sql_quote_ident(ctx->mem, p->entity->key);
  char *sql = arena_printf(ctx->mem, "SELECT %s FROM %s WHERE %s IS NOT NULL ORDER BY %s COLLATE BINARY", key,
                           sql_quote_ident(ctx->mem, p->entity->table), key, key);
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  long step = keys / chunks->count + 1, seen = 0;
  int next = 1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && next < chunks->count)
    if (++seen % step == 0) chunks->lo[next++] = column_value(st, 0, ctx->mem);
  chunks->count = next;   /* duplicates may leave fewer cuts */
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int parallel_chunks(run_context *ctx, int jobs, chunk_plan *chunks) {
  memset(chunks, 0, sizeof *chunks);
  long keys = 0, nulls = 0;
  value min, max;
  int rc = key_stats(ctx, &keys, &nulls, &min, &max);
  if (rc != SQLITE_OK || keys < MIN_PARALLEL) return rc;
  long count = keys / CHUNK_SUBJECTS;
  if (count < jobs * 4L) count = jobs * 4L;
  if (count > MAX_CHUNKS) count = MAX_CHUNKS;
  chunks->count = (int)count;
  chunks->keys = keys;
  chunks->null_keys = nulls;
  chunks->lo = arena_alloc(ctx->mem, sizeof(value) * (size_t)count);
  chunks->hi = arena_alloc(ctx->mem, sizeof(value) * (size_t)count);
  if (min.type == V_INT && max.type == V_INT) cut_integers(chunks, min.u.i, max.u.i);
  else if ((rc = cut_by_scan(ctx, chunks, keys)) != SQLITE_OK) return rc;
  chunks->lo[0] = v_real(-INFINITY);   /* below every number and text */
  for (int i = 0; i + 1 < chunks->count; i++) chunks->hi[i] = chunks->lo[i + 1];
  chunks->hi[chunks->count - 1] = key_above_all();
  return SQLITE_OK;
}

/* --- the workers ------------------------------------------------------------------------ */

typedef struct worker worker;

typedef struct run_pool {
  run_context *ctx;
  const chunk_plan *chunks;
  long done;                  /* subjects written so far, for progress */
  worker **workers;           /* kept for their summaries, merged after the threads end */
  int worker_count;
  pthread_mutex_t lock;
} run_pool;

struct worker {
  run_pool *rp;
  arena mem;                  /* the worker's own: arenas are not shared between threads */
  sqlite3 *db, *results;
  session ses;
  batch *current;
  kam_run_summary *summary;
};

static void worker_warning(void *user, const char *rule, const char *message) {
  worker *w = user;
  run_warning(w->current, w->summary, w->rp->ctx->prog, w->ses.ev.key, rule, message);
}

static int worker_open(void *user, int index, void **state) {
  (void)index;
  run_pool *rp = user;
  run_context *ctx = rp->ctx;
  const kam_run_options *o = ctx->opt;
  worker *w = calloc(1, sizeof *w);
  if (!w) abort();
  *state = w;
  w->rp = rp;
  arena_init(&w->mem);
  w->summary = summary_new(ctx->prog);
  pthread_mutex_lock(&rp->lock);
  rp->workers[rp->worker_count++] = w;
  pthread_mutex_unlock(&rp->lock);
  int rc = db_open_read_only(o->db_path, o->busy_timeout_ms, &w->db);
  w->results = w->db;
  if (rc == SQLITE_OK && o->out_path && ctx->out)   /* previous() and open episodes read it */
    rc = db_open_read_only(o->out_path, o->busy_timeout_ms, &w->results);
  if (rc == SQLITE_OK)
    rc = session_open(&w->ses, ctx->prog, w->db, w->results, ctx->previous_run, &w->mem, ctx->as_of,
                      worker_warning, w, KEYS_RANGE);
  w->ses.ev.groups = ctx->groups;   /* computed once, before the split: every chunk sees whole groups */
  if (rc == SQLITE_OK) rc = session_track_episodes(&w->ses, ctx->out ? w->results : NULL, ctx->episode_mode);
  return rc;
}

static int evaluate_chunk(void *user, void *state, int chunk, void *result) {
  run_pool *rp = user;
  worker *w = state;
  run_context *ctx = rp->ctx;
  batch *rows = result;
  batch_clear(rows);
  w->current = rows;
  emitter em = {.prog = ctx->prog, .ev = &w->ses.ev, .out = rows, .store = ctx->res != NULL,
                .summary = w->summary, .format = ctx->opt->line_format, .lines = ctx->lines};
  session_set_keys(&w->ses, &rp->chunks->lo[chunk], &rp->chunks->hi[chunk]);
  bool loaded;
  int rc;
  while ((rc = session_next(&w->ses, &loaded)) == SQLITE_OK && loaded) emit_subject(&em);
  return rc;
}

/* The worker's summary is merged once the pool has joined every thread. */
static void worker_close(void *user, void *state) {
  (void)user;
  worker *w = state;
  if (!w) return;
  session_close(&w->ses);
  if (w->results != w->db) sqlite3_close(w->results);
  sqlite3_close(w->db);
  w->db = w->results = NULL;
}

/* --- the writer ------------------------------------------------------------------------ */

/* Writes each chunk's batch on the calling thread, in key order. */
static int write_chunk(void *user, int chunk, void *result) {
  (void)chunk;
  run_pool *rp = user;
  const batch *rows = result;
  int rc = run_write(rp->ctx, rows);
  rp->done += rows->subjects;
  const kam_run_options *o = rp->ctx->opt;
  if (rc == SQLITE_OK && o->on_progress) o->on_progress(rp->done, rp->chunks->keys, o->user);
  return rc;
}

static void *batch_new_for(void *user) {
  (void)user;
  batch *b = malloc(sizeof *b);
  if (!b) abort();
  batch_init(b);
  return b;
}

static void batch_free_for(void *user, void *result) {
  (void)user;
  batch_free(result);
  free(result);
}

/* What comes before the first chunk: the CSV header and null-key warnings. */
static int write_preamble(run_context *ctx, const chunk_plan *chunks) {
  batch b;
  batch_init(&b);
  emitter em = {.prog = ctx->prog, .out = &b, .summary = ctx->summary, .format = ctx->opt->line_format,
                .lines = ctx->lines};
  if (ctx->lines && ctx->opt->line_format == KAM_LINES_CSV) emit_csv_header(&em);
  char msg[300];
  skipped_row_message(msg, sizeof msg, ctx->prog->entity->table, "has a null key", "null");
  for (long i = 0; i < chunks->null_keys; i++) run_warning(&b, ctx->summary, ctx->prog, v_null(), "entity", msg);
  int rc = run_write(ctx, &b);
  batch_free(&b);
  return rc;
}

int run_parallel(run_context *ctx, int jobs, const chunk_plan *chunks) {
  int rc = write_preamble(ctx, chunks);
  if (rc != SQLITE_OK) return rc;
  run_pool rp = {.ctx = ctx, .chunks = chunks};
  rp.workers = calloc((size_t)jobs, sizeof *rp.workers);
  if (!rp.workers) abort();
  pthread_mutex_init(&rp.lock, NULL);
  pool_work work = {.user = &rp, .open = worker_open, .work = evaluate_chunk, .take = write_chunk,
                    .close = worker_close, .result_new = batch_new_for, .result_free = batch_free_for,
                    .no_thread = SQLITE_NOMEM};
  rc = pool_run(&work, jobs, chunks->count, AHEAD_PER_JOB);
  for (int i = 0; i < rp.worker_count; i++) {
    worker *w = rp.workers[i];
    summary_merge(ctx->summary, w->summary);
    kam_run_summary_free(w->summary);
    arena_free(&w->mem);
    free(w);
  }
  free(rp.workers);
  pthread_mutex_destroy(&rp.lock);
  return rc;
}
