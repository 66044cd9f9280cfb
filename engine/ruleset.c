/*
 * ruleset.c — the libkam entry points for loading and checking a rule set.
 *
 * A rule set keeps its source texts for its whole life; each check parses
 * them afresh into a new tree arena (the checker rewrites the tree in
 * place), so checking without a database and then running against one
 * is safe.  Running lives in run.c.
 */
#include "ruleset.h"
#include "fmt.h"
#include "strict.h"
#include "git.h"
#include "value.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

kam_ruleset *kam_ruleset_new(void) {
  kam_ruleset *rs = calloc(1, sizeof *rs);
  if (!rs) return NULL;
  arena_init(&rs->source_mem);
  arena_init(&rs->tree_mem);
  source_set_init(&rs->src, &rs->source_mem);
  return rs;
}

void kam_ruleset_free(kam_ruleset *rs) {
  if (!rs) return;
  free(rs->files);
  source_set_free(&rs->src);
  arena_free(&rs->tree_mem);
  arena_free(&rs->source_mem);
  free(rs);
}

int kam_ruleset_add_source(kam_ruleset *rs, const char *name, const char *text, size_t length) {
  if (length > 64u * 1024 * 1024) {
    diag_plain(&rs->src, KAM_DIAG_ERROR, "%s: a rule file larger than 64 MiB is refused", name);
  } else {
    source_add(&rs->src, name, text, (int)length);
  }
  rs->io_diags = rs->src.diag_count;
  rs->io_errors = rs->src.errors;
  return rs->src.errors;
}

/* A file that cannot be read: kept across checks like the files read. */
static int io_error(kam_ruleset *rs, const char *path, const char *why) {
  diag_plain(&rs->src, KAM_DIAG_ERROR, "%s: %s", path, why);
  rs->io_diags = rs->src.diag_count;
  rs->io_errors = rs->src.errors;
  return rs->src.errors;
}

static int add_file(kam_ruleset *rs, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return io_error(rs, path, strerror(errno));
  strbuf b;
  sb_init(&b);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sb_append(&b, chunk, n);
  fclose(f);
  kam_ruleset_add_source(rs, path, b.data ? b.data : "", b.len);
  sb_free(&b);
  return rs->src.errors;
}

static int compare_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.kam below dir, depth first, in sorted path order. */
void ruleset_files_below(arena *mem, const char *dir, ptr_vec *out) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *entry;
  ptr_vec here = {0};
  while ((entry = readdir(d))) {
    if (entry->d_name[0] == '.') continue;
    ptr_vec_push(mem, &here, arena_printf(mem, "%s/%s", dir, entry->d_name));
  }
  closedir(d);
  qsort(here.items, (size_t)here.count, sizeof(char *), compare_paths);
  for (int i = 0; i < here.count; i++) {
    const char *path = here.items[i];
    struct stat st;
    if (stat(path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) ruleset_files_below(mem, path, out);
    else if (has_kam_suffix(path)) ptr_vec_push(mem, out, (void *)path);
  }
}

static const char no_kam_files[] = "no .kam files in this directory";

/* REV:PATH: what git gives, as if read from disk. */
static int add_git(kam_ruleset *rs, const char *spec) {
  git_files files;
  if (!git_read(spec, &files)) io_error(rs, spec, files.error);
  else if (!files.count) io_error(rs, spec, no_kam_files);
  for (int i = 0; i < files.count; i++)
    kam_ruleset_add_source(rs, files.items[i].name, files.items[i].text, files.items[i].length);
  git_files_free(&files);
  return rs->src.errors;
}

static int add_directory(kam_ruleset *rs, const char *path) {
  arena tmp;
  arena_init(&tmp);
  ptr_vec files = {0};
  size_t n = strlen(path);
  char *dir = arena_strndup(&tmp, path, n > 1 && path[n - 1] == '/' ? n - 1 : n);
  ruleset_files_below(&tmp, dir, &files);
  if (!files.count) io_error(rs, path, no_kam_files);
  for (int i = 0; i < files.count; i++) add_file(rs, files.items[i]);
  arena_free(&tmp);
  return rs->src.errors;
}

bool kam_path_is_git(const char *path) { return git_is_spec(path); }

/* --- the reference schema -------------------------------------------------------- */

static const char schema_name[] = "schema.sql";

/* dir/schema.sql for a directory, else schema.sql in the file's directory
 * ("schema.sql" itself for a file named without one). */
static char *schema_beside(arena *mem, const char *path, bool is_dir) {
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/') n--;
  if (!is_dir) {
    while (n > 0 && path[n - 1] != '/') n--;
    if (n == 0) return arena_strndup(mem, schema_name, sizeof schema_name - 1);
    if (n > 1) n--;   /* keep "/" itself */
  }
  return arena_printf(mem, "%.*s%s%s", (int)n, path, n == 1 && path[0] == '/' ? "" : "/", schema_name);
}

/* The first schema.sql found beside the paths added is the set's reference
 * schema, unless the host named one. */
static void look_for_schema(kam_ruleset *rs, const char *path, bool is_dir) {
  if (rs->schema_chosen || rs->schema_file) return;
  char *candidate = schema_beside(&rs->source_mem, path, is_dir);
  struct stat st;
  if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode)) rs->schema_file = candidate;
}

const char *kam_ruleset_schema_file(const kam_ruleset *rs) { return rs->schema_file; }

void kam_ruleset_set_schema_file(kam_ruleset *rs, const char *path) {
  rs->schema_chosen = true;
  rs->schema_file = path ? arena_strndup(&rs->source_mem, path, strlen(path)) : NULL;
}

int open_reference_for_check(kam_ruleset *rs, sqlite3 **db) {
  *db = NULL;
  return rs->schema_file ? open_reference_schema(&rs->src, rs->schema_file, db) : KAM_OK;
}

void note_reference_schema(kam_ruleset *rs, const char *what) {
  diag_plain(&rs->src, KAM_DIAG_NOTE, "%s the reference schema %s (no --db given)", what, rs->schema_file);
  rs->src.diag_keys[rs->src.diag_count - 1] = LLONG_MAX;   /* last, after every sort */
}

int kam_ruleset_add_path(kam_ruleset *rs, const char *path) {
  if (git_is_spec(path)) return add_git(rs, path);
  struct stat st;
  bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
  look_for_schema(rs, path, is_dir);
  return is_dir ? add_directory(rs, path) : add_file(rs, path);
}

static void reset_for_check(kam_ruleset *rs) {
  rs->src.diag_count = rs->io_diags;
  rs->src.errors = rs->io_errors;
  rs->src.warnings = 0;
  for (int i = 0; i < rs->io_diags; i++)
    if (rs->src.diags[i].severity == KAM_DIAG_WARNING) rs->src.warnings++;
  arena_free(&rs->tree_mem);
  arena_init(&rs->tree_mem);
  free(rs->files);
  rs->files = calloc((size_t)rs->src.file_count + 1, sizeof(parsed_file));
  rs->checked = false;
  rs->schema = NULL;
}

int ruleset_check_with(kam_ruleset *rs, sqlite3 *db) {
  reset_for_check(rs);
  for (int f = 0; f < rs->src.file_count; f++) parse_file(&rs->src, &rs->tree_mem, f, &rs->files[f]);
  db_schema *schema = NULL;
  if (db) {
    schema = arena_alloc(&rs->tree_mem, sizeof *schema);
    int rc = schema_load(db, &rs->tree_mem, schema);
    if (rc != SQLITE_OK) {
      diag_plain(&rs->src, KAM_DIAG_ERROR, "cannot read the database schema: %s", sqlite3_errmsg(db));
      return KAM_ERR_DB;
    }
    rs->schema = schema;
  }
  if (rs->src.errors == 0 || rs->src.file_count > 0)
    check_program(&rs->tree_mem, &rs->src, rs->files, rs->src.file_count, schema, &rs->prog);
  if (rs->src.file_count == 0 && rs->src.errors == 0)
    diag_plain(&rs->src, KAM_DIAG_ERROR, "no rule files given");
  diag_sort(&rs->src, rs->io_diags);
  rs->checked = rs->src.errors == 0;
  return rs->src.errors ? KAM_ERR_RULES : KAM_OK;
}

/* Without db_path, against the reference schema when the set has one: a
 * misspelt column is then an error, not taken for a column nobody has.  Its
 * indexes are not checked: they are the real database's business. */
int kam_ruleset_check(kam_ruleset *rs, const char *db_path) {
  sqlite3 *db = NULL;
  if (db_path || rs->schema_file) {
    reset_for_check(rs);
    int rc = db_path ? open_existing_db(&rs->src, db_path, false, 5000, &db) : open_reference_for_check(rs, &db);
    if (rc != KAM_OK) return rc;
  }
  int status = ruleset_check_with(rs, db);
  if (db_path && status == KAM_OK) warn_unindexed_relations(rs, db);
  if (!db_path && db) note_reference_schema(rs, "checked against");
  sqlite3_close(db);
  return status;
}

/* A relation read by key without an index makes explain scan the table. */
void warn_unindexed_relations(kam_ruleset *rs, sqlite3 *db) {
  for (int i = 0; i < rs->prog.relations.count; i++) {
    decl *d = ((relation_info *)rs->prog.relations.items[i])->d;
    if (schema_column_indexed(db, d->table, d->key)) continue;
    diag_warning(&rs->src, d->key_span, "no index on %s(%s): looking up one account scans the "
                 "table; run: CREATE INDEX \"%s_%s\" ON \"%s\"(\"%s\");", d->table, d->key,
                 d->table, d->key, d->table, d->key);
  }
}

size_t kam_diag_count(const kam_ruleset *rs) { return (size_t)rs->src.diag_count; }
const kam_diag *kam_diag_get(const kam_ruleset *rs, size_t i) {
  return i < (size_t)rs->src.diag_count ? &rs->src.diags[i] : NULL;
}
int kam_error_count(const kam_ruleset *rs) { return rs->src.errors; }
int kam_warning_count(const kam_ruleset *rs) { return rs->src.warnings; }

/* --as-of, or today by the local clock when none is given. */
bool as_of_resolve(const char *text, int64_t *days, char out[11]) {
  if (!text) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, days) &&
           (date_format(*days, out), true);
  }
  if (strlen(text) != 10 || !date_parse(text, 10, days)) return false;
  date_format(*days, out);
  return true;
}


int kam_ruleset_strict(kam_ruleset *rs) {
  if (!rs->checked || rs->src.errors) return 0;
  int found = strict_check(&rs->src, &rs->tree_mem, &rs->prog, rs->files, rs->src.file_count);
  diag_sort(&rs->src, rs->io_diags);
  return found;
}

size_t kam_file_count(const kam_ruleset *rs) { return (size_t)rs->src.file_count; }
const char *kam_file_name(const kam_ruleset *rs, size_t i) { return rs->src.files[i]->name; }
const char *kam_file_text(const kam_ruleset *rs, size_t i) { return rs->src.files[i]->text; }

int kam_format(kam_ruleset *rs, size_t index, char **text) {
  int errors = 0;
  *text = fmt_file(&rs->src, &rs->tree_mem, (int)index, &errors);
  diag_sort(&rs->src, rs->io_diags);
  return *text ? KAM_OK : KAM_ERR_RULES;
}

bool as_of_or_error(source_set *src, const char *text, int64_t *days, char out[11]) {
  if (as_of_resolve(text, days, out)) return true;
  diag_plain(src, KAM_DIAG_ERROR, "--as-of '%s' is not a date (YYYY-MM-DD)", text);
  return false;
}
