/*
 * lsp_sets.c — what kam lsp knows about the editor's files: the open
 * documents (their unsaved text), the rule set each belongs to (the .kam
 * files of its folder and below, as `kam check FOLDER` reads them, with open
 * documents in place of their files), checking it and publishing what
 * `kam check` (and `--strict`, as hints) reports; and the conversion
 * between kam's byte offsets and LSP's (line, UTF-16 code unit) positions.
 */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- JSON strings and UTF-8 ------------------------------------------------------- */

json_t *lsp_string(const char *s, size_t n) {
  json_t *j = json_stringn(s, n);
  if (j) return j;
  strbuf b;                        /* not UTF-8: the one JSON writer replaces bad bytes */
  sb_init(&b);
  sb_json_string(&b, s, n);
  j = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
  sb_free(&b);
  return j ? j : json_string("");
}

/* A character beyond the Basic Multilingual Plane (4 UTF-8 bytes) is two
 * UTF-16 code units, a surrogate pair; every other one is one. */
static int char_units(unsigned char c) { return utf8_len(c) == 4 ? 2 : 1; }

int utf16_length(const char *s, int n) {
  int units = 0;
  for (int i = 0; i < n; i += utf8_len((unsigned char)s[i])) units += char_units((unsigned char)s[i]);
  return units;
}

/* --- positions ------------------------------------------------------------------------ */

static json_t *position(const source_file *f, int offset) {
  if (offset > f->length) offset = f->length;
  if (offset < 0) offset = 0;
  int line = line_of_offset(f, offset);
  int start = f->line_starts[line];
  return json_pack("{s:i, s:i}", "line", line, "character", utf16_length(f->text + start, offset - start));
}

json_t *lsp_range(const source_file *f, int start, int end) {
  return json_pack("{s:o, s:o}", "start", position(f, start), "end", position(f, end < start ? start : end));
}

static int line_end(const source_file *f, int line) {
  int end = line + 1 < f->line_count ? f->line_starts[line + 1] - 1 : f->length;
  if (end > f->line_starts[line] && f->text[end - 1] == '\r') end--;
  return end;
}

int lsp_offset(const source_file *f, json_t *pos) {
  json_t *line = json_object_get(pos, "line"), *character = json_object_get(pos, "character");
  if (!json_is_integer(line) || !json_is_integer(character)) return -1;
  json_int_t l = json_integer_value(line), c = json_integer_value(character);
  if (l < 0 || c < 0) return -1;
  if (l >= f->line_count) return f->length;
  int at = f->line_starts[l], end = line_end(f, (int)l);
  for (json_int_t units = 0; at < end; at += utf8_len((unsigned char)f->text[at])) {
    units += char_units((unsigned char)f->text[at]);
    if (units > c) break;          /* inside a surrogate pair: the character's start */
  }
  return at < end ? at : end;
}

/* --- URIs ----------------------------------------------------------------------------- */

static int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *lsp_uri_to_path(const char *uri) {
  if (strncmp(uri, "file://", 7) != 0) return NULL;
  const char *p = uri + 7;
  if (strncmp(p, "localhost/", 10) == 0) p += 9;
  if (*p != '/') return NULL;
  char *path = malloc(strlen(p) + 1);
  size_t n = 0;
  for (; *p; p++) {
    if (*p == '%' && hex_digit(p[1]) >= 0 && hex_digit(p[2]) >= 0) {
      path[n++] = (char)(hex_digit(p[1]) * 16 + hex_digit(p[2]));
      p += 2;
    } else path[n++] = *p;
  }
  path[n] = 0;
  if (strlen(path) != n) { free(path); return NULL; }   /* %00 */
  return path;
}

/* The URI the editor used for path when it has the file open, else one
 * written as VS Code writes them (everything but unreserved bytes and '/'
 * percent-encoded). */
const char *lsp_uri_of(lsp_server *s, const char *path, char *buf, size_t size) {
  for (int i = 0; i < s->doc_count; i++)
    if (s->docs[i].path && strcmp(s->docs[i].path, path) == 0) return s->docs[i].uri;
  size_t n = (size_t)snprintf(buf, size, "file://");
  for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < size; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
      buf[n++] = (char)*p;
    else n += (size_t)snprintf(buf + n, size - n, "%%%02X", *p);
  }
  buf[n] = 0;
  return buf;
}

json_t *lsp_location(lsp_server *s, const source_file *f, kam_span span) {
  char buf[8192];
  return json_pack("{s:s, s:o}", "uri", lsp_uri_of(s, f->name, buf, sizeof buf), "range",
                   lsp_range(f, span.start, span.end));
}

/* --- documents -------------------------------------------------------------------------- */

lsp_doc *lsp_doc_find(lsp_server *s, const char *uri) {
  for (int i = 0; i < s->doc_count; i++)
    if (strcmp(s->docs[i].uri, uri) == 0) return &s->docs[i];
  return NULL;
}

lsp_doc *lsp_doc_open(lsp_server *s, const char *uri, const char *text, size_t length) {
  lsp_doc *d = lsp_doc_find(s, uri);
  if (!d) {
    if (s->doc_count == s->doc_cap) {
      int cap = s->doc_cap ? s->doc_cap * 2 : 8;
      lsp_doc *docs = realloc(s->docs, sizeof *docs * (size_t)cap);
      if (!docs) return NULL;
      s->docs = docs;
      s->doc_cap = cap;
    }
    d = &s->docs[s->doc_count++];
    d->uri = strdup(uri);
    d->path = lsp_uri_to_path(uri);
    d->text = NULL;
  }
  free(d->text);
  d->text = malloc(length + 1);
  memcpy(d->text, text, length);
  d->text[length] = 0;
  d->length = length;
  lsp_sets_mark_dirty(s);
  return d;
}

void lsp_doc_close(lsp_server *s, const char *uri) {
  lsp_doc *d = lsp_doc_find(s, uri);
  if (!d) return;
  free(d->uri);
  free(d->path);
  free(d->text);
  *d = s->docs[--s->doc_count];
  lsp_sets_mark_dirty(s);
}

static const lsp_doc *doc_for_path(const lsp_server *s, const char *path) {
  for (int i = 0; i < s->doc_count; i++)
    if (s->docs[i].path && strcmp(s->docs[i].path, path) == 0) return &s->docs[i];
  return NULL;
}

/* --- building and checking a rule set ------------------------------------------------------ */

/* Every *.kam below dir as kam_ruleset_add_path takes them, an open
 * document's text in place of its file. */
static void add_files_below(lsp_server *s, kam_ruleset *rs, arena *mem, const char *dir) {
  ptr_vec paths = {0};
  ruleset_files_below(mem, dir, &paths);
  for (int i = 0; i < paths.count; i++) {
    const char *path = paths.items[i];
    const lsp_doc *doc = doc_for_path(s, path);
    if (doc) kam_ruleset_add_source(rs, path, doc->text, doc->length);
    else kam_ruleset_add_path(rs, path);
  }
}

static bool is_below(const char *path, const char *dir) {
  size_t n = strlen(dir);
  return strncmp(path, dir, n) == 0 && (path[n] == '/' || (n == 1 && dir[0] == '/'));
}

/* Open documents not on disk yet (new, unsaved files) join at the end. */
static void add_unsaved_documents(lsp_server *s, kam_ruleset *rs, const char *dir) {
  for (int i = 0; i < s->doc_count; i++) {
    const lsp_doc *doc = &s->docs[i];
    struct stat st;
    if (doc->path && is_below(doc->path, dir) && has_kam_suffix(doc->path) && stat(doc->path, &st) != 0)
      kam_ruleset_add_source(rs, doc->path, doc->text, doc->length);
  }
}

/* Message pointers of the diagnostics so far, sorted, to tell afterwards
 * which ones kam_ruleset_strict added. */
static int compare_pointers(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  return x < y ? -1 : x > y;
}

static const char **message_snapshot(const kam_ruleset *rs, size_t *count) {
  *count = kam_diag_count(rs);
  const char **m = malloc(sizeof *m * (*count + 1));
  for (size_t i = 0; i < *count; i++) m[i] = kam_diag_get(rs, i)->message;
  qsort(m, *count, sizeof *m, compare_pointers);
  return m;
}

static void set_check(lsp_server *s, lsp_set *set, const char ***before, size_t *before_count) {
  kam_ruleset_free(set->rs);
  set->rs = kam_ruleset_new();
  arena tmp;
  arena_init(&tmp);
  add_files_below(s, set->rs, &tmp, set->dir);
  arena_free(&tmp);
  add_unsaved_documents(s, set->rs, set->dir);
  int status = kam_ruleset_check(set->rs, s->db);
  *before = NULL;
  if (status == KAM_OK) {          /* as kam check --strict: only a set without errors */
    *before = message_snapshot(set->rs, before_count);
    kam_ruleset_strict(set->rs);
  }
  set->schema = set->rs->schema;
  lsp_index_free(&set->index);
  lsp_index_build(&set->index, set->rs);
  set->dirty = false;
}

static lsp_set *set_of_dir(lsp_server *s, const char *dir) {
  for (int i = 0; i < s->set_count; i++)
    if (strcmp(s->sets[i]->dir, dir) == 0) return s->sets[i];
  lsp_set **sets = realloc(s->sets, sizeof *sets * (size_t)(s->set_count + 1));
  if (!sets) abort();
  s->sets = sets;
  lsp_set *set = calloc(1, sizeof *set);
  set->dir = strdup(dir);
  set->dirty = true;
  s->sets[s->set_count++] = set;
  return set;
}

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  size_t n = slash ? (size_t)(slash - path) : 0;
  return n ? strndup(path, n) : strdup("/");
}

static int file_index(const kam_ruleset *rs, const char *path) {
  for (size_t i = 0; i < kam_file_count(rs); i++)
    if (strcmp(kam_file_name(rs, i), path) == 0) return (int)i;
  return -1;
}

lsp_set *lsp_set_for(lsp_server *s, const char *path, int *file) {
  char *dir = dir_of(path);
  lsp_set *set = set_of_dir(s, dir);
  free(dir);
  if (set->dirty || !set->rs) {
    const char **before;
    size_t n;
    set_check(s, set, &before, &n);
    free(before);
  }
  *file = file_index(set->rs, path);
  return set;
}

void lsp_sets_mark_dirty(lsp_server *s) {
  for (int i = 0; i < s->set_count; i++) s->sets[i]->dirty = true;
}

void lsp_sets_free(lsp_server *s) {
  for (int i = 0; i < s->set_count; i++) {
    lsp_set *set = s->sets[i];
    kam_ruleset_free(set->rs);
    lsp_index_free(&set->index);
    for (int k = 0; k < set->published_count; k++) free(set->published[k]);
    free(set->published);
    free(set->dir);
    free(set);
  }
  free(s->sets);
}

/* --- diagnostics ------------------------------------------------------------------------------ */

/* The bytes a diagnostic covers on its line: from its column (counted in
 * characters) for as many display cells as its caret is wide. */
static json_t *diag_range(const source_file *f, const kam_diag *d) {
  int line = d->line - 1 < f->line_count ? d->line - 1 : f->line_count - 1;
  int at = f->line_starts[line], end = line_end(f, line);
  for (int c = 1; c < d->column && at < end; c++) at += utf8_len((unsigned char)f->text[at]);
  int stop = at;
  for (int width = 0; width < d->caret_width && stop < end;) {
    int n = utf8_len((unsigned char)f->text[stop]);
    if (stop + n > end) n = end - stop;
    width += utf8_display_width(f->text + stop, n);
    stop += n;
  }
  return lsp_range(f, at, stop);
}

static json_t *diag_json(const kam_ruleset *rs, int file, const kam_diag *d, bool strict) {
  int severity = d->severity == KAM_DIAG_ERROR ? LSP_ERROR : d->severity == KAM_DIAG_NOTE ? LSP_INFORMATION
               : strict ? LSP_HINT : LSP_WARNING;
  json_t *range = d->file ? diag_range(rs->src.files[file], d)
                          : json_pack("{s:{s:i,s:i}, s:{s:i,s:i}}", "start", "line", 0, "character", 0, "end",
                                      "line", 0, "character", 0);
  return json_pack("{s:o, s:i, s:s, s:o}", "range", range, "severity", severity, "source",
                   strict ? "kam check --strict" : "kam", "message", lsp_string(d->message, strlen(d->message)));
}

/* A note belongs to the diagnostic before it: its related information. */
static void attach_note(lsp_server *s, json_t *to, const kam_ruleset *rs, int file, const kam_diag *note) {
  json_t *related = json_object_get(to, "relatedInformation");
  if (!related) json_object_set_new(to, "relatedInformation", related = json_array());
  char buf[8192];
  const source_file *f = rs->src.files[file];
  json_t *loc = json_pack("{s:s, s:o}", "uri", lsp_uri_of(s, f->name, buf, sizeof buf), "range", diag_range(f, note));
  json_array_append_new(related, json_pack("{s:o, s:o}", "location", loc, "message",
                                           lsp_string(note->message, strlen(note->message))));
}

static bool was_there(const char **before, size_t n, const char *message) {
  return !before || bsearch(&message, before, n, sizeof *before, compare_pointers);
}

static void publish_one(lsp_server *s, const char *path, json_t *diags) {
  char buf[8192];
  lsp_notify(s, "textDocument/publishDiagnostics",
             json_pack("{s:s, s:o}", "uri", lsp_uri_of(s, path, buf, sizeof buf), "diagnostics", diags));
}

/* Publishes each file's diagnostics; files that had some and have none now
 * get an empty list, so the editor clears them. */
static void publish_set(lsp_server *s, lsp_set *set, const char *trigger, const char **before, size_t nbefore) {
  const kam_ruleset *rs = set->rs;
  int files = (int)kam_file_count(rs), home = file_index(rs, trigger);
  json_t **per_file = calloc((size_t)files + 1, sizeof *per_file);
  json_t *last = NULL;
  for (size_t i = 0; i < kam_diag_count(rs); i++) {
    const kam_diag *d = kam_diag_get(rs, i);
    int file = d->file ? file_index(rs, d->file) : home;
    if (file < 0) continue;
    if (d->severity == KAM_DIAG_NOTE && last && d->file) { attach_note(s, last, rs, file, d); continue; }
    if (!per_file[file]) per_file[file] = json_array();
    last = diag_json(rs, file, d, !was_there(before, nbefore, d->message));
    json_array_append_new(per_file[file], last);
  }
  char **now = calloc((size_t)files + 1, sizeof *now);
  int now_count = 0;
  for (int f = 0; f < files; f++) {
    const char *name = kam_file_name(rs, f);
    bool had = false;
    for (int k = 0; k < set->published_count && !had; k++) had = strcmp(set->published[k], name) == 0;
    if (per_file[f]) now[now_count++] = strdup(name);
    if (per_file[f] || had || doc_for_path(s, name) || f == home)
      publish_one(s, name, per_file[f] ? per_file[f] : json_array());
  }
  for (int k = 0; k < set->published_count; k++) {   /* files gone from the set */
    if (file_index(rs, set->published[k]) < 0) publish_one(s, set->published[k], json_array());
    free(set->published[k]);
  }
  free(set->published);
  set->published = now;
  set->published_count = now_count;
  free(per_file);
}

void lsp_publish(lsp_server *s, const char *path) {
  char *dir = dir_of(path);
  lsp_set *set = set_of_dir(s, dir);
  free(dir);
  const char **before;
  size_t n = 0;
  set_check(s, set, &before, &n);
  publish_set(s, set, path, before, n);
  free(before);
}
