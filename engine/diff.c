/*
 * diff.c — kam diff: which accounts a rule change moves.
 *
 * The OLD and NEW rule sets are checked against the same database and
 * evaluated side by side, one session each, stepping through the accounts
 * in key order together; nothing is written.  For every account it compares
 * tiers (with the first condition whose outcome changed), scores and
 * grades, alerts and outputs, matching declarations by name.  Rendering
 * (text, markdown, JSON) is diff_report.c's.
 */
#include "diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static decl *find_named(const ptr_vec *decls, const char *name) {
  for (int i = 0; i < decls->count; i++)
    if (strcmp(((decl *)decls->items[i])->name, name) == 0) return decls->items[i];
  return NULL;
}

static void note_changed_decls(differ *df, const ptr_vec *old, const ptr_vec *new_, const char *kind) {
  for (int i = 0; i < old->count; i++) {
    const decl *d = old->items[i];
    if (!find_named(new_, d->name))
      ptr_vec_push(&df->mem, &df->removed, arena_printf(&df->mem, "%s %s", kind, d->name));
  }
  for (int i = 0; i < new_->count; i++) {
    const decl *d = new_->items[i];
    if (!find_named(old, d->name))
      ptr_vec_push(&df->mem, &df->added, arena_printf(&df->mem, "%s %s", kind, d->name));
  }
}

/* Counts a change; true when it is among the first DIFF_EXAMPLES, which are
 * kept as lines (so lines are formatted only for those). */
static bool count_example(ptr_vec *list, long *count) {
  (*count)++;
  return list->count < DIFF_EXAMPLES;
}

/* --- pairing declarations ---------------------------------------------------- */

void diff_pair(differ *df) {
  const program *o = df->old_prog, *n = df->new_prog;
  note_changed_decls(df, &o->tierings, &n->tierings, "tiering");
  note_changed_decls(df, &o->scorecards, &n->scorecards, "scorecard");
  note_changed_decls(df, &o->alerts, &n->alerts, "alert");
  note_changed_decls(df, &o->outputs, &n->outputs, "output");
  note_changed_decls(df, &o->lets, &n->lets, "let");
  for (int i = 0; i < n->tierings.count; i++) {
    decl *nt = n->tierings.items[i], *ot = find_named(&o->tierings, nt->name);
    if (!ot) continue;
    tiering_diff *td = arena_alloc(&df->mem, sizeof *td);
    td->old = ot;
    td->new_ = nt;
    td->matrix = arena_alloc(&df->mem, sizeof(long) * (size_t)((ot->tiers.count + 1) * (nt->tiers.count + 1)));
    ptr_vec_push(&df->mem, &df->tierings, td);
  }
  for (int i = 0; i < n->scorecards.count; i++) {
    decl *ns = n->scorecards.items[i], *os = find_named(&o->scorecards, ns->name);
    if (!os) continue;
    score_diff *sd = arena_alloc(&df->mem, sizeof *sd);
    sd->old = os;
    sd->new_ = ns;
    ptr_vec_push(&df->mem, &df->scorecards, sd);
  }
  for (int i = 0; i < n->alerts.count; i++) {
    decl *na = n->alerts.items[i], *oa = find_named(&o->alerts, na->name);
    alert_diff *ad = arena_alloc(&df->mem, sizeof *ad);
    ad->old = oa;
    ad->new_ = na;
    ptr_vec_push(&df->mem, &df->alerts, ad);
  }
  for (int i = 0; i < o->alerts.count; i++) {
    decl *oa = o->alerts.items[i];
    if (find_named(&n->alerts, oa->name)) continue;
    alert_diff *ad = arena_alloc(&df->mem, sizeof *ad);
    ad->old = oa;
    ptr_vec_push(&df->mem, &df->alerts, ad);
  }
  for (int i = 0; i < n->outputs.count; i++) {
    decl *no = n->outputs.items[i], *oo = find_named(&o->outputs, no->name);
    if (!oo) continue;
    output_diff *od = arena_alloc(&df->mem, sizeof *od);
    od->old = oo;
    od->new_ = no;
    ptr_vec_push(&df->mem, &df->outputs, od);
  }
}

/* --- why a tier moved ------------------------------------------------------------ */

static void flatten(const expr *e, ptr_vec *leaves, arena *mem) {
  if (e->kind == E_BINARY && (e->binop == OP_AND || e->binop == OP_OR)) {
    flatten(e->a, leaves, mem);
    flatten(e->b, leaves, mem);
  } else {
    ptr_vec_push(mem, leaves, (void *)e);
  }
}

/* Strings about one account live in the evaluator's scratch memory, which
 * the next account reuses; only what is kept is copied into df->mem. */
static arena *scratch(differ *df) { return &df->new_s->ev.scratch; }

static const char *text_of(differ *df, const source_set *src, const expr *e) {
  return span_text_folded(scratch(df), src, e->span);
}

static const char *truth_name(int t) { return t < 0 ? "null" : t ? "true" : "false"; }

/* The first leaf of two tier conditions whose text or outcome differs. */
static const char *changed_leaf(differ *df, const tier *ot, const tier *nt) {
  ptr_vec ol = {0}, nl = {0};
  if (ot->when) flatten(ot->when, &ol, scratch(df));
  if (nt->when) flatten(nt->when, &nl, scratch(df));
  int count = ol.count > nl.count ? ol.count : nl.count;
  for (int i = 0; i < count; i++) {
    const expr *a = i < ol.count ? ol.items[i] : NULL, *b = i < nl.count ? nl.items[i] : NULL;
    int ta = a ? eval_truth(&df->old_s->ev, a) : -2, tb = b ? eval_truth(&df->new_s->ev, b) : -2;
    const char *sa = a ? text_of(df, df->old_src, a) : "(none)", *sb = b ? text_of(df, df->new_src, b) : "(none)";
    if (ta == tb && strcmp(sa, sb) == 0) continue;
    if (strcmp(sa, sb) == 0) return arena_printf(scratch(df), "%s: %s -> %s", sb, truth_name(ta), truth_name(tb));
    return arena_printf(scratch(df), "%s (%s) -> %s (%s)", sa, ta == -2 ? "absent" : truth_name(ta), sb,
                        tb == -2 ? "absent" : truth_name(tb));
  }
  return "";
}

static int tier_truth(evaluator *ev, const tier *t) { return t->when ? eval_truth(ev, t->when) : 1; }

static const tier *tier_named(const decl *t, const char *name) {
  for (int i = 0; i < t->tiers.count; i++)
    if (strcmp(((tier *)t->tiers.items[i])->name, name) == 0) return t->tiers.items[i];
  return NULL;
}

/* Walks the new tiering's tiers in order; the first whose condition now
 * holds differently (or that is new) explains the move. */
static const char *move_reason(differ *df, const tiering_diff *td) {
  for (int i = 0; i < td->new_->tiers.count; i++) {
    const tier *nt = td->new_->tiers.items[i], *ot = tier_named(td->old, nt->name);
    int tn = tier_truth(&df->new_s->ev, nt);
    if (!ot) return arena_printf(scratch(df), "tier %s is new (%s)", nt->name, truth_name(tn));
    int to = tier_truth(&df->old_s->ev, ot);
    const char *leaf = changed_leaf(df, ot, nt);
    if (to != tn || *leaf) return arena_printf(scratch(df), "tier %s: %s", nt->name, *leaf ? leaf : truth_name(tn));
    if (tn == 1) break;
  }
  return "the tiers were reordered";
}

/* --- one account ------------------------------------------------------------------- */

static int tier_slot(value v) { return v.type == V_TIER ? (int)v.u.i + 1 : 0; }

static const char *tier_text(value v, const decl *tiering) {
  return v.type == V_TIER ? ((tier *)tiering->tiers.items[v.u.i])->name : "(none)";
}

/* A value as text for diff's lines, which are C strings: a NUL byte in
 * stored text is shown as U+2400 (the symbol for null) instead of ending
 * the text there. */
static const char *line_text(evaluator *ev, value v) {
  if (v.type != V_TEXT || v.u.t.n <= 0 || !memchr(v.u.t.s, 0, (size_t)v.u.t.n)) return value_to_text(ev, v, NULL);
  strbuf b;
  sb_init(&b);
  for (int i = 0; i < v.u.t.n; i++) {
    if (v.u.t.s[i]) sb_putc(&b, v.u.t.s[i]);
    else sb_puts(&b, "\xE2\x90\x80");
  }
  const char *text = arena_strdup(&ev->scratch, b.data);
  sb_free(&b);
  return text;
}

/* The current account as people read it, its key with its label beside it
 * ("C013 (Acme)"), made only when a change needs it: a million unchanged
 * accounts cost no memory. */
static const char *key_text(differ *df) {
  if (df->key) return df->key;
  evaluator *ev = &df->new_s->ev;
  value label = eval_label(ev);
  const char *key = line_text(ev, ev->key);
  df->key = label.type == V_NULL ? arena_strdup(&df->mem, key)
                                 : arena_printf(&df->mem, "%s (%s)", key, line_text(ev, label));
  return df->key;
}

static void add_to_group(differ *df, tiering_diff *td, const char *what) {
  move_group *g = NULL;
  for (int i = 0; i < td->groups.count && !g; i++)
    if (strcmp(((move_group *)td->groups.items[i])->what, what) == 0) g = td->groups.items[i];
  if (!g && td->groups.count == DIFF_GROUPS) {
    td->other_moves++;
    return;
  }
  if (!g) {
    g = arena_alloc(&df->mem, sizeof *g);
    g->what = arena_strdup(&df->mem, what);
    ptr_vec_push(&df->mem, &td->groups, g);
  }
  g->count++;
  if (g->keys.count < DIFF_KEYS) ptr_vec_push(&df->mem, &g->keys, (void *)key_text(df));
}

static void compare_tiers(differ *df) {
  for (int i = 0; i < df->tierings.count; i++) {
    tiering_diff *td = df->tierings.items[i];
    value o = eval_decl(&df->old_s->ev, td->old), n = eval_decl(&df->new_s->ev, td->new_);
    const char *ot = tier_text(o, td->old), *nt = tier_text(n, td->new_);
    td->matrix[tier_slot(o) * (td->new_->tiers.count + 1) + tier_slot(n)]++;
    if (strcmp(ot, nt) == 0) continue;
    td->moved_count++;
    add_to_group(df, td, arena_printf(scratch(df), "%s -> %s (%s)", ot, nt, move_reason(df, td)));
  }
}

/* "K: 61.0 -> 72.5 (+11.5)": one place, rounded as the message formats round. */
static char *move_text(differ *df, double from, double to, double delta) {
  strbuf b;
  sb_init(&b);
  sb_printf(&b, "%s: ", key_text(df));
  number_format_fixed(from, 1, false, &b);
  sb_puts(&b, " -> ");
  number_format_fixed(to, 1, false, &b);
  sb_puts(&b, " (");
  number_format_fixed(delta, 1, true, &b);
  sb_putc(&b, ')');
  char *s = arena_strdup(&df->mem, b.data);
  sb_free(&b);
  return s;
}

static void compare_scores(differ *df) {
  for (int i = 0; i < df->scorecards.count; i++) {
    score_diff *sd = df->scorecards.items[i];
    score_state *o = eval_scorecard(&df->old_s->ev, sd->old), *n = eval_scorecard(&df->new_s->ev, sd->new_);
    const char *og = value_to_text(&df->old_s->ev, o->grade, NULL), *ng = value_to_text(&df->new_s->ev, n->grade, NULL);
    if (strcmp(og, ng) != 0)
      if (count_example(&sd->grade_changes, &sd->grade_change_count))
        ptr_vec_push(&df->mem, &sd->grade_changes, arena_printf(&df->mem, "%s: %s -> %s", key_text(df), og, ng));
    if (o->score.type == V_NULL || n->score.type == V_NULL) {
      if (o->score.type != n->score.type) sd->null_changes++;
      continue;
    }
    double delta = v_as_double(n->score) - v_as_double(o->score);
    if (delta == 0) {   /* most accounts do not move: counted, not stored */
      sd->unmoved++;
      continue;
    }
    if (sd->delta_count == sd->delta_cap) {
      sd->delta_cap = sd->delta_cap ? sd->delta_cap * 2 : 1024;
      double *bigger = realloc(sd->deltas, sizeof(double) * (size_t)sd->delta_cap);
      if (!bigger) abort();
      sd->deltas = bigger;
    }
    sd->deltas[sd->delta_count++] = delta;
    if (fabs(delta) >= 5 && count_example(&sd->big_moves, &sd->big_move_count))
      ptr_vec_push(&df->mem, &sd->big_moves, move_text(df, v_as_double(o->score), v_as_double(n->score), delta));
  }
}

static void compare_alerts(differ *df) {
  for (int i = 0; i < df->alerts.count; i++) {
    alert_diff *ad = df->alerts.items[i];
    bool o = ad->old && eval_decl(&df->old_s->ev, ad->old).u.i == 1;
    bool n = ad->new_ && eval_decl(&df->new_s->ev, ad->new_).u.i == 1;
    if (o == n) continue;
    if (n && count_example(&ad->starts, &ad->start_count))
      ptr_vec_push(&df->mem, &ad->starts,
                   arena_printf(&df->mem, "%s: %s", key_text(df), eval_message(&df->new_s->ev, ad->new_)));
    else if (!n && count_example(&ad->stops, &ad->stop_count))
      ptr_vec_push(&df->mem, &ad->stops, (char *)key_text(df));
  }
}

static void compare_outputs(differ *df) {
  for (int i = 0; i < df->outputs.count; i++) {
    output_diff *od = df->outputs.items[i];
    value o = eval_decl(&df->old_s->ev, od->old), n = eval_decl(&df->new_s->ev, od->new_);
    const char *os = line_text(&df->old_s->ev, o), *ns = line_text(&df->new_s->ev, n);
    bool same = o.type == n.type && (o.type == V_TEXT ? value_compare(o, n) == 0 : strcmp(os, ns) == 0);
    if (same) continue;   /* text by its bytes, NULs included */
    if (count_example(&od->changes, &od->change_count))
      ptr_vec_push(&df->mem, &od->changes, arena_printf(&df->mem, "%s: %s -> %s", key_text(df), os, ns));
  }
}

static void compare_subject(differ *df) {
  df->key = NULL;
  df->accounts++;
  compare_tiers(df);
  compare_scores(df);
  compare_alerts(df);
  compare_outputs(df);
}

/* --- the walk --------------------------------------------------------------------- */


/* Steps both sessions through the accounts in key order together. */
int diff_walk(differ *df) {
  bool old_loaded, new_loaded;
  int rc = session_next(df->old_s, &old_loaded);
  if (rc == SQLITE_OK) rc = session_next(df->new_s, &new_loaded);
  while (rc == SQLITE_OK && old_loaded && new_loaded) {
    int c = key_compare(df->old_s->ev.key, df->new_s->ev.key);
    if (c == 0) compare_subject(df);
    if (c <= 0) rc = session_next(df->old_s, &old_loaded);
    if (rc == SQLITE_OK && c >= 0) rc = session_next(df->new_s, &new_loaded);
  }
  return rc;
}

void diff_warning(void *user, const char *rule, const char *message) {
  differ *df = user;
  (void)rule;
  (void)message;
  df->warnings++;
}

int diff_run(differ *df, sqlite3 *db, sqlite3 *runs_db, int64_t as_of, int jobs) {
  arena_init(&df->mem);
  diff_pair(df);
  if (jobs > 1) {
    int rc = diff_run_parallel(df, db, runs_db, as_of, jobs);
    if (rc != SQLITE_DONE) return rc;   /* SQLITE_DONE: too few accounts for threads */
  }
  session old_s, new_s;
  df->old_s = &old_s;
  df->new_s = &new_s;
  sqlite3_int64 previous = df->previous_run;
  int rc = session_open(&old_s, df->old_prog, db, runs_db, previous, &df->mem, as_of, diff_warning, df, KEYS_ALL);
  if (rc == SQLITE_OK)
    rc = session_open(&new_s, df->new_prog, db, runs_db, previous, &df->mem, as_of, diff_warning, df, KEYS_ALL);
  if (rc == SQLITE_OK) rc = diff_walk(df);
  session_close(&old_s);
  session_close(&new_s);
  return rc;
}

void diff_free(differ *df) {
  for (int i = 0; i < df->scorecards.count; i++) free(((score_diff *)df->scorecards.items[i])->deltas);
  arena_free(&df->mem);
}
