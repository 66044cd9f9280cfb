/*
 * plan.h — the statements that feed a run: an entity scan and one stream
 * per relation and per previous() source, all in key order.
 */
#ifndef KAM_PLAN_H
#define KAM_PLAN_H

#include "program.h"
#include "schema.h"
#include "value.h"

#include <sqlite3.h>

typedef struct stream {
  sqlite3_stmt *st;
  int columns;         /* value columns after the key */
  bool started, has_row;
} stream;

/* Which keys the scans read: every key, one key, a range [lo, hi), or the
 * keys listed in a temporary table (the group pass: members of shared groups). */
enum key_scope { KEYS_ALL, KEYS_ONE, KEYS_RANGE, KEYS_LISTED };

typedef struct plan {
  enum key_scope scope;
  const char *listed;  /* KEYS_LISTED: "temp"."name" of a table of keys (column k) */
  stream entity;
  stream *relations;
  int relation_count;
  stream *previous;
  int previous_count;
  stream episodes;     /* open alert episodes (account, alert, id, opened_on, snooze); st NULL: none */
} plan;

int plan_open(plan *pl, sqlite3 *db, sqlite3 *results, sqlite3_int64 previous_run,
              arena *mem, const program *p, bool entity_has_rowid, enum key_scope scope,
              const char *listed);
/* Adds the stream of open alert episodes read from `results`
 * (kam_alert_episodes with each one's latest acknowledgement). */
int plan_episodes(plan *pl, sqlite3 *results);
/* Binds the keys to read (KEYS_ONE: lo only) and rewinds every scan. */
void plan_set_keys(plan *pl, const value *lo, const value *hi);
/* A bound above every key (an empty blob sorts after all text). */
value key_above_all(void);
void plan_close(plan *pl);

value column_value(sqlite3_stmt *st, int i, arena *copy_into);
int key_compare(value a, value b);
int stream_step(stream *s);
int stream_seek(stream *s, value key);
bool stream_at(const stream *s, value key);

#endif
