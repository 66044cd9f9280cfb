/*
 * test.c — kam test: the rule set's own `test` blocks.
 *
 * Each test gets a private in-memory SQLite database holding only its rows
 * (a bound table with no rows is empty), typed from --db's schema when one
 * is given (or the rule set's reference schema), else from the values written.  The rules then run through the
 * same session and evaluator as kam run, and each expectation is checked
 * for its subject: the test's first entity row, or `expect for KEY`.
 */
#include "ruleset.h"
#include "results.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

typedef struct test_table {
  const char *name;
  ptr_vec columns;      /* char* */
  ptr_vec types;        /* char*: declared type per column */
} test_table;

typedef struct tester {
  kam_ruleset *rs;
  const program *prog;
  const db_schema *schema;   /* --db's or the reference schema's, or NULL */
  arena mem;                 /* per test */
  evaluator consts;          /* evaluates the rows' literal values */
  strbuf failures;
  int failed_expects;
  coverage *cov;             /* --coverage, else NULL */
  strbuf subject_warnings;   /* the data warnings of the subject being checked */
} tester;

/* --- the tables a test writes --------------------------------------------- */

static test_table *table_named(tester *t, ptr_vec *tables, const char *name) {
  for (int i = 0; i < tables->count; i++) {
    test_table *tt = tables->items[i];
    if (strcasecmp(tt->name, name) == 0) return tt;
  }
  test_table *tt = arena_alloc(&t->mem, sizeof *tt);
  tt->name = name;
  ptr_vec_push(&t->mem, tables, tt);
  return tt;
}

static void add_column(tester *t, test_table *tt, const char *column, const char *type) {
  for (int i = 0; i < tt->columns.count; i++)
    if (strcasecmp(tt->columns.items[i], column) == 0) {
      if (!*(char *)tt->types.items[i]) tt->types.items[i] = (void *)type;
      return;
    }
  ptr_vec_push(&t->mem, &tt->columns, (void *)column);
  ptr_vec_push(&t->mem, &tt->types, (void *)type);
}

static const char *type_of_value(value v) {
  switch (v.type) {
  case V_INT: case V_BOOL: return "INTEGER";
  case V_REAL: return "REAL";
  case V_DATE: return "DATE";
  case V_NULL: return "";
  default: return "TEXT";
  }
}

/* Every bound table, with the columns the rules read and the rows write. */
static void collect_tables(tester *t, const decl *test, ptr_vec *tables) {
  const program *p = t->prog;
  test_table *entity = table_named(t, tables, p->entity->table);
  add_column(t, entity, p->entity->key, "");
  for (int i = 0; i < p->relations.count; i++) {
    const decl *r = ((relation_info *)p->relations.items[i])->d;
    add_column(t, table_named(t, tables, r->table), r->key, "");
  }
  for (int i = 0; i < p->columns.count; i++) {
    const column_info *col = p->columns.items[i];
    add_column(t, table_named(t, tables, col->table), col->name, "");
  }
  for (int i = 0; i < test->rows.count; i++) {
    const test_row *row = test->rows.items[i];
    test_table *tt = table_named(t, tables, row->table);
    for (int k = 0; k < row->fields.count; k++) {
      const test_field *f = row->fields.items[k];
      add_column(t, tt, f->column, type_of_value(eval_expr(&t->consts, f->value)));
    }
  }
}

static int create_table(tester *t, sqlite3 *db, const test_table *tt) {
  const db_table *known = t->schema ? schema_table(t->schema, tt->name) : NULL;
  strbuf sql;
  sb_init(&sql);
  sb_printf(&sql, "CREATE TABLE %s (", sql_quote_ident(&t->mem, tt->name));
  if (known) {
    for (int i = 0; i < known->column_count; i++)
      sb_printf(&sql, "%s%s %s", i ? ", " : "", sql_quote_ident(&t->mem, known->columns[i].name),
                known->columns[i].declared_type);
  } else {
    for (int i = 0; i < tt->columns.count; i++)
      sb_printf(&sql, "%s%s %s", i ? ", " : "", sql_quote_ident(&t->mem, tt->columns.items[i]),
                (const char *)tt->types.items[i]);
  }
  sb_puts(&sql, ")");
  int rc = sqlite3_exec(db, sql.data, NULL, NULL, NULL);
  sb_free(&sql);
  return rc;
}

static void bind_literal(tester *t, sqlite3_stmt *st, int i, value v) {
  char date[11];
  if (v.type == V_DATE) {
    date_format(v.u.i, date);
    sqlite3_bind_text(st, i, date, 10, SQLITE_TRANSIENT);
  } else {
    bind_value(st, i, v, t->prog);
  }
}

static int insert_row(tester *t, sqlite3 *db, const test_row *row) {
  strbuf sql;
  sb_init(&sql);
  sb_printf(&sql, "INSERT INTO %s (", sql_quote_ident(&t->mem, row->table));
  for (int i = 0; i < row->fields.count; i++)
    sb_printf(&sql, "%s%s", i ? ", " : "", sql_quote_ident(&t->mem, ((test_field *)row->fields.items[i])->column));
  sb_puts(&sql, row->fields.count ? ") VALUES (" : ") DEFAULT VALUES");
  for (int i = 0; i < row->fields.count; i++) sb_printf(&sql, "%s?", i ? ", " : "");
  if (row->fields.count) sb_puts(&sql, ")");
  if (!row->fields.count) {   /* "INSERT INTO t () DEFAULT VALUES" is not SQL */
    sql.len = 0;
    sb_printf(&sql, "INSERT INTO %s DEFAULT VALUES", sql_quote_ident(&t->mem, row->table));
  }
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql.data, -1, &st, NULL);
  sb_free(&sql);
  if (rc != SQLITE_OK) return rc;
  for (int i = 0; i < row->fields.count; i++)
    bind_literal(t, st, i + 1, eval_expr(&t->consts, ((test_field *)row->fields.items[i])->value));
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* --- expectations --------------------------------------------------------------- */

static const char *expect_text(tester *t, const test_expect *x) {
  int n;
  const char *s = span_text(&t->rs->src, x->span, &n);
  return arena_strndup(&t->mem, s, (size_t)n);
}

/* For a comparison, the value of the side being tested says most. */
static void describe_actual(evaluator *ev, const expr *e, strbuf *out) {
  const expr *subject = e;
  if ((e->kind == E_BINARY && e->binop >= OP_EQ && e->binop != OP_AND && e->binop != OP_OR) ||
      e->kind == E_BETWEEN || e->kind == E_IN || e->kind == E_IS_NULL)
    subject = e->a;
  value v = eval_expr(ev, subject);
  if (subject == e) {
    int truth = eval_truth(ev, e);
    sb_puts(out, truth < 0 ? "it is null" : "it is false");
    return;
  }
  sb_printf(out, "it is %s", value_to_text(ev, v, NULL));
}

static void check_expect(tester *t, const decl *test, const test_expect *x, evaluator *ev) {
  bool ok;
  strbuf actual;
  sb_init(&actual);
  if (x->kind == EXPECT_TRUE) {
    ok = eval_truth(ev, x->value) == 1;
    if (!ok) describe_actual(ev, x->value, &actual);
  } else {
    bool fired = x->alert_decl && eval_decl(ev, x->alert_decl).u.i == 1;
    ok = fired == (x->kind == EXPECT_ALERT);
    if (!ok) sb_puts(&actual, fired ? "it fired" : "it did not fire");
    if (!ok && fired) sb_printf(&actual, ": \"%s\"", eval_message(ev, x->alert_decl));
  }
  if (!ok) {
    const source_file *f = t->rs->src.files[x->span.file];
    sb_printf(&t->failures, "%s:%d: test \"%s\": %s\n    but %s (account %s)\n", f->name,
              span_line(&t->rs->src, x->span),
              test->name, expect_text(t, x), actual.data, value_to_text(ev, ev->key, NULL));
    if (t->subject_warnings.len)   /* the test's own rows may be why */
      sb_printf(&t->failures, "    data warnings for this account:\n%s", t->subject_warnings.data);
    t->failed_expects++;
  }
  sb_free(&actual);
}

static bool targets(evaluator *consts, const test_expect *x, value first_key, value key) {
  value want = x->for_key ? eval_expr(consts, x->for_key) : first_key;
  return key_compare(want, key) == 0;
}

static void keep_warning(void *user, const char *rule, const char *message) {
  tester *t = user;
  sb_printf(&t->subject_warnings, "      %s: %s\n", rule, message);
}

/* With --coverage every declaration is evaluated for every subject, as a
 * run would, so what the tests exercise does not depend on what they expect. */
static void cover_subject(tester *t, evaluator *ev) {
  const program *p = t->prog;
  const ptr_vec *kinds[] = {&p->tierings, &p->scorecards, &p->outputs, &p->lets};
  for (int k = 0; k < 4; k++)
    for (int i = 0; i < kinds[k]->count; i++) eval_decl(ev, kinds[k]->items[i]);
  for (int i = 0; i < p->alerts.count; i++) {
    decl *a = p->alerts.items[i];
    bool fired = eval_decl(ev, a).u.i == 1;
    coverage_mark(t->cov, fired ? coverage_alert_fired(a) : coverage_alert_quiet(a));
    if (fired) eval_message(ev, a);
  }
}

/* --- earlier runs: previous DATE { account: KEY, NAME: value, ... } ---------------------- */

/* The run of that date, made on first use (status ok, as kam run leaves it). */
static int run_of_date(sqlite3 *db, int64_t on, sqlite3_int64 *run) {
  *run = 0;
  char date[11];
  date_format(on, date);
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, "SELECT run_id FROM kam_runs WHERE as_of = ?1", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(st);
  *run = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  if (*run) return SQLITE_OK;
  rc = sqlite3_prepare_v2(db, "INSERT INTO kam_runs (as_of, status) VALUES (?1, 'ok')", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
  sqlite3_finalize(st);
  *run = sqlite3_last_insert_rowid(db);
  return rc;
}

/* The tiering, scorecard or output a field of an earlier run names. */
static decl *stored_declaration(const program *p, const char *name) {
  const ptr_vec *kinds[] = {&p->tierings, &p->scorecards, &p->outputs};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < kinds[k]->count; i++)
      if (strcmp(((decl *)kinds[k]->items[i])->name, name) == 0) return kinds[k]->items[i];
  return NULL;
}

/* One stored value: a tier, a score or an output, where previous() reads it. */
static int store_previous_value(tester *t, sqlite3 *db, sqlite3_int64 run, value account, const decl *d, value v) {
  const char *sql = d->kind == D_TIERING ? "INSERT INTO kam_tiers (run_id, account, tiering, tier) VALUES (?1, ?2, ?3, ?4)"
                  : d->kind == D_SCORECARD ? "INSERT INTO kam_scores (run_id, account, scorecard, score) VALUES (?1, ?2, ?3, ?4)"
                                           : "INSERT INTO kam_outputs (run_id, account, name, value) VALUES (?1, ?2, ?3, ?4)";
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_int64(st, 1, run);
  bind_literal(t, st, 2, account);
  sqlite3_bind_text(st, 3, d->name, -1, SQLITE_STATIC);
  bind_literal(t, st, 4, v);
  rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
  sqlite3_finalize(st);
  return rc;
}

static int store_previous_row(tester *t, sqlite3 *db, const test_row *row) {
  sqlite3_int64 run = 0;
  int rc = run_of_date(db, row->on, &run);
  value account = v_null();
  for (int i = 0; i < row->fields.count; i++) {
    const test_field *f = row->fields.items[i];
    if (strcmp(f->column, "account") == 0) account = eval_expr(&t->consts, f->value);
  }
  for (int i = 0; rc == SQLITE_OK && i < row->fields.count; i++) {
    const test_field *f = row->fields.items[i];
    decl *d = strcmp(f->column, "account") == 0 ? NULL : stored_declaration(t->prog, f->column);
    if (d) rc = store_previous_value(t, db, run, account, d, eval_expr(&t->consts, f->value));
  }
  return rc;
}

/* The results tables of kam run, holding the test's earlier runs; *previous is
 * the run previous() then reads, chosen as kam run chooses it. */
static int store_previous_runs(tester *t, const decl *test, sqlite3 *db, int64_t as_of, sqlite3_int64 *previous) {
  *previous = 0;
  if (!test->previous_rows.count) return SQLITE_OK;
  int rc = sqlite3_exec(db, results_schema_sql(), NULL, NULL, NULL);
  for (int i = 0; rc == SQLITE_OK && i < test->previous_rows.count; i++)
    rc = store_previous_row(t, db, test->previous_rows.items[i]);
  char date[11];
  date_format(as_of, date);
  return rc == SQLITE_OK ? results_previous_run(db, date, previous) : rc;
}

static int run_expectations(tester *t, const decl *test, sqlite3 *db, int64_t as_of, value first_key) {
  session s;
  sqlite3_int64 previous;
  int rc = store_previous_runs(t, test, db, as_of, &previous);
  if (rc != SQLITE_OK) return rc;
  rc = session_open(&s, t->prog, db, previous ? db : NULL, previous, &t->mem, as_of, keep_warning, t, KEYS_ALL);
  s.ev.cov = t->cov;
  bool loaded;
  bool *done = arena_alloc(&t->mem, sizeof(bool) * (size_t)(test->expects.count + 1));
  while (rc == SQLITE_OK && (sb_clear(&t->subject_warnings), rc = session_next(&s, &loaded)) == SQLITE_OK &&
         loaded) {
    if (t->cov) cover_subject(t, &s.ev);
    for (int i = 0; i < test->expects.count; i++) {
      const test_expect *x = test->expects.items[i];
      if (done[i] || !targets(&t->consts, x, first_key, s.ev.key)) continue;
      done[i] = true;
      check_expect(t, test, x, &s.ev);
    }
  }
  for (int i = 0; rc == SQLITE_OK && i < test->expects.count; i++) {
    if (done[i]) continue;
    const test_expect *x = test->expects.items[i];
    sb_printf(&t->failures, "%s:%d: test \"%s\": %s\n    but there is no account %s\n",
              t->rs->src.files[x->span.file]->name, span_line(&t->rs->src, x->span), test->name,
              expect_text(t, x),
              value_to_text(&t->consts, x->for_key ? eval_expr(&t->consts, x->for_key) : first_key, NULL));
    t->failed_expects++;
  }
  session_close(&s);
  return rc;
}

/* --- one test --------------------------------------------------------------------- */

static value first_entity_key(tester *t, const decl *test) {
  for (int i = 0; i < test->rows.count; i++) {
    const test_row *row = test->rows.items[i];
    if (strcasecmp(row->table, t->prog->entity->table) != 0) continue;
    for (int k = 0; k < row->fields.count; k++) {
      const test_field *f = row->fields.items[k];
      if (strcasecmp(f->column, t->prog->entity->key) == 0) return eval_expr(&t->consts, f->value);
    }
  }
  return v_null();
}

static int build_database(tester *t, const decl *test, sqlite3 *db) {
  ptr_vec tables = {0};
  collect_tables(t, test, &tables);
  int rc = SQLITE_OK;
  for (int i = 0; rc == SQLITE_OK && i < tables.count; i++) rc = create_table(t, db, tables.items[i]);
  for (int i = 0; rc == SQLITE_OK && i < test->rows.count; i++) rc = insert_row(t, db, test->rows.items[i]);
  return rc;
}

static int64_t today(void) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  int64_t days = 0;
  date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &days);
  return days;
}

static bool run_one(tester *t, const decl *test) {
  arena_reset(&t->mem);
  t->failed_expects = 0;
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return false;
  int rc = build_database(t, test, db);
  if (rc == SQLITE_OK) {
    int64_t as_of = test->as_of ? test->as_of->ival : today();
    rc = run_expectations(t, test, db, as_of, first_entity_key(t, test));
  }
  if (rc != SQLITE_OK) {
    sb_printf(&t->failures, "%s:%d: test \"%s\": its rows cannot be stored: %s\n",
              t->rs->src.files[test->span.file]->name, span_line(&t->rs->src, test->span),
              test->name, sqlite3_errmsg(db));
    t->failed_expects++;
  }
  sqlite3_close(db);
  return t->failed_expects == 0;
}

static void coverage_report(tester *t, kam_test_report *report) {
  ptr_vec items = {0};
  coverage_items(t->cov, &t->rs->src, &t->rs->tree_mem, t->rs->files, t->rs->src.file_count, &items);
  report->coverage = calloc((size_t)items.count + 1, sizeof *report->coverage);
  if (!report->coverage) abort();
  for (int i = 0; i < items.count; i++) {
    const coverage_item *it = items.items[i];
    report->coverage[i] =
        (kam_coverage_item){t->rs->src.files[it->file]->name, it->line, it->what, it->covered, it->excused};
  }
  report->coverage_count = (size_t)items.count;
}

int kam_test(kam_ruleset *rs, const char *db_path, kam_test_report *report) {
  return kam_test_with(rs, db_path, false, report);
}

int kam_test_with(kam_ruleset *rs, const char *db_path, bool with_coverage, kam_test_report *report) {
  memset(report, 0, sizeof *report);
  sqlite3 *db = NULL;
  int status = db_path ? open_existing_db(&rs->src, db_path, false, 5000, &db) : open_reference_for_check(rs, &db);
  if (status != KAM_OK) return status;
  status = ruleset_check_with(rs, db);
  if (!db_path && db) note_reference_schema(rs, "tables typed from");
  tester t = {0};
  t.rs = rs;
  t.prog = &rs->prog;
  arena_init(&t.mem);
  if (status == KAM_OK && db) {
    db_schema *schema = arena_alloc(&rs->tree_mem, sizeof *schema);
    if (schema_load(db, &rs->tree_mem, schema) == SQLITE_OK) t.schema = schema;
  }
  sqlite3_close(db);
  if (status != KAM_OK) return status;
  eval_init(&t.consts, t.prog);
  sb_init(&t.failures);
  sb_init(&t.subject_warnings);
  coverage cov = {0};
  if (with_coverage) t.cov = &cov;
  for (int i = 0; i < rs->prog.tests.count; i++) {
    if (run_one(&t, rs->prog.tests.items[i])) report->passed++;
    else report->failed++;
  }
  if (with_coverage) coverage_report(&t, report);
  coverage_free(&cov);
  sb_free(&t.subject_warnings);
  eval_free(&t.consts);
  arena_free(&t.mem);
  report->failures = t.failures.data;
  return report->failed ? KAM_ERR_RULES : KAM_OK;
}

void kam_test_report_free(kam_test_report *report) {
  free(report->failures);
  free(report->coverage);
  report->failures = NULL;
  report->coverage = NULL;
}
