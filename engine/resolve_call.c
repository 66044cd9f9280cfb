/*
 * resolve_call.c — checking calls: built-in functions (their arity and the
 * types they take and give), aggregates over a relation (which relation,
 * what `where` may see), and previous(X).  Names and operators are
 * resolve.c's; this file is called from its dispatcher.
 */
#include "builtins.h"
#include "check.h"
#include "value.h"

#include <string.h>
#include <strings.h>

const char *const builtin_names[B_COUNT_] = {
    "coalesce", "abs", "round", "least", "greatest", "days", "year",
    "month", "lower", "upper", "length", "contains", "starts_with",
    "ends_with", "trim", "replace", "substr", "number", "date", "open_days"};
const char *const aggregate_names[A_COUNT_] = {"count", "exists", "sum", "avg", "min", "max"};

/* --- calls: built-ins and aggregates --------------------------------------- */

static int find_name(const char *const *names, int count, const char *name) {
  for (int i = 0; i < count; i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

static bool check_arity(checker *c, expr *e, int min, int max) {
  int n = e->list.count;
  if (n >= min && n <= max) return true;
  if (min == max)
    diag_error(c->src, e->span, "%s() takes %d argument%s, not %d", e->text, min, min == 1 ? "" : "s", n);
  else if (max > 99)
    diag_error(c->src, e->span, "%s() takes at least %d arguments, not %d", e->text, min, n);
  else
    diag_error(c->src, e->span, "%s() takes %d to %d arguments, not %d", e->text, min, max, n);
  return false;
}

static kam_type builtin_result(checker *c, expr *e, kam_type *args) {
  switch (e->builtin) {
  case B_COALESCE: case B_LEAST: case B_GREATEST: {
    kam_type t = T_NULL;
    for (int i = 0; i < e->list.count; i++) t = type_unify(t, args[i]);
    if (t == T_TIER) e->tiering = ((expr *)e->list.items[0])->tiering;
    return t;
  }
  case B_ABS: case B_ROUND:
    for (int i = 0; i < e->list.count; i++)
      if (!type_is_numeric(args[i])) diag_error(c->src, e->span, "%s() needs numbers", e->text);
    return T_NUMBER;
  case B_DAYS: case B_LENGTH: return T_NUMBER;
  case B_SUBSTR:
    for (int i = 1; i < e->list.count; i++)
      if (!type_is_numeric(args[i]))
        diag_error(c->src, e->span, "substr() counts characters: its start and count are numbers");
      else
        literal_can_be_number(c, e->list.items[i]);
    return T_TEXT;
  case B_NUMBER:
    if (args[0] == T_DATE || args[0] == T_BOOL || args[0] == T_TIER || args[0] == T_DURATION)
      diag_error(c->src, e->span, "number() reads text, not %s", type_name(args[0]));
    return T_NUMBER;
  case B_DATE:
    if (args[0] == T_BOOL || args[0] == T_TIER || args[0] == T_DURATION)
      diag_error(c->src, e->span, "date() reads text, not %s", type_name(args[0]));
    return T_DATE;
  case B_YEAR: case B_MONTH:
    if (args[0] != T_ANY && args[0] != T_DATE && args[0] != T_TEXT && args[0] != T_NULL)
      diag_error(c->src, e->span, "%s() needs a date, not %s", e->text, type_name(args[0]));
    return T_NUMBER;
  case B_LOWER: case B_UPPER: case B_TRIM: case B_REPLACE: return T_TEXT;
  default: return T_BOOL;   /* contains, starts_with, ends_with */
  }
}

static kam_type resolve_builtin(checker *c, expr *e, scope *s) {
  static const int min_args[B_COUNT_] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 3, 2, 1, 1};
  static const int max_args[B_COUNT_] = {999, 1, 2, 999, 999, 1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 3, 3, 1, 1};
  if (e->b || e->distinct) {
    diag_error(c->src, e->span, "%s() is not an aggregate: 'where' and 'distinct' belong to "
               "count, exists, sum, avg, min and max", e->text);
    return expr_set_type(e, T_ANY);
  }
  kam_type args[64] = {0};
  for (int i = 0; i < e->list.count; i++) {
    kam_type t = resolve_expr(c, e->list.items[i], s);
    if (i < 64) args[i] = t;
  }
  if (!check_arity(c, e, min_args[e->builtin], max_args[e->builtin])) return expr_set_type(e, T_ANY);
  return expr_set_type(e, builtin_result(c, e, args));
}

static kam_type aggregate_result(checker *c, expr *e, kam_type arg) {
  switch (e->aggregate) {
  case A_COUNT: return T_NUMBER;
  case A_EXISTS: return T_BOOL;
  case A_SUM: case A_AVG:
    if (!type_is_numeric(arg)) diag_error(c->src, e->span, "%s() needs numbers, not %s", e->text, type_name(arg));
    return T_NUMBER;
  default: return arg == T_NULL ? T_ANY : arg;
  }
}

/* count(REL [where C]) | exists(REL [where C]) | AGG([distinct] EXPR [where C]) */
static kam_type resolve_aggregate(checker *c, expr *e, scope *outer) {
  scope s = *outer;
  s.aggregate = -2;
  kam_type arg = T_ANY;
  if (!check_arity(c, e, 1, 1)) return expr_set_type(e, T_ANY);
  expr *x = e->list.items[0];
  decl *named = x->kind == E_NAME ? names_lookup(c, x->text) : NULL;
  if (named && named->kind == D_RELATION && !e->distinct) {
    if (e->aggregate != A_COUNT && e->aggregate != A_EXISTS)
      diag_error(c->src, x->span, "%s() needs a value such as %s.amount, not the relation itself",
                 e->text, x->text);
    resolve_name(c, x, &s);
    s.aggregate = x->relation;
  } else {
    arg = resolve_expr(c, x, &s);
  }
  if (e->distinct && e->aggregate != A_COUNT)
    diag_error(c->src, e->span, "'distinct' belongs to count(distinct ...) only");
  if (e->b) resolve_condition(c, e->b, &s, "a 'where' condition");
  if (s.aggregate < 0) {
    diag_error(c->src, e->span, "%s() reads no relation: name a relation or a relation column "
               "(e.g. %s(deals.amount))", e->text, e->text);
    return expr_set_type(e, T_ANY);
  }
  e->kind = E_AGGREGATE;
  e->relation = s.aggregate;
  e->memo = c->prog->aggregate_count++;
  e->tiering = x->tiering;
  return expr_set_type(e, aggregate_result(c, e, arg));
}

/* Close names only: a typo away (edit distance 2, 1 under 5 letters) or cut
 * short / run on by 4+ shared letters ("substring").  A farther guess
 * misleads ("concat" is not "count"): then the built-ins of the call's kind
 * are listed (aggregates with where/distinct or a relation argument). */
static bool close_name(const char *wrong, const char *name) {
  size_t n = strlen(wrong), m = strlen(name), shorter = n < m ? n : m;
  int d = edit_distance(wrong, name);
  return (d <= 2 && d * 3 <= (int)n + 1) || (shorter >= 4 && strncasecmp(wrong, name, shorter) == 0);
}

static const char *function_suggestion(checker *c, const expr *e) {
  const char *near[2] = {NULL, NULL};
  for (int i = 0; i < B_COUNT_ + A_COUNT_; i++) {
    const char *name = i < B_COUNT_ ? builtin_names[i] : aggregate_names[i - B_COUNT_];
    if (close_name(e->text, name)) near[near[0] != NULL] = name;
  }
  if (near[1]) return arena_printf(c->mem, " (did you mean '%s' or '%s'?)", near[0], near[1]);
  if (near[0]) return arena_printf(c->mem, " (did you mean '%s'?)", near[0]);
  const expr *arg = e->list.count ? e->list.items[0] : NULL;
  decl *d = arg && (arg->kind == E_NAME || arg->kind == E_FIELD) ? names_lookup(c, arg->text) : NULL;
  bool aggregate = e->b || e->distinct || (d && d->kind == D_RELATION);
  const char *list = "";
  for (int i = 0; i < (aggregate ? A_COUNT_ : B_COUNT_); i++)
    list = arena_printf(c->mem, "%s%s%s", list, i ? ", " : "", aggregate ? aggregate_names[i] : builtin_names[i]);
  return arena_printf(c->mem, " (the %s are: %s)", aggregate ? "aggregates" : "functions", list);
}

/* open_days(ALERT) (contract §4): its argument names an alert; evaluation
 * reads the subject's open episode of it (builtins.c), not its value. */
static kam_type resolve_open_days(checker *c, expr *e, scope *s) {
  if (!check_arity(c, e, 1, 1)) return expr_set_type(e, T_NUMBER);
  expr *x = e->list.items[0];
  resolve_expr(c, x, s);
  if (x->kind != E_DECL || x->decl->kind != D_ALERT)
    diag_error(c->src, x->span, "open_days() takes the name of an alert");
  return expr_set_type(e, T_NUMBER);
}

kam_type resolve_call(checker *c, expr *e, scope *s) {
  if (is_group_call(e->text)) return resolve_group_call(c, e, s);
  int agg = find_name(aggregate_names, A_COUNT_, e->text);
  if (agg >= 0) {
    e->aggregate = agg;
    return resolve_aggregate(c, e, s);
  }
  int b = find_name(builtin_names, B_COUNT_, e->text);
  if (b < 0) {
    diag_error(c->src, e->span, "unknown function '%s'%s", e->text, function_suggestion(c, e));
    return expr_set_type(e, T_ANY);   /* its arguments are not looked at: one error is enough */
  }
  e->builtin = b;
  if (b == B_OPEN_DAYS) return resolve_open_days(c, e, s);
  return resolve_builtin(c, e, s);
}

/* --- previous(X) ------------------------------------------------------------ */

static previous_ref *new_previous(checker *c, expr *e, enum previous_kind kind, decl *d) {
  previous_ref *p = arena_alloc(c->mem, sizeof *p);
  p->kind = kind;
  p->d = d;
  p->slot = c->prog->previous.count;
  p->back = 1;
  ptr_vec_push(c->mem, &c->prog->previous, p);
  e->slot = p->slot;
  return p;
}

/* previous(X, N): N a whole number from 1 (previous(X) is previous(X, 1)). */
static int runs_back(checker *c, const expr *e) {
  if (!e->b) return 1;
  if (e->b->kind == E_INT && e->b->ival >= 1 && e->b->ival <= 1000) return (int)e->b->ival;
  diag_error(c->src, e->b->span, "previous(X, N) needs N as a whole number from 1 to 1000 (runs back)");
  return 1;
}

kam_type resolve_previous(checker *c, expr *e, scope *outer) {
  scope s = *outer;
  s.in_previous = true;
  expr *x = e->a;
  resolve_expr(c, x, &s);
  int back = runs_back(c, e);
  if (x->kind == E_DECL && x->decl->kind == D_TIERING) {
    new_previous(c, e, PREV_TIER, x->decl)->back = back;
    e->tiering = x->decl->index;
    return expr_set_type(e, T_TIER);
  }
  if (x->kind == E_DECL && x->decl->kind == D_SCORECARD) {
    new_previous(c, e, PREV_SCORE, x->decl)->back = back;
    return expr_set_type(e, T_NUMBER);
  }
  if (x->kind == E_DECL && x->decl->kind == D_OUTPUT) {
    new_previous(c, e, PREV_OUTPUT, x->decl)->back = back;
    return expr_set_type(e, T_ANY);
  }
  if (x->kind == E_SCORE_PART && x->part <= PART_METRIC) {   /* an unknown part was reported */
    static const enum previous_kind kinds[] = {PREV_STAGE, PREV_GRADE, PREV_METRIC};
    previous_ref *p = new_previous(c, e, kinds[x->part], x->decl);
    p->back = back;
    if (x->part == PART_METRIC) p->m = x->decl->metrics[x->slot];
    return expr_set_type(e, x->part == PART_METRIC ? T_NUMBER : T_TEXT);
  }
  diag_error(c->src, x->span, "previous() reads what a run stores: a tiering, a scorecard, its "
             "stage, grade or a metric, or an output");
  return expr_set_type(e, T_ANY);
}

