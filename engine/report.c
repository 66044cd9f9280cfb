/*
 * report.c — kam report: one stored run as a self-contained HTML page for
 * leadership.
 *
 * It reads only the kam_* tables (no rules are needed): the run's metadata,
 * each tiering's distribution and each scorecard's score distribution per
 * stage as bar charts, grade counts, alerts by severity with their messages,
 * and what changed since the previous successful run by as-of date, the
 * one its previous() read (tier moves, alerts that started or stopped).
 * Charts are SVG written here; the page loads nothing from anywhere and
 * runs no script.
 */
#include "report.h"
#include "results.h"
#include "ruleset.h"
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- HTML pieces --------------------------------------------------------------- */

/* The one escaping of data into the page: element text and attribute
 * values (always written in double quotes) alike. */
static void html_text(strbuf *b, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '<': sb_puts(b, "&lt;"); break;
    case '>': sb_puts(b, "&gt;"); break;
    case '&': sb_puts(b, "&amp;"); break;
    case '"': sb_puts(b, "&quot;"); break;
    case '\'': sb_puts(b, "&#39;"); break;
    default: sb_putc(b, *s);
    }
  }
}

static const char *column_text(sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? (const char *)s : "";
}

/* A horizontal bar chart: one labelled bar per row, widths to scale. */
static void bar_chart(strbuf *b, const char *title, const char *const *labels, const long *counts, int n) {
  long max = 1, total = 0;
  for (int i = 0; i < n; i++) {
    if (counts[i] > max) max = counts[i];
    total += counts[i];
  }
  int row = 28, width = 640, label_w = 150, bar_max = width - label_w - 120;
  sb_printf(b, "<svg class=\"chart\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "xmlns=\"http://www.w3.org/2000/svg\"><title>", width, row * n + 8, width, row * n + 8);
  html_text(b, title);
  sb_puts(b, "</title>");
  for (int i = 0; i < n; i++) {
    int y = 4 + row * i, w = (int)((double)counts[i] / (double)max * bar_max);
    sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">", label_w - 8, y + 17);
    html_text(b, labels[i]);
    sb_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" class=\"bar\"/>"
                 "<text x=\"%d\" y=\"%d\" class=\"value\" data-count=\"%ld\">%ld (",
              label_w, y, w > 0 ? w : 1, label_w + (w > 0 ? w : 1) + 6, y + 15, counts[i], counts[i]);
    number_format_with(v_real(total ? (double)counts[i] / (double)total : 0), ".1%", b);
    sb_puts(b, ")</text>");
  }
  sb_puts(b, "</svg>\n");
}

/* --- sections ------------------------------------------------------------------------ */

typedef struct reporter {
  sqlite3 *db;
  sqlite3_int64 run, previous;
  strbuf out;
  arena mem;
} reporter;

static sqlite3_stmt *query(reporter *r, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_int64(st, 1, r->run);
  sqlite3_bind_int64(st, 2, r->previous);
  return st;
}

static void metadata(reporter *r) {
  sqlite3_stmt *st = query(r, "SELECT run_id, as_of, started_at, finished_at, ruleset_sha256, files, accounts, "
                              "alerts, warnings FROM kam_runs WHERE run_id = ?1");
  if (!st) return;
  if (sqlite3_step(st) == SQLITE_ROW) {
    sb_puts(&r->out, "<h1>Key accounts: run ");
    html_text(&r->out, column_text(st, 0));
    sb_puts(&r->out, ", as of ");
    html_text(&r->out, column_text(st, 1));
    sb_puts(&r->out, "</h1>\n<table class=\"meta\">");
    static const char *const names[] = {"run", "as of", "started", "finished", "rule set SHA-256",
                                        "rule files", "accounts", "alerts", "data warnings"};
    static const char *const ids[] = {"run", "as-of", "started", "finished", "sha", "files", "accounts",
                                      "alerts", "warnings"};
    for (int i = 0; i < 9; i++) {
      sb_printf(&r->out, "<tr><th>%s</th><td id=\"meta-%s\">", names[i], ids[i]);
      html_text(&r->out, column_text(st, i));
      sb_puts(&r->out, "</td></tr>");
    }
    sb_puts(&r->out, "</table>\n");
  }
  sqlite3_finalize(st);
}

/* One chart per group (a tiering, or a scorecard's stage) of label/count rows. */
static void grouped_charts(reporter *r, const char *sql, const char *heading, const char *id_prefix) {
  sqlite3_stmt *st = query(r, sql);
  if (!st) return;
  char group[256] = "";
  const char *labels[64];
  long counts[64];
  int n = 0;
  for (bool more = true; more;) {
    more = sqlite3_step(st) == SQLITE_ROW;
    const char *g = more ? column_text(st, 0) : "";
    if (n && (!more || strcmp(g, group) != 0 || n == 64)) {
      sb_printf(&r->out, "<h3 id=\"%s-", id_prefix);
      html_text(&r->out, group);
      sb_printf(&r->out, "\">%s ", heading);
      html_text(&r->out, group);
      sb_puts(&r->out, "</h3>\n");
      bar_chart(&r->out, group, labels, counts, n);
      n = 0;
    }
    if (!more) break;
    snprintf(group, sizeof group, "%s", g);
    labels[n] = arena_strdup(&r->mem, column_text(st, 1));
    counts[n++] = (long)sqlite3_column_int64(st, 2);
  }
  sqlite3_finalize(st);
}

static void alerts_by_severity(reporter *r) {
  sb_puts(&r->out, "<h2>Alerts by severity</h2>\n");
  sqlite3_stmt *st = query(r,
      "SELECT severity, alert, account, message, count(*) OVER (PARTITION BY alert) AS n, "
      "row_number() OVER (PARTITION BY alert ORDER BY account) AS k FROM kam_alerts WHERE run_id = ?1 "
      "ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
      "WHEN 'low' THEN 3 ELSE 4 END, alert, account");
  if (!st) return;
  char current[256] = "";
  bool open = false;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *alert = column_text(st, 1);
    long n = (long)sqlite3_column_int64(st, 4), k = (long)sqlite3_column_int64(st, 5);
    if (strcmp(alert, current) != 0) {
      if (open) sb_puts(&r->out, "</tbody></table>\n");
      snprintf(current, sizeof current, "%s", alert);
      sb_puts(&r->out, "<h3 class=\"sev-");
      html_text(&r->out, column_text(st, 0));
      sb_puts(&r->out, "\">");
      html_text(&r->out, column_text(st, 0));
      sb_puts(&r->out, ": ");
      html_text(&r->out, alert);
      sb_puts(&r->out, " <span class=\"count\" id=\"alert-");
      html_text(&r->out, alert);
      sb_printf(&r->out, "\">%ld</span></h3>\n", n);
      sb_puts(&r->out, "<table class=\"alerts\"><thead><tr><th>account</th><th>message</th></tr></thead><tbody>");
      open = true;
    }
    if (k > 100) {
      if (k == 101) sb_printf(&r->out, "<tr><td colspan=\"2\">… and %ld more</td></tr>", n - 100);
      continue;
    }
    sb_puts(&r->out, "<tr><td>");
    html_text(&r->out, column_text(st, 2));
    sb_puts(&r->out, "</td><td>");
    html_text(&r->out, column_text(st, 3));
    sb_puts(&r->out, "</td></tr>");
  }
  if (open) sb_puts(&r->out, "</tbody></table>\n");
  else sb_puts(&r->out, "<p>No alerts.</p>\n");
  sqlite3_finalize(st);
}

static void changes_since_previous(reporter *r) {
  sb_puts(&r->out, "<h2>Since the previous run</h2>\n");
  if (!r->previous) {
    sb_puts(&r->out, "<p id=\"no-previous\">This is the first successful run: nothing to compare with.</p>\n");
    return;
  }
  sb_printf(&r->out, "<p>Compared with run %lld.</p>\n", (long long)r->previous);
  /* Every (account, tiering) with a tier in either run: a null tier has no
   * row, so a tier that became null (or appeared) shows as (none). */
  sqlite3_stmt *st = query(r,
      "SELECT k.tiering, coalesce(o.tier, '(none)'), coalesce(n.tier, '(none)'), count(*) "
      "FROM (SELECT DISTINCT account, tiering FROM kam_tiers WHERE run_id IN (?1, ?2)) k "
      "LEFT JOIN kam_tiers n ON n.run_id = ?1 AND n.account = k.account AND n.tiering = k.tiering "
      "LEFT JOIN kam_tiers o ON o.run_id = ?2 AND o.account = k.account AND o.tiering = k.tiering "
      "WHERE o.tier IS NOT n.tier GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC, 2, 3");
  sb_puts(&r->out, "<h3>Tier moves</h3><table id=\"tier-moves\"><thead><tr><th>tiering</th><th>from</th>"
                   "<th>to</th><th>accounts</th></tr></thead><tbody>");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    sb_puts(&r->out, "<tr>");
    for (int i = 0; i < 4; i++) {
      sb_puts(&r->out, "<td>");
      html_text(&r->out, column_text(st, i));
      sb_puts(&r->out, "</td>");
    }
    sb_puts(&r->out, "</tr>");
  }
  sb_puts(&r->out, "</tbody></table>\n");
  sqlite3_finalize(st);
  st = query(r,
      "SELECT alert, sum(now) AS started, sum(1 - now) AS stopped FROM ("
      " SELECT alert, account, 1 AS now FROM kam_alerts WHERE run_id = ?1 EXCEPT"
      " SELECT alert, account, 1 FROM kam_alerts WHERE run_id = ?2 UNION ALL"
      " SELECT alert, account, 0 FROM (SELECT alert, account FROM kam_alerts WHERE run_id = ?2 EXCEPT"
      " SELECT alert, account FROM kam_alerts WHERE run_id = ?1)) GROUP BY alert ORDER BY alert");
  sb_puts(&r->out, "<h3>Alert changes</h3><table id=\"alert-changes\"><thead><tr><th>alert</th>"
                   "<th>newly raised</th><th>cleared</th></tr></thead><tbody>");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    sb_puts(&r->out, "<tr><td>");
    html_text(&r->out, column_text(st, 0));
    sb_printf(&r->out, "</td><td>%lld</td><td>%lld</td></tr>", (long long)sqlite3_column_int64(st, 1),
              (long long)sqlite3_column_int64(st, 2));
  }
  sb_puts(&r->out, "</tbody></table>\n");
  sqlite3_finalize(st);
}

static const char *const style =
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:960px;color:#222}"
    "h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:2em}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .6em;border-bottom:1px solid #eee;"
    "text-align:left;vertical-align:top}.meta th{color:#555;font-weight:normal}"
    ".chart .bar{fill:#3b6ea8}.chart .label,.chart .value{font-size:13px;fill:#222}"
    ".sev-critical,.sev-high{color:#a33}.sev-medium{color:#a66a00}.sev-low,.sev-info{color:#555}"
    ".count{font-weight:normal;color:#555}.meta td{word-break:break-all}";

static void render(reporter *r) {
  sb_printf(&r->out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<title>kam report, run %lld</title><style>%s</style></head><body>\n",
            (long long)r->run, style);
  metadata(r);
  sb_puts(&r->out, "<h2>Tiers</h2>\n");
  grouped_charts(r, "SELECT t.tiering, t.tier || coalesce(' ' || o.title, ''), count(*) FROM kam_tiers t "
                    "LEFT JOIN kam_tier_order o ON o.run_id = t.run_id AND o.tiering = t.tiering AND o.tier = t.tier "
                    "WHERE t.run_id = ?1 GROUP BY t.tiering, t.tier ORDER BY 1, coalesce(o.position, 1e9), 2",
                 "tiering", "tiering");
  sb_puts(&r->out, "<h2>Scores by stage</h2>\n");
  grouped_charts(r, "SELECT scorecard || ', stage ' || coalesce(stage, '(none)'), "
                    "CASE WHEN score IS NULL THEN 'no score' WHEN score >= 100 THEN '90-100' "
                    "ELSE printf('%d-%d', CAST(score / 10 AS INTEGER) * 10, CAST(score / 10 AS INTEGER) * 10 + 10) END, "
                    "count(*) FROM kam_scores WHERE run_id = ?1 GROUP BY 1, 2 ORDER BY 1, 2", "scorecard", "scores");
  sb_puts(&r->out, "<h2>Grades</h2>\n");
  grouped_charts(r, "SELECT scorecard, coalesce(grade, '(none)'), count(*) FROM kam_scores WHERE run_id = ?1 "
                    "GROUP BY 1, 2 ORDER BY 1, 3 DESC", "grades of", "grades");
  alerts_by_severity(r);
  changes_since_previous(r);
  sb_puts(&r->out, "</body></html>\n");
}

/* --- the entry point --------------------------------------------------------------------- */

static sqlite3_int64 single_int(sqlite3 *db, const char *sql, sqlite3_int64 arg) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return 0;
  sqlite3_bind_int64(st, 1, arg);
  sqlite3_int64 v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return v;
}

/* The run compared with: the one previous() of this run read (results.c). */
static int previous_of(reporter *r) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(r->db, "SELECT as_of FROM kam_runs WHERE run_id = ?1", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, r->run);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) rc = results_previous_run(r->db, column_text(st, 0), &r->previous);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int kam_report(kam_ruleset *rs, const kam_report_options *o, char **html) {
  *html = NULL;
  reporter r = {0};
  int status = open_existing_db(&rs->src, o->db_path, false, 5000, &r.db);
  if (status != KAM_OK) return status;
  r.run = o->run_id > 0 ? o->run_id
                        : single_int(r.db, "SELECT max(run_id) FROM kam_runs WHERE status = 'ok' OR ?1", 0);
  if (!r.run || !single_int(r.db, "SELECT count(*) FROM kam_runs WHERE run_id = ?1 AND status = 'ok'", r.run)) {
    if (o->run_id > 0)
      diag_plain(&rs->src, KAM_DIAG_ERROR, "database %s has no successful run %ld", o->db_path, o->run_id);
    else
      diag_plain(&rs->src, KAM_DIAG_ERROR, "database %s has no successful run yet (run kam run first)", o->db_path);
    sqlite3_close(r.db);
    return KAM_ERR_USAGE;
  }
  if (previous_of(&r) != SQLITE_OK) {
    diag_plain(&rs->src, KAM_DIAG_ERROR, "database %s: %s", o->db_path, sqlite3_errmsg(r.db));
    sqlite3_close(r.db);
    return KAM_ERR_DB;
  }
  arena_init(&r.mem);
  sb_init(&r.out);
  render(&r);
  arena_free(&r.mem);
  sqlite3_close(r.db);
  *html = r.out.data;
  return KAM_OK;
}
