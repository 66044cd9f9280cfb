/*
 * report.c — kam report: one stored run as a self-contained HTML page for
 * a leadership review.  This file opens the database, chooses what the page
 * compares (the run, the previous run by as-of date as previous() reads it,
 * the first declared tiering, the scorecard health is read from), writes
 * the page's frame and styles, and ends it with the run's metadata.  The
 * sections are in report_sections.c, the charts in report_svg.c.
 *
 * It reads only the kam_* tables, plus the entity's label column from the
 * source table named in kam_entity when that table is in the same database
 * (a run without --out); otherwise accounts are shown by key.  The page
 * loads nothing from anywhere and runs no script.
 */
#include "report.h"
#include "results.h"
#include "ruleset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- helpers the sections share ---------------------------------------------------- */

/* The one escaping of data into the page: element text and attribute
 * values (always written in double quotes) alike. */
void html_text(strbuf *b, const char *s) {
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

const char *column_text(sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? (const char *)s : "";
}

sqlite3_stmt *report_query(reporter *r, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return NULL;
  }
  sqlite3_bind_int64(st, 1, r->run);
  sqlite3_bind_int64(st, 2, r->previous);
  if (r->tiering) sqlite3_bind_text(st, 3, r->tiering, -1, SQLITE_STATIC);
  if (r->scorecard) sqlite3_bind_text(st, 4, r->scorecard, -1, SQLITE_STATIC);
  if (r->lowest_grade) sqlite3_bind_text(st, 5, r->lowest_grade, -1, SQLITE_STATIC);
  return st;
}

const char *account_label(reporter *r, sqlite3_value *key) {
  const char *label = NULL;
  if (r->label) {
    sqlite3_bind_value(r->label, 1, key);
    if (sqlite3_step(r->label) == SQLITE_ROW && *column_text(r->label, 0))
      label = arena_printf(&r->mem, "%s", column_text(r->label, 0));
    sqlite3_reset(r->label);
  }
  return label;
}

void put_account(reporter *r, sqlite3_stmt *st, int i) {
  const char *label = account_label(r, sqlite3_column_value(st, i));
  sb_puts(&r->out, "<span class=\"acct\"><span class=\"name\">");
  html_text(&r->out, label ? label : column_text(st, i));
  sb_puts(&r->out, "</span>");
  if (label) {
    sb_puts(&r->out, " <span class=\"key\">");
    html_text(&r->out, column_text(st, i));
    sb_puts(&r->out, "</span>");
  }
  sb_puts(&r->out, "</span>");
}

void put_declaration(reporter *r, const char *kind, const char *name) {
  const char *title = NULL;
  sqlite3_stmt *st = NULL;
  if (r->has_titles &&
      sqlite3_prepare_v2(r->db, "SELECT title FROM kam_titles WHERE run_id = ?1 AND kind = ?2 AND name = ?3", -1,
                         &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, r->run);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && *column_text(st, 0)) title = column_text(st, 0);
  }
  html_text(&r->out, title ? title : name);
  if (title) {
    sb_puts(&r->out, " <code class=\"decl\">");
    html_text(&r->out, name);
    sb_puts(&r->out, "</code>");
  }
  sqlite3_finalize(st);
}

void put_severity(strbuf *b, const char *severity) {
  sb_puts(b, "<span class=\"badge sev-");
  html_text(b, severity);
  sb_puts(b, "\">");
  html_text(b, severity);
  sb_puts(b, "</span>");
}

/* Counts with thousands separators, by the one number printer ({n:,}). */
void put_count(strbuf *b, long n) { number_format_with(v_int(n), ",", b); }

void put_change(strbuf *b, long now, long before) {
  long d = now - before;
  sb_printf(b, "<td class=\"num change %s\" data-change=\"%ld\">", d > 0 ? "up" : d < 0 ? "down" : "same", d);
  if (d > 0) sb_putc(b, '+');
  if (d < 0) sb_puts(b, "\u2212");
  if (d) put_count(b, d < 0 ? -d : d);
  else sb_puts(b, "\u00b10");
  sb_puts(b, "</td>");
}

/* --- what the page compares ------------------------------------------------------------ */

static char *single_text(reporter *r, const char *sql) {
  sqlite3_stmt *st = report_query(r, sql);
  char *v = NULL;
  if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
    v = arena_strdup(&r->mem, column_text(st, 0));
  sqlite3_finalize(st);
  return v;
}

static sqlite3_int64 single_int(sqlite3 *db, const char *sql, sqlite3_int64 arg) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return 0;
  sqlite3_bind_int64(st, 1, arg);
  sqlite3_int64 v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return v;
}

/* Labels come from the entity's own table when the runs recorded where it
 * is (kam_entity) and that table is in this database: the one lookup that
 * kam alerts uses too (results_label_sql). */
static void prepare_labels(reporter *r) {
  char *label = results_label_sql(r->db, "?1");
  if (label && strcmp(label, "NULL") != 0) {
    char *sql = sqlite3_mprintf("SELECT %s", label);
    if (!sql || sqlite3_prepare_v2(r->db, sql, -1, &r->label, NULL) != SQLITE_OK) {
      sqlite3_finalize(r->label);
      r->label = NULL;
    }
    sqlite3_free(sql);
  }
  free(label);
}

/* The run compared with is the one previous() of this run read (results.c). */
static int choose_previous(reporter *r) {
  r->as_of = single_text(r, "SELECT as_of FROM kam_runs WHERE run_id = ?1");
  int rc = results_previous_run(r->db, r->as_of ? r->as_of : "", &r->previous);
  if (rc == SQLITE_OK && r->previous)
    r->previous_as_of = single_text(r, "SELECT as_of FROM kam_runs WHERE run_id = ?2");
  return rc;
}

/* The first tiering the rule set declares (kam_tier_order is written in
 * declared order); the first scorecard by name, and its grade whose scores
 * are lowest (grades are bands of the score, so that is the last band). */
static void choose_subjects(reporter *r) {
  r->tiering = single_text(r, "SELECT tiering FROM kam_tier_order WHERE run_id = ?1 ORDER BY rowid LIMIT 1");
  if (!r->tiering) r->tiering = single_text(r, "SELECT min(tiering) FROM kam_tiers WHERE run_id = ?1");
  r->scorecard = single_text(r, "SELECT min(scorecard) FROM kam_scores WHERE run_id = ?1");
  r->lowest_grade = single_text(r, "SELECT grade FROM kam_scores WHERE run_id = ?1 AND scorecard = ?4 "
                                   "AND grade IS NOT NULL GROUP BY grade ORDER BY max(score) LIMIT 1");
  r->has_stage_order = db_has(r->db, "kam_stage_order", "stage");
  r->has_state = db_has(r->db, "kam_alerts", "state");
  r->has_episodes = db_has(r->db, "kam_alert_episodes", "closed_run");
  r->has_titles = db_has(r->db, "kam_titles", "title");
  prepare_labels(r);
}

/* --- the frame ---------------------------------------------------------------------------- */

static const char *const style =
    ":root{--ink:#1d2733;--muted:#5b6675;--line:#dde2e8;--card:#f6f8fa;--bad:#b3261e;--warn:#9a5b00;"
    "--good:#1e6b3a;--bar:#3b6ea8}"
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC',"
    "'PingFang SC','Microsoft YaHei',sans-serif;margin:0 auto;padding:1rem;max-width:1240px;color:var(--ink);"
    "line-height:1.4;overflow-wrap:break-word}#as-of,.move,th{white-space:nowrap}.names{overflow-wrap:anywhere}"
    "h1{font-size:1.45rem;margin:.2rem 0}h2{font-size:1.1rem;margin:0 0 .5rem}h3{font-size:1rem;margin:1rem 0 .3rem}"
    ".sub{color:var(--muted);margin:0 0 1rem}"
    ".first{display:flex;flex-direction:column;gap:1rem}.col{display:contents}#tiers{order:1}#health{order:2}"
    "#attention{order:3}#alerts{order:4}"
    "@media screen and (min-width:900px){.first{display:grid;grid-template-columns:1fr 1fr;align-items:start}"
    ".col{display:flex;flex-direction:column;gap:1rem;min-width:0}}"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;min-width:0}"
    ".below{margin-top:2rem}.below>section{margin-top:1.5rem;border-top:2px solid var(--line);padding-top:.8rem}"
    ".scroll{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;margin:.3rem 0;width:100%}"
    "td,th{padding:.25rem .45rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}"
    "th{font-weight:600;color:var(--muted);font-size:.85rem}.num{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}.up .move,.num.up{color:var(--good)}.down .move,.num.down{color:var(--bad)}.same{color:var(--muted)}"
    ".key{color:var(--muted);font-size:.8em}.name{font-weight:500}.title{color:var(--muted)}"
    ".names{font-size:.9rem}.key{white-space:nowrap}.more,.note{color:var(--muted);font-size:.85rem}"
    ".matrix td.risk{background:#fbe3e1;font-weight:600}.matrix td.zero{color:#aab}"
    ".attention li{margin:.35rem 0}.attention ul{margin:.2rem 0 0 1rem;padding:0;font-size:.88rem}"
    ".sev-critical,.sev-high{color:var(--bad)}.sev-medium{color:var(--warn)}.sev-low,.sev-info{color:var(--muted)}"
    ".badge{display:inline-block;border:1px solid currentColor;border-radius:4px;padding:0 .3rem;font-size:.78rem;"
    "margin-right:.3rem}"
    ".chart{width:100%;height:auto;display:block}.chart .bar{fill:var(--bar)}"
    ".chart .label,.chart .value{font-size:11px;fill:var(--ink)}.chart .axis{stroke:#889}"
    ".l0{fill:#7f1d1d}.l1{fill:#c0392b}.l2{fill:#e0a030}.l3{fill:#8aa0b8}.l4{fill:#b8c4d0}.l5{fill:#ccc}"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:.5rem 1.5rem}"
    "details{margin:.3rem 0}summary{cursor:pointer}"
    ".meta th{width:10rem}.meta td{word-break:break-all}code{font-size:.85em}code.decl{color:var(--muted);font-weight:400}"
    "@media (max-width:600px){body{padding:.5rem;font-size:15px}td,th{padding:.2rem .25rem}"
    ".card{padding:.6rem}th{white-space:normal}}"
    "@media print{body{max-width:none;padding:0;font-size:10pt;color:#000}.card{background:none;"
    "break-inside:avoid}.below{break-before:page}"
    "section,table,tr,svg{break-inside:avoid}details>summary{list-style:none}a{color:#000}}";

static void header(reporter *r) {
  sb_puts(&r->out, "<header><h1>Key accounts as of <span id=\"as-of\">");
  html_text(&r->out, r->as_of);
  sb_printf(&r->out, "</span></h1>\n<p class=\"sub\">Run %lld", (long long)r->run);
  if (r->previous) {
    sb_printf(&r->out, ", <span id=\"compared\">compared with run %lld as of ", (long long)r->previous);
    html_text(&r->out, r->previous_as_of);
    sb_puts(&r->out, "</span>.");
  } else {
    sb_puts(&r->out, ". <span id=\"no-previous\">This is the first successful run: nothing to compare with.</span>");
  }
  long accounts = (long)single_int(r->db, "SELECT accounts FROM kam_runs WHERE run_id = ?1", r->run);
  sb_puts(&r->out, " <span id=\"accounts\">");
  put_count(&r->out, accounts);
  sb_puts(&r->out, "</span> accounts.</p></header>\n");
}

static void warnings_by_rule(reporter *r) {
  sqlite3_stmt *st = report_query(r, "SELECT rule, count(*), min(message) FROM kam_warnings WHERE run_id = ?1 "
                                     "GROUP BY rule ORDER BY 2 DESC, 1 LIMIT 50");
  bool any = false;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    if (!any) sb_puts(&r->out, "<div class=\"scroll\"><table id=\"warnings\"><thead><tr><th>rule</th>"
                               "<th class=\"num\">rows</th><th>for example</th></tr></thead><tbody>");
    any = true;
    sb_puts(&r->out, "<tr><td>");
    html_text(&r->out, column_text(st, 0));
    sb_puts(&r->out, "</td><td class=\"num\">");
    put_count(&r->out, (long)sqlite3_column_int64(st, 1));
    sb_puts(&r->out, "</td><td>");
    html_text(&r->out, column_text(st, 2));
    sb_puts(&r->out, "</td></tr>");
  }
  sb_puts(&r->out, any ? "</tbody></table></div>\n" : "<p>No data warnings.</p>\n");
  sqlite3_finalize(st);
}

static void metadata(reporter *r) {
  sqlite3_stmt *st = report_query(r, "SELECT run_id, as_of, started_at, finished_at, ruleset_sha256, files, "
                                     "accounts, alerts, warnings FROM kam_runs WHERE run_id = ?1");
  sb_puts(&r->out, "<section id=\"metadata\"><h2>The run</h2>\n");
  if (st && sqlite3_step(st) == SQLITE_ROW) {
    static const char *const names[] = {"run", "as of", "started", "finished", "rule set SHA-256",
                                        "rule files", "accounts", "alerts", "data warnings"};
    static const char *const ids[] = {"run", "as-of", "started", "finished", "sha", "files", "accounts",
                                      "alerts", "warnings"};
    sb_puts(&r->out, "<table class=\"meta\">");
    for (int i = 0; i < 9; i++) {
      sb_printf(&r->out, "<tr><th>%s</th><td id=\"meta-%s\">", names[i], ids[i]);
      html_text(&r->out, column_text(st, i));
      sb_puts(&r->out, "</td></tr>");
    }
    sb_puts(&r->out, "</table>\n<h3>Data warnings by rule</h3>\n");
    warnings_by_rule(r);
  }
  sb_puts(&r->out, "<p class=\"note\">Written by kam report from the kam_* tables; "
                   "accounts are named from the entity's label column when its table is in this database.</p>"
                   "</section>\n");
  sqlite3_finalize(st);
}

static void render(reporter *r) {
  sb_printf(&r->out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                     "<title>Key accounts as of ");
  html_text(&r->out, r->as_of);
  sb_printf(&r->out, " (kam run %lld)</title><style>%s</style></head><body>\n", (long long)r->run, style);
  header(r);
  /* Two columns at desktop width, so all four cards start on the first
   * screen: what changed (tiers, alerts) and who needs attention (health,
   * accounts).  Narrower, the columns dissolve and the cards stack in the
   * order of the review: tiers, health, attention, alerts. */
  sb_puts(&r->out, "<main><div class=\"first\"><div class=\"col\">\n");
  section_tiers(r);
  section_alerts(r);
  sb_puts(&r->out, "</div><div class=\"col\">\n");
  section_health(r);
  section_attention(r);
  sb_puts(&r->out, "</div></div>\n<div class=\"below\">\n");
  section_groups(r);
  section_scores(r);
  section_alert_lists(r);
  metadata(r);
  sb_puts(&r->out, "</div></main></body></html>\n");
}

/* --- the entry point --------------------------------------------------------------------- */

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
  arena_init(&r.mem);
  if (choose_previous(&r) != SQLITE_OK) {
    diag_plain(&rs->src, KAM_DIAG_ERROR, "database %s: %s", o->db_path, sqlite3_errmsg(r.db));
    arena_free(&r.mem);
    sqlite3_close(r.db);
    return KAM_ERR_DB;
  }
  choose_subjects(&r);
  sb_init(&r.out);
  render(&r);
  sqlite3_finalize(r.label);
  arena_free(&r.mem);
  sqlite3_close(r.db);
  *html = r.out.data;
  return KAM_OK;
}
