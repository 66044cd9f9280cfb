/*
 * batch.c — the byte format of a batch and its replay.  A record is a kind
 * byte, a count byte, then per value a type byte and its payload: 8 bytes
 * for an integer or a real, a 4-byte length and the bytes for text.
 */
#include "batch.h"

#include <string.h>

enum { B_NULL, B_INT, B_REAL, B_TEXT };

void batch_init(batch *b) {
  sb_init(&b->data);
  b->subjects = 0;
}

void batch_free(batch *b) { sb_free(&b->data); }

void batch_clear(batch *b) {
  b->data.len = 0;
  b->subjects = 0;
}

static void put_text(batch *b, const char *s, int n) {
  unsigned char type = B_TEXT;
  uint32_t len = (uint32_t)n;
  sb_append(&b->data, (const char *)&type, 1);
  sb_append(&b->data, (const char *)&len, sizeof len);
  sb_append(&b->data, s, (size_t)n);
}

/* Values take their stored form: booleans 0/1, dates ISO, tiers by name. */
static void put_value(batch *b, value v, const program *p) {
  unsigned char type;
  char date[11];
  switch (v.type) {
  case V_INT: case V_BOOL:
    type = B_INT;
    sb_append(&b->data, (const char *)&type, 1);
    sb_append(&b->data, (const char *)&v.u.i, sizeof v.u.i);
    return;
  case V_REAL:
    type = B_REAL;
    sb_append(&b->data, (const char *)&type, 1);
    sb_append(&b->data, (const char *)&v.u.d, sizeof v.u.d);
    return;
  case V_TEXT: put_text(b, v.u.t.s, v.u.t.n); return;
  case V_DATE: date_format(v.u.i, date); put_text(b, date, 10); return;
  case V_TIER: {
    const char *name = ((tier *)((decl *)p->tierings.items[v.tiering])->tiers.items[v.u.i])->name;
    put_text(b, name, (int)strlen(name));
    return;
  }
  default:
    type = B_NULL;
    sb_append(&b->data, (const char *)&type, 1);
  }
}

void batch_row(batch *b, enum batch_kind kind, const value *values, int count, const program *p) {
  unsigned char head[2] = {(unsigned char)kind, (unsigned char)count};
  sb_append(&b->data, (const char *)head, 2);
  for (int i = 0; i < count; i++) put_value(b, values[i], p);
}

void batch_line(batch *b, const char *line) {
  unsigned char head[2] = {ROW_LINE, 1};
  sb_append(&b->data, (const char *)head, 2);
  put_text(b, line, (int)strlen(line));
}

/* Reads one value at *at, binding it as parameter i (when st is set). */
static const char *read_value(const char *at, sqlite3_stmt *st, int i, const char **text) {
  unsigned char type = (unsigned char)*at++;
  int64_t n;
  double d;
  uint32_t len;
  switch (type) {
  case B_INT:
    memcpy(&n, at, sizeof n);
    if (st) sqlite3_bind_int64(st, i, n);
    return at + sizeof n;
  case B_REAL:
    memcpy(&d, at, sizeof d);
    if (st) sqlite3_bind_double(st, i, d);
    return at + sizeof d;
  case B_TEXT:
    memcpy(&len, at, sizeof len);
    at += sizeof len;
    if (st) sqlite3_bind_text(st, i, at, (int)len, SQLITE_STATIC);
    if (text) *text = at;
    return at + len;
  default:
    if (st) sqlite3_bind_null(st, i);
    return at;
  }
}

static sqlite3_stmt *statement_for(results *r, int kind) {
  if (!r) return NULL;
  sqlite3_stmt *const by_kind[] = {r->tier, r->score, r->metric, r->alert, r->output, r->warning, r->alert};
  return kind < ROW_LINE ? by_kind[kind] : NULL;
}

int batch_replay(const batch *b, results *r, void (*on_line)(const char *, void *), void *user) {
  const char *at = b->data.data, *end = at + b->data.len;
  strbuf line;
  sb_init(&line);
  int rc = SQLITE_OK;
  while (at && at < end && rc == SQLITE_OK) {
    int kind = (unsigned char)at[0], count = (unsigned char)at[1];
    at += 2;
    sqlite3_stmt *st = statement_for(r, kind);
    for (int i = 0; i < count; i++) {
      const char *text = NULL, *next = read_value(at, st, i + 2, &text);
      if (kind == ROW_LINE && on_line) {
        line.len = 0;
        sb_append(&line, text, (size_t)(next - text));
        on_line(line.data, user);
      }
      at = next;
    }
    if (st && kind == ROW_NEW_ALERT) sqlite3_bind_int64(st, count + 2, r->next_episode++);
    if (st) rc = results_step(r, st);
  }
  sb_free(&line);
  return rc;
}
