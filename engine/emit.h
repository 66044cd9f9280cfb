/*
 * emit.h — handing one evaluated subject on (see emit.c).
 */
#ifndef KAM_EMIT_H
#define KAM_EMIT_H

#include "batch.h"
#include "eval.h"
#include "kam.h"
#include "summary.h"

#include <stdio.h>

typedef struct emitter {
  const program *prog;
  evaluator *ev;
  batch *out;                   /* where rows and lines go */
  bool store;                   /* rows are wanted (not a dry run) */
  kam_run_summary *summary;
  enum kam_line_format format;
  bool lines;                   /* a line per subject is wanted (jsonl or csv) */
} emitter;

void emit_csv_header(emitter *em);
void emit_subject(emitter *em);

#endif
