/*
 * source.c — holding rule files and turning byte spans into diagnostics
 * (FILE:LINE:COLUMN, the source line, a caret under the spot).  Rendering
 * the diagnostic for a terminal is the CLI's job; this file only records.
 */
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void source_set_init(source_set *s, arena *mem) {
  memset(s, 0, sizeof *s);
  s->mem = mem;
}

void source_set_free(source_set *s) {
  free(s->files);
  free(s->diags);
  free(s->diag_keys);
  s->diag_keys = NULL;
  s->files = NULL;
  s->diags = NULL;
}

static void compute_line_starts(arena *mem, source_file *f) {
  int lines = 1;
  for (int i = 0; i < f->length; i++)
    if (f->text[i] == '\n') lines++;
  f->line_starts = arena_alloc(mem, sizeof(int) * (size_t)lines);
  f->line_count = 0;
  f->line_starts[f->line_count++] = 0;
  for (int i = 0; i < f->length; i++)
    if (f->text[i] == '\n') f->line_starts[f->line_count++] = i + 1;
}

/* A UTF-8 byte order mark opening a file is not part of the rules: it is
 * dropped here, so offsets and columns count from the first character after
 * it, and `kam fmt` (which prints from this copy) writes the file without it. */
static int bom_length(const char *text, int length) {
  return length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

int source_add(source_set *s, const char *name, const char *text, int length) {
  int bom = bom_length(text, length);
  text += bom;
  length -= bom;
  if (s->file_count == s->file_cap) {
    s->file_cap = s->file_cap ? s->file_cap * 2 : 8;
    source_file **files = realloc(s->files, sizeof *files * (size_t)s->file_cap);
    if (!files) abort();
    s->files = files;
  }
  source_file *f = arena_alloc(s->mem, sizeof *f);
  f->name = arena_strdup(s->mem, name);
  f->text = arena_strndup(s->mem, text, (size_t)length);
  f->length = length;
  compute_line_starts(s->mem, f);
  s->files[s->file_count] = f;
  return s->file_count++;
}

int line_of_offset(const source_file *f, int offset) {
  int lo = 0, hi = f->line_count - 1;
  while (lo < hi) {             /* the last line starting at or before offset */
    int mid = (lo + hi + 1) / 2;
    if (f->line_starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

int utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;                     /* a stray byte counts as one */
}

static unsigned decode_utf8(const unsigned char *p, int len) {
  if (len == 1) return p[0];
  unsigned cp = p[0] & (0x7F >> len);
  for (int i = 1; i < len; i++) cp = (cp << 6) | (p[i] & 0x3F);
  return cp;
}

static bool is_wide(unsigned cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

int utf8_display_width(const char *s, int n) {
  int width = 0;
  for (int i = 0; i < n;) {
    int len = utf8_len((unsigned char)s[i]);
    if (i + len > n) len = n - i;
    width += is_wide(decode_utf8((const unsigned char *)s + i, len)) ? 2 : 1;
    i += len;
  }
  return width;
}

void sb_pad(strbuf *b, const char *s, int width) {
  sb_puts(b, s);
  for (int w = utf8_display_width(s, (int)strlen(s)); w < width; w++) sb_putc(b, ' ');
}

int utf8_char_count(const char *s, int n) {
  int count = 0;
  for (int i = 0; i < n; count++) i += utf8_len((unsigned char)s[i]);
  return count;
}

static kam_diag *new_diag(source_set *s) {
  if (s->diag_count == s->diag_cap) {
    s->diag_cap = s->diag_cap ? s->diag_cap * 2 : 16;
    kam_diag *d = realloc(s->diags, sizeof *d * (size_t)s->diag_cap);
    long long *keys = realloc(s->diag_keys, sizeof *keys * (size_t)s->diag_cap);
    if (!d || !keys) abort();
    s->diags = d;
    s->diag_keys = keys;
  }
  kam_diag *d = &s->diags[s->diag_count++];
  memset(d, 0, sizeof *d);
  return d;
}

static void count_severity(source_set *s, enum kam_severity sev) {
  if (sev == KAM_DIAG_ERROR) s->errors++;
  else if (sev == KAM_DIAG_WARNING) s->warnings++;
}

static void locate(source_set *s, kam_diag *d, kam_span where) {
  const source_file *f = s->files[where.file];
  int start = where.start < f->length ? where.start : f->length;
  int line = line_of_offset(f, start);
  int line_start = f->line_starts[line];
  int line_end = line_start;
  while (line_end < f->length && f->text[line_end] != '\n') line_end++;
  if (line_end > line_start && f->text[line_end - 1] == '\r') line_end--;
  int end = where.end < line_end ? where.end : line_end;
  if (end < start) end = start;
  d->file = f->name;
  d->line = line + 1;
  d->column = utf8_char_count(f->text + line_start, start - line_start) + 1;
  d->source_line = arena_strndup(s->mem, f->text + line_start,
                                 (size_t)(line_end - line_start));
  d->caret_offset = utf8_display_width(f->text + line_start, start - line_start);
  int width = utf8_display_width(f->text + start, end - start);
  d->caret_width = width > 0 ? width : 1;
}

static void diag_va(source_set *s, enum kam_severity sev, kam_span where,
                    const char *fmt, va_list ap) {
  strbuf b;
  sb_init(&b);
  sb_vprintf(&b, fmt, ap);
  kam_diag *d = new_diag(s);
  d->severity = sev;
  d->message = arena_strndup(s->mem, b.data ? b.data : "", b.len);
  sb_free(&b);
  long long *key = &s->diag_keys[s->diag_count - 1];
  *key = -1;
  if (where.file >= 0 && where.file < s->file_count) {
    locate(s, d, where);
    *key = (long long)where.file << 32 | (unsigned)where.start;
  }
  if (sev == KAM_DIAG_NOTE && s->diag_count > 1) *key = s->diag_keys[s->diag_count - 2];
  count_severity(s, sev);
}

void diag_at(source_set *s, enum kam_severity sev, kam_span where,
             const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_va(s, sev, where, fmt, ap);
  va_end(ap);
}

void diag_error(source_set *s, kam_span where, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_va(s, KAM_DIAG_ERROR, where, fmt, ap);
  va_end(ap);
}

void diag_warning(source_set *s, kam_span where, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_va(s, KAM_DIAG_WARNING, where, fmt, ap);
  va_end(ap);
}

void diag_note(source_set *s, kam_span where, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_va(s, KAM_DIAG_NOTE, where, fmt, ap);
  va_end(ap);
}

void diag_plain(source_set *s, enum kam_severity sev, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kam_span none = {-1, 0, 0};
  diag_va(s, sev, none, fmt, ap);
  va_end(ap);
}

const char *span_text(const source_set *s, kam_span sp, int *length) {
  *length = sp.end - sp.start;
  return s->files[sp.file]->text + sp.start;
}

/* Insertion sort: stable, and diagnostics are few. */
void diag_sort(source_set *s, int from) {
  for (int i = from + 1; i < s->diag_count; i++) {
    kam_diag d = s->diags[i];
    long long key = s->diag_keys[i];
    int j = i;
    while (j > from && s->diag_keys[j - 1] > key) {
      s->diags[j] = s->diags[j - 1];
      s->diag_keys[j] = s->diag_keys[j - 1];
      j--;
    }
    s->diags[j] = d;
    s->diag_keys[j] = key;
  }
}

int span_line(const source_set *s, kam_span sp) {
  return line_of_offset(s->files[sp.file], sp.start) + 1;
}

char *span_text_folded(arena *mem, const source_set *s, kam_span sp) {
  int n;
  const char *text = span_text(s, sp, &n);
  char *out = arena_alloc(mem, (size_t)n + 1);
  int k = 0;
  for (int i = 0; i < n; i++) {
    bool space = text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r';
    if (!space) out[k++] = text[i];
    else if (k && out[k - 1] != ' ') out[k++] = ' ';
  }
  out[k] = 0;
  return out;
}

bool has_kam_suffix(const char *name) {
  size_t n = strlen(name);
  return n > 4 && strcmp(name + n - 4, ".kam") == 0;
}
