/*
 * emit.h — handing one evaluated subject on (see emit.c).
 */
#ifndef KAM_EMIT_H
#define KAM_EMIT_H

#include "eval.h"
#include "kam.h"
#include "results.h"
#include "summary.h"

#include <stdio.h>

typedef struct emitter {
  const program *prog;
  evaluator *ev;
  results *res;                 /* NULL: write nothing (dry run) */
  kam_run_summary *summary;
  enum kam_line_format format;
  void (*on_line)(const char *line, void *user);
  void *user;
  bool lines;                   /* a line per subject is wanted (jsonl or csv) */
} emitter;

void emit_csv_header(emitter *em);
int emit_subject(emitter *em);

#endif
