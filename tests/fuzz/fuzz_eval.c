/*
 * fuzz_eval.c — libFuzzer target: the evaluator on generated valid rule
 * sets over a small fixture database.  The input bytes choose an
 * expression from a grammar of the language's forms (operators, built-ins,
 * aggregates with where clauses, case, in, between, dates, durations, tiers,
 * a scorecard and alerts with formatted messages); the rule set is then
 * checked and run (dry run, JSON lines) on every account of the fixture.
 * Rule errors are fine; crashes, sanitizer reports and hangs are bugs.
 */
#include "kam.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char db_path[64];

static const char fixture[] =
    "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, rank INTEGER, since DATE, csat REAL, "
    "note TEXT, flag INTEGER);"
    "CREATE TABLE deals (account_id INTEGER, amount REAL, stage TEXT, closed_on DATE, margin);"
    "INSERT INTO accounts VALUES (1, 'A', 1, '2026-01-31', 9.5, '12', 1), (2, 'B', NULL, '2026-02-30', NULL, "
    "'x', 2), (3, '三', -5, '2024-02-29 10:00', 0, '', 0), (4, NULL, 9223372036854775807, NULL, 1e300, "
    "'1e6', NULL), (5, 'E', 3, '2025-12-31', -0.0, '2026-06-30', 1);"
    "INSERT INTO deals VALUES (1, 100, 'won', '2026-03-01', 0.2), (1, 'n/a', 'lost', '2026-13-01', '15%'), "
    "(1, -1e308, 'won', '2025-06-30', NULL), (2, 0, 'lead', NULL, 0), (3, 5e15, 'won', '2026-06-30', 1), "
    "(3, 5e15, 'won', '2026-06-30', 'x'), (9, 1, 'won', '2026-01-01', 0.1), (NULL, 7, 'won', NULL, NULL);"
    "CREATE INDEX deals_account ON deals(account_id);";

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  snprintf(db_path, sizeof db_path, "/tmp/kam-fuzz-%d.db", (int)getpid());
  unlink(db_path);
  sqlite3 *db;
  if (sqlite3_open(db_path, &db) != SQLITE_OK || sqlite3_exec(db, fixture, NULL, NULL, NULL) != SQLITE_OK) abort();
  sqlite3_close(db);
  return 0;
}

typedef struct gen {
  const uint8_t *data;
  size_t size, at;
  char out[8192];
  size_t len;
  int depth;
} gen;

static unsigned pick(gen *g, unsigned n) {
  unsigned v = g->at < g->size ? g->data[g->at++] : 0;
  return n ? v % n : 0;
}

static void put(gen *g, const char *s) {
  size_t n = strlen(s);
  if (g->len + n + 1 >= sizeof g->out) return;
  memcpy(g->out + g->len, s, n);
  g->len += n;
  g->out[g->len] = 0;
}

static void expr(gen *g);

static void atom(gen *g) {
  static const char *const atoms[] = {
      "rank", "csat", "since", "note", "flag", "name", "account.id", "as_of", "0", "1", "-1", "2.5", "15%",
      "3000万", "1.7亿", "1e6", "9223372036854775807", "\"won\"", "\"\"", "\"2026-06-30\"", "2026-02-28",
      "null", "true", "false", "v1", "v2", "tier_of", "health", "health.stage", "health.grade",
      "health.m1", "health.money", "big_deal", "previous(health)", "previous(tier_of)", "S", "B"};
  put(g, atoms[pick(g, sizeof atoms / sizeof atoms[0])]);
}

static void aggregate(gen *g) {
  static const char *const heads[] = {"sum(deals.amount", "avg(deals.amount", "min(deals.closed_on",
                                      "max(deals.stage", "count(deals", "exists(deals",
                                      "count(distinct deals.stage", "sum(deals.amount * deals.margin",
                                      "max(deals.amount / 0"};
  put(g, heads[pick(g, sizeof heads / sizeof heads[0])]);
  if (pick(g, 2)) {
    static const char *const conds[] = {" where deals.stage = \"won\"", " where deals.closed_on >= as_of - 12 months",
                                        " where deals.amount > rank", " where deals.stage in (\"won\", \"lost\")",
                                        " where deals.margin between 0 and 1", " where "};
    unsigned c = pick(g, 6);
    put(g, conds[c]);
    if (c == 5) expr(g);
  }
  put(g, ")");
}

static void expr(gen *g) {
  if (++g->depth > 12 || g->at >= g->size) {
    atom(g);
    g->depth--;
    return;
  }
  static const char *const binary[] = {" + ", " - ", " * ", " / ", " = ", " != ", " < ", " <= ", " > ",
                                       " >= ", " and ", " or "};
  static const char *const calls[] = {"coalesce(", "abs(", "round(", "least(", "greatest(", "days(",
                                      "year(", "month(", "lower(", "upper(", "length(", "contains(",
                                      "starts_with("};
  switch (pick(g, 12)) {
  case 0: case 1: atom(g); break;
  case 2: expr(g); put(g, binary[pick(g, 12)]); expr(g); break;
  case 3: put(g, "("); expr(g); put(g, ")"); break;
  case 4: put(g, pick(g, 2) ? "not " : "-"); expr(g); break;
  case 5: put(g, calls[pick(g, 13)]); expr(g); if (pick(g, 2)) { put(g, ", "); expr(g); } put(g, ")"); break;
  case 6: aggregate(g); break;
  case 7: put(g, "case when "); expr(g); put(g, " then "); expr(g); put(g, " else "); expr(g); put(g, " end"); break;
  case 8: expr(g); put(g, pick(g, 2) ? " in (" : " not in ("); expr(g); put(g, ", "); expr(g); put(g, ")"); break;
  case 9: expr(g); put(g, " between "); expr(g); put(g, " and "); expr(g); break;
  case 10: expr(g); put(g, pick(g, 2) ? " is null" : " is not null"); break;
  default: expr(g); put(g, pick(g, 2) ? " + 3 months" : " - 1 year"); break;
  }
  g->depth--;
}

static void rule_set(gen *g) {
  put(g, "entity account from accounts key id label name\nrelation deals from deals on account_id\n");
  put(g, "let v1 = "); expr(g); put(g, "\nlet v2 = "); expr(g); put(g, "\n");
  put(g, "let big_deal = "); expr(g); put(g, "\n");
  put(g, "tiering tier_of { tier S when "); expr(g); put(g, " tier A when "); expr(g);
  put(g, pick(g, 2) ? " tier B otherwise }\n" : " tier B when v2 > 0 }\n");
  put(g, "scorecard health {\n stage "); put(g, pick(g, 2) ? "\"g\"" : "note");
  put(g, "\n perspective money { metric m1 = "); expr(g); put(g, " scale 0 .. 10 }\n");
  put(g, " perspective other { metric m2 = "); expr(g); put(g, " bands { >= 1: 100, else: 0 } missing 5 }\n");
  put(g, " weights { g: m1 60, m2 40\n \"12\": m1 50, m2 50 }\n grades { >= 50: good, else: bad }\n}\n");
  put(g, "alert a1 severity high when "); expr(g); put(g, " message \"{name}: {v1:,.2f} {v2:.1%} {tier_of} {{x}}\"\n");
  put(g, "output o1 = "); expr(g); put(g, "\n");
}

static void ignore_line(const char *line, void *user) {
  (void)line;
  (void)user;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  gen g = {.data = data, .size = size};
  rule_set(&g);
  kam_ruleset *rs = kam_ruleset_new();
  kam_ruleset_add_source(rs, "gen.kam", g.out, g.len);
  kam_run_options o = {.db_path = db_path, .as_of = "2026-06-30", .dry_run = true, .jobs = 1,
                       .line_format = KAM_LINES_JSON, .on_line = ignore_line};
  kam_run_summary *summary = NULL;
  kam_run(rs, &o, &summary);
  kam_run_summary_free(summary);
  kam_ruleset_free(rs);
  return 0;
}
