/* difftest.h — shared types of the differential test that pits kam against
 * SQLite.  One seed gives one Case: a database (gen_data.c), a rule file of
 * random outputs (gen_rules.c); kam runs it, the reference (reference.c)
 * computes every output in SQLite itself, compare.c reports disagreements
 * and shrinks them to a small reproduction. */
#ifndef DIFFTEST_H
#define DIFFTEST_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Feature groups, so a failure can be attributed (--only a,b,...). */
enum {
    F_ARITH = 1 << 0,   /* + - * / unary - */
    F_LOGIC = 1 << 1,   /* = != < <= > >=, and or not, in, between, is null, case */
    F_BUILTIN = 1 << 2, /* coalesce abs least greatest */
    F_ROUND = 1 << 3,   /* round(x[, n]) */
    F_AGG = 1 << 4,     /* count exists sum avg min max count(distinct) */
    F_KEYS = 1 << 5,    /* key columns of varied declared types and stored types */
    F_UNTIDY = 1 << 6,  /* text cells in numeric columns, huge integers */
    F_DATES = 1 << 7,   /* date columns, valid and not */
    F_TEXT = 1 << 8,    /* text comparisons (declared collations must not apply) */
    F_ALL = (1 << 9) - 1
};

typedef struct {
    uint64_t s;
} Rng;
uint64_t rng_next(Rng *r);
int rng_below(Rng *r, int n); /* 0 .. n-1 */
int rng_chance(Rng *r, int percent);

/* What a column holds for the expression generator. */
typedef enum { C_NUM, C_TEXT, C_DATE } ColKind;

typedef struct {
    const char *name;
    const char *decl; /* declared type as written in CREATE TABLE */
    ColKind kind;
} Column;

#define MAX_COLS 12
typedef struct {
    const char *table;  /* SQL table name */
    const char *kname;  /* kam name of the entity or relation */
    const char *keycol; /* key (entity) or join column (relation) */
    const char *keydecl;
    Column cols[MAX_COLS];
    int ncols;
} Table;

typedef struct {
    unsigned features;
    Table ent, rel;
} Schema;

/* Expression trees: one tree renders both as kam text and as reference SQL. */
typedef enum { T_NUM, T_BOOL, T_TEXT, T_DATE } Type;

typedef enum {
    N_LIT,     /* text: literal as written (number, "text", true, false, null) */
    N_DATELIT, /* text: ISO date; ival: its day number */
    N_ASOF,
    N_COL,     /* col, rel (0 entity, 1 relation) */
    N_BIN,     /* op: "+", "-", "*", "/", "=", "!=", "<", "<=", ">", ">=", "and", "or" */
    N_NEG, N_NOT,
    N_ISNULL,  /* neg: is not null */
    N_IN,      /* kid[0] in (kid[1..]); neg: not in */
    N_BETWEEN,
    N_CASE,    /* kids: cond, value, cond, value, ..., else value (odd count) */
    N_CALL,    /* op: coalesce abs round least greatest days year month */
    N_ADDMONTHS, /* kid[0] + ival months */
    N_AGG      /* op: count exists sum avg min max countd; kid[0] expr (or NULL), kid[1] where (or NULL) */
} NodeKind;

#define MAX_KIDS 6
typedef struct Node {
    NodeKind kind;
    Type type;
    const char *op;
    int neg;
    int rel;
    long long ival;
    const Column *col;
    char text[40];
    int nkids;
    struct Node *kid[MAX_KIDS];
} Node;

/* gen_data.c */
void schema_choose(Schema *sc, Rng *r, unsigned features);
int data_write(const Schema *sc, Rng *r, const char *db_path, char *err, size_t errlen);

/* gen_rules.c */
Node *rules_expr(const Schema *sc, Rng *r, int depth);
void node_free(Node *n);
Node *node_copy(const Node *n);
int kam_text(const Node *n, char *buf, size_t len, size_t *pos);
void rules_header(const Schema *sc, char *buf, size_t len);
extern const char *const ASOF_TEXT;
long long day_number(int y, int m, int d);

/* reference.c */
void reference_register(sqlite3 *db);
int reference_self_check(void); /* the contract's examples; -1 (printed) on a mismatch */
int sql_text(const Schema *sc, const Node *n, char *buf, size_t len, size_t *pos);
/* How the last reference evaluation may be compared (reset before each row). */
extern int ref_undefined; /* the contract does not fix this value: skip */
extern int ref_loose;     /* summation order may move the last bits: relative tolerance */

/* compare.c */
typedef struct {
    int seed;
    const char *kam;
    const char *outdir; /* failing cases are saved here */
    const char *work;   /* scratch directory of the current seed */
    int nout;
    int minimise;
} RunOpts;
int run_seed(const RunOpts *o, unsigned features, int *disagreements);

#endif
