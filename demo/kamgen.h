/*
 * kamgen.h -- what the files of the demo-data generator share: the random
 * streams, the calendar, a row's fields, the database plumbing, the
 * account profile and the rates of untidy values.
 *
 * The generator's files, in the order data flows through them:
 *   kamgen.c        command line, output file, the run over all accounts
 *   rng.c           splitmix64 streams, distributions, rounding
 *   names.c         company and person names
 *   fields.c        the calendar and a row's fields, clean or untidy
 *   db.c            the prepared inserts and the schema runner
 *   gen_accounts.c  the account profile, accounts, team, budgets
 *   gen_activity.c  deals, activities, contacts
 */
#ifndef KAMGEN_H
#define KAMGEN_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* Byte-identical output across compilers and flags needs plain IEEE double
 * arithmetic: a fused multiply-add rounds differently and would move a
 * rounding or a threshold now and then.  ISO C mode (-std=c11) already
 * keeps GCC from fusing; these also cover -std=gnu11 and clang with
 * -march=native.  Every file of the generator includes this header first. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#define COUNT_OF(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* Bounds that keep per-account scratch space fixed. */
enum {
    MAX_DEALS_PER_ACCOUNT = 600,   /* a whale's most deals */
    CALENDAR_CAPACITY = 1100,      /* days from 2024-01-01 to 2026-11-30 */
    TEXT_CAPACITY = 96,
    EMPLOYEE_COUNT = 800
};

/* Untidy values, the rates shared by several tables; deliberately small
 * (0.1%-2% of rows each).  Rates used by one table live with its code. */
static const double P_NULL_NUMBER       = 0.008; /* NULL in a numeric column */
static const double P_TEXT_NUMBER       = 0.004; /* malformed text there */
static const double P_NUMERIC_TEXT      = 0.003; /* well-formed number as text */

/* ---- rng.c: pseudo-random numbers ------------------------------------- */

struct rng { uint64_t state; };

/* Independent streams: whale placement, names and each table of an account
 * draw their own numbers, so retuning e.g. the team rows does not reshuffle
 * the deals of every account. */
enum stream {
    STREAM_ACCOUNT = 1, STREAM_WHALE, STREAM_NAMES, STREAM_EMPLOYEES,
    STREAM_TEAM, STREAM_DEALS, STREAM_ACTIVITIES, STREAM_CONTACTS, STREAM_BUDGETS,
    STREAM_GROUPS   /* appended last: the other streams keep their numbers */
};

uint64_t mix64(uint64_t z);
struct rng rng_for(uint64_t seed, enum stream stream, uint64_t id);
uint64_t rng_next(struct rng *r);
double rng_uniform(struct rng *r);
int rng_below(struct rng *r, int n);
int rng_chance(struct rng *r, double p);
double rng_normal(struct rng *r);
int rng_weighted(struct rng *r, const double *weights, int n);
int rng_poisson(struct rng *r, double lambda);
double exp_approx(double x);
double clamp(double x, double lo, double hi);
double round_to(double x, double step);
double round_to_fraction(double x, int units);

/* ---- names.c: company and person names -------------------------------- */

int account_name(uint64_t seed, int64_t id, char *out, size_t cap);
const char *industry_name(int industry);
void employee_name(uint64_t seed, int employee, char *out, size_t cap);
void random_person_name(struct rng *r, char *out, size_t cap);

/* ---- fields.c: the calendar and a row's fields ------------------------ */

/* Day 0 is 2024-01-01.  All ISO strings are made once up front, since
 * formatting tens of millions of dates would otherwise cost seconds. */
struct calendar {
    char iso[CALENDAR_CAPACITY][11];
    int today;      /* 2026-11-27: the data set's "now" */
    int last_day;   /* 2026-11-30: end of the deal date range */
};

int calendar_init(struct calendar *cal);

/* One column value of a row.  A row is built as an array of these and bound
 * in one place, so "sometimes NULL, sometimes text" needs no special insert
 * code. */
enum field_kind { FIELD_NULL, FIELD_INT, FIELD_REAL, FIELD_TEXT };

struct field {
    enum field_kind kind;
    int64_t i;
    double r;
    char text[TEXT_CAPACITY];
};

/* How a value is spoiled; one uniform draw decides, so the draw count per
 * row does not depend on the outcome. */
enum messiness { CLEAN, AS_NULL, AS_JUNK_TEXT, AS_NUMERIC_TEXT };

void set_null(struct field *v);
void set_int(struct field *v, int64_t i);
void set_real(struct field *v, double r);
void set_text(struct field *v, const char *s);
void set_textf(struct field *v, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void set_grouped_amount(struct field *v, double amount);
enum messiness draw_messiness(struct rng *r, double p_null, double p_junk, double p_numeric);
void set_text_untidy(struct rng *r, struct field *v, const char *s);
void set_date_untidy(struct rng *r, struct field *v, const struct calendar *cal, int day);

/* ---- db.c: the generator's state and the database plumbing ------------ */

enum table { T_ACCOUNTS, T_DEALS, T_CONTACTS, T_ACTIVITIES, T_TEAM, T_BUDGETS, TABLE_COUNT };

extern const char *const table_names[TABLE_COUNT];

/* What the activities of an account need to know about its deals. */
struct deal_note {
    int64_t id;
    int closed_day;   /* -1 while the deal is open */
};

/* Everything the generator needs, passed explicitly instead of globals. */
struct gen {
    sqlite3 *db;
    sqlite3_stmt *insert[TABLE_COUNT];
    int64_t rows[TABLE_COUNT];
    uint64_t seed;
    int64_t account_count;
    int64_t whale_count, whale_block;   /* one whale in each block of ids */
    int64_t big_groups;                 /* --big-groups: conglomerates headed by whales */
    struct calendar cal;
    /* Scratch for the account being generated; bounded, reused. */
    struct deal_note deals[MAX_DEALS_PER_ACCOUNT];
    int deal_count;
};

int report_db_error(sqlite3 *db, const char *doing);
int exec_sql(sqlite3 *db, const char *sql, const char *doing);
int exec_sql_range(sqlite3 *db, const char *begin, const char *end, const char *doing);
int prepare_inserts(struct gen *g);
void finalize_inserts(struct gen *g);
int insert_row(struct gen *g, enum table t, const struct field *row, int columns);

/* ---- gen_accounts.c and gen_activity.c: the rows of one account ------- */

/* The account profile: hidden traits that make an account's rows coherent
 * (big accounts have big deals, more deals, more executive visits ...). */
struct account {
    int64_t id;
    int whale;
    double scale;        /* size in standard deviations (log scale) */
    double bigness;      /* scale squashed into 0..1, for probabilities */
    int industry;
    int rank;            /* industry_rank */
    int region;
    double base_margin;  /* what the account's deals earn on average */
    int customer_manager;   /* employee index of the AR */
    int64_t big_group;   /* head of the conglomerate it belongs to (--big-groups), else 0 */
    char name[TEXT_CAPACITY];
};

/* Regions, indexed by struct account's region; deals use them too.  The
 * definitions (gen_accounts.c) give no size, so a list of another length
 * conflicts with these declarations and fails the build. */
enum { REGION_COUNT = 8 };
extern const char *const regions[REGION_COUNT];
extern const double region_weights[REGION_COUNT];

/* The median deal and how an account's size scales it (orders targets
 * follow the deals). */
static const double DEAL_MEDIAN_YUAN    = 1.0e6;
static const double DEAL_SCALE_WEIGHT   = 0.9;

void plan_whales(struct gen *g);
void draw_account(const struct gen *g, struct rng *r, int64_t id, struct account *a);
void draw_big_group(const struct gen *g, int64_t id, struct account *a);
int set_parent_groups(struct gen *g);
int insert_account(struct gen *g, struct rng *r, const struct account *a);
int insert_team(struct gen *g, struct rng *r, const struct account *a);
int insert_budgets(struct gen *g, struct rng *r, const struct account *a);
int insert_deals(struct gen *g, struct rng *r, const struct account *a);
int insert_activities(struct gen *g, struct rng *r, const struct account *a);
int insert_contacts(struct gen *g, struct rng *r, const struct account *a);

#endif
