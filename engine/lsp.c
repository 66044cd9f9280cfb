/*
 * lsp.c — kam lsp's protocol: messages framed by a Content-Length header on
 * stdin/stdout, JSON-RPC requests and notifications dispatched by method,
 * and the session's life (initialize, shutdown, exit).  Malformed input is
 * answered with the JSON-RPC error codes where a reply is due and never
 * stops the server; the work is in lsp_sets.c and lsp_features.c.
 */
#include "lsp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A message longer than this is refused: no editor sends one. */
enum { MAX_MESSAGE = 64 * 1024 * 1024, MAX_HEADER_LINE = 8192 };

typedef enum read_status { READ_OK, READ_EOF, READ_NO_LENGTH, READ_TOO_LARGE } read_status;

/* --- output -------------------------------------------------------------------- */

void lsp_send(lsp_server *s, json_t *message) {
  json_object_set_new(message, "jsonrpc", json_string("2.0"));
  char *body = json_dumps(message, JSON_COMPACT);
  json_decref(message);
  if (!body) return;
  fprintf(s->out, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
  fflush(s->out);
  free(body);
}

void lsp_notify(lsp_server *s, const char *method, json_t *params) {
  lsp_send(s, json_pack("{s:s, s:o}", "method", method, "params", params));
}

static void reply(lsp_server *s, json_t *id, json_t *result) {
  lsp_send(s, json_pack("{s:O, s:o}", "id", id ? id : json_null(), "result", result));
}

static void reply_error(lsp_server *s, json_t *id, int code, const char *message) {
  lsp_send(s, json_pack("{s:O, s:{s:i, s:o}}", "id", id ? id : json_null(), "error", "code", code,
                        "message", lsp_string(message, strlen(message))));
}

/* --- input: headers, then exactly Content-Length bytes ---------------------------- */

/* One header line without its line ending; false at end of input.  A line
 * longer than the buffer keeps its start and loses the rest. */
static bool read_line(FILE *in, char *line, size_t size) {
  size_t n = 0;
  int c;
  while ((c = getc(in)) != EOF && c != '\n')
    if (n + 1 < size) line[n++] = (char)c;
  if (c == EOF && n == 0) return false;
  if (n && line[n - 1] == '\r') n--;
  line[n] = 0;
  return true;
}

/* The value of a Content-Length header anywhere in the line (so that a
 * header glued to the end of an undelimited body is still found); -1 when
 * there is none, -2 when its value is not a number. */
static long long content_length_in(const char *line) {
  static const char name[] = "content-length:";
  for (const char *p = line; *p; p++) {
    if (strncasecmp(p, name, sizeof name - 1) != 0) continue;
    p += sizeof name - 1;
    while (*p == ' ' || *p == '\t') p++;
    if (!isdigit((unsigned char)*p)) return -2;
    long long n = 0;
    for (; isdigit((unsigned char)*p); p++) n = n > (long long)MAX_MESSAGE * 16 ? n : n * 10 + (*p - '0');
    return *p ? -2 : n;
  }
  return -1;
}

/* Skips n bytes without keeping them. */
static void discard(FILE *in, long long n) {
  char chunk[65536];
  while (n > 0) {
    size_t got = fread(chunk, 1, n < (long long)sizeof chunk ? (size_t)n : sizeof chunk, in);
    if (!got) return;
    n -= (long long)got;
  }
}

static read_status read_message(FILE *in, char **body, size_t *length) {
  char line[MAX_HEADER_LINE];
  long long declared = -1;
  bool any = false;
  for (;;) {
    if (!read_line(in, line, sizeof line)) return READ_EOF;
    if (!line[0] && any) break;
    if (!line[0]) continue;            /* blank lines between messages */
    any = true;
    long long n = content_length_in(line);
    if (n != -1) declared = n;
  }
  if (declared < 0) return READ_NO_LENGTH;
  if (declared > MAX_MESSAGE) {     /* the caller answers, then skips the body */
    *length = (size_t)declared;
    return READ_TOO_LARGE;
  }
  *body = malloc((size_t)declared + 1);
  if (!*body) {
    *length = (size_t)declared;
    return READ_TOO_LARGE;
  }
  *length = fread(*body, 1, (size_t)declared, in);
  (*body)[*length] = 0;
  if (*length < (size_t)declared) {
    free(*body);
    return READ_EOF;
  }
  return READ_OK;
}

/* --- the session's life ------------------------------------------------------------ */

static json_t *capabilities(void) {
  return json_pack("{s:s, s:{s:b, s:i, s:{s:b}}, s:b, s:b, s:b, s:b, s:{s:[s], s:b}, s:b}",
                   "positionEncoding", "utf-16",
                   "textDocumentSync", "openClose", 1, "change", 1, "save", "includeText", 0,
                   "hoverProvider", 1, "definitionProvider", 1, "referencesProvider", 1,
                   "documentSymbolProvider", 1,
                   "completionProvider", "triggerCharacters", ".", "resolveProvider", 0,
                   "documentFormattingProvider", 1);
}

static json_t *initialize(lsp_server *s, json_t *params, lsp_error *err) {
  if (params && !json_is_object(params)) {
    err->code = RPC_INVALID_PARAMS;
    snprintf(err->message, sizeof err->message, "initialize takes an object");
    return NULL;
  }
  json_t *db = json_object_get(json_object_get(params, "initializationOptions"), "db");
  if (json_is_string(db) && json_string_length(db) > 0) {
    free(s->db);
    s->db = strdup(json_string_value(db));
  }
  s->initialized = true;
  return json_pack("{s:o, s:{s:s, s:s}}", "capabilities", capabilities(), "serverInfo", "name", "kam",
                   "version", KAM_VERSION);
}

static json_t *shutdown_request(lsp_server *s, json_t *params, lsp_error *err) {
  (void)params, (void)err;
  s->shut_down = true;
  return json_null();
}

/* --- text synchronisation (full documents) ----------------------------------------- */

static const char *text_document_uri(json_t *params) {
  return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

static void did_open(lsp_server *s, json_t *params) {
  const char *uri = text_document_uri(params);
  json_t *text = json_object_get(json_object_get(params, "textDocument"), "text");
  if (!uri || !json_is_string(text)) return;
  lsp_doc *d = lsp_doc_open(s, uri, json_string_value(text), json_string_length(text));
  if (d && d->path) lsp_publish(s, d->path);
}

static void did_change(lsp_server *s, json_t *params) {
  const char *uri = text_document_uri(params);
  json_t *changes = json_object_get(params, "contentChanges");
  lsp_doc *d = uri ? lsp_doc_find(s, uri) : NULL;
  if (!d || !json_is_array(changes) || !json_array_size(changes)) return;
  /* Full sync: the last change holds the whole text. */
  json_t *text = json_object_get(json_array_get(changes, json_array_size(changes) - 1), "text");
  if (!json_is_string(text)) return;
  d = lsp_doc_open(s, uri, json_string_value(text), json_string_length(text));
  if (d && d->path) lsp_publish(s, d->path);
}

static void did_save(lsp_server *s, json_t *params) {
  const char *uri = text_document_uri(params);
  lsp_doc *d = uri ? lsp_doc_find(s, uri) : NULL;
  json_t *text = json_object_get(params, "text");
  if (d && json_is_string(text)) d = lsp_doc_open(s, uri, json_string_value(text), json_string_length(text));
  char *path = uri ? lsp_uri_to_path(uri) : NULL;
  if (path) lsp_publish(s, path);
  free(path);
}

static void did_close(lsp_server *s, json_t *params) {
  const char *uri = text_document_uri(params);
  if (!uri) return;
  char *path = lsp_uri_to_path(uri);
  lsp_doc_close(s, uri);
  if (path) lsp_publish(s, path);   /* the file on disk counts again */
  free(path);
}

/* --- dispatch ------------------------------------------------------------------------ */

typedef json_t *(*request_fn)(lsp_server *, json_t *, lsp_error *);
typedef void (*notification_fn)(lsp_server *, json_t *);

static const struct { const char *method; request_fn fn; } requests[] = {
    {"initialize", initialize},
    {"shutdown", shutdown_request},
    {"textDocument/hover", lsp_hover},
    {"textDocument/definition", lsp_definition},
    {"textDocument/references", lsp_references},
    {"textDocument/documentSymbol", lsp_document_symbols},
    {"textDocument/completion", lsp_completion},
    {"textDocument/formatting", lsp_formatting},
};

static const struct { const char *method; notification_fn fn; } notifications[] = {
    {"textDocument/didOpen", did_open},
    {"textDocument/didChange", did_change},
    {"textDocument/didSave", did_save},
    {"textDocument/didClose", did_close},
};

static void handle_request(lsp_server *s, json_t *id, const char *method, json_t *params) {
  request_fn fn = NULL;
  for (size_t i = 0; i < sizeof requests / sizeof *requests; i++)
    if (strcmp(method, requests[i].method) == 0) fn = requests[i].fn;
  if (!fn) { reply_error(s, id, RPC_METHOD_NOT_FOUND, "method not found"); return; }
  if (s->shut_down) { reply_error(s, id, RPC_INVALID_REQUEST, "the server is shut down"); return; }
  if (!s->initialized && fn != initialize) { reply_error(s, id, RPC_NOT_INITIALIZED, "initialize first"); return; }
  lsp_error err = {0, ""};
  json_t *result = fn(s, params, &err);
  if (result) reply(s, id, result);
  else reply_error(s, id, err.code ? err.code : RPC_INVALID_PARAMS, err.message[0] ? err.message : "invalid params");
}

static void handle_notification(lsp_server *s, const char *method, json_t *params) {
  if (!s->initialized || s->shut_down) return;
  for (size_t i = 0; i < sizeof notifications / sizeof *notifications; i++)
    if (strcmp(method, notifications[i].method) == 0) notifications[i].fn(s, params);
  /* Unknown notifications ($/cancelRequest, workspace/..., ...) are ignored. */
}

/* Handles one parsed message; returns false on `exit`. */
static bool handle_message(lsp_server *s, json_t *msg) {
  if (!json_is_object(msg)) {
    reply_error(s, NULL, RPC_INVALID_REQUEST, "a message is a JSON object");
    return true;
  }
  json_t *id = json_object_get(msg, "id");
  json_t *method = json_object_get(msg, "method");
  json_t *params = json_object_get(msg, "params");
  bool valid_id = !id || json_is_integer(id) || json_is_string(id) || json_is_null(id);
  if (!method && (json_object_get(msg, "result") || json_object_get(msg, "error"))) return true;   /* a reply to us */
  if (!json_is_string(method) || !valid_id || (params && !json_is_object(params) && !json_is_array(params))) {
    if (id || !json_is_string(method)) reply_error(s, valid_id ? id : NULL, RPC_INVALID_REQUEST, "invalid request");
    return true;
  }
  if (strcmp(json_string_value(method), "exit") == 0) return false;
  if (id) handle_request(s, id, json_string_value(method), params);
  else handle_notification(s, json_string_value(method), params);
  return true;
}

static void server_free(lsp_server *s) {
  for (int i = 0; i < s->doc_count; i++) {
    free(s->docs[i].uri);
    free(s->docs[i].path);
    free(s->docs[i].text);
  }
  free(s->docs);
  lsp_sets_free(s);
  free(s->db);
}

int kam_lsp(FILE *in, FILE *out, const char *db_path) {
  lsp_server s;
  memset(&s, 0, sizeof s);
  s.in = in;
  s.out = out;
  s.db = db_path ? strdup(db_path) : NULL;
  bool exited = false;
  for (;;) {
    char *body = NULL;
    size_t length = 0;
    read_status st = read_message(in, &body, &length);
    if (st == READ_EOF) break;
    if (st == READ_NO_LENGTH) { reply_error(&s, NULL, RPC_INVALID_REQUEST, "a message needs a Content-Length header"); continue; }
    if (st == READ_TOO_LARGE) {
      reply_error(&s, NULL, RPC_INVALID_REQUEST, "message too large (at most 64 MiB)");
      discard(in, (long long)length);
      continue;
    }
    json_error_t jerr;
    json_t *msg = json_loadb(body, length, JSON_DECODE_ANY, &jerr);
    free(body);
    if (!msg) {
      reply_error(&s, NULL, RPC_PARSE_ERROR, jerr.text);
      continue;
    }
    bool go_on = handle_message(&s, msg);
    json_decref(msg);
    if (!go_on) { exited = true; break; }
  }
  bool clean = exited && s.shut_down;
  server_free(&s);
  return clean ? KAM_OK : KAM_ERR_RULES;   /* LSP: exit status 1 when not shut down first */
}
