/* compare.c — one seed end to end: write the database and the rule file, run
 * the real kam binary, read kam_outputs back, compute every output per
 * account in SQLite (reference.c) and report each disagreement with the
 * seed, the account key, the output's expression, kam's value and the
 * expected one.  A failing seed is saved under OUTDIR/seed-N (data.db,
 * rules.kam); the first disagreements are shrunk (fewer rows, a smaller
 * expression) to OUTDIR/seed-N-oK-min with a README that reads as a bug
 * report.
 *
 * Numbers compare exactly, with these allowances: an integer and a real
 * agree when the real is exactly that integer; two reals agree within one
 * ulp; a value built on a sum or average of several reals, or on an integer
 * sum that overflowed, agrees within a relative 1e-9 (kam may add the rows
 * in another order).  A value the contract leaves open is not compared. */
#include "difftest.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    int out;         /* output index; -1 kam failed; -2 wrong number of rows */
    char key[80];    /* the account key, quoted as SQL */
    long long rowid; /* its entity row */
    char kam[720], exp[160];
} Finding;

#define MAX_FINDINGS 64
#define SURVIVORS "e.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM acc AS p WHERE p.rowid < e.rowid AND p.id = e.id COLLATE BINARY)"

/* ---- running kam ---- */

static int run_kam(const char *kam, const char *db, const char *rules, const char *log)
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) dup2(fd, 1), dup2(fd, 2);
        execl(kam, kam, "run", "--db", db, "--as-of", ASOF_TEXT, rules, (char *)NULL);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int write_rules(const char *path, const Schema *sc, Node **exprs, int n, int first_index)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    char head[256], body[8192];
    rules_header(sc, head, sizeof head);
    fputs(head, f);
    for (int k = 0; k < n; k++) {
        size_t pos = 0;
        kam_text(exprs[k], body, sizeof body, &pos);
        fprintf(f, "output o%d = %s\n", first_index + k, body);
    }
    return fclose(f);
}

/* ---- comparing values ---- */

static void show(sqlite3_value *v, char *buf, size_t len)
{
    switch (v ? sqlite3_value_type(v) : SQLITE_NULL) {
    case SQLITE_INTEGER: snprintf(buf, len, "%lld", sqlite3_value_int64(v)); break;
    case SQLITE_FLOAT: snprintf(buf, len, "%.17g (real)", sqlite3_value_double(v)); break;
    case SQLITE_TEXT: snprintf(buf, len, "'%s' (text)", (const char *)sqlite3_value_text(v)); break;
    case SQLITE_BLOB: snprintf(buf, len, "(blob)"); break;
    default: snprintf(buf, len, "null");
    }
}

static int reals_agree(double a, double b, int loose)
{
    if (a == b || (isnan(a) && isnan(b))) return 1;
    if (nextafter(a, b) == b) return 1; /* one ulp */
    return loose && fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

static int values_agree(sqlite3_value *k, sqlite3_value *e, int loose)
{
    int tk = sqlite3_value_type(k), te = sqlite3_value_type(e);
    if (tk == SQLITE_NULL || te == SQLITE_NULL) return tk == te;
    if (tk == SQLITE_TEXT || tk == SQLITE_BLOB || te == SQLITE_TEXT || te == SQLITE_BLOB) return 0;
    if (tk == SQLITE_INTEGER && te == SQLITE_INTEGER) return sqlite3_value_int64(k) == sqlite3_value_int64(e);
    if (tk == SQLITE_FLOAT && te == SQLITE_FLOAT)
        return reals_agree(sqlite3_value_double(k), sqlite3_value_double(e), loose);
    sqlite3_value *i = tk == SQLITE_INTEGER ? k : e, *r = tk == SQLITE_INTEGER ? e : k;
    long double exact = (long double)sqlite3_value_int64(i);
    double d = sqlite3_value_double(r);
    if ((long double)d == exact) return 1;
    return loose && reals_agree((double)exact, d, 1);
}

/* ---- kam's rows against the reference ---- */

static sqlite3_value *kam_value(sqlite3 *db, long long run, int out, sqlite3_value *key, int *rows)
{
    sqlite3_stmt *st;
    char name[16];
    snprintf(name, sizeof name, "o%d", out);
    sqlite3_value *v = NULL;
    *rows = 0;
    if (sqlite3_prepare_v2(db, "SELECT value FROM kam_outputs WHERE run_id = ?1 AND name = ?2 AND account = ?3", -1,
                           &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_value(st, 3, key); /* no affinity: kam must store the key as stored */
    while (sqlite3_step(st) == SQLITE_ROW)
        if ((*rows)++ == 0) v = sqlite3_value_dup(sqlite3_column_value(st, 0));
    sqlite3_finalize(st);
    return v;
}

static void add_finding(Finding *f, int *nf, int out, sqlite3_stmt *row, sqlite3_value *kam, sqlite3_value *exp,
                        const char *kam_note)
{
    if (*nf >= MAX_FINDINGS) return;
    Finding *x = &f[(*nf)++];
    x->out = out;
    x->rowid = sqlite3_column_int64(row, 0);
    snprintf(x->key, sizeof x->key, "%s", (const char *)sqlite3_column_text(row, 2));
    if (kam_note) snprintf(x->kam, sizeof x->kam, "%s", kam_note);
    else show(kam, x->kam, sizeof x->kam);
    show(exp, x->exp, sizeof x->exp);
}

static int compare_output(sqlite3 *db, const Schema *sc, long long run, Node *expr, int out, Finding *f, int *nf,
                          int *survivors)
{
    static char sql[65536];
    size_t pos = (size_t)snprintf(sql, sizeof sql, "SELECT e.rowid, e.id, quote(e.id), ");
    if (sql_text(sc, expr, sql, sizeof sql - 200, &pos) < 0) return -1;
    snprintf(sql + pos, sizeof sql - pos, " FROM acc AS e WHERE " SURVIVORS " ORDER BY e.rowid");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "difftest: reference SQL: %s\n  %s\n", sqlite3_errmsg(db), sql);
        return -1;
    }
    *survivors = 0;
    for (;;) {
        ref_undefined = ref_loose = 0;
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
            if (rc != SQLITE_DONE) fprintf(stderr, "difftest: reference: %s\n  %s\n", sqlite3_errmsg(db), sql);
            sqlite3_finalize(st);
            return rc == SQLITE_DONE ? 0 : -1;
        }
        ++*survivors;
        int rows;
        sqlite3_value *exp = sqlite3_column_value(st, 3);
        sqlite3_value *kam = kam_value(db, run, out, sqlite3_column_value(st, 1), &rows);
        if (rows != 1)
            add_finding(f, nf, out, st, NULL, exp, rows ? "several rows in kam_outputs" : "no row in kam_outputs");
        else if (!ref_undefined && !values_agree(kam, exp, ref_loose))
            add_finding(f, nf, out, st, kam, exp, NULL);
        sqlite3_value_free(kam);
    }
}

static long long single_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Runs kam on db + rules and compares; the number of findings, -1 on a
 * harness error. */
static int check_case(const RunOpts *o, const Schema *sc, const char *dir, Node **exprs, int n, int first_index,
                      Finding *f)
{
    char db_path[600], rules[600], log[600];
    snprintf(db_path, sizeof db_path, "%s/data.db", dir);
    snprintf(rules, sizeof rules, "%s/rules.kam", dir);
    snprintf(log, sizeof log, "%s/kam.log", dir);
    if (write_rules(rules, sc, exprs, n, first_index) < 0) return -1;
    int nf = 0, status = run_kam(o->kam, db_path, rules, log);
    if (status != 0) {
        f[0].out = -1;
        snprintf(f[0].kam, sizeof f[0].kam, "kam run exited %d", status);
        f[0].key[0] = f[0].exp[0] = 0;
        return 1;
    }
    sqlite3 *db;
    if (sqlite3_open(db_path, &db) != SQLITE_OK) return -1;
    reference_register(db);
    long long run = single_int(db, "SELECT max(run_id) FROM kam_runs");
    int survivors = 0, bad = 0;
    for (int k = 0; k < n && !bad; k++)
        bad = compare_output(db, sc, run, exprs[k], first_index + k, f, &nf, &survivors) < 0;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM kam_outputs WHERE run_id = %lld", run);
    long long got = single_int(db, sql);
    if (!bad && got != (long long)survivors * n && nf < MAX_FINDINGS) {
        Finding *x = &f[nf++];
        x->out = -2, x->key[0] = 0;
        snprintf(x->kam, sizeof x->kam, "%lld rows in kam_outputs", got);
        snprintf(x->exp, sizeof x->exp, "%d (accounts) x %d (outputs)", survivors, n);
    }
    sqlite3_close(db);
    return bad ? -1 : nf;
}

/* ---- saving and shrinking ---- */

/* Copies the source tables of src into a fresh dst, keeping rowid order;
 * acc_rowid > 0 keeps that entity row only; rel rows in skip[] are left out. */
static int copy_source(const char *src, const char *dst, long long acc_rowid, const long long *skip, int nskip)
{
    sqlite3 *db;
    remove(dst);
    if (sqlite3_open(dst, &db) != SQLITE_OK) return -1;
    char sql[4096];
    snprintf(sql, sizeof sql, "PRAGMA synchronous = OFF; ATTACH '%s' AS s", src);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    static const char *const TABLES[] = {"acc", "rel"};
    for (int t = 0; t < 2 && rc == SQLITE_OK; t++) {
        sqlite3_stmt *st;
        snprintf(sql, sizeof sql, "SELECT sql FROM s.sqlite_master WHERE name = '%s'", TABLES[t]);
        rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
        if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            rc = sqlite3_exec(db, (const char *)sqlite3_column_text(st, 0), NULL, NULL, NULL);
        sqlite3_finalize(st);
        int n = snprintf(sql, sizeof sql, "INSERT INTO main.%s SELECT * FROM s.%s WHERE 1", TABLES[t], TABLES[t]);
        if (t == 0 && acc_rowid > 0) n += snprintf(sql + n, sizeof sql - (size_t)n, " AND rowid = %lld", acc_rowid);
        for (int k = 0; t == 1 && k < nskip && n < 3900; k++)
            n += snprintf(sql + n, sizeof sql - (size_t)n, " AND rowid <> %lld", skip[k]);
        snprintf(sql + n, sizeof sql - (size_t)n, " ORDER BY rowid");
        if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    }
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

static void expr_text(const Node *n, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = 0;
    kam_text(n, buf, len, &pos);
}

static int count_nodes(const Node *n)
{
    if (!n) return 0;
    int c = 1;
    for (int k = 0; k < n->nkids; k++) c += count_nodes(n->kid[k]);
    return c;
}

/* The slot holding the i-th node in preorder (i counts down as it walks). */
static Node **nth_slot(Node **slot, int *i)
{
    if (!*slot) return NULL;
    if ((*i)-- == 0) return slot;
    for (int k = 0; k < (*slot)->nkids; k++) {
        Node **s = nth_slot(&(*slot)->kid[k], i);
        if (s) return s;
    }
    return NULL;
}

typedef struct {
    const RunOpts *o;
    const Schema *sc;
    const char *src, *dir;
    long long acc_rowid;
    long long skip[64];
    int nskip;
    Finding last;
} Shrink;

static int still_fails(Shrink *s, Node *expr)
{
    char db[600];
    Finding f[MAX_FINDINGS];
    snprintf(db, sizeof db, "%s/data.db", s->dir);
    if (copy_source(s->src, db, s->acc_rowid, s->skip, s->nskip) < 0) return 0;
    int n = check_case(s->o, s->sc, s->dir, &expr, 1, 1, f);
    if (n > 0) s->last = f[0];
    return n > 0 && f[0].out >= 0; /* a kam failure is another bug: do not shrink into it */
}

static void drop_rows(Shrink *s, Node *expr)
{
    char db[600];
    snprintf(db, sizeof db, "%s/rel-ids.db", s->dir);
    sqlite3 *h;
    if (sqlite3_open(s->src, &h) != SQLITE_OK) return;
    sqlite3_stmt *st;
    long long ids[64];
    int n = 0;
    if (sqlite3_prepare_v2(h, "SELECT rowid FROM rel ORDER BY rowid", -1, &st, NULL) == SQLITE_OK)
        while (n < 64 && sqlite3_step(st) == SQLITE_ROW) ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    for (int k = 0; k < n; k++) {
        int already = 0;
        for (int j = 0; j < s->nskip; j++) already |= s->skip[j] == ids[k];
        if (already || s->nskip >= 64) continue;
        s->skip[s->nskip++] = ids[k];
        if (!still_fails(s, expr)) s->nskip--;
    }
}

static int bare_text_number(const Node *n)
{
    return n->kind == N_COL && n->type == T_NUM && (!strcmp(n->col->decl, "TEXT") || !strcmp(n->col->decl, ""));
}

/* Replaces nodes by their own operands of the same type while it still fails. */
static Node *shrink_expr(Shrink *s, Node *expr)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (int i = 0; i < count_nodes(expr) && !changed; i++) {
            int at = i;
            Node **slot = nth_slot(&expr, &at), *node = *slot;
            if (node->kind == N_AGG) {
                Node *where = node->kid[1];
                if (!where) continue;
                node->kid[1] = NULL;
                if (still_fails(s, expr)) node_free(where), changed = 1;
                else node->kid[1] = where;
                continue;
            }
            for (int k = 0; k < node->nkids && !changed; k++) {
                Node *kid = node->kid[k];
                if (!kid || kid->type != node->type || bare_text_number(kid)) continue;
                *slot = kid;
                if (still_fails(s, expr)) node->kid[k] = NULL, node_free(node), changed = 1;
                else *slot = node;
            }
        }
    }
    return expr;
}

static void print_rows(FILE *f, const char *db_path, const Schema *sc)
{
    sqlite3 *db;
    if (sqlite3_open(db_path, &db) != SQLITE_OK) return;
    const Table *tables[] = {&sc->ent, &sc->rel};
    for (int t = 0; t < 2; t++) {
        char sql[2048];
        int n = snprintf(sql, sizeof sql, "SELECT sql FROM sqlite_master WHERE name = '%s' UNION ALL "
                                          "SELECT 'INSERT INTO %s VALUES (' || quote(%s)", tables[t]->table,
                         tables[t]->table, tables[t]->keycol);
        for (int k = 0; k < tables[t]->ncols; k++)
            n += snprintf(sql + n, sizeof sql - (size_t)n, " || ', ' || quote(%s)", tables[t]->cols[k].name);
        snprintf(sql + n, sizeof sql - (size_t)n, " || ')' FROM %s", tables[t]->table);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) continue;
        while (sqlite3_step(st) == SQLITE_ROW) fprintf(f, "  %s;\n", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
}

static void minimise(const RunOpts *o, const Schema *sc, const char *src, const Finding *fd, Node *expr)
{
    char dir[600], path[700], text[8192];
    snprintf(dir, sizeof dir, "%s/seed-%d-o%d-min", o->outdir, o->seed, fd->out);
    mkdir(dir, 0755);
    Shrink s = {o, sc, src, dir, fd->rowid, {0}, 0, *fd};
    Node *cur = node_copy(expr);
    if (!still_fails(&s, cur)) {
        printf("  (o%d alone on account %s agrees: not minimised)\n", fd->out, fd->key);
        node_free(cur);
        return;
    }
    drop_rows(&s, cur);
    cur = shrink_expr(&s, cur);
    drop_rows(&s, cur);
    still_fails(&s, cur); /* leaves the minimal case in dir, and its values in s.last */
    expr_text(cur, text, sizeof text);
    snprintf(path, sizeof path, "%s/README", dir);
    FILE *f = fopen(path, "w");
    for (int pass = 0; pass < 2; pass++) {
        FILE *to = pass ? f : stdout;
        if (!to) continue;
        fprintf(to, "  minimal (seed %d, o%d): %s/data.db, %s/rules.kam\n", o->seed, fd->out, dir, dir);
        snprintf(path, sizeof path, "%s/data.db", dir);
        print_rows(to, path, sc);
        fprintf(to, "  rule: output o1 = %s\n  account %s: kam %s, expected %s\n", text, s.last.key, s.last.kam,
                s.last.exp);
    }
    if (f) fclose(f);
    node_free(cur);
}

/* ---- one seed ---- */

static const char *feature_names(unsigned f, char *buf, size_t len)
{
    static const char *const NAMES[] = {"arith", "logic", "builtins", "round", "aggregates",
                                        "keys", "untidy", "dates", "text"};
    size_t pos = 0;
    buf[0] = 0;
    for (int k = 0; k < 9; k++)
        if (f & (1u << k)) pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", pos ? "," : "", NAMES[k]);
    return buf;
}

static void print_head(const char *dir, const char *file, int lines)
{
    char path[700], line[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "r");
    while (f && lines-- > 0 && fgets(line, sizeof line, f))
        printf("    | %s", line);
    if (f) fclose(f);
}

static void report(const RunOpts *o, unsigned features, Node **exprs, const Finding *f, int nf, const char *saved)
{
    char text[8192], feats[128];
    printf("seed %d (--only %s): %d disagreement%s; saved in %s\n", o->seed, feature_names(features, feats, sizeof feats),
           nf, nf == 1 ? "" : "s", saved);
    printf("  rerun: difftest --kam %s --first-seed %d --seeds 1 --only %s --minimise 1\n", o->kam, o->seed, feats);
    for (int k = 0; k < nf && k < 6; k++) {
        if (f[k].out < 0) {
            printf("  %s; expected %s\n", f[k].kam, f[k].exp[0] ? f[k].exp : "exit 0");
            if (f[k].out == -1) print_head(saved, "kam.log", 4);
            continue;
        }
        expr_text(exprs[f[k].out - 1], text, sizeof text);
        printf("  account %s, o%d = %s\n    kam: %s   expected: %s\n", f[k].key, f[k].out, text, f[k].kam, f[k].exp);
    }
    if (nf > 6) printf("  ... and %d more\n", nf - 6);
}

static int save_case(const RunOpts *o, const char *work, char *saved, size_t len)
{
    char cmd[4096];
    snprintf(saved, len, "%s/seed-%d", o->outdir, o->seed);
    mkdir(saved, 0755);
    snprintf(cmd, sizeof cmd, "%s/data.db", saved);
    char src[700];
    snprintf(src, sizeof src, "%s/data.db", work);
    if (copy_source(src, cmd, 0, NULL, 0) < 0) return -1;
    snprintf(src, sizeof src, "%s/rules.kam", work);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/rules.kam' && cp '%s/kam.log' '%s/kam.log'", src, saved, work, saved);
    return system(cmd) == 0 ? 0 : -1;
}

int run_seed(const RunOpts *o, unsigned features, int *disagreements)
{
    Rng r = {(uint64_t)o->seed * 0x2545F4914F6CDD1DULL + 1};
    Schema sc;
    char work[600], db[700], err[512];
    schema_choose(&sc, &r, features);
    snprintf(work, sizeof work, "%s", o->work);
    snprintf(db, sizeof db, "%s/data.db", work);
    if (data_write(&sc, &r, db, err, sizeof err) < 0) {
        fprintf(stderr, "difftest: %s\n", err);
        return -1;
    }
    Node *exprs[64];
    int n = o->nout < 64 ? o->nout : 64;
    for (int k = 0; k < n; k++)
        exprs[k] = rules_expr(&sc, &r, 1 + rng_below(&r, 3));
    Finding f[MAX_FINDINGS];
    int nf = check_case(o, &sc, work, exprs, n, 1, f);
    if (nf > 0) {
        char saved[600];
        if (save_case(o, work, saved, sizeof saved) < 0) fprintf(stderr, "difftest: could not save seed %d\n", o->seed);
        report(o, features, exprs, f, nf, saved);
        int shrunk = 0;
        for (int k = 0; k < nf && shrunk < o->minimise; k++) {
            int seen = 0; /* one minimisation per output */
            for (int j = 0; j < k; j++) seen |= f[j].out == f[k].out;
            if (f[k].out > 0 && !seen) {
                snprintf(db, sizeof db, "%s/data.db", saved);
                minimise(o, &sc, db, &f[k], exprs[f[k].out - 1]);
                shrunk++;
            }
        }
    }
    for (int k = 0; k < n; k++) node_free(exprs[k]);
    if (nf < 0) return -1;
    *disagreements += nf;
    return 0;
}
