/*
 * kam.h — the public interface of libkam, the key-account rules engine.
 *
 * A host loads rule files into a rule set, checks it (optionally against a
 * SQLite database's schema) and runs it over the database.  The library never
 * prints: diagnostics are collected and handed back as structs, per-subject
 * results reach the host through a callback, and the CLI (engine/cli.c) is
 * just one user of this header.
 */
#ifndef KAM_H
#define KAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

#define KAM_VERSION "0.1.0"

/* Exit statuses shared by the library's entry points and the CLI. */
enum kam_status {
  KAM_OK = 0,          /* success */
  KAM_ERR_RULES = 1,   /* rule errors (located diagnostics) */
  KAM_ERR_USAGE = 2,   /* bad arguments, e.g. an unreadable --as-of */
  KAM_ERR_DB = 3       /* database missing, corrupt, locked, read-only, full */
};

typedef struct kam_ruleset kam_ruleset;

enum kam_severity { KAM_DIAG_ERROR, KAM_DIAG_WARNING, KAM_DIAG_NOTE };

/* One diagnostic.  `file` is NULL for messages that belong to no rule file
 * (a database error, say); then line, column and source_line are 0/NULL. */
typedef struct kam_diag {
  enum kam_severity severity;
  const char *file;
  int line, column;          /* 1-based; column counts characters */
  const char *message;
  const char *source_line;   /* the whole line, without its newline */
  int caret_offset;          /* display cells before the caret */
  int caret_width;           /* display cells the caret spans (>= 1) */
} kam_diag;

kam_ruleset *kam_ruleset_new(void);
void kam_ruleset_free(kam_ruleset *rs);

/* Adds a rule file, or every *.kam below a directory (sorted by path), or
 * REV:PATH (a file or directory at a git revision, read with git; PATH is
 * relative to the current directory, and a REV beginning with '-' is refused).
 * Parse errors become diagnostics; returns the number of errors so far. */
int kam_ruleset_add_path(kam_ruleset *rs, const char *path);
/* True when kam_ruleset_add_path would read path from git (REV:PATH):
 * it names nothing on disk and has the shape REV:PATH. */
bool kam_path_is_git(const char *path);
/* Adds rule text held in memory, shown in diagnostics under `name`. */
int kam_ruleset_add_source(kam_ruleset *rs, const char *name,
                           const char *text, size_t length);

/* Resolves names, types, tiers, weights and cycles.  With db_path, every
 * table and column is also checked against that database's schema.  With
 * db_path NULL, against the rule set's reference schema when it has one
 * (kam_ruleset_schema_file; a note diagnostic then names it), else against
 * no schema at all: a bare name that is not declared is then taken for a
 * column of the entity's table, so a misspelt column passes.
 * Returns KAM_OK, KAM_ERR_RULES (also for a reference schema that cannot
 * be read or loaded) or KAM_ERR_DB. */
int kam_ruleset_check(kam_ruleset *rs, const char *db_path);

/* The rule set's reference schema: a file schema.sql in the first directory
 * given to kam_ruleset_add_path that has one (for a file, in the file's
 * directory; never for REV:PATH), or the file named with
 * kam_ruleset_set_schema_file.  NULL when there is none.  Its SQL (CREATE
 * statements only; nothing else is allowed, pragmas are skipped) is loaded
 * into a private in-memory database whenever a check or kam_test has no
 * database; the path is owned by the rule set. */
const char *kam_ruleset_schema_file(const kam_ruleset *rs);
/* Names the reference schema (a host whose rules are in memory, say), or
 * with NULL, none; either way no schema.sql found by kam_ruleset_add_path
 * replaces the choice. */
void kam_ruleset_set_schema_file(kam_ruleset *rs, const char *path);

/* After a check without errors: adds the warnings of `kam check --strict`
 * (unreachable tiers, unread lets and relations, bands without else,
 * metrics weighted 0 everywhere, constant conditions); returns how many. */
int kam_ruleset_strict(kam_ruleset *rs);

size_t kam_diag_count(const kam_ruleset *rs);
const kam_diag *kam_diag_get(const kam_ruleset *rs, size_t index);
int kam_error_count(const kam_ruleset *rs);
int kam_warning_count(const kam_ruleset *rs);

/* The files of a rule set, in the order they were added. */
size_t kam_file_count(const kam_ruleset *rs);
const char *kam_file_name(const kam_ruleset *rs, size_t index);
const char *kam_file_text(const kam_ruleset *rs, size_t index);
/* The canonical layout of one file (kam fmt); *text is freed by the caller.
 * Returns KAM_ERR_RULES (with diagnostics) when the file does not parse. */
int kam_format(kam_ruleset *rs, size_t index, char **text);

/* --- Running ------------------------------------------------------------ */

typedef struct kam_run_summary kam_run_summary;

/* Per-subject lines a run can hand back (jsonl: one JSON object per account;
 * csv: a header line, then one line per account). */
enum kam_line_format { KAM_LINES_NONE, KAM_LINES_JSON, KAM_LINES_CSV };

typedef struct kam_run_options {
  const char *db_path;        /* source data (required, never created) */
  const char *out_path;       /* results database; NULL: db_path */
  const char *as_of;          /* YYYY-MM-DD; NULL: today */
  bool dry_run;               /* evaluate, write nothing */
  int busy_timeout_ms;        /* 0: the default of 5000 */
  int jobs;                   /* evaluation threads; 0: one per core */
  enum kam_line_format line_format;
  /* Called with each line (no newline), subjects in key order. */
  void (*on_line)(const char *line, void *user);
  /* Called now and then with the number of subjects done and the total. */
  void (*on_progress)(long done, long total, void *user);
  void *user;
} kam_run_options;

/* Checks (against the database), evaluates and stores one run.  On
 * KAM_OK, *summary (when not NULL) receives a summary the caller frees with
 * kam_run_summary_free.  Errors become diagnostics of the rule set. */
int kam_run(kam_ruleset *rs, const kam_run_options *options,
            kam_run_summary **summary);

/* The summary of a run, read through small accessors. */
long kam_summary_run_id(const kam_run_summary *s);   /* 0 for --dry-run */
long kam_summary_accounts(const kam_run_summary *s);
long kam_summary_alerts(const kam_run_summary *s);
long kam_summary_warnings(const kam_run_summary *s);
double kam_summary_seconds(const kam_run_summary *s);
const char *kam_summary_as_of(const kam_run_summary *s);
/* A rendering of the whole summary for people (owned by the summary). */
const char *kam_summary_text(const kam_run_summary *s);
void kam_run_summary_free(kam_run_summary *s);

/* --- Explaining ---------------------------------------------------------- */

typedef struct kam_explain_options {
  const char *db_path;
  const char *account;        /* the entity key, as text */
  const char *as_of;          /* NULL: today */
  bool json;
  const char *out_path;       /* results database previous() reads; NULL: db_path */
  bool members;               /* group by: list the members of the account's group */
} kam_explain_options;

/* Explains one account; *text (freed by the caller) receives the report. */
int kam_explain(kam_ruleset *rs, const kam_explain_options *options, char **text);

/* --- Comparing two rule sets --------------------------------------------- */

typedef struct kam_diff_options {
  const char *db_path;
  const char *as_of;          /* NULL: today */
  const char *format;         /* "text" (default), "markdown" or "json" */
  const char *old_name, *new_name;   /* as shown in the report */
  int jobs;                   /* threads; 0: one per core */
  const char *out_path;       /* results database previous() reads; NULL: db_path */
} kam_diff_options;

/* Evaluates both rule sets on the same data and date (writing nothing) and
 * reports which accounts change tier, score, grade, alerts and outputs.
 * Diagnostics of each side stay with its rule set. */
int kam_diff(kam_ruleset *old_rules, kam_ruleset *new_rules, const kam_diff_options *options,
             char **text);

/* --- Reporting ---------------------------------------------------------- */

typedef struct kam_report_options {
  const char *db_path;        /* the database holding the kam_* tables */
  long run_id;                /* 0: the latest successful run */
} kam_report_options;

/* A self-contained HTML page for one stored run (tiers, scores by stage,
 * grades, alerts by severity, changes since the previous run); *html is
 * freed by the caller.  Needs no rules: rs only collects diagnostics. */
int kam_report(kam_ruleset *rs, const kam_report_options *options, char **html);

/* --- Testing ------------------------------------------------------------ */

/* The outcome of the rule set's `test` blocks. */
/* One item kam test --coverage accounts for: a tier, a band or grade, a
 * weights row, a case branch, an alert firing or an alert staying quiet. */
typedef struct kam_coverage_item {
  const char *file;          /* as named in the rule set (valid while it lives) */
  int line;
  const char *what;          /* "tier B of key_account" */
  bool covered;
  const char *excused;       /* not covered, with the reason the rule file gives
                                (a comment "# uncovered: REASON"); else NULL */
} kam_coverage_item;

typedef struct kam_test_report {
  int passed, failed;        /* tests, not expectations */
  char *failures;            /* one paragraph per failed expectation, or NULL */
  kam_coverage_item *coverage;   /* kam_test_with(..., true, ...): every item, in source order */
  size_t coverage_count;
} kam_test_report;

/* Runs every test block, each on its own in-memory database; with db_path,
 * tables take their column types from that database's schema, and without
 * it from the reference schema when the set has one.  Returns
 * KAM_OK when all pass, KAM_ERR_RULES on rule errors or failed tests. */
int kam_test(kam_ruleset *rs, const char *db_path, kam_test_report *report);
/* The same; with_coverage also fills report->coverage (every subject of
 * every test is then evaluated whole, as kam run would). */
int kam_test_with(kam_ruleset *rs, const char *db_path, bool with_coverage, kam_test_report *report);
void kam_test_report_free(kam_test_report *report);
/* The coverage of a report made with_coverage, as text (FILE:LINE: not
 * covered: WHAT, then the share per file and in all) or JSON; *percent is
 * the share in all (excused items left out).  malloc'd; NULL on no memory. */
char *kam_coverage_text(const kam_test_report *report, bool json, double *percent);

/* --- Editors ------------------------------------------------------------ */

/* kam lsp: serves the Language Server Protocol on in/out until the client
 * sends exit or the input ends.  db_path (may be NULL) makes diagnostics,
 * hover and completion schema-aware.  Returns KAM_OK after shutdown and
 * exit, KAM_ERR_RULES when the session ended without shutdown. */
int kam_lsp(FILE *in, FILE *out, const char *db_path);

#endif
