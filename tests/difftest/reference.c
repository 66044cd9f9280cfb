/* reference.c — the expected value of an expression, computed by SQLite.
 * An expression tree becomes one SQL expression over the entity row `e`;
 * aggregates become correlated subqueries over `rel AS deals`, joined by
 * `deals.fk = e.id COLLATE BINARY`: SQLite's own `=` with the columns'
 * affinities, and the explicit BINARY so a declared COLLATE NOCASE is not
 * applied (the contract's key rule).  SQLite's own operators give arithmetic
 * on integers and reals (overflow carried as a double), comparison, Kleene
 * AND/OR/NOT, IN, BETWEEN, CASE, coalesce, count, min and max.  Where the
 * contract defines something SQL does not, a small function registered here
 * says it independently of kam:
 *   kam_num(v)   a cell read as a number: text only when a plain decimal
 *   kam_div      real division, null on zero
 *   kam_abs      abs with INT64_MIN carried as a double (SQLite raises)
 *   kam_round    the 15-significant-digit decimal form, halves away from 0
 *   kam_least/kam_greatest   nulls skipped (SQLite's min(a,b) gives null)
 *   kam_sum      0 with no row, null when every value is null
 *   kam_avg      null with no value
 *   kam_jd, kam_year, kam_month, kam_addm    ISO dates as day numbers */
#include "difftest.h"

#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ref_undefined, ref_loose;

/* ---- reading cells ---- */

static int plain_decimal(const char *s)
{
    static regex_t re;
    static int ready;
    if (!ready) {
        regcomp(&re, "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$", REG_EXTENDED | REG_NOSUB);
        ready = 1;
    }
    return regexec(&re, s, 0, NULL, 0) == 0;
}

static void result_text_number(sqlite3_context *ctx, const char *s)
{
    if (!plain_decimal(s)) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!strpbrk(s, ".eE")) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (errno == 0) {
            sqlite3_result_int64(ctx, v);
            return;
        }
    }
    sqlite3_result_double(ctx, strtod(s, NULL));
}

static void fn_num(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_INTEGER: case SQLITE_FLOAT: sqlite3_result_value(ctx, argv[0]); break;
    case SQLITE_TEXT: result_text_number(ctx, (const char *)sqlite3_value_text(argv[0])); break;
    default: sqlite3_result_null(ctx);
    }
}

/* ---- numbers ---- */

static int is_null(sqlite3_value *v) { return sqlite3_value_type(v) == SQLITE_NULL; }
static int is_int(sqlite3_value *v) { return sqlite3_value_type(v) == SQLITE_INTEGER; }

static void fn_div(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (is_null(argv[0]) || is_null(argv[1]) || sqlite3_value_double(argv[1]) == 0.0) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_double(ctx, sqlite3_value_double(argv[0]) / sqlite3_value_double(argv[1]));
}

static void fn_abs(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (is_null(argv[0])) {
        sqlite3_result_null(ctx);
    } else if (is_int(argv[0])) {
        long long v = sqlite3_value_int64(argv[0]);
        if (v == INT64_MIN) sqlite3_result_double(ctx, 9223372036854775808.0);
        else sqlite3_result_int64(ctx, v < 0 ? -v : v);
    } else {
        sqlite3_result_double(ctx, fabs(sqlite3_value_double(argv[0])));
    }
}

/* x rounded to n decimals from its 15-significant-digit form.  Beyond 1e15
 * that form cannot hold the integer part, and the contract says nothing more:
 * such a value is not compared. */
static double round15(double x, int n)
{
    if (!isfinite(x) || fabs(x) >= 1e15) {
        ref_undefined = 1;
        return x;
    }
    /* An exact tie at the 16th significant digit: the contract does not say
     * which way the 15-digit form goes there (kam goes away from zero, C's
     * printf to even), so the value is not compared. */
    char exact[96];
    snprintf(exact, sizeof exact, "%.70e", fabs(x));
    if (exact[16] == '5' && strspn(exact + 17, "0") == strcspn(exact + 17, "e")) {
        ref_undefined = 1;
        return x;
    }
    char s[40];
    snprintf(s, sizeof s, "%.14e", x);
    int neg = s[0] == '-';
    const char *m = s + neg;
    long long digits = m[0] - '0';
    for (const char *p = m + 2; *p >= '0' && *p <= '9'; p++)
        digits = digits * 10 + (*p - '0');
    int exp10 = atoi(strchr(m, 'e') + 1);
    int drop = (14 - exp10) - n; /* digits of the 15 below 10^-n */
    if (drop <= 0)
        return strtod(s, NULL);
    long long q = 0;
    if (drop <= 15) {
        long long p = 1;
        for (int k = 0; k < drop; k++) p *= 10;
        q = digits / p + (digits % p * 2 >= p);
    }
    char out[48];
    snprintf(out, sizeof out, "%s%llde-%d", neg ? "-" : "", q, n);
    return strtod(out, NULL);
}

static void fn_round(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (is_null(argv[0]) || (argc > 1 && is_null(argv[1]))) {
        sqlite3_result_null(ctx);
        return;
    }
    int n = argc > 1 ? sqlite3_value_int(argv[1]) : 0;
    if (is_int(argv[0])) sqlite3_result_value(ctx, argv[0]); /* integers are exact already */
    else sqlite3_result_double(ctx, round15(sqlite3_value_double(argv[0]), n));
}

/* <0, 0, >0 as SQLite orders two numbers: integers and reals exactly. */
static int cmp_num(sqlite3_value *a, sqlite3_value *b)
{
    if (is_int(a) && is_int(b)) {
        long long x = sqlite3_value_int64(a), y = sqlite3_value_int64(b);
        return (x > y) - (x < y);
    }
    long double x = is_int(a) ? (long double)sqlite3_value_int64(a) : sqlite3_value_double(a);
    long double y = is_int(b) ? (long double)sqlite3_value_int64(b) : sqlite3_value_double(b);
    return (x > y) - (x < y);
}

static void least_or_greatest(sqlite3_context *ctx, int argc, sqlite3_value **argv, int sign)
{
    sqlite3_value *best = NULL;
    for (int k = 0; k < argc; k++)
        if (!is_null(argv[k]) && (!best || sign * cmp_num(argv[k], best) > 0))
            best = argv[k];
    if (best) sqlite3_result_value(ctx, best);
    else sqlite3_result_null(ctx);
}

static void fn_least(sqlite3_context *ctx, int argc, sqlite3_value **argv) { least_or_greatest(ctx, argc, argv, -1); }
static void fn_greatest(sqlite3_context *ctx, int argc, sqlite3_value **argv) { least_or_greatest(ctx, argc, argv, 1); }

/* ---- sum and avg ---- */

typedef struct {
    long long rows, values, isum;
    double dsum, dabs; /* dabs: the sum of magnitudes, for the rounding bound */
    int real;
} Sum;

static void sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    Sum *s = sqlite3_aggregate_context(ctx, sizeof *s);
    if (!s) return;
    s->rows++;
    if (is_null(argv[0])) return;
    s->values++;
    s->dabs += fabs(sqlite3_value_double(argv[0]));
    if (!s->real && is_int(argv[0])) {
        long long v = sqlite3_value_int64(argv[0]), total;
        if (!__builtin_add_overflow(s->isum, v, &total)) {
            s->isum = total;
            return;
        }
        s->dsum = (double)s->isum + (double)v; /* the overflow carried as a double */
        s->real = 1;
        return;
    }
    if (!s->real) s->dsum = (double)s->isum, s->real = 1;
    s->dsum += sqlite3_value_double(argv[0]);
}

/* A sum of reals (or an integer sum that overflowed) depends on the order of
 * the rows and on how the engine adds (SQLite itself changed its method in
 * 3.43).  Within n * 2^-53 of the magnitudes added it is compared loosely;
 * when that bound exceeds the loose tolerance (cancellation of huge values)
 * the contract does not fix the result, and it is not compared. */
static void judge_real_sum(const Sum *s, double result)
{
    if (s->values < 2) return;
    double bound = (double)s->values * s->dabs * 0x1p-53;
    if (bound > 1e-10 * fabs(result)) ref_undefined = 1;
    else ref_loose = 1;
}

static void sum_final(sqlite3_context *ctx)
{
    Sum *s = sqlite3_aggregate_context(ctx, 0);
    if (!s || s->rows == 0) sqlite3_result_int64(ctx, 0);
    else if (s->values == 0) sqlite3_result_null(ctx);
    else if (!s->real) sqlite3_result_int64(ctx, s->isum);
    else {
        judge_real_sum(s, s->dsum);
        sqlite3_result_double(ctx, s->dsum);
    }
}

static void avg_final(sqlite3_context *ctx)
{
    Sum *s = sqlite3_aggregate_context(ctx, 0);
    if (!s || s->values == 0) {
        sqlite3_result_null(ctx);
        return;
    }
    double total = s->real ? s->dsum : (double)s->isum;
    if (s->real) judge_real_sum(s, total);
    else ref_loose |= s->values > 1;
    sqlite3_result_double(ctx, total / (double)s->values);
}

/* ---- dates as day numbers ---- */

static int month_days(int y, int m)
{
    static const int D[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : D[m - 1];
}

static int digits_at(const char *s, const char *pattern)
{
    for (; *pattern; s++, pattern++)
        if (*pattern == '9' ? (*s < '0' || *s > '9') : *s != *pattern)
            return 0;
    return 1;
}

/* A value the contract leaves to the engine: not compared. */
static void fn_undefined(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    ref_undefined = 1;
    sqlite3_result_null(ctx);
}

static void fn_jd(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = sqlite3_value_type(argv[0]) == SQLITE_TEXT ? (const char *)sqlite3_value_text(argv[0]) : NULL;
    size_t n = s ? strlen(s) : 0;
    int shape = s && digits_at(s, "9999-99-99") &&
                (n == 10 || (n == 16 && digits_at(s + 10, " 99:99")) || (n == 19 && digits_at(s + 10, " 99:99:99")));
    int y = shape ? atoi(s) : 0, m = shape ? atoi(s + 5) : 0, d = shape ? atoi(s + 8) : 0;
    if (!shape || m < 1 || m > 12 || d < 1 || d > month_days(y, m)) sqlite3_result_null(ctx);
    else sqlite3_result_int64(ctx, day_number(y, m, d));
}

static void civil(long long dn, int *y, int *m, int *d)
{
    dn += 719468;
    long long era = (dn >= 0 ? dn : dn - 146096) / 146097;
    long long doe = dn - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void fn_year_month(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (is_null(argv[0])) {
        sqlite3_result_null(ctx);
        return;
    }
    int y, m, d;
    civil(sqlite3_value_int64(argv[0]), &y, &m, &d);
    sqlite3_result_int(ctx, *(const char *)sqlite3_user_data(ctx) == 'y' ? y : m);
}

/* date + n months keeps the day of the month, clamped to the month's end. */
static void fn_addm(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (is_null(argv[0])) {
        sqlite3_result_null(ctx);
        return;
    }
    int y, m, d;
    civil(sqlite3_value_int64(argv[0]), &y, &m, &d);
    int months = y * 12 + (m - 1) + sqlite3_value_int(argv[1]);
    y = months / 12, m = months % 12 + 1;
    if (d > month_days(y, m)) d = month_days(y, m);
    sqlite3_result_int64(ctx, day_number(y, m, d));
}

void reference_register(sqlite3 *db)
{
    int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    sqlite3_create_function(db, "kam_num", 1, f, NULL, fn_num, NULL, NULL);
    sqlite3_create_function(db, "kam_div", 2, f, NULL, fn_div, NULL, NULL);
    sqlite3_create_function(db, "kam_abs", 1, f, NULL, fn_abs, NULL, NULL);
    sqlite3_create_function(db, "kam_round", 1, SQLITE_UTF8, NULL, fn_round, NULL, NULL);
    sqlite3_create_function(db, "kam_round", 2, SQLITE_UTF8, NULL, fn_round, NULL, NULL);
    sqlite3_create_function(db, "kam_least", -1, f, NULL, fn_least, NULL, NULL);
    sqlite3_create_function(db, "kam_greatest", -1, f, NULL, fn_greatest, NULL, NULL);
    sqlite3_create_function(db, "kam_sum", 1, SQLITE_UTF8, NULL, NULL, sum_step, sum_final);
    sqlite3_create_function(db, "kam_avg", 1, SQLITE_UTF8, NULL, NULL, sum_step, avg_final);
    sqlite3_create_function(db, "kam_jd", 1, f, NULL, fn_jd, NULL, NULL);
    sqlite3_create_function(db, "kam_undefined", 0, SQLITE_UTF8, NULL, fn_undefined, NULL, NULL);
    sqlite3_create_function(db, "kam_year", 1, f, (void *)"y", fn_year_month, NULL, NULL);
    sqlite3_create_function(db, "kam_month", 1, f, (void *)"m", fn_year_month, NULL, NULL);
    sqlite3_create_function(db, "kam_addm", 2, f, NULL, fn_addm, NULL, NULL);
}

/* ---- SQL text of an expression ---- */

static void out(char *buf, size_t len, size_t *pos, const char *s)
{
    int n = snprintf(buf + *pos, *pos < len ? len - *pos : 0, "%s", s);
    *pos += (size_t)n;
}

static void sql_literal(const Node *n, char *buf, size_t len, size_t *pos)
{
    char tmp[48];
    const char *t = n->text;
    if (strcmp(t, "true") == 0) t = "1";
    else if (strcmp(t, "false") == 0) t = "0";
    else if (strcmp(t, "null") == 0) t = "NULL";
    else if (t[0] == '"') {
        snprintf(tmp, sizeof tmp, "'%.*s'", (int)strlen(t) - 2, t + 1);
        t = tmp;
    } else if (t[strlen(t) - 1] == '%') {
        snprintf(tmp, sizeof tmp, "(%.*s / 100.0)", (int)strlen(t) - 1, t);
        t = tmp;
    }
    out(buf, len, pos, t);
}

static void sql_column(const Schema *sc, const Node *n, char *buf, size_t len, size_t *pos)
{
    char tmp[96];
    const char *alias = n->rel ? sc->rel.kname : "e";
    if (n->type == T_TEXT) snprintf(tmp, sizeof tmp, "(%s.%s COLLATE BINARY)", alias, n->col->name);
    else if (n->type == T_DATE) snprintf(tmp, sizeof tmp, "kam_jd(%s.%s)", alias, n->col->name);
    else snprintf(tmp, sizeof tmp, "kam_num(%s.%s)", alias, n->col->name);
    out(buf, len, pos, tmp);
}

static void sql_kids(const Schema *sc, const Node *n, int from, char *buf, size_t len, size_t *pos)
{
    for (int k = from; k < n->nkids; k++) {
        if (k > from) out(buf, len, pos, ", ");
        sql_text(sc, n->kid[k], buf, len, pos);
    }
}

/* min/max of a bare column: kam reads the values as numbers as soon as one
 * of them reads as a number, and as text otherwise (the contract leaves the
 * reading to the engine).  Where that reading differs from the generator's
 * idea of the column, the group is left undefined rather than guessed. */
static int sql_extreme_of_column(const Schema *sc, const Node *n, char *buf, size_t len, size_t *pos)
{
    const Node *k = n->kid[0];
    if (!k || k->kind != N_COL || k->type == T_DATE) return 0;
    const char *alias = k->rel ? sc->rel.kname : "e";
    char ambiguous[200], from[200];
    if (k->type == T_TEXT)   /* text to the generator: kam reads numbers if one value reads as one */
        snprintf(ambiguous, sizeof ambiguous, "count(kam_num(%s.%s)) > 0", alias, k->col->name);
    else                     /* numbers to the generator: kam reads text if no value reads as a number */
        snprintf(ambiguous, sizeof ambiguous, "count(kam_num(%s.%s)) = 0 AND count(%s.%s) > 0", alias,
                 k->col->name, alias, k->col->name);
    snprintf(from, sizeof from, " FROM %s AS %s WHERE %s.%s = e.%s COLLATE BINARY", sc->rel.table, sc->rel.kname,
             sc->rel.kname, sc->rel.keycol, sc->ent.keycol);
    out(buf, len, pos, "(SELECT CASE WHEN ");
    out(buf, len, pos, ambiguous);
    out(buf, len, pos, " THEN kam_undefined() ELSE ");
    out(buf, len, pos, n->op);
    out(buf, len, pos, "(");
    sql_text(sc, k, buf, len, pos);
    out(buf, len, pos, ") END");
    out(buf, len, pos, from);
    if (n->kid[1]) {
        out(buf, len, pos, " AND (");
        sql_text(sc, n->kid[1], buf, len, pos);
        out(buf, len, pos, ")");
    }
    out(buf, len, pos, ")");
    return 1;
}

static void sql_aggregate(const Schema *sc, const Node *n, char *buf, size_t len, size_t *pos)
{
    if ((strcmp(n->op, "min") == 0 || strcmp(n->op, "max") == 0) && sql_extreme_of_column(sc, n, buf, len, pos))
        return;
    static const char *const FROM[][2] = {{"count", "count(*)"}, {"exists", "1"}, {"countd", "count(DISTINCT "},
                                          {"sum", "kam_sum("}, {"avg", "kam_avg("}, {"min", "min("}, {"max", "max("}};
    const char *head = "";
    for (size_t k = 0; k < sizeof FROM / sizeof FROM[0]; k++)
        if (strcmp(n->op, FROM[k][0]) == 0) head = FROM[k][1];
    out(buf, len, pos, strcmp(n->op, "exists") == 0 ? "EXISTS (SELECT " : "(SELECT ");
    out(buf, len, pos, head);
    if (n->kid[0]) {
        sql_text(sc, n->kid[0], buf, len, pos);
        out(buf, len, pos, ")");
    }
    char from[160];
    snprintf(from, sizeof from, " FROM %s AS %s WHERE %s.%s = e.%s COLLATE BINARY", sc->rel.table, sc->rel.kname,
             sc->rel.kname, sc->rel.keycol, sc->ent.keycol);
    out(buf, len, pos, from);
    if (n->kid[1]) {
        out(buf, len, pos, " AND (");
        sql_text(sc, n->kid[1], buf, len, pos);
        out(buf, len, pos, ")");
    }
    out(buf, len, pos, ")");
}

static void sql_infix(const Schema *sc, const Node *a, const char *op, const Node *b, char *buf, size_t len,
                      size_t *pos)
{
    out(buf, len, pos, "(");
    sql_text(sc, a, buf, len, pos);
    out(buf, len, pos, op);
    sql_text(sc, b, buf, len, pos);
    out(buf, len, pos, ")");
}

static void sql_call(const Schema *sc, const Node *n, char *buf, size_t len, size_t *pos)
{
    if (strcmp(n->op, "days") == 0) {
        sql_infix(sc, n->kid[0], " - ", n->kid[1], buf, len, pos);
        return;
    }
    static const char *const NAMES[][2] = {{"coalesce", "coalesce("}, {"abs", "kam_abs("}, {"round", "kam_round("},
                                           {"least", "kam_least("}, {"greatest", "kam_greatest("},
                                           {"year", "kam_year("}, {"month", "kam_month("}};
    for (size_t k = 0; k < sizeof NAMES / sizeof NAMES[0]; k++)
        if (strcmp(n->op, NAMES[k][0]) == 0) out(buf, len, pos, NAMES[k][1]);
    if (strcmp(n->op, "coalesce") == 0 && n->nkids == 1) out(buf, len, pos, "NULL, "); /* SQLite wants two */
    sql_kids(sc, n, 0, buf, len, pos);
    out(buf, len, pos, ")");
}

int sql_text(const Schema *sc, const Node *n, char *buf, size_t len, size_t *pos)
{
    char tmp[64];
    switch (n->kind) {
    case N_LIT: sql_literal(n, buf, len, pos); break;
    case N_DATELIT: snprintf(tmp, sizeof tmp, "%lld", n->ival), out(buf, len, pos, tmp); break;
    case N_ASOF:
        snprintf(tmp, sizeof tmp, "%lld", day_number(atoi(ASOF_TEXT), atoi(ASOF_TEXT + 5), atoi(ASOF_TEXT + 8)));
        out(buf, len, pos, tmp);
        break;
    case N_COL: sql_column(sc, n, buf, len, pos); break;
    case N_BIN:
        if (strcmp(n->op, "/") == 0) {
            out(buf, len, pos, "kam_div(");
            sql_kids(sc, n, 0, buf, len, pos);
            out(buf, len, pos, ")");
        } else {
            snprintf(tmp, sizeof tmp, " %s ", strcmp(n->op, "and") == 0 ? "AND" : strcmp(n->op, "or") == 0 ? "OR" : n->op);
            sql_infix(sc, n->kid[0], tmp, n->kid[1], buf, len, pos);
        }
        break;
    case N_NEG: case N_NOT:
        out(buf, len, pos, n->kind == N_NEG ? "(-(" : "(NOT (");
        sql_text(sc, n->kid[0], buf, len, pos);
        out(buf, len, pos, "))");
        break;
    case N_ISNULL:
        out(buf, len, pos, "(");
        sql_text(sc, n->kid[0], buf, len, pos);
        out(buf, len, pos, n->neg ? " IS NOT NULL)" : " IS NULL)");
        break;
    case N_IN:
        out(buf, len, pos, "(");
        sql_text(sc, n->kid[0], buf, len, pos);
        out(buf, len, pos, n->neg ? " NOT IN (" : " IN (");
        sql_kids(sc, n, 1, buf, len, pos);
        out(buf, len, pos, "))");
        break;
    case N_BETWEEN:
        out(buf, len, pos, "(");
        sql_text(sc, n->kid[0], buf, len, pos);
        out(buf, len, pos, " BETWEEN ");
        sql_text(sc, n->kid[1], buf, len, pos);
        out(buf, len, pos, " AND ");
        sql_text(sc, n->kid[2], buf, len, pos);
        out(buf, len, pos, ")");
        break;
    case N_CASE:
        out(buf, len, pos, "(CASE");
        for (int k = 0; k + 1 < n->nkids; k += 2) {
            out(buf, len, pos, " WHEN ");
            sql_text(sc, n->kid[k], buf, len, pos);
            out(buf, len, pos, " THEN ");
            sql_text(sc, n->kid[k + 1], buf, len, pos);
        }
        if (n->nkids % 2) {
            out(buf, len, pos, " ELSE ");
            sql_text(sc, n->kid[n->nkids - 1], buf, len, pos);
        }
        out(buf, len, pos, " END)");
        break;
    case N_CALL: sql_call(sc, n, buf, len, pos); break;
    case N_ADDMONTHS:
        out(buf, len, pos, "kam_addm(");
        sql_text(sc, n->kid[0], buf, len, pos);
        snprintf(tmp, sizeof tmp, ", %lld)", n->ival);
        out(buf, len, pos, tmp);
        break;
    case N_AGG: sql_aggregate(sc, n, buf, len, pos); break;
    }
    return *pos < len ? 0 : -1;
}

/* ---- the reference checked against the contract's own examples ---- */

int reference_self_check(void)
{
    static const char *const CASES[][2] = {
        {"kam_round(1.005, 2)", "1.01"}, {"kam_round(2.675, 2)", "2.68"}, {"kam_round(-2.5)", "-3.0"},
        {"kam_round(0.15 / 12, 3)", "0.013"}, {"kam_round(7, 2)", "7"}, {"kam_div(7, 2)", "3.5"},
        {"kam_div(1, 0)", "NULL"}, {"kam_div(1, 0.0)", "NULL"}, {"kam_num('12')", "12"},
        {"kam_num('-3.5')", "-3.5"}, {"kam_num('1e6')", "1000000.0"}, {"kam_num('1,200')", "NULL"},
        {"kam_num(' 7 ')", "NULL"}, {"kam_num('')", "NULL"}, {"kam_num('9223372036854775807')", "9223372036854775807"},
        {"kam_abs(-9223372036854775807 - 1)", "9.22337203685478e+18"}, {"kam_least(NULL, 3, 2.5)", "2.5"},
        {"kam_greatest(NULL, NULL)", "NULL"}, {"(SELECT kam_sum(v) FROM (SELECT 1 AS v) WHERE 0)", "0"},
        {"(SELECT kam_sum(v) FROM (SELECT NULL AS v))", "NULL"},
        {"(SELECT kam_sum(v) FROM (SELECT 9223372036854775807 AS v UNION ALL SELECT 1))", "9.22337203685478e+18"},
        {"(SELECT kam_avg(v) FROM (SELECT 1 AS v) WHERE 0)", "NULL"}, {"kam_jd('2026-02-30')", "NULL"},
        {"kam_jd('2026-06-30 12:00') - kam_jd('2026-01-01')", "180"}, {"kam_jd('2026/03/05')", "NULL"},
        {"kam_year(kam_addm(kam_jd('2026-03-31'), -1)) * 10000 + kam_month(kam_addm(kam_jd('2026-03-31'), -1)) * 100"
         " + kam_addm(kam_jd('2026-03-31'), -1) - kam_jd('2026-02-01') + 1", "20260228"},
    };
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) return -1;
    reference_register(db);
    int bad = 0;
    for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
        char sql[512];
        sqlite3_stmt *st;
        snprintf(sql, sizeof sql, "SELECT coalesce(CAST(%s AS TEXT), 'NULL')", CASES[k][0]);
        const char *got = "(error)";
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            got = (const char *)sqlite3_column_text(st, 0);
        if (strcmp(got, CASES[k][1]) != 0) {
            fprintf(stderr, "difftest: reference %s gave %s, expected %s\n", CASES[k][0], got, CASES[k][1]);
            bad = 1;
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return bad ? -1 : 0;
}
