/*
 * summary.c — what a run reports at the end: accounts evaluated, the tier
 * distribution of each tiering, the mean score per scorecard and stage,
 * alert counts by alert and severity, data warnings, run id and time.
 * Counted as subjects go by; rendered once as text for people.
 */
#include "summary.h"
#include "kam.h"
#include "severity.h"

#include <stdlib.h>
#include <string.h>

kam_run_summary *summary_new(const program *p) {
  kam_run_summary *s = calloc(1, sizeof *s);
  if (!s) abort();
  s->prog = p;
  s->tier_counts = calloc((size_t)p->tierings.count + 1, sizeof(long *));
  for (int i = 0; i < p->tierings.count; i++) {
    const decl *t = p->tierings.items[i];
    s->tier_counts[i] = calloc((size_t)t->tiers.count + 1, sizeof(long));
  }
  s->stage_sums = calloc((size_t)p->scorecards.count + 1, sizeof(stage_sum *));
  for (int i = 0; i < p->scorecards.count; i++) {
    const decl *sc = p->scorecards.items[i];
    s->stage_sums[i] = calloc((size_t)sc->weights.count + 1, sizeof(stage_sum));
  }
  s->alert_counts = calloc((size_t)p->alerts.count + 1, sizeof(long));
  return s;
}

void kam_run_summary_free(kam_run_summary *s) {
  if (!s) return;
  for (int i = 0; i < s->prog->tierings.count; i++) free(s->tier_counts[i]);
  for (int i = 0; i < s->prog->scorecards.count; i++) free(s->stage_sums[i]);
  free(s->tier_counts);
  free(s->stage_sums);
  free(s->alert_counts);
  free(s->text);
  free(s);
}

void summary_add_tier(kam_run_summary *s, int tiering, value v) {
  const decl *t = s->prog->tierings.items[tiering];
  s->tier_counts[tiering][v.type == V_TIER ? (int)v.u.i : t->tiers.count]++;
}

void summary_add_score(kam_run_summary *s, int scorecard, int row, value score) {
  const decl *sc = s->prog->scorecards.items[scorecard];
  stage_sum *sum = &s->stage_sums[scorecard][row >= 0 ? row : sc->weights.count];
  sum->subjects++;
  if (score.type == V_NULL) return;
  sum->scored++;
  sum->total += v_as_double(score);
}

void summary_merge(kam_run_summary *into, const kam_run_summary *from) {
  const program *p = into->prog;
  into->accounts += from->accounts;
  into->alerts += from->alerts;
  into->warnings += from->warnings;
  into->alerts_new += from->alerts_new;
  into->alerts_ongoing += from->alerts_ongoing;
  into->alerts_snoozed += from->alerts_snoozed;
  into->alerts_backfill += from->alerts_backfill;
  into->episodes_closed += from->episodes_closed;
  for (int i = 0; i < p->tierings.count; i++)
    for (int k = 0; k <= ((decl *)p->tierings.items[i])->tiers.count; k++)
      into->tier_counts[i][k] += from->tier_counts[i][k];
  for (int i = 0; i < p->scorecards.count; i++)
    for (int k = 0; k <= ((decl *)p->scorecards.items[i])->weights.count; k++) {
      into->stage_sums[i][k].subjects += from->stage_sums[i][k].subjects;
      into->stage_sums[i][k].scored += from->stage_sums[i][k].scored;
      into->stage_sums[i][k].total += from->stage_sums[i][k].total;
    }
  for (int i = 0; i < p->alerts.count; i++) into->alert_counts[i] += from->alert_counts[i];
}

static void render_tiers(const kam_run_summary *s, strbuf *b) {
  for (int i = 0; i < s->prog->tierings.count; i++) {
    const decl *t = s->prog->tierings.items[i];
    sb_printf(b, "\ntiering %s\n", t->name);
    for (int k = 0; k <= t->tiers.count; k++) {
      long n = s->tier_counts[i][k];
      if (k == t->tiers.count && n == 0) continue;
      const char *name = k < t->tiers.count ? ((tier *)t->tiers.items[k])->name : "(none)";
      strbuf share;
      sb_init(&share);
      number_format_with(v_real(s->accounts ? (double)n / (double)s->accounts : 0), ".1%", &share);
      sb_puts(b, "  ");
      sb_pad(b, name, 12);
      sb_printf(b, " %10ld  %6s\n", n, share.data);
      sb_free(&share);
    }
  }
}

static void render_scores(const kam_run_summary *s, strbuf *b) {
  for (int i = 0; i < s->prog->scorecards.count; i++) {
    const decl *sc = s->prog->scorecards.items[i];
    sb_printf(b, "\nscorecard %s: mean score by stage\n", sc->name);
    for (int k = 0; k <= sc->weights.count; k++) {
      const stage_sum *sum = &s->stage_sums[i][k];
      if (k == sc->weights.count && sum->subjects == 0) continue;
      const char *name = k < sc->weights.count ? ((weight_row *)sc->weights.items[k])->stage
                                               : "(no weights row)";
      sb_puts(b, "  ");
      sb_pad(b, name, 16);
      if (sum->scored) {
        strbuf mean;
        sb_init(&mean);
        number_format_fixed(sum->total / (double)sum->scored, 1, false, &mean);
        sb_printf(b, " %10ld accounts  mean %6s\n", sum->subjects, mean.data);
        sb_free(&mean);
      } else
        sb_printf(b, " %10ld accounts  mean      -\n", sum->subjects);
    }
  }
}

static void render_alerts(const kam_run_summary *s, strbuf *b) {
  sb_printf(b, "\nalerts: %ld", s->alerts);
  if (s->alerts_backfill) sb_printf(b, " (backfill: episodes unchanged)\n");
  else
    sb_printf(b, " (new %ld, ongoing %ld, snoozed %ld; closed by this run %ld)\n", s->alerts_new,
              s->alerts_ongoing, s->alerts_snoozed, s->episodes_closed);
  for (int rank = SEVERITY_COUNT - 1; rank >= 0; rank--)   /* the most severe first */
    for (int i = 0; i < s->prog->alerts.count; i++) {
      const decl *a = s->prog->alerts.items[i];
      if (severity_rank(a->severity) != rank) continue;
      sb_printf(b, "  %-8s ", a->severity);
      sb_pad(b, a->name, 32);
      sb_printf(b, " %10ld\n", s->alert_counts[i]);
    }
}

void summary_set_groups(kam_run_summary *s, long shared_groups, long grouped_accounts, long largest) {
  s->grouped = true;
  s->shared_groups = shared_groups;
  s->grouped_accounts = grouped_accounts;
  s->largest_group = largest;
}

void summary_render(kam_run_summary *s) {
  strbuf b;
  sb_init(&b);
  if (s->run_id > 0) sb_printf(&b, "run %ld", s->run_id);
  else sb_puts(&b, "dry run (nothing written)");
  sb_printf(&b, ", as of %s: %ld accounts evaluated in %.2f s\n", s->as_of, s->accounts, s->seconds);
  if (s->grouped) {   /* every account outside a shared group is a group of its own */
    long groups = s->shared_groups + (s->accounts - s->grouped_accounts);
    sb_printf(&b, "groups: %ld (%ld of two or more accounts; the largest has %ld)\n", groups < 0 ? 0 : groups,
              s->shared_groups, s->largest_group);
  }
  render_tiers(s, &b);
  render_scores(s, &b);
  render_alerts(s, &b);
  sb_printf(&b, "\ndata warnings: %ld%s\n", s->warnings,
            s->warnings && s->run_id > 0 ? " (see kam_warnings)" : "");
  free(s->text);
  s->text = b.data;
}

long kam_summary_run_id(const kam_run_summary *s) { return s->run_id; }
long kam_summary_accounts(const kam_run_summary *s) { return s->accounts; }
long kam_summary_alerts(const kam_run_summary *s) { return s->alerts; }
long kam_summary_warnings(const kam_run_summary *s) { return s->warnings; }
double kam_summary_seconds(const kam_run_summary *s) { return s->seconds; }
const char *kam_summary_as_of(const kam_run_summary *s) { return s->as_of; }
const char *kam_summary_text(const kam_run_summary *s) { return s->text ? s->text : ""; }
