/*
 * alerts_cmd.c — kam ack, kam alerts, kam runs and kam prune: the account
 * team's side of alerts over time (contract §5).  `alerts` is the work list
 * after the latest run, `ack` records that someone saw an open episode,
 * `runs` lists stored runs, `prune` deletes older runs' results in one
 * transaction (episodes and acknowledgements stay).  Only the results
 * database is opened, confined to kam_* tables; values are bound.
 */
#include "alerts_cmd.h"
#include "arena.h"
#include "database.h"
#include "kam.h"
#include "results.h"
#include "severity.h"
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- the database ----------------------------------------------------------------- */

static int fail_db(sqlite3 *db, const char *doing) {
  fprintf(stderr, "kam: %s: %s%s\n", doing, sqlite3_errmsg(db), db_error_hint(db));
  return KAM_ERR_DB;
}

/* Opens an existing results database (never creates one). */
static int open_results(const alerts_cmd *c, bool writable, sqlite3 **db) {
  *db = NULL;
  if (!c->db) {
    fprintf(stderr, "kam: this command needs --db DB\n");
    return KAM_ERR_USAGE;
  }
  char message[1200];
  int status = db_open_existing(c->db, writable, c->busy_ms, db, message, sizeof message);
  if (status != KAM_OK) fprintf(stderr, "kam: %s\n", message);
  return status;
}

/* --- printing rows: text, markdown, csv, jsonl ---------------------------------------- */

static bool known_format(const char *format, const char *const *allowed) {
  for (; *allowed; allowed++)
    if (strcmp(format, *allowed) == 0) return true;
  return false;
}

static const char *cell(sqlite3_stmt *st, int i) {
  const char *s = (const char *)sqlite3_column_text(st, i);
  return s ? s : "";
}

static void csv_cell(const char *s) {
  strbuf b;
  sb_init(&b);
  sb_csv_field(&b, s);
  if (b.len) fwrite(b.data, 1, b.len, stdout);
  sb_free(&b);
}

static void json_row(sqlite3_stmt *st) {
  strbuf b;
  sb_init(&b);
  sb_putc(&b, '{');
  for (int i = 0; i < sqlite3_column_count(st); i++) {
    if (i) sb_putc(&b, ',');
    const char *name = sqlite3_column_name(st, i);
    sb_json_string(&b, name, strlen(name));
    sb_putc(&b, ':');
    int type = sqlite3_column_type(st, i);
    if (type == SQLITE_NULL) sb_puts(&b, "null");
    else if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) sb_puts(&b, cell(st, i));
    else sb_json_string(&b, cell(st, i), (size_t)sqlite3_column_bytes(st, i));
  }
  sb_putc(&b, '}');
  puts(b.data);
  sb_free(&b);
}

/* Markdown cells: a pipe or a line break would end the cell. */
static void markdown_cell(const char *s) {
  for (; *s; s++) fputs(*s == '|' ? "\\|" : *s == '\n' ? " " : (char[2]){*s, 0}, stdout);
}

/* Text: each column as wide as its widest cell, so the rows are read first. */
static int print_text(sqlite3_stmt *st) {
  int n = sqlite3_column_count(st), rows = 0, cap = 0, rc;
  char **cells = NULL;
  int *width = calloc((size_t)n, sizeof(int));
  for (int i = 0; i < n; i++) width[i] = (int)strlen(sqlite3_column_name(st, i));   /* ASCII names */
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if ((rows + 1) * n > cap) {
      cap = cap ? cap * 2 : 64 * n;
      cells = realloc(cells, sizeof(char *) * (size_t)cap);
      if (!cells) abort();
    }
    for (int i = 0; i < n; i++) {
      const char *s = cell(st, i);
      cells[rows * n + i] = strdup(s);
      int w = utf8_display_width(s, (int)strlen(s));   /* a Chinese name takes two columns a character */
      if (w > width[i]) width[i] = w;
    }
    rows++;
  }
  for (int i = 0; i < n && rows; i++)
    printf("%-*s%s", i + 1 < n ? width[i] : 0, sqlite3_column_name(st, i), i + 1 < n ? "  " : "\n");
  strbuf line;
  sb_init(&line);
  for (int r = 0; r < rows; r++) {
    sb_clear(&line);
    for (int i = 0; i < n; i++) {
      if (i + 1 < n) {
        sb_pad(&line, cells[r * n + i], width[i]);
        sb_puts(&line, "  ");
      } else {
        sb_puts(&line, cells[r * n + i]);
      }
    }
    while (line.len && line.data[line.len - 1] == ' ') line.data[--line.len] = 0;   /* no trailing blanks */
    puts(line.data ? line.data : "");
  }
  sb_free(&line);
  if (!rows) puts("(none)");
  for (int k = 0; k < rows * n; k++) free(cells[k]);
  free(cells);
  free(width);
  return rc;
}

static int print_rows(sqlite3_stmt *st, const char *format) {
  if (strcmp(format, "text") == 0) return print_text(st);
  int n = sqlite3_column_count(st), rc;
  bool csv = strcmp(format, "csv") == 0, markdown = strcmp(format, "markdown") == 0;
  for (int i = 0; (csv || markdown) && i < n; i++) {
    if (csv) {
      if (i) putchar(',');
      csv_cell(sqlite3_column_name(st, i));
    } else {
      printf("| %s ", sqlite3_column_name(st, i));
    }
  }
  if (csv) putchar('\n');
  if (markdown) {
    puts("|");
    for (int i = 0; i < n; i++) fputs("|---", stdout);
    puts("|");
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (!csv && !markdown) {
      json_row(st);
      continue;
    }
    for (int i = 0; i < n; i++) {
      if (csv) {
        if (i) putchar(',');
        csv_cell(cell(st, i));
      } else {
        fputs("| ", stdout);
        markdown_cell(cell(st, i));
        putchar(' ');
      }
    }
    puts(markdown ? "|" : "");
  }
  return rc;
}

/* --- kam alerts ---------------------------------------------------------------------- */

/* ?1 the latest run's as-of, ?2 its id, ?3 the least severity rank kept,
 * ?4 the state asked for.  An episode's state after the latest run: closed
 * (by that run), snoozed (its latest acknowledgement snoozes past that
 * date), new (opened on that date) or ongoing. */
/* %s: the label's SQL (results_label_sql), the one part not fixed. */
static const char *const list_sql =
    "WITH e AS (SELECT e.*, k.at AS ack_at, k.by AS ack_by, k.note AS ack_note, k.snooze_until,"
    "   CASE WHEN e.closed_run IS NOT NULL THEN 'closed' WHEN k.snooze_until >= ?1 THEN 'snoozed'"
    "        WHEN e.opened_on = ?1 THEN 'new' ELSE 'ongoing' END AS state,"
    "   " SEVERITY_RANK_SQL("e.severity") " AS rank"
    " FROM kam_alert_episodes e LEFT JOIN kam_acks k ON k.ack_id ="
    "   (SELECT max(ack_id) FROM kam_acks WHERE episode_id = e.episode_id)"
    " WHERE e.closed_run IS NULL OR e.closed_run = ?2)"
    " SELECT e.account, %s AS label, e.alert, e.severity, e.state, e.opened_on,"
    "   CAST(julianday(?1) - julianday(e.opened_on) AS INTEGER) AS days_open, e.runs,"
    /* +e.last_run: without the INTEGER column's affinity, so kam_alerts_run (on an
     * untyped run_id) serves the lookup instead of a scan per episode. */
    "   (SELECT a.message FROM kam_alerts a WHERE a.run_id = +e.last_run AND a.account = e.account"
    "     AND a.alert = e.alert) AS message,"
    "   e.ack_by, e.ack_note, e.snooze_until"
    " FROM e WHERE e.rank >= ?3 AND (?4 = 'all' OR e.state = ?4"
    "   OR (?4 = 'open' AND e.state IN ('new', 'ongoing')))"
    " ORDER BY e.state != 'new', e.opened_on, e.rank DESC, e.account, e.alert";

/* The latest successful run by as-of date. */
static int latest_run(sqlite3 *db, char as_of[11], sqlite3_int64 *run) {
  sqlite3_stmt *st;
  *run = 0;
  int rc = sqlite3_prepare_v2(db, "SELECT run_id, as_of FROM kam_runs WHERE status = 'ok'"
                                  " ORDER BY as_of DESC, run_id DESC LIMIT 1", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    *run = sqlite3_column_int64(st, 0);
    snprintf(as_of, 11, "%s", cell(st, 1));
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int alerts_cmd_list(const alerts_cmd *c) {
  static const char *const formats[] = {"text", "markdown", "csv", "jsonl", NULL};
  static const char *const states[] = {"new", "open", "snoozed", "closed", "all", NULL};
  const char *format = c->format ? c->format : "text", *state = c->state ? c->state : "open";
  if (!known_format(format, formats)) return fprintf(stderr, "kam: bad --format '%s' (text, markdown, csv or jsonl)\n", format), KAM_ERR_USAGE;
  if (!known_format(state, states)) return fprintf(stderr, "kam: bad --state '%s' (new, open, snoozed, closed or all)\n", state), KAM_ERR_USAGE;
  int rank = c->severity ? severity_rank(c->severity) : 0;
  if (rank < 0) return fprintf(stderr, "kam: bad --severity '%s' (info, low, medium, high or critical)\n", c->severity), KAM_ERR_USAGE;
  sqlite3 *db;
  int status = open_results(c, false, &db);
  if (status != KAM_OK) return status;
  char as_of[11] = "";
  sqlite3_int64 run = 0;
  if (!db_has(db, "kam_alert_episodes", NULL) || !db_has(db, "kam_runs", NULL)) {
    fprintf(stderr, "kam: %s holds no alert episodes yet (kam run stores them)\n", c->db);
  } else if (latest_run(db, as_of, &run) != SQLITE_OK) {
    status = fail_db(db, "cannot read the runs");
  } else {
    sqlite3_stmt *st;
    char *label = results_label_sql(db, "e.account");
    char *sql = sqlite3_mprintf(list_sql, label);
    free(label);
    int prepared = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (prepared != SQLITE_OK) {
      status = fail_db(db, "cannot read the alert episodes");
    } else {
      sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
      sqlite3_bind_int64(st, 2, run);
      sqlite3_bind_int(st, 3, rank);
      sqlite3_bind_text(st, 4, state, -1, SQLITE_STATIC);
      if (print_rows(st, format) != SQLITE_DONE) status = fail_db(db, "cannot read the alert episodes");
      sqlite3_finalize(st);
    }
  }
  sqlite3_close(db);
  return status;
}

/* --- kam ack ------------------------------------------------------------------------------ */

/* The key as typed matches the account as stored, text or number. */
static const char *const open_episode_sql =
    "SELECT episode_id, opened_on FROM kam_alert_episodes WHERE closed_run IS NULL AND alert = ?1"
    " AND CAST(account AS TEXT) = ?2";

static int find_open_episode(sqlite3 *db, const alerts_cmd *c, sqlite3_int64 *episode, char opened[11]) {
  sqlite3_stmt *st;
  *episode = 0;
  int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM kam_alert_episodes WHERE alert = ?1 LIMIT 1", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, c->alert, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc;
  if ((rc = sqlite3_prepare_v2(db, open_episode_sql, -1, &st, NULL)) != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, c->alert, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, c->key, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    *episode = sqlite3_column_int64(st, 0);
    snprintf(opened, 11, "%s", cell(st, 1));
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int insert_ack(sqlite3 *db, const alerts_cmd *c, sqlite3_int64 episode, const char *by) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, "INSERT INTO kam_acks (episode_id, at, by, note, snooze_until)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  char now[32];
  results_utc_now(now);
  sqlite3_bind_int64(st, 1, episode);
  sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
  if (c->note) sqlite3_bind_text(st, 4, c->note, -1, SQLITE_STATIC);
  if (c->until) sqlite3_bind_text(st, 5, c->until, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int alerts_cmd_ack(const alerts_cmd *c) {
  int64_t days;
  if (!c->alert || !c->key) return fprintf(stderr, "kam: ack needs ALERT and KEY\n"), KAM_ERR_USAGE;
  if (c->until && (strlen(c->until) != 10 || !date_parse(c->until, 10, &days)))
    return fprintf(stderr, "kam: bad --until '%s' (a date, YYYY-MM-DD)\n", c->until), KAM_ERR_USAGE;
  const char *by = c->by ? c->by : getenv("USER");
  if (!by || !*by) by = getlogin();
  if (!by) by = "unknown";
  sqlite3 *db;
  int status = open_results(c, true, &db);
  if (status != KAM_OK) return status;
  sqlite3_int64 episode = 0;
  char opened[11] = "";
  int rc = db_has(db, "kam_alert_episodes", NULL) ? sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL)
                                               : SQLITE_NOTFOUND;
  if (rc == SQLITE_OK) rc = find_open_episode(db, c, &episode, opened);
  if (rc == SQLITE_NOTFOUND) {
    fprintf(stderr, "kam: unknown alert '%s': no episode of it is recorded in %s\n", c->alert, c->db);
    status = KAM_ERR_RULES;
  } else if (rc == SQLITE_OK && !episode) {
    fprintf(stderr, "kam: alert '%s' has no open episode for account '%s'; nothing acknowledged\n", c->alert, c->key);
    status = KAM_ERR_RULES;
  } else if (rc != SQLITE_OK || (rc = insert_ack(db, c, episode, by)) != SQLITE_OK ||
             (rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK) {
    status = fail_db(db, "cannot record the acknowledgement");
  } else {
    printf("acknowledged episode %lld: %s for %s, open since %s, by %s%s%s\n", (long long)episode, c->alert,
           c->key, opened, by, c->until ? ", snoozed until " : "", c->until ? c->until : "");
  }
  if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(db);
  return status;
}

/* --- kam runs ------------------------------------------------------------------------------ */

/* One pass over kam_alerts counts every run's alerts by state. */
static const char *const runs_sql =
    "SELECT r.run_id, r.as_of, r.started_at, r.accounts, r.alerts, coalesce(s.new, 0) AS new,"
    "  coalesce(s.ongoing, 0) AS ongoing, coalesce(s.snoozed, 0) AS snoozed, coalesce(s.backfill, 0) AS backfill,"
    "  r.warnings, r.status, substr(r.ruleset_sha256, 1, 12) AS ruleset, r.files"
    " FROM kam_runs r LEFT JOIN (SELECT run_id, sum(state = 'new') AS new, sum(state = 'ongoing') AS ongoing,"
    "   sum(state = 'snoozed') AS snoozed, sum(state = 'backfill') AS backfill FROM kam_alerts GROUP BY run_id) s"
    "   ON s.run_id = r.run_id"
    " ORDER BY r.as_of DESC, r.run_id DESC";

int alerts_cmd_runs(const alerts_cmd *c) {
  static const char *const formats[] = {"text", "csv", "jsonl", NULL};
  const char *format = c->format ? c->format : "text";
  if (!known_format(format, formats)) return fprintf(stderr, "kam: bad --format '%s' (text, csv or jsonl)\n", format), KAM_ERR_USAGE;
  sqlite3 *db;
  int status = open_results(c, false, &db);
  if (status != KAM_OK) return status;
  sqlite3_stmt *st;
  if (!db_has(db, "kam_runs", NULL) || !db_has(db, "kam_alerts", NULL)) {
    fprintf(stderr, "kam: %s holds no runs yet\n", c->db);
  } else if (sqlite3_prepare_v2(db, runs_sql, -1, &st, NULL) != SQLITE_OK) {
    status = fail_db(db, "cannot read the runs");
  } else {
    if (print_rows(st, format) != SQLITE_DONE) status = fail_db(db, "cannot read the runs");
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return status;
}

/* --- kam prune ------------------------------------------------------------------------------ */

/* The runs to delete go into temp.kam_prune: with --keep N, every run older
 * (by as-of, then id) than the Nth latest ok run; with --before, every run
 * dated before it. */
static int choose_runs(sqlite3 *db, const alerts_cmd *c) {
  int rc = sqlite3_exec(db, "CREATE TEMP TABLE kam_prune (run_id INTEGER PRIMARY KEY)", NULL, NULL, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_stmt *st;
  const char *sql = c->before
      ? "INSERT INTO temp.kam_prune SELECT run_id FROM kam_runs WHERE as_of < ?1"
      : "INSERT INTO temp.kam_prune SELECT r.run_id FROM kam_runs r, (SELECT as_of, run_id FROM kam_runs"
        " WHERE status = 'ok' ORDER BY as_of DESC, run_id DESC LIMIT 1 OFFSET ?2 - 1) AS k"
        " WHERE r.as_of < k.as_of OR (r.as_of = k.as_of AND r.run_id < k.run_id)";
  if ((rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK) return rc;
  if (c->before) sqlite3_bind_text(st, 1, c->before, -1, SQLITE_STATIC);
  else sqlite3_bind_int64(st, 2, c->keep);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static const char *const pruned_tables[] = {"kam_tiers", "kam_scores", "kam_metrics", "kam_alerts",
                                            "kam_outputs", "kam_warnings", "kam_tier_order",
                                            "kam_stage_order", "kam_titles", "kam_entity", "kam_group_by",
                                            "kam_runs"};

static int delete_runs(sqlite3 *db, bool dry_run, long *rows) {
  *rows = 0;
  for (size_t i = 0; i < sizeof pruned_tables / sizeof *pruned_tables; i++) {
    if (!db_has(db, pruned_tables[i], NULL)) continue;
    char sql[160];
    snprintf(sql, sizeof sql, dry_run ? "SELECT count(*) FROM %s WHERE run_id IN temp.kam_prune"
                                      : "DELETE FROM %s WHERE run_id IN temp.kam_prune", pruned_tables[i]);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *rows += (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rc;
    if (!dry_run) *rows += sqlite3_changes(db);
  }
  return SQLITE_OK;
}

int alerts_cmd_prune(const alerts_cmd *c) {
  int64_t days;
  if (!c->keep == !c->before) return fprintf(stderr, "kam: prune needs one of --keep N or --before DATE\n"), KAM_ERR_USAGE;
  if (c->before && (strlen(c->before) != 10 || !date_parse(c->before, 10, &days)))
    return fprintf(stderr, "kam: bad --before '%s' (a date, YYYY-MM-DD)\n", c->before), KAM_ERR_USAGE;
  sqlite3 *db;
  int status = open_results(c, true, &db);
  if (status != KAM_OK) return status;
  long rows = 0, runs = 0;
  int rc = db_has(db, "kam_runs", NULL) ? sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) : SQLITE_NOTFOUND;
  if (rc == SQLITE_OK) rc = choose_runs(db, c);
  if (rc == SQLITE_OK) {
    sqlite3_stmt *st;
    if ((rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM temp.kam_prune", -1, &st, NULL)) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      runs = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  if (rc == SQLITE_OK) rc = delete_runs(db, c->dry_run, &rows);
  if (rc == SQLITE_OK && !c->dry_run) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  if (rc == SQLITE_NOTFOUND) fprintf(stderr, "kam: %s holds no runs\n", c->db);
  else if (rc != SQLITE_OK) status = fail_db(db, "cannot prune");
  else printf("%s %ld run%s (%ld rows); episodes and acknowledgements kept\n", c->dry_run ? "would delete" : "deleted",
              runs, runs == 1 ? "" : "s", rows);
  if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(db);
  return status;
}

/* --- the commands' entry ------------------------------------------------------------------- */

static const struct {
  const char *name, *usage;
  int paths;
  int (*run)(const alerts_cmd *);
} episode_commands[] = {
    {"alerts", "alerts --db DB [--state new|open|snoozed|closed|all] [--severity S] [--format text|markdown|csv|jsonl]",
     0, alerts_cmd_list},
    {"ack", "ack --db DB ALERT KEY [--note TEXT] [--by NAME] [--until DATE]", 2, alerts_cmd_ack},
    {"runs", "runs --db DB [--format text|csv|jsonl]", 0, alerts_cmd_runs},
    {"prune", "prune --db DB (--keep N | --before DATE) [--dry-run]", 0, alerts_cmd_prune},
};

int alerts_cmd_main(const char *command, const alerts_cmd *c, bool help, int arguments) {
  for (size_t i = 0; i < sizeof episode_commands / sizeof *episode_commands; i++) {
    if (strcmp(command, episode_commands[i].name) != 0) continue;
    if (help) return printf("usage: kam %s\n", episode_commands[i].usage), KAM_OK;
    if (arguments > episode_commands[i].paths) {
      fprintf(stderr, "kam: %s takes %s\n", command, episode_commands[i].paths ? "ALERT and KEY only" : "no paths");
      return KAM_ERR_USAGE;
    }
    return episode_commands[i].run(c);
  }
  return KAM_ERR_USAGE;
}
