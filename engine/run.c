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
#include "session.h"
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
  session ses;
  results res;
  emitter em;
  kam_run_summary *summary;
  bool writing;
} run;

/* --- warnings ---------------------------------------------------------------- */

static void record_warning(void *user, const char *rule, const char *message) {
  run *r = user;
  r->summary->warnings++;
  if (!r->writing) return;
  bind_value(r->res.warning, 2, r->ses.ev.key, r->prog);
  sqlite3_bind_text(r->res.warning, 3, rule, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(r->res.warning, 4, message, -1, SQLITE_TRANSIENT);
  results_step(r->res.warning);
}

/* --- the as-of date and the rule set's fingerprint ----------------------------- */

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
  int flags = (o->dry_run ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_NOMUTEX;
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

static int stream_subjects(run *r) {
  long total = r->opt->on_progress ? session_count(&r->ses) : 0, done = 0;
  bool loaded;
  int rc;
  while ((rc = session_next(&r->ses, &loaded)) == SQLITE_OK && loaded) {
    if ((rc = emit_subject(&r->em)) != SQLITE_OK) return rc;
    if (r->opt->on_progress && (++done % 4096 == 0 || done == total))
      r->opt->on_progress(done, total, r->opt->user);
  }
  if (r->opt->on_progress) r->opt->on_progress(total, total, r->opt->user);
  return rc;
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
  if (session_open(&r->ses, r->prog, r->db, r->out, previous, &r->rs->tree_mem, as_of,
                   record_warning, r) != SQLITE_OK)
    return db_error(r, r->db, "cannot read the data");
  emitter em = {.prog = r->prog, .ev = &r->ses.ev, .res = r->writing ? &r->res : NULL,
                .summary = r->summary, .format = r->opt->line_format, .on_line = r->opt->on_line,
                .user = r->opt->user,
                .lines = r->opt->on_line && r->opt->line_format != KAM_LINES_NONE};
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
  session_close(&r->ses);
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
  run r;
  memset(&r, 0, sizeof r);
  r.rs = rs;
  r.opt = opt;
  r.writing = !opt->dry_run;
  int64_t as_of;
  char as_of_text[11];
  if (!as_of_resolve(opt->as_of, &as_of, as_of_text)) {
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
