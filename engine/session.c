/*
 * session.c — streaming subjects: the entity table in key order, each
 * relation's rows and the previous run's values merge-joined by key, and
 * each subject's cells handed to the evaluator as stored (cells.c reads
 * them as their declared types on first use).
 */
#include "session.h"
#include "database.h"
#include "groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool entity_has_rowid(sqlite3 *db, const char *table) {
  sqlite3_stmt *st;
  const char *sql = "SELECT sql NOT LIKE '%WITHOUT ROWID%' AND type = 'table' FROM sqlite_schema WHERE name = ?1";
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return false;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  bool has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return has;
}

long session_count(session *r) {
  sqlite3_stmt *st;
  arena tmp;
  arena_init(&tmp);
  char *sql = arena_printf(&tmp, "SELECT count(*) FROM %s", sql_quote_ident(&tmp, r->prog->entity->table));
  long n = 0;
  if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = (long)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  arena_free(&tmp);
  return n;
}

/* --- one subject ----------------------------------------------------------------- */

static void load_entity(session *r) {
  evaluator *ev = &r->ev;
  sqlite3_stmt *st = r->pl.entity.st;
  for (int i = 0; i < r->prog->columns.count; i++) {
    const column_info *col = r->prog->columns.items[i];
    if (col->relation >= 0) continue;
    value v = column_value(st, col->slot + 1, &ev->scratch);
    ev->entity[col->slot] = eval_stored_cell(col, v);
  }
}

static void append_row(evaluator *ev, rel_rows *rows) {
  if (rows->count == rows->capacity) {
    rows->capacity = rows->capacity ? rows->capacity * 2 : 16;
    value *bigger = realloc(rows->cells, sizeof(value) * (size_t)rows->capacity * (size_t)(rows->columns + 1));
    if (!bigger) abort();
    rows->cells = bigger;
  }
  (void)ev;
  rows->count++;
}

static int load_relation(session *r, int rel) {
  evaluator *ev = &r->ev;
  stream *s = &r->pl.relations[rel];
  rel_rows *rows = &ev->relations[rel];
  rows->count = 0;
  int rc = stream_seek(s, ev->key);
  while (rc == SQLITE_OK && stream_at(s, ev->key)) {
    append_row(ev, rows);
    value *cells = rows->cells + (size_t)(rows->count - 1) * (size_t)rows->columns;
    for (int i = 0; i < r->prog->columns.count; i++) {
      const column_info *col = r->prog->columns.items[i];
      if (col->relation != rel) continue;
      value v = column_value(s->st, col->slot + 1, &ev->scratch);
      cells[col->slot] = eval_stored_cell(col, v);
    }
    rc = stream_step(s);
  }
  return rc;
}

static value previous_value(session *r, const previous_ref *ref, sqlite3_stmt *st) {
  value v = column_value(st, 1, &r->ev.scratch);
  if (ref->kind != PREV_TIER || v.type != V_TEXT) return v;
  for (int i = 0; i < ref->d->tiers.count; i++) {
    const tier *t = ref->d->tiers.items[i];
    if ((int)strlen(t->name) == v.u.t.n && memcmp(t->name, v.u.t.s, (size_t)v.u.t.n) == 0)
      return v_tier(ref->d->index, i);
  }
  return v_null();   /* a tier that no longer exists */
}

static int load_previous(session *r) {
  for (int i = 0; i < r->pl.previous_count; i++) {
    stream *s = &r->pl.previous[i];
    int rc = stream_seek(s, r->ev.key);
    if (rc != SQLITE_OK) return rc;
    r->ev.previous[i] = stream_at(s, r->ev.key) ? previous_value(r, r->prog->previous.items[i], s->st) : v_null();
  }
  return SQLITE_OK;
}

static int alert_index(const program *p, const unsigned char *name) {
  if (!name) return -1;
  for (int i = 0; i < p->alerts.count; i++)
    if (strcmp(((decl *)p->alerts.items[i])->name, (const char *)name) == 0) return i;
  return -1;   /* no longer declared: this run closes it */
}

static int64_t stored_date(sqlite3_stmt *st, int i, int64_t none) {
  int64_t days;
  const char *text = (const char *)sqlite3_column_text(st, i);
  return text && date_parse(text, (int)strlen(text), &days) ? days : none;
}

static int load_episodes(session *r) {
  evaluator *ev = &r->ev;
  memset(ev->episodes, 0, sizeof(open_episode) * (size_t)r->prog->alerts.count);
  ev->open_episode_count = 0;
  stream *s = &r->pl.episodes;
  if (!s->st) return SQLITE_OK;
  int rc = stream_seek(s, ev->key);
  while (rc == SQLITE_OK && stream_at(s, ev->key)) {
    ev->open_episode_count++;
    int i = alert_index(r->prog, sqlite3_column_text(s->st, 1));
    if (i >= 0) {
      ev->episodes[i].id = sqlite3_column_int64(s->st, 2);
      ev->episodes[i].opened_on = stored_date(s->st, 3, ev->as_of);
      ev->episodes[i].snooze_until = stored_date(s->st, 4, -1);
    }
    rc = stream_step(s);
  }
  return rc;
}

int session_track_episodes(session *s, sqlite3 *results, enum episode_mode mode) {
  s->ev.episode_mode = mode;
  if (mode != EPISODES_LIVE || !results || !db_has(results, "kam_alert_episodes", NULL)) return SQLITE_OK;
  return plan_episodes(&s->pl, results);
}

/* Null keys and repeated keys are skipped, each with a warning. */
static bool usable_key(session *r, value key) {
  const char *why = NULL;
  if (key.type == V_NULL) why = "has a null key";
  else if (r->last_key.type != V_NULL && key_compare(key, r->last_key) == 0) why = "repeats a key already seen";
  if (!why) return true;
  char msg[300];
  skipped_row_message(msg, sizeof msg, r->prog->entity->table, why, value_to_text(&r->ev, key, NULL));
  if (r->ev.warn) r->ev.warn(r->ev.warn_user, "entity", msg);
  return false;
}

void skipped_row_message(char *out, size_t size, const char *table, const char *why, const char *key) {
  snprintf(out, size, "a row of table %s %s (%.100s); it is skipped", table, why, key);
}

static void remember_key(session *r, value key) {
  free(r->last_key_text);
  r->last_key_text = NULL;
  r->last_key = key;
  if (key.type == V_TEXT) {
    r->last_key_text = malloc((size_t)key.u.t.n + 1);
    if (!r->last_key_text) abort();
    memcpy(r->last_key_text, key.u.t.s, (size_t)key.u.t.n);
    r->last_key.u.t.s = r->last_key_text;
  }
}

static int load_subject(session *r) {
  for (int rel = 0; rel < r->prog->relations.count; rel++) {
    int rc = load_relation(r, rel);
    if (rc != SQLITE_OK) return rc;
  }
  int rc = load_episodes(r);
  return rc == SQLITE_OK ? load_previous(r) : rc;
}

int session_groups(session *s, const value *record_for) {
  if (s->ev.groups || !s->prog->groups.count) return SQLITE_OK;
  int rc = groups_build(&s->own_groups, s->prog, s->db, s->results, s->previous_run, s->ev.as_of, record_for);
  s->ev.groups = s->own_groups;
  return rc;
}

int session_next(session *r, bool *loaded) {
  *loaded = false;
  if (!r->ev.groups && r->prog->groups.count) {
    int rc = session_groups(r, NULL);
    if (rc != SQLITE_OK) return rc;
  }
  for (;;) {
    int rc = sqlite3_step(r->pl.entity.st);
    if (rc == SQLITE_DONE) return SQLITE_OK;
    if (rc != SQLITE_ROW) return rc;
    evaluator *ev = &r->ev;
    eval_begin_subject(ev);
    value key = column_value(r->pl.entity.st, 0, &ev->scratch);
    ev->key = key;
    if (!usable_key(r, key)) continue;
    remember_key(r, key);
    load_entity(r);
    *loaded = true;
    return load_subject(r);
  }
}

static int open_scoped(session *s, const program *p, sqlite3 *db, sqlite3 *results,
                       sqlite3_int64 previous_run, arena *mem, int64_t as_of,
                       warning_sink warn, void *warn_user, enum key_scope scope, const char *listed) {
  memset(s, 0, sizeof *s);
  s->prog = p;
  s->db = db;
  eval_init(&s->ev, p);
  s->ev.as_of = as_of;
  s->ev.warn = warn;
  s->ev.warn_user = warn_user;
  s->open = true;
  s->results = results;
  s->previous_run = previous_run;
  return plan_open(&s->pl, db, results, previous_run, mem, p,
                   entity_has_rowid(db, p->entity->table), scope, listed);
}

int session_open(session *s, const program *p, sqlite3 *db, sqlite3 *results,
                 sqlite3_int64 previous_run, arena *mem, int64_t as_of,
                 warning_sink warn, void *warn_user, enum key_scope scope) {
  return open_scoped(s, p, db, results, previous_run, mem, as_of, warn, warn_user, scope, NULL);
}

int session_open_listed(session *s, const program *p, sqlite3 *db, sqlite3 *results,
                        sqlite3_int64 previous_run, arena *mem, int64_t as_of, const char *listed) {
  return open_scoped(s, p, db, results, previous_run, mem, as_of, NULL, NULL, KEYS_LISTED, listed);
}

void session_set_keys(session *s, const value *lo, const value *hi) { plan_set_keys(&s->pl, lo, hi); }

void session_close(session *s) {
  if (!s->open) return;
  plan_close(&s->pl);
  eval_free(&s->ev);
  free(s->last_key_text);
  groups_free(s->own_groups);
  s->own_groups = NULL;
  s->open = false;
}

