/*
 * fmt.h — kam fmt's state and its two halves: fmt.c (declarations,
 * comments, blank lines, alignment) and fmt_expr.c (expressions).
 */
#ifndef KAM_FMT_H
#define KAM_FMT_H

#include "ast.h"
#include "value.h"

enum { FMT_WIDTH = 100 };   /* lines longer than this are broken where they can be */

typedef struct fmt_state {
  source_set *src;
  arena *mem;
  int file;
  const ptr_vec *comments;   /* comment*, in source order */
  int next;                  /* the first comment not yet printed */
  int last_end;              /* source offset where the last printed element ended */
  const ptr_vec *decls;      /* the file's declarations, for aligning runs of relations */
  int decl_index;
  strbuf out;
} fmt_state;

/* The canonical form of one file (malloc'd), or NULL with *errors > 0. */
char *fmt_file(source_set *src, arena *mem, int file, int *errors);

/* Whether a comment not yet printed starts at or after `from` and before `to`. */
bool fmt_comment_in(fmt_state *f, int from, int to);
/* A line break inside an element, before source offset pos: the comments
 * not yet printed that start before pos end the line (or take lines of their
 * own, as they did in the source), then the next line starts at column indent. */
void fmt_break(fmt_state *f, strbuf *out, int pos, int indent);

/* Lays e out from the current column, breaking lines that would be too long. */
void fmt_expr(fmt_state *f, const expr *e, strbuf *out);
void fmt_expr_flat(fmt_state *f, const expr *e, strbuf *out);
/* Whether e, laid out now, puts a comment at one of its line breaks (and so
 * takes more than one line, whatever its width). */
bool fmt_expr_places_comment(fmt_state *f, const expr *e);
/* Display width of the last line of b. */
int fmt_width(const strbuf *b);
/* Writes s as a kam string literal, quotes and escapes included. */
void fmt_string(strbuf *out, const char *s);
/* Writes a table, column or stage name, quoted when it is not a plain name. */
void fmt_name(strbuf *out, const char *name);

#endif
