/*
 * kamgen -- deterministic demo-data generator for kam.
 *
 * What it does: creates a new SQLite database holding the reference account
 * data model of rules/key_accounts/schema.sql (accounts, deals, contacts,
 * activities, team, budgets) and fills it with synthetic key-account data that looks
 * like a real CRM export: account sizes are skewed (most accounts are
 * small, a few are huge), about 1 account in 2000 is a "whale" with
 * hundreds of deals, money is in yuan, dates lie between 2024-01-01 and
 * 2026-11-30 and "today" is 2026-11-27.  At low, fixed rates it also plants
 * the untidy values real exports contain (NULLs and text in numeric
 * columns, misspelt lifecycles, impossible dates, date-times, empty
 * strings, a lower-case team role) so that the engine's data-warning
 * counters have something to count.
 *
 * The content depends only on (--accounts, --seed, --big-groups): the same arguments give
 * a byte-identical file (with the same SQLite library).  The generator uses
 * its own PRNG (rng.c), never rand() or the clock, and every account draws
 * from its own streams derived from (seed, account id), so an account gets
 * the same values whether 100 or 1,000,000 accounts are generated; only
 * which accounts are whales -- and with it the sequential ids of the deals,
 * contacts and activities after them -- depends on the number of accounts.
 * Rows are streamed into one transaction through prepared statements, so
 * memory does not grow with the number of accounts.
 *
 * What it does not do: it models no real company or person; it evaluates no
 * rule and computes no tier (that is the engine's job); it never appends to
 * or repairs an existing database; it reads no file -- the Makefile turns
 * rules/key_accounts/schema.sql into demo_schema.h at build time, so the one
 * schema file is the one the binary carries.  Its calendar and number grouping are the
 * engine's (libkam).
 *
 * This file: the command line, the output file and the run over all
 * accounts; kamgen.h lists the other files.
 */
#include "kamgen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The schema as a C string, generated from rules/key_accounts/schema.sql:
 * static const char schema_sql[]. */
#include "demo_schema.h"

/* Exit codes promised by the usage text. */
enum { EXIT_USAGE = 2, EXIT_DATABASE = 3 };

/* One account with everything that hangs off it, each table from its own
 * stream of (seed, account id). */
static int generate_account(struct gen *g, int64_t id)
{
    const uint64_t key = (uint64_t)id;
    struct rng account_rng = rng_for(g->seed, STREAM_ACCOUNT, key);
    struct rng team_rng = rng_for(g->seed, STREAM_TEAM, key);
    struct rng deal_rng = rng_for(g->seed, STREAM_DEALS, key);
    struct rng activity_rng = rng_for(g->seed, STREAM_ACTIVITIES, key);
    struct rng contact_rng = rng_for(g->seed, STREAM_CONTACTS, key);
    struct rng budget_rng = rng_for(g->seed, STREAM_BUDGETS, key);
    struct account a;

    draw_account(g, &account_rng, id, &a);
    draw_big_group(g, id, &a);
    /* Deals before activities: retrospectives refer to the deals. */
    if (insert_account(g, &account_rng, &a) != 0 || insert_team(g, &team_rng, &a) != 0
        || insert_deals(g, &deal_rng, &a) != 0 || insert_activities(g, &activity_rng, &a) != 0
        || insert_contacts(g, &contact_rng, &a) != 0 || insert_budgets(g, &budget_rng, &a) != 0)
        return -1;
    return 0;
}

struct options {
    const char *out;
    int64_t accounts;
    int64_t big_groups;
    uint64_t seed;
    int force;
    int print_schema;
};

/* Fills the open, empty database.  Tables first, data in one transaction,
 * indexes last because building them once is far cheaper than keeping them
 * up to date row by row. */
static int fill_database(struct gen *g)
{
    const char *indexes = strstr(schema_sql, "CREATE INDEX");
    if (indexes == NULL) {
        fprintf(stderr, "kamgen: internal error: rules/key_accounts/schema.sql has no indexes\n");
        return -1;
    }
    /* Nothing to protect while generating: a failed run is deleted anyway.
     * The page cache is bounded (64 MiB) so memory does not grow with N. */
    if (exec_sql(g->db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                        " PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-65536;",
                 "configuring the connection") != 0
        || exec_sql_range(g->db, schema_sql, indexes, "creating the tables") != 0
        || prepare_inserts(g) != 0
        || exec_sql(g->db, "BEGIN", "starting the transaction") != 0)
        return -1;
    for (int64_t id = 1; id <= g->account_count; id++) {
        if (generate_account(g, id) != 0)
            return -1;
    }
    finalize_inserts(g);
    if (set_parent_groups(g) != 0)
        return -1;
    if (exec_sql_range(g->db, indexes, schema_sql + strlen(schema_sql), "creating the indexes") != 0
        || exec_sql(g->db, "COMMIT", "committing") != 0)
        return -1;
    return 0;
}

/* Deletes path only if it can be opened for update as a file: a directory
 * or a read-only file is left alone, and the "wx" open then reports it. */
static void remove_if_writable_file(const char *path)
{
    FILE *f = fopen(path, "r+b");
    if (f == NULL)
        return;
    fclose(f);
    remove(path);
}

/* --force: deletes the old output.  A stale rollback journal next to a new
 * database would be "rolled back" into it, so SQLite's companion files go
 * too. */
static int remove_old_output(const char *out)
{
    static const char *const companions[] = { "", "-journal", "-wal", "-shm" };
    char path[4096];
    if (strlen(out) + sizeof "-journal" > sizeof path) {
        fprintf(stderr, "kamgen: output path too long\n");
        return EXIT_USAGE;
    }
    for (int i = 0; i < COUNT_OF(companions); i++) {
        snprintf(path, sizeof path, "%s%s", out, companions[i]);
        remove_if_writable_file(path);
    }
    return 0;
}

/* Says why the exclusive create of the output failed. */
static int report_create_failure(const struct options *opt, int create_errno)
{
    FILE *existing = fopen(opt->out, "rb");
    if (existing != NULL) {
        fclose(existing);
        fprintf(stderr, "kamgen: %s already exists; %s\n", opt->out,
                opt->force ? "it is not a writable file" : "use --force to replace it");
        return EXIT_USAGE;
    }
    fprintf(stderr, "kamgen: cannot create %s: %s\n", opt->out, strerror(create_errno));
    return EXIT_DATABASE;
}

/* Creates the output file exclusively ("wx", C11) so that an existing file
 * is never overwritten by accident, even if it appears after the check. */
static int create_output_file(const struct options *opt)
{
    if (opt->force) {
        int rc = remove_old_output(opt->out);
        if (rc != 0)
            return rc;
    }
    FILE *f = fopen(opt->out, "wx");
    if (f == NULL)
        return report_create_failure(opt, errno);
    fclose(f);
    return 0;
}

static void print_summary(const struct gen *g, const struct options *opt)
{
    fprintf(stderr, "kamgen: wrote %s (seed %llu):", opt->out, (unsigned long long)opt->seed);
    for (int t = 0; t < TABLE_COUNT; t++)
        fprintf(stderr, " %s=%lld", table_names[t], (long long)g->rows[t]);
    fprintf(stderr, "\n");
}

/* Opens the created file, fills it and closes it; 0 or EXIT_DATABASE. */
static int write_database(struct gen *g, const char *path)
{
    int rc = 0;
    if (sqlite3_open_v2(path, &g->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        report_db_error(g->db, "opening the output file");
        rc = EXIT_DATABASE;
    } else if (fill_database(g) != 0) {
        rc = EXIT_DATABASE;
    }
    finalize_inserts(g);
    if (sqlite3_close(g->db) != SQLITE_OK) {
        report_db_error(g->db, "closing the database");
        rc = EXIT_DATABASE;
    }
    return rc;
}

/* The generator is large (calendar, deal scratch): it lives on the heap. */
static struct gen *new_generator(const struct options *opt)
{
    struct gen *g = calloc(1, sizeof *g);
    if (g == NULL) {
        fprintf(stderr, "kamgen: out of memory\n");
        return NULL;
    }
    if (calendar_init(&g->cal) != 0) {
        fprintf(stderr, "kamgen: internal error: the date range does not fit the calendar\n");
        free(g);
        return NULL;
    }
    g->seed = opt->seed;
    g->account_count = opt->accounts;
    plan_whales(g);
    g->big_groups = opt->big_groups;
    return g;
}

static int generate(const struct options *opt)
{
    int rc = create_output_file(opt);
    if (rc != 0)
        return rc;
    struct gen *g = new_generator(opt);
    rc = g == NULL ? EXIT_DATABASE : write_database(g, opt->out);
    if (rc == 0)
        print_summary(g, opt);
    else
        remove(opt->out);   /* never leave a half-written data set behind */
    free(g);
    return rc;
}

static void print_usage(FILE *to)
{
    fprintf(to,
            "usage: kamgen --out FILE.db [--accounts N] [--seed S] [--big-groups K] [--force]\n"
            "       kamgen --print-schema\n"
            "\n"
            "Writes a new SQLite database of synthetic key-account demo data.\n"
            "  --out FILE.db   database to create; an existing file is refused\n"
            "  --accounts N    number of accounts, 1..100000000 (default 10000)\n"
            "  --seed S        unsigned 64-bit seed (default 1); same N and S give\n"
            "                  the same content\n"
            "  --big-groups K  also K conglomerates of about 300 member accounts each\n"
            "                  (group_id; at most one per 2000 accounts); default 0\n"
            "  --force         delete FILE.db first if it exists\n"
            "  --print-schema  print the schema it creates (rules/key_accounts/schema.sql)\n"
            "Exit status: 0 ok, 2 usage error or existing file, 3 database error.\n");
}

static int parse_count(const char *text, int64_t *out)
{
    char *end = NULL;
    errno = 0;
    long long n = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || n < 1 || n > 100000000LL)
        return -1;
    *out = n;
    return 0;
}

static int parse_seed(const char *text, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    if (text[0] == '-' || text[0] == '\0')
        return -1;
    unsigned long long s = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = s;
    return 0;
}

/* Takes one option, arg, with the word after it (NULL at the end); returns
 * how many words it used (1 or 2), or -1 after saying what is wrong. */
static int parse_option(const char *arg, const char *next, struct options *opt)
{
    if (strcmp(arg, "--force") == 0) {
        opt->force = 1;
        return 1;
    }
    if (strcmp(arg, "--print-schema") == 0) {
        opt->print_schema = 1;
        return 1;
    }
    if (strcmp(arg, "--out") == 0 && next != NULL && next[0] != '\0') {
        opt->out = next;
        return 2;
    }
    if (strcmp(arg, "--accounts") == 0 && next != NULL) {
        if (parse_count(next, &opt->accounts) == 0)
            return 2;
        fprintf(stderr, "kamgen: --accounts wants a number from 1 to 100000000, not '%s'\n", next);
        return -1;
    }
    if (strcmp(arg, "--big-groups") == 0 && next != NULL) {
        if (parse_count(next, &opt->big_groups) == 0)
            return 2;
        fprintf(stderr, "kamgen: --big-groups wants a number from 1 to 100000000, not '%s'\n", next);
        return -1;
    }
    if (strcmp(arg, "--seed") == 0 && next != NULL) {
        if (parse_seed(next, &opt->seed) == 0)
            return 2;
        fprintf(stderr, "kamgen: --seed wants an unsigned integer, not '%s'\n", next);
        return -1;
    }
    fprintf(stderr, "kamgen: unexpected argument '%s'\n", arg);
    return -1;
}

/* Returns 0 when the options are usable, otherwise prints why. */
static int parse_options(int argc, char **argv, struct options *opt)
{
    opt->out = NULL;
    opt->accounts = 10000;
    opt->big_groups = 0;
    opt->seed = 1;
    opt->force = 0;
    opt->print_schema = 0;
    for (int i = 1; i < argc;) {
        int used = parse_option(argv[i], i + 1 < argc ? argv[i + 1] : NULL, opt);
        if (used < 0)
            return -1;
        i += used;
    }
    if (opt->out == NULL && !opt->print_schema) {
        fprintf(stderr, "kamgen: --out FILE.db is required\n");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options opt;
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        print_usage(stdout);
        return 0;
    }
    if (parse_options(argc, argv, &opt) != 0) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (opt.print_schema) {
        fputs(schema_sql, stdout);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    return generate(&opt);
}
