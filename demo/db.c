/*
 * db.c -- kamgen's database plumbing: the schema runner, one prepared
 * INSERT per table, and binding a row of fields to it.
 *
 * Every value reaches SQLite as a bound parameter; the statements are
 * fixed text.  Errors are printed here, once, naming what was being done.
 */
#include "kamgen.h"

#include <stdio.h>

const char *const table_names[TABLE_COUNT] = {
    "accounts", "deals", "contacts", "activities", "team", "budgets"
};

static const char *const insert_sql[TABLE_COUNT] = {
    "INSERT INTO accounts (id, name, industry, industry_rank, region, lifecycle, credit_ok,"
    " orders_target, wallet_share, csat, owner, parent_id, group_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO deals (id, account_id, amount, gross_margin, stage,"
    " region, product, opened_on, closed_on)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO contacts (id, account_id, name, role, relationship) VALUES (?, ?, ?, ?, ?)",
    "INSERT INTO activities (id, account_id, kind, happened_on, deal_id) VALUES (?, ?, ?, ?, ?)",
    "INSERT INTO team (account_id, role, person) VALUES (?, ?, ?)",
    "INSERT INTO budgets (account_id, year, budget, spent) VALUES (?, ?, ?, ?)"
};

int report_db_error(sqlite3 *db, const char *doing)
{
    fprintf(stderr, "kamgen: database error while %s: %s\n", doing, sqlite3_errmsg(db));
    return -1;
}

static int report_insert_error(const struct gen *g, enum table t)
{
    fprintf(stderr, "kamgen: database error while inserting into %s: %s\n",
            table_names[t], sqlite3_errmsg(g->db));
    return -1;
}

int exec_sql(sqlite3 *db, const char *sql, const char *doing)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return report_db_error(db, doing);
    return 0;
}

/* Runs every statement of sql[begin, end) -- used to run the schema in
 * two parts, tables first and indexes after the data. */
int exec_sql_range(sqlite3 *db, const char *begin, const char *end, const char *doing)
{
    while (begin < end) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        if (sqlite3_prepare_v2(db, begin, (int)(end - begin), &st, &tail) != SQLITE_OK)
            return report_db_error(db, doing);
        if (st == NULL)   /* only whitespace or comments were left */
            break;
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            return report_db_error(db, doing);
        begin = tail;
    }
    return 0;
}

static int bind_field(sqlite3_stmt *st, int column, const struct field *v)
{
    switch (v->kind) {
    case FIELD_NULL: return sqlite3_bind_null(st, column);
    case FIELD_INT:  return sqlite3_bind_int64(st, column, v->i);
    case FIELD_REAL: return sqlite3_bind_double(st, column, v->r);
    case FIELD_TEXT: return sqlite3_bind_text(st, column, v->text, -1, SQLITE_STATIC);
    }
    return SQLITE_MISUSE;
}

/* Binds a whole row and inserts it.  SQLITE_STATIC is safe because the
 * values outlive the step and the reset. */
int insert_row(struct gen *g, enum table t, const struct field *row, int columns)
{
    sqlite3_stmt *st = g->insert[t];
    for (int c = 0; c < columns; c++) {
        if (bind_field(st, c + 1, &row[c]) != SQLITE_OK)
            return report_insert_error(g, t);
    }
    if (sqlite3_step(st) != SQLITE_DONE) {
        report_insert_error(g, t);   /* before the reset, which may clear the message */
        sqlite3_reset(st);
        return -1;
    }
    if (sqlite3_reset(st) != SQLITE_OK)
        return report_insert_error(g, t);
    g->rows[t]++;
    return 0;
}

int prepare_inserts(struct gen *g)
{
    for (int t = 0; t < TABLE_COUNT; t++) {
        if (sqlite3_prepare_v2(g->db, insert_sql[t], -1, &g->insert[t], NULL) != SQLITE_OK)
            return report_db_error(g->db, "preparing the inserts");
    }
    return 0;
}

void finalize_inserts(struct gen *g)
{
    for (int t = 0; t < TABLE_COUNT; t++) {
        sqlite3_finalize(g->insert[t]);   /* harmless on NULL */
        g->insert[t] = NULL;
    }
}

