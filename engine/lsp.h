/*
 * lsp.h — kam lsp, the Language Server Protocol server, in four parts:
 * lsp.c (framing, JSON-RPC dispatch, the session's life), lsp_sets.c (open
 * documents, the rule set each belongs to, diagnostics, UTF-16 positions),
 * lsp_index.c (the names of a checked rule set and every place they occur)
 * and lsp_features.c (hover, definition, references, symbols, completion,
 * formatting).  libkam does the checking; these files only translate.
 */
#ifndef KAM_LSP_H
#define KAM_LSP_H

#include "ruleset.h"
#include "schema.h"

#include <jansson.h>
#include <stdio.h>

/* JSON-RPC and LSP error codes. */
enum { RPC_PARSE_ERROR = -32700, RPC_INVALID_REQUEST = -32600, RPC_METHOD_NOT_FOUND = -32601,
       RPC_INVALID_PARAMS = -32602, RPC_NOT_INITIALIZED = -32002 };

/* LSP DiagnosticSeverity. */
enum { LSP_ERROR = 1, LSP_WARNING = 2, LSP_INFORMATION = 3, LSP_HINT = 4 };

/* An error to answer a request with. */
typedef struct lsp_error {
  int code;
  char message[256];
} lsp_error;

/* A document the editor has open: its text replaces the file on disk. */
typedef struct lsp_doc {
  char *uri, *path, *text;
  size_t length;
} lsp_doc;

/* What a name in the rules is. */
typedef enum sym_kind {
  SYM_ENTITY, SYM_RELATION, SYM_LET, SYM_OUTPUT, SYM_TIERING, SYM_TIER, SYM_SCORECARD,
  SYM_PERSPECTIVE, SYM_METRIC, SYM_ALERT, SYM_TEST
} sym_kind;

typedef struct lsp_symbol {
  sym_kind kind;
  const char *name;
  kam_span span, name_span;
  const void *node;          /* the decl, tier, metric or perspective */
  const decl *d;             /* the declaration it is, or belongs to */
  int parent;                /* symbol index of the tiering or scorecard; -1 */
} lsp_symbol;

/* One place the cursor can be on: a name that means a symbol, a built-in,
 * or a column. */
typedef enum occ_kind { OCC_SYMBOL, OCC_BUILTIN, OCC_AGGREGATE, OCC_COLUMN } occ_kind;

typedef struct lsp_occ {
  kam_span span;
  occ_kind kind;
  int symbol;                /* OCC_SYMBOL: the symbol; OCC_COLUMN: its relation or -1 */
  const char *name;          /* built-in or column name */
  bool is_declaration;
} lsp_occ;

typedef struct lsp_index {
  lsp_symbol *syms;
  int sym_count, sym_cap;
  lsp_occ *occs;
  int occ_count, occ_cap;
  int *by_node;              /* open addressing: node pointer -> symbol */
  int node_cap;
} lsp_index;

/* One rule set: a folder, the .kam files below it, its last check. */
typedef struct lsp_set {
  char *dir;
  kam_ruleset *rs;
  lsp_index index;
  const db_schema *schema;   /* of --db or the reference schema.sql (the check's), or NULL */
  bool dirty;                /* a document changed since the last check */
  char **published;          /* paths last given diagnostics */
  int published_count;
} lsp_set;

typedef struct lsp_server {
  FILE *in, *out;
  char *db;                  /* --db or initializationOptions.db; NULL: none */
  lsp_doc *docs;
  int doc_count, doc_cap;
  lsp_set **sets;
  int set_count;
  bool initialized, shut_down;
} lsp_server;

/* lsp.c */
void lsp_send(lsp_server *s, json_t *message);   /* takes the reference */
void lsp_notify(lsp_server *s, const char *method, json_t *params);

/* lsp_sets.c: documents */
lsp_doc *lsp_doc_find(lsp_server *s, const char *uri);
lsp_doc *lsp_doc_open(lsp_server *s, const char *uri, const char *text, size_t length);
void lsp_doc_close(lsp_server *s, const char *uri);
/* A file: URI's path (malloc'd), or NULL when it is not one. */
char *lsp_uri_to_path(const char *uri);
/* rule sets */
void lsp_publish(lsp_server *s, const char *path);   /* checks path's set, publishes */
void lsp_sets_mark_dirty(lsp_server *s);
/* The checked set path belongs to (checked again when dirty), and its file. */
lsp_set *lsp_set_for(lsp_server *s, const char *path, int *file);
void lsp_sets_free(lsp_server *s);
const char *lsp_uri_of(lsp_server *s, const char *path, char *buf, size_t size);
/* positions: LSP counts UTF-16 code units, kam bytes */
json_t *lsp_range(const source_file *f, int start, int end);
json_t *lsp_location(lsp_server *s, const source_file *f, kam_span span);
/* The byte offset of {line, character} in f; -1 when position is malformed. */
int lsp_offset(const source_file *f, json_t *position);
int utf16_length(const char *s, int n);
/* A JSON string of n bytes, with bad UTF-8 replaced. */
json_t *lsp_string(const char *s, size_t n);

/* lsp_index.c */
void lsp_index_build(lsp_index *ix, kam_ruleset *rs);
void lsp_index_free(lsp_index *ix);
/* The occurrence under byte offset `at` of file `file`, or NULL. */
const lsp_occ *lsp_index_at(const lsp_index *ix, int file, int at);
int lsp_symbol_of_node(const lsp_index *ix, const void *node);
const char *lsp_symbol_kind_name(sym_kind kind);

/* lsp_features.c: request handlers; NULL with *err set on failure */
json_t *lsp_hover(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_definition(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_references(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_document_symbols(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_completion(lsp_server *s, json_t *params, lsp_error *err);
json_t *lsp_formatting(lsp_server *s, json_t *params, lsp_error *err);

#endif
