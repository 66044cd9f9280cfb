/*
 * arena.c — the bump allocator and the string buffer of arena.h.
 * Allocation failure aborts: a rules engine that cannot allocate a few
 * kilobytes has nothing sensible left to do.
 */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
  arena_block *next;
  size_t used, size;
  _Alignas(16) unsigned char data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

static void *checked_malloc(size_t n) {
  void *p = malloc(n);
  if (!p) {
    fputs("kam: out of memory\n", stderr);
    abort();
  }
  return p;
}

void arena_init(arena *a) { a->blocks = NULL; }

void arena_free(arena *a) {
  arena_block *b = a->blocks;
  while (b) {
    arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->blocks = NULL;
}

void arena_reset(arena *a) {
  if (!a->blocks) return;
  arena_block *keep = a->blocks;
  while (keep->next) {          /* the oldest block is the last one */
    arena_block *drop = keep;
    keep = keep->next;
    free(drop);
  }
  keep->used = 0;
  a->blocks = keep;
}

void *arena_alloc(arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  arena_block *b = a->blocks;
  if (!b || b->size - b->used < size) {
    size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
    b = checked_malloc(sizeof *b + cap);
    b->size = cap;
    b->used = 0;
    b->next = a->blocks;
    a->blocks = b;
  }
  void *p = b->data + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *arena_strdup(arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...) {
  strbuf b;
  sb_init(&b);
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&b, fmt, ap);
  va_end(ap);
  char *p = arena_strndup(a, b.data ? b.data : "", b.len);
  sb_free(&b);
  return p;
}

void ptr_vec_push(arena *a, ptr_vec *v, void *item) {
  if (v->count == v->capacity) {
    int cap = v->capacity ? v->capacity * 2 : 4;
    void **items = arena_alloc(a, sizeof(void *) * (size_t)cap);
    if (v->count) memcpy(items, v->items, sizeof(void *) * (size_t)v->count);
    v->items = items;
    v->capacity = cap;
  }
  v->items[v->count++] = item;
}

void sb_init(strbuf *b) {
  b->data = NULL;
  b->len = b->cap = 0;
}

void sb_free(strbuf *b) {
  free(b->data);
  sb_init(b);
}

void sb_clear(strbuf *b) {
  b->len = 0;
  if (b->data) b->data[0] = 0;
}

static void sb_reserve(strbuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) {
    fputs("kam: out of memory\n", stderr);
    abort();
  }
  b->data = p;
  b->cap = cap;
}

void sb_append(strbuf *b, const char *s, size_t n) {
  sb_reserve(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void sb_puts(strbuf *b, const char *s) { sb_append(b, s, strlen(s)); }
void sb_putc(strbuf *b, char c) { sb_append(b, &c, 1); }

void sb_vprintf(strbuf *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0) return;
  sb_reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void sb_printf(strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(b, fmt, ap);
  va_end(ap);
}

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 when it is not one;
 * then *bad is the length of its maximal ill-formed prefix (at least 1),
 * which is replaced by one U+FFFD, as Unicode recommends. */
static size_t utf8_sequence(const unsigned char *s, size_t n, size_t *bad) {
  unsigned char c = s[0];
  size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  *bad = 1;
  if (len <= 1) return len;
  unsigned char lo = 0x80, hi = 0xBF;   /* the second byte's range narrows for some leads */
  if (c == 0xE0) lo = 0xA0;
  else if (c == 0xED) hi = 0x9F;
  else if (c == 0xF0) lo = 0x90;
  else if (c == 0xF4) hi = 0x8F;
  for (size_t i = 1; i < len; i++) {
    if (i >= n || s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xBF)) return 0;
    *bad = i + 1;
  }
  return len;
}

void sb_json_string(strbuf *b, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  sb_putc(b, '"');
  for (size_t i = 0; i < n;) {
    unsigned char c = u[i];
    size_t bad, len = utf8_sequence(u + i, n - i, &bad);
    if (!len) {
      sb_puts(b, "\xEF\xBF\xBD");   /* U+FFFD REPLACEMENT CHARACTER */
      i += bad;
      continue;
    }
    switch (c) {
    case '"': sb_puts(b, "\\\""); break;
    case '\\': sb_puts(b, "\\\\"); break;
    case '\n': sb_puts(b, "\\n"); break;
    case '\t': sb_puts(b, "\\t"); break;
    case '\r': sb_puts(b, "\\r"); break;
    default:
      if (c < 0x20) sb_printf(b, "\\u%04x", c);   /* NUL included: \u0000 */
      else sb_append(b, s + i, len);
    }
    i += len;
  }
  sb_putc(b, '"');
}

void sb_csv_field(strbuf *b, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    sb_puts(b, s);
    return;
  }
  sb_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') sb_putc(b, '"');
    sb_putc(b, *s);
  }
  sb_putc(b, '"');
}
