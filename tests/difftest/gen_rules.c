/* gen_rules.c — random expressions for one output each, as trees, and their
 * kam text.  The generator keeps to what the contract fixes: a column that
 * holds numbers as text (declared TEXT or untyped) is used bare only where
 * the context needs a number (arithmetic, round, abs, one side of a
 * comparison with a number); elsewhere it is read through `+ 0`.  Relation
 * columns appear only inside an aggregate; an aggregate's value reads only
 * relation columns, its `where` may read entity columns too. */
#include "difftest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ASOF_TEXT = "2026-06-30";

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm). */
long long day_number(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

enum { SCOPE_ENTITY, SCOPE_AGG_VALUE, SCOPE_AGG_WHERE };

typedef struct {
    const Schema *sc;
    Rng *r;
    unsigned f;
} Gen;

static Node *node_new(NodeKind kind, Type type)
{
    Node *n = calloc(1, sizeof *n);
    if (!n) {
        perror("difftest");
        exit(2);
    }
    n->kind = kind;
    n->type = type;
    return n;
}

static Node *node_op(NodeKind kind, Type type, const char *op, int nkids, Node **kids)
{
    Node *n = node_new(kind, type);
    n->op = op;
    n->nkids = nkids;
    for (int k = 0; k < nkids; k++)
        n->kid[k] = kids[k];
    return n;
}

void node_free(Node *n)
{
    if (!n) return;
    for (int k = 0; k < n->nkids; k++)
        node_free(n->kid[k]);
    free(n);
}

Node *node_copy(const Node *n)
{
    if (!n) return NULL;
    Node *c = node_new(n->kind, n->type);
    *c = *n;
    for (int k = 0; k < n->nkids; k++)
        c->kid[k] = node_copy(n->kid[k]);
    return c;
}

static Node *lit(Type type, const char *text)
{
    Node *n = node_new(N_LIT, type);
    snprintf(n->text, sizeof n->text, "%s", text);
    return n;
}

static const char *const NUM_LITS[] = {"0", "1", "2", "3", "7", "10", "12", "100", "0.5", "1.5", "2.5",
                                       "1.005", "2.675", "0.1", "1e6", "15%", "9007199254740993",
                                       "9223372036854775807"};
static const char *const TEXT_LITS[] = {"\"a\"", "\"b\"", "\"B\"", "\"lead\"", "\"won\"", "\"\""};
static const char *const DATE_LITS[] = {"2026-01-01", "2026-03-31", "2026-02-28", "2025-12-31", "2026-06-30"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Node *num_literal(Gen *g)
{
    int n = COUNT(NUM_LITS) - ((g->f & F_UNTIDY) ? 0 : 2);
    if (rng_chance(g->r, 3))
        return lit(T_NUM, "null");
    return lit(T_NUM, NUM_LITS[rng_below(g->r, n)]);
}

static Node *date_literal(Gen *g)
{
    const char *t = DATE_LITS[rng_below(g->r, COUNT(DATE_LITS))];
    Node *n = node_new(N_DATELIT, T_DATE);
    snprintf(n->text, sizeof n->text, "%s", t);
    n->ival = day_number(atoi(t), atoi(t + 5), atoi(t + 8));
    return n;
}

static int reads_numbers(const Column *c)
{
    return strcmp(c->decl, "REAL") == 0 || strcmp(c->decl, "INTEGER") == 0 || strcmp(c->decl, "NUMERIC") == 0;
}

/* A column of the wanted kind that the scope may read; NULL if none. */
static Node *column(Gen *g, ColKind kind, int scope, int numbers_only)
{
    const Column *pool[2 * MAX_COLS];
    int rels[2 * MAX_COLS], n = 0;
    for (int side = 0; side < 2; side++) {
        if ((side == 0 && scope == SCOPE_AGG_VALUE) || (side == 1 && scope == SCOPE_ENTITY))
            continue;
        const Table *t = side ? &g->sc->rel : &g->sc->ent;
        for (int k = 0; k < t->ncols; k++)
            if (t->cols[k].kind == kind && (!numbers_only || reads_numbers(&t->cols[k])))
                pool[n] = &t->cols[k], rels[n++] = side;
    }
    if (n == 0) return NULL;
    int pick = rng_below(g->r, n);
    Node *c = node_new(N_COL, kind == C_NUM ? T_NUM : kind == C_TEXT ? T_TEXT : T_DATE);
    c->col = pool[pick];
    c->rel = rels[pick];
    return c;
}

/* A number leaf.  bare_ok: the context itself reads the value as a number. */
static Node *num_leaf(Gen *g, int scope, int bare_ok)
{
    if (scope != SCOPE_AGG_VALUE && rng_chance(g->r, 35))
        return num_literal(g);
    int wrap = !bare_ok && (g->f & F_ARITH);
    Node *c = column(g, C_NUM, scope, !bare_ok && !wrap);
    if (!c) return num_literal(g);
    if (!reads_numbers(c->col) && !bare_ok) {
        Node *kids[2] = {c, lit(T_NUM, "0")};
        return node_op(N_BIN, T_NUM, "+", 2, kids);
    }
    return c;
}

static Node *gen_num(Gen *g, int depth, int scope, int bare_ok);
static Node *gen_bool(Gen *g, int depth, int scope);

static Node *gen_date(Gen *g, int depth, int scope)
{
    int k = rng_below(g->r, 6);
    if (k < 3) {
        Node *c = column(g, C_DATE, scope, 0);
        if (c) return c;
    }
    if (k == 3 && scope != SCOPE_AGG_VALUE)
        return node_new(N_ASOF, T_DATE);
    if (k == 4 && depth > 0) {
        Node *kids[1] = {gen_date(g, depth - 1, scope)};
        Node *n = node_op(N_ADDMONTHS, T_DATE, "months", 1, kids);
        n->ival = 1 + rng_below(g->r, 13);
        return n;
    }
    return date_literal(g);
}

static int reads_relation(const Node *n)
{
    if (!n) return 0;
    if (n->kind == N_COL && n->rel) return 1;
    for (int k = 0; k < n->nkids; k++)
        if (reads_relation(n->kid[k])) return 1;
    return 0;
}

static Node *aggregate(Gen *g, int depth, Type want)
{
    static const char *const NUM_AGGS[] = {"count", "countd", "sum", "avg", "min", "max"};
    const char *op = want == T_BOOL ? "exists" : NUM_AGGS[rng_below(g->r, COUNT(NUM_AGGS))];
    Node *kids[2] = {NULL, NULL};
    if (strcmp(op, "count") && strcmp(op, "exists")) {
        int bare = strcmp(op, "sum") == 0 || strcmp(op, "avg") == 0;
        /* kam rejects an aggregate whose value reads no relation column */
        for (int tries = 0; tries < 20 && !reads_relation(kids[0]); tries++) {
            node_free(kids[0]);
            kids[0] = gen_num(g, depth > 1 ? rng_below(g->r, 2) : 0, SCOPE_AGG_VALUE, bare);
        }
        if (!reads_relation(kids[0])) {
            node_free(kids[0]);
            kids[0] = column(g, C_NUM, SCOPE_AGG_VALUE, 1);
        }
    }
    if ((!strcmp(op, "min") || !strcmp(op, "max")) && rng_chance(g->r, 30)) {
        /* min/max of an untyped column of numbers: a cell it cannot read as
         * a number is skipped, never returned */
        node_free(kids[0]);
        kids[0] = node_new(N_COL, T_NUM);
        kids[0]->col = &g->sc->rel.cols[3]; /* z, untyped */
        kids[0]->rel = 1;
    }
    if (rng_chance(g->r, 60))
        kids[1] = gen_bool(g, depth > 1 ? 1 + rng_below(g->r, 2) : 1, SCOPE_AGG_WHERE);
    Node *n = node_op(N_AGG, want, op, 2, kids);
    return n;
}

static Node *call(const char *name, Type type, int nkids, Node **kids)
{
    return node_op(N_CALL, type, name, nkids, kids);
}

static Node *gen_num(Gen *g, int depth, int scope, int bare_ok)
{
    if (depth <= 0 || rng_chance(g->r, 20))
        return num_leaf(g, scope, bare_ok);
    for (;;) {
        Node *k[4];
        switch (rng_below(g->r, 12)) {
        case 0: case 1: case 2:
            if (!(g->f & F_ARITH)) break;
            k[0] = gen_num(g, depth - 1, scope, 1), k[1] = gen_num(g, depth - 1, scope, 1);
            return node_op(N_BIN, T_NUM, (const char *[]){"+", "-", "*", "/"}[rng_below(g->r, 4)], 2, k);
        case 3:
            if (!(g->f & F_ARITH)) break;
            k[0] = gen_num(g, depth - 1, scope, 1);
            return node_op(N_NEG, T_NUM, "-", 1, k);
        case 4: {
            if (!(g->f & F_BUILTIN)) break;
            static const char *const F[] = {"coalesce", "least", "greatest"};
            int n = 2 + rng_below(g->r, 2);
            for (int i = 0; i < n; i++)
                k[i] = gen_num(g, depth - 1, scope, 0);
            return call(F[rng_below(g->r, 3)], T_NUM, n, k);
        }
        case 5:
            if (!(g->f & F_BUILTIN)) break;
            k[0] = gen_num(g, depth - 1, scope, 1);
            return call("abs", T_NUM, 1, k);
        case 6: {
            if (!(g->f & F_ROUND)) break;
            k[0] = gen_num(g, depth - 1, scope, 1);
            if (rng_chance(g->r, 25))
                return call("round", T_NUM, 1, k);
            char digits[4];
            snprintf(digits, sizeof digits, "%d", rng_below(g->r, 4));
            k[1] = lit(T_NUM, digits);
            return call("round", T_NUM, 2, k);
        }
        case 7: {
            if (!(g->f & F_LOGIC)) break;
            int n = rng_chance(g->r, 50) ? 2 : 1, i = 0;
            Node *c = node_new(N_CASE, T_NUM);
            for (int w = 0; w < n; w++) {
                c->kid[i++] = gen_bool(g, depth - 1, scope);
                c->kid[i++] = gen_num(g, depth - 1, scope, 0);
            }
            if (rng_chance(g->r, 70))
                c->kid[i++] = gen_num(g, depth - 1, scope, 0);
            c->nkids = i;
            return c;
        }
        case 8: case 9:
            if (!(g->f & F_AGG) || scope != SCOPE_ENTITY) break;
            return aggregate(g, depth, T_NUM);
        case 10: {
            if (!(g->f & F_DATES)) break;
            int which = rng_below(g->r, 3);
            k[0] = gen_date(g, depth - 1, scope);
            if (which == 0) {
                k[1] = gen_date(g, depth - 1, scope);
                return call("days", T_NUM, 2, k);
            }
            return call(which == 1 ? "year" : "month", T_NUM, 1, k);
        }
        default:
            return num_leaf(g, scope, bare_ok);
        }
    }
}

static const char *cmp_op(Gen *g) { return (const char *[]){"=", "!=", "<", "<=", ">", ">="}[rng_below(g->r, 6)]; }

static Node *text_side(Gen *g, int scope)
{
    Node *c = rng_chance(g->r, 75) ? column(g, C_TEXT, scope, 0) : NULL;
    return c ? c : lit(T_TEXT, TEXT_LITS[rng_below(g->r, COUNT(TEXT_LITS))]);
}

static Node *comparison(Gen *g, int depth, int scope)
{
    Node *k[2];
    int what = rng_below(g->r, 10);
    if (what == 0 && (g->f & F_TEXT)) {
        k[0] = text_side(g, scope), k[1] = text_side(g, scope);
    } else if (what == 1 && (g->f & F_DATES)) {
        k[0] = gen_date(g, depth - 1, scope), k[1] = gen_date(g, depth - 1, scope);
    } else {
        k[0] = gen_num(g, depth - 1, scope, 0), k[1] = gen_num(g, depth - 1, scope, 1);
    }
    return node_op(N_BIN, T_BOOL, cmp_op(g), 2, k);
}

static Node *membership(Gen *g, int depth, int scope)
{
    Node *n = node_new(N_IN, T_BOOL);
    int text = (g->f & F_TEXT) && rng_chance(g->r, 30);
    n->kid[0] = text ? text_side(g, scope) : gen_num(g, depth - 1, scope, 0);
    n->nkids = 2 + rng_below(g->r, 3);
    for (int i = 1; i < n->nkids; i++)
        n->kid[i] = text ? lit(T_TEXT, TEXT_LITS[rng_below(g->r, COUNT(TEXT_LITS))])
                         : rng_chance(g->r, 70) ? num_literal(g) : gen_num(g, depth - 1, scope, 0);
    n->neg = rng_chance(g->r, 30);
    return n;
}

static Node *gen_bool(Gen *g, int depth, int scope)
{
    if (depth <= 0) {
        if (rng_chance(g->r, 10))
            return lit(T_BOOL, (const char *[]){"true", "false", "null"}[rng_below(g->r, 3)]);
        depth = 1;
    }
    for (;;) {
        Node *k[3];
        switch (rng_below(g->r, 10)) {
        case 0: case 1: case 2:
            return comparison(g, depth, scope);
        case 3:
            if (!(g->f & F_LOGIC)) break;
            k[0] = gen_bool(g, depth - 1, scope), k[1] = gen_bool(g, depth - 1, scope);
            return node_op(N_BIN, T_BOOL, rng_chance(g->r, 50) ? "and" : "or", 2, k);
        case 4:
            if (!(g->f & F_LOGIC)) break;
            k[0] = gen_bool(g, depth - 1, scope);
            return node_op(N_NOT, T_BOOL, "not", 1, k);
        case 5:
            if (!(g->f & F_LOGIC)) break;
            return membership(g, depth, scope);
        case 6:
            if (!(g->f & F_LOGIC)) break;
            k[0] = gen_num(g, depth - 1, scope, 0);
            k[1] = gen_num(g, depth - 1, scope, 1), k[2] = gen_num(g, depth - 1, scope, 1);
            return node_op(N_BETWEEN, T_BOOL, "between", 3, k);
        case 7: {
            if (!(g->f & F_LOGIC)) break;
            int what = rng_below(g->r, 3);
            k[0] = what == 0 && (g->f & F_TEXT) ? text_side(g, scope)
                   : what == 1 && (g->f & F_DATES) ? gen_date(g, depth - 1, scope)
                   : gen_num(g, depth - 1, scope, 0);
            Node *n = node_op(N_ISNULL, T_BOOL, "is null", 1, k);
            n->neg = rng_chance(g->r, 40);
            return n;
        }
        case 8:
            if (!(g->f & F_AGG) || scope != SCOPE_ENTITY) break;
            return aggregate(g, depth, T_BOOL);
        default:
            return comparison(g, depth, scope);
        }
    }
}

Node *rules_expr(const Schema *sc, Rng *r, int depth)
{
    Gen g = {sc, r, sc->features};
    return rng_chance(r, 75) ? gen_num(&g, depth, SCOPE_ENTITY, 0) : gen_bool(&g, depth, SCOPE_ENTITY);
}

/* ---- kam text ---- */

static int put(char *buf, size_t len, size_t *pos, const char *fmt, const char *a, const char *b)
{
    int n = snprintf(buf + *pos, *pos < len ? len - *pos : 0, fmt, a, b);
    *pos += (size_t)n;
    return *pos < len ? 0 : -1;
}

#define PUT(fmt) put(buf, len, pos, fmt, "", "")
#define PUT1(fmt, a) put(buf, len, pos, fmt, a, "")
#define PUT2(fmt, a, b) put(buf, len, pos, fmt, a, b)

static int kam_list(const Node *n, int from, char *buf, size_t len, size_t *pos)
{
    for (int k = from; k < n->nkids; k++) {
        if (k > from) PUT(", ");
        kam_text(n->kid[k], buf, len, pos);
    }
    return 0;
}

static void kam_aggregate(const Node *n, char *buf, size_t len, size_t *pos)
{
    int countd = strcmp(n->op, "countd") == 0;
    PUT1("%s(", countd ? "count" : n->op);
    if (countd) PUT("distinct ");
    if (n->kid[0]) kam_text(n->kid[0], buf, len, pos);
    else PUT("deals");
    if (n->kid[1]) {
        PUT(" where ");
        kam_text(n->kid[1], buf, len, pos);
    }
    PUT(")");
}

int kam_text(const Node *n, char *buf, size_t len, size_t *pos)
{
    switch (n->kind) {
    case N_LIT: case N_DATELIT: PUT1("%s", n->text); break;
    case N_ASOF: PUT("as_of"); break;
    case N_COL: PUT2("%s%s", n->rel ? "deals." : "", n->col->name); break;
    case N_BIN:
        PUT("(");
        kam_text(n->kid[0], buf, len, pos);
        PUT1(" %s ", n->op);
        kam_text(n->kid[1], buf, len, pos);
        PUT(")");
        break;
    case N_NEG: case N_NOT:
        PUT1("(%s", n->kind == N_NEG ? "-" : "not ");
        kam_text(n->kid[0], buf, len, pos);
        PUT(")");
        break;
    case N_ISNULL:
        PUT("(");
        kam_text(n->kid[0], buf, len, pos);
        PUT1(" %s)", n->neg ? "is not null" : "is null");
        break;
    case N_IN:
        PUT("(");
        kam_text(n->kid[0], buf, len, pos);
        PUT1(" %s (", n->neg ? "not in" : "in");
        kam_list(n, 1, buf, len, pos);
        PUT("))");
        break;
    case N_BETWEEN:
        PUT("(");
        kam_text(n->kid[0], buf, len, pos);
        PUT(" between ");
        kam_text(n->kid[1], buf, len, pos);
        PUT(" and ");
        kam_text(n->kid[2], buf, len, pos);
        PUT(")");
        break;
    case N_CASE:
        PUT("case");
        for (int k = 0; k + 1 < n->nkids; k += 2) {
            PUT(" when ");
            kam_text(n->kid[k], buf, len, pos);
            PUT(" then ");
            kam_text(n->kid[k + 1], buf, len, pos);
        }
        if (n->nkids % 2) {
            PUT(" else ");
            kam_text(n->kid[n->nkids - 1], buf, len, pos);
        }
        PUT(" end");
        break;
    case N_CALL:
        PUT1("%s(", n->op);
        if (strcmp(n->op, "days") == 0) {
            kam_text(n->kid[0], buf, len, pos);
            PUT(" - ");
            kam_text(n->kid[1], buf, len, pos);
        } else {
            kam_list(n, 0, buf, len, pos);
        }
        PUT(")");
        break;
    case N_ADDMONTHS: {
        char num[24];
        snprintf(num, sizeof num, "%lld", n->ival);
        PUT("(");
        kam_text(n->kid[0], buf, len, pos);
        PUT2(" + %s %s)", num, n->ival == 1 ? "month" : "months");
        break;
    }
    case N_AGG: kam_aggregate(n, buf, len, pos); break;
    }
    return *pos < len ? 0 : -1;
}

void rules_header(const Schema *sc, char *buf, size_t len)
{
    snprintf(buf, len, "entity %s from %s key %s\nrelation %s from %s on %s\n", sc->ent.kname, sc->ent.table,
             sc->ent.keycol, sc->rel.kname, sc->rel.table, sc->rel.keycol);
}
