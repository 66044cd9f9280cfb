/*
 * arena.h — bump allocation for everything a rule set owns, and a growable
 * byte buffer.  Freeing the arena frees the syntax tree, the checked program
 * and every string in them at once, on success and on every error path.
 */
#ifndef KAM_ARENA_H
#define KAM_ARENA_H

#include <stddef.h>
#include <stdarg.h>

typedef struct arena_block arena_block;
typedef struct arena {
  arena_block *blocks;
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
/* Forgets everything allocated but keeps the first block for reuse. */
void arena_reset(arena *a);
void *arena_alloc(arena *a, size_t size);        /* zeroed */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

/* A growable array of pointers allocated from an arena. */
typedef struct ptr_vec {
  void **items;
  int count, capacity;
} ptr_vec;
void ptr_vec_push(arena *a, ptr_vec *v, void *item);

/* A malloc'd byte buffer for building text. */
typedef struct strbuf {
  char *data;
  size_t len, cap;
} strbuf;
void sb_init(strbuf *b);
void sb_free(strbuf *b);
/* Empties b, keeping its memory. */
void sb_clear(strbuf *b);
void sb_append(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_putc(strbuf *b, char c);
void sb_printf(strbuf *b, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *b, const char *fmt, va_list ap);
/* Appends the n bytes at s as a JSON string literal, quotes included: the
 * one JSON string writer.  A NUL byte is written \u0000; bytes that are not
 * well-formed UTF-8 become U+FFFD. */
void sb_json_string(strbuf *b, const char *s, size_t n);
/* A CSV field (RFC 4180): quoted, with quotes doubled, only when it holds a
 * comma, a quote or a line break. */
void sb_csv_field(strbuf *b, const char *s);

#endif
