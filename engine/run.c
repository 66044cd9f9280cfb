/*
 * run.c — kam_run: the batch driver.
 *
 * Opens the databases (the source read-only unless results go into it),
 * checks the rules against the schema, and evaluates every subject —
 * serially here, or across threads (parallel.c) — with rows gathered in
 * batches and written in key order inside one transaction: a run is stored
 * whole or not at all.
 */
#include "run.h"
#include "groups.h"
#include "ruleset.h"
#include "sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct run {
  kam_ruleset *rs;
  const kam_run_options *opt;
  sqlite3 *db, *out;          /* out == db when results go into the source */
  results res;
  run_context ctx;
  kam_run_summary *summary;
  bool writing;
} run;

/* --- warnings and batches ---------------------------------------------------------- */

void run_warning(batch *b, kam_run_summary *summary, const program *p, value key,
                 const char *rule, const char *message) {
  summary->warnings++;
  value row[] = {key, v_text(rule, (int)strlen(rule)), v_text(message, (int)strlen(message))};
  batch_row(b, ROW_WARNING, row, 3, p);
}

int run_write(run_context *ctx, const batch *b) {
  return batch_replay(b, ctx->res, ctx->opt->on_line, ctx->opt->user);
}

/* --- one thread ------------------------------------------------------------------------ */

typedef struct serial {
  run_context *ctx;
  batch pending;
  session ses;
} serial;

static void serial_warning(void *user, const char *rule, const char *message) {
  serial *s = user;
  run_warning(&s->pending, s->ctx->summary, s->ctx->prog, s->ses.ev.key, rule, message);
}

enum { FLUSH_EVERY = 512 };   /* subjects per batch written */

int run_serial(run_context *ctx) {
  serial s = {.ctx = ctx};
  batch_init(&s.pending);
  int rc = session_open(&s.ses, ctx->prog, ctx->db, ctx->out, ctx->previous_run, ctx->mem, ctx->as_of,
                        serial_warning, &s, KEYS_ALL);
  s.ses.ev.groups = ctx->groups;
  if (rc == SQLITE_OK) rc = session_track_episodes(&s.ses, ctx->out, ctx->episode_mode);
  emitter em = {.prog = ctx->prog, .ev = &s.ses.ev, .out = &s.pending, .store = ctx->res != NULL,
                .summary = ctx->summary, .format = ctx->opt->line_format, .lines = ctx->lines};
  if (rc == SQLITE_OK && ctx->lines && ctx->opt->line_format == KAM_LINES_CSV) emit_csv_header(&em);
  long total = ctx->opt->on_progress ? session_count(&s.ses) : 0, done = 0;
  bool loaded;
  while (rc == SQLITE_OK && (rc = session_next(&s.ses, &loaded)) == SQLITE_OK && loaded) {
    emit_subject(&em);
    if (++done % FLUSH_EVERY) continue;
    rc = run_write(ctx, &s.pending);
    batch_clear(&s.pending);
    if (ctx->opt->on_progress) ctx->opt->on_progress(done, total, ctx->opt->user);
  }
  if (rc == SQLITE_OK) rc = run_write(ctx, &s.pending);
  if (ctx->opt->on_progress) ctx->opt->on_progress(total, total, ctx->opt->user);
  session_close(&s.ses);
  batch_free(&s.pending);
  return rc;
}

/* --- the rule set's fingerprint ------------------------------------------------------ */

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

/* --- databases ---------------------------------------------------------------------- */

static int db_error(run *r, sqlite3 *db, const char *doing) {
  const char *message = r->res.error[0] ? r->res.error : sqlite3_errmsg(db);
  diag_plain(&r->rs->src, KAM_DIAG_ERROR, "%s: %s%s", doing, message,
             db_error_hint_for(r->res.error[0] ? r->res.error_code : sqlite3_errcode(db)));
  return KAM_ERR_DB;
}

static int open_results_db(run *r) {
  const kam_run_options *o = r->opt;
  if (!o->out_path) {
    r->out = r->db;
    return KAM_OK;
  }
  if (o->dry_run) {   /* only previous() reads it; a dry run without one is fine */
    if (access(o->out_path, F_OK) == 0 &&
        open_existing_db(&r->rs->src, o->out_path, false, o->busy_timeout_ms, &r->out) != KAM_OK)
      return KAM_ERR_DB;
    return KAM_OK;
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(o->out_path, &r->out, flags, NULL) != SQLITE_OK) {
    int rc = db_error(r, r->out, o->out_path);
    sqlite3_close(r->out);
    r->out = NULL;
    return rc;
  }
  sqlite3_busy_timeout(r->out, o->busy_timeout_ms > 0 ? o->busy_timeout_ms : 5000);
  db_confine(r->out);
  return KAM_OK;
}

/* Fault injection for tests: KAM_MAX_PAGE_COUNT caps the results database
 * (PRAGMA max_page_count), so a full disk can be tested without one. */
static void apply_page_limit(sqlite3 *db) {
  const char *limit = getenv("KAM_MAX_PAGE_COUNT");
  if (!db || !limit || !*limit) return;
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA max_page_count = %ld", strtol(limit, NULL, 10));
  sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* --- the whole run ------------------------------------------------------------------------ */

/* Opens the run's write transaction (BEGIN IMMEDIATE) with its kam_runs row. */
static int begin_writing(run *r, const char *as_of_text, bool staged) {
  char sha[65];
  strbuf files;
  sb_init(&files);
  fingerprint(&r->rs->src, sha, &files);
  int rc = results_begin(&r->res, r->out, as_of_text, sha, files.data, staged);
  if (rc == SQLITE_OK) rc = results_declarations(&r->res, &r->rs->prog);
  sb_free(&files);
  return rc;
}

static int execute(run *r, int64_t as_of, const char *as_of_text) {
  run_context ctx = {.prog = &r->rs->prog, .opt = r->opt, .db = r->db, .out = r->out,
                     .res = r->writing ? &r->res : NULL, .as_of = as_of, .mem = &r->rs->tree_mem,
                     .summary = r->summary,
                     .lines = r->opt->on_line && r->opt->line_format != KAM_LINES_NONE};
  r->ctx = ctx;
  int jobs = parallel_jobs(&r->rs->src, r->opt->jobs);
  chunk_plan chunks = {0};
  if (jobs > 1 && parallel_chunks(&r->ctx, jobs, &chunks) != SQLITE_OK)
    return db_error(r, r->db, "cannot read the data");
  bool parallel = chunks.count > 0;
  if (r->writing && begin_writing(r, as_of_text, parallel) != SQLITE_OK)
    return db_error(r, r->out, "cannot start writing the results");
  /* Chosen inside the write transaction: a run writing concurrently waits
   * for this one's commit and then builds on it, never on the same run. */
  if (r->out && (results_previous_run(r->out, as_of_text, &r->ctx.previous_run) != SQLITE_OK ||
                 results_episode_mode(r->out, as_of_text, &r->ctx.episode_mode) != SQLITE_OK))
    return db_error(r, r->out, "cannot read the previous runs");
  if (!r->out) r->ctx.episode_mode = EPISODES_LIVE;   /* a dry run without results: every alert is new */
  r->res.episodes = r->ctx.episode_mode;
  /* The group pass comes before the key range is split, so no chunk cuts a group. */
  group_table *groups = NULL;
  int rc = groups_build(&groups, r->ctx.prog, r->db, r->out, r->ctx.previous_run, as_of, NULL);
  r->ctx.groups = groups;
  if (rc == SQLITE_OK) rc = parallel ? run_parallel(&r->ctx, jobs, &chunks) : run_serial(&r->ctx);
  if (groups) summary_set_groups(r->summary, groups->count, groups->grouped, groups->largest);
  groups_free(groups);
  if (rc != SQLITE_OK) return db_error(r, r->writing ? r->out : r->db, "the run failed");
  if (!r->writing) return KAM_OK;
  r->summary->run_id = (long)r->res.run_id;
  if (results_commit(&r->res, r->summary->accounts, r->summary->alerts, r->summary->warnings) != SQLITE_OK) {
    r->summary->run_id = 0;
    return db_error(r, r->out, "cannot store the run");
  }
  if (r->ctx.episode_mode == EPISODES_LIVE) r->summary->episodes_closed = r->res.episodes_closed;
  return KAM_OK;
}

static void finish(run *r) {
  if (r->res.open || r->res.tier) results_abort(&r->res);
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
  run r = {.rs = rs, .opt = opt, .writing = !opt->dry_run};
  int64_t as_of;
  char as_of_text[11];
  if (!as_of_or_error(&rs->src, opt->as_of, &as_of, as_of_text)) return KAM_ERR_USAGE;
  if (!opt->db_path) {
    diag_plain(&rs->src, KAM_DIAG_ERROR, "a run needs a database");
    return KAM_ERR_USAGE;
  }
  bool source_writable = r.writing && !opt->out_path;
  int status = open_existing_db(&rs->src, opt->db_path, source_writable, opt->busy_timeout_ms, &r.db);
  if (status == KAM_OK) status = ruleset_check_with(rs, r.db);
  if (status == KAM_OK) {
    r.summary = summary_new(&rs->prog);
    memcpy(r.summary->as_of, as_of_text, 11);
    status = open_results_db(&r);
  }
  if (status == KAM_OK && r.writing) apply_page_limit(r.out);
  if (status == KAM_OK) status = execute(&r, as_of, as_of_text);
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
