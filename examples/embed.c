/*
 * embed.c — a host program embedding libkam: load a rule set, check it
 * against a database, run it (a dry run, or a stored run with --store),
 * and read the results through the API: one JSON line per account and the
 * run's summary.  Build it against an installed libkam:
 *
 *   cc embed.c $(pkg-config --cflags --libs kam) -o embed
 *   ./embed accounts.db rules/ 2026-11-27
 */
#include <kam.h>

#include <stdio.h>
#include <string.h>

typedef struct tally {
  long lines, with_alerts;
} tally;

/* Each account arrives as one JSON object; a host would parse it. */
static void on_account(const char *json, void *user) {
  tally *t = user;
  t->lines++;
  if (!strstr(json, "\"alerts\":[]")) t->with_alerts++;
  if (t->lines == 1) printf("first account: %.120s...\n", json);
}

static void print_diagnostics(const kam_ruleset *rs) {
  for (size_t i = 0; i < kam_diag_count(rs); i++) {
    const kam_diag *d = kam_diag_get(rs, i);
    fprintf(stderr, "%s:%d:%d: %s\n", d->file ? d->file : "kam", d->line, d->column, d->message);
  }
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: embed DB RULES AS-OF [--store]\n");
    return 2;
  }
  kam_ruleset *rs = kam_ruleset_new();
  kam_ruleset_add_path(rs, argv[2]);
  int status = kam_ruleset_check(rs, argv[1]);
  if (status != KAM_OK) {
    print_diagnostics(rs);
    kam_ruleset_free(rs);
    return status;
  }
  tally t = {0};
  kam_run_options options = {.db_path = argv[1], .as_of = argv[3],
                             .dry_run = !(argc > 4 && strcmp(argv[4], "--store") == 0),
                             .line_format = KAM_LINES_JSON, .on_line = on_account, .user = &t};
  kam_run_summary *summary = NULL;
  status = kam_run(rs, &options, &summary);
  print_diagnostics(rs);
  if (status == KAM_OK) {
    printf("libkam %s: %ld accounts, %ld alerts, %ld warnings, run %ld, as of %s\n", KAM_VERSION,
           kam_summary_accounts(summary), kam_summary_alerts(summary), kam_summary_warnings(summary),
           kam_summary_run_id(summary), kam_summary_as_of(summary));
    printf("lines: %ld, accounts with alerts: %ld\n", t.lines, t.with_alerts);
  }
  kam_run_summary_free(summary);
  kam_ruleset_free(rs);
  return status;
}
