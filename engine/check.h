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

#endif
