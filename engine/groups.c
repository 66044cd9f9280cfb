/*
 * groups.c — the group pass and the group aggregates.
 *
 * A group aggregate of one subject needs values of other subjects, which
 * the key-ordered scan meets anywhere.  So before subjects are evaluated,
 * the group pass finds the groups with more than one member (one SQL
 * GROUP BY over the group column, which SQLite answers with a sort of that
 * column alone), then streams every subject once through an ordinary
 * session: a subject of such a group has each group aggregate's value and
 * condition evaluated in its own scope and accumulated into its group's
 * entry; any other subject is passed over after one hash lookup.  The run
 * proper then reads a subject's group aggregates from the table, and a
 * subject alone in its group (or with a null group value) has them computed
 * from itself.  A group aggregate that rolls up another group aggregate
 * needs that one complete first: such aggregates are done in levels, one
 * pass each.
 *
 * Memory: only groups of two or more members are stored: each keeps one
 * result per group aggregate (32 bytes) plus its entry and hash slot.  The
 * accumulators (88 bytes per group and aggregate) live only during the pass
 * of their level, so kam diff, which builds one table per rule set, never
 * holds two sets of them.  Memory grows with the number of shared groups,
 * not with the subjects.
 * Group values are matched as SQLite's GROUP BY on the column matches them
 * (that is, as `=` between two cells of one column: numbers by value,
 * 7 and 7.0 alike, text byte by byte, collations not applied).
 */
#include "groups.h"
#include "results.h"
#include "session.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- group values as hash keys -------------------------------------------------- */

/* 7.0 is stored as the integer 7, so that it meets the group 7. */
static value normalized(value v) {
  if (v.type == V_REAL && v.u.d == floor(v.u.d) && fabs(v.u.d) < 9.2e18) return v_int((int64_t)v.u.d);
  v.origin = 0;
  return v;
}

static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

static uint64_t hash_value(value v) {
  if (v.type == V_INT) return mix((uint64_t)v.u.i);
  if (v.type == V_REAL) {
    uint64_t bits;
    memcpy(&bits, &v.u.d, sizeof bits);
    return mix(bits ^ 0x9e3779b97f4a7c15ULL);
  }
  uint64_t h = 1469598103934665603ULL;
  for (int i = 0; i < v.u.t.n; i++) h = (h ^ (unsigned char)v.u.t.s[i]) * 1099511628211ULL;
  return mix(h);
}

static bool same_key(value a, value b) {
  if (a.type != b.type) return false;
  if (a.type == V_INT) return a.u.i == b.u.i;
  if (a.type == V_REAL) return a.u.d == b.u.d;
  return a.u.t.n == b.u.t.n && memcmp(a.u.t.s, b.u.t.s, (size_t)a.u.t.n) == 0;
}

static long *slot_of(const group_table *t, value key, uint64_t h) {
  for (long i = (long)(h & (uint64_t)(t->cap - 1));; i = (i + 1) & (t->cap - 1)) {
    long *slot = &t->index[i];
    if (*slot < 0 || same_key(t->entries[*slot].key, key)) return slot;
  }
}

const group_entry *groups_find(const group_table *t, value group) {
  if (!t || !t->count || group.type == V_NULL) return NULL;
  value key = normalized(group);
  long *slot = slot_of(t, key, hash_value(key));
  return *slot < 0 ? NULL : &t->entries[*slot];
}

static value copied(arena *mem, value v) {
  if (v.type == V_TEXT) v.u.t.s = arena_strndup(mem, v.u.t.s, (size_t)v.u.t.n);
  return v;
}

/* Adds a group of `members` subjects (known distinct: from GROUP BY); its
 * key is normalized and already in t->mem. */
static void add_group(group_table *t, value key, long members) {
  group_entry *en = &t->entries[t->count];
  en->key = key;
  en->hash = hash_value(key);
  en->members = members;
  en->results = arena_alloc(&t->mem, sizeof(group_result) * (size_t)(t->prog->groups.count + 1));
  *slot_of(t, key, en->hash) = t->count++;
  t->grouped += members;
  if (members > t->largest) {
    t->largest = members;
    t->largest_key = key;
  }
}

/* --- which groups have more than one member, and who is in them ------------- */

/* The pass's two temporary tables: the shared groups (g, n) and their
 * members' keys (k).  Each pass names its own, so that two rule sets on one
 * connection (kam diff) never meet. */
typedef struct pass_tables {
  const char *shared, *members;   /* "temp"."name", NULL when not made */
} pass_tables;

static _Atomic unsigned long pass_serial;

static int exec(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }

/* The groups of more than one subject as (g, n); `only`, when given, is the
 * one group explain needs (bound as ?1), so its members alone are read. */
static char *shared_groups_select(arena *mem, const program *p, const value *only) {
  const column_info *g = p->columns.items[p->group_column];
  const char *col = sql_quote_ident(mem, g->name), *key = sql_quote_ident(mem, p->entity->key);
  return arena_printf(mem, "SELECT %s AS g, count(*) AS n FROM %s WHERE %s IS NOT NULL AND %s IS NOT NULL%s "
                      "GROUP BY %s COLLATE BINARY HAVING count(*) > 1",
                      col, sql_quote_ident(mem, p->entity->table), key, col,
                      only ? arena_printf(mem, " AND %s = ?1 COLLATE BINARY", col) : "", col);
}

/* CREATE TABLE AS gives g the group column's affinity, so `col IN (g)`
 * matches as `=` between two cells of the column does (under the column's
 * own collation: at worst a few more subjects read, never fewer). */
static int make_pass_tables(pass_tables *pt, arena *mem, const program *p, sqlite3 *db, const value *only) {
  const column_info *g = p->columns.items[p->group_column];
  const char *col = sql_quote_ident(mem, g->name), *key = sql_quote_ident(mem, p->entity->key);
  const char *table = sql_quote_ident(mem, p->entity->table);
  unsigned long n = ++pass_serial;
  const char *shared = arena_printf(mem, "\"temp\".\"kam_shared_groups_%lu\"", n);
  const char *members = arena_printf(mem, "\"temp\".\"kam_group_members_%lu\"", n);
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, arena_printf(mem, "CREATE TABLE %s AS %s", shared, shared_groups_select(mem, p, only)),
                              -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  if (only) bind_value(st, 1, *only, p);
  rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
  sqlite3_finalize(st);
  if (rc != SQLITE_OK) return rc;
  pt->shared = shared;
  rc = exec(db, arena_printf(mem, "CREATE TABLE %s AS SELECT %s AS k FROM %s "
                             "WHERE %s IS NOT NULL AND %s IN (SELECT g FROM %s)",
                             members, key, table, key, col, shared));
  if (rc == SQLITE_OK) pt->members = members;
  return rc;
}

/* Best effort: a table left behind goes with the connection. */
static void drop_pass_tables(const pass_tables *pt, arena *mem, sqlite3 *db) {
  if (pt->members) exec(db, arena_printf(mem, "DROP TABLE %s", pt->members));
  if (pt->shared) exec(db, arena_printf(mem, "DROP TABLE %s", pt->shared));
}

/* From the pass's table, or (without it) straight from the entity's. */
static int load_shared_groups(group_table *t, sqlite3 *db, const pass_tables *pt, const value *only) {
  const program *p = t->prog;
  sqlite3_stmt *st;
  const char *sql = pt->shared ? arena_printf(&t->mem, "SELECT g, n FROM %s", pt->shared)
                               : shared_groups_select(&t->mem, p, only);
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  if (!pt->shared && only) bind_value(st, 1, *only, p);
  long n = 0, cap = 64;
  t->entries = malloc(sizeof(group_entry) * (size_t)cap);
  if (!t->entries) abort();
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (n == cap) {
      cap *= 2;
      group_entry *bigger = realloc(t->entries, sizeof(group_entry) * (size_t)cap);
      if (!bigger) abort();
      t->entries = bigger;
    }
    t->entries[n].key = copied(&t->mem, normalized(column_value(st, 0, NULL)));
    t->entries[n].members = (long)sqlite3_column_int64(st, 1);
    n++;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return rc;
  t->cap = 16;
  while (t->cap < n * 2) t->cap *= 2;
  t->index = malloc(sizeof(long) * (size_t)t->cap);
  if (!t->index) abort();
  for (long i = 0; i < t->cap; i++) t->index[i] = -1;
  for (long i = 0; i < n; i++) add_group(t, t->entries[i].key, t->entries[i].members);
  return SQLITE_OK;
}

/* --- levels: a group aggregate that reads another is done after it ------------ */

typedef struct level_walk {
  const program *p;
  int *levels;            /* by slot; 0 not yet known */
  ptr_vec seen;           /* declarations walked for the current aggregate */
  arena *mem;
} level_walk;

static int level_of(level_walk *w, const expr *g);

static bool seen_before(level_walk *w, const decl *d) {
  for (int i = 0; i < w->seen.count; i++)
    if (w->seen.items[i] == d) return true;
  ptr_vec_push(w->mem, &w->seen, (void *)d);
  return false;
}

static int deepest_in_decl(level_walk *w, const decl *d);

static int deepest_in(level_walk *w, const expr *e) {
  if (!e) return 0;
  int deepest = 0;
  const expr *children[] = {e->a, e->b, e->c};
  for (int i = 0; i < 3; i++) {
    int l = deepest_in(w, children[i]);
    if (l > deepest) deepest = l;
  }
  for (int i = 0; i < e->list.count; i++) {
    int l = deepest_in(w, e->list.items[i]);
    if (l > deepest) deepest = l;
  }
  int here = 0;
  if (e->kind == E_GROUP) here = level_of(w, e);
  else if ((e->kind == E_DECL || e->kind == E_SCORE_PART) && e->decl) here = deepest_in_decl(w, e->decl);
  return here > deepest ? here : deepest;
}

static int deepest_in_root(void *ctx, const expr *e) { return deepest_in(ctx, e); }

static int deepest_in_decl(level_walk *w, const decl *d) {
  return seen_before(w, d) ? 0 : decl_max_over(d, deepest_in_root, w);
}

/* 1 for an aggregate that reads no other; the checker has refused cycles. */
static int level_of(level_walk *w, const expr *g) {
  if (w->levels[g->slot]) return w->levels[g->slot];
  ptr_vec saved = w->seen;
  memset(&w->seen, 0, sizeof w->seen);
  int below = deepest_in(w, g->a);
  int l = deepest_in(w, g->b);
  w->seen = saved;
  w->levels[g->slot] = 1 + (l > below ? l : below);
  return w->levels[g->slot];
}

/* --- accumulating ------------------------------------------------------------------- */

/* An integer and a real compare as numbers (1.0 against 702), as in min
 * and max; other values of different kinds are not compared. */
static void take_extreme(value *best, value v, int sign) {
  bool comparable = best->type == v.type || (v_is_number(*best) && v_is_number(v));
  if (best->type == V_NULL || (comparable && value_compare(v, *best) * sign > 0)) *best = v;
}

/* One member's value of group aggregate e, added to acc.  `copy_into`
 * keeps min/max text beyond the member's scratch memory. */
static value contribute(evaluator *ev, const expr *e, group_acc *acc, arena *copy_into) {
  if (e->b && eval_truth(ev, e->b) != 1) return v_null();
  acc->rows++;
  if (e->aggregate == A_COUNT) {
    acc->count++;
    return v_int(1);
  }
  value v = eval_expr(ev, e->a);
  if (v.type == V_NULL) return v;
  if (e->aggregate == A_SUM || e->aggregate == A_AVG) {
    v = eval_need_number(ev, v);   /* unreadable: warned (for the subject itself), skipped */
    if (v.type == V_NULL) return v;
    acc->count++;
    acc->dsum += v_as_double(v);
    if (v.type == V_REAL) acc->real = true;
    else wide_add(&acc->isum, v.u.i);
    return v;
  }
  int sign = e->aggregate == A_MAX ? 1 : -1;
  value n;
  int64_t days;
  kam_type kind = extreme_kind(v, &n);
  if (kind == T_NUMBER) {
    acc->any_number = true;
    take_extreme(&acc->best_number, n, sign);
  } else if (kind == T_DATE) {
    acc->any_date = true;
    take_extreme(&acc->best_date, v, sign);
  } else if (v.type == V_TEXT && date_parse(v.u.t.s, v.u.t.n, &days)) {
    /* Text is no reason to read dates, but once another value is a date
     * it reads as one, as in min and max (eval_need_date). */
    take_extreme(&acc->best_date, v_date(days), sign);
  }
  value before = acc->best_raw;
  take_extreme(&acc->best_raw, v, sign);
  if (copy_into && acc->best_raw.type == V_TEXT && !same_key(before, acc->best_raw))
    acc->best_raw = copied(copy_into, acc->best_raw);
  return v;
}

/* The aggregate rules of single-subject aggregates: nulls skipped, no
 * member passing `where` gives 0 for sum and count, null for the others.
 * A sum beyond the range of a double stays infinite here; each subject that
 * reads it gets null and the warning (eval_group). */
static void finish(const expr *e, const group_acc *acc, group_result *out) {
  out->reading = T_ANY;
  switch (e->aggregate) {
  case A_COUNT: out->value = v_int(acc->rows); return;
  case A_SUM:
    if (acc->rows > 0 && acc->count == 0) out->value = v_null();
    else if (acc->real) out->value = v_real(acc->dsum);
    else {
      int64_t exact;
      out->value = wide_fits(acc->isum, &exact) ? v_int(exact) : v_real(wide_double(acc->isum));
    }
    return;
  case A_AVG:
    out->value = !acc->count ? v_null()
                : v_real((acc->real ? acc->dsum : wide_double(acc->isum)) / (double)acc->count);
    return;
  default: {
    kam_type known = e->a->type;
    kam_type reading = known == T_NUMBER || known == T_DATE ? known
                     : acc->any_number ? T_NUMBER : acc->any_date ? T_DATE : T_ANY;
    out->reading = (uint8_t)reading;
    out->value = reading == T_NUMBER ? acc->best_number : reading == T_DATE ? acc->best_date : acc->best_raw;
  }
  }
}

/* --- the pass ------------------------------------------------------------------------ */

static void record_member(group_table *t, const evaluator *ev, value *gave) {
  if (t->recorded_count == t->recorded_cap) {
    t->recorded_cap = t->recorded_cap ? t->recorded_cap * 2 : 16;
    group_member *bigger = realloc(t->recorded, sizeof(group_member) * (size_t)t->recorded_cap);
    if (!bigger) abort();
    t->recorded = bigger;
  }
  group_member *m = &t->recorded[t->recorded_count++];
  m->key = copied(&t->mem, ev->key);
  const program *p = t->prog;
  m->label = v_null();
  if (p->label_column >= 0)
    m->label = copied(&t->mem, ev->entity[((column_info *)p->columns.items[p->label_column])->slot]);
  m->gave = gave;
}

/* accs: this group's accumulators of the level, by the level's own slots. */
static void member_of_level(group_table *t, evaluator *ev, group_entry *en, group_acc *accs, const int *levels,
                            int level) {
  const program *p = t->prog;
  bool keep = t->record && same_key(en->key, normalized(t->record_key));
  value *gave = NULL;
  if (keep) {
    if (level == 1) {
      gave = arena_alloc(&t->mem, sizeof(value) * (size_t)(p->groups.count + 1));
      record_member(t, ev, gave);
    } else {
      for (int i = 0; i < t->recorded_count; i++)
        if (same_key(normalized(t->recorded[i].key), normalized(ev->key))) gave = t->recorded[i].gave;
    }
  }
  for (int g = 0, k = 0; g < p->groups.count; g++) {
    if (levels[g] != level) continue;
    value v = contribute(ev, p->groups.items[g], &accs[k++], &t->mem);
    if (gave) gave[g] = copied(&t->mem, v);
  }
}

/* The accumulators of one level, every group's, are allocated for its pass
 * and freed after it: only the results stay, so two group tables (kam
 * diff) never hold their accumulators at once. */
static int pass_level(group_table *t, session *s, const int *levels, int level) {
  const program *p = t->prog;
  int at_level = 0;
  for (int g = 0; g < p->groups.count; g++) at_level += levels[g] == level;
  group_acc *accs = calloc((size_t)t->count * (size_t)at_level + 1, sizeof *accs);
  if (!accs) abort();
  bool loaded;
  int rc;
  while ((rc = session_next(s, &loaded)) == SQLITE_OK && loaded) {
    group_entry *en = (group_entry *)groups_find(t, groups_subject_value(&s->ev));
    if (en) member_of_level(t, &s->ev, en, &accs[(en - t->entries) * at_level], levels, level);
  }
  for (long i = 0; rc == SQLITE_OK && i < t->count; i++)
    for (int g = 0, k = 0; g < p->groups.count; g++)
      if (levels[g] == level) finish(p->groups.items[g], &accs[i * at_level + k++], &t->entries[i].results[g]);
  free(accs);
  return rc;
}

int groups_build(group_table **out, const program *p, sqlite3 *db, sqlite3 *runs_db,
                 sqlite3_int64 previous_run, int64_t as_of, const value *record_for) {
  *out = NULL;
  if (!p->group || p->group_column < 0) return SQLITE_OK;
  group_table *t = calloc(1, sizeof *t);
  if (!t) abort();
  t->prog = p;
  arena_init(&t->mem);
  t->largest = 1;
  if (record_for && record_for->type != V_NULL) {
    t->record = true;
    t->record_key = copied(&t->mem, normalized(*record_for));
  }
  /* Only the members of shared groups are read (by key, through the
   * relations' indexes); without the temporary tables, everyone is. */
  if (record_for && record_for->type == V_NULL) {   /* a group of one: nothing to pass over */
    *out = t;
    return SQLITE_OK;
  }
  pass_tables pt = {0};
  const value *only = t->record ? record_for : NULL;
  if (make_pass_tables(&pt, &t->mem, p, db, only) != SQLITE_OK) {
    drop_pass_tables(&pt, &t->mem, db);
    pt = (pass_tables){0};
  }
  int rc = load_shared_groups(t, db, &pt, only);
  int *levels = arena_alloc(&t->mem, sizeof(int) * (size_t)(p->groups.count + 1));
  level_walk w = {.p = p, .levels = levels, .mem = &t->mem};
  int top = 0;
  for (int g = 0; g < p->groups.count; g++) {
    int l = level_of(&w, p->groups.items[g]);
    if (l > top) top = l;
  }
  for (int level = 1; rc == SQLITE_OK && level <= top && t->count; level++) {
    session s;
    arena plan_mem;
    arena_init(&plan_mem);
    rc = pt.members ? session_open_listed(&s, p, db, runs_db, previous_run, &plan_mem, as_of, pt.members)
                    : session_open(&s, p, db, runs_db, previous_run, &plan_mem, as_of, NULL, NULL, KEYS_ALL);
    s.ev.groups = t;   /* lower levels are complete; this level's are not read */
    if (rc == SQLITE_OK) rc = pass_level(t, &s, levels, level);
    session_close(&s);
    arena_free(&plan_mem);
  }
  drop_pass_tables(&pt, &t->mem, db);
  *out = t;
  return rc;
}

void groups_free(group_table *t) {
  if (!t) return;
  free(t->entries);
  free(t->index);
  free(t->recorded);
  arena_free(&t->mem);
  free(t);
}

/* --- one subject --------------------------------------------------------------------- */

value groups_subject_value(const evaluator *ev) {
  const program *p = ev->prog;
  if (p->group_column < 0) return v_null();
  return ev->entity[((column_info *)p->columns.items[p->group_column])->slot];
}

/* The subject's own part is evaluated here too, so that its unreadable
 * values are warned once, at the subject itself, in key order. */
value eval_group(evaluator *ev, const expr *e) {
  if (ev->aggregate_done[e->memo]) return ev->aggregates[e->memo];
  group_acc own;
  memset(&own, 0, sizeof own);   /* {0} would zero only the union's first member */
  value mine = contribute(ev, e, &own, NULL);
  const group_entry *en = groups_find(ev->groups, groups_subject_value(ev));
  group_result alone = {0};
  const group_result *r = en ? &en->results[e->slot] : &alone;
  if (!en) finish(e, &own, &alone);
  if (r->reading == T_NUMBER && mine.type != V_NULL) eval_need_number(ev, mine);
  else if (r->reading == T_DATE && mine.type != V_NULL) eval_need_date(ev, mine);
  value result = r->value;
  if (result.type == V_REAL && !isfinite(result.u.d)) result = finite_or_null_warned(ev, result.u.d);
  ev->aggregates[e->memo] = result;
  ev->aggregate_done[e->memo] = 1;
  return result;
}
