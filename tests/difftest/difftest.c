/* difftest.c — the differential test's command line: kam against SQLite on
 * generated data and generated rule programs, one reproducible program per
 * seed.
 *
 *   difftest --kam PATH [--seeds N] [--first-seed S] [--outputs N]
 *            [--only arith,logic,builtins,round,aggregates,keys,untidy,dates,text]
 *            [--out DIR] [--work DIR] [--minimise N]
 *
 * Exit status: 0 every value agreed, 1 disagreements (each printed, the
 * failing cases saved under DIR), 2 a usage or harness error.  The pieces:
 * gen_data.c (database), gen_rules.c (expressions, kam text), reference.c
 * (expected values in SQLite), compare.c (run, compare, save, shrink). */
#include "difftest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const FEATURES[] = {"arith", "logic", "builtins", "round", "aggregates",
                                       "keys", "untidy", "dates", "text"};

static int parse_features(const char *list, unsigned *out)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    *out = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        int found = 0;
        for (int k = 0; k < 9; k++)
            if (strcmp(tok, FEATURES[k]) == 0) *out |= 1u << k, found = 1;
        if (strcmp(tok, "all") == 0) *out = F_ALL, found = 1;
        if (!found) {
            fprintf(stderr, "difftest: unknown feature '%s' (arith, logic, builtins, round, aggregates, keys, "
                            "untidy, dates, text, all)\n", tok);
            return -1;
        }
    }
    return 0;
}

/* Each seed writes a database and kam commits into it: on tmpfs (/dev/shm)
 * when there is one, those commits cost no disk flush. */
static const char *scratch_dir(char *buf, size_t len)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, len, "/dev/shm/kam-difftest.XXXXXX");
    if (access("/dev/shm", W_OK) == 0 && mkdtemp(buf)) return buf;
    snprintf(buf, len, "%s/kam-difftest.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(buf);
}

static void remove_scratch(const char *dir)
{
    static const char *const FILES[] = {"data.db", "data.db-journal", "rules.kam", "kam.log"};
    char path[600];
    for (size_t k = 0; k < sizeof FILES / sizeof FILES[0]; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, FILES[k]);
        unlink(path);
    }
    rmdir(dir);
}

static int usage(void)
{
    fprintf(stderr, "usage: difftest --kam PATH [--seeds N] [--first-seed S] [--outputs N] [--only LIST]\n"
                    "                [--out DIR] [--work DIR] [--minimise N]\n");
    return 2;
}

int main(int argc, char **argv)
{
    RunOpts o = {0, NULL, "build/difftest-out", NULL, 8, 0};
    int seeds = 100, first = 1;
    unsigned features = F_ALL;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!v) return usage();
        if (!strcmp(a, "--kam")) o.kam = v;
        else if (!strcmp(a, "--seeds")) seeds = atoi(v);
        else if (!strcmp(a, "--first-seed")) first = atoi(v);
        else if (!strcmp(a, "--outputs")) o.nout = atoi(v);
        else if (!strcmp(a, "--out")) o.outdir = v;
        else if (!strcmp(a, "--work")) o.work = v;
        else if (!strcmp(a, "--minimise")) o.minimise = atoi(v);
        else if (!strcmp(a, "--only")) { if (parse_features(v, &features) < 0) return 2; }
        else return usage();
        k++;
    }
    if (!o.kam || o.nout < 1 || seeds < 0) return usage();
    if (reference_self_check() < 0) return 2;
    mkdir(o.outdir, 0755);
    char scratch[512];
    if (!o.work && !(o.work = scratch_dir(scratch, sizeof scratch))) {
        perror("difftest: scratch directory");
        return 2;
    }
    /* --minimise N shrinks one disagreement in each of the first N failing seeds. */
    int disagreements = 0, failing = 0, budget = o.minimise, seeds_done = 0;
    for (int s = first; s < first + seeds; s++) {
        int before = disagreements;
        o.seed = s;
        o.minimise = budget > 0;
        if (run_seed(&o, features, &disagreements) < 0) break;
        if (disagreements > before) failing++, budget--;
        if (s == first + seeds - 1) seeds_done = 1;
    }
    if (o.work == scratch) remove_scratch(scratch);
    if (!seeds_done && seeds > 0) return 2; /* a harness error, printed */
    printf("difftest: %d seed%s from %d, %d program%s disagreed with SQLite (%d value%s)\n", seeds,
           seeds == 1 ? "" : "s", first, failing, failing == 1 ? "" : "s", disagreements,
           disagreements == 1 ? "" : "s");
    return disagreements ? 1 : 0;
}
