/*
 * episodes.c — alerts over time in the results database (contract §4, §6):
 * upgrading a results database from before episodes, deciding whether a run
 * is a backfill, and the episode upkeep a run does just before its commit.
 * Everything here runs inside the run's one write transaction, so episodes
 * change with the run's rows or not at all.
 */
#include "results.h"
#include "database.h"

#include <string.h>

int results_upgrade(sqlite3 *db) {
  if (!db_has(db, "kam_alerts", NULL) || db_has(db, "kam_alerts", "state")) return SQLITE_OK;
  /* Alerts stored before episodes keep a null state and no episode. */
  return sqlite3_exec(db, "ALTER TABLE kam_alerts ADD COLUMN state TEXT;"
                          "ALTER TABLE kam_alerts ADD COLUMN episode_id INTEGER;", NULL, NULL, NULL);
}

int results_next_episode(results *r) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(r->db, "SELECT coalesce(max(episode_id), 0) + 1 FROM kam_alert_episodes", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) r->first_episode = r->next_episode = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

int results_episode_mode(sqlite3 *db, const char *as_of, enum episode_mode *mode) {
  *mode = EPISODES_LIVE;
  if (!db_has(db, "kam_runs", NULL)) return SQLITE_OK;
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM kam_runs WHERE status = 'ok' AND as_of > ?1 LIMIT 1", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *mode = EPISODES_BACKFILL;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ?1 this run, ?2 its as-of date, ?3 the first episode id it handed out:
 * episodes below ?3 were open before the run, those from ?3 on it opened. */
static const char *const upkeep_sql[] = {
    /* An open episode whose alert this run did not store for its subject
     * closes (an alert no longer declared is never stored). */
    "UPDATE kam_alert_episodes SET closed_run = ?1, closed_on = ?2"
    " WHERE closed_run IS NULL AND episode_id < ?3 AND NOT EXISTS (SELECT 1 FROM kam_alerts a"
    " WHERE a.run_id = ?1 AND a.account = kam_alert_episodes.account AND a.alert = kam_alert_episodes.alert)",
    /* The rest fired again: a rerun of the same date does not count twice. */
    "UPDATE kam_alert_episodes SET last_run = ?1, last_on = ?2, runs = runs + (last_on < ?2)"
    " WHERE closed_run IS NULL AND episode_id < ?3",
    "INSERT INTO kam_alert_episodes (episode_id, alert, account, severity, opened_run, opened_on,"
    " last_run, last_on, runs) SELECT episode_id, alert, account, severity, ?1, ?2, ?1, ?2, 1"
    " FROM kam_alerts WHERE run_id = ?1 AND episode_id >= ?3",
};

int results_apply_episodes(results *r) {
  if (r->episodes != EPISODES_LIVE) return SQLITE_OK;
  for (int i = 0; i < 3; i++) {
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(r->db, upkeep_sql[i], -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_int64(st, 1, r->run_id);
    sqlite3_bind_text(st, 2, r->as_of, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, r->first_episode);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return rc;
    if (i == 0) r->episodes_closed = sqlite3_changes(r->db);
  }
  return SQLITE_OK;
}
