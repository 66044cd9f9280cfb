/*
 * explain.h — the state of one kam explain (see explain.c).
 */
#ifndef KAM_EXPLAIN_H
#define KAM_EXPLAIN_H

#include "eval.h"
#include "ruleset.h"

typedef struct explainer {
  kam_ruleset *rs;
  const program *prog;
  evaluator *ev;
  arena *mem;
  bool json, first;
  bool members;        /* group by: list the group's members */
  strbuf out, warnings;
  struct group_table *group_members;   /* the members, when listed */
} explainer;

/* Explains one account of db; previous() reads the runs stored in runs_db
 * (NULL: none). */
int explain_subject(explainer *x, sqlite3 *db, sqlite3 *runs_db, int64_t as_of, const char *as_of_text,
                    const char *account);

#endif
