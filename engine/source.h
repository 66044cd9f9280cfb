/*
 * source.h — rule files held in memory, byte spans, and diagnostics.
 *
 * Every syntax node carries a span: a file number and a byte range.  Spans
 * become line:column only here, when a diagnostic is recorded.  The library
 * collects diagnostics; it never prints them (the CLI does).
 */
#ifndef KAM_SOURCE_H
#define KAM_SOURCE_H

#include "arena.h"
#include "../include/kam.h"

#include <stdbool.h>

typedef struct kam_span {
  int file;          /* index into the source set; -1 for none */
  int start, end;    /* byte offsets, end exclusive */
} kam_span;

typedef struct source_file {
  char *name;
  char *text;        /* NUL-terminated copy of the file's bytes */
  int length;
  int *line_starts;  /* byte offset of each line's first byte */
  int line_count;
} source_file;

typedef struct source_set {
  arena *mem;
  source_file **files;
  int file_count, file_cap;
  kam_diag *diags;
  long long *diag_keys;  /* sort key: file and offset; notes follow their diagnostic */
  int diag_count, diag_cap;
  int errors, warnings;
} source_set;

void source_set_init(source_set *s, arena *mem);
void source_set_free(source_set *s);
/* Copies text into the set; returns the new file's number. */
int source_add(source_set *s, const char *name, const char *text, int length);

void diag_at(source_set *s, enum kam_severity sev, kam_span where,
             const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_error(source_set *s, kam_span where, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void diag_warning(source_set *s, kam_span where, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void diag_note(source_set *s, kam_span where, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
/* A message that belongs to no rule file (databases, usage). */
void diag_plain(source_set *s, enum kam_severity sev, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

/* Orders diagnostics by file and position, each note kept after the
 * diagnostic it belongs to; diagnostics before `from` stay where they are. */
void diag_sort(source_set *s, int from);

int span_line(const source_set *s, kam_span sp);
/* The text a span covers on one line: runs of white space become one space. */
char *span_text_folded(arena *mem, const source_set *s, kam_span sp);

/* The text a span covers (not NUL-terminated). */
const char *span_text(const source_set *s, kam_span sp, int *length);
/* Display width of a UTF-8 prefix, counting East Asian wide characters as 2. */
int utf8_display_width(const char *s, int n);
/* Appends s, then spaces up to `width` display columns (a Chinese character
 * takes two): printf's %-Ns for text people read in a terminal. */
void sb_pad(strbuf *b, const char *s, int width);
int utf8_char_count(const char *s, int n);
/* Bytes of the UTF-8 character a lead byte opens (a stray byte counts as one). */
int utf8_len(unsigned char c);
/* The 0-based line of a byte offset in a file. */
int line_of_offset(const source_file *f, int offset);
/* A rule file's name ends in ".kam" (and is more than that). */
bool has_kam_suffix(const char *name);

#endif
