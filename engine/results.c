/*
 * results.c — the kam_* results tables: creating them, writing one run in
 * a single transaction through prepared statements, and choosing the
 * run previous() reads (results_previous_run).  It writes nothing but
 * kam_* tables; the source tables are only ever read (by plan.c).
 */
#include "results.h"
#include "ruleset.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const schema_sql =
    "CREATE TABLE IF NOT EXISTS kam_runs (run_id INTEGER PRIMARY KEY, started_at TEXT,"
    " finished_at TEXT, as_of TEXT, ruleset_sha256 TEXT, files TEXT, accounts INTEGER,"
    " alerts INTEGER, warnings INTEGER, status TEXT);"
    "CREATE TABLE IF NOT EXISTS kam_tiers (run_id, account, tiering TEXT, tier TEXT);"
    "CREATE TABLE IF NOT EXISTS kam_scores (run_id, account, scorecard TEXT, stage TEXT,"
    " score REAL, grade TEXT, coverage REAL);"
    "CREATE TABLE IF NOT EXISTS kam_metrics (run_id, account, scorecard TEXT, metric TEXT,"
    " value, score REAL, weight REAL);"
    "CREATE TABLE IF NOT EXISTS kam_alerts (run_id, account, alert TEXT, severity TEXT, message TEXT,"
    " state TEXT, episode_id INTEGER);"
    "CREATE TABLE IF NOT EXISTS kam_outputs (run_id, account, name TEXT, value);"
    "CREATE TABLE IF NOT EXISTS kam_warnings (run_id, account, rule TEXT, message TEXT);"
    /* An extension of the contract's tables: each tiering's tiers in declared
     * order (highest first), so reports can show them in that order. */
    "CREATE TABLE IF NOT EXISTS kam_tier_order (run_id, tiering TEXT, position INTEGER, tier TEXT, title TEXT);"
    /* Likewise each scorecard's stages in the order its weights declare them,
     * and where the subjects' labels live (the entity's table, key and label
     * columns), so the report can name accounts without the rule files. */
    "CREATE TABLE IF NOT EXISTS kam_stage_order (run_id, scorecard TEXT, position INTEGER, stage TEXT);"
    "CREATE TABLE IF NOT EXISTS kam_entity (run_id, source_table TEXT, key_column TEXT, label_column TEXT);"
    /* and, with group by, the entity's column that names each account's group */
    "CREATE TABLE IF NOT EXISTS kam_group_by (run_id, group_column TEXT);"
    /* and the titles the rule set gives its tierings and scorecards, so the
     * report speaks the rule set's words ("Key account tier"). */
    "CREATE TABLE IF NOT EXISTS kam_titles (run_id, kind TEXT, name TEXT, title TEXT);"
    /* (run_id, account): rows arrive in that order, so each insert appends
     * to the index instead of searching it; previous() and explain read by it. */
    "CREATE INDEX IF NOT EXISTS kam_tiers_run ON kam_tiers(run_id, account);"
    "CREATE INDEX IF NOT EXISTS kam_scores_run ON kam_scores(run_id, account);"
    "CREATE INDEX IF NOT EXISTS kam_metrics_run ON kam_metrics(run_id, account);"
    "CREATE INDEX IF NOT EXISTS kam_alerts_run ON kam_alerts(run_id, account);"
    "CREATE INDEX IF NOT EXISTS kam_outputs_run ON kam_outputs(run_id, account);"
    "CREATE INDEX IF NOT EXISTS kam_warnings_run ON kam_warnings(run_id, account);"
    "CREATE TABLE IF NOT EXISTS kam_alert_episodes (episode_id INTEGER PRIMARY KEY, alert TEXT, account,"
    " severity TEXT, opened_run INTEGER, opened_on TEXT, last_run INTEGER, last_on TEXT, runs INTEGER,"
    " closed_run INTEGER, closed_on TEXT);"
    "CREATE TABLE IF NOT EXISTS kam_acks (ack_id INTEGER PRIMARY KEY, episode_id INTEGER, at TEXT, by TEXT,"
    " note TEXT, snooze_until TEXT);"
    /* Episode upkeep and the session read only open episodes, by subject. */
    "CREATE INDEX IF NOT EXISTS kam_episodes_open ON kam_alert_episodes(account, alert)"
    " WHERE closed_run IS NULL;"
    "CREATE INDEX IF NOT EXISTS kam_acks_episode ON kam_acks(episode_id);";

const char *results_schema_sql(void) { return schema_sql; }

/* The one choice of the run previous() reads, for run, explain and diff (and
 * the report's comparison): the latest earlier successful run by as-of date —
 * the greatest as_of strictly before this one, the highest run_id of that
 * date.  A database without kam_runs has no earlier run. */
int results_previous_run(sqlite3 *db, const char *as_of, sqlite3_int64 *run) {
  *run = 0;
  if (!db_has(db, "kam_runs", NULL)) return SQLITE_OK;
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, "SELECT run_id FROM kam_runs WHERE status = 'ok' AND as_of < ?1"
                              " ORDER BY as_of DESC, run_id DESC LIMIT 1", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *run = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int results_run_back(sqlite3 *db, sqlite3_int64 from_run, int more, sqlite3_int64 *run) {
  *run = 0;
  if (from_run <= 0 || more <= 0) {
    *run = more <= 0 ? from_run : 0;
    return SQLITE_OK;
  }
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db,
      "SELECT max(run_id) FROM kam_runs WHERE status = 'ok' AND as_of ="
      " (SELECT DISTINCT as_of FROM kam_runs WHERE status = 'ok'"
      "  AND as_of < (SELECT as_of FROM kam_runs WHERE run_id = ?1) ORDER BY as_of DESC LIMIT 1 OFFSET ?2)",
      -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, from_run);
  sqlite3_bind_int(st, 2, more - 1);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *run = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int results_open_for_reading(source_set *src, const char *out_path, sqlite3 *db, sqlite3 **runs_db) {
  *runs_db = NULL;
  if (!out_path) {
    *runs_db = db;
    return KAM_OK;
  }
  if (access(out_path, F_OK) != 0) return KAM_OK;
  return open_existing_db(src, out_path, false, 5000, runs_db);
}

void results_utc_now(char out[32]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *const result_tables[] = {"kam_tiers", "kam_scores", "kam_metrics",
                                            "kam_alerts", "kam_outputs", "kam_warnings"};
static const char *const result_params[] = {"?1, ?2, ?3, ?4", "?1, ?2, ?3, ?4, ?5, ?6, ?7",
                                            "?1, ?2, ?3, ?4, ?5, ?6, ?7", "?1, ?2, ?3, ?4, ?5, ?6, ?7",
                                            "?1, ?2, ?3, ?4", "?1, ?2, ?3, ?4"};

/* Inserts go to main.kam_*, or to temp.kam_* when the run is staged. */
static int prepare_inserts(results *r) {
  sqlite3_stmt **slots[] = {&r->tier, &r->score, &r->metric, &r->alert, &r->output, &r->warning};
  for (int i = 0; i < 6; i++) {
    char sql[160];
    snprintf(sql, sizeof sql, "INSERT INTO %s.%s VALUES (%s)", r->staged ? "temp" : "main",
             result_tables[i], result_params[i]);
    int rc = sqlite3_prepare_v3(r->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slots[i], NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_int64(*slots[i], 1, r->run_id);
  }
  return SQLITE_OK;
}

/* Staged runs write into temporary copies of the tables (their own file),
 * so the database itself is not written while other connections read it;
 * results_commit moves the rows over at the end. */
static int create_stage(results *r) {
  for (int i = 0; i < 6; i++) {
    char sql[160];
    snprintf(sql, sizeof sql, "CREATE TEMP TABLE %s AS SELECT * FROM main.%s WHERE 0", result_tables[i],
             result_tables[i]);
    int rc = sqlite3_exec(r->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

static int move_stage(results *r) {
  for (int i = 0; i < 6; i++) {
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO main.%s SELECT * FROM temp.%s; DROP TABLE temp.%s",
             result_tables[i], result_tables[i], result_tables[i]);
    int rc = sqlite3_exec(r->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) return rc;
  }
  r->staged = false;
  return SQLITE_OK;
}

int results_begin(results *r, sqlite3 *db, const char *as_of, const char *sha, const char *files,
                  bool staged) {
  memset(r, 0, sizeof *r);
  r->db = db;
  r->staged = staged;
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK) return rc;
  r->open = true;
  snprintf(r->as_of, sizeof r->as_of, "%s", as_of);
  rc = results_upgrade(db);   /* inside the transaction: a failure leaves the old schema whole */
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, schema_sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK) rc = results_next_episode(r);
  if (rc != SQLITE_OK) return rc;
  sqlite3_stmt *st;
  rc = sqlite3_prepare_v2(db, "INSERT INTO kam_runs (started_at, as_of, ruleset_sha256, files, status)"
                              " VALUES (?1, ?2, ?3, ?4, 'running')", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  char now[32];
  results_utc_now(now);
  sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, as_of, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, files, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return rc;
  r->run_id = sqlite3_last_insert_rowid(db);
  if (staged && (rc = create_stage(r)) != SQLITE_OK) return rc;
  return prepare_inserts(r);
}

static void finalize_inserts(results *r) {
  sqlite3_stmt *all[] = {r->tier, r->score, r->metric, r->alert, r->output, r->warning};
  for (int i = 0; i < 6; i++) sqlite3_finalize(all[i]);
  r->tier = r->score = r->metric = r->alert = r->output = r->warning = NULL;
}

static int tier_order(results *r, const program *p) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(r->db, "INSERT INTO main.kam_tier_order VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL);
  for (int i = 0; rc == SQLITE_OK && i < p->tierings.count; i++) {
    const decl *t = p->tierings.items[i];
    for (int k = 0; rc == SQLITE_OK && k < t->tiers.count; k++) {
      const tier *tr = t->tiers.items[k];
      sqlite3_bind_int64(st, 1, r->run_id);
      sqlite3_bind_text(st, 2, t->name, -1, SQLITE_STATIC);
      sqlite3_bind_int(st, 3, k + 1);
      sqlite3_bind_text(st, 4, tr->name, -1, SQLITE_STATIC);
      if (tr->title) sqlite3_bind_text(st, 5, tr->title, -1, SQLITE_STATIC);
      else sqlite3_bind_null(st, 5);
      rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(r->db);
      sqlite3_reset(st);
    }
  }
  sqlite3_finalize(st);
  return rc;
}

static int stage_order(results *r, const program *p) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(r->db, "INSERT INTO main.kam_stage_order VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL);
  for (int i = 0; rc == SQLITE_OK && i < p->scorecards.count; i++) {
    const decl *s = p->scorecards.items[i];
    for (int k = 0; rc == SQLITE_OK && k < s->weights.count; k++) {
      const weight_row *w = s->weights.items[k];
      if (!w->stage) continue;
      sqlite3_bind_int64(st, 1, r->run_id);
      sqlite3_bind_text(st, 2, s->name, -1, SQLITE_STATIC);
      sqlite3_bind_int(st, 3, k + 1);
      sqlite3_bind_text(st, 4, w->stage, -1, SQLITE_STATIC);
      rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(r->db);
      sqlite3_reset(st);
    }
  }
  sqlite3_finalize(st);
  return rc;
}

static int insert_title(sqlite3_stmt *st, sqlite3_int64 run, const char *kind, const decl *d) {
  if (!d->title) return SQLITE_OK;
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, d->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, d->title, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(sqlite3_db_handle(st));
  sqlite3_reset(st);
  return rc;
}

static int titles(results *r, const program *p) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(r->db, "INSERT INTO main.kam_titles VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL);
  for (int i = 0; rc == SQLITE_OK && i < p->tierings.count; i++)
    rc = insert_title(st, r->run_id, "tiering", p->tierings.items[i]);
  for (int i = 0; rc == SQLITE_OK && i < p->scorecards.count; i++)
    rc = insert_title(st, r->run_id, "scorecard", p->scorecards.items[i]);
  sqlite3_finalize(st);
  return rc;
}

static int entity_binding(results *r, const program *p) {
  if (!p->entity) return SQLITE_OK;
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(r->db, "INSERT INTO main.kam_entity VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, r->run_id);
  sqlite3_bind_text(st, 2, p->entity->table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, p->entity->key, -1, SQLITE_STATIC);
  if (p->entity->label) sqlite3_bind_text(st, 4, p->entity->label, -1, SQLITE_STATIC);
  rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(r->db);
  sqlite3_finalize(st);
  if (rc != SQLITE_OK || !p->group || p->group_column < 0) return rc;
  rc = sqlite3_prepare_v2(r->db, "INSERT INTO main.kam_group_by VALUES (?1, ?2)", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, r->run_id);
  sqlite3_bind_text(st, 2, ((const column_info *)p->columns.items[p->group_column])->name, -1, SQLITE_STATIC);
  rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(r->db);
  sqlite3_finalize(st);
  return rc;
}

int results_declarations(results *r, const program *p) {
  int rc = tier_order(r, p);
  if (rc == SQLITE_OK) rc = stage_order(r, p);
  if (rc == SQLITE_OK) rc = titles(r, p);
  if (rc == SQLITE_OK) rc = entity_binding(r, p);
  return rc;
}

int results_commit(results *r, long accounts, long alerts, long warnings) {
  finalize_inserts(r);
  sqlite3_stmt *st;
  int rc = r->staged ? move_stage(r) : SQLITE_OK;
  if (rc == SQLITE_OK) rc = results_apply_episodes(r);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_prepare_v2(r->db, "UPDATE kam_runs SET finished_at = ?1, accounts = ?2, alerts = ?3,"
                                     " warnings = ?4, status = 'ok' WHERE run_id = ?5", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  char now[32];
  results_utc_now(now);
  sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, accounts);
  sqlite3_bind_int64(st, 3, alerts);
  sqlite3_bind_int64(st, 4, warnings);
  sqlite3_bind_int64(st, 5, r->run_id);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return rc;
  rc = sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL);
  if (rc == SQLITE_OK) r->open = false;
  return rc;
}

void results_abort(results *r) {
  finalize_inserts(r);
  if (r->open) sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);   /* temp tables go with it */
  r->open = false;
}

/* Binds a kam value in its natural SQLite type. */
void bind_value(sqlite3_stmt *st, int i, value v, const program *p) {
  char date[11];
  switch (v.type) {
  case V_INT: case V_BOOL: sqlite3_bind_int64(st, i, v.u.i); break;
  case V_REAL: sqlite3_bind_double(st, i, v.u.d); break;
  case V_TEXT: sqlite3_bind_text(st, i, v.u.t.s, v.u.t.n, SQLITE_TRANSIENT); break;
  case V_DATE:
    date_format(v.u.i, date);
    sqlite3_bind_text(st, i, date, 10, SQLITE_TRANSIENT);
    break;
  case V_TIER: {
    const decl *t = p->tierings.items[v.tiering];
    sqlite3_bind_text(st, i, ((tier *)t->tiers.items[v.u.i])->name, -1, SQLITE_STATIC);
    break;
  }
  default: sqlite3_bind_null(st, i);
  }
}

int results_step(results *r, sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE && !r->error[0]) {   /* kept: later calls would overwrite the message */
    snprintf(r->error, sizeof r->error, "%s", sqlite3_errmsg(r->db));
    r->error_code = sqlite3_errcode(r->db);
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The entity's table, key and label columns as the latest run recorded them
 * (kam_entity), when that table and both columns are in this database. */
char *results_label_sql(sqlite3 *db, const char *account_expr) {
  if (!db_has(db, "kam_entity", "label_column")) return strdup("NULL");
  sqlite3_stmt *st;
  char *sql = NULL;
  if (sqlite3_prepare_v2(db, "SELECT source_table, key_column, label_column FROM kam_entity"
                             " WHERE label_column IS NOT NULL ORDER BY run_id DESC LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const char *table = (const char *)sqlite3_column_text(st, 0), *key = (const char *)sqlite3_column_text(st, 1),
               *label = (const char *)sqlite3_column_text(st, 2);
    if (table && key && label && db_has(db, table, key) && db_has(db, table, label)) {
      arena mem;
      arena_init(&mem);
      sql = strdup(arena_printf(&mem, "(SELECT %s FROM main.%s WHERE %s = %s LIMIT 1)", sql_quote_ident(&mem, label),
                                sql_quote_ident(&mem, table), sql_quote_ident(&mem, key), account_expr));
      arena_free(&mem);
    }
  }
  sqlite3_finalize(st);
  return sql ? sql : strdup("NULL");
}

