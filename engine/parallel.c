/*
 * parallel.c — kam run --jobs N: the key range split across threads.
 *
 * The subjects are cut into chunks of neighbouring keys.  Worker threads,
 * each with its own read-only SQLite connections, take chunks in order and
 * evaluate them into batches; the calling thread, the only writer, writes
 * the batches in chunk order, so rows and lines come out exactly as one
 * thread would write them.  Workers stay at most a few chunks ahead of the
 * writer, which bounds memory.  Results are staged in temporary tables
 * (results.c), because a writer that touched the database while other
 * connections read it would have to wait for them.
 */
#include "run.h"
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

/* --- the pool ------------------------------------------------------------------------ */

typedef struct slot {
  batch rows;
  int chunk;                  /* the chunk it holds, -1 when free */
  bool ready;
} slot;

typedef struct pool {
  run_context *ctx;
  const chunk_plan *chunks;
  pthread_mutex_t lock;
  pthread_cond_t changed;
  slot *slots;
  int slot_count;
  int next_chunk, written;    /* next chunk to hand out; chunks written so far */
  int error;                  /* first SQLite error of any thread */
} pool;

typedef struct worker {
  pool *pool;
  pthread_t thread;
  arena mem;                  /* the worker's own: arenas are not shared between threads */
  sqlite3 *db, *results;
  session ses;
  batch *current;
  kam_run_summary *summary;
} worker;

static void worker_warning(void *user, const char *rule, const char *message) {
  worker *w = user;
  run_warning(w->current, w->summary, w->pool->ctx->prog, w->ses.ev.key, rule, message);
}

static int worker_open(worker *w) {
  run_context *ctx = w->pool->ctx;
  const kam_run_options *o = ctx->opt;
  int rc = db_open_read_only(o->db_path, o->busy_timeout_ms, &w->db);
  w->results = w->db;
  if (rc == SQLITE_OK && o->out_path && ctx->out)   /* previous() and open episodes read it */
    rc = db_open_read_only(o->out_path, o->busy_timeout_ms, &w->results);
  if (rc == SQLITE_OK)
    rc = session_open(&w->ses, ctx->prog, w->db, w->results, ctx->previous_run, &w->mem, ctx->as_of,
                      worker_warning, w, KEYS_RANGE);
  if (rc == SQLITE_OK) rc = session_track_episodes(&w->ses, ctx->out ? w->results : NULL, ctx->episode_mode);
  return rc;
}

/* Waits for a chunk no more than the slots ahead of the writer; -1: stop. */
static int take_chunk(pool *pl) {
  pthread_mutex_lock(&pl->lock);
  while (!pl->error && pl->next_chunk < pl->chunks->count && pl->next_chunk >= pl->written + pl->slot_count)
    pthread_cond_wait(&pl->changed, &pl->lock);
  int chunk = pl->error || pl->next_chunk >= pl->chunks->count ? -1 : pl->next_chunk++;
  pthread_mutex_unlock(&pl->lock);
  return chunk;
}

static int evaluate_chunk(worker *w, int chunk) {
  pool *pl = w->pool;
  run_context *ctx = pl->ctx;
  slot *s = &pl->slots[chunk % pl->slot_count];
  batch_clear(&s->rows);
  w->current = &s->rows;
  emitter em = {.prog = ctx->prog, .ev = &w->ses.ev, .out = &s->rows, .store = ctx->res != NULL,
                .summary = w->summary, .format = ctx->opt->line_format, .lines = ctx->lines};
  session_set_keys(&w->ses, &pl->chunks->lo[chunk], &pl->chunks->hi[chunk]);
  bool loaded;
  int rc;
  while ((rc = session_next(&w->ses, &loaded)) == SQLITE_OK && loaded) emit_subject(&em);
  pthread_mutex_lock(&pl->lock);
  s->chunk = chunk;
  s->ready = true;
  if (rc != SQLITE_OK && !pl->error) pl->error = rc;
  pthread_cond_broadcast(&pl->changed);
  pthread_mutex_unlock(&pl->lock);
  return rc;
}

static void *worker_main(void *arg) {
  worker *w = arg;
  int rc = worker_open(w);
  if (rc != SQLITE_OK) {
    pthread_mutex_lock(&w->pool->lock);
    if (!w->pool->error) w->pool->error = rc;
    pthread_cond_broadcast(&w->pool->changed);
    pthread_mutex_unlock(&w->pool->lock);
  }
  for (int chunk; rc == SQLITE_OK && (chunk = take_chunk(w->pool)) >= 0;) rc = evaluate_chunk(w, chunk);
  session_close(&w->ses);
  if (w->results != w->db) sqlite3_close(w->results);
  sqlite3_close(w->db);
  return NULL;
}

/* --- the writer ------------------------------------------------------------------------ */

/* Writes chunk's batch, then frees its slot for a worker; *subjects is read
 * before that, since a worker may refill the slot at once. */
static int write_chunk(pool *pl, int chunk, long *subjects) {
  slot *s = &pl->slots[chunk % pl->slot_count];
  pthread_mutex_lock(&pl->lock);
  while (!pl->error && !(s->ready && s->chunk == chunk)) pthread_cond_wait(&pl->changed, &pl->lock);
  int rc = pl->error;
  pthread_mutex_unlock(&pl->lock);
  if (rc == SQLITE_OK) rc = run_write(pl->ctx, &s->rows);
  *subjects = s->rows.subjects;
  pthread_mutex_lock(&pl->lock);
  s->ready = false;
  s->chunk = -1;
  pl->written = chunk + 1;
  if (rc != SQLITE_OK && !pl->error) pl->error = rc;
  pthread_cond_broadcast(&pl->changed);
  pthread_mutex_unlock(&pl->lock);
  return rc;
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

static int write_all(pool *pl) {
  run_context *ctx = pl->ctx;
  int rc = write_preamble(ctx, pl->chunks);
  long done = 0;
  for (int chunk = 0; rc == SQLITE_OK && chunk < pl->chunks->count; chunk++) {
    long subjects = 0;
    rc = write_chunk(pl, chunk, &subjects);
    done += subjects;
    if (ctx->opt->on_progress) ctx->opt->on_progress(done, pl->chunks->keys, ctx->opt->user);
  }
  if (rc != SQLITE_OK) {   /* wake every worker so it stops */
    pthread_mutex_lock(&pl->lock);
    if (!pl->error) pl->error = rc;
    pthread_cond_broadcast(&pl->changed);
    pthread_mutex_unlock(&pl->lock);
  }
  return rc;
}

int run_parallel(run_context *ctx, int jobs, const chunk_plan *chunks) {
  pool pl = {.ctx = ctx, .chunks = chunks, .slot_count = jobs * AHEAD_PER_JOB};
  pthread_mutex_init(&pl.lock, NULL);
  pthread_cond_init(&pl.changed, NULL);
  pl.slots = calloc((size_t)pl.slot_count, sizeof(slot));
  worker *workers = calloc((size_t)jobs, sizeof(worker));
  if (!pl.slots || !workers) abort();
  for (int i = 0; i < pl.slot_count; i++) {
    batch_init(&pl.slots[i].rows);
    pl.slots[i].chunk = -1;
  }
  int started = 0;
  for (; started < jobs; started++) {
    workers[started].pool = &pl;
    arena_init(&workers[started].mem);
    workers[started].summary = summary_new(ctx->prog);
    if (pthread_create(&workers[started].thread, NULL, worker_main, &workers[started]) != 0) break;
  }
  int rc = started ? write_all(&pl) : SQLITE_NOMEM;
  for (int i = 0; i < started; i++) pthread_join(workers[i].thread, NULL);
  for (int i = 0; i < jobs; i++) {
    if (workers[i].summary) summary_merge(ctx->summary, workers[i].summary);
    kam_run_summary_free(workers[i].summary);
    arena_free(&workers[i].mem);
  }
  if (rc == SQLITE_OK) rc = pl.error;
  for (int i = 0; i < pl.slot_count; i++) batch_free(&pl.slots[i].rows);
  free(pl.slots);
  free(workers);
  pthread_cond_destroy(&pl.changed);
  pthread_mutex_destroy(&pl.lock);
  return rc;
}
