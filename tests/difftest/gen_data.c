/* gen_data.c — the random database of one seed: an entity table and a
 * relation table whose key and join columns have independently chosen
 * declared types (INTEGER, TEXT, untyped, TEXT COLLATE NOCASE, NUMERIC),
 * keys stored as integers, reals, text digits and mixed-case text, NULL and
 * repeated; numeric columns of every declared affinity holding untidy cells;
 * date columns holding real and impossible dates.  All values are bound
 * parameters, so SQLite applies each column's affinity as a user's insert
 * would. */
#include "difftest.h"

#include <stdio.h>
#include <string.h>

uint64_t rng_next(Rng *r)
{
    /* splitmix64: tiny, and the same sequence on every platform */
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int rng_below(Rng *r, int n) { return n <= 1 ? 0 : (int)(rng_next(r) % (uint64_t)n); }
int rng_chance(Rng *r, int percent) { return rng_below(r, 100) < percent; }

/* A cell to insert: the letter says its type (i integer, r real, t text, n null). */
typedef struct {
    char type;
    long long i;
    double d;
    const char *t;
} Cell;

#define I(v) { 'i', (v), 0, NULL }
#define R(v) { 'r', 0, (v), NULL }
#define S(v) { 't', 0, 0, (v) }
#define NUL { 'n', 0, 0, NULL }

static const Cell NUM_TIDY[] = {NUL, I(0), I(1), I(-1), I(2), I(3), I(7), I(10), I(12), I(100),
                                R(0.5), R(1.5), R(-2.5), R(1.005), R(2.675), R(0.1), R(1.0)};
static const Cell NUM_UNTIDY[] = {S(""), S("1,200"), S(" 7 "), S("abc"), S("12"), S("-3.5"), S("1e6"),
                                  S("01"), S("9007199254740993"), I(9007199254740993LL),
                                  I(9007199254740992LL), I(9223372036854775807LL), I(-9223372036854775807LL - 1),
                                  I(9223372036854775806LL), R(1e15 + 0.5), S("2.675")};
static const Cell KEY_ENT[] = {I(1), I(2), I(3), S("1"), S("2"), S("b"), S("B"), S("a"), R(1.0),
                               S(" 1"), S("01"), I(10), S("10"), R(2.5)};
static const Cell KEY_REL[] = {I(1), I(2), I(3), R(1.0), S("1"), S(" 1"), S("01"), S("2"), S("b"), S("B"),
                               S("a"), NUL, I(10), S("10"), I(4), R(2.5), S("2.5")};
static const Cell TEXTS[] = {NUL, S("a"), S("b"), S("B"), S("lead"), S("Lead"), S("won"), S("")};
static const Cell DATES_OK[] = {NUL, S("2026-03-31"), S("2026-02-28"), S("2024-02-29"), S("2026-06-30"),
                                S("2025-12-31"), S("2026-06-30 12:00"), S("2026-01-15 08:15:00"),
                                S("2026-01-31")};
static const Cell DATES_BAD[] = {S("2026-02-30"), S("2025-13-01"), S("2026/03/05"), S(""), S("soon"),
                                 I(20260305)};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const KEY_TYPES[] = {"INTEGER", "TEXT", "", "TEXT COLLATE NOCASE", "NUMERIC"};

static void add_col(Table *t, const char *name, const char *decl, ColKind kind)
{
    Column *c = &t->cols[t->ncols++];
    c->name = name;
    c->decl = decl;
    c->kind = kind;
}

/* The columns are fixed (x REAL, i INTEGER, n NUMERIC, u untyped, t TEXT as
 * numbers; s, sn as text; d DATE); only the key types vary with the seed. */
void schema_choose(Schema *sc, Rng *r, unsigned features)
{
    memset(sc, 0, sizeof *sc);
    sc->features = features;
    Table *e = &sc->ent, *l = &sc->rel;
    e->table = "acc", e->kname = "account", e->keycol = "id";
    l->table = "rel", l->kname = "deals", l->keycol = "fk";
    int keys = (features & F_KEYS) != 0;
    e->keydecl = keys ? KEY_TYPES[rng_below(r, 4)] : "INTEGER";
    l->keydecl = keys ? KEY_TYPES[rng_below(r, 5)] : "INTEGER";
    static const char *const ENT_NUM[] = {"x", "i", "n", "u", "t"};
    static const char *const REL_NUM[] = {"v", "w", "m", "z", "q"};
    static const char *const DECLS[] = {"REAL", "INTEGER", "NUMERIC", "", "TEXT"};
    for (int k = 0; k < 5; k++) {
        add_col(e, ENT_NUM[k], DECLS[k], C_NUM);
        add_col(l, REL_NUM[k], DECLS[k], C_NUM);
    }
    add_col(e, "s", "TEXT", C_TEXT), add_col(l, "s", "TEXT", C_TEXT);
    add_col(e, "sn", "TEXT COLLATE NOCASE", C_TEXT), add_col(l, "sn", "TEXT COLLATE NOCASE", C_TEXT);
    add_col(e, "d", "DATE", C_DATE), add_col(l, "d", "DATE", C_DATE);
}

static Cell pick(Rng *r, const Cell *a, int n) { return a[rng_below(r, n)]; }

static Cell number_cell(Rng *r, unsigned f)
{
    if ((f & F_UNTIDY) && rng_chance(r, 40))
        return pick(r, NUM_UNTIDY, COUNT(NUM_UNTIDY));
    return pick(r, NUM_TIDY, COUNT(NUM_TIDY));
}

static Cell date_cell(Rng *r, unsigned f)
{
    if ((f & (F_DATES | F_UNTIDY)) && rng_chance(r, 30))
        return pick(r, DATES_BAD, COUNT(DATES_BAD));
    return pick(r, DATES_OK, COUNT(DATES_OK));
}

static Cell column_cell(Rng *r, const Column *c, unsigned f)
{
    switch (c->kind) {
    case C_NUM: return number_cell(r, f);
    case C_TEXT: return pick(r, TEXTS, COUNT(TEXTS));
    default: return date_cell(r, f);
    }
}

static void bind_cell(sqlite3_stmt *st, int idx, Cell c)
{
    switch (c.type) {
    case 'i': sqlite3_bind_int64(st, idx, c.i); break;
    case 'r': sqlite3_bind_double(st, idx, c.d); break;
    case 't': sqlite3_bind_text(st, idx, c.t, -1, SQLITE_STATIC); break;
    default: sqlite3_bind_null(st, idx);
    }
}

static int create_table(sqlite3 *db, const Table *t)
{
    char sql[1024];
    int n = snprintf(sql, sizeof sql, "CREATE TABLE %s(%s %s", t->table, t->keycol, t->keydecl);
    for (int k = 0; k < t->ncols; k++)
        n += snprintf(sql + n, sizeof sql - (size_t)n, ", %s %s", t->cols[k].name, t->cols[k].decl);
    snprintf(sql + n, sizeof sql - (size_t)n, ")");
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int insert_rows(sqlite3 *db, const Table *t, Rng *r, unsigned f, int nrows, int is_entity)
{
    char sql[512];
    int n = snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (?", t->table);
    for (int k = 0; k < t->ncols; k++)
        n += snprintf(sql + n, sizeof sql - (size_t)n, ", ?");
    snprintf(sql + n, sizeof sql - (size_t)n, ")");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    Cell keys[16];
    for (int row = 0; row < nrows; row++) {
        Cell key;
        if (!(f & F_KEYS))
            key = (Cell)I(is_entity ? row + 1 : 1 + rng_below(r, nrows > 4 ? 5 : 4));
        else if (is_entity && row > 0 && rng_chance(r, 10))
            key = keys[rng_below(r, row)]; /* a repeated key: skipped by kam */
        else if (is_entity && rng_chance(r, 5))
            key = (Cell)NUL; /* a null key: skipped by kam */
        else
            key = is_entity ? pick(r, KEY_ENT, COUNT(KEY_ENT)) : pick(r, KEY_REL, COUNT(KEY_REL));
        if (row < 16)
            keys[row] = key;
        bind_cell(st, 1, key);
        for (int k = 0; k < t->ncols; k++)
            bind_cell(st, k + 2, column_cell(r, &t->cols[k], f));
        if (sqlite3_step(st) != SQLITE_DONE)
            break;
        sqlite3_reset(st);
    }
    return sqlite3_finalize(st);
}

int data_write(const Schema *sc, Rng *r, const char *db_path, char *err, size_t errlen)
{
    sqlite3 *db;
    remove(db_path);
    if (sqlite3_open(db_path, &db) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", db_path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    unsigned f = sc->features;
    int nent = 3 + rng_below(r, 5), nrel = rng_below(r, 15);
    int rc = sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL); /* scratch data */
    if (rc == SQLITE_OK) rc = create_table(db, &sc->ent);
    if (rc == SQLITE_OK) rc = create_table(db, &sc->rel);
    if (rc == SQLITE_OK) rc = insert_rows(db, &sc->ent, r, f, nent, 1);
    if (rc == SQLITE_OK) rc = insert_rows(db, &sc->rel, r, f, nrel, 0);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        snprintf(err, errlen, "%s: %s", db_path, sqlite3_errmsg(db));
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}
