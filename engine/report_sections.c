/*
 * report_sections.c — the report's first screen, three of its four cards
 * (key accounts by tier with the change since the previous run and the
 * moves between tiers, health (grade) by tier, the accounts that need
 * attention; the alerts card is in report_alerts.c), and below the fold
 * the score distributions.  Each reads the kam_* tables through
 * report_query (report.c) and writes escaped HTML.
 */
#include "report.h"
#include "database.h"
#include "schema.h"

#include <stdio.h>
#include <string.h>

enum { MAX_TIERS = 48, MAX_GRADES = 16, NAMES_PER_MOVE = 3, MOVES_SHOWN = 4, ATTENTION = 10 };

static void card_open(reporter *r, const char *id, const char *title) {
  sb_printf(&r->out, "<section class=\"card\" id=\"%s\"><h2>%s</h2>\n", id, title);
}

/* --- key accounts by tier ----------------------------------------------------------------- */

static long run_accounts(reporter *r, int which) {
  sqlite3_stmt *st = report_query(r, which == 1 ? "SELECT accounts FROM kam_runs WHERE run_id = ?1"
                                                : "SELECT accounts FROM kam_runs WHERE run_id = ?2");
  long n = st && sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return n;
}

static void tier_row(reporter *r, const char *tiering, const char *tier, const char *title, long now,
                     long before) {
  sb_puts(&r->out, "<tr data-tiering=\"");
  html_text(&r->out, tiering);
  sb_puts(&r->out, "\" data-tier=\"");
  html_text(&r->out, tier);
  sb_puts(&r->out, "\"><td><b>");
  html_text(&r->out, tier);
  sb_puts(&r->out, "</b> <span class=\"title\">");
  html_text(&r->out, title);
  sb_printf(&r->out, "</span></td><td class=\"num\" data-count=\"%ld\">", now);
  put_count(&r->out, now);
  sb_puts(&r->out, "</td>");
  if (r->previous) {
    sb_printf(&r->out, "<td class=\"num\" data-before=\"%ld\">", before);
    put_count(&r->out, before);
    sb_puts(&r->out, "</td>");
    put_change(&r->out, now, before);
  }
  sb_puts(&r->out, "</tr>");
}

/* One table per tiering (the first declared first), its tiers in declared
 * order, declared tiers nobody holds included, then the accounts without
 * a tier. */
static void tier_counts(reporter *r) {
  sqlite3_stmt *st = report_query(r,
      "WITH c AS (SELECT tiering, tier, sum(run_id = ?1) AS now, sum(run_id = ?2) AS before FROM kam_tiers "
      "WHERE run_id IN (?1, ?2) GROUP BY 1, 2), "
      "k AS (SELECT tiering, tier FROM kam_tier_order WHERE run_id = ?1 UNION SELECT tiering, tier FROM c) "
      "SELECT k.tiering, k.tier, coalesce(o.title, ''), coalesce(c.now, 0), coalesce(c.before, 0) FROM k "
      "LEFT JOIN c ON c.tiering = k.tiering AND c.tier = k.tier "
      "LEFT JOIN kam_tier_order o ON o.run_id = ?1 AND o.tiering = k.tiering AND o.tier = k.tier "
      "ORDER BY k.tiering IS NOT ?3, k.tiering, coalesce(o.position, 1e9), k.tier");
  char current[256] = "";
  long now_sum = 0, before_sum = 0, accounts = run_accounts(r, 1), accounts_before = run_accounts(r, 2);
  bool open = false;
  for (bool more = true; more;) {
    more = st && sqlite3_step(st) == SQLITE_ROW;
    const char *tiering = more ? column_text(st, 0) : "";
    if (open && (!more || strcmp(tiering, current) != 0)) {
      long none = accounts - now_sum, none_before = r->previous ? accounts_before - before_sum : 0;
      if (none || none_before) tier_row(r, current, "(none)", "no tier", none, none_before);
      sb_puts(&r->out, "</tbody></table></div>\n");
      open = false;
    }
    if (!more) break;
    if (!open) {
      snprintf(current, sizeof current, "%s", tiering);
      now_sum = before_sum = 0;
      sb_puts(&r->out, "<h3>");
      put_declaration(r, "tiering", tiering);
      sb_puts(&r->out, "</h3><div class=\"scroll\"><table class=\"tiers\"><thead><tr><th>tier</th>"
                       "<th class=\"num\">accounts</th>");
      if (r->previous) sb_puts(&r->out, "<th class=\"num\">previous</th><th class=\"num\">change</th>");
      sb_puts(&r->out, "</tr></thead><tbody>");
      open = true;
    }
    long now = (long)sqlite3_column_int64(st, 3), before = (long)sqlite3_column_int64(st, 4);
    now_sum += now;
    before_sum += before;
    tier_row(r, tiering, column_text(st, 1), column_text(st, 2), now, before);
  }
  if (!current[0]) sb_puts(&r->out, "<p id=\"no-tiering\">This run has no tiering.</p>\n");
  sqlite3_finalize(st);
}

static void moves_table_open(reporter *r, const char *id) {
  sb_printf(&r->out, "<div class=\"scroll\"><table id=\"%s\" class=\"moves\"><thead><tr><th>from \u2192 to</th>"
                     "<th class=\"num\">accounts</th><th>largest first</th></tr></thead><tbody>", id);
}

/* The first moves stay on the first screen; the rest fold away under a
 * summary that says how many there are. */
static void moves_table_row(reporter *r, long index, long total) {
  if (index == 0) moves_table_open(r, "tier-moves");
  if (index != MOVES_SHOWN) return;
  long more = total - MOVES_SHOWN;
  sb_printf(&r->out, "</tbody></table></div>\n<details id=\"more-moves\"><summary>%ld more move%s</summary>", more,
            more == 1 ? "" : "s");
  moves_table_open(r, "tier-moves-more");
}

/* Moves between tiers of the first tiering.  kam stores no size of an
 * account but its tier, so moves are ordered by the highest tier they
 * touch (the largest accounts first), then by key. */
static void tier_moves(reporter *r) {
  sqlite3_stmt *st = report_query(r,
      "WITH k AS (SELECT DISTINCT account FROM kam_tiers WHERE run_id IN (?1, ?2) AND tiering = ?3), "
      "m AS (SELECT k.account, o.tier AS was, n.tier AS now FROM k "
      " LEFT JOIN kam_tiers n ON n.run_id = ?1 AND n.account = k.account AND n.tiering = ?3 "
      " LEFT JOIN kam_tiers o ON o.run_id = ?2 AND o.account = k.account AND o.tiering = ?3 "
      " WHERE o.tier IS NOT n.tier), "
      "p AS (SELECT tier, position FROM kam_tier_order WHERE run_id = ?1 AND tiering = ?3), "
      "q AS (SELECT m.*, coalesce(pw.position, 1e9) AS wp, coalesce(pn.position, 1e9) AS np FROM m "
      " LEFT JOIN p pw ON pw.tier = m.was LEFT JOIN p pn ON pn.tier = m.now) "
      "SELECT coalesce(was, '(none)'), coalesce(now, '(none)'), count(*) OVER w, "
      "row_number() OVER (w ORDER BY account), account, wp > np, "
      "(SELECT count(*) FROM (SELECT DISTINCT was, now FROM m)) FROM q "
      "WINDOW w AS (PARTITION BY was, now) ORDER BY min(wp, np), wp, np, was, now, account");
  sb_puts(&r->out, "<h3>Moves between tiers</h3>\n");
  long moves = 0;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    long n = (long)sqlite3_column_int64(st, 2), k = (long)sqlite3_column_int64(st, 3);
    if (k == 1) {
      moves_table_row(r, moves++, (long)sqlite3_column_int64(st, 6));
      sb_printf(&r->out, "<tr class=\"%s\" data-from=\"", sqlite3_column_int(st, 5) ? "up" : "down");
      html_text(&r->out, column_text(st, 0));
      sb_puts(&r->out, "\" data-to=\"");
      html_text(&r->out, column_text(st, 1));
      sb_puts(&r->out, "\"><td class=\"move\">");
      html_text(&r->out, column_text(st, 0));
      sb_puts(&r->out, " \u2192 ");
      html_text(&r->out, column_text(st, 1));
      sb_printf(&r->out, "</td><td class=\"num\" data-count=\"%ld\">", n);
      put_count(&r->out, n);
      sb_puts(&r->out, "</td><td class=\"names\">");
    }
    if (k <= NAMES_PER_MOVE) {
      if (k > 1) sb_puts(&r->out, ", ");
      put_account(r, st, 4);
    }
    if (k == n) {
      if (n > NAMES_PER_MOVE) sb_printf(&r->out, " <span class=\"more\">and %ld more</span>", n - NAMES_PER_MOVE);
      sb_puts(&r->out, "</td></tr>");
    }
  }
  if (moves > MOVES_SHOWN) sb_puts(&r->out, "</tbody></table></div></details>\n");
  else if (moves) sb_puts(&r->out, "</tbody></table></div>\n");
  else sb_puts(&r->out, "<p id=\"no-moves\">No account changed tier.</p>\n");
  sqlite3_finalize(st);
}

void section_tiers(reporter *r) {
  card_open(r, "tiers", "Key accounts by tier");
  tier_counts(r);
  if (r->tiering && r->previous) tier_moves(r);
  sb_puts(&r->out, "</section>\n");
}

/* --- tiers by customer group (group by) ---------------------------------------------------- */

enum { GROUPS_SHOWN = 20 };

/* The largest groups of the run with the tiers of their accounts, read from
 * the entity's table when the run recorded its group column (kam_group_by)
 * and the table is in this database. */
static sqlite3_stmt *group_tiers_query(reporter *r) {
  sqlite3_stmt *st = report_query(r, "SELECT e.source_table, e.key_column, g.group_column FROM kam_entity e "
                                     "JOIN kam_group_by g ON g.run_id = e.run_id WHERE e.run_id = ?1");
  if (!st || sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return NULL;
  }
  const char *table = column_text(st, 0), *key = column_text(st, 1), *group = column_text(st, 2);
  sqlite3_stmt *tiers = NULL;
  if (db_has(r->db, table, key) && db_has(r->db, table, group)) {
    const char *t = sql_quote_ident(&r->mem, table), *k = sql_quote_ident(&r->mem, key),
               *g = sql_quote_ident(&r->mem, group);
    tiers = report_query(r, arena_printf(&r->mem,
        "SELECT g, sum(c), group_concat(tier || ' ' || c, ', ') FROM ("
        " SELECT s.%s AS g, t.tier AS tier, count(*) AS c, min(coalesce(o.position, 1e9)) AS p"
        " FROM kam_tiers t JOIN main.%s s ON s.%s = t.account"
        " LEFT JOIN kam_tier_order o ON o.run_id = t.run_id AND o.tiering = t.tiering AND o.tier = t.tier"
        " WHERE t.run_id = ?1 AND t.tiering = ?3 AND s.%s IS NOT NULL GROUP BY 1, 2 ORDER BY 1, p)"
        " GROUP BY g HAVING sum(c) > 1 ORDER BY 2 DESC, 1 LIMIT %d", g, t, k, g, GROUPS_SHOWN));
  }
  sqlite3_finalize(st);
  return tiers;
}

void section_groups(reporter *r) {
  if (!r->tiering) return;
  sqlite3_stmt *st = group_tiers_query(r);
  if (!st) return;
  card_open(r, "groups", "Tiers by customer group");
  sb_puts(&r->out, "<p>The largest groups of accounts (group by), with the tier of each account.</p>\n"
                   "<div class=\"scroll\"><table id=\"group-tiers\"><thead><tr><th>group</th>"
                   "<th class=\"num\">accounts</th><th>tiers</th></tr></thead><tbody>");
  bool any = false;
  while (sqlite3_step(st) == SQLITE_ROW) {
    any = true;
    sb_puts(&r->out, "<tr><td>");
    html_text(&r->out, column_text(st, 0));
    sb_printf(&r->out, "</td><td class=\"num\" data-members=\"%lld\">%lld</td><td>",
              (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 1));
    html_text(&r->out, column_text(st, 2));
    sb_puts(&r->out, "</td></tr>");
  }
  sb_puts(&r->out, "</tbody></table></div>\n");
  if (!any) sb_puts(&r->out, "<p id=\"no-groups\">No group has more than one account.</p>\n");
  sb_puts(&r->out, "</section>\n");
  sqlite3_finalize(st);
}

/* --- health by tier ----------------------------------------------------------------------- */

typedef struct names {
  const char *items[MAX_GRADES > MAX_TIERS ? MAX_GRADES : MAX_TIERS];
  int n, cap;
} names;

static int name_index(names *l, const char *s) {
  for (int i = 0; i < l->n; i++)
    if (strcmp(l->items[i], s) == 0) return i;
  return -1;
}

static void names_from(reporter *r, names *l, const char *sql, const char *last) {
  sqlite3_stmt *st = report_query(r, sql);
  while (st && l->n < l->cap - 1 && sqlite3_step(st) == SQLITE_ROW)
    l->items[l->n++] = arena_strdup(&r->mem, column_text(st, 0));
  sqlite3_finalize(st);
  l->items[l->n++] = last;
}

static void matrix_head(reporter *r, const names *grades) {
  sb_puts(&r->out, "<div class=\"scroll\"><table class=\"matrix\" id=\"health-matrix\"><thead><tr><th>tier</th>");
  for (int g = 0; g < grades->n; g++) {
    sb_puts(&r->out, "<th class=\"num\">");
    html_text(&r->out, grades->items[g]);
    sb_puts(&r->out, "</th>");
  }
  sb_puts(&r->out, "<th class=\"num\">all</th></tr></thead><tbody>");
}

/* Rows: the first tiering's tiers in declared order; columns: the first
 * scorecard's grades from the highest scores to the lowest (the grade
 * bands' own order), the lowest marked. */
void section_health(reporter *r) {
  card_open(r, "health", "Health by tier");
  if (!r->scorecard) {
    sb_puts(&r->out, "<p id=\"no-scorecard\">This run has no scorecard.</p></section>\n");
    return;
  }
  names tiers = {.cap = MAX_TIERS}, grades = {.cap = MAX_GRADES};
  names_from(r, &tiers, "SELECT tier FROM kam_tier_order WHERE run_id = ?1 AND tiering = ?3 ORDER BY position",
             "(none)");
  names_from(r, &grades, "SELECT grade FROM kam_scores WHERE run_id = ?1 AND scorecard = ?4 AND grade IS NOT NULL "
                         "GROUP BY grade ORDER BY max(score) DESC", "(no grade)");
  long cells[MAX_TIERS][MAX_GRADES] = {{0}};
  sqlite3_stmt *st = report_query(r,
      "SELECT coalesce(t.tier, '(none)'), coalesce(s.grade, '(no grade)'), count(*) FROM kam_scores s "
      "LEFT JOIN kam_tiers t ON t.run_id = s.run_id AND t.account = s.account AND t.tiering = ?3 "
      "WHERE s.run_id = ?1 AND s.scorecard = ?4 GROUP BY 1, 2");
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    int t = name_index(&tiers, column_text(st, 0)), g = name_index(&grades, column_text(st, 1));
    if (t < 0 && tiers.n < tiers.cap) tiers.items[t = tiers.n++] = arena_strdup(&r->mem, column_text(st, 0));
    if (t >= 0 && g >= 0) cells[t][g] += (long)sqlite3_column_int64(st, 2);
  }
  sqlite3_finalize(st);
  long ungraded = 0;
  for (int t = 0; t < tiers.n; t++) ungraded += cells[t][grades.n - 1];
  if (!ungraded) grades.n--;   /* "(no grade)" only when some account has none */
  sb_puts(&r->out, "<p class=\"note\">Accounts by tier and grade of <b>");
  put_declaration(r, "scorecard", r->scorecard);
  sb_puts(&r->out, "</b>.</p>");
  matrix_head(r, &grades);
  for (int t = 0; t < tiers.n; t++) {
    long all = 0;
    for (int g = 0; g < grades.n + !ungraded; g++) all += cells[t][g];
    if (!all && strcmp(tiers.items[t], "(none)") == 0) continue;   /* every account has a tier */
    sb_puts(&r->out, "<tr><th>");
    html_text(&r->out, tiers.items[t]);
    sb_puts(&r->out, "</th>");
    for (int g = 0; g < grades.n; g++) {
      bool risk = r->lowest_grade && strcmp(grades.items[g], r->lowest_grade) == 0 && cells[t][g];
      sb_printf(&r->out, "<td class=\"num%s\" id=\"health-", risk ? " risk" : cells[t][g] ? "" : " zero");
      html_text(&r->out, tiers.items[t]);
      sb_putc(&r->out, '-');
      html_text(&r->out, grades.items[g]);
      sb_printf(&r->out, "\" data-count=\"%ld\">", cells[t][g]);
      put_count(&r->out, cells[t][g]);
      sb_puts(&r->out, "</td>");
    }
    sb_puts(&r->out, "<td class=\"num\">");
    put_count(&r->out, all);
    sb_puts(&r->out, "</td></tr>");
  }
  sb_puts(&r->out, "</tbody></table></div></section>\n");
}

/* --- who needs attention ------------------------------------------------------------------- */

/* The entry is headed by the account's name, so a message that opens with
 * it ("Acme: ...", "渠道客户12：...") is shown from after the colon. */
static const char *without_name(const char *message, const char *label) {
  size_t n = label ? strlen(label) : 0;
  if (!n || strncmp(message, label, n) != 0) return message;
  if (strncmp(message + n, ": ", 2) == 0) return message + n + 2;
  if (strncmp(message + n, "\uFF1A", 3) == 0) return message + n + 3;   /* the full-width colon */
  return message;
}

static void account_alerts(reporter *r, sqlite3_stmt *account, sqlite3_stmt *alerts) {
  const char *label = account_label(r, sqlite3_column_value(account, 0));
  sqlite3_bind_value(alerts, 1, sqlite3_column_value(account, 0));
  sb_puts(&r->out, "<ul>");
  while (sqlite3_step(alerts) == SQLITE_ROW) {
    sb_puts(&r->out, "<li>");
    put_severity(&r->out, column_text(alerts, 0));
    html_text(&r->out, without_name(column_text(alerts, 1), label));
    sb_puts(&r->out, "</li>");
  }
  sb_puts(&r->out, "</ul>");
  sqlite3_reset(alerts);
}

/* The two highest tiers' accounts that have an open alert or the lowest
 * grade: higher tier first, then the most severe alert, then the lowest
 * health. */
void section_attention(reporter *r) {
  card_open(r, "attention", "Who needs attention");
  sqlite3_stmt *st = report_query(r,
      "WITH top AS (SELECT tier, position FROM kam_tier_order WHERE run_id = ?1 AND tiering = ?3 "
      " ORDER BY position LIMIT 2), "
      "acc AS (SELECT t.account, t.tier, p.position FROM kam_tiers t JOIN top p ON p.tier = t.tier "
      " WHERE t.run_id = ?1 AND t.tiering = ?3), "
      "a AS (SELECT account, max(" SEVERITY_RANK_SQL("severity") ") AS worst, count(*) AS n FROM kam_alerts "
      " WHERE run_id = ?1 GROUP BY account), "
      "s AS (SELECT account, score, grade FROM kam_scores WHERE run_id = ?1 AND scorecard = ?4) "
      "SELECT acc.account, acc.tier, s.score, s.grade, count(*) OVER () FROM acc "
      "LEFT JOIN a ON a.account = acc.account LEFT JOIN s ON s.account = acc.account "
      "WHERE a.account IS NOT NULL OR s.grade = ?5 "
      "ORDER BY acc.position, coalesce(a.worst, -2) DESC, s.score IS NULL, s.score, acc.account LIMIT 10");
  sqlite3_stmt *alerts = NULL;
  sqlite3_prepare_v2(r->db, "SELECT severity, message FROM kam_alerts WHERE run_id = ?2 AND account = ?1 "
                            "ORDER BY " SEVERITY_RANK_SQL("severity") " DESC, alert", -1, &alerts, NULL);
  if (alerts) sqlite3_bind_int64(alerts, 2, r->run);
  long shown = 0;
  while (st && alerts && sqlite3_step(st) == SQLITE_ROW) {
    if (!shown++) {
      long total = (long)sqlite3_column_int64(st, 4);
      sb_printf(&r->out, "<p class=\"note\"><span id=\"attention-total\" data-count=\"%ld\">", total);
      put_count(&r->out, total);
      sb_puts(&r->out, "</span> accounts of the two highest tiers have an open alert or the lowest grade");
      if (total > ATTENTION) sb_printf(&r->out, "; the %d most urgent", ATTENTION);
      sb_puts(&r->out, ":</p><ol class=\"attention\">");
    }
    sb_puts(&r->out, "<li>");
    put_account(r, st, 0);
    sb_puts(&r->out, " <span class=\"badge\">tier ");
    html_text(&r->out, column_text(st, 1));
    sb_puts(&r->out, "</span><span class=\"badge\">health ");
    if (sqlite3_column_type(st, 2) == SQLITE_NULL) sb_puts(&r->out, "unknown");
    else sb_printf(&r->out, "%.0f", sqlite3_column_double(st, 2));
    if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
      sb_puts(&r->out, " ");
      html_text(&r->out, column_text(st, 3));
    }
    sb_puts(&r->out, "</span>");
    account_alerts(r, st, alerts);
    sb_puts(&r->out, "</li>");
  }
  if (shown) sb_puts(&r->out, "</ol>");
  else if (!r->tiering) sb_puts(&r->out, "<p>This run has no tiering, so no key accounts to single out.</p>");
  else sb_puts(&r->out, "<p id=\"no-attention\">No account of the two highest tiers has an alert or the lowest grade.</p>");
  sqlite3_finalize(alerts);
  sqlite3_finalize(st);
  sb_puts(&r->out, "</section>\n");
}

/* --- score distributions (below the fold) ---------------------------------------------------- */

static void stage_chart(reporter *r, const char *scorecard, const char *stage, const long *buckets) {
  static const char *const labels[] = {"0-10", "10-20", "20-30", "30-40", "40-50", "50-60",
                                       "60-70", "70-80", "80-90", "90-100", "no score"};
  char title[600];
  snprintf(title, sizeof title, "%s, stage %s", scorecard, stage);
  sb_puts(&r->out, "<div class=\"stage\"><h3>");
  html_text(&r->out, stage);
  sb_puts(&r->out, "</h3>");
  svg_bars(&r->out, title, labels, buckets, 11);
  sb_puts(&r->out, "</div>");
}

/* Every scorecard's scores in ten-point buckets per stage, all buckets
 * shown, stages in the order the weights declare them (kam_stage_order;
 * by name in databases written before it). */
void section_scores(reporter *r) {
  sb_puts(&r->out, "<section id=\"scores\"><h2>Score distributions</h2>\n");
  sqlite3_stmt *st = report_query(r, r->has_stage_order
      ? "SELECT s.scorecard, coalesce(s.stage, '(none)'), CASE WHEN s.score IS NULL THEN 10 "
        "ELSE max(0, min(9, CAST(s.score / 10 AS INTEGER))) END, count(*) FROM kam_scores s "
        "LEFT JOIN kam_stage_order o ON o.run_id = ?1 AND o.scorecard = s.scorecard AND o.stage = s.stage "
        "WHERE s.run_id = ?1 GROUP BY 1, 2, 3 ORDER BY 1, coalesce(min(o.position), 1e9), 2, 3"
      : "SELECT scorecard, coalesce(stage, '(none)'), CASE WHEN score IS NULL THEN 10 "
        "ELSE max(0, min(9, CAST(score / 10 AS INTEGER))) END, count(*) FROM kam_scores "
        "WHERE run_id = ?1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  char scorecard[256] = "", stage[256] = "";
  long buckets[11] = {0};
  bool any = false;
  for (bool more = true; more;) {
    more = st && sqlite3_step(st) == SQLITE_ROW;
    const char *sc = more ? column_text(st, 0) : "", *sg = more ? column_text(st, 1) : "";
    bool new_card = strcmp(sc, scorecard) != 0, new_stage = new_card || strcmp(sg, stage) != 0;
    if (any && new_stage) {
      stage_chart(r, scorecard, stage, buckets);
      memset(buckets, 0, sizeof buckets);
    }
    if (any && new_card) sb_puts(&r->out, "</div>\n");
    if (!more) break;
    if (new_card) {
      sb_puts(&r->out, "<h3 class=\"scorecard\">");
      html_text(&r->out, sc);
      sb_puts(&r->out, "</h3><div class=\"charts\">");
    }
    snprintf(scorecard, sizeof scorecard, "%s", sc);
    snprintf(stage, sizeof stage, "%s", sg);
    int b = sqlite3_column_int(st, 2);
    if (b >= 0 && b <= 10) buckets[b] += (long)sqlite3_column_int64(st, 3);
    any = true;
  }
  if (!any) sb_puts(&r->out, "<p>This run has no scorecard.</p>\n");
  sqlite3_finalize(st);
  sb_puts(&r->out, "</section>\n");
}
