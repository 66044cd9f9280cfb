/*
 * plan.c — the SQL that feeds a run, and reading it.
 *
 * One scan of the entity table in key order, and one set-oriented query
 * per relation (and per previous() source) in the same key order; run.c
 * merge-joins them, so the number of queries does not grow with the
 * number of accounts.  SQL is built only from names the checker found in
 * the schema, always quoted; values are bound.  Keys are ordered as SQLite
 * orders them under BINARY (numbers before text, text by bytes; declared
 * collations are not applied), and compared the same way here.
 *
 * Which rows belong to a subject is SQLite's own `fk = key` (contract §2).
 * When the two columns' affinities agree about numbers, that equality
 * converts nothing and a relation is read ordered by its own column; when
 * one is numeric and the other is not, SQLite converts text that reads as a
 * number, so the relation is joined to the entity's keys in SQL and each
 * row comes back tagged with the entity key it matched.
 */
#include "plan.h"
#include "results.h"

#include <string.h>

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st) {
  return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
}

/* `qualifier` is a table alias ("r.") or "". */
static void append_columns(strbuf *sql, arena *mem, const program *p, int relation, const char *qualifier) {
  for (int i = 0; i < p->columns.count; i++) {
    const column_info *col = p->columns.items[i];
    if (col->relation != relation) continue;
    sb_printf(sql, ", %s%s", qualifier, sql_quote_ident(mem, col->name));
  }
}

/* Columns come back in slot order because slots are handed out in
 * id order per table (see program_column). */
static void bind_key(sqlite3_stmt *st, int i, const value *key) {
  if (key->type == V_INT) sqlite3_bind_int64(st, i, key->u.i);
  else if (key->type == V_REAL) sqlite3_bind_double(st, i, key->u.d);
  else if (key->type == V_TEXT) sqlite3_bind_text(st, i, key->u.t.s, key->u.t.n, SQLITE_TRANSIENT);
  else if (key->type == V_NULL && key->origin == 1) sqlite3_bind_zeroblob(st, i, 0);   /* above all text */
  else sqlite3_bind_null(st, i);
}

/* The key condition of a scan: all keys, one key (?1), a range [?1, ?2), or
 * the keys of a table (an index on the column turns it into one seek per key). */
static void key_condition(strbuf *sql, const char *column, const plan *pl, bool first) {
  enum key_scope scope = pl->scope;
  const char *glue = first ? " WHERE " : " AND ";
  if (scope == KEYS_ALL) sb_printf(sql, "%s%s IS NOT NULL", glue, column);
  else if (scope == KEYS_LISTED) sb_printf(sql, "%s%s IN %s", glue, column, pl->listed);
  else if (scope == KEYS_ONE) sb_printf(sql, "%s%s = ?1 COLLATE BINARY", glue, column);
  else sb_printf(sql, "%s%s >= ?1 COLLATE BINARY AND %s < ?2 COLLATE BINARY", glue, column, column);
}

static int plan_entity(plan *pl, sqlite3 *db, arena *mem, const program *p, bool has_rowid) {
  strbuf sql;
  sb_init(&sql);
  const char *key = sql_quote_ident(mem, p->entity->key);
  sb_printf(&sql, "SELECT %s", key);
  append_columns(&sql, mem, p, -1, "");
  sb_printf(&sql, " FROM %s", sql_quote_ident(mem, p->entity->table));
  if (pl->scope != KEYS_ALL) key_condition(&sql, key, pl, true);   /* null keys are counted as skipped */
  sb_printf(&sql, " ORDER BY %s COLLATE BINARY%s", key, has_rowid ? ", rowid" : "");
  int rc = prepare(db, sql.data, &pl->entity.st);
  sb_free(&sql);
  pl->entity.columns = p->entity_column_count;
  return rc;
}

/* Relation rows by their own column, when `fk = key` converts nothing. */
static void relation_by_own_key(strbuf *sql, arena *mem, const program *p, int r, const plan *pl) {
  const relation_info *ri = p->relations.items[r];
  const char *on = sql_quote_ident(mem, ri->d->key);
  sb_printf(sql, "SELECT %s", on);
  append_columns(sql, mem, p, r, "");
  sb_printf(sql, " FROM %s", sql_quote_ident(mem, ri->d->table));
  key_condition(sql, on, pl, true);
  sb_printf(sql, " ORDER BY %s COLLATE BINARY", on);
}

/* Relation rows joined to the entity keys they equal under SQLite's `=`
 * with the columns' affinities, tagged with that key and in its order. */
static void relation_by_entity_key(strbuf *sql, arena *mem, const program *p, int r, const plan *pl) {
  const relation_info *ri = p->relations.items[r];
  const char *key = sql_quote_ident(mem, p->entity->key);
  sb_printf(sql, "SELECT e.k");
  append_columns(sql, mem, p, r, "r.");
  sb_printf(sql, " FROM (SELECT DISTINCT %s COLLATE BINARY AS k FROM %s", key,
            sql_quote_ident(mem, p->entity->table));
  key_condition(sql, key, pl, true);
  sb_printf(sql, ") AS e JOIN %s AS r ON r.%s = e.k COLLATE BINARY ORDER BY e.k COLLATE BINARY",
            sql_quote_ident(mem, ri->d->table), sql_quote_ident(mem, ri->d->key));
}

static int plan_relation(plan *pl, sqlite3 *db, arena *mem, const program *p, int r, bool key_numeric) {
  const relation_info *ri = p->relations.items[r];
  strbuf sql;
  sb_init(&sql);
  if (column_has_numeric_affinity(db, ri->d->table, ri->d->key) == key_numeric)
    relation_by_own_key(&sql, mem, p, r, pl);
  else
    relation_by_entity_key(&sql, mem, p, r, pl);
  int rc = prepare(db, sql.data, &pl->relations[r].st);
  sb_free(&sql);
  pl->relations[r].columns = ri->column_count;
  return rc;
}

/* What previous() of each kind reads: ?1 the run, ?2 the name, ?3 the metric. */
static const char *previous_select(enum previous_kind kind) {
  switch (kind) {
  case PREV_TIER: return "SELECT account, tier FROM kam_tiers WHERE run_id = ?3 AND tiering = ?4";
  case PREV_SCORE: return "SELECT account, score FROM kam_scores WHERE run_id = ?3 AND scorecard = ?4";
  case PREV_STAGE: return "SELECT account, stage FROM kam_scores WHERE run_id = ?3 AND scorecard = ?4";
  case PREV_GRADE: return "SELECT account, grade FROM kam_scores WHERE run_id = ?3 AND scorecard = ?4";
  case PREV_METRIC:
    return "SELECT account, score FROM kam_metrics WHERE run_id = ?3 AND scorecard = ?4 AND metric = ?5";
  default: return "SELECT account, value FROM kam_outputs WHERE run_id = ?3 AND name = ?4";
  }
}

static int plan_previous(plan *pl, sqlite3 *runs_db, const program *p, int i, sqlite3_int64 run) {
  const previous_ref *ref = p->previous.items[i];
  stream *s = &pl->previous[i];
  strbuf sql;
  sb_init(&sql);
  sb_puts(&sql, previous_select(ref->kind));
  /* previous() may live in another database: a listed scan reads it whole */
  if (pl->scope == KEYS_ONE || pl->scope == KEYS_RANGE) key_condition(&sql, "account", pl, false);
  sb_puts(&sql, " ORDER BY account COLLATE BINARY");
  int rc = prepare(runs_db, sql.data, &s->st);
  sb_free(&sql);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(s->st, 3, run);
  sqlite3_bind_text(s->st, 4, ref->d->name, -1, SQLITE_STATIC);
  if (ref->m) sqlite3_bind_text(s->st, 5, ref->m->name, -1, SQLITE_STATIC);
  s->columns = 1;
  return SQLITE_OK;
}

/* Only open episodes are read (the partial index kam_episodes_open); the
 * snooze is the one of the episode's latest acknowledgement. */
int plan_episodes(plan *pl, sqlite3 *runs_db) {
  strbuf sql;
  sb_init(&sql);
  sb_puts(&sql, "SELECT e.account, e.alert, e.episode_id, e.opened_on, (SELECT k.snooze_until FROM kam_acks k"
                " WHERE k.episode_id = e.episode_id ORDER BY k.ack_id DESC LIMIT 1)"
                " FROM kam_alert_episodes e WHERE e.closed_run IS NULL");
  if (pl->scope == KEYS_ONE || pl->scope == KEYS_RANGE) key_condition(&sql, "e.account", pl, false);
  sb_puts(&sql, " ORDER BY e.account COLLATE BINARY");
  int rc = prepare(runs_db, sql.data, &pl->episodes.st);
  sb_free(&sql);
  pl->episodes.columns = 4;
  return rc;
}

static void for_each_stream(plan *pl, void (*fn)(stream *s, void *arg), void *arg) {
  fn(&pl->entity, arg);
  for (int r = 0; r < pl->relation_count; r++) fn(&pl->relations[r], arg);
  for (int i = 0; i < pl->previous_count; i++) fn(&pl->previous[i], arg);
  if (pl->episodes.st) fn(&pl->episodes, arg);
}

typedef struct bounds { const value *lo, *hi; } bounds;

static void rebind(stream *s, void *arg) {
  const bounds *b = arg;
  sqlite3_reset(s->st);
  bind_key(s->st, 1, b->lo);
  if (b->hi) bind_key(s->st, 2, b->hi);
  s->started = s->has_row = false;
}

void plan_set_keys(plan *pl, const value *lo, const value *hi) {
  bounds b = {lo, hi};
  for_each_stream(pl, rebind, &b);
}

value key_above_all(void) {
  value v = v_null();
  v.origin = 1;   /* bound as an empty blob, which SQLite sorts after every text */
  return v;
}

int plan_open(plan *pl, sqlite3 *db, sqlite3 *runs_db, sqlite3_int64 previous_run,
              arena *mem, const program *p, bool entity_has_rowid, enum key_scope scope,
              const char *listed) {
  memset(pl, 0, sizeof *pl);
  pl->scope = scope;
  pl->listed = listed;
  pl->relation_count = p->relations.count;
  pl->previous_count = previous_run > 0 ? p->previous.count : 0;
  pl->relations = arena_alloc(mem, sizeof(stream) * (size_t)(pl->relation_count + 1));
  pl->previous = arena_alloc(mem, sizeof(stream) * (size_t)(pl->previous_count + 1));
  int rc = plan_entity(pl, db, mem, p, entity_has_rowid);
  bool key_numeric = column_has_numeric_affinity(db, p->entity->table, p->entity->key);
  for (int r = 0; rc == SQLITE_OK && r < pl->relation_count; r++)
    rc = plan_relation(pl, db, mem, p, r, key_numeric);
  for (int i = 0; rc == SQLITE_OK && i < pl->previous_count; i++) {
    const previous_ref *ref = p->previous.items[i];   /* previous(X, N): N - 1 dates before that run */
    sqlite3_int64 run = previous_run;
    if (ref->back > 1) rc = results_run_back(runs_db, previous_run, ref->back - 1, &run);
    if (rc == SQLITE_OK) rc = plan_previous(pl, runs_db, p, i, run);
  }
  return rc;
}

void plan_close(plan *pl) {
  sqlite3_finalize(pl->entity.st);
  for (int r = 0; r < pl->relation_count; r++) sqlite3_finalize(pl->relations[r].st);
  for (int i = 0; i < pl->previous_count; i++) sqlite3_finalize(pl->previous[i].st);
  sqlite3_finalize(pl->episodes.st);
  memset(pl, 0, sizeof *pl);
}

/* --- keys and cells ------------------------------------------------------- */

value column_value(sqlite3_stmt *st, int i, arena *copy_into) {
  switch (sqlite3_column_type(st, i)) {
  case SQLITE_INTEGER: return v_int(sqlite3_column_int64(st, i));
  case SQLITE_FLOAT: return v_real(sqlite3_column_double(st, i));
  case SQLITE_NULL: return v_null();
  default: {   /* text, and blobs read as their bytes */
    const char *s = (const char *)sqlite3_column_text(st, i);
    int n = sqlite3_column_bytes(st, i);
    return v_text(copy_into ? arena_strndup(copy_into, s ? s : "", (size_t)n) : s, n);
  }
  }
}

/* SQLite's order: NULL < numbers < text; numbers by value, text by bytes. */
int key_compare(value a, value b) {
  int ra = a.type == V_NULL ? 0 : v_is_number(a) ? 1 : 2;
  int rb = b.type == V_NULL ? 0 : v_is_number(b) ? 1 : 2;
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 0) return 0;
  return value_compare(a, b);
}

int stream_step(stream *s) {
  int rc = sqlite3_step(s->st);
  s->has_row = rc == SQLITE_ROW;
  s->started = true;
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Moves past rows whose key sorts before `key`; leaves the stream on the
 * first row with a key >= `key`.  Returns an SQLite error code. */
int stream_seek(stream *s, value key) {
  if (!s->started) {
    int rc = stream_step(s);
    if (rc != SQLITE_OK) return rc;
  }
  while (s->has_row && key_compare(column_value(s->st, 0, NULL), key) < 0) {
    int rc = stream_step(s);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

bool stream_at(const stream *s, value key) {
  return s->has_row && key_compare(column_value(s->st, 0, NULL), key) == 0;
}
