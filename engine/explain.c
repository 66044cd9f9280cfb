/*
 * explain.c — kam explain: why one account got its tier, score and alerts.
 *
 * It evaluates one subject through the same session and evaluator as kam
 * run (the scans restricted to one key), then walks the checked tree to
 * show each let's value, each tier tried in order with every condition's
 * outcome and operand values (a null operand named as the reason), each
 * metric's value, score, weight and contribution, and each alert with its
 * message or the part that failed.  Text for people, JSON for tools.
 */
#include "explain.h"
#include "groups.h"
#include "results.h"
#include "session.h"

#include <stdlib.h>
#include <string.h>

/* --- output helpers: one writer, two forms --------------------------------- */

static const char *where_of(explainer *x, kam_span sp) {
  return arena_printf(x->mem, "%s:%d", x->rs->src.files[sp.file]->name, span_line(&x->rs->src, sp));
}

/* The source text of a node, with runs of white space folded to one. */
static const char *source_of(explainer *x, const expr *e) {
  return span_text_folded(x->mem, &x->rs->src, e->span);
}

static const char *shown(explainer *x, value v) { return value_to_text(x->ev, v, NULL); }

/* A value as people read it in explain's text: text in quotes, so that
 * spaces around it and the text "null" are seen for what they are. */
static const char *quoted(explainer *x, value v) {
  if (v.type != V_TEXT) return shown(x, v);
  strbuf b;
  sb_init(&b);
  sb_putc(&b, '"');
  for (int i = 0; i < v.u.t.n; i++) {
    char c = v.u.t.s[i];
    if (c == '"' || c == '\\') sb_putc(&b, '\\');
    if (c == '\n') sb_puts(&b, "\\n");
    else if (c == '\t') sb_puts(&b, "\\t");
    else if (c) sb_putc(&b, c);
    else sb_puts(&b, "\\0");
  }
  sb_putc(&b, '"');
  const char *s = arena_strdup(&x->ev->scratch, b.data);
  sb_free(&b);
  return s;
}

static void json_text(explainer *x, const char *s) { sb_json_string(&x->out, s, strlen(s)); }

static void json_value(explainer *x, value v) {
  if (v.type == V_NULL) sb_puts(&x->out, "null");
  else if (v.type == V_BOOL) sb_puts(&x->out, v.u.i ? "true" : "false");
  else if (v_is_number(v)) sb_puts(&x->out, shown(x, v));
  else if (v.type == V_TEXT) sb_json_string(&x->out, v.u.t.s, (size_t)v.u.t.n);   /* NULs kept */
  else json_text(x, shown(x, v));
}

static const char *truth_word(int truth) { return truth < 0 ? "null" : truth ? "true" : "false"; }

/* --- conditions ---------------------------------------------------------------- */

static bool is_literal(const expr *e) {
  return e->kind == E_INT || e->kind == E_REAL || e->kind == E_TEXT || e->kind == E_DATE ||
         e->kind == E_BOOL || e->kind == E_NULL || e->kind == E_TIER || e->kind == E_DURATION;
}

/* Names the innermost operands that made e null: previous(health) rather
 * than previous(health) - health. */
static void null_causes(explainer *x, const expr *e, strbuf *nulls) {
  bool composite = e->kind == E_BINARY || e->kind == E_NEG ||
                   (e->kind == E_CALL && e->builtin != B_COALESCE);
  int before = (int)nulls->len;
  if (composite) {
    const expr *parts[3] = {e->a, e->b, e->c};
    for (int i = 0; i < 3; i++)
      if (parts[i] && eval_expr(x->ev, parts[i]).type == V_NULL) null_causes(x, parts[i], nulls);
    for (int i = 0; e->kind == E_CALL && i < e->list.count; i++)
      if (eval_expr(x->ev, e->list.items[i]).type == V_NULL) null_causes(x, e->list.items[i], nulls);
  }
  if ((int)nulls->len == before)
    sb_printf(nulls, "%s%s is null", nulls->len ? ", " : "", source_of(x, e));
}

static void add_operand(explainer *x, strbuf *values, strbuf *nulls, const expr *e) {
  if (is_literal(e)) return;
  value v = eval_expr(x->ev, e);
  if (v.type == V_NULL) null_causes(x, e, nulls);
  sb_printf(values, "%s%s = %s", values->len ? "; " : "", source_of(x, e), quoted(x, v));
}

/* One line per leaf: its text, outcome, operand values and the null reason. */
static void explain_leaf(explainer *x, const expr *e, int depth) {
  int truth = eval_truth(x->ev, e);
  strbuf values, nulls;
  sb_init(&values);
  sb_init(&nulls);
  if (e->kind == E_BINARY || e->kind == E_BETWEEN || e->kind == E_IN || e->kind == E_IS_NULL) {
    add_operand(x, &values, &nulls, e->a);
    if (e->b) add_operand(x, &values, &nulls, e->b);
    if (e->kind == E_BETWEEN) add_operand(x, &values, &nulls, e->c);
  } else if (eval_expr(x->ev, e).type == V_NULL) {
    null_causes(x, e, &nulls);   /* the outcome itself is shown; only say why it is null */
  } else if (eval_expr(x->ev, e).type != V_BOOL) {
    add_operand(x, &values, &nulls, e);   /* a 0/1 column read as a condition */
  }
  const char *because = truth < 0 && nulls.len ? nulls.data : "";
  if (x->json) {
    sb_printf(&x->out, "%s{\"depth\":%d,\"condition\":", x->first ? "" : ",", depth);
    json_text(x, source_of(x, e));
    sb_printf(&x->out, ",\"result\":%s,\"values\":", truth < 0 ? "null" : truth ? "true" : "false");
    json_text(x, values.data ? values.data : "");
    sb_puts(&x->out, ",\"null_because\":");
    json_text(x, because);
    sb_puts(&x->out, ",\"line\":");
    json_text(x, where_of(x, e->span));
    sb_putc(&x->out, '}');
    x->first = false;
  } else {
    sb_printf(&x->out, "%*s%-5s  %s", 4 + 2 * depth, "", truth_word(truth), source_of(x, e));
    if (values.len) sb_printf(&x->out, "    [%s]", values.data);
    if (*because) sb_printf(&x->out, "    <- null because %s", because);
    sb_putc(&x->out, '\n');
  }
  sb_free(&values);
  sb_free(&nulls);
}

static void explain_condition(explainer *x, const expr *e, int depth) {
  if (e->kind == E_BINARY && e->binop == OP_AND) {
    explain_condition(x, e->a, depth);
    explain_condition(x, e->b, depth);
  } else if ((e->kind == E_BINARY && e->binop == OP_OR) || e->kind == E_NOT) {
    explain_leaf(x, e, depth);
    if (e->kind == E_NOT) explain_condition(x, e->a, depth + 1);
    else {
      explain_condition(x, e->a, depth + 1);
      explain_condition(x, e->b, depth + 1);
    }
  } else {
    explain_leaf(x, e, depth);
  }
}

static void conditions_json(explainer *x, const expr *e) {
  sb_puts(&x->out, "\"conditions\":[");
  x->first = true;
  if (e) explain_condition(x, e, 0);
  sb_putc(&x->out, ']');
}

/* --- sections -------------------------------------------------------------------- */

static void explain_values(explainer *x, const ptr_vec *decls, const char *title) {
  if (!decls->count) return;
  if (x->json) sb_printf(&x->out, ",\"%s\":[", title);
  else sb_printf(&x->out, "\n%s\n", title);
  for (int i = 0; i < decls->count; i++) {
    decl *d = decls->items[i];
    value v = eval_decl(x->ev, d);
    if (x->json) {
      sb_printf(&x->out, "%s{\"name\":", i ? "," : "");
      json_text(x, d->name);
      sb_puts(&x->out, ",\"value\":");
      json_value(x, v);
      sb_puts(&x->out, ",\"line\":");
      json_text(x, where_of(x, d->name_span));
      sb_putc(&x->out, '}');
    } else {
      sb_puts(&x->out, "  ");
      sb_pad(&x->out, d->name, 24);
      sb_puts(&x->out, " = ");
      sb_pad(&x->out, quoted(x, v), 20);
      sb_printf(&x->out, " %s\n", where_of(x, d->name_span));
    }
  }
  if (x->json) sb_putc(&x->out, ']');
}

static void explain_tiering(explainer *x, decl *t) {
  value chosen = eval_decl(x->ev, t);
  if (x->json) {
    sb_puts(&x->out, "{\"name\":");
    json_text(x, t->name);
    sb_puts(&x->out, ",\"tier\":");
    json_value(x, chosen);
    sb_puts(&x->out, ",\"line\":");
    json_text(x, where_of(x, t->name_span));
    sb_puts(&x->out, ",\"tried\":[");
  } else {
    sb_printf(&x->out, "\ntiering %s -> %s    %s\n", t->name, shown(x, chosen), where_of(x, t->name_span));
  }
  for (int i = 0; i < t->tiers.count; i++) {
    tier *tr = t->tiers.items[i];
    int held = tr->when ? eval_truth(x->ev, tr->when) : 1;
    if (x->json) {
      sb_printf(&x->out, "%s{\"tier\":", i ? "," : "");
      json_text(x, tr->name);
      sb_printf(&x->out, ",\"held\":%s,\"otherwise\":%s,\"line\":", truth_word(held), tr->when ? "false" : "true");
      json_text(x, where_of(x, tr->span));
      sb_putc(&x->out, ',');
      conditions_json(x, tr->when);
      sb_putc(&x->out, '}');
    } else {
      sb_printf(&x->out, "  tier %-4s %-13s %s\n", tr->name,
                !tr->when ? "otherwise" : held == 1 ? "met" : held == 0 ? "not met" : "null: not met",
                where_of(x, tr->span));
      if (tr->when) explain_condition(x, tr->when, 0);
    }
    if (held == 1) break;   /* later tiers are not tried */
  }
  if (x->json) sb_puts(&x->out, "]}");
}

/* One row of the metric table, each cell padded to its column by display
 * width; a cell wider than its column pushes the rest right but keeps a
 * space before the next. */
static void metric_row(strbuf *out, const char *const cells[6]) {
  static const int widths[] = {14, 12, 18, 10, 7, 10};
  sb_puts(out, " ");
  for (int i = 0; i < 6; i++) {
    sb_putc(out, ' ');
    sb_pad(out, cells[i], widths[i]);
  }
}

static void explain_metric(explainer *x, decl *sc, score_state *st, int m, double total_weight) {
  metric *mt = sc->metrics[m];
  weight_row *row = st->row >= 0 ? sc->weights.items[st->row] : NULL;
  value weight = row ? v_real(row->by_metric[m]) : v_null();
  value contribution = v_null();
  if (row && st->scores[m].type != V_NULL && total_weight > 0)
    contribution = v_real(row->by_metric[m] * v_as_double(st->scores[m]) / total_weight);
  const char *persp = ((perspective *)sc->perspectives.items[mt->perspective])->name;
  if (x->json) {
    sb_printf(&x->out, "%s{\"name\":", m ? "," : "");
    json_text(x, mt->name);
    sb_puts(&x->out, ",\"perspective\":");
    json_text(x, persp);
    sb_puts(&x->out, ",\"value\":");
    json_value(x, st->values[m]);
    sb_puts(&x->out, ",\"score\":");
    json_value(x, st->scores[m]);
    sb_puts(&x->out, ",\"weight\":");
    json_value(x, weight);
    sb_puts(&x->out, ",\"contribution\":");
    json_value(x, contribution);
    sb_puts(&x->out, ",\"line\":");
    json_text(x, where_of(x, mt->name_span));
    sb_putc(&x->out, '}');
  } else {
    const char *cells[] = {mt->name, persp, quoted(x, st->values[m]), value_to_text(x->ev, st->scores[m], ".2f"),
                           shown(x, weight), value_to_text(x->ev, contribution, ".2f")};
    metric_row(&x->out, cells);
    sb_printf(&x->out, " %s\n", where_of(x, mt->name_span));
  }
}

static double scored_weight(decl *sc, score_state *st) {
  if (st->row < 0) return 0;
  weight_row *row = sc->weights.items[st->row];
  double w = 0;
  for (int m = 0; m < sc->metric_count; m++)
    if (st->scores[m].type != V_NULL) w += row->by_metric[m];
  return w;
}

static void explain_scorecard(explainer *x, decl *sc) {
  score_state *st = eval_scorecard(x->ev, sc);
  double total = scored_weight(sc, st);
  if (x->json) {
    sb_puts(&x->out, "{\"name\":");
    json_text(x, sc->name);
    sb_puts(&x->out, ",\"stage\":");
    json_value(x, st->stage);
    sb_printf(&x->out, ",\"weights_row\":%s,\"score\":", st->row >= 0 ? "true" : "false");
    json_value(x, st->score);
    sb_puts(&x->out, ",\"grade\":");
    json_value(x, st->grade);
    sb_puts(&x->out, ",\"coverage\":");
    json_value(x, st->coverage);
    sb_puts(&x->out, ",\"line\":");
    json_text(x, where_of(x, sc->name_span));
    sb_puts(&x->out, ",\"metrics\":[");
  } else {
    sb_printf(&x->out, "\nscorecard %s: score %s, grade %s, coverage %s    %s\n", sc->name,
              value_to_text(x->ev, st->score, ".2f"), shown(x, st->grade),
              value_to_text(x->ev, st->coverage, ".0%"), where_of(x, sc->name_span));
    sb_printf(&x->out, "  stage %s%s\n", shown(x, st->stage),
              st->row >= 0 ? "" : " (no weights row: no score)");
    const char *heads[] = {"metric", "perspective", "value", "score", "weight", "points"};
    metric_row(&x->out, heads);
    sb_putc(&x->out, '\n');
  }
  for (int m = 0; m < sc->metric_count; m++) explain_metric(x, sc, st, m, total);
  if (x->json) sb_puts(&x->out, "]}");
}

static void explain_alert(explainer *x, decl *a, bool first) {
  bool fired = eval_decl(x->ev, a).u.i == 1;
  const char *message = fired ? eval_message(x->ev, a) : NULL;
  if (x->json) {
    sb_printf(&x->out, "%s{\"name\":", first ? "" : ",");
    json_text(x, a->name);
    sb_puts(&x->out, ",\"severity\":");
    json_text(x, a->severity);
    sb_printf(&x->out, ",\"fired\":%s,\"message\":", fired ? "true" : "false");
    if (message) json_text(x, message);
    else sb_puts(&x->out, "null");
    sb_puts(&x->out, ",\"line\":");
    json_text(x, where_of(x, a->name_span));
    sb_putc(&x->out, ',');
    conditions_json(x, a->value);
    sb_putc(&x->out, '}');
    return;
  }
  sb_puts(&x->out, "  ");
  sb_pad(&x->out, a->name, 30);
  sb_printf(&x->out, " %-8s %-10s %s\n", a->severity, fired ? "FIRED" : "not fired", where_of(x, a->name_span));
  if (fired) sb_printf(&x->out, "    \"%s\"\n", message);
  else explain_condition(x, a->value, 0);
}

static void explain_all(explainer *x) {
  const program *p = x->prog;
  explain_values(x, &p->lets, "lets");
  if (x->json) sb_puts(&x->out, ",\"tierings\":[");
  for (int i = 0; i < p->tierings.count; i++) {
    if (x->json && i) sb_putc(&x->out, ',');
    explain_tiering(x, p->tierings.items[i]);
  }
  if (x->json) sb_puts(&x->out, "],\"scorecards\":[");
  for (int i = 0; i < p->scorecards.count; i++) {
    if (x->json && i) sb_putc(&x->out, ',');
    explain_scorecard(x, p->scorecards.items[i]);
  }
  if (x->json) sb_puts(&x->out, "],\"alerts\":[");
  else if (p->alerts.count) sb_puts(&x->out, "\nalerts\n");
  for (int i = 0; i < p->alerts.count; i++) explain_alert(x, p->alerts.items[i], i == 0);
  if (x->json) sb_putc(&x->out, ']');
  explain_values(x, &p->outputs, "outputs");
}

/* --- the command ------------------------------------------------------------------ */

static void note_warning(void *user, const char *rule, const char *message) {
  explainer *x = user;
  sb_printf(&x->warnings, "%s%s: %s", x->warnings.len ? "\n" : "", rule, message);
}

static void render_header(explainer *x, const char *as_of) {
  value label = eval_label(x->ev);
  if (x->json) {
    sb_puts(&x->out, "{\"account\":");
    json_value(x, x->ev->key);
    sb_puts(&x->out, ",\"label\":");
    json_value(x, label);
    sb_puts(&x->out, ",\"as_of\":");
    json_text(x, as_of);
  } else {
    sb_printf(&x->out, "account %s", shown(x, x->ev->key));
    if (label.type != V_NULL) sb_printf(&x->out, " (%s)", shown(x, label));
    sb_printf(&x->out, ", as of %s\n", as_of);
  }
}

/* group by: the account's group, its size, and on request its members
 * with what each gave every group aggregate. */
static void render_member(explainer *x, const group_member *m, const program *p) {
  if (x->json) {
    sb_puts(&x->out, "{\"account\":");
    json_value(x, m->key);
    sb_puts(&x->out, ",\"gave\":{");
  } else {
    sb_printf(&x->out, "    %s", shown(x, m->key));
    if (m->label.type != V_NULL) sb_printf(&x->out, " (%s)", shown(x, m->label));
    sb_puts(&x->out, ":");
  }
  for (int g = 0; g < p->groups.count; g++) {
    const expr *e = p->groups.items[g];
    if (x->json) {
      if (g) sb_putc(&x->out, ',');
      json_text(x, source_of(x, e));
      sb_putc(&x->out, ':');
      json_value(x, m->gave[g]);
    } else {
      sb_printf(&x->out, "%s %s = %s", g ? ";" : "", source_of(x, e), shown(x, m->gave[g]));
    }
  }
  sb_puts(&x->out, x->json ? "}}" : "\n");
}

static void render_group(explainer *x) {
  const program *p = x->prog;
  if (!p->group) return;
  value group = groups_subject_value(x->ev);
  const group_entry *en = groups_find(x->ev->groups, group);
  long members = en ? en->members : 1;
  const group_table *t = x->group_members;
  if (x->json) {
    sb_puts(&x->out, ",\"group\":");
    json_value(x, group);
    sb_printf(&x->out, ",\"group_members\":%ld", members);
    if (t) {
      sb_puts(&x->out, ",\"members\":[");
      for (int i = 0; i < t->recorded_count; i++) {
        if (i) sb_putc(&x->out, ',');
        render_member(x, &t->recorded[i], p);
      }
      sb_putc(&x->out, ']');
    }
    return;
  }
  if (group.type == V_NULL) sb_puts(&x->out, "group: none (a group of its own)\n");
  else sb_printf(&x->out, "group: %s = %s, %ld account%s\n", p->group->key, shown(x, group),
                 members, members == 1 ? "" : "s");
  if (!t) return;
  sb_puts(&x->out, "  members and what each gave:\n");
  for (int i = 0; i < t->recorded_count; i++) render_member(x, &t->recorded[i], p);
}

static void render_warnings(explainer *x) {
  if (x->json) {   /* one string per warning */
    sb_puts(&x->out, ",\"warnings\":[");
    for (const char *line = x->warnings.data; line && *line;) {
      const char *end = strchr(line, '\n');
      size_t n = end ? (size_t)(end - line) : strlen(line);
      if (line != x->warnings.data) sb_putc(&x->out, ',');
      sb_json_string(&x->out, line, n);
      line += n + (end ? 1 : 0);
    }
    sb_puts(&x->out, "]}\n");
  } else if (x->warnings.len) {
    sb_puts(&x->out, "\ndata warnings\n");
    for (const char *line = x->warnings.data; *line;) {   /* one warning a line, each indented */
      const char *end = strchr(line, '\n');
      int n = end ? (int)(end - line) : (int)strlen(line);
      sb_printf(&x->out, "  %.*s\n", n, line);
      line += n + (end ? 1 : 0);
    }
  }
}

/* Finds the key as stored.  The key given is text; it finds a subject the
 * way keys match (contract §2): under the key column's affinity, and in an
 * untyped column a number equal to it too ('1' finds the integer 1).  Should
 * an untyped column hold both '1' and 1, the text one is taken.  The same
 * row gives the subject's group value as stored (null without `group by`). */
static int stored_key(sqlite3 *db, arena *mem, const program *p, const char *account, value *key, value *group) {
  const char *k = sql_quote_ident(mem, p->entity->key);
  const char *g = p->group_column >= 0
                      ? sql_quote_ident(mem, ((const column_info *)p->columns.items[p->group_column])->name)
                      : "NULL";
  /* ?2 (KEY as a number) may find only numbers: compared with a TEXT
   * column it would turn back into text, and '01' would find '1'. */
  char *sql = arena_printf(mem,
                           "SELECT %s, %s FROM %s WHERE %s = ?1 COLLATE BINARY OR (%s = ?2 AND typeof(%s) IN ('integer', 'real'))"
                           " ORDER BY typeof(%s) = 'text' DESC LIMIT 1",
                           k, g, sql_quote_ident(mem, p->entity->table), k, k, k, k);
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
  value number;   /* ?2 stays null (matching nothing) unless the text is a number */
  if (text_to_number(account, (int)strlen(account), &number)) {
    if (number.type == V_INT) sqlite3_bind_int64(st, 2, number.u.i);
    else sqlite3_bind_double(st, 2, v_as_double(number));
  }
  rc = sqlite3_step(st);
  *key = rc == SQLITE_ROW ? column_value(st, 0, mem) : v_null();
  *group = rc == SQLITE_ROW ? column_value(st, 1, mem) : v_null();
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int explain_subject(explainer *x, sqlite3 *db, sqlite3 *runs_db, int64_t as_of, const char *as_of_text,
                    const char *account) {
  value key, group;
  sqlite3_int64 previous = 0;
  if (stored_key(db, x->mem, x->prog, account, &key, &group) != SQLITE_OK) {
    diag_plain(&x->rs->src, KAM_DIAG_ERROR, "cannot look up account '%s': %s", account, sqlite3_errmsg(db));
    return KAM_ERR_DB;
  }
  if (key.type == V_NULL) {
    diag_plain(&x->rs->src, KAM_DIAG_ERROR, "no account '%s' in table %s", account, x->prog->entity->table);
    return KAM_ERR_USAGE;
  }
  if (runs_db && results_previous_run(runs_db, as_of_text, &previous) != SQLITE_OK) {
    diag_plain(&x->rs->src, KAM_DIAG_ERROR, "cannot read the previous runs: %s", sqlite3_errmsg(runs_db));
    return KAM_ERR_DB;
  }
  session s;
  enum episode_mode episodes = EPISODES_LIVE;   /* open_days() reads the open episodes */
  if (runs_db && results_episode_mode(runs_db, as_of_text, &episodes) != SQLITE_OK) episodes = EPISODES_NONE;
  int rc = session_open(&s, x->prog, db, runs_db, previous, x->mem, as_of, note_warning, x, KEYS_ONE);
  if (rc == SQLITE_OK) rc = session_track_episodes(&s, runs_db, episodes);
  if (rc == SQLITE_OK) session_set_keys(&s, &key, NULL);
  if (rc == SQLITE_OK && x->prog->groups.count)   /* the pass reads this account's group alone */
    rc = session_groups(&s, &group);
  bool loaded = false;
  if (rc == SQLITE_OK) rc = session_next(&s, &loaded);
  if (rc != SQLITE_OK || !loaded) {
    diag_plain(&x->rs->src, KAM_DIAG_ERROR, "cannot read account '%s': %s", account, sqlite3_errmsg(db));
    session_close(&s);
    return KAM_ERR_DB;
  }
  x->ev = &s.ev;
  if (x->members) x->group_members = s.own_groups;   /* built for this group, its members kept */
  render_header(x, as_of_text);
  render_group(x);
  explain_all(x);
  render_warnings(x);
  session_close(&s);
  return KAM_OK;
}

int kam_explain(kam_ruleset *rs, const kam_explain_options *o, char **text) {
  *text = NULL;
  int64_t as_of;
  char as_of_text[11];
  if (!as_of_or_error(&rs->src, o->as_of, &as_of, as_of_text)) return KAM_ERR_USAGE;
  sqlite3 *db, *runs_db = NULL;
  int status = open_existing_db(&rs->src, o->db_path, false, 5000, &db);
  if (status != KAM_OK) return status;
  status = ruleset_check_with(rs, db);
  if (status == KAM_OK) status = results_open_for_reading(&rs->src, o->out_path, db, &runs_db);
  if (status == KAM_OK) {
    arena mem;
    arena_init(&mem);
    explainer x = {0};
    x.rs = rs;
    x.prog = &rs->prog;
    x.mem = &mem;
    x.json = o->json;
    x.members = o->members;
    status = explain_subject(&x, db, runs_db, as_of, as_of_text, o->account);
    if (status == KAM_OK) *text = x.out.data;
    else sb_free(&x.out);
    sb_free(&x.warnings);
    arena_free(&mem);
  }
  if (runs_db != db) sqlite3_close(runs_db);
  sqlite3_close(db);
  return status;
}
