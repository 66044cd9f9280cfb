/*
 * cli.c — the kam command line: argument parsing, printing diagnostics and
 * results, exit statuses.  It holds no rules logic: every command is a call
 * into libkam (include/kam.h).
 */
#include "kam.h"
#include "alerts_cmd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct options {
  const char *db, *out, *as_of, *format, *account, *output;
  const char *note, *by, *until, *state, *severity, *before;   /* ack, alerts, prune */
  long run_id, keep;
  bool dry_run, help, write, check, strict, coverage, members;
  double coverage_min;     /* -1: none */
  int busy_ms, jobs;
  const char *paths[256];
  int path_count;
} options;

static const char *const usage_text =
    "usage: kam COMMAND [OPTIONS] PATH...\n"
    "\n"
    "commands:\n"
    "  check [--db DB] PATH...       check rule files (against DB's schema with --db)\n"
    "  fmt [-w | --check] PATH...    print rule files in the canonical layout\n"
    "  run --db DB [--out DB] [--as-of DATE] [--dry-run] [--jobs N]\n"
    "      [--format summary|jsonl|csv] [--busy-timeout MS] PATH...\n"
    "                                evaluate the rules on every account and store the run\n"
    "  explain --db DB [--out DB] --account KEY [--as-of DATE] [--format text|json] PATH...\n"
    "                                why one account got its tier, score and alerts\n"
    "  diff --db DB [--out DB] [--as-of DATE] [--format text|markdown|json] [--jobs N] OLD NEW\n"
    "                                which accounts a rule change moves (OLD, NEW: file,\n"
    "                                directory or REV:PATH from git)\n"
    "  test [--db DB] PATH...        run the rule set's test blocks\n"
    "  report --db DB [--run N] -o FILE.html\n"
    "                                a stored run as a self-contained HTML page\n"
    "  lsp [--db DB]                 a Language Server Protocol server on stdin/stdout\n"
    "  alerts --db DB [--state new|open|snoozed|closed|all] [--severity S]\n"
    "      [--format text|markdown|csv|jsonl]  the open alert episodes after the latest run\n"
    "  ack --db DB ALERT KEY [--note TEXT] [--by NAME] [--until DATE]\n"
    "                                acknowledge an open episode (and snooze it)\n"
    "  runs --db DB [--format text|csv|jsonl]  the stored runs\n"
    "  prune --db DB (--keep N | --before DATE) [--dry-run]\n"
    "                                delete older runs' results (episodes stay)\n"
    "\n"
    "PATH is a .kam file or a directory (every .kam below it, in path order).\n"
    "Exit status: 0 ok, 1 rule errors, 2 usage errors, 3 database errors.\n"
    "Run 'kam COMMAND --help' for one command.\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "kam: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(run 'kam --help' for usage)\n");
  return KAM_ERR_USAGE;
}

/* --- diagnostics --------------------------------------------------------------- */

static bool use_colour(FILE *f) {
  const char *no = getenv("NO_COLOR");
  return isatty(fileno(f)) && !(no && *no);
}

static void print_diag(const kam_diag *d, bool colour) {
  static const char *const words[] = {"error", "warning", "note"};
  static const char *const colours[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
  const char *on = colour ? colours[d->severity] : "", *off = colour ? "\033[0m" : "";
  const char *bold = colour ? "\033[1m" : "";
  if (d->file)
    fprintf(stderr, "%s%s:%d:%d:%s %s%s:%s %s\n", bold, d->file, d->line, d->column, off, on,
            words[d->severity], off, d->message);
  else
    fprintf(stderr, "kam: %s%s:%s %s\n", on, words[d->severity], off, d->message);
  if (!d->file || !d->source_line) return;
  fprintf(stderr, "%5d | %s\n      | %*s%s^", d->line, d->source_line, d->caret_offset, "", on);
  for (int i = 1; i < d->caret_width; i++) fputc('~', stderr);
  fprintf(stderr, "%s\n", off);
}

static void print_diags(const kam_ruleset *rs) {
  bool colour = use_colour(stderr);
  for (size_t i = 0; i < kam_diag_count(rs); i++) print_diag(kam_diag_get(rs, i), colour);
}

/* --- arguments ---------------------------------------------------------------- */

static int add_path_arg(options *o, const char *path) {
  if (o->path_count == 256) return usage_error("too many paths (at most 256)%s", "");
  o->paths[o->path_count++] = path;
  return KAM_OK;
}

/* After "--" every argument is a PATH, even one that begins with '-'. */
static int take_paths(int argc, char **argv, int from, options *o) {
  int status = KAM_OK;
  for (int i = from; i < argc && status == KAM_OK; i++) status = add_path_arg(o, argv[i]);
  return status;
}

/* Every option, and which commands take it: an option a command does not
 * take is a usage error, never silently ignored. */
enum {
  TAKES_DB = 1 << 0, TAKES_OUT = 1 << 1, TAKES_AS_OF = 1 << 2, TAKES_FORMAT = 1 << 3,
  TAKES_ACCOUNT = 1 << 4, TAKES_OUTPUT = 1 << 5, TAKES_RUN = 1 << 6, TAKES_DRY_RUN = 1 << 7,
  TAKES_WRITE = 1 << 8, TAKES_CHECK = 1 << 9, TAKES_BUSY = 1 << 10, TAKES_JOBS = 1 << 11,
  TAKES_STRICT = 1 << 12, TAKES_COVERAGE = 1 << 13, TAKES_COVERAGE_MIN = 1 << 14,
  TAKES_NOTE = 1 << 15, TAKES_BY = 1 << 16, TAKES_UNTIL = 1 << 17, TAKES_STATE = 1 << 18,
  TAKES_SEVERITY = 1 << 19, TAKES_KEEP = 1 << 20, TAKES_BEFORE = 1 << 21, TAKES_MEMBERS = 1 << 22
};

typedef struct option_spec {
  const char *long_name, *short_name;
  unsigned flag;
} option_spec;

static const option_spec option_table[] = {
    {"--db", NULL, TAKES_DB},           {"--out", NULL, TAKES_OUT},
    {"--as-of", NULL, TAKES_AS_OF},     {"--format", NULL, TAKES_FORMAT},
    {"--account", NULL, TAKES_ACCOUNT}, {"--output", "-o", TAKES_OUTPUT},
    {"--run", NULL, TAKES_RUN},         {"--dry-run", NULL, TAKES_DRY_RUN},
    {"--write", "-w", TAKES_WRITE},     {"--check", NULL, TAKES_CHECK},
    {"--busy-timeout", NULL, TAKES_BUSY}, {"--jobs", "-j", TAKES_JOBS},
    {"--strict", NULL, TAKES_STRICT},   {"--coverage", NULL, TAKES_COVERAGE},
    {"--coverage-min", NULL, TAKES_COVERAGE_MIN}, {"--members", NULL, TAKES_MEMBERS},
    {"--note", NULL, TAKES_NOTE},       {"--by", NULL, TAKES_BY},
    {"--until", NULL, TAKES_UNTIL},     {"--state", NULL, TAKES_STATE},
    {"--severity", NULL, TAKES_SEVERITY}, {"--keep", NULL, TAKES_KEEP},
    {"--before", NULL, TAKES_BEFORE},
};

static const option_spec *find_option(const char *a) {
  for (size_t i = 0; i < sizeof option_table / sizeof *option_table; i++) {
    const option_spec *o = &option_table[i];
    if (strcmp(a, o->long_name) == 0 || (o->short_name && strcmp(a, o->short_name) == 0)) return o;
  }
  return NULL;
}

static int not_taken(const char *command, const char *option) {
  fprintf(stderr, "kam: %s does not take %s\n(run 'kam %s --help' for its options)\n", command, option, command);
  return KAM_ERR_USAGE;
}

/* A whole number in [min, max] for --run, --jobs or --busy-timeout. */
static bool number_in(const char *text, long min, long max, long *n) {
  char *end;
  *n = strtol(text, &end, 10);
  return *text && !*end && *n >= min && *n <= max;
}

static int set_option(options *o, unsigned flag, const char *name, const char *value) {
  long n;
  switch (flag) {
  case TAKES_DB: o->db = value; break;
  case TAKES_OUT: o->out = value; break;
  case TAKES_AS_OF: o->as_of = value; break;
  case TAKES_FORMAT: o->format = value; break;
  case TAKES_ACCOUNT: o->account = value; break;
  case TAKES_OUTPUT: o->output = value; break;
  case TAKES_NOTE: o->note = value; break;
  case TAKES_BY: o->by = value; break;
  case TAKES_UNTIL: o->until = value; break;
  case TAKES_STATE: o->state = value; break;
  case TAKES_SEVERITY: o->severity = value; break;
  case TAKES_BEFORE: o->before = value; break;
  case TAKES_KEEP:
    if (!number_in(value, 1, LONG_MAX, &n)) return usage_error("bad --keep '%s' (a number of runs, 1 or more)", value);
    o->keep = n;
    break;
  case TAKES_RUN:
    if (!number_in(value, 1, LONG_MAX, &n)) return usage_error("bad --run '%s' (a run id)", value);
    o->run_id = n;
    break;
  case TAKES_BUSY:
    if (!number_in(value, 0, 3600000, &n)) return usage_error("bad --busy-timeout '%s'", value);
    o->busy_ms = (int)n;
    break;
  case TAKES_COVERAGE_MIN: {
    char *end;
    o->coverage_min = strtod(value, &end);
    if (!*value || *end || !(o->coverage_min >= 0 && o->coverage_min <= 100))
      return usage_error("bad --coverage-min '%s' (a percentage, 0 to 100)", value);
    break;
  }
  case TAKES_JOBS:
    if (!number_in(value, 1, 64, &n)) return usage_error("bad --jobs '%s' (1 to 64)", value);
    o->jobs = (int)n;
    break;
  default: return usage_error("%s cannot be set", name);
  }
  return KAM_OK;
}

static bool is_switch(unsigned flag) {
  return flag == TAKES_DRY_RUN || flag == TAKES_WRITE || flag == TAKES_CHECK || flag == TAKES_STRICT ||
         flag == TAKES_COVERAGE || flag == TAKES_MEMBERS;
}

static int parse_options(int argc, char **argv, const char *command, unsigned takes, options *o) {
  memset(o, 0, sizeof *o);
  o->coverage_min = -1;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      o->help = true;
      continue;
    }
    if (strcmp(a, "--") == 0) return take_paths(argc, argv, i + 1, o);
    const option_spec *spec = find_option(a);
    if (!spec && a[0] == '-' && a[1]) return usage_error("unknown option '%s'", a);
    if (!spec) {
      if (add_path_arg(o, a) != KAM_OK) return KAM_ERR_USAGE;
      continue;
    }
    if (!(takes & spec->flag)) return not_taken(command, a);
    if (is_switch(spec->flag)) {
      *(spec->flag == TAKES_DRY_RUN ? &o->dry_run : spec->flag == TAKES_WRITE ? &o->write
        : spec->flag == TAKES_STRICT ? &o->strict : spec->flag == TAKES_COVERAGE ? &o->coverage
        : spec->flag == TAKES_MEMBERS ? &o->members
        : &o->check) = true;
      continue;
    }
    if (i + 1 >= argc) return usage_error("%s needs a value", a);
    int status = set_option(o, spec->flag, a, argv[++i]);
    if (status != KAM_OK) return status;
  }
  return KAM_OK;
}

static kam_ruleset *load_rules(const options *o) {
  kam_ruleset *rs = kam_ruleset_new();
  if (!rs) return NULL;
  for (int i = 0; i < o->path_count; i++) kam_ruleset_add_path(rs, o->paths[i]);
  return rs;
}

/* --- commands ------------------------------------------------------------------ */

static int cmd_check(const options *o) {
  if (o->help) {
    printf("usage: kam check [--db DB] [--strict] PATH...\n\n"
           "Checks every rule file: syntax, names, types, tiers, weights, cycles.\n"
           "With --db, every table and column is checked against DB's schema; without\n"
           "it, against the schema.sql beside the rules when there is one.\n"
           "With --strict, also warns about tiers no account can reach, lets and\n"
           "relations nobody reads, bands without else, metrics weighted 0 in every\n"
           "stage and constant conditions, and exits 1 when there is any.\n");
    return KAM_OK;
  }
  if (!o->path_count) return usage_error("check needs at least one PATH%s", "");
  kam_ruleset *rs = load_rules(o);
  int status = kam_ruleset_check(rs, o->db);
  if (status == KAM_OK && o->strict && kam_ruleset_strict(rs) > 0) status = KAM_ERR_RULES;
  print_diags(rs);
  if (status == KAM_OK)
    fprintf(stderr, "kam: ok (%d warning%s)\n", kam_warning_count(rs), kam_warning_count(rs) == 1 ? "" : "s");
  else if (o->strict && kam_error_count(rs) == 0)
    fprintf(stderr, "kam: %d warning%s under --strict\n", kam_warning_count(rs), kam_warning_count(rs) == 1 ? "" : "s");
  kam_ruleset_free(rs);
  return status;
}

typedef struct run_output {
  FILE *out;
  time_t started, last_progress;
  bool drawn;
} run_output;

static void print_line(const char *line, void *user) {
  run_output *r = user;
  fputs(line, r->out);
  fputc('\n', r->out);
}

static void show_progress(long done, long total, void *user) {
  run_output *r = user;
  time_t now = time(NULL);
  if (now - r->started < 1 && !r->drawn) return;   /* short runs draw nothing */
  if (now == r->last_progress && done < total) return;
  r->last_progress = now;
  r->drawn = true;
  int width = 40, filled = total > 0 ? (int)(width * done / total) : 0;
  fprintf(stderr, "\r[");
  for (int i = 0; i < width; i++) fputc(i < filled ? '#' : ' ', stderr);
  fprintf(stderr, "] %ld/%ld", done, total);
  if (done >= total) fprintf(stderr, "\r%*s\r", width + 30, "");
  fflush(stderr);
}

static bool valid_format(const char *f) {
  return !f || strcmp(f, "summary") == 0 || strcmp(f, "jsonl") == 0 || strcmp(f, "csv") == 0;
}

static int cmd_run(const options *o) {
  if (o->help) {
    printf("usage: kam run --db DB [--out DB] [--as-of YYYY-MM-DD] [--dry-run] [--jobs N]\n"
           "               [--format summary|jsonl|csv] [--busy-timeout MS] PATH...\n\n"
           "Evaluates the rules on every account of DB and stores the run (kam_* tables)\n"
           "in DB, or in --out when given (then DB is opened read-only).  --dry-run\n"
           "evaluates and writes nothing.  jsonl and csv print one line per account.\n"
           "--jobs N evaluates on N threads (default: one per core); the results are the\n"
           "same as with one.  --as-of sets the run's date (default: today).\n");
    return KAM_OK;
  }
  if (!o->db) return usage_error("run needs --db DB%s", "");
  if (!o->path_count) return usage_error("run needs at least one PATH%s", "");
  if (!valid_format(o->format)) return usage_error("unknown --format '%s' (summary, jsonl or csv)", o->format);
  kam_ruleset *rs = load_rules(o);
  run_output ro = {stdout, time(NULL), 0, false};
  kam_run_options ropt = {0};
  ropt.db_path = o->db;
  ropt.out_path = o->out;
  ropt.as_of = o->as_of;
  ropt.dry_run = o->dry_run;
  ropt.busy_timeout_ms = o->busy_ms;
  ropt.jobs = o->jobs;
  ropt.line_format = !o->format || strcmp(o->format, "summary") == 0 ? KAM_LINES_NONE
                   : strcmp(o->format, "jsonl") == 0 ? KAM_LINES_JSON : KAM_LINES_CSV;
  ropt.on_line = print_line;
  ropt.on_progress = isatty(fileno(stderr)) ? show_progress : NULL;   /* a bar only for people */
  ropt.user = &ro;
  kam_run_summary *summary = NULL;
  int status = kam_run(rs, &ropt, &summary);
  print_diags(rs);
  if (status == KAM_OK && ropt.line_format == KAM_LINES_NONE) fputs(kam_summary_text(summary), stdout);
  else if (status == KAM_OK) fprintf(stderr, "%s", kam_summary_text(summary));
  kam_run_summary_free(summary);
  kam_ruleset_free(rs);
  return status;
}

static int cmd_explain(const options *o) {
  if (o->help) {
    printf("usage: kam explain --db DB [--out DB] --account KEY [--as-of YYYY-MM-DD] [--format text|json] [--members] PATH...\n\n"
           "Shows, for one account, each let's value; each tier tried in order with every\n"
           "condition's outcome and operand values; each metric's value, score, weight and\n"
           "contribution; each alert with its message or the part that did not hold.\n"
           "previous() reads the runs stored in --out (as kam run writes them), else in DB.\n"
           "With group by, it names the account's group; --members lists the group's\n"
           "members and what each gave the group aggregates.\n");
    return KAM_OK;
  }
  if (!o->db || !o->account) return usage_error("explain needs --db DB and --account KEY%s", "");
  if (!o->path_count) return usage_error("explain needs at least one PATH%s", "");
  if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
    return usage_error("unknown --format '%s' (text or json)", o->format);
  kam_ruleset *rs = load_rules(o);
  kam_explain_options eo = {.db_path = o->db, .account = o->account, .as_of = o->as_of,
                            .json = o->format && strcmp(o->format, "json") == 0, .out_path = o->out,
                            .members = o->members};
  char *text = NULL;
  int status = kam_explain(rs, &eo, &text);
  print_diags(rs);
  if (text) fputs(text, stdout);
  free(text);
  kam_ruleset_free(rs);
  return status;
}

static int cmd_diff(const options *o) {
  if (o->help) {
    printf("usage: kam diff --db DB [--out DB] [--as-of YYYY-MM-DD] [--format text|markdown|json] [--jobs N] OLD NEW\n\n"
           "Evaluates two rule sets (each a file, a directory or REV:PATH from git) on the\n"
           "same data and date, writes nothing, and reports the accounts that change tier\n"
           "(with the condition that changed), score and grade, alerts and outputs.\n"
           "previous() reads the runs stored in --out (as kam run writes them), else in DB.\n");
    return KAM_OK;
  }
  if (!o->db) return usage_error("diff needs --db DB%s", "");
  if (o->path_count != 2) return usage_error("diff needs two rule sets, OLD and NEW%s", "");
  if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "markdown") != 0 &&
      strcmp(o->format, "json") != 0)
    return usage_error("unknown --format '%s' (text, markdown or json)", o->format);
  kam_ruleset *old_rules = kam_ruleset_new(), *new_rules = kam_ruleset_new();
  kam_ruleset_add_path(old_rules, o->paths[0]);
  kam_ruleset_add_path(new_rules, o->paths[1]);
  kam_diff_options d = {.db_path = o->db, .as_of = o->as_of, .format = o->format, .old_name = o->paths[0],
                        .new_name = o->paths[1], .jobs = o->jobs, .out_path = o->out};
  char *text = NULL;
  int status = kam_diff(old_rules, new_rules, &d, &text);
  print_diags(old_rules);
  print_diags(new_rules);
  if (text) fputs(text, stdout);
  free(text);
  kam_ruleset_free(old_rules);
  kam_ruleset_free(new_rules);
  return status;
}

static bool write_file(const char *path, const char *text) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.kamfmt.tmp", path);
  FILE *f = fopen(tmp, "wb");
  if (!f) return false;
  bool ok = fputs(text, f) >= 0;
  ok = fclose(f) == 0 && ok;
  return ok && rename(tmp, path) == 0;   /* the file is replaced whole or not at all */
}

static int cmd_fmt(const options *o) {
  if (o->help) {
    printf("usage: kam fmt [-w | --check] PATH...\n\n"
           "Prints rule files in the canonical layout.  -w rewrites them in place;\n"
           "--check changes nothing, names the files that differ and exits 1 if any do.\n"
           "A REV:PATH from git is printed, never written or checked (exit 2).\n");
    return KAM_OK;
  }
  if (!o->path_count) return usage_error("fmt needs at least one PATH%s", "");
  if (o->write && o->check) return usage_error("fmt takes -w or --check, not both%s", "");
  for (int i = 0; (o->write || o->check) && i < o->path_count; i++)
    if (kam_path_is_git(o->paths[i]))
      return usage_error(o->write ? "cannot write into git history: %s"
                                  : "fmt --check is for files on disk, not git history: %s", o->paths[i]);
  kam_ruleset *rs = load_rules(o);
  int status = kam_error_count(rs) ? KAM_ERR_RULES : KAM_OK;
  int differ = 0, broken = 0;
  size_t files = kam_file_count(rs);
  /* Every file is formatted before any is written: with -w, one file that
   * does not parse means none is rewritten, so a directory is never left
   * half formatted. */
  char **texts = calloc(files + 1, sizeof *texts);
  if (!texts) abort();
  for (size_t i = 0; i < files; i++)
    if (kam_format(rs, i, &texts[i]) != KAM_OK) broken++;
  if (broken) status = KAM_ERR_RULES;
  for (size_t i = 0; i < files; i++) {
    if (!texts[i]) continue;
    const char *name = kam_file_name(rs, i);
    bool same = strcmp(texts[i], kam_file_text(rs, i)) == 0;
    if (o->check && !same) { printf("%s\n", name); differ++; }
    else if (o->write && !same && !broken && !write_file(name, texts[i])) {
      fprintf(stderr, "kam: cannot write %s\n", name);
      status = KAM_ERR_RULES;
    } else if (!o->check && !o->write) fputs(texts[i], stdout);
    free(texts[i]);
  }
  free(texts);
  print_diags(rs);
  kam_ruleset_free(rs);
  if (o->write && broken)
    fprintf(stderr, "kam: %d file%s cannot be formatted (errors above): nothing was written\n", broken,
            broken == 1 ? "" : "s");
  if (differ) fprintf(stderr, "kam: %d file%s not formatted (run kam fmt -w)\n", differ, differ == 1 ? " is" : "s are");
  return status != KAM_OK ? status : differ ? KAM_ERR_RULES : KAM_OK;
}

static int cmd_report(const options *o) {
  if (o->help) {
    printf("usage: kam report --db DB [--run N] -o FILE.html\n\n"
           "Writes one stored run (default: the latest successful one) as a self-contained\n"
           "HTML page: tier distributions, scores by stage, grades, alerts by severity with\n"
           "their messages, and the tier moves and alert changes since the previous run.\n");
    return KAM_OK;
  }
  if (!o->db || !o->output) return usage_error("report needs --db DB and -o FILE.html%s", "");
  if (o->path_count) return usage_error("report reads stored runs and takes no rule files (got '%s')", o->paths[0]);
  kam_ruleset *rs = kam_ruleset_new();
  kam_report_options ro = {o->db, o->run_id};
  char *html = NULL;
  int status = kam_report(rs, &ro, &html);
  print_diags(rs);
  if (html && !write_file(o->output, html)) {
    fprintf(stderr, "kam: cannot write %s\n", o->output);
    status = KAM_ERR_USAGE;
  } else if (html) {
    fprintf(stderr, "kam: wrote %s\n", o->output);
  }
  free(html);
  kam_ruleset_free(rs);
  return status;
}

/* --- alerts over time: alerts_cmd.c does the work ------------------------------------- */

static alerts_cmd alerts_options(const options *o) {
  alerts_cmd c = {.db = o->db, .note = o->note, .by = o->by, .until = o->until, .state = o->state,
                  .severity = o->severity, .format = o->format, .before = o->before, .keep = o->keep,
                  .dry_run = o->dry_run, .busy_ms = o->busy_ms};
  if (o->path_count > 0) c.alert = o->paths[0];
  if (o->path_count > 1) c.key = o->paths[1];
  return c;
}

static int episodes_command(const char *command, const options *o) {
  alerts_cmd c = alerts_options(o);
  return alerts_cmd_main(command, &c, o->help, o->path_count);
}
static int cmd_alerts(const options *o) { return episodes_command("alerts", o); }
static int cmd_ack(const options *o) { return episodes_command("ack", o); }
static int cmd_runs(const options *o) { return episodes_command("runs", o); }
static int cmd_prune(const options *o) { return episodes_command("prune", o); }

static int cmd_lsp(const options *o) {
  if (o->help) {
    printf("usage: kam lsp [--db DB]\n\n"
           "Serves the Language Server Protocol on stdin/stdout for editors: diagnostics\n"
           "as kam check reports them (against DB with --db; strict findings as hints),\n"
           "hover, definition, references, document symbols, completion and formatting.\n"
           "A document's rule set is the .kam files of its folder and below.\n");
    return KAM_OK;
  }
  if (o->path_count) return usage_error("lsp takes no PATH (got '%s'): the editor names the files", o->paths[0]);
  return kam_lsp(stdin, stdout, o->db);
}

/* Prints the coverage; false when it is below --coverage-min. */
static bool report_coverage(const options *o, const kam_test_report *r) {
  double percent;
  char *text = kam_coverage_text(r, o->format && strcmp(o->format, "json") == 0, &percent);
  if (!text) return false;
  fputs(text, stdout);
  free(text);
  bool enough = o->coverage_min < 0 || percent + 1e-9 >= o->coverage_min;
  if (!enough) fprintf(stderr, "kam: coverage %.1f%% is below --coverage-min %g\n", percent, o->coverage_min);
  return enough;
}

static int cmd_test(const options *o) {
  if (o->help) {
    printf("usage: kam test [--db DB] [--coverage [--coverage-min P] [--format text|json]] PATH...\n\n"
           "Runs the rule set's test blocks, each on a private in-memory database built\n"
           "from its rows, with the same engine as kam run.  With --db, tables take their\n"
           "column types from DB's schema.  Exit 1 when any test fails.\n"
           "With --coverage, also lists what no test exercised (tiers never chosen, alerts\n"
           "never seen firing or never seen quiet, bands, grades, stage rows and case\n"
           "branches never taken) at FILE:LINE, with a percentage per file; --coverage-min P\n"
           "exits 1 when the total is below P percent.\n");
    return KAM_OK;
  }
  if (!o->path_count) return usage_error("test needs at least one PATH%s", "");
  if (o->coverage_min >= 0 && !o->coverage) return usage_error("--coverage-min needs --coverage%s", "");
  if (o->format && !o->coverage) return usage_error("--format needs --coverage%s", "");
  if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
    return usage_error("bad --format '%s' for test (text or json)", o->format);
  bool json = o->format && strcmp(o->format, "json") == 0;
  kam_ruleset *rs = load_rules(o);
  kam_test_report report;
  int status = kam_test_with(rs, o->db, o->coverage, &report);
  print_diags(rs);
  if (report.failures) fputs(report.failures, json ? stderr : stdout);
  if (!json && status != KAM_ERR_DB && (report.passed || report.failed || status == KAM_OK))
    printf("%d passed, %d failed\n", report.passed, report.failed);
  if (o->coverage && report.coverage && !report_coverage(o, &report) && status == KAM_OK) status = KAM_ERR_RULES;
  kam_test_report_free(&report);
  kam_ruleset_free(rs);
  return status;
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    fputs(usage_text, argc < 2 ? stderr : stdout);
    return argc < 2 ? KAM_ERR_USAGE : KAM_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("kam %s\n", KAM_VERSION);
    return KAM_OK;
  }
  static const struct {
    const char *name;
    unsigned takes;
    int (*run)(const options *);
  } commands[] = {
      {"check", TAKES_DB | TAKES_STRICT, cmd_check},
      {"fmt", TAKES_WRITE | TAKES_CHECK, cmd_fmt},
      {"run", TAKES_DB | TAKES_OUT | TAKES_AS_OF | TAKES_DRY_RUN | TAKES_JOBS | TAKES_FORMAT | TAKES_BUSY, cmd_run},
      {"explain", TAKES_DB | TAKES_OUT | TAKES_ACCOUNT | TAKES_AS_OF | TAKES_FORMAT | TAKES_MEMBERS, cmd_explain},
      {"diff", TAKES_DB | TAKES_OUT | TAKES_AS_OF | TAKES_FORMAT | TAKES_JOBS, cmd_diff},
      {"test", TAKES_DB | TAKES_COVERAGE | TAKES_COVERAGE_MIN | TAKES_FORMAT, cmd_test},
      {"report", TAKES_DB | TAKES_RUN | TAKES_OUTPUT, cmd_report},
      {"lsp", TAKES_DB, cmd_lsp},
      {"alerts", TAKES_DB | TAKES_STATE | TAKES_SEVERITY | TAKES_FORMAT | TAKES_BUSY, cmd_alerts},
      {"ack", TAKES_DB | TAKES_NOTE | TAKES_BY | TAKES_UNTIL | TAKES_BUSY, cmd_ack},
      {"runs", TAKES_DB | TAKES_FORMAT | TAKES_BUSY, cmd_runs},
      {"prune", TAKES_DB | TAKES_KEEP | TAKES_BEFORE | TAKES_DRY_RUN | TAKES_BUSY, cmd_prune},
  };
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
    if (strcmp(argv[1], commands[i].name) != 0) continue;
    options o;
    int status = parse_options(argc, argv, commands[i].name, commands[i].takes, &o);
    return status != KAM_OK ? status : commands[i].run(&o);
  }
  return usage_error("unknown command '%s'", argv[1]);
}
