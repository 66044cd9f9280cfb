/*
 * parse.c — runs the scanner and parser over one file, and over the
 * {EXPR:FORMAT} pieces inside alert messages.  A message piece is parsed
 * by a second, independent scanner whose offsets map back into the file,
 * so errors inside a message point at the right column.
 */
#include "parse.h"
#include "parser.h"
#include "lexer.h"

#include <string.h>

static int run_parser(kam_parser *ps, const char *text, int length) {
  yyscan_t scanner;
  if (kam_yylex_init_extra(ps, &scanner)) return 1;
  YY_BUFFER_STATE buffer = kam_yy_scan_bytes(text, length, scanner);
  ps->text = text;
  ps->length = length;
  int status = kam_yyparse(scanner, ps);
  kam_yy_delete_buffer(buffer, scanner);
  kam_yylex_destroy(scanner);
  return status;
}

int parse_file(source_set *src, arena *mem, int file, parsed_file *out) {
  kam_parser ps;
  memset(&ps, 0, sizeof ps);
  ps.mem = mem;
  ps.src = src;
  ps.file = file;
  ps.out = out;
  out->file = file;
  const source_file *f = src->files[file];
  int before = src->errors;
  run_parser(&ps, f->text, f->length);
  return src->errors - before;
}

/* Parses text[from, to) of a decoded string as one expression. */
static expr *parse_piece(kam_parser *outer, const string_token *str, int from, int to) {
  kam_parser ps;
  memset(&ps, 0, sizeof ps);
  ps.mem = outer->mem;
  ps.src = outer->src;
  ps.file = outer->file;
  ps.offset_map = str->offsets + from;
  ps.start_token = START_EXPR;
  int before = ps.src->errors;
  run_parser(&ps, str->text + from, to - from);
  if (ps.src->errors > before) return NULL;
  return ps.expression;
}

static void add_text_piece(kam_parser *ps, decl *alert, strbuf *pending, kam_span at) {
  if (!pending->len) return;
  msg_piece *p = arena_alloc(ps->mem, sizeof *p);
  p->text = arena_strndup(ps->mem, pending->data, pending->len);
  p->text_len = (int)pending->len;
  p->span = at;
  ptr_vec_push(ps->mem, &alert->message, p);
  pending->len = 0;
}

/* Finds the '}' closing the piece that opens at text[i] == '{', skipping
 * strings and nested braces; returns its index or -1. */
static int closing_brace(const char *text, int length, int i) {
  int depth = 0;
  for (; i < length; i++) {
    if (text[i] == '"') {
      for (i++; i < length && text[i] != '"'; i++)
        if (text[i] == '\\') i++;
    } else if (text[i] == '{') depth++;
    else if (text[i] == '}' && --depth == 0) return i;
  }
  return -1;
}

/* The first ':' or '|' (`mark`) outside strings and parentheses in
 * text[from, to), or -1: {EXPR:FORMAT|IF_NULL}. */
static int top_level_mark(const char *text, int from, int to, char mark) {
  int depth = 0;
  for (int i = from; i < to; i++) {
    if (text[i] == '"') {
      for (i++; i < to && text[i] != '"'; i++)
        if (text[i] == '\\') i++;
    } else if (text[i] == '(') depth++;
    else if (text[i] == ')') depth--;
    else if (text[i] == mark && depth == 0) return i;
  }
  return -1;
}

static kam_span piece_span(const kam_parser *ps, const string_token *str, int from, int to) {
  kam_span sp = {ps->file, str->offsets[from], str->offsets[to]};
  if (sp.end <= sp.start) sp.end = sp.start + 1;
  return sp;
}

void parse_message(kam_parser *ps, decl *alert, const string_token *str, kam_span span) {
  strbuf pending;
  sb_init(&pending);
  const char *t = str->text;
  int n = str->length;
  for (int i = 0; i < n; i++) {
    if ((t[i] == '{' || t[i] == '}') && i + 1 < n && t[i + 1] == t[i]) {
      sb_putc(&pending, t[i++]);
      continue;
    }
    if (t[i] == '}') {
      diag_error(ps->src, piece_span(ps, str, i, i + 1),
                 "'}' without '{' in a message (write '}}' for a brace)");
      continue;
    }
    if (t[i] != '{') {
      sb_putc(&pending, t[i]);
      continue;
    }
    add_text_piece(ps, alert, &pending, span);
    int close = closing_brace(t, n, i);
    if (close < 0) {
      diag_error(ps->src, piece_span(ps, str, i, n), "'{' without '}' in a message (write '{{' for a brace)");
      break;
    }
    int bar = top_level_mark(t, i + 1, close, '|');
    int value_end = bar >= 0 ? bar : close;
    int colon = top_level_mark(t, i + 1, value_end, ':');
    int expr_end = colon >= 0 ? colon : value_end;
    msg_piece *p = arena_alloc(ps->mem, sizeof *p);
    p->span = piece_span(ps, str, i, close + 1);
    if (colon >= 0) p->format = arena_strndup(ps->mem, t + colon + 1, (size_t)(value_end - colon - 1));
    if (bar >= 0) p->if_null = arena_strndup(ps->mem, t + bar + 1, (size_t)(close - bar - 1));
    int first = i + 1;
    while (first < expr_end && strchr(" \t\n", t[first])) first++;
    if (first == expr_end)
      diag_error(ps->src, p->span, "empty {} in a message");
    else
      p->value = parse_piece(ps, str, i + 1, expr_end);
    if (p->value) ptr_vec_push(ps->mem, &alert->message, p);
    i = close;
  }
  add_text_piece(ps, alert, &pending, span);
  sb_free(&pending);
}
