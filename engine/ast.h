/*
 * ast.h — the syntax tree of a rule set.
 *
 * The parser builds it (thin grammar actions calling the constructors in
 * ast.c); the checker then resolves names in place, turning E_NAME and
 * E_FIELD nodes into references with slots, so evaluation does no lookup.
 * Every node keeps its span, and names keep their spelling, for fmt and
 * explain.  Everything lives in the rule set's arena.
 */
#ifndef KAM_AST_H
#define KAM_AST_H

#include "source.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum expr_kind {
  /* literals */
  E_INT, E_REAL, E_TEXT, E_DATE, E_BOOL, E_NULL, E_DURATION, E_AS_OF,
  /* names as written; the checker rewrites them into the references below */
  E_NAME, E_FIELD,
  /* resolved references */
  E_COLUMN,        /* entity column: slot = column slot */
  E_REL_COLUMN,    /* relation column: slot = column slot in its relation */
  E_RELATION,      /* a relation named as count(deals)/exists(deals) */
  E_DECL,          /* a let, output, tiering (its tier), scorecard (score), alert */
  E_TIER,          /* a tier name: decl = tiering, slot = tier index */
  E_SCORE_PART,    /* scorecard part: decl, op = part kind, slot = index */
  /* operators */
  E_NEG, E_NOT, E_BINARY, E_IN, E_BETWEEN, E_IS_NULL, E_CASE, E_WHEN,
  E_CALL,          /* built-in function: op = builtin id */
  E_AGGREGATE,     /* op = aggregate kind */
  E_PREVIOUS,
  E_GROUP          /* group_sum..group_count: aggregate = kind, a = value (NULL
                      for group_count), b = where, slot = index in program.groups */
} expr_kind;

/* Binary operators (expr.binop of E_BINARY). */
enum binop { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_EQ, OP_NE, OP_LT, OP_LE,
             OP_GT, OP_GE, OP_AND, OP_OR };

/* Duration units (expr.unit of E_DURATION).  A quarter is three months,
 * added as one step of month arithmetic. */
enum duration_unit { UNIT_DAY, UNIT_WEEK, UNIT_MONTH, UNIT_QUARTER, UNIT_YEAR };

/* The most units a duration literal may count: with it, turning weeks into
 * days or years into months can never overflow. */
enum { DURATION_MAX = 10000000 };

/* Scorecard parts (expr.part of E_SCORE_PART); PART_UNKNOWN after an
 * error the checker has reported. */
enum score_part { PART_STAGE, PART_GRADE, PART_METRIC, PART_PERSPECTIVE,
                  PART_COVERAGE, PART_UNKNOWN };

/* Built-in functions (expr.builtin of a resolved E_CALL). */
enum builtin { B_COALESCE, B_ABS, B_ROUND, B_LEAST, B_GREATEST, B_DAYS, B_YEAR,
               B_MONTH, B_LOWER, B_UPPER, B_LENGTH, B_CONTAINS, B_STARTS_WITH,
               B_ENDS_WITH, B_TRIM, B_REPLACE, B_SUBSTR, B_NUMBER, B_DATE,
               B_OPEN_DAYS, B_COUNT_ };
/* Aggregates (expr.aggregate of E_AGGREGATE). */
enum aggregate { A_COUNT, A_EXISTS, A_SUM, A_AVG, A_MIN, A_MAX, A_COUNT_ };


/* Static types, as far as the checker can know them. */
typedef enum kam_type {
  T_ANY, T_NULL, T_NUMBER, T_TEXT, T_BOOL, T_DATE, T_DURATION, T_TIER
} kam_type;

typedef struct decl decl;
typedef struct expr expr;

struct expr {
  expr_kind kind;
  kam_span span;
  /* One field per meaning, each set and read only for the kind named, so
   * an operator is never read as a unit or a built-in by mistake. */
  enum binop binop;               /* E_BINARY */
  enum duration_unit unit;        /* E_DURATION */
  enum builtin builtin;           /* E_CALL, once resolved */
  enum aggregate aggregate;       /* E_AGGREGATE */
  enum score_part part;           /* E_SCORE_PART */
  bool negated;        /* E_IN, E_BETWEEN, E_IS_NULL: not in, not between, is not null */
  bool distinct;       /* count(distinct ...) */
  int64_t ival;        /* E_INT, E_BOOL, E_DATE (days since 1970-01-01),
                          E_DURATION (whole units, at most DURATION_MAX) */
  double dval;         /* E_REAL */
  char *text;          /* E_TEXT value, E_NAME/E_FIELD/E_CALL name */
  int text_len;
  char *field;         /* E_FIELD: the part after the dot */
  kam_span field_span;
  expr *a, *b, *c;     /* operands; E_CASE: a = else; aggregates: b = where */
  ptr_vec list;        /* E_IN items, E_CALL args, E_CASE whens */
  /* filled by the checker */
  kam_type type;
  int tiering;         /* for T_TIER: index of the tiering declaration */
  int slot;
  int relation;        /* relation index for relation columns/aggregates */
  decl *decl;
  int memo;            /* aggregate memo slot */
  int depth;           /* height of this subtree, kept as nodes are built */
};

typedef struct tier {
  char *name, *title;
  kam_span span, name_span;
  expr *when;          /* NULL: otherwise */
} tier;

typedef struct band {
  int op;              /* OP_GE.., or -1 for else */
  double threshold;
  double score;        /* bands: the score */
  char *grade;         /* grades: the grade's name */
  kam_span span, threshold_span, score_span;   /* numbers as written, for fmt */
} band;

typedef struct metric {
  char *name;
  kam_span span, name_span;
  expr *value;
  bool has_scale;
  double lo, hi;
  ptr_vec bands;       /* band* */
  bool has_missing;
  double missing;
  kam_span lo_span, hi_span, missing_span;      /* numbers as written, for fmt */
  int index;           /* in the scorecard */
  int perspective;
} metric;

typedef struct perspective {
  char *name;
  kam_span span, name_span;
  ptr_vec metrics;     /* metric* */
} perspective;

typedef struct weight_entry {
  char *metric;
  kam_span span, weight_span;
  double weight;
} weight_entry;

typedef struct weight_row {
  char *stage;
  kam_span span, stage_span;
  ptr_vec entries;     /* weight_entry* */
  double *by_metric;   /* checker: weight per metric index */
} weight_row;

typedef struct msg_piece {
  char *text;          /* literal text, or NULL for an expression */
  int text_len;
  expr *value;
  char *format;        /* NULL or the text after ':' */
  char *if_null;       /* NULL or the text after '|', printed instead of a null value */
  kam_span span;
} msg_piece;

typedef struct test_field {
  char *column;
  kam_span span;
  expr *value;
} test_field;

typedef struct test_row {
  char *table;         /* NULL for an earlier run's row (previous DATE { ... }) */
  kam_span span;
  ptr_vec fields;      /* test_field* */
  int64_t on;          /* previous rows: the earlier run's as-of date */
} test_row;

enum expect_kind { EXPECT_TRUE, EXPECT_ALERT, EXPECT_NOT_ALERT };

typedef struct test_expect {
  enum expect_kind kind;
  kam_span span;
  expr *for_key;       /* NULL: the first entity row */
  expr *value;         /* EXPECT_TRUE */
  char *alert;
  kam_span alert_span;
  decl *alert_decl;
} test_expect;

typedef enum decl_kind {
  D_ENTITY, D_RELATION, D_LET, D_OUTPUT, D_TIERING, D_SCORECARD, D_ALERT,
  D_TEST, D_GROUP       /* group by COLUMN: key = the column */
} decl_kind;

struct decl {
  decl_kind kind;
  kam_span span, name_span;
  char *name;
  char *title;
  /* entity, relation */
  char *table, *key, *label;
  kam_span table_span, key_span, label_span;
  /* let, output: value; alert: the condition */
  expr *value;
  /* tiering */
  ptr_vec tiers;        /* tier* */
  /* scorecard */
  expr *stage;
  ptr_vec perspectives; /* perspective* */
  ptr_vec weights;      /* weight_row* */
  ptr_vec grades;       /* band* */
  kam_span weights_span, grades_span;   /* the blocks, keyword to closing brace */
  int metric_count;
  metric **metrics;     /* checker: all metrics in order */
  /* alert */
  char *severity;
  kam_span severity_span;
  ptr_vec message;      /* msg_piece* */
  kam_span message_span;
  /* test */
  expr *as_of;
  ptr_vec rows;         /* test_row* */
  ptr_vec previous_rows;   /* test: results of earlier runs (test_row*, table NULL) */
  ptr_vec expects;      /* test_expect* */
  /* checker */
  int index;            /* among declarations of its kind */
  int memo;             /* per-subject value slot (lets, outputs, tierings, scorecards, alerts) */
  kam_type type;
  int tiering;          /* T_TIER: own index */
  int visit;            /* cycle search: 0 new, 1 on stack, 2 done */
  int eval_depth;       /* checker: nesting its evaluation reaches, through the declarations it reads */
};

/* Comments are kept beside the tree (by span) so fmt can put them back. */
typedef struct comment {
  kam_span span;
} comment;

typedef struct parsed_file {
  int file;
  ptr_vec decls;        /* decl* */
  ptr_vec comments;     /* comment* */
} parsed_file;

expr *ast_expr(arena *a, expr_kind kind, kam_span span);
expr *ast_binary(arena *a, enum binop op, expr *l, expr *r, kam_span span);
expr *ast_unary(arena *a, expr_kind kind, expr *operand, kam_span span);
/* Recomputes e's depth after children were attached outside the constructors. */
expr *ast_deepen(expr *e);
/* The greatest of visit(ctx, e) over the root expressions of a declaration:
 * its value, stage, tier conditions, metrics, message parts, and a test's
 * expectations and row fields (0 when it has none).  The one list of what a
 * declaration holds, for every walk that needs the deepest of something. */
int decl_max_over(const decl *d, int (*visit)(void *ctx, const expr *e), void *ctx);
/* The deepest expression in a declaration. */
int ast_decl_depth(const decl *d);

/* Deeper trees are refused by the parser, so that checking, evaluating and
 * formatting, which recurse, never exhaust the stack. */
enum { AST_MAX_DEPTH = 1000 };
decl *ast_decl(arena *a, decl_kind kind, kam_span span);
const char *binop_text(int op);
const char *decl_kind_name(decl_kind kind);

#endif
