/*
 * eval.c — the checked tree evaluated on one subject: operators with
 * three-valued logic and null propagation, dates and durations, and
 * aggregates; built-in functions are in builtins.c.  Declarations (tiers,
 * scorecards, alerts, messages) are in decls.c.  Nothing here reads a
 * database: run.c and test.c fill the subject's rows before asking.
 */
#include "eval.h"
#include "builtins.h"
#include "groups.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void eval_init(evaluator *ev, const program *prog) {
  memset(ev, 0, sizeof *ev);
  ev->prog = prog;
  arena_init(&ev->scratch);
  int relations = prog->relations.count;
  ev->entity = calloc((size_t)prog->entity_column_count + 1, sizeof(value));
  ev->relations = calloc((size_t)relations + 1, sizeof(rel_rows));
  for (int r = 0; r < relations; r++)
    ev->relations[r].columns = ((relation_info *)prog->relations.items[r])->column_count;
  ev->current_row = calloc((size_t)relations + 1, sizeof(int));
  ev->previous = calloc((size_t)prog->previous.count + 1, sizeof(value));
  ev->episodes = calloc((size_t)prog->alerts.count + 1, sizeof(open_episode));
  ev->decl_values = calloc((size_t)prog->decl_memo_count + 1, sizeof(value));
  ev->decl_state = calloc((size_t)prog->decl_memo_count + 1, 1);
  ev->aggregates = calloc((size_t)prog->aggregate_count + 1, sizeof(value));
  ev->aggregate_done = calloc((size_t)prog->aggregate_count + 1, 1);
  ev->cards = calloc((size_t)prog->scorecards.count + 1, sizeof(score_state));
  for (int i = 0; i < prog->scorecards.count; i++) {
    decl *sc = prog->scorecards.items[i];
    ev->cards[i].values = calloc((size_t)sc->metric_count + 1, sizeof(value));
    ev->cards[i].scores = calloc((size_t)sc->metric_count + 1, sizeof(value));
  }
}

void eval_free(evaluator *ev) {
  for (int i = 0; i < ev->prog->scorecards.count; i++) {
    free(ev->cards[i].values);
    free(ev->cards[i].scores);
  }
  for (int r = 0; r < ev->prog->relations.count; r++) free(ev->relations[r].cells);
  free(ev->cards);
  free(ev->entity);
  free(ev->relations);
  free(ev->current_row);
  free(ev->previous);
  free(ev->episodes);
  free(ev->decl_values);
  free(ev->decl_state);
  free(ev->aggregates);
  free(ev->aggregate_done);
  free(ev->warned);
  arena_free(&ev->scratch);
}

void eval_begin_subject(evaluator *ev) {
  arena_reset(&ev->scratch);
  memset(ev->decl_state, 0, (size_t)ev->prog->decl_memo_count);
  memset(ev->aggregate_done, 0, (size_t)ev->prog->aggregate_count);
  for (int i = 0; i < ev->prog->scorecards.count; i++) ev->cards[i].done = false;
  ev->warned_count = 0;
}

int eval_truth(evaluator *ev, const expr *e) { return eval_need_truth(ev, eval_expr(ev, e)); }

/* Brings two values to one comparable type: numbers, dates, text, booleans
 * or tiers.  Returns false (null result) when they cannot meet. */
static bool coerce_pair(evaluator *ev, value *a, value *b) {
  if (a->type == V_NULL || b->type == V_NULL) return false;
  if (a->type == b->type) return true;
  if (v_is_number(*a) && v_is_number(*b)) return true;
  if (a->type == V_BOOL || b->type == V_BOOL) {   /* 0 and 1 only: 2 or 'yes' is unreadable */
    int ta = eval_need_truth(ev, *a), tb = eval_need_truth(ev, *b);
    if (ta < 0 || tb < 0) return false;
    *a = v_bool(ta);
    *b = v_bool(tb);
  } else if (a->type == V_DATE || b->type == V_DATE) {
    *a = eval_need_date(ev, *a);
    *b = eval_need_date(ev, *b);
  } else if (v_is_number(*a) || v_is_number(*b)) {
    *a = eval_need_number(ev, *a);
    *b = eval_need_number(ev, *b);
  } else {
    return false;
  }
  return a->type != V_NULL && b->type != V_NULL;
}

/* --- arithmetic ---------------------------------------------------------------- */

/* Dates live between 0001-01-01 and 9999-12-31; outside them is null. */
static value date_in_range(int64_t days) {
  return days >= -719162 && days <= 2932896 ? v_date(days) : v_null();
}

/* Months, quarters and years are one step of month arithmetic each, so the
 * day of the month is clamped once (2026-03-31 + 1 quarter = 2026-06-30).
 * Amounts are at most DURATION_MAX (the lexer's bound): no product overflows. */
static value add_duration(value date, value dur, int sign) {
  int64_t amount = dur.u.i;
  if (amount > 4000000 || amount < -4000000) return v_null();   /* beyond any calendar */
  amount *= sign;
  switch (dur.unit) {
  case UNIT_DAY: return date_in_range(date.u.i + amount);
  case UNIT_WEEK: return date_in_range(date.u.i + amount * 7);
  case UNIT_MONTH: return date_in_range(date_add_months(date.u.i, amount));
  case UNIT_QUARTER: return date_in_range(date_add_months(date.u.i, amount * 3));
  default: return date_in_range(date_add_months(date.u.i, amount * 12));
  }
}

static value integer_op(int op, int64_t x, int64_t y) {
  int64_t r;
  bool overflow = op == OP_ADD ? __builtin_add_overflow(x, y, &r)
                : op == OP_SUB ? __builtin_sub_overflow(x, y, &r)
                               : __builtin_mul_overflow(x, y, &r);
  if (!overflow) return v_int(r);
  double dx = (double)x, dy = (double)y;   /* carried on as a double */
  return v_real(op == OP_ADD ? dx + dy : op == OP_SUB ? dx - dy : dx * dy);
}

/* A double result beyond ±1.8e308 is null, and said so: never a silent inf. */
value finite_or_null_warned(evaluator *ev, double d) {
  if (isfinite(d)) return v_real(d);
  if (ev->warn) ev->warn(ev->warn_user, ev->rule ? ev->rule : "",
                         "a computed number is too large for a double (beyond 1.8e308); it is null");
  return v_null();
}

static value arithmetic(evaluator *ev, int op, value a, value b) {
  if (a.type == V_NULL || b.type == V_NULL) return v_null();
  if (b.type == V_DURATION && (op == OP_ADD || op == OP_SUB)) {
    a = eval_need_date(ev, a);
    return a.type == V_DATE ? add_duration(a, b, op == OP_ADD ? 1 : -1) : v_null();
  }
  if (a.type == V_DURATION && op == OP_ADD) return arithmetic(ev, op, b, a);
  if (op == OP_SUB && (a.type == V_DATE || b.type == V_DATE)) {
    a = eval_need_date(ev, a);
    b = eval_need_date(ev, b);
    return a.type == V_DATE && b.type == V_DATE ? v_int(a.u.i - b.u.i) : v_null();
  }
  a = eval_need_number(ev, a);
  b = eval_need_number(ev, b);
  if (a.type == V_NULL || b.type == V_NULL) return v_null();
  if (op == OP_DIV) {
    double y = v_as_double(b);
    return y == 0 ? v_null() : finite_or_null_warned(ev, v_as_double(a) / y);
  }
  if (a.type == V_INT && b.type == V_INT) return integer_op(op, a.u.i, b.u.i);
  double x = v_as_double(a), y = v_as_double(b);
  return finite_or_null_warned(ev, op == OP_ADD ? x + y : op == OP_SUB ? x - y : x * y);
}

static value compare(evaluator *ev, int op, value a, value b) {
  if (!coerce_pair(ev, &a, &b)) return v_null();
  int c = value_compare(a, b);
  switch (op) {
  case OP_EQ: return v_bool(c == 0);
  case OP_NE: return v_bool(c != 0);
  case OP_LT: return v_bool(c < 0);
  case OP_LE: return v_bool(c <= 0);
  case OP_GT: return v_bool(c > 0);
  default: return v_bool(c >= 0);
  }
}

static value truth_value(int t) { return t < 0 ? v_null() : v_bool(t); }

/* Kleene logic: false and anything is false; true or anything is true. */
static value logic(evaluator *ev, const expr *e) {
  int a = eval_truth(ev, e->a);
  if (e->binop == OP_AND && a == 0) return v_bool(false);
  if (e->binop == OP_OR && a == 1) return v_bool(true);
  int b = eval_truth(ev, e->b);
  if (e->binop == OP_AND) return b == 0 ? v_bool(false) : (a == 1 && b == 1) ? v_bool(true) : v_null();
  return b == 1 ? v_bool(true) : (a == 0 && b == 0) ? v_bool(false) : v_null();
}

static value binary(evaluator *ev, const expr *e) {
  if (e->binop == OP_AND || e->binop == OP_OR) return logic(ev, e);
  value a = eval_expr(ev, e->a), b = eval_expr(ev, e->b);
  if (e->binop >= OP_EQ) return compare(ev, e->binop, a, b);
  return arithmetic(ev, e->binop, a, b);
}

static value membership(evaluator *ev, const expr *e) {
  value x = eval_expr(ev, e->a);
  if (x.type == V_NULL) return v_null();
  bool saw_null = false;
  for (int i = 0; i < e->list.count; i++) {
    value r = compare(ev, OP_EQ, x, eval_expr(ev, e->list.items[i]));
    if (r.type == V_NULL) saw_null = true;
    else if (r.u.i) return v_bool(!e->negated);
  }
  return saw_null ? v_null() : v_bool(e->negated);
}

static value between(evaluator *ev, const expr *e) {
  value x = eval_expr(ev, e->a);
  int lo = eval_need_truth(ev, compare(ev, OP_GE, x, eval_expr(ev, e->b)));
  int hi = eval_need_truth(ev, compare(ev, OP_LE, x, eval_expr(ev, e->c)));
  int t = (lo == 0 || hi == 0) ? 0 : (lo == 1 && hi == 1) ? 1 : -1;
  if (e->negated && t >= 0) t = !t;
  return truth_value(t);
}

static value case_of(evaluator *ev, const expr *e) {
  for (int i = 0; i < e->list.count; i++) {
    const expr *w = e->list.items[i];
    if (eval_truth(ev, w->a) != 1) continue;
    coverage_mark(ev->cov, w);
    return eval_expr(ev, w->b);
  }
  coverage_mark(ev->cov, e->a);
  return e->a ? eval_expr(ev, e->a) : v_null();
}

/* --- built-ins ----------------------------------------------------------------- */

/* Digits below 0 count as 0 and above 30 as 30, as in SQLite's round(). */
static value round_to(value x, value digits) {
  if (x.type == V_NULL || digits.type == V_NULL) return v_null();
  double wanted = v_as_double(digits);   /* clamped before any conversion to an integer */
  return number_round(x, !(wanted > 0) ? 0 : wanted > 30 ? 30 : (int)wanted);
}

/* What one value tells about how min and max read their values: a number,
 * or text that reads as one ('12', not '1,200'), counts for numbers; only
 * a date value counts for dates (text that looks like one stays text). */
kam_type extreme_kind(value v, value *as_number) {
  value n;
  if (v_is_number(v)) n = v;
  else if (v.type != V_TEXT || !text_to_number(v.u.t.s, v.u.t.n, &n)) return v.type == V_DATE ? T_DATE : T_ANY;
  if (as_number) *as_number = n;
  return T_NUMBER;
}

/* What min, max, least and greatest read their values as: the static type
 * when the checker knows it is a number or a date; otherwise numbers as
 * soon as one value reads as a number (so '9' is 9, 'abc' is unreadable,
 * and a TEXT column of amounts is not compared as text, where '300' would
 * beat '1200'), dates as soon as one is a date, else the values as they
 * are (names compare as text). */
static kam_type extreme_reading(kam_type known, const value *values, int count) {
  if (known == T_NUMBER || known == T_DATE) return known;
  kam_type found = T_ANY;
  for (int i = 0; i < count; i++) {
    kam_type kind = extreme_kind(values[i], NULL);
    if (kind == T_NUMBER) return T_NUMBER;
    if (kind == T_DATE) found = T_DATE;
  }
  return found;
}

value eval_extreme(evaluator *ev, const value *values, const int *rows, int relation, int count,
                   kam_type known, int sign) {
  kam_type reading = extreme_reading(known, values, count);
  int saved = relation >= 0 ? ev->current_row[relation] : 0;
  value best = v_null();
  for (int i = 0; i < count; i++) {
    if (relation >= 0) ev->current_row[relation] = rows[i];   /* the row a warning names */
    value v = values[i];
    if (reading == T_NUMBER) v = eval_need_number(ev, v);
    else if (reading == T_DATE) v = eval_need_date(ev, v);
    if (v.type == V_NULL) continue;   /* nulls and unreadable values are passed over */
    if (best.type == V_NULL) { best = v; continue; }
    value a = best, b = v;
    if (coerce_pair(ev, &a, &b) && value_compare(b, a) * sign > 0) best = v;
  }
  if (relation >= 0) ev->current_row[relation] = saved;
  return best;
}


/* What builtins.c borrows from the operators' rules. */
value eval_round(value x, value digits) { return round_to(x, digits); }

/* --- aggregates ---------------------------------------------------------------- */

typedef struct accumulator {
  int64_t rows;          /* related rows that passed `where` */
  int64_t count;         /* values taken (not null, readable) */
  wide_sum isum;         /* their exact sum while all are integers */
  double dsum;
  bool real;
  value *seen;           /* count(distinct): values met so far; min/max: all values */
  int *seen_rows;        /* min/max: the row of each value, for warnings */
  int seen_count, seen_cap;
} accumulator;

static void remember(evaluator *ev, accumulator *acc, value v, int row) {
  if (acc->seen_count == acc->seen_cap) {
    int cap = acc->seen_cap ? acc->seen_cap * 2 : 16;
    value *bigger = arena_alloc(&ev->scratch, sizeof(value) * (size_t)cap);
    int *bigger_rows = arena_alloc(&ev->scratch, sizeof(int) * (size_t)cap);
    if (acc->seen_count) {
      memcpy(bigger, acc->seen, sizeof(value) * (size_t)acc->seen_count);
      memcpy(bigger_rows, acc->seen_rows, sizeof(int) * (size_t)acc->seen_count);
    }
    acc->seen = bigger;
    acc->seen_rows = bigger_rows;
    acc->seen_cap = cap;
  }
  acc->seen_rows[acc->seen_count] = row;
  acc->seen[acc->seen_count++] = v;
}

static void add_distinct(evaluator *ev, accumulator *acc, value v) {
  for (int i = 0; i < acc->seen_count; i++)
    if (value_equal_for_distinct(acc->seen[i], v)) return;
  remember(ev, acc, v, 0);
  acc->count++;
}

static void accumulate(evaluator *ev, const expr *e, accumulator *acc, value v, int row) {
  switch (e->aggregate) {
  case A_COUNT:
    if (e->distinct) add_distinct(ev, acc, v);
    else acc->count++;
    return;
  case A_EXISTS: acc->count++; return;
  case A_SUM: case A_AVG:
    v = eval_need_number(ev, v);
    if (v.type == V_NULL) return;
    acc->count++;
    acc->dsum += v_as_double(v);
    if (v.type == V_REAL) acc->real = true;
    else wide_add(&acc->isum, v.u.i);
    return;
  default:   /* min, max: chosen at the end, once it is known what to read them as */
    remember(ev, acc, v, row);
  }
}

static value aggregate_result(evaluator *ev, const expr *e, const accumulator *acc) {
  switch (e->aggregate) {
  case A_COUNT: return v_int(acc->count);
  case A_EXISTS: return v_bool(acc->count > 0);
  case A_SUM:   /* no row: 0; rows whose values are all unknown: unknown */
    if (acc->rows > 0 && acc->count == 0) return v_null();
    if (acc->real) return finite_or_null_warned(ev, acc->dsum);
    int64_t exact;
    return wide_fits(acc->isum, &exact) ? v_int(exact) : v_real(wide_double(acc->isum));   /* carried as a double */
  case A_AVG: {   /* integers add exactly, whatever their order */
    if (!acc->count) return v_null();
    double total = acc->real ? acc->dsum : wide_double(acc->isum);
    return finite_or_null_warned(ev, total / (double)acc->count);
  }
  default:
    return eval_extreme(ev, acc->seen, acc->seen_rows, e->relation, acc->seen_count,
                        ((const expr *)e->list.items[0])->type, e->aggregate == A_MAX ? 1 : -1);
  }
}

static value aggregate(evaluator *ev, const expr *e) {
  if (ev->aggregate_done[e->memo]) return ev->aggregates[e->memo];
  const expr *arg = e->list.items[0];
  bool whole_rows = arg->kind == E_RELATION;
  rel_rows *rows = &ev->relations[e->relation];
  int saved = ev->current_row[e->relation];
  accumulator acc = {0};
  for (int i = 0; i < rows->count; i++) {
    ev->current_row[e->relation] = i;
    if (e->b && eval_truth(ev, e->b) != 1) continue;
    acc.rows++;
    if (whole_rows) {
      acc.count++;
      if (e->aggregate == A_EXISTS) break;
      continue;
    }
    value v = eval_expr(ev, arg);
    if (v.type != V_NULL) accumulate(ev, e, &acc, v, i);
  }
  ev->current_row[e->relation] = saved;
  value result = aggregate_result(ev, e, &acc);
  ev->aggregates[e->memo] = result;
  ev->aggregate_done[e->memo] = 1;
  return result;
}

/* --- references ----------------------------------------------------------------- */

static value score_part(evaluator *ev, const expr *e) {
  score_state *st = eval_scorecard(ev, e->decl);
  switch (e->part) {
  case PART_STAGE: return st->stage;
  case PART_GRADE: return st->grade;
  case PART_COVERAGE: return st->coverage;
  case PART_METRIC: return st->scores[e->slot];
  default: {
    perspective *p = e->decl->perspectives.items[e->slot];
    weight_row *row = st->row >= 0 ? e->decl->weights.items[st->row] : NULL;
    if (!row) return v_null();
    double sum = 0, weights = 0;
    for (int i = 0; i < p->metrics.count; i++) {
      metric *m = p->metrics.items[i];
      value s = st->scores[m->index];
      if (s.type == V_NULL) continue;
      sum += row->by_metric[m->index] * v_as_double(s);
      weights += row->by_metric[m->index];
    }
    return weights > 0 ? v_real(sum / weights) : v_null();
  }
  }
}

value eval_expr(evaluator *ev, const expr *e) {
  switch (e->kind) {
  case E_INT: return v_int(e->ival);
  case E_REAL: return v_real(e->dval);
  case E_TEXT: return v_text(e->text, e->text_len);
  case E_DATE: return v_date(e->ival);
  case E_BOOL: return v_bool(e->ival != 0);
  case E_DURATION: {
    value v = v_null();
    v.type = V_DURATION;
    v.unit = (uint8_t)e->unit;
    v.u.i = e->ival;
    return v;
  }
  case E_AS_OF: return v_date(ev->as_of);
  case E_COLUMN: return eval_entity_cell(ev, ev->prog->columns.items[e->slot]);
  case E_REL_COLUMN: return eval_relation_cell(ev, ev->prog->columns.items[e->slot]);
  case E_DECL: return eval_decl(ev, e->decl);
  case E_TIER: return v_tier(e->tiering, e->slot);
  case E_SCORE_PART: return score_part(ev, e);
  case E_NEG: {
    value v = eval_expr(ev, e->a);
    if (v.type == V_DURATION) { v.u.i = -v.u.i; return v; }
    v = eval_need_number(ev, v);
    if (v.type == V_INT) return v.u.i == INT64_MIN ? v_real(-(double)v.u.i) : v_int(-v.u.i);
    return v.type == V_REAL ? v_real(-v.u.d) : v;
  }
  case E_NOT: {
    int t = eval_truth(ev, e->a);
    return t < 0 ? v_null() : v_bool(!t);
  }
  case E_BINARY: return binary(ev, e);
  case E_IN: return membership(ev, e);
  case E_BETWEEN: return between(ev, e);
  case E_IS_NULL: return v_bool((eval_expr(ev, e->a).type == V_NULL) != e->negated);
  case E_CASE: return case_of(ev, e);
  case E_CALL: return builtin_call(ev, e);
  case E_AGGREGATE: return aggregate(ev, e);
  case E_PREVIOUS: return ev->previous[e->slot];
  case E_GROUP: return eval_group(ev, e);
  default: return v_null();
  }
}
