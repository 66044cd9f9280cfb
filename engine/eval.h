/*
 * eval.h — evaluating a checked program on one subject.
 *
 * The batch driver (run.c) fills a subject: its entity row, the rows of each
 * relation that belong to it, and the previous run's values; then asks for
 * tiers, scores, alerts and outputs.  Every let, tiering, scorecard, alert
 * and aggregate is computed at most once per subject (memo slots), and all
 * per-subject memory comes from one scratch arena reset between subjects,
 * so a million subjects cost no allocation each.
 */
#ifndef KAM_EVAL_H
#define KAM_EVAL_H

#include "coverage.h"
#include "program.h"
#include "value.h"

/* The rows of one relation that belong to the current subject. */
typedef struct rel_rows {
  value *cells;          /* row-major, columns in slot order */
  int count, capacity, columns;
} rel_rows;

typedef struct score_state {
  bool done;
  value stage;           /* the stage value as computed */
  int row;               /* weights row, -1 when the stage has none */
  value *values;         /* per metric */
  value *scores;         /* per metric: null or a number 0..100 */
  value score, grade, coverage;
} score_state;

/* Alerts over time: how a run treats the stored episodes (contract §4). */
enum episode_mode {
  EPISODES_NONE,       /* not tracked (test, explain, no results database) */
  EPISODES_LIVE,       /* the run continues, opens and closes episodes */
  EPISODES_BACKFILL    /* as-of before the latest stored run: episodes untouched */
};

/* The subject's open episode of one alert, as stored before this run. */
typedef struct open_episode {
  int64_t id;            /* 0: none open */
  int64_t opened_on;     /* date (days) */
  int64_t snooze_until;  /* date (days); -1: not snoozed */
} open_episode;

/* Receives one data warning: the rule being evaluated and the message. */
typedef void (*warning_sink)(void *user, const char *rule, const char *message);

typedef struct evaluator {
  const program *prog;
  arena scratch;         /* per subject */
  int64_t as_of;
  value *entity;         /* entity columns by slot */
  rel_rows *relations;   /* by relation index */
  value *previous;       /* by previous slot */
  value key;
  enum episode_mode episode_mode;
  open_episode *episodes; /* by alert index, loaded per subject (session.c) */
  int open_episode_count; /* episodes open for this subject, fired or not */
  /* memo */
  value *decl_values;
  uint8_t *decl_state;   /* 0 not yet, 1 computing, 2 done */
  value *aggregates;
  uint8_t *aggregate_done;
  score_state *cards;
  int *current_row;      /* by relation, inside aggregates */
  /* warnings */
  warning_sink warn;
  void *warn_user;
  const char *rule;      /* declaration being evaluated */
  long *warned;          /* (column id, row) pairs already warned this subject */
  int warned_count, warned_cap;
  coverage *cov;         /* kam test --coverage: what evaluation used; else NULL */
  const struct group_table *groups;   /* groups.c: the group pass's results */
} evaluator;

void eval_init(evaluator *ev, const program *prog);
void eval_free(evaluator *ev);
/* Forgets the previous subject's memo and scratch memory. */
void eval_begin_subject(evaluator *ev);

value eval_expr(evaluator *ev, const expr *e);
/* The greatest (sign 1) or least (-1) of values, read as one type (the
 * checker's `known` type, or numbers when any value is one); values that
 * cannot be read are skipped with their warning.  `rows` gives each value's
 * row of `relation` (-1: no relation, rows unused). */
value eval_extreme(evaluator *ev, const value *values, const int *rows, int relation, int count,
                   kam_type known, int sign);
/* Whether one value of min or max reads as a number (T_NUMBER, the number
 * in *as_number when not NULL), is a date (T_DATE), or neither (T_ANY):
 * the one rule eval_extreme and the group pass choose a reading by. */
kam_type extreme_kind(value v, value *as_number);
/* d as a number; beyond the range of a double, null with a data warning. */
value finite_or_null_warned(evaluator *ev, double d);
/* Kleene truth of a condition: 1 true, 0 false, -1 null. */
int eval_truth(evaluator *ev, const expr *e);
value eval_decl(evaluator *ev, decl *d);
score_state *eval_scorecard(evaluator *ev, decl *sc);
/* The alert's message with {EXPR:FORMAT} filled in (scratch memory). */
const char *eval_message(evaluator *ev, decl *alert);
/* Renders a value as text the way messages show it (scratch memory). */
const char *value_to_text(evaluator *ev, value v, const char *format);
/* cells.c: reading values as an operation needs them.  Each returns null
 * (and reports one data warning) when the value cannot be read. */
value eval_need_number(evaluator *ev, value v);
value eval_need_date(evaluator *ev, value v);
/* 1 true, 0 false, -1 null or unreadable. */
int eval_need_truth(evaluator *ev, value v);
/* Reports a data warning once per (column, row) and subject, naming the
 * declaration being evaluated. */
void eval_warn_cell(evaluator *ev, value v, int row, const char *needed);
/* A cell as loaded from the database (not yet read: see cells.c). */
value eval_stored_cell(const column_info *col, value v);
/* An entity cell, or the current row's cell of a relation column, read as
 * its declared type on first use. */
value eval_entity_cell(evaluator *ev, const column_info *col);
value eval_relation_cell(evaluator *ev, const column_info *col);
/* An E_COLUMN or E_REL_COLUMN's cell as stored, before its declared type
 * reads it: what the lenient readers number() and date() start from. */
value eval_column_as_stored(evaluator *ev, const expr *e);
/* The subject's label (the entity's `label` column as stored), or null. */
value eval_label(evaluator *ev);
/* A data warning that v is not `needed`, naming its cell when it has one. */
void eval_warn_value(evaluator *ev, value v, const char *needed);
/* round(x, digits): the rounding rule of eval.c. */
value eval_round(value x, value digits);

#endif
