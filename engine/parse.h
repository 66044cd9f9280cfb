/*
 * parse.h — the interface between the flex scanner, the bison parser and
 * the rest of the engine.  All parse state lives in one kam_parser struct
 * that travels through %param: there is no global mutable state.
 */
#ifndef KAM_PARSE_H
#define KAM_PARSE_H

#include "ast.h"

typedef struct kam_parser {
  arena *mem;
  source_set *src;
  int file;              /* file number spans refer to */
  const char *text;      /* the bytes being scanned */
  int length;
  int offset;            /* bytes consumed so far */
  const int *offset_map; /* sub-parses: offset in text -> offset in file */
  int start_token;       /* first token to hand the parser (0: none) */
  int paren_depth;       /* nesting guard: deep input is an error, not a crash */
  parsed_file *out;
  expr *expression;      /* sub-parse result */
  int errors;
} kam_parser;

/* The semantic value of a string token: its decoded bytes plus, for each
 * decoded byte, the file offset it came from (for message interpolation). */
typedef struct string_token {
  char *text;
  int length;
  int *offsets;          /* length + 1 entries */
} string_token;

enum { KAM_MAX_NESTING = 200 };

/* Parses one file of the set into out; returns the number of errors. */
int parse_file(source_set *src, arena *mem, int file, parsed_file *out);

/* Splits a message string into literal text and {EXPR[:FORMAT]} pieces,
 * parsing each expression; errors are reported at the piece's place. */
void parse_message(kam_parser *ps, decl *alert, const string_token *str,
                   kam_span span);

/* Number and date helpers shared by the lexer and the value code. */
bool date_from_ymd(int y, int m, int d, int64_t *days);

#endif
