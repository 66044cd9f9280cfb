/*
 * pool.c — an ordered work pool: chunks 0..n-1 are worked on by N threads,
 * each with state of its own (its connections), and the calling thread
 * takes their results strictly in chunk order.  Workers stay at most a few
 * chunks ahead of the taker, which bounds memory, and a slow chunk holds up
 * only the taker, never the other workers (no waves).
 *
 * It is a leaf: it knows nothing of rules, runs or diffs.  The user's
 * callbacks open a worker's state, work a chunk into a result, take a
 * result on the calling thread, and close the state.  The first error of
 * any callback stops the pool and is returned.
 */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

enum { POOL_STACK_BYTES = 64 << 20 };   /* reserved, not used until touched */

typedef struct slot {
  void *result;
  int chunk;                  /* the chunk it holds, -1 when free */
  bool ready;
} slot;

typedef struct pool {
  const pool_work *work;
  pthread_mutex_t lock;
  pthread_cond_t changed;
  slot *slots;
  int slot_count, chunk_count;
  int next_chunk, taken;      /* next chunk to hand out; chunks taken so far */
  int error;                  /* first error of any thread */
} pool;

typedef struct worker {
  pool *pool;
  pthread_t thread;
  int index;
} worker;

static void fail(pool *pl, int rc) {
  pthread_mutex_lock(&pl->lock);
  if (!pl->error) pl->error = rc;
  pthread_cond_broadcast(&pl->changed);
  pthread_mutex_unlock(&pl->lock);
}

/* The next chunk, once its slot is free; -1 when there is none or an error. */
static int next_chunk(pool *pl) {
  pthread_mutex_lock(&pl->lock);
  while (!pl->error && pl->next_chunk < pl->chunk_count && pl->next_chunk >= pl->taken + pl->slot_count)
    pthread_cond_wait(&pl->changed, &pl->lock);
  int chunk = pl->error || pl->next_chunk >= pl->chunk_count ? -1 : pl->next_chunk++;
  pthread_mutex_unlock(&pl->lock);
  return chunk;
}

static void *worker_main(void *arg) {
  worker *w = arg;
  pool *pl = w->pool;
  void *state = NULL;
  int rc = pl->work->open(pl->work->user, w->index, &state);
  if (rc) fail(pl, rc);
  for (int chunk; !rc && (chunk = next_chunk(pl)) >= 0;) {
    slot *s = &pl->slots[chunk % pl->slot_count];   /* free: next_chunk waited for it */
    rc = pl->work->work(pl->work->user, state, chunk, s->result);
    pthread_mutex_lock(&pl->lock);
    s->chunk = chunk;
    s->ready = true;
    if (rc && !pl->error) pl->error = rc;
    pthread_cond_broadcast(&pl->changed);
    pthread_mutex_unlock(&pl->lock);
  }
  pl->work->close(pl->work->user, state);
  return NULL;
}

/* Takes chunk's result on the calling thread, then frees its slot. */
static int take(pool *pl, int chunk) {
  slot *s = &pl->slots[chunk % pl->slot_count];
  pthread_mutex_lock(&pl->lock);
  while (!pl->error && !(s->ready && s->chunk == chunk)) pthread_cond_wait(&pl->changed, &pl->lock);
  int rc = pl->error;
  pthread_mutex_unlock(&pl->lock);
  if (!rc) rc = pl->work->take(pl->work->user, chunk, s->result);
  pthread_mutex_lock(&pl->lock);
  s->ready = false;
  s->chunk = -1;
  pl->taken = chunk + 1;
  if (rc && !pl->error) pl->error = rc;
  pthread_cond_broadcast(&pl->changed);
  pthread_mutex_unlock(&pl->lock);
  return rc;
}

int pool_run(const pool_work *work, int jobs, int chunks, int ahead_per_job) {
  pool pl = {.work = work, .slot_count = jobs * ahead_per_job, .chunk_count = chunks};
  pthread_mutex_init(&pl.lock, NULL);
  pthread_cond_init(&pl.changed, NULL);
  pl.slots = calloc((size_t)pl.slot_count, sizeof(slot));
  worker *workers = calloc((size_t)jobs, sizeof(worker));
  if (!pl.slots || !workers) abort();
  for (int i = 0; i < pl.slot_count; i++) {
    pl.slots[i].result = work->result_new(work->user);
    pl.slots[i].chunk = -1;
  }
  /* Evaluation recurses as deep as the checker allows (CHECK_MAX_NESTING):
   * a worker gets the stack a main thread could grow to, and more, since
   * the default thread stack can be smaller (and sanitizers' frames larger). */
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, POOL_STACK_BYTES);
  int started = 0;
  for (; started < jobs; started++) {
    workers[started] = (worker){.pool = &pl, .index = started};
    if (pthread_create(&workers[started].thread, &attr, worker_main, &workers[started]) != 0) break;
  }
  pthread_attr_destroy(&attr);
  int rc = started ? 0 : work->no_thread;
  for (int chunk = 0; !rc && chunk < chunks; chunk++) rc = take(&pl, chunk);
  if (rc) fail(&pl, rc);   /* wakes every worker so it stops */
  for (int i = 0; i < started; i++) pthread_join(workers[i].thread, NULL);
  if (!rc) rc = pl.error;
  for (int i = 0; i < pl.slot_count; i++) work->result_free(work->user, pl.slots[i].result);
  free(pl.slots);
  free(workers);
  pthread_cond_destroy(&pl.changed);
  pthread_mutex_destroy(&pl.lock);
  return rc;
}
