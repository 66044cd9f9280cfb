/*
 * eval.c — the checked tree evaluated on one subject: operators with
 * three-valued logic and null propagation, dates and durations, built-ins
 * and aggregates.  Declarations (tiers, scorecards, alerts, messages) are
 * in decls.c.  Nothing here reads a database: run.c and test.c fill the
 * subject's rows before asking.
 */
#include "eval.h"

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

/* --- data warnings --------------------------------------------------------- */

static bool already_warned(evaluator *ev, long cell) {
  for (int i = 0; i < ev->warned_count; i++)
    if (ev->warned[i] == cell) return true;
  if (ev->warned_count == ev->warned_cap) {
    ev->warned_cap = ev->warned_cap ? ev->warned_cap * 2 : 16;
    long *bigger = realloc(ev->warned, sizeof(long) * (size_t)ev->warned_cap);
    if (!bigger) abort();
    ev->warned = bigger;
  }
  ev->warned[ev->warned_count++] = cell;
  return false;
}

void eval_warn_cell(evaluator *ev, value v, int row, const char *needed) {
  if (!ev->warn) return;
  if (v.origin == 0) {
    char msg[160];
    snprintf(msg, sizeof msg, "a computed value %s cannot be read as %s",
             value_to_text(ev, v, NULL), needed);
    ev->warn(ev->warn_user, ev->rule ? ev->rule : "", msg);
    return;
  }
  const column_info *col = ev->prog->columns.items[v.origin - 1];
  if (already_warned(ev, (long)col->id * 1000003L + row + 1)) return;
  strbuf b;
  sb_init(&b);
  sb_printf(&b, "table %s, column %s, %s %s: ", col->table, col->name, ev->prog->entity->name,
            value_to_text(ev, ev->key, NULL));
  if (v.type == V_TEXT) {
    sb_putc(&b, '\'');
    sb_append(&b, v.u.t.s, (size_t)(v.u.t.n > 200 ? 200 : v.u.t.n));
    sb_putc(&b, '\'');
  } else {
    sb_puts(&b, value_to_text(ev, v, NULL));
  }
  sb_printf(&b, " is not %s", needed);
  ev->warn(ev->warn_user, col->rule ? col->rule : (ev->rule ? ev->rule : ""), b.data);
  sb_free(&b);
}

static int origin_row(const evaluator *ev, value v) {
  if (!v.origin) return -1;
  const column_info *col = ev->prog->columns.items[v.origin - 1];
  return col->relation < 0 ? -1 : ev->current_row[col->relation];
}

/* --- conversions as an operator needs them ---------------------------------- */

static value need_number(evaluator *ev, value v) {
  if (v_is_number(v) || v.type == V_NULL) return v;
  value n;
  if (v.type == V_TEXT && text_to_number(v.u.t.s, v.u.t.n, &n)) return n;
  eval_warn_cell(ev, v, origin_row(ev, v), "a number");
  return v_null();
}

static value need_date(evaluator *ev, value v) {
  int64_t days;
  if (v.type == V_DATE || v.type == V_NULL) return v;
  if (v.type == V_TEXT && date_parse(v.u.t.s, v.u.t.n, &days)) return v_date(days);
  eval_warn_cell(ev, v, origin_row(ev, v), "a date");
  return v_null();
}

/* 1 true, 0 false, -1 null (or unreadable, warned). */
static int need_truth(evaluator *ev, value v) {
  if (v.type == V_NULL) return -1;
  if (v.type == V_BOOL) return (int)v.u.i;
  if (v.type == V_INT && (v.u.i == 0 || v.u.i == 1)) return (int)v.u.i;
  if (v.type == V_REAL && (v.u.d == 0 || v.u.d == 1)) return (int)v.u.d;
  if (v.type == V_TEXT) {
    value n;
    if (text_to_number(v.u.t.s, v.u.t.n, &n) && v_is_number(n) && (v_as_double(n) == 0 || v_as_double(n) == 1))
      return (int)v_as_double(n);
  }
  eval_warn_cell(ev, v, origin_row(ev, v), "a boolean (0 or 1)");
  return -1;
}

int eval_truth(evaluator *ev, const expr *e) { return need_truth(ev, eval_expr(ev, e)); }

/* Brings two values to one comparable type: numbers, dates, text, booleans
 * or tiers.  Returns false (null result) when they cannot meet. */
static bool coerce_pair(evaluator *ev, value *a, value *b) {
  if (a->type == V_NULL || b->type == V_NULL) return false;
  if (a->type == b->type) return true;
  if (v_is_number(*a) && v_is_number(*b)) return true;
  if (a->type == V_DATE || b->type == V_DATE) {
    *a = need_date(ev, *a);
    *b = need_date(ev, *b);
  } else if (v_is_number(*a) || v_is_number(*b)) {
    if (a->type == V_BOOL) *a = v_int(a->u.i);
    else if (b->type == V_BOOL) *b = v_int(b->u.i);
    else {
      *a = need_number(ev, *a);
      *b = need_number(ev, *b);
    }
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

static value add_duration(value date, value dur, int sign) {
  int64_t amount = dur.u.i;
  if (amount > 4000000 || amount < -4000000) return v_null();   /* beyond any calendar */
  amount *= sign;
  switch (dur.unit) {
  case 0: return date_in_range(date.u.i + amount);
  case 1: return date_in_range(date.u.i + amount * 7);
  case 2: return date_in_range(date_add_months(date.u.i, amount));
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
static value finite_or_null_warned(evaluator *ev, double d) {
  if (isfinite(d)) return v_real(d);
  if (ev->warn) ev->warn(ev->warn_user, ev->rule ? ev->rule : "",
                         "a computed number is too large for a double (beyond 1.8e308); it is null");
  return v_null();
}

static value arithmetic(evaluator *ev, int op, value a, value b) {
  if (a.type == V_NULL || b.type == V_NULL) return v_null();
  if (b.type == V_DURATION && (op == OP_ADD || op == OP_SUB)) {
    a = need_date(ev, a);
    return a.type == V_DATE ? add_duration(a, b, op == OP_ADD ? 1 : -1) : v_null();
  }
  if (a.type == V_DURATION && op == OP_ADD) return arithmetic(ev, op, b, a);
  if (op == OP_SUB && (a.type == V_DATE || b.type == V_DATE)) {
    a = need_date(ev, a);
    b = need_date(ev, b);
    return a.type == V_DATE && b.type == V_DATE ? v_int(a.u.i - b.u.i) : v_null();
  }
  a = need_number(ev, a);
  b = need_number(ev, b);
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
  if (e->op == OP_AND && a == 0) return v_bool(false);
  if (e->op == OP_OR && a == 1) return v_bool(true);
  int b = eval_truth(ev, e->b);
  if (e->op == OP_AND) return b == 0 ? v_bool(false) : (a == 1 && b == 1) ? v_bool(true) : v_null();
  return b == 1 ? v_bool(true) : (a == 0 && b == 0) ? v_bool(false) : v_null();
}

static value binary(evaluator *ev, const expr *e) {
  if (e->op == OP_AND || e->op == OP_OR) return logic(ev, e);
  value a = eval_expr(ev, e->a), b = eval_expr(ev, e->b);
  if (e->op >= OP_EQ) return compare(ev, e->op, a, b);
  return arithmetic(ev, e->op, a, b);
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
  int lo = need_truth(ev, compare(ev, OP_GE, x, eval_expr(ev, e->b)));
  int hi = need_truth(ev, compare(ev, OP_LE, x, eval_expr(ev, e->c)));
  int t = (lo == 0 || hi == 0) ? 0 : (lo == 1 && hi == 1) ? 1 : -1;
  if (e->negated && t >= 0) t = !t;
  return truth_value(t);
}

static value case_of(evaluator *ev, const expr *e) {
  for (int i = 0; i < e->list.count; i++) {
    const expr *w = e->list.items[i];
    if (eval_truth(ev, w->a) == 1) return eval_expr(ev, w->b);
  }
  return e->a ? eval_expr(ev, e->a) : v_null();
}

/* --- built-ins ----------------------------------------------------------------- */

/* Digits below 0 count as 0 and above 30 as 30, as in SQLite's round(). */
static value round_to(value x, value digits) {
  if (x.type == V_NULL || digits.type == V_NULL) return v_null();
  double wanted = v_as_double(digits);   /* clamped before any conversion to an integer */
  return number_round(x, !(wanted > 0) ? 0 : wanted > 30 ? 30 : (int)wanted);
}

static value extreme(evaluator *ev, const expr *e, int sign) {
  value best = v_null();
  for (int i = 0; i < e->list.count; i++) {
    value v = eval_expr(ev, e->list.items[i]);
    if (v.type == V_NULL) continue;            /* nulls are passed over */
    if (best.type == V_NULL) { best = v; continue; }
    value a = best, b = v;
    if (coerce_pair(ev, &a, &b) && value_compare(b, a) * sign > 0) best = v;
  }
  return best;
}

/* Text built-ins read text as it is, and other values as they print. */
static value as_text(evaluator *ev, value v) {
  if (v.type == V_TEXT || v.type == V_NULL) return v;
  const char *s = value_to_text(ev, v, NULL);
  return v_text(s, (int)strlen(s));
}

static value text_case(evaluator *ev, value v, bool upper) {
  v = as_text(ev, v);
  if (v.type == V_NULL) return v;
  int first = 0;   /* most text is already in the wanted case: then it is returned as it is */
  while (first < v.u.t.n && !(upper ? v.u.t.s[first] >= 'a' && v.u.t.s[first] <= 'z'
                                    : v.u.t.s[first] >= 'A' && v.u.t.s[first] <= 'Z'))
    first++;
  if (first == v.u.t.n) return v;
  char *out = arena_alloc(&ev->scratch, (size_t)v.u.t.n + 1);
  for (int i = 0; i < v.u.t.n; i++) {
    char c = v.u.t.s[i];
    if (upper && c >= 'a' && c <= 'z') c = (char)(c - 32);
    if (!upper && c >= 'A' && c <= 'Z') c = (char)(c + 32);
    out[i] = c;
  }
  return v_text(out, v.u.t.n);
}

static bool has_part(value hay, value part, bool prefix_only) {
  int n = hay.u.t.n, m = part.u.t.n;
  if (m > n) return false;
  if (prefix_only || m == 0) return memcmp(hay.u.t.s, part.u.t.s, (size_t)m) == 0;
  for (int i = 0; i + m <= n; i++)
    if (hay.u.t.s[i] == part.u.t.s[0] && memcmp(hay.u.t.s + i, part.u.t.s, (size_t)m) == 0) return true;
  return false;
}

static value text_test(evaluator *ev, const expr *e, bool prefix_only) {
  value s = as_text(ev, eval_expr(ev, e->list.items[0])), part = as_text(ev, eval_expr(ev, e->list.items[1]));
  if (s.type == V_NULL || part.type == V_NULL) return v_null();
  return v_bool(has_part(s, part, prefix_only));
}

static value date_part(evaluator *ev, value v, bool want_year) {
  v = need_date(ev, v);
  if (v.type == V_NULL) return v;
  int y, m, d;
  date_to_ymd(v.u.i, &y, &m, &d);
  return v_int(want_year ? y : m);
}

static value builtin(evaluator *ev, const expr *e) {
  const expr *first = e->list.items[0];
  switch (e->op) {
  case B_COALESCE:
    for (int i = 0; i < e->list.count; i++) {
      value v = eval_expr(ev, e->list.items[i]);
      if (v.type != V_NULL) return v;
    }
    return v_null();
  case B_ABS: {
    value v = need_number(ev, eval_expr(ev, first));
    if (v.type == V_INT) return v.u.i == INT64_MIN ? v_real(-(double)v.u.i) : v_int(v.u.i < 0 ? -v.u.i : v.u.i);
    return v.type == V_NULL ? v : v_real(fabs(v.u.d));
  }
  case B_ROUND: {
    value x = need_number(ev, eval_expr(ev, first));
    value digits = e->list.count > 1 ? need_number(ev, eval_expr(ev, e->list.items[1])) : v_int(0);
    return round_to(x, digits);
  }
  case B_LEAST: return extreme(ev, e, -1);
  case B_GREATEST: return extreme(ev, e, 1);
  case B_DAYS: {
    value v = eval_expr(ev, first);
    if (v.type == V_DURATION) return v.unit <= 1 ? v_int(v.u.i * (v.unit ? 7 : 1)) : v_null();
    return need_number(ev, v);
  }
  case B_YEAR: return date_part(ev, eval_expr(ev, first), true);
  case B_MONTH: return date_part(ev, eval_expr(ev, first), false);
  case B_LOWER: return text_case(ev, eval_expr(ev, first), false);
  case B_UPPER: return text_case(ev, eval_expr(ev, first), true);
  case B_LENGTH: {
    value v = as_text(ev, eval_expr(ev, first));
    if (v.type == V_NULL) return v;
    int64_t chars = 0;
    for (int i = 0; i < v.u.t.n; i++) chars += ((unsigned char)v.u.t.s[i] & 0xC0) != 0x80;
    return v_int(chars);
  }
  case B_CONTAINS: return text_test(ev, e, false);
  default: return text_test(ev, e, true);
  }
}

/* --- aggregates ---------------------------------------------------------------- */

typedef struct accumulator {
  int64_t count, isum;
  double dsum;
  bool real, overflow;
  value best;
  value *seen;           /* count(distinct): values met so far */
  int seen_count, seen_cap;
} accumulator;

static void add_distinct(evaluator *ev, accumulator *acc, value v) {
  for (int i = 0; i < acc->seen_count; i++)
    if (value_equal_for_distinct(acc->seen[i], v)) return;
  if (acc->seen_count == acc->seen_cap) {
    int cap = acc->seen_cap ? acc->seen_cap * 2 : 16;
    value *bigger = arena_alloc(&ev->scratch, sizeof(value) * (size_t)cap);
    if (acc->seen_count) memcpy(bigger, acc->seen, sizeof(value) * (size_t)acc->seen_count);
    acc->seen = bigger;
    acc->seen_cap = cap;
  }
  acc->seen[acc->seen_count++] = v;
  acc->count++;
}

static void accumulate(evaluator *ev, const expr *e, accumulator *acc, value v) {
  switch (e->op) {
  case A_COUNT:
    if (e->distinct) add_distinct(ev, acc, v);
    else acc->count++;
    return;
  case A_EXISTS: acc->count++; return;
  case A_SUM: case A_AVG:
    v = need_number(ev, v);
    if (v.type == V_NULL) return;
    acc->count++;
    acc->dsum += v_as_double(v);
    if (v.type == V_REAL) acc->real = true;
    else if (!acc->overflow && __builtin_add_overflow(acc->isum, v.u.i, &acc->isum)) acc->overflow = true;
    return;
  default: {
    if (acc->best.type == V_NULL) { acc->best = v; acc->count++; return; }
    value a = acc->best, b = v;
    int sign = e->op == A_MAX ? 1 : -1;
    if (coerce_pair(ev, &a, &b) && value_compare(b, a) * sign > 0) acc->best = v;
    acc->count++;
  }
  }
}

static value aggregate_result(evaluator *ev, const expr *e, const accumulator *acc) {
  switch (e->op) {
  case A_COUNT: return v_int(acc->count);
  case A_EXISTS: return v_bool(acc->count > 0);
  case A_SUM:
    if (acc->real || acc->overflow) return finite_or_null_warned(ev, acc->dsum);
    return v_int(acc->isum);
  case A_AVG: return acc->count ? finite_or_null_warned(ev, acc->dsum / (double)acc->count) : v_null();
  default: return acc->best;
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
    if (whole_rows) {
      acc.count++;
      if (e->op == A_EXISTS) break;
      continue;
    }
    value v = eval_expr(ev, arg);
    if (v.type != V_NULL) accumulate(ev, e, &acc, v);
  }
  ev->current_row[e->relation] = saved;
  value result = aggregate_result(ev, e, &acc);
  ev->aggregates[e->memo] = result;
  ev->aggregate_done[e->memo] = 1;
  return result;
}

/* --- references ----------------------------------------------------------------- */

static value relation_cell(evaluator *ev, const expr *e) {
  const column_info *col = ev->prog->columns.items[e->slot];
  rel_rows *rows = &ev->relations[col->relation];
  int row = ev->current_row[col->relation];
  if (row < 0 || row >= rows->count) return v_null();
  return rows->cells[(size_t)row * (size_t)rows->columns + (size_t)col->slot];
}

static value score_part(evaluator *ev, const expr *e) {
  score_state *st = eval_scorecard(ev, e->decl);
  switch (e->op) {
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
    v.unit = (uint8_t)e->op;
    v.u.i = e->ival;
    return v;
  }
  case E_AS_OF: return v_date(ev->as_of);
  case E_COLUMN: return ev->entity[((column_info *)ev->prog->columns.items[e->slot])->slot];
  case E_REL_COLUMN: return relation_cell(ev, e);
  case E_DECL: return eval_decl(ev, e->decl);
  case E_TIER: return v_tier(e->tiering, e->slot);
  case E_SCORE_PART: return score_part(ev, e);
  case E_NEG: {
    value v = eval_expr(ev, e->a);
    if (v.type == V_DURATION) { v.u.i = -v.u.i; return v; }
    v = need_number(ev, v);
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
  case E_CALL: return builtin(ev, e);
  case E_AGGREGATE: return aggregate(ev, e);
  case E_PREVIOUS: return ev->previous[e->slot];
  default: return v_null();
  }
}
