/*
 * program.h — a checked rule set: the declarations by kind, every column
 * the rules read (with a global id and its place in the row buffers), and
 * the memo slots evaluation uses.  check.c fills it; plan.c, eval.c and
 * run.c only read it.
 */
#ifndef KAM_PROGRAM_H
#define KAM_PROGRAM_H

#include "ast.h"

/* A column the rules read.  Entity columns come first, then each
 * relation's columns; `id` is the index into program.columns. */
typedef struct column_info {
  int id;
  int relation;          /* -1: the entity's table */
  int slot;              /* position in that table's row buffer */
  char *table, *name;
  kam_type declared;     /* from the schema: T_NUMBER, T_TEXT, T_DATE or T_ANY */
  bool is_date;          /* declared DATE, DATETIME or TIMESTAMP */
  kam_span first_use;
} column_info;

typedef struct relation_info {
  decl *d;
  int index;
  int column_count;      /* columns read from it (slots 0..n-1) */
} relation_info;

/* One previous(X) read: X's kind decides which results table is read. */
enum previous_kind { PREV_TIER, PREV_SCORE, PREV_STAGE, PREV_GRADE,
                     PREV_METRIC, PREV_OUTPUT };

typedef struct previous_ref {
  enum previous_kind kind;
  decl *d;               /* tiering, scorecard or output */
  metric *m;             /* PREV_METRIC */
  int back;              /* previous(X, N): N as-of dates back (1 by default) */
  int slot;
} previous_ref;

typedef struct program {
  decl *entity;
  ptr_vec relations;     /* relation_info* */
  ptr_vec lets, outputs, tierings, scorecards, alerts, tests;
  ptr_vec columns;       /* column_info* */
  int entity_column_count;
  int key_column, label_column;   /* entity slots; label -1 when none */
  int aggregate_count;   /* memo slots of aggregates */
  int decl_memo_count;   /* memo slots of lets, outputs, tierings, scorecards, alerts */
  ptr_vec previous;      /* previous_ref* */
  /* group by COLUMN (groups.c): NULL when the rule set has none */
  decl *group;
  int group_column;      /* entity slot of the group column; -1 without group by */
  ptr_vec groups;        /* expr* of kind E_GROUP, by slot */
} program;

/* Looks an entity or relation column up, adding it on first use. */
column_info *program_column(arena *mem, program *p, int relation,
                            const char *name, kam_span use);




extern const char *const builtin_names[B_COUNT_];
extern const char *const aggregate_names[A_COUNT_];
#endif
