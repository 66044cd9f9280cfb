/*
 * run.c — kam_run: the batch driver.
 *
 * Opens the databases (the source read-only unless results go into it),
 * checks the rules against the schema, then streams the entity table in
 * key order, merge-joining each relation's rows and the previous run's
 * values, evaluates each subject and hands it to emit.c, all inside one
 * transaction: a run is stored whole or not at all.
 */
#include "emit.h"
#include "plan.h"
#include "ruleset.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct run {
  kam_ruleset *rs;
  const program *prog;
  const kam_run_options *opt;
  sqlite3 *db, *out;          /* out == db when results go into the source */
  plan pl;
  results res;
  evaluator ev;
  emitter em;
  kam_run_summary *summary;
  bool writing;
  value last_key;             /* to skip repeated keys */
  char *last_key_text;
} run;

/* --- warnings ---------------------------------------------------------------- */

static void record_warning(void *user, const char *rule, const char *message) {
  run *r = user;
  r->summary->warnings++;
  if (!r->writing) return;
  bind_value(r->res.warning, 2, r->ev.key, r->prog);
  sqlite3_bind_text(r->res.warning, 3, rule, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(r->res.warning, 4, message, -1, SQLITE_TRANSIENT);
  results_step(r->res.warning);
}

/* --- the as-of date and the rule set's fingerprint ----------------------------- */

static bool resolve_as_of(const char *text, int64_t *days, char out[11]) {
  if (!text) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, days) &&
           (date_format(*days, out), true);
  }
  if (strlen(text) != 10 || !date_parse(text, 10, days)) return false;
  date_format(*days, out);
  return true;
}

static void fingerprint(const source_set *src, char sha[65], strbuf *files) {
  sha256 h;
  sha256_init(&h);
  sb_putc(files, '[');
  for (int i = 0; i < src->file_count; i++) {
    const source_file *f = src->files[i];
    sha256_update(&h, f->name, strlen(f->name) + 1);
    sha256_update(&h, f->text, (size_t)f->length);
    if (i) sb_putc(files, ',');
    sb_json_string(files, f->name, strlen(f->name));
  }
  sb_putc(files, ']');
  sha256_hex(&h, sha);
}

/* --- databases ---------------------------------------------------------------- */

static int db_error(run *r, sqlite3 *db, const char *doing) {
  int code = sqlite3_extended_errcode(db);
  const char *hint = "";
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    hint = " (another process holds a lock on the database; try again later or raise --busy-timeout)";
  else if ((code & 0xff) == SQLITE_READONLY)
    hint = " (the database or its directory is read-only; write the results elsewhere with --out)";
  else if ((code & 0xff) == SQLITE_FULL)
    hint = " (the disk or the database's page limit is full; nothing of this run was stored)";
  diag_plain(&r->rs->src, KAM_DIAG_ERROR, "%s: %s%s", doing, sqlite3_errmsg(db), hint);
  return KAM_ERR_DB;
}

static int open_results_db(run *r) {
  const kam_run_options *o = r->opt;
  if (!o->out_path) {
    r->out = r->db;
    return KAM_OK;
  }
  int flags = o->dry_run ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (o->dry_run && open_existing_db(&r->rs->src, o->out_path, false, o->busy_timeout_ms, &r->out) != KAM_OK) {
    r->rs->src.diag_count--;   /* a dry run without an earlier results file is fine */
    r->rs->src.errors--;
    r->out = NULL;
    return KAM_OK;
  }
  if (o->dry_run) return KAM_OK;
  if (sqlite3_open_v2(o->out_path, &r->out, flags, NULL) != SQLITE_OK) {
    int rc = db_error(r, r->out, o->out_path);
    sqlite3_close(r->out);
    r->out = NULL;
    return rc;
  }
  sqlite3_busy_timeout(r->out, o->busy_timeout_ms > 0 ? o->busy_timeout_ms : 5000);
  return KAM_OK;
}

static bool entity_has_rowid(sqlite3 *db, const char *table) {
  sqlite3_stmt *st;
  const char *sql = "SELECT sql NOT LIKE '%WITHOUT ROWID%' AND type = 'table' FROM sqlite_schema WHERE name = ?1";
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return false;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  bool has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return has;
}

static long count_subjects(run *r) {
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

static void load_entity(run *r) {
  evaluator *ev = &r->ev;
  sqlite3_stmt *st = r->pl.entity.st;
  for (int i = 0; i < r->prog->columns.count; i++) {
    const column_info *col = r->prog->columns.items[i];
    if (col->relation >= 0) continue;
    value v = column_value(st, col->slot + 1, &ev->scratch);
    ev->entity[col->slot] = eval_read_cell(ev, col, v, -1);
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

static int load_relation(run *r, int rel) {
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
      cells[col->slot] = eval_read_cell(ev, col, v, rows->count - 1);
    }
    rc = stream_step(s);
  }
  return rc;
}

static value previous_value(run *r, const previous_ref *ref, sqlite3_stmt *st) {
  value v = column_value(st, 1, &r->ev.scratch);
  if (ref->kind != PREV_TIER || v.type != V_TEXT) return v;
  for (int i = 0; i < ref->d->tiers.count; i++) {
    const tier *t = ref->d->tiers.items[i];
    if ((int)strlen(t->name) == v.u.t.n && memcmp(t->name, v.u.t.s, (size_t)v.u.t.n) == 0)
      return v_tier(ref->d->index, i);
  }
  return v_null();   /* a tier that no longer exists */
}

static int load_previous(run *r) {
  for (int i = 0; i < r->pl.previous_count; i++) {
    stream *s = &r->pl.previous[i];
    int rc = stream_seek(s, r->ev.key);
    if (rc != SQLITE_OK) return rc;
    r->ev.previous[i] = stream_at(s, r->ev.key) ? previous_value(r, r->prog->previous.items[i], s->st) : v_null();
  }
  return SQLITE_OK;
}

/* Null keys and repeated keys are skipped, each with a warning. */
static bool usable_key(run *r, value key) {
  const char *why = NULL;
  if (key.type == V_NULL) why = "has a null key";
  else if (r->last_key.type != V_NULL && key_compare(key, r->last_key) == 0) why = "repeats a key already seen";
  if (!why) return true;
  char msg[300];
  snprintf(msg, sizeof msg, "a row of table %s %s (%.100s); it is skipped", r->prog->entity->table, why,
           value_to_text(&r->ev, key, NULL));
  record_warning(r, "entity", msg);
  return false;
}

static void remember_key(run *r, value key) {
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

static int evaluate_subject(run *r) {
  evaluator *ev = &r->ev;
  eval_begin_subject(ev);
  value key = column_value(r->pl.entity.st, 0, &ev->scratch);
  ev->key = key;
  if (!usable_key(r, key)) return SQLITE_OK;
  remember_key(r, key);
  load_entity(r);
  for (int rel = 0; rel < r->prog->relations.count; rel++) {
    int rc = load_relation(r, rel);
    if (rc != SQLITE_OK) return rc;
  }
  int rc = load_previous(r);
  return rc == SQLITE_OK ? emit_subject(&r->em) : rc;
}

static int stream_subjects(run *r) {
  long total = r->opt->on_progress ? count_subjects(r) : 0, done = 0;
  int rc;
  while ((rc = sqlite3_step(r->pl.entity.st)) == SQLITE_ROW) {
    int erc = evaluate_subject(r);
    if (erc != SQLITE_OK) return erc;
    if (r->opt->on_progress && (++done % 4096 == 0 || done == total))
      r->opt->on_progress(done, total, r->opt->user);
  }
  if (r->opt->on_progress) r->opt->on_progress(total, total, r->opt->user);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* --- the whole run ---------------------------------------------------------------- */

static int prepare(run *r, int64_t as_of, const char *as_of_text) {
  sqlite3_int64 previous = r->out ? results_previous_run(r->out) : 0;
  if (r->writing) {
    char sha[65];
    strbuf files;
    sb_init(&files);
    fingerprint(&r->rs->src, sha, &files);
    int rc = results_begin(&r->res, r->out, as_of_text, sha, files.data);
    sb_free(&files);
    if (rc != SQLITE_OK) return db_error(r, r->out, "cannot start writing the results");
  }
  eval_init(&r->ev, r->prog);
  r->ev.as_of = as_of;
  r->ev.warn = record_warning;
  r->ev.warn_user = r;
  if (plan_open(&r->pl, r->db, r->out, previous, &r->rs->tree_mem, r->prog,
                entity_has_rowid(r->db, r->prog->entity->table)) != SQLITE_OK)
    return db_error(r, r->db, "cannot read the data");
  emitter em = {r->prog, &r->ev, r->writing ? &r->res : NULL, r->summary,
                r->opt->line_format, r->opt->on_line, r->opt->user};
  r->em = em;
  return KAM_OK;
}

static int execute(run *r) {
  if (r->opt->line_format == KAM_LINES_CSV && r->opt->on_line) emit_csv_header(&r->em);
  if (stream_subjects(r) != SQLITE_OK) return db_error(r, r->writing ? r->out : r->db, "the run failed");
  if (r->writing) {
    r->summary->run_id = (long)r->res.run_id;
    if (results_commit(&r->res, r->summary->accounts, r->summary->alerts, r->summary->warnings) != SQLITE_OK) {
      r->summary->run_id = 0;
      return db_error(r, r->out, "cannot store the run");
    }
  }
  return KAM_OK;
}

static void finish(run *r) {
  plan_close(&r->pl);
  if (r->res.open || r->res.tier) results_abort(&r->res);
  if (r->prog) eval_free(&r->ev);
  free(r->last_key_text);
  if (r->out && r->out != r->db) sqlite3_close(r->out);
  sqlite3_close(r->db);
}

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int kam_run(kam_ruleset *rs, const kam_run_options *opt, kam_run_summary **summary) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  if (summary) *summary = NULL;
  run r;
  memset(&r, 0, sizeof r);
  r.rs = rs;
  r.opt = opt;
  r.writing = !opt->dry_run;
  int64_t as_of;
  char as_of_text[11];
  if (!resolve_as_of(opt->as_of, &as_of, as_of_text)) {
    diag_plain(&rs->src, KAM_DIAG_ERROR, "--as-of '%s' is not a date (YYYY-MM-DD)", opt->as_of);
    return KAM_ERR_USAGE;
  }
  if (!opt->db_path) {
    diag_plain(&rs->src, KAM_DIAG_ERROR, "a run needs a database");
    return KAM_ERR_USAGE;
  }
  bool source_writable = r.writing && !opt->out_path;
  int status = open_existing_db(&rs->src, opt->db_path, source_writable, opt->busy_timeout_ms, &r.db);
  if (status == KAM_OK) status = ruleset_check_with(rs, r.db);
  if (status == KAM_OK) {
    r.prog = &rs->prog;
    r.summary = summary_new(r.prog);
    memcpy(r.summary->as_of, as_of_text, 11);
    status = open_results_db(&r);
  }
  if (status == KAM_OK) status = prepare(&r, as_of, as_of_text);
  if (status == KAM_OK) status = execute(&r);
  finish(&r);
  if (status != KAM_OK) {
    kam_run_summary_free(r.summary);
    return status;
  }
  r.summary->seconds = seconds_since(&start);
  summary_render(r.summary);
  if (summary) *summary = r.summary;
  else kam_run_summary_free(r.summary);
  return KAM_OK;
}
