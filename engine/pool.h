/*
 * pool.h — an ordered work pool on threads (pool.c).
 */
#ifndef KAM_POOL_H
#define KAM_POOL_H

#include <stdbool.h>

/* What a pool works on.  Each callback returns 0 or an error code (an
 * SQLite code for kam's users); the first error stops the pool. */
typedef struct pool_work {
  void *user;
  /* On each worker thread, before its first chunk: its own state. */
  int (*open)(void *user, int worker, void **state);
  /* On a worker thread: chunk worked into result (a slot's, reused). */
  int (*work)(void *user, void *state, int chunk, void *result);
  /* On the calling thread, chunk after chunk in order. */
  int (*take)(void *user, int chunk, void *result);
  /* On each worker thread, after its last chunk (also after a failed open). */
  void (*close)(void *user, void *state);
  void *(*result_new)(void *user);
  void (*result_free)(void *user, void *result);
  int no_thread;              /* the error when not one thread can be started */
} pool_work;

/* Works chunks 0..chunks-1 on `jobs` threads, taking the results in order on
 * the calling thread; workers run at most jobs * ahead_per_job chunks ahead. */
int pool_run(const pool_work *work, int jobs, int chunks, int ahead_per_job);

#endif
