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

typedef struct plan {
  stream entity;
  stream *relations;
  int relation_count;
  stream *previous;
  int previous_count;
} plan;

int plan_open(plan *pl, sqlite3 *db, sqlite3 *results, sqlite3_int64 previous_run,
              arena *mem, const program *p, bool entity_has_rowid, const value *only_key);
void plan_close(plan *pl);

value column_value(sqlite3_stmt *st, int i, arena *copy_into);
int key_compare(value a, value b);
int stream_step(stream *s);
int stream_seek(stream *s, value key);
bool stream_at(const stream *s, value key);

#endif
