/*
 * decls.c — declarations evaluated on one subject: lets and outputs,
 * tierings (first tier whose condition holds), scorecards (stage, metric
 * scores, weights, coverage, grade), alerts and their messages; plus how a
 * value reads as text.
 */
#include "eval.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* --- text ----------------------------------------------------------------------- */

const char *value_to_text(evaluator *ev, value v, const char *format) {
  char buf[64];
  switch (v.type) {
  case V_NULL: return "null";
  case V_TEXT: return arena_strndup(&ev->scratch, v.u.t.s, (size_t)v.u.t.n);
  case V_BOOL: return v.u.i ? "true" : "false";
  case V_DATE: date_format(v.u.i, buf); return arena_strdup(&ev->scratch, buf);
  case V_TIER: {
    decl *t = ev->prog->tierings.items[v.tiering];
    return ((tier *)t->tiers.items[v.u.i])->name;
  }
  case V_DURATION: {
    static const char *const units[] = {[UNIT_DAY] = "days", [UNIT_WEEK] = "weeks",
      [UNIT_MONTH] = "months", [UNIT_QUARTER] = "quarters", [UNIT_YEAR] = "years"};
    snprintf(buf, sizeof buf, "%lld %s", (long long)v.u.i, units[v.unit]);
    return arena_strdup(&ev->scratch, buf);
  }
  default:
    if (format) {
      strbuf b;
      sb_init(&b);
      number_format_with(v, format, &b);
      const char *s = arena_strdup(&ev->scratch, b.data);
      sb_free(&b);
      return s;
    }
    number_format(v, buf, sizeof buf);
    return arena_strdup(&ev->scratch, buf);
  }
}

/* A number format needs a number: text is read as one (or is null, warned),
 * so {revenue:,.0f} formats a TEXT column holding '1100.04'. */
static value formatted_operand(evaluator *ev, value v, const char *format) {
  return format ? eval_need_number(ev, v) : v;
}

/* {EXPR:FORMAT|IF_NULL}: the format applies to a value, the text to a null. */
static void message_piece(evaluator *ev, const msg_piece *p, strbuf *out) {
  value v = formatted_operand(ev, eval_expr(ev, p->value), p->format);
  if (v.type == V_NULL && p->if_null) sb_puts(out, p->if_null);
  else sb_puts(out, value_to_text(ev, v, p->format));
}

const char *eval_message(evaluator *ev, decl *alert) {
  strbuf b;
  sb_init(&b);
  const char *saved = ev->rule;
  ev->rule = alert->name;
  for (int i = 0; i < alert->message.count; i++) {
    msg_piece *p = alert->message.items[i];
    if (p->text) sb_append(&b, p->text, (size_t)p->text_len);
    else message_piece(ev, p, &b);
  }
  ev->rule = saved;
  const char *s = arena_strdup(&ev->scratch, b.data ? b.data : "");
  sb_free(&b);
  return s;
}

/* --- tierings -------------------------------------------------------------------- */

static value tier_of(evaluator *ev, decl *t) {
  for (int i = 0; i < t->tiers.count; i++) {
    tier *tr = t->tiers.items[i];
    if (tr->when && eval_truth(ev, tr->when) != 1) continue;
    coverage_mark(ev->cov, tr);
    return v_tier(t->index, i);
  }
  return v_null();
}

/* --- scorecards ---------------------------------------------------------------------- */

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static bool band_holds(const band *b, double x) {
  switch (b->op) {
  case -1: return true;
  case OP_EQ: return x == b->threshold;
  case OP_NE: return x != b->threshold;
  case OP_LT: return x < b->threshold;
  case OP_LE: return x <= b->threshold;
  case OP_GT: return x > b->threshold;
  default: return x >= b->threshold;
  }
}

static value metric_score(evaluator *ev, const metric *m, value v) {
  if (v.type == V_NULL) return m->has_missing ? v_real(m->missing) : v_null();
  double x = v_as_double(v);
  /* multiplying first keeps whole results whole: 7 on 0 .. 100 is 7, not 7.000000000000001 */
  if (m->has_scale) return v_real(clamp((x - m->lo) * 100 / (m->hi - m->lo), 0, 100));
  for (int i = 0; i < m->bands.count; i++) {
    const band *b = m->bands.items[i];
    if (!band_holds(b, x)) continue;
    coverage_mark(ev->cov, b);
    return v_real(b->score);
  }
  return v_null();
}

static value grade_of(evaluator *ev, const decl *sc, value score) {
  if (score.type == V_NULL) return v_null();
  for (int i = 0; i < sc->grades.count; i++) {
    const band *b = sc->grades.items[i];
    if (!band_holds(b, v_as_double(score))) continue;
    coverage_mark(ev->cov, b);
    return v_text(b->grade, (int)strlen(b->grade));
  }
  return v_null();
}

static int weights_row_of(evaluator *ev, decl *sc, value stage) {
  if (stage.type == V_NULL) return -1;
  const char *name = value_to_text(ev, stage, NULL);
  for (int i = 0; i < sc->weights.count; i++) {
    if (strcmp(((weight_row *)sc->weights.items[i])->stage, name) != 0) continue;
    coverage_mark(ev->cov, sc->weights.items[i]);
    return i;
  }
  return -1;
}

static void warn_no_weights(evaluator *ev, decl *sc, value stage) {
  if (!ev->warn) return;
  char msg[256];
  if (stage.type == V_NULL)
    snprintf(msg, sizeof msg, "scorecard %s: the stage is null, so no weights row applies", sc->name);
  else
    snprintf(msg, sizeof msg, "scorecard %s: stage '%.120s' has no weights row", sc->name,
             value_to_text(ev, stage, NULL));
  ev->warn(ev->warn_user, sc->name, msg);
}

/* Metrics with a null score weigh nothing; coverage is the weight whose
 * metrics had data: a `missing` score is not data, and neither is a value
 * that no band takes (contract v2 §4 Scorecard). */
static void total_score(evaluator *ev, decl *sc, score_state *st) {
  weight_row *row = sc->weights.items[st->row];
  double sum = 0, weights = 0, covered = 0, all = 0;
  for (int i = 0; i < sc->metric_count; i++) {
    double w = row->by_metric[i];
    all += w;
    if (st->values[i].type != V_NULL && st->scores[i].type != V_NULL) covered += w;
    if (st->scores[i].type == V_NULL) continue;
    sum += w * v_as_double(st->scores[i]);
    weights += w;
  }
  st->score = weights > 0 ? v_real(sum / weights) : v_null();
  st->coverage = all > 0 ? v_real(covered / all) : v_null();
  st->grade = grade_of(ev, sc, st->score);
}

score_state *eval_scorecard(evaluator *ev, decl *sc) {
  score_state *st = &ev->cards[sc->index];
  if (st->done) return st;
  st->done = true;   /* a scorecard that reaches itself was rejected by the checker */
  const char *saved = ev->rule;
  ev->rule = sc->name;
  st->stage = sc->stage ? eval_expr(ev, sc->stage) : v_null();
  if (st->stage.type != V_NULL && st->stage.type != V_TEXT)
    st->stage = v_text(value_to_text(ev, st->stage, NULL), (int)strlen(value_to_text(ev, st->stage, NULL)));
  for (int i = 0; i < sc->metric_count; i++) {
    metric *m = sc->metrics[i];
    value n = eval_need_number(ev, eval_expr(ev, m->value));
    st->values[i] = n;
    st->scores[i] = metric_score(ev, m, n);
  }
  st->row = weights_row_of(ev, sc, st->stage);
  if (st->row < 0) {
    warn_no_weights(ev, sc, st->stage);
    st->score = st->grade = st->coverage = v_null();
  } else {
    total_score(ev, sc, st);
  }
  ev->rule = saved;
  return st;
}

/* --- any declaration, memoised ------------------------------------------------------------ */

value eval_decl(evaluator *ev, decl *d) {
  if (ev->decl_state[d->memo] == 2) return ev->decl_values[d->memo];
  if (ev->decl_state[d->memo] == 1) return v_null();   /* unreachable after checking */
  ev->decl_state[d->memo] = 1;
  const char *saved = ev->rule;
  ev->rule = d->name;
  value v = v_null();
  switch (d->kind) {
  case D_LET: case D_OUTPUT: v = eval_expr(ev, d->value); break;
  case D_TIERING: v = tier_of(ev, d); break;
  case D_SCORECARD: v = eval_scorecard(ev, d)->score; break;
  case D_ALERT: v = v_bool(eval_truth(ev, d->value) == 1); break;
  default: break;
  }
  ev->rule = saved;
  ev->decl_values[d->memo] = v;
  ev->decl_state[d->memo] = 2;
  return v;
}
