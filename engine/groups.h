/*
 * groups.h — `group by COLUMN` and the group aggregates (group_sum,
 * group_avg, group_min, group_max, group_count): the group pass that
 * computes them over every member of each group, and their evaluation for
 * one subject.  See groups.c for how the pass works and what it costs.
 */
#ifndef KAM_GROUPS_H
#define KAM_GROUPS_H

#include "eval.h"

#include <sqlite3.h>

/* One group aggregate over one group, accumulated member by member.  It
 * lives only while the pass reads its level; what stays is the result. */
typedef struct group_acc {
  int64_t rows;              /* members that passed `where` */
  union {                    /* an aggregate is a count, a sum or an extreme: never two */
    struct {                 /* group_count, group_sum, group_avg */
      int64_t count;         /* values taken (not null, readable) */
      wide_sum isum;         /* their exact sum while all are integers (value.c) */
      double dsum;
      bool real;
    };
    struct {                 /* group_min, group_max */
      bool any_number, any_date;   /* what the values read as */
      value best_number, best_date, best_raw;
    };
  };
} group_acc;

/* A group aggregate's value for one group, once the group is complete. */
typedef struct group_result {
  value value;
  uint8_t reading;           /* group_min/max: kam_type the values were read as */
} group_result;

/* A member recorded for explain --members: its key and label, and what it
 * gave each group aggregate (null: nothing, or it did not pass `where`). */
typedef struct group_member {
  value key, label;
  value *gave;               /* by group aggregate slot */
} group_member;

/* A group with more than one member.  Groups of one are not stored: their
 * aggregates are computed from the subject alone. */
typedef struct group_entry {
  value key;                 /* the group value as stored (normalized numbers) */
  uint64_t hash;
  long members;
  group_result *results;     /* by group aggregate slot */
} group_entry;

typedef struct group_table {
  const program *prog;
  arena mem;
  group_entry *entries;
  long count;
  long *index;               /* open addressing into entries; -1 empty */
  long cap;
  long grouped;              /* subjects in groups of more than one */
  long largest;              /* members of the largest group (at least 1 when any subject) */
  value largest_key;
  /* explain --members: the group whose members are recorded (V_NULL: none) */
  bool record;
  value record_key;
  group_member *recorded;
  int recorded_count, recorded_cap;
} group_table;

/* The group pass: reads every subject of db and accumulates the group
 * aggregates of each group with more than one member.  record_for, when not
 * NULL, names the one group explain needs: only its members are read, and
 * they are kept (a null value is a group of one: nothing is read).  Returns
 * an SQLite code; *out is NULL when the program has no group aggregates. */
int groups_build(group_table **out, const program *p, sqlite3 *db, sqlite3 *results,
                 sqlite3_int64 previous_run, int64_t as_of, const value *record_for);
void groups_free(group_table *t);
/* The group entry of a stored group value; NULL for a group of one. */
const group_entry *groups_find(const group_table *t, value group);
/* The current subject's group value as stored (null: a group of its own). */
value groups_subject_value(const evaluator *ev);
/* E_GROUP on the current subject. */
value eval_group(evaluator *ev, const expr *e);

#endif
