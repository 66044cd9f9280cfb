/*
 * emit.c — one evaluated subject handed on: its result rows and its JSON
 * or CSV line into a batch (which the writer replays into the kam_*
 * tables), and the summary's counts.  It asks the evaluator for each
 * declaration; it decides nothing itself.
 */
#include "emit.h"
#include "groups.h"

#include <string.h>

/* --- JSON and CSV pieces ---------------------------------------------------- */

/* Lines are built only when wanted: a NULL buffer takes nothing. */
static void jputs(strbuf *b, const char *s) {
  if (b) sb_puts(b, s);
}

static void jputc(strbuf *b, char c) {
  if (b) sb_putc(b, c);
}

static void json_value(emitter *em, strbuf *b, value v) {
  if (!b) return;
  switch (v.type) {
  case V_NULL: sb_puts(b, "null"); return;
  case V_BOOL: sb_puts(b, v.u.i ? "true" : "false"); return;
  case V_INT: case V_REAL: sb_puts(b, value_to_text(em->ev, v, NULL)); return;
  case V_TEXT: sb_json_string(b, v.u.t.s, (size_t)v.u.t.n); return;   /* with its length: NULs kept */
  default: {
    const char *s = value_to_text(em->ev, v, NULL);
    sb_json_string(b, s, strlen(s));
  }
  }
}

static void json_key(strbuf *b, const char *key, bool *first) {
  if (!b) return;
  if (!*first) sb_putc(b, ',');
  *first = false;
  sb_json_string(b, key, strlen(key));
  sb_putc(b, ':');
}

static void csv_field(strbuf *b, const char *s) {
  if (!b) return;
  sb_putc(b, ',');
  sb_csv_field(b, s);
}

static void csv_value(emitter *em, strbuf *b, value v) {
  if (!b) return;
  csv_field(b, v.type == V_NULL ? "" : value_to_text(em->ev, v, NULL));
}

void emit_csv_header(emitter *em) {
  const program *p = em->prog;
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "account");
  csv_field(&b, "label");
  for (int i = 0; i < p->tierings.count; i++) csv_field(&b, ((decl *)p->tierings.items[i])->name);
  for (int i = 0; i < p->scorecards.count; i++) {
    const char *name = ((decl *)p->scorecards.items[i])->name;
    static const char *const parts[] = {"", ".stage", ".grade", ".coverage"};
    for (int k = 0; k < 4; k++) {
      char col[256];
      snprintf(col, sizeof col, "%s%s", name, parts[k]);
      csv_field(&b, col);
    }
  }
  csv_field(&b, "alerts");
  for (int i = 0; i < p->outputs.count; i++) csv_field(&b, ((decl *)p->outputs.items[i])->name);
  batch_line(em->out, b.data);
  sb_free(&b);
}

/* --- one subject ------------------------------------------------------------------ */

static value name_value(const char *name) { return v_text(name, (int)strlen(name)); }

static void write_tiers(emitter *em, strbuf *json, strbuf *csv) {
  const program *p = em->prog;
  bool first = true;
  jputs(json, ",\"tiers\":{");
  for (int i = 0; i < p->tierings.count; i++) {
    decl *t = p->tierings.items[i];
    value v = eval_decl(em->ev, t);
    summary_add_tier(em->summary, i, v);
    json_key(json, t->name, &first);
    json_value(em, json, v);
    csv_value(em, csv, v);
    if (!em->store || v.type == V_NULL) continue;
    value row[] = {em->ev->key, name_value(t->name), v};
    batch_row(em->out, ROW_TIER, row, 3, p);
  }
  jputc(json, '}');
}

static void write_metrics(emitter *em, decl *sc, score_state *st, strbuf *json) {
  bool first = true;
  weight_row *row = st->row >= 0 ? sc->weights.items[st->row] : NULL;
  jputs(json, ",\"metrics\":{");
  for (int m = 0; m < sc->metric_count; m++) {
    value weight = row ? v_real(row->by_metric[m]) : v_null();
    json_key(json, sc->metrics[m]->name, &first);
    jputs(json, "{\"value\":");
    json_value(em, json, st->values[m]);
    jputs(json, ",\"score\":");
    json_value(em, json, st->scores[m]);
    jputs(json, ",\"weight\":");
    json_value(em, json, weight);
    jputc(json, '}');
    if (!em->store) continue;
    value cells[] = {em->ev->key, name_value(sc->name), name_value(sc->metrics[m]->name),
                     st->values[m], st->scores[m], weight};
    batch_row(em->out, ROW_METRIC, cells, 6, em->prog);
  }
  jputc(json, '}');
}

static void write_scores(emitter *em, strbuf *json, strbuf *csv) {
  const program *p = em->prog;
  bool first = true;
  jputs(json, ",\"scores\":{");
  for (int i = 0; i < p->scorecards.count; i++) {
    decl *sc = p->scorecards.items[i];
    score_state *st = eval_scorecard(em->ev, sc);
    summary_add_score(em->summary, i, st->row, st->score);
    json_key(json, sc->name, &first);
    jputs(json, "{\"stage\":");
    json_value(em, json, st->stage);
    jputs(json, ",\"score\":");
    json_value(em, json, st->score);
    jputs(json, ",\"grade\":");
    json_value(em, json, st->grade);
    jputs(json, ",\"coverage\":");
    json_value(em, json, st->coverage);
    csv_value(em, csv, st->score);
    csv_value(em, csv, st->stage);
    csv_value(em, csv, st->grade);
    csv_value(em, csv, st->coverage);
    if (em->store) {   /* the score's row first, then its metrics' */
      value row[] = {em->ev->key, name_value(sc->name), st->stage, st->score, st->grade, st->coverage};
      batch_row(em->out, ROW_SCORE, row, 6, p);
    }
    write_metrics(em, sc, st, json);
    jputc(json, '}');
  }
  jputc(json, '}');
}

/* The state a firing alert is stored with (contract §4), and its episode
 * (null: a backfill's, or one this run opens). */
static const char *alert_state(const evaluator *ev, int alert, value *episode) {
  const open_episode *e = &ev->episodes[alert];
  *episode = v_null();
  if (ev->episode_mode == EPISODES_BACKFILL) return "backfill";
  if (ev->episode_mode == EPISODES_NONE || e->id == 0) return "new";
  *episode = v_int(e->id);
  if (e->snooze_until >= ev->as_of) return "snoozed";   /* until a run dated after the snooze date */
  return e->opened_on == ev->as_of ? "new" : "ongoing";   /* a rerun of its opening date */
}

static void count_state(kam_run_summary *s, const char *state) {
  if (strcmp(state, "new") == 0) s->alerts_new++;
  else if (strcmp(state, "ongoing") == 0) s->alerts_ongoing++;
  else if (strcmp(state, "snoozed") == 0) s->alerts_snoozed++;
  else s->alerts_backfill++;
}

static void store_alert(emitter *em, decl *a, const char *message, const char *state, value episode) {
  value row[] = {em->ev->key, name_value(a->name), name_value(a->severity),
                 v_text(message, (int)strlen(message)), name_value(state), episode};
  bool opens = em->ev->episode_mode == EPISODES_LIVE && episode.type == V_NULL;
  batch_row(em->out, opens ? ROW_NEW_ALERT : ROW_ALERT, row, opens ? 5 : 6, em->prog);
}

static void write_alerts(emitter *em, strbuf *json, strbuf *csv) {
  const program *p = em->prog;
  strbuf names;
  sb_init(&names);
  long fired_episodes = 0;
  jputs(json, ",\"alerts\":[");
  for (int i = 0; i < p->alerts.count; i++) {
    decl *a = p->alerts.items[i];
    if (eval_decl(em->ev, a).u.i != 1) continue;
    const char *message = eval_message(em->ev, a);
    value episode;
    const char *state = alert_state(em->ev, i, &episode);
    count_state(em->summary, state);
    if (episode.type != V_NULL) fired_episodes++;
    em->summary->alerts++;
    em->summary->alert_counts[i]++;
    if (names.len) {
      jputc(json, ',');
      sb_putc(&names, ';');
    }
    sb_puts(&names, a->name);
    if (json) {
      sb_puts(json, "{\"alert\":");
      sb_json_string(json, a->name, strlen(a->name));
      sb_puts(json, ",\"severity\":");
      sb_json_string(json, a->severity, strlen(a->severity));
      sb_puts(json, ",\"message\":");
      sb_json_string(json, message, strlen(message));
      sb_puts(json, ",\"state\":");
      sb_json_string(json, state, strlen(state));
      sb_putc(json, '}');
    }
    if (em->store) store_alert(em, a, message, state, episode);
  }
  /* Open episodes that did not fire close with this run. */
  if (em->ev->episode_mode == EPISODES_LIVE) em->summary->episodes_closed += em->ev->open_episode_count - fired_episodes;
  jputc(json, ']');
  csv_field(csv, names.data ? names.data : "");
  sb_free(&names);
}

static void write_outputs(emitter *em, strbuf *json, strbuf *csv) {
  const program *p = em->prog;
  bool first = true;
  jputs(json, ",\"outputs\":{");
  for (int i = 0; i < p->outputs.count; i++) {
    decl *o = p->outputs.items[i];
    value v = eval_decl(em->ev, o);
    json_key(json, o->name, &first);
    json_value(em, json, v);
    csv_value(em, csv, v);
    if (!em->store) continue;
    value row[] = {em->ev->key, name_value(o->name), v};
    batch_row(em->out, ROW_OUTPUT, row, 3, p);
  }
  jputc(json, '}');
}

void emit_subject(emitter *em) {
  strbuf json_text, csv_text;
  sb_init(&json_text);
  sb_init(&csv_text);
  strbuf *json = em->lines ? &json_text : NULL, *csv = em->lines ? &csv_text : NULL;
  jputs(json, "{\"account\":");
  json_value(em, json, em->ev->key);
  value label = eval_label(em->ev);   /* beside the key wherever people read a subject */
  jputs(json, ",\"label\":");
  json_value(em, json, label);
  if (em->prog->group) {   /* group by: the subject's group as stored (null: a group of its own) */
    jputs(json, ",\"group\":");
    json_value(em, json, groups_subject_value(em->ev));
  }
  if (csv) csv_field(csv, em->ev->key.type == V_NULL ? "" : value_to_text(em->ev, em->ev->key, NULL));
  csv_value(em, csv, label);
  write_tiers(em, json, csv);
  write_scores(em, json, csv);
  write_alerts(em, json, csv);
  write_outputs(em, json, csv);
  jputc(json, '}');
  em->summary->accounts++;
  em->out->subjects++;
  if (em->lines && em->format == KAM_LINES_JSON) batch_line(em->out, json_text.data);
  if (em->lines && em->format == KAM_LINES_CSV) batch_line(em->out, csv_text.data + 1);
  sb_free(&json_text);
  sb_free(&csv_text);
}
