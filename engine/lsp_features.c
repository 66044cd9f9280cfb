/*
 * lsp_features.c — kam lsp's answers about a position or a document: hover
 * (a declaration with its leading comment and type, a tier, a column and
 * its declared type, a built-in's signature), definition and references
 * across the rule set's files, document symbols, completion (keywords,
 * names in scope, built-ins, a relation's columns after `deals.`, tier names
 * after `key_account =` and `in (`) and formatting (`kam fmt`).  Names come
 * from lsp_index.c, texts and positions from lsp_sets.c.
 */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

/* LSP CompletionItemKind and SymbolKind values used here. */
enum { CI_FUNCTION = 3, CI_FIELD = 5, CI_VARIABLE = 6, CI_CLASS = 7, CI_MODULE = 9, CI_PROPERTY = 10,
       CI_KEYWORD = 14, CI_ENUM_MEMBER = 20, CI_EVENT = 23 };
enum { SK_NAMESPACE = 3, SK_CLASS = 5, SK_METHOD = 6, SK_FIELD = 8, SK_ENUM = 10, SK_INTERFACE = 11,
       SK_VARIABLE = 13, SK_CONSTANT = 14, SK_OBJECT = 19, SK_ENUM_MEMBER = 22, SK_EVENT = 24 };

static const struct builtin_doc { const char *name, *signature, *doc; } builtins[] = {
    {"coalesce", "coalesce(a, b, ...)", "The first argument that is not null."},
    {"abs", "abs(x)", "The absolute value of a number."},
    {"round", "round(x[, digits])", "x rounded to digits places (default 0), halves away from zero."},
    {"least", "least(a, b, ...)", "The smallest argument; unreadable values are skipped."},
    {"greatest", "greatest(a, b, ...)", "The largest argument; unreadable values are skipped."},
    {"days", "days(x)", "A day count as a number: days(as_of - last_visit)."},
    {"year", "year(d)", "The year of a date."},
    {"month", "month(d)", "The month of a date, 1 to 12."},
    {"lower", "lower(s)", "The text in lower case."},
    {"upper", "upper(s)", "The text in upper case."},
    {"length", "length(s)", "The length of a text, in characters."},
    {"contains", "contains(s, part)", "True when s contains part."},
    {"starts_with", "starts_with(s, prefix)", "True when s begins with prefix."},
    {"ends_with", "ends_with(s, suffix)", "True when s ends with suffix."},
    {"trim", "trim(s)", "s without spaces, tabs, newlines and U+3000 at both ends."},
    {"replace", "replace(s, from, to)", "s with every from replaced by to."},
    {"substr", "substr(s, start[, count])", "count characters of s from start (counted from 1)."},
    {"number", "number(s)", "Reads untidy text as a number (1,200  15%  3000万  ¥1,200); null when it cannot."},
    {"date", "date(s)", "Reads untidy text as a date (2025/3/5  20250305  2025年3月5日); null when it cannot."},
    {"count", "count(rel [where COND]) · count(distinct EXPR [where COND])", "Aggregate: related rows (or distinct values); 0 when none."},
    {"exists", "exists(rel [where COND])", "Aggregate: true when some related row passes where."},
    {"sum", "sum(EXPR [where COND])", "Aggregate: the sum over related rows; 0 with no rows, null when every value is null."},
    {"avg", "avg(EXPR [where COND])", "Aggregate: the mean over related rows, nulls skipped; null with no rows."},
    {"min", "min(EXPR [where COND])", "Aggregate: the smallest value over related rows; null with no rows."},
    {"max", "max(EXPR [where COND])", "Aggregate: the largest value over related rows; null with no rows."},
};

static const char *const declaration_keywords[] = {"entity", "relation", "let", "output", "tiering",
                                                    "scorecard", "alert", "test"};
static const char *const expression_keywords[] = {
    "and", "or", "not", "in", "between", "is", "null", "true", "false", "case", "when", "then", "else",
    "end", "where", "distinct", "previous", "as_of", "otherwise", "tier", "perspective", "metric", "stage",
    "scale", "bands", "missing", "weights", "grades", "severity", "message", "expect", "for"};

static void invalid(lsp_error *err, const char *what) {
  err->code = RPC_INVALID_PARAMS;
  snprintf(err->message, sizeof err->message, "%s", what);
}

/* --- where a request points ------------------------------------------------------------ */

typedef struct where {
  lsp_set *set;
  const source_file *f;
  int file, offset;
} where;

/* Fills w from params' textDocument (and position when want_position); false
 * with err set when params are malformed, false with err->code 0 when the
 * document is in no rule set (the answer is null). */
static bool locate(lsp_server *s, json_t *params, bool want_position, where *w, lsp_error *err) {
  const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
  json_t *pos = json_object_get(params, "position");
  if (!uri || (want_position && !json_is_object(pos))) return invalid(err, "textDocument.uri and position are required"), false;
  char *path = lsp_uri_to_path(uri);
  if (!path) return false;
  w->set = lsp_set_for(s, path, &w->file);
  free(path);
  if (w->file < 0) return false;
  w->f = w->set->rs->src.files[w->file];
  w->offset = want_position ? lsp_offset(w->f, pos) : 0;
  if (w->offset < 0) return invalid(err, "position needs whole numbers line and character"), false;
  return true;
}

static const struct builtin_doc *builtin_named(const char *name) {
  for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
    if (strcmp(builtins[i].name, name) == 0) return &builtins[i];
  return NULL;
}

/* --- hover ---------------------------------------------------------------------------- */

/* The comment lines right above the line holding offset, without their '#'. */
static void leading_comment(strbuf *out, const source_file *f, int offset) {
  int line = 0;
  while (line + 1 < f->line_count && f->line_starts[line + 1] <= offset) line++;
  int first = line;
  for (; first > 0; first--) {
    const char *p = f->text + f->line_starts[first - 1];
    while (*p == ' ' || *p == '\t') p++;
    if (*p != '#') break;
  }
  for (int l = first; l < line; l++) {
    const char *p = f->text + f->line_starts[l];
    while (*p == ' ' || *p == '\t') p++;
    p++;
    if (*p == ' ') p++;
    const char *end = strchr(p, '\n');
    int n = end ? (int)(end - p) : (int)strlen(p);
    if (n && p[n - 1] == '\r') n--;
    sb_append(out, p, (size_t)n);
    sb_puts(out, "\n");
  }
}

/* The declaration as written, cut after max_lines lines. */
static void declaration_text(strbuf *out, const source_file *f, kam_span span, int max_lines) {
  int lines = 0, i = span.start;
  for (; i < span.end; i++)
    if (f->text[i] == '\n' && ++lines == max_lines) break;
  sb_append(out, f->text + span.start, (size_t)(i - span.start));
  if (i < span.end) sb_puts(out, max_lines > 1 ? "\n..." : " ...");
}

static void symbol_type(strbuf *out, const lsp_index *ix, const lsp_symbol *sym) {
  const decl *d = sym->d;
  switch (sym->kind) {
  case SYM_LET: case SYM_OUTPUT: sb_printf(out, "\n%s: %s", sym->kind == SYM_LET ? "let" : "output", type_name(d->type)); break;
  case SYM_TIERING: {
    sb_puts(out, "\na tier:");
    for (int i = 0; i < d->tiers.count; i++) sb_printf(out, " %s%s", i ? "> " : "", ((const tier *)d->tiers.items[i])->name);
    break;
  }
  case SYM_TIER: sb_printf(out, "\ntier of `%s`", ix->syms[sym->parent].name); break;
  case SYM_METRIC: case SYM_PERSPECTIVE:
    sb_printf(out, "\n%s of scorecard `%s`: a score, 0 to 100", lsp_symbol_kind_name(sym->kind), ix->syms[sym->parent].name);
    break;
  case SYM_SCORECARD: sb_puts(out, "\nscorecard: a score, 0 to 100 (`.stage`, `.grade`, `.coverage`, its metrics)"); break;
  case SYM_ALERT: sb_printf(out, "\nalert, severity %s: a boolean (did it fire)", d->severity ? d->severity : "?"); break;
  case SYM_RELATION: sb_printf(out, "\nrelation: rows of `%s` whose `%s` is the entity's key", d->table, d->key); break;
  case SYM_ENTITY: sb_printf(out, "\nentity: each row of `%s` (key `%s`)", d->table, d->key); break;
  case SYM_TEST: break;
  }
}

static void hover_symbol(strbuf *out, const lsp_set *set, const lsp_symbol *sym) {
  const source_file *f = set->rs->src.files[sym->span.file];
  sb_puts(out, "```kam\n");
  bool block = sym->kind == SYM_TIERING || sym->kind == SYM_SCORECARD;
  declaration_text(out, f, sym->span, block ? 1 : 6);
  sb_puts(out, "\n```\n");
  leading_comment(out, f, sym->span.start);
  symbol_type(out, &set->index, sym);
}

static const char *entity_table(const lsp_index *ix) {
  for (int k = 0; k < ix->sym_count; k++)
    if (ix->syms[k].kind == SYM_ENTITY) return ix->syms[k].d->table;
  return NULL;
}

static void hover_column(strbuf *out, const lsp_set *set, const lsp_occ *o) {
  const char *table = o->symbol >= 0 ? set->index.syms[o->symbol].d->table : entity_table(&set->index);
  const db_table *t = set->schema && table ? schema_table(set->schema, table) : NULL;
  const db_column *c = t ? schema_column(t, o->name) : NULL;
  sb_printf(out, "column `%s` of `%s`", o->name, table ? table : "?");
  if (c) sb_printf(out, ": %s", c->declared_type[0] ? c->declared_type : "no declared type");
  else if (t) sb_puts(out, ": not in the database");
  else if (!set->schema) sb_puts(out, " (give kam lsp --db, or put a schema.sql beside the rules, to see its type)");
}

json_t *lsp_hover(lsp_server *s, json_t *params, lsp_error *err) {
  where w;
  if (!locate(s, params, true, &w, err)) return err->code ? NULL : json_null();
  const lsp_occ *o = lsp_index_at(&w.set->index, w.file, w.offset);
  if (!o) return json_null();
  strbuf b;
  sb_init(&b);
  const struct builtin_doc *bd;
  if (o->kind == OCC_SYMBOL) hover_symbol(&b, w.set, &w.set->index.syms[o->symbol]);
  else if (o->kind == OCC_COLUMN) hover_column(&b, w.set, o);
  else if ((bd = builtin_named(o->name))) sb_printf(&b, "```kam\n%s\n```\n%s", bd->signature, bd->doc);
  if (!b.len) { sb_free(&b); return json_null(); }
  json_t *result = json_pack("{s:{s:s, s:o}, s:o}", "contents", "kind", "markdown", "value",
                             lsp_string(b.data, b.len), "range", lsp_range(w.f, o->span.start, o->span.end));
  sb_free(&b);
  return result;
}

/* --- definition and references ----------------------------------------------------------- */

static const lsp_symbol *symbol_at(const where *w) {
  const lsp_occ *o = lsp_index_at(&w->set->index, w->file, w->offset);
  return o && o->kind == OCC_SYMBOL ? &w->set->index.syms[o->symbol] : NULL;
}

json_t *lsp_definition(lsp_server *s, json_t *params, lsp_error *err) {
  where w;
  if (!locate(s, params, true, &w, err)) return err->code ? NULL : json_null();
  const lsp_symbol *sym = symbol_at(&w);
  if (!sym) return json_null();
  return lsp_location(s, w.set->rs->src.files[sym->name_span.file], sym->name_span);
}

json_t *lsp_references(lsp_server *s, json_t *params, lsp_error *err) {
  where w;
  if (!locate(s, params, true, &w, err)) return err->code ? NULL : json_null();
  const lsp_symbol *sym = symbol_at(&w);
  if (!sym) return json_null();
  int k = (int)(sym - w.set->index.syms);
  bool with_declaration = json_is_true(json_object_get(json_object_get(params, "context"), "includeDeclaration"));
  json_t *list = json_array();
  for (int i = 0; i < w.set->index.occ_count; i++) {
    const lsp_occ *o = &w.set->index.occs[i];
    if (o->kind != OCC_SYMBOL || o->symbol != k || (o->is_declaration && !with_declaration)) continue;
    json_array_append_new(list, lsp_location(s, w.set->rs->src.files[o->span.file], o->span));
  }
  return list;
}

/* --- document symbols ----------------------------------------------------------------------- */

static int symbol_kind(sym_kind k) {
  static const int kinds[] = {SK_CLASS, SK_INTERFACE, SK_VARIABLE, SK_CONSTANT, SK_ENUM, SK_ENUM_MEMBER,
                              SK_OBJECT, SK_NAMESPACE, SK_FIELD, SK_EVENT, SK_METHOD};
  return kinds[k];
}

static json_t *document_symbol(const source_file *f, const lsp_symbol *sym, const char *detail) {
  kam_span sel = sym->name_span.end > sym->name_span.start ? sym->name_span : sym->span;
  const char *name = sym->name[0] ? sym->name : lsp_symbol_kind_name(sym->kind);
  return json_pack("{s:o, s:o, s:i, s:o, s:o, s:[]}", "name", lsp_string(name, strlen(name)), "detail",
                   lsp_string(detail, strlen(detail)), "kind", symbol_kind(sym->kind), "range", lsp_range(f, sym->span.start, sym->span.end),
                   "selectionRange", lsp_range(f, sel.start, sel.end), "children");
}

json_t *lsp_document_symbols(lsp_server *s, json_t *params, lsp_error *err) {
  where w;
  if (!locate(s, params, false, &w, err)) return err->code ? NULL : json_array();
  const lsp_index *ix = &w.set->index;
  json_t *list = json_array(), *parent = NULL;
  for (int k = 0; k < ix->sym_count; k++) {
    const lsp_symbol *sym = &ix->syms[k];
    if (sym->span.file != w.file || sym->kind == SYM_PERSPECTIVE) continue;
    if (sym->parent < 0) {
      parent = document_symbol(w.f, sym, sym->d->title ? sym->d->title : lsp_symbol_kind_name(sym->kind));
      json_array_append_new(list, parent);
    } else if (parent) {
      json_array_append_new(json_object_get(parent, "children"), document_symbol(w.f, sym, lsp_symbol_kind_name(sym->kind)));
    }
  }
  return list;
}

/* --- completion ------------------------------------------------------------------------------- */

static bool is_name_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80;
}

static void item(json_t *list, const char *label, int kind, const char *detail) {
  json_array_append_new(list, json_pack("{s:o, s:i, s:o}", "label", lsp_string(label, strlen(label)), "kind", kind,
                                        "detail", lsp_string(detail, strlen(detail))));
}

/* The name ending just before text[end] (spaces skipped first), into buf. */
static int name_before(const char *text, int end, char *buf, size_t size) {
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) end--;
  int start = end;
  while (start > 0 && is_name_byte(text[start - 1])) start--;
  size_t n = (size_t)(end - start) < size - 1 ? (size_t)(end - start) : size - 1;
  memcpy(buf, text + start, n);
  buf[n] = 0;
  return start;
}

static int symbol_named(const lsp_index *ix, const char *name) {
  for (int k = 0; k < ix->sym_count; k++)
    if (ix->syms[k].parent < 0 && ix->syms[k].kind != SYM_TEST && strcmp(ix->syms[k].name, name) == 0) return k;
  return -1;
}

static void table_columns(json_t *list, const lsp_set *set, const char *table, int relation) {
  const db_table *t = set->schema && table ? schema_table(set->schema, table) : NULL;
  for (int i = 0; t && i < t->column_count; i++) item(list, t->columns[i].name, CI_FIELD, t->columns[i].declared_type);
  if (t) return;
  const lsp_index *ix = &set->index;   /* no database: the columns the rules already read */
  for (int i = 0; i < ix->occ_count; i++) {
    const lsp_occ *o = &ix->occs[i];
    if (o->kind != OCC_COLUMN || o->symbol != relation) continue;
    bool seen = false;
    for (size_t k = 0; k < json_array_size(list) && !seen; k++)
      seen = strcmp(json_string_value(json_object_get(json_array_get(list, k), "label")), o->name) == 0;
    if (!seen) item(list, o->name, CI_FIELD, "column");
  }
}

static void after_dot(json_t *list, const lsp_set *set, const char *head) {
  int k = symbol_named(&set->index, head);
  if (k < 0) return;
  const lsp_symbol *sym = &set->index.syms[k];
  if (sym->kind == SYM_RELATION) table_columns(list, set, sym->d->table, k);
  else if (sym->kind == SYM_ENTITY) table_columns(list, set, sym->d->table, -1);
  if (sym->kind != SYM_SCORECARD) return;
  item(list, "stage", CI_PROPERTY, "the stage");
  item(list, "grade", CI_PROPERTY, "the grade");
  item(list, "coverage", CI_PROPERTY, "share of weight with data");
  for (int i = k + 1; i < set->index.sym_count && set->index.syms[i].parent == k; i++)
    item(list, set->index.syms[i].name, CI_PROPERTY, lsp_symbol_kind_name(set->index.syms[i].kind));
}

/* The tiering a name gives, directly or through a let of a tier. */
static int tiering_named(const lsp_set *set, const char *name) {
  int k = symbol_named(&set->index, name);
  if (k < 0) return -1;
  const decl *d = set->index.syms[k].d;
  if (d->kind == D_TIERING) return k;
  if ((d->kind == D_LET || d->kind == D_OUTPUT) && d->type == T_TIER && d->tiering >= 0 &&
      d->tiering < set->rs->prog.tierings.count)
    return lsp_symbol_of_node(&set->index, set->rs->prog.tierings.items[d->tiering]);
  return -1;
}

/* `key_account =` (or != < <= > >=) or `key_account [not] in (S, ` before
 * the word: the tiering whose tier names fit, or -1. */
static int tier_context(const lsp_set *set, const char *text, int at) {
  char name[256];
  int i = at;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) i--;
  if (i > 0 && strchr("=<>", text[i - 1])) {
    while (i > 0 && strchr("=<>!", text[i - 1])) i--;
    name_before(text, i, name, sizeof name);
    return tiering_named(set, name);
  }
  while (i > 0 && (is_name_byte(text[i - 1]) || strchr(" \t,", text[i - 1]))) i--;   /* S, A, */
  if (i == 0 || text[i - 1] != '(') return -1;
  int start = name_before(text, i - 1, name, sizeof name);
  if (strcmp(name, "in") != 0) return -1;
  start = name_before(text, start, name, sizeof name);
  if (strcmp(name, "not") == 0) name_before(text, start, name, sizeof name);
  return tiering_named(set, name);
}

static void names_in_scope(json_t *list, const lsp_set *set) {
  static const int kinds[] = {CI_CLASS, CI_MODULE, CI_VARIABLE, CI_VARIABLE, CI_ENUM_MEMBER, CI_ENUM_MEMBER,
                              CI_VARIABLE, CI_PROPERTY, CI_PROPERTY, CI_EVENT, CI_FUNCTION};
  for (int k = 0; k < set->index.sym_count; k++) {
    const lsp_symbol *sym = &set->index.syms[k];
    if (sym->parent < 0 && sym->kind != SYM_TEST) item(list, sym->name, kinds[sym->kind], lsp_symbol_kind_name(sym->kind));
  }
  for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++) item(list, builtins[i].name, CI_FUNCTION, builtins[i].signature);
  for (size_t i = 0; i < sizeof expression_keywords / sizeof *expression_keywords; i++)
    item(list, expression_keywords[i], CI_KEYWORD, "keyword");
  const char *table = entity_table(&set->index);
  const db_table *t = set->schema && table ? schema_table(set->schema, table) : NULL;
  for (int i = 0; t && i < t->column_count; i++) item(list, t->columns[i].name, CI_FIELD, table);
}

json_t *lsp_completion(lsp_server *s, json_t *params, lsp_error *err) {
  where w;
  if (!locate(s, params, true, &w, err)) return err->code ? NULL : json_null();
  const char *text = w.f->text;
  int word = w.offset;
  while (word > 0 && is_name_byte(text[word - 1])) word--;
  int line_start = word;
  while (line_start > 0 && text[line_start - 1] != '\n') line_start--;
  json_t *list = json_array();
  char head[256];
  int tiering;
  if (word > 0 && text[word - 1] == '.') {
    name_before(text, word - 1, head, sizeof head);
    after_dot(list, w.set, head);
  } else if ((tiering = tier_context(w.set, text, word)) >= 0) {
    for (int k = tiering + 1; k < w.set->index.sym_count && w.set->index.syms[k].parent == tiering; k++) {
      const lsp_symbol *t = &w.set->index.syms[k];
      item(list, t->name, CI_ENUM_MEMBER, ((const tier *)t->node)->title ? ((const tier *)t->node)->title : "tier");
    }
  } else if (word == line_start) {   /* a declaration starts at the margin */
    for (size_t i = 0; i < sizeof declaration_keywords / sizeof *declaration_keywords; i++)
      item(list, declaration_keywords[i], CI_KEYWORD, "declaration");
  } else {
    names_in_scope(list, w.set);
  }
  return json_pack("{s:b, s:o}", "isIncomplete", 0, "items", list);
}

/* --- formatting ---------------------------------------------------------------------------------- */

json_t *lsp_formatting(lsp_server *s, json_t *params, lsp_error *err) {
  const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
  if (!uri) return invalid(err, "textDocument.uri is required"), NULL;
  lsp_doc *doc = lsp_doc_find(s, uri);
  if (!doc) return json_null();
  kam_ruleset *rs = kam_ruleset_new();
  kam_ruleset_add_source(rs, doc->path ? doc->path : uri, doc->text, doc->length);
  char *formatted = NULL;
  json_t *result = json_null();
  if (kam_error_count(rs) == 0 && kam_format(rs, 0, &formatted) == KAM_OK) {
    const source_file *f = rs->src.files[0];
    result = json_array();
    if (strcmp(formatted, f->text) != 0)
      json_array_append_new(result, json_pack("{s:o, s:o}", "range", lsp_range(f, 0, f->length), "newText",
                                              lsp_string(formatted, strlen(formatted))));
  }
  free(formatted);
  kam_ruleset_free(rs);
  return result;
}
