/*
 * check.h — the checker: from parsed files to a checked program.
 * check.c handles declarations (names, duplicates, tierings, scorecards,
 * weights, alerts, tests, cycles, the schema); resolve.c handles
 * expressions (names, fields, types, aggregates, previous).
 */
#ifndef KAM_CHECK_H
#define KAM_CHECK_H

#include "program.h"
#include "schema.h"

typedef struct name_entry {
  const char *name;
  decl *d;
} name_entry;

typedef struct checker {
  arena *mem;
  source_set *src;
  program *prog;
  const db_schema *schema;   /* NULL when checking without --db */
  name_entry *names;         /* open addressing, power-of-two size */
  int name_cap;
  ptr_vec stack;             /* declarations being checked (cycle search) */
  decl *scorecard;           /* the scorecard whose metrics are checked */
  int nesting;               /* resolve_expr calls under way, through all declarations */
  bool too_deep;             /* reported once */
  int group_from;            /* resolve_group.c: stack depth of the declaration whose
                                group aggregate is being resolved, +1; 0 outside */
  const char *group_call;
} checker;

/* Checking and evaluating recurse through expressions and, at each name,
 * into the declaration it names; deeper than this is refused. */
enum { CHECK_MAX_NESTING = 3000 };

/* Where an expression sits, which decides what its names may mean. */
typedef struct scope {
  int aggregate;             /* -1 outside; -2 inside, relation not yet known */
  bool in_previous;
  bool in_test;
} scope;

/* check.c */
int check_program(arena *mem, source_set *src, parsed_file *files, int file_count,
                  const db_schema *schema, program *out);
decl *names_lookup(const checker *c, const char *name);
kam_type check_decl(checker *c, decl *d);
const char *type_name(kam_type t);
void column_apply_schema(column_info *col, const db_schema *schema);

/* resolve.c */
kam_type resolve_expr(checker *c, expr *e, scope *s);
kam_type resolve_condition(checker *c, expr *e, scope *s, const char *what);

/* Shared by resolve.c (names, operators) and resolve_call.c (calls). */
static inline kam_type expr_set_type(expr *e, kam_type t) {
  e->type = t;
  return t;
}
/* Types that may hold a number at run time. */
static inline bool type_is_numeric(kam_type t) {
  return t == T_NUMBER || t == T_ANY || t == T_NULL || t == T_TEXT;
}
bool literal_can_be_number(checker *c, const expr *e);
int relation_index(const checker *c, const decl *d);
kam_type resolve_column(checker *c, expr *e, int relation, const char *name, kam_span at);
const db_table *table_of(const checker *c, int relation);
kam_type resolve_call(checker *c, expr *e, scope *s);
kam_type resolve_name(checker *c, expr *e, scope *s);
/* The type of a value that may be either: T_ANY when they differ. */
kam_type type_unify(kam_type a, kam_type b);
kam_type resolve_previous(checker *c, expr *e, scope *outer);

/* resolve_group.c */
bool is_group_call(const char *name);
kam_type resolve_group_call(checker *c, expr *e, scope *outer);

#endif
