/*
 * report.h — kam report, split in four: report.c (the entry point, the
 * page's frame, styles and the run's metadata), report_sections.c (tiers
 * and moves, health, attention, score distributions), report_alerts.c (the
 * alerts card and the full alert lists) and report_svg.c (the charts).
 * The public entry point is in kam.h.
 */
#ifndef KAM_REPORT_H
#define KAM_REPORT_H

#include "arena.h"
#include "kam.h"
#include "severity.h"

#include <sqlite3.h>
#include <stdbool.h>

/* Everything one page is written from. */
typedef struct reporter {
  sqlite3 *db;
  sqlite3_int64 run, previous;          /* previous: 0 when none */
  const char *as_of, *previous_as_of;
  const char *tiering;                  /* the first declared tiering, NULL without */
  const char *scorecard;                /* the scorecard health is read from, NULL without */
  const char *lowest_grade;             /* its grade with the lowest scores */
  bool has_stage_order, has_state, has_episodes, has_titles;
  sqlite3_stmt *label;                  /* the entity's label by key; NULL: keys only */
  strbuf out;
  arena mem;
} reporter;


/* report.c: helpers every section uses. */
void html_text(strbuf *b, const char *s);
const char *column_text(sqlite3_stmt *st, int i);
/* Prepares sql with ?1 = the run, ?2 = the previous run, ?3 = the tiering,
 * ?4 = the scorecard, ?5 = the lowest grade; NULL when it does not prepare
 * (a table an older database lacks). */
sqlite3_stmt *report_query(reporter *r, const char *sql);
/* The subject's label (an arena copy), or NULL when it has none. */
const char *account_label(reporter *r, sqlite3_value *key);
/* The account in column i of st: its label (escaped), and its key beside it. */
void put_account(reporter *r, sqlite3_stmt *st, int i);
/* A tiering or scorecard by its title, its name beside it; by name alone
 * when it has no title (or the run recorded none). */
void put_declaration(reporter *r, const char *kind, const char *name);
void put_count(strbuf *b, long n);
/* A severity as a coloured badge. */
void put_severity(strbuf *b, const char *severity);
void put_change(strbuf *b, long now, long before);

/* report_sections.c */
void section_tiers(reporter *r);
/* Tiers by customer group, when the run had group by; nothing otherwise. */
void section_groups(reporter *r);
void section_health(reporter *r);
void section_attention(reporter *r);
void section_scores(reporter *r);
/* report_alerts.c */
void section_alerts(reporter *r);
void section_alert_lists(reporter *r);

/* report_svg.c */
void svg_bars(strbuf *b, const char *title, const char *const *labels, const long *counts, int n);
/* Stacked columns, one per run: counts[run * layers + layer]. */
void svg_trend(strbuf *b, const char *title, const char *const *runs, int n_runs,
               const char *const *layers, int n_layers, const long *counts);

#endif
