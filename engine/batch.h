/*
 * batch.h — result rows of a run, buffered between evaluation and the
 * database.  Evaluation (one thread or several) appends rows and lines to a
 * batch; the one writer replays batches, in key order, into the kam_*
 * tables through prepared statements.  Values are stored already in their
 * SQLite form (integer, real, text or null).
 */
#ifndef KAM_BATCH_H
#define KAM_BATCH_H

#include "program.h"
#include "results.h"
#include "value.h"

/* ROW_NEW_ALERT is an alert row whose episode opens in this run: the writer
 * hands it the next episode id (results.next_episode), in key order. */
enum batch_kind { ROW_TIER, ROW_SCORE, ROW_METRIC, ROW_ALERT, ROW_OUTPUT, ROW_WARNING, ROW_NEW_ALERT, ROW_LINE };

typedef struct batch {
  strbuf data;
  long subjects;
} batch;

void batch_init(batch *b);
void batch_free(batch *b);
void batch_clear(batch *b);
/* Appends a row of `count` values (the run id is not among them). */
void batch_row(batch *b, enum batch_kind kind, const value *values, int count, const program *p);
void batch_line(batch *b, const char *line);
/* Writes the rows into r (when not NULL) and hands the lines to on_line. */
int batch_replay(const batch *b, results *r, void (*on_line)(const char *, void *), void *user);

#endif
