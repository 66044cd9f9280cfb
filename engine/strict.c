/*
 * strict.c — kam check --strict: what is legal but almost certainly a
 * mistake in a checked rule set, each reported as a located warning.
 *
 *   - a tier no subject can reach, because every subject it would take has
 *     already been taken by an earlier tier (an unconditional tier before
 *     it, the same condition twice, or a threshold shadowed by an earlier
 *     one: `x >= 50` before `x >= 100`);
 *   - a let nobody reads, a relation no aggregate reads;
 *   - metric bands without `else`, a metric weighted 0 in every stage;
 *   - a condition that is constant (it reads no data and no as_of).
 *
 * It reads the checked tree and never changes it; it does not evaluate.
 * Reachability is judged on the conditions' form, so what it reports is
 * certain, and what it does not report may still be unreachable.
 */
#include "strict.h"

#include <string.h>

/* --- walking every expression --------------------------------------------- */

typedef void (*expr_visitor)(const expr *e, void *user);

static void walk(const expr *e, expr_visitor visit, void *user) {
  if (!e) return;
  visit(e, user);
  walk(e->a, visit, user);
  walk(e->b, visit, user);
  walk(e->c, visit, user);
  for (int i = 0; i < e->list.count; i++) walk(e->list.items[i], visit, user);
}

static void walk_decl(const decl *d, expr_visitor visit, void *user) {
  walk(d->value, visit, user);
  walk(d->stage, visit, user);
  for (int i = 0; i < d->tiers.count; i++) walk(((tier *)d->tiers.items[i])->when, visit, user);
  for (int i = 0; i < d->metric_count; i++) walk(d->metrics[i]->value, visit, user);
  for (int i = 0; i < d->message.count; i++) walk(((msg_piece *)d->message.items[i])->value, visit, user);
  for (int i = 0; i < d->expects.count; i++) walk(((test_expect *)d->expects.items[i])->value, visit, user);
}

static void walk_all(const parsed_file *files, int file_count, expr_visitor visit, void *user) {
  for (int f = 0; f < file_count; f++)
    for (int i = 0; i < files[f].decls.count; i++) walk_decl(files[f].decls.items[i], visit, user);
}

/* --- the same expression ------------------------------------------------------ */

static bool same_expr(const expr *x, const expr *y) {
  if (!x || !y) return x == y;
  if (x->kind != y->kind || x->binop != y->binop || x->unit != y->unit || x->builtin != y->builtin ||
      x->aggregate != y->aggregate || x->part != y->part || x->negated != y->negated || x->distinct != y->distinct ||
      x->ival != y->ival || x->dval != y->dval || x->slot != y->slot || x->decl != y->decl ||
      x->relation != y->relation || x->text_len != y->text_len || x->list.count != y->list.count)
    return false;
  if (x->kind == E_TEXT && memcmp(x->text, y->text, (size_t)x->text_len) != 0) return false;
  if (!same_expr(x->a, y->a) || !same_expr(x->b, y->b) || !same_expr(x->c, y->c)) return false;
  for (int i = 0; i < x->list.count; i++)
    if (!same_expr(x->list.items[i], y->list.items[i])) return false;
  return true;
}

/* --- tiers that cannot be reached ------------------------------------------------ */

/* The conditions joined by `and` at the top of e. */
static void conjuncts(arena *mem, const expr *e, ptr_vec *out) {
  if (e->kind == E_BINARY && e->binop == OP_AND) {
    conjuncts(mem, e->a, out);
    conjuncts(mem, e->b, out);
  } else {
    ptr_vec_push(mem, out, (void *)e);
  }
}

static bool number_literal(const expr *e, double *out) {
  if (e->kind == E_INT) { *out = (double)e->ival; return true; }
  if (e->kind == E_REAL) { *out = e->dval; return true; }
  if (e->kind == E_NEG && e->a && (e->a->kind == E_INT || e->a->kind == E_REAL)) {
    *out = e->a->kind == E_INT ? -(double)e->a->ival : -e->a->dval;
    return true;
  }
  return false;
}

/* `X op N` with the value on the left (a literal on the left is turned). */
static bool threshold(const expr *e, const expr **value, int *op, double *n) {
  if (e->kind != E_BINARY || e->binop < OP_LT || e->binop > OP_GE) return false;
  static const int turned[] = {[OP_LT] = OP_GT, [OP_LE] = OP_GE, [OP_GT] = OP_LT, [OP_GE] = OP_LE};
  if (number_literal(e->b, n)) { *value = e->a; *op = e->binop; return true; }
  if (number_literal(e->a, n)) { *value = e->b; *op = turned[e->binop]; return true; }
  return false;
}

/* Whether `later` holding means `earlier` holds (for the same value). */
static bool implies(const expr *later, const expr *earlier) {
  if (same_expr(later, earlier)) return true;
  const expr *x, *y;
  int op_later, op_earlier;
  double n_later, n_earlier;
  if (!threshold(later, &x, &op_later, &n_later) || !threshold(earlier, &y, &op_earlier, &n_earlier) ||
      !same_expr(x, y))
    return false;
  bool up_later = op_later == OP_GT || op_later == OP_GE, up_earlier = op_earlier == OP_GT || op_earlier == OP_GE;
  if (up_later != up_earlier) return false;
  if (n_later != n_earlier) return up_later ? n_later > n_earlier : n_later < n_earlier;
  /* equal thresholds: x > N implies x >= N, and each implies itself */
  return op_later == op_earlier || op_later == OP_GT || op_later == OP_LT;
}

/* Every conjunct of the earlier condition follows from some conjunct of the later. */
static bool taken_by(arena *mem, const expr *later, const expr *earlier) {
  ptr_vec l = {0}, e = {0};
  conjuncts(mem, later, &l);
  conjuncts(mem, earlier, &e);
  for (int i = 0; i < e.count; i++) {
    bool found = false;
    for (int j = 0; j < l.count && !found; j++) found = implies(l.items[j], e.items[i]);
    if (!found) return false;
  }
  return true;
}

static void unreachable_tiers(strict_state *st, const decl *t) {
  for (int j = 1; j < t->tiers.count; j++) {
    const tier *later = t->tiers.items[j];
    for (int i = 0; i < j; i++) {
      const tier *earlier = t->tiers.items[i];
      const char *why = !earlier->when ? "comes after the unconditional tier %s"
                      : later->when && taken_by(st->mem, later->when, earlier->when)
                          ? "can never be chosen: every account it takes is already taken by tier %s"
                          : NULL;
      if (!why) continue;
      strbuf msg;
      sb_init(&msg);
      sb_printf(&msg, "tier %s of %s ", later->name, t->name);
      sb_printf(&msg, why, earlier->name);
      diag_warning(st->src, later->name_span, "%s", msg.data);
      sb_free(&msg);
      st->count++;
      break;
    }
  }
}

/* --- what nobody reads -------------------------------------------------------- */

static void mark_read(const expr *e, void *user) {
  strict_state *st = user;
  if (e->kind == E_DECL && e->decl && e->decl->kind == D_LET && e->decl->index < st->let_count)
    st->let_read[e->decl->index] = true;
  if (e->kind == E_AGGREGATE && e->relation >= 0 && e->relation < st->relation_count)
    st->relation_read[e->relation] = true;
}

static void unread_declarations(strict_state *st, const program *p) {
  for (int i = 0; i < p->lets.count; i++) {
    const decl *d = p->lets.items[i];
    if (st->let_read[i]) continue;
    diag_warning(st->src, d->name_span, "let %s is never read: remove it, or make it an output", d->name);
    st->count++;
  }
  for (int r = 0; r < p->relations.count; r++) {
    if (st->relation_read[r]) continue;
    const decl *d = ((relation_info *)p->relations.items[r])->d;
    diag_warning(st->src, d->name_span, "relation %s is not read by any aggregate", d->name);
    st->count++;
  }
}

/* --- scorecards ------------------------------------------------------------------- */

static void scorecard_gaps(strict_state *st, const decl *sc) {
  for (int m = 0; m < sc->metric_count; m++) {
    const metric *mt = sc->metrics[m];
    bool has_else = false;
    for (int b = 0; b < mt->bands.count; b++) has_else |= ((band *)mt->bands.items[b])->op == -1;
    if (mt->bands.count && !has_else) {
      diag_warning(st->src, mt->name_span, "metric %s has bands without else: a value no band takes "
                   "scores null and counts as no data", mt->name);
      st->count++;
    }
    bool weighed = false;
    for (int r = 0; r < sc->weights.count; r++) {
      const weight_row *row = sc->weights.items[r];
      weighed |= row->by_metric && row->by_metric[m] > 0;
    }
    if (sc->weights.count && !weighed) {
      diag_warning(st->src, mt->name_span, "metric %s is weighted 0 in every stage: it never counts", mt->name);
      st->count++;
    }
  }
}

/* --- constant conditions ------------------------------------------------------------ */

static void note_data(const expr *e, void *user) {
  bool *reads = user;
  switch (e->kind) {
  case E_COLUMN: case E_REL_COLUMN: case E_RELATION: case E_DECL: case E_SCORE_PART:
  case E_AGGREGATE: case E_PREVIOUS: case E_AS_OF: case E_GROUP:
    *reads = true;
    break;
  default: break;
  }
}

static void constant_condition(strict_state *st, const expr *e, const char *where) {
  if (!e) return;
  bool reads = false;
  walk(e, note_data, &reads);
  if (reads) return;
  diag_warning(st->src, e->span, "the condition of %s is constant: it reads no data", where);
  st->count++;
}

static void constant_conditions(strict_state *st, const program *p) {
  for (int i = 0; i < p->tierings.count; i++) {
    const decl *t = p->tierings.items[i];
    for (int k = 0; k < t->tiers.count; k++) {
      const tier *tr = t->tiers.items[k];
      char *what = arena_printf(st->mem, "tier %s of %s", tr->name, t->name);
      constant_condition(st, tr->when, what);
    }
  }
  for (int i = 0; i < p->alerts.count; i++) {
    const decl *a = p->alerts.items[i];
    constant_condition(st, a->value, arena_printf(st->mem, "alert %s", a->name));
  }
}

/* --- the whole set --------------------------------------------------------------- */

int strict_check(source_set *src, arena *mem, const program *p, const parsed_file *files, int file_count) {
  strict_state st = {src, mem, 0, NULL, p->relations.count, NULL, p->lets.count};
  st.relation_read = arena_alloc(mem, sizeof(bool) * (size_t)(p->relations.count + 1));
  memset(st.relation_read, 0, sizeof(bool) * (size_t)(p->relations.count + 1));
  st.let_read = arena_alloc(mem, sizeof(bool) * (size_t)(p->lets.count + 1));
  memset(st.let_read, 0, sizeof(bool) * (size_t)(p->lets.count + 1));
  for (int i = 0; i < p->tierings.count; i++) unreachable_tiers(&st, p->tierings.items[i]);
  walk_all(files, file_count, mark_read, &st);
  unread_declarations(&st, p);
  for (int i = 0; i < p->scorecards.count; i++) scorecard_gaps(&st, p->scorecards.items[i]);
  constant_conditions(&st, p);
  return st.count;
}
