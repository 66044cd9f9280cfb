/*
 * resolve_group.c — checking the group aggregates: group_sum(EXPR [where C]),
 * group_avg, group_min, group_max and group_count([where C]).  EXPR and C
 * are read per member in the entity's scope, whatever surrounds the call;
 * a declaration that would roll up its own value is the cycle check.c
 * finds, named with the group aggregate it runs through.
 */
#include "check.h"

#include <string.h>

static const char *const group_names[] = {"group_count", "group_sum", "group_avg", "group_min", "group_max"};
static const enum aggregate group_kinds[] = {A_COUNT, A_SUM, A_AVG, A_MIN, A_MAX};
enum { GROUP_NAMES = 5 };

bool is_group_call(const char *name) {
  for (int i = 0; i < GROUP_NAMES; i++)
    if (strcmp(group_names[i], name) == 0) return true;
  return false;
}

static bool check_group_arity(checker *c, expr *e) {
  bool counting = e->aggregate == A_COUNT;
  if (e->distinct) {
    diag_error(c->src, e->span, "'distinct' belongs to count(distinct ...) only, not to %s()", e->text);
    return false;
  }
  if (counting && e->list.count != 0) {
    diag_error(c->src, e->span, "group_count() counts the group's members: it takes no value, only "
               "an optional 'where' (group_count(where deal_size > 0))");
    return false;
  }
  if (!counting && e->list.count != 1) {
    diag_error(c->src, e->span, "%s() takes one value and an optional 'where', not %d values",
               e->text, e->list.count);
    return false;
  }
  return true;
}

static kam_type group_result(checker *c, expr *e, kam_type arg) {
  switch (e->aggregate) {
  case A_COUNT: return T_NUMBER;
  case A_SUM: case A_AVG:
    if (!type_is_numeric(arg)) diag_error(c->src, e->span, "%s() needs numbers, not %s", e->text, type_name(arg));
    return T_NUMBER;
  default:
    e->tiering = e->a->tiering;
    return arg == T_NULL ? T_ANY : arg;
  }
}

kam_type resolve_group_call(checker *c, expr *e, scope *outer) {
  (void)outer;   /* members are read in the entity's scope, not the caller's */
  for (int i = 0; i < GROUP_NAMES; i++)
    if (strcmp(group_names[i], e->text) == 0) e->aggregate = group_kinds[i];
  if (!c->prog->group) {
    diag_error(c->src, e->span, "%s() aggregates over the subject's group, and the rule set declares "
               "none: add 'group by COLUMN' (e.g. 'group by group_id')", e->text);
    return expr_set_type(e, T_ANY);
  }
  if (!check_group_arity(c, e)) return expr_set_type(e, T_ANY);
  scope member = {-1, false, false};
  int saved_from = c->group_from;
  const char *saved_call = c->group_call;
  c->group_from = c->stack.count;   /* the declaration holding the call is stack[count - 1] */
  c->group_call = e->text;
  e->a = e->list.count ? e->list.items[0] : NULL;
  kam_type arg = e->a ? resolve_expr(c, e->a, &member) : T_NUMBER;
  if (e->b) resolve_condition(c, e->b, &member, "a 'where' condition");
  c->group_from = saved_from;
  c->group_call = saved_call;
  e->kind = E_GROUP;
  e->slot = c->prog->groups.count;
  ptr_vec_push(c->mem, &c->prog->groups, e);
  e->memo = c->prog->aggregate_count++;
  return expr_set_type(e, group_result(c, e, arg));
}
