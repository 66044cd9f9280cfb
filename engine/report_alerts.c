/*
 * report_alerts.c — the report's alerts: the first screen's card (counts
 * by severity against the previous run, new / ongoing / cleared, the
 * longest open episodes, the trend over the stored runs) and, below the
 * fold, every alert's full list, collapsed.
 *
 * New and ongoing come from kam_alerts.state and cleared from
 * kam_alert_episodes when the database has the alert lifecycle (detected
 * by its columns); without it, an alert is new when the previous run did
 * not raise it on that account, and cleared when only the previous run did.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

enum { TREND_RUNS = 24, TREND_LAYERS = 6, LIST_ROWS = 200 };

static void th(reporter *r, const char *text) {
  sb_printf(&r->out, "<th class=\"num\">%s</th>", text);
}

static void count_cell(reporter *r, const char *what, long n) {
  sb_printf(&r->out, "<td class=\"num\" data-%s=\"%ld\">", what, n);
  put_count(&r->out, n);
  sb_puts(&r->out, "</td>");
}

/* Per severity: alerts now, accounts, before, new, ongoing, snoozed or
 * backfill, cleared. */
static sqlite3_stmt *severity_query(reporter *r) {
  strbuf sql;
  sb_init(&sql);
  sb_puts(&sql, "WITH x AS (SELECT a.severity AS severity, 1 AS now, a.account AS account, ");
  if (r->has_state) sb_puts(&sql, "a.state AS state, ");
  else sb_puts(&sql, "CASE WHEN EXISTS (SELECT 1 FROM kam_alerts p WHERE p.run_id = ?2 AND p.account = a.account "
                     "AND p.alert = a.alert) THEN 'ongoing' ELSE 'new' END AS state, ");
  sb_puts(&sql, "0 AS before, 0 AS cleared FROM kam_alerts a WHERE a.run_id = ?1 "
                "UNION ALL SELECT p.severity, 0, NULL, NULL, 1, ");
  if (r->has_episodes) sb_puts(&sql, "0 FROM kam_alerts p WHERE p.run_id = ?2 UNION ALL SELECT severity, 0, NULL, "
                                     "NULL, 0, 1 FROM kam_alert_episodes WHERE closed_run = ?1) ");
  else sb_puts(&sql, "NOT EXISTS (SELECT 1 FROM kam_alerts a WHERE a.run_id = ?1 AND a.account = p.account "
                     "AND a.alert = p.alert) FROM kam_alerts p WHERE p.run_id = ?2) ");
  sb_puts(&sql, "SELECT severity, sum(now), count(DISTINCT account), sum(before), sum(state = 'new'), "
                "sum(state = 'ongoing'), sum(state IN ('snoozed', 'backfill')), sum(cleared) FROM x "
                "GROUP BY severity ORDER BY " SEVERITY_RANK_SQL("severity") " DESC, severity");
  sqlite3_stmt *st = report_query(r, sql.data);
  sb_free(&sql);
  return st;
}

static void severity_table(reporter *r) {
  sqlite3_stmt *st = severity_query(r);
  sb_puts(&r->out, "<div class=\"scroll\"><table id=\"alert-counts\"><thead><tr><th>severity</th>");
  th(r, "alerts");
  th(r, "accounts");
  if (r->previous || r->has_state) {
    if (r->previous) th(r, "change");
    th(r, "new");
    th(r, "ongoing");
    if (r->has_state) th(r, "snoozed");
    th(r, "cleared");
  }
  sb_puts(&r->out, "</tr></thead><tbody>");
  long sums[8] = {0};
  for (bool more = true; more;) {
    more = st && sqlite3_step(st) == SQLITE_ROW;
    long v[8] = {0};
    for (int i = 1; more && i < 8; i++) sums[i] += v[i] = (long)sqlite3_column_int64(st, i);
    if (!more) memcpy(v, sums, sizeof v);
    if (!more && !v[1] && !v[3] && !v[7]) break;
    if (!more) v[2] = -1;   /* accounts are not additive over severities */
    sb_puts(&r->out, more ? "<tr data-severity=\"" : "<tr class=\"total\" data-severity=\"all");
    if (more) html_text(&r->out, column_text(st, 0));
    sb_puts(&r->out, "\"><th class=\"sev-");
    html_text(&r->out, more ? column_text(st, 0) : "all");
    sb_puts(&r->out, "\">");
    html_text(&r->out, more ? column_text(st, 0) : "all");
    sb_puts(&r->out, "</th>");
    count_cell(r, "count", v[1]);
    if (v[2] >= 0) count_cell(r, "accounts", v[2]);
    else sb_puts(&r->out, "<td></td>");
    if (r->previous || r->has_state) {
      if (r->previous) put_change(&r->out, v[1], v[3]);
      count_cell(r, "new", v[4]);
      count_cell(r, "ongoing", v[5]);
      if (r->has_state) count_cell(r, "snoozed", v[6]);
      count_cell(r, "cleared", v[7]);
    }
    sb_puts(&r->out, "</tr>");
  }
  sb_puts(&r->out, "</tbody></table></div>\n");
  if (!sums[1]) sb_puts(&r->out, "<p id=\"no-alerts\">This run raised no alerts.</p>\n");
  sqlite3_finalize(st);
}

/* The episodes open in this run that have lasted the most runs. */
static void longest_episodes(reporter *r) {
  sqlite3_stmt *st = report_query(r,
      "SELECT a.account, e.alert, e.severity, e.opened_on, e.runs FROM kam_alerts a "
      "CROSS JOIN kam_alert_episodes e ON e.episode_id = a.episode_id WHERE a.run_id = ?1 "
      "ORDER BY e.runs DESC, e.opened_on, a.account LIMIT 5");
  bool any = false;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    if (!any) sb_puts(&r->out, "<h3>Longest open</h3><div class=\"scroll\"><table id=\"longest-episodes\"><thead>"
                               "<tr><th>account</th><th>alert</th><th>open since</th><th class=\"num\">runs</th>"
                               "</tr></thead><tbody>");
    any = true;
    sb_puts(&r->out, "<tr><td>");
    put_account(r, st, 0);
    sb_puts(&r->out, "</td><td>");
    put_severity(&r->out, column_text(st, 2));
    html_text(&r->out, column_text(st, 1));
    sb_puts(&r->out, "</td><td>");
    html_text(&r->out, column_text(st, 3));
    sb_printf(&r->out, "</td><td class=\"num\">%lld</td></tr>", (long long)sqlite3_column_int64(st, 4));
  }
  if (any) sb_puts(&r->out, "</tbody></table></div>\n");
  sqlite3_finalize(st);
}

typedef struct trend {
  char runs[TREND_RUNS][16];
  const char *run_labels[TREND_RUNS];
  sqlite3_int64 ids[TREND_RUNS];
  char layers[TREND_LAYERS][32];
  const char *layer_labels[TREND_LAYERS];
  long counts[TREND_RUNS * TREND_LAYERS];
  int n_runs, n_layers;
} trend;

static int trend_layer(trend *t, const char *severity) {
  for (int k = 0; k < t->n_layers; k++)
    if (strcmp(t->layers[k], severity) == 0) return k;
  if (t->n_layers == TREND_LAYERS) return TREND_LAYERS - 1;   /* the rarest share the last layer */
  snprintf(t->layers[t->n_layers], sizeof t->layers[0], "%s", severity);
  t->layer_labels[t->n_layers] = t->layers[t->n_layers];
  return t->n_layers++;
}

/* One run per as-of date (this run for its own date, else the latest of
 * that date, as previous() chooses), the last 24 dates up to this run's. */
static void alert_trend(reporter *r) {
  static const char *const sql =
      "WITH d AS (SELECT as_of, CASE WHEN as_of = (SELECT as_of FROM kam_runs WHERE run_id = ?1) THEN ?1 "
      " ELSE max(run_id) END AS run_id FROM kam_runs WHERE status = 'ok' "
      " AND as_of <= (SELECT as_of FROM kam_runs WHERE run_id = ?1) GROUP BY as_of ORDER BY as_of DESC LIMIT 24) "
      "SELECT d.run_id, d.as_of, a.severity, count(a.account) FROM d LEFT JOIN kam_alerts a ON a.run_id = d.run_id "
      "GROUP BY d.as_of, a.severity ORDER BY d.as_of, " SEVERITY_RANK_SQL("a.severity") " DESC, a.severity";
  sqlite3_stmt *st = report_query(r, sql);
  trend t;
  memset(&t, 0, sizeof t);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    if (!t.n_runs || t.ids[t.n_runs - 1] != id) {
      if (t.n_runs == TREND_RUNS) break;
      t.ids[t.n_runs] = id;
      snprintf(t.runs[t.n_runs], sizeof t.runs[0], "%s", column_text(st, 1));
      t.run_labels[t.n_runs] = t.runs[t.n_runs];
      t.n_runs++;
    }
    if (sqlite3_column_type(st, 2) == SQLITE_NULL) continue;   /* a run without alerts */
    int k = trend_layer(&t, column_text(st, 2));
    t.counts[(t.n_runs - 1) * TREND_LAYERS + k] += (long)sqlite3_column_int64(st, 3);
  }
  sqlite3_finalize(st);
  if (t.n_runs < 2) return;
  long packed[TREND_RUNS * TREND_LAYERS];
  for (int i = 0; i < t.n_runs; i++)
    for (int k = 0; k < t.n_layers; k++) packed[i * t.n_layers + k] = t.counts[i * TREND_LAYERS + k];
  sb_puts(&r->out, "<h3>Alerts over the stored runs</h3><div id=\"alert-trend\">");
  svg_trend(&r->out, "Alerts per run by severity", t.run_labels, t.n_runs, t.layer_labels, t.n_layers, packed);
  sb_puts(&r->out, "</div>\n");
}

void section_alerts(reporter *r) {
  sb_puts(&r->out, "<section class=\"card\" id=\"alerts\"><h2>Alerts</h2>\n");
  if (!r->has_state && r->previous)
    sb_puts(&r->out, "<p class=\"note\">New: not raised on the account by the previous run; cleared: raised "
                     "by the previous run only.</p>");
  severity_table(r);
  alert_trend(r);
  if (r->has_episodes) longest_episodes(r);
  sb_puts(&r->out, "</section>\n");
}

/* --- every alert, collapsed (below the fold) ------------------------------------------------ */

static void alert_summary(reporter *r, sqlite3_stmt *st) {
  long n = (long)sqlite3_column_int64(st, 4);
  sb_puts(&r->out, "<details><summary>");
  put_severity(&r->out, column_text(st, 0));
  sb_puts(&r->out, "<b>");
  html_text(&r->out, column_text(st, 1));
  sb_puts(&r->out, "</b> <span class=\"count\" id=\"alert-");
  html_text(&r->out, column_text(st, 1));
  sb_printf(&r->out, "\" data-count=\"%ld\">", n);
  put_count(&r->out, n);
  sb_puts(&r->out, "</span> accounts</summary>\n<div class=\"scroll\"><table class=\"alerts\"><thead><tr>"
                   "<th>account</th><th>tier</th><th>message</th></tr></thead><tbody>");
}

/* Every alert of the run, by severity, each list's accounts from the
 * highest tier down, the first 200 of each: a page with every row of
 * 70,000 alerts weighs 16 MB and takes Chromium 13 s to open (bench/report.sh),
 * and the rest are one query away, which the page names. */
void section_alert_lists(reporter *r) {
  sb_puts(&r->out, "<section id=\"alert-lists\"><h2>All alerts</h2>\n");
  sqlite3_stmt *st = report_query(r,
      "SELECT a.severity, a.alert, a.account, a.message, count(*) OVER (PARTITION BY a.severity, a.alert), "
      "row_number() OVER (PARTITION BY a.severity, a.alert ORDER BY coalesce(o.position, 1e9), a.account), t.tier "
      "FROM kam_alerts a LEFT JOIN kam_tiers t ON t.run_id = ?1 AND t.account = a.account AND t.tiering = ?3 "
      "LEFT JOIN kam_tier_order o ON o.run_id = ?1 AND o.tiering = ?3 AND o.tier = t.tier WHERE a.run_id = ?1 "
      "ORDER BY " SEVERITY_RANK_SQL("a.severity") " DESC, a.severity, a.alert, 6");
  bool any = false;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    long n = (long)sqlite3_column_int64(st, 4), k = (long)sqlite3_column_int64(st, 5);
    if (k == 1) alert_summary(r, st);
    any = true;
    if (k > LIST_ROWS) {
      if (k == n) {
        sb_printf(&r->out, "<tr><td colspan=\"3\" class=\"more\">and %ld more: sqlite3 DB \"SELECT account, "
                           "message FROM kam_alerts WHERE run_id = %lld AND alert = '", n - LIST_ROWS, (long long)r->run);
        html_text(&r->out, column_text(st, 1));
        sb_puts(&r->out, "'\"</td></tr></tbody></table></div></details>\n");
      }
      continue;
    }
    sb_puts(&r->out, "<tr><td>");
    put_account(r, st, 2);
    sb_puts(&r->out, "</td><td>");
    html_text(&r->out, column_text(st, 6));
    sb_puts(&r->out, "</td><td>");
    html_text(&r->out, column_text(st, 3));
    sb_puts(&r->out, "</td></tr>");
    if (k == n) sb_puts(&r->out, "</tbody></table></div></details>\n");
  }
  if (!any) sb_puts(&r->out, "<p>No alerts.</p>\n");
  sqlite3_finalize(st);
  sb_puts(&r->out, "</section>\n");
}
