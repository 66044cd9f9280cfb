/*
 * schema.c — reading a database's schema and suggesting near names.
 * Table and column names are compared the way SQLite compares them
 * (ASCII case-insensitively); SQL built elsewhere always uses the
 * spelling found here, quoted.
 */
#include "schema.h"

#include <string.h>
#include <strings.h>

static int load_columns(sqlite3 *db, arena *mem, db_table *t) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, "SELECT name, type FROM pragma_table_info(?1)", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
  int cap = 8;
  t->columns = arena_alloc(mem, sizeof *t->columns * (size_t)cap);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (t->column_count == cap) {
      db_column *bigger = arena_alloc(mem, sizeof *bigger * (size_t)cap * 2);
      memcpy(bigger, t->columns, sizeof *bigger * (size_t)cap);
      t->columns = bigger;
      cap *= 2;
    }
    db_column *c = &t->columns[t->column_count++];
    c->name = arena_strdup(mem, (const char *)sqlite3_column_text(st, 0));
    const unsigned char *type = sqlite3_column_text(st, 1);
    c->declared_type = arena_strdup(mem, type ? (const char *)type : "");
    const char *collation = NULL;
    if (sqlite3_table_column_metadata(db, NULL, t->name, c->name, NULL, &collation, NULL, NULL, NULL) != SQLITE_OK)
      collation = NULL;   /* views have no column metadata */
    c->collation = arena_strdup(mem, collation ? collation : "BINARY");
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int schema_load(sqlite3 *db, arena *mem, db_schema *out) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db,
      "SELECT name, sql LIKE '%WITHOUT ROWID%' FROM sqlite_schema "
      "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
      -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  int cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (out->table_count == cap) {
      cap = cap ? cap * 2 : 16;
      db_table *bigger = arena_alloc(mem, sizeof *bigger * (size_t)cap);
      if (out->table_count) memcpy(bigger, out->tables, sizeof *bigger * (size_t)out->table_count);
      out->tables = bigger;
    }
    db_table *t = &out->tables[out->table_count++];
    t->name = arena_strdup(mem, (const char *)sqlite3_column_text(st, 0));
    t->without_rowid = sqlite3_column_int(st, 1) != 0;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return rc;
  for (int i = 0; i < out->table_count; i++)
    if ((rc = load_columns(db, mem, &out->tables[i])) != SQLITE_OK) return rc;
  return SQLITE_OK;
}

const db_table *schema_table(const db_schema *s, const char *name) {
  for (int i = 0; i < s->table_count; i++)
    if (strcasecmp(s->tables[i].name, name) == 0) return &s->tables[i];
  return NULL;
}

const db_column *schema_column(const db_table *t, const char *name) {
  for (int i = 0; i < t->column_count; i++)
    if (strcasecmp(t->columns[i].name, name) == 0) return &t->columns[i];
  return NULL;
}

/* datatype3.html §3.1, rules 1-5 in order: INT; CHAR, CLOB, TEXT; BLOB or
 * no type; REAL, FLOA, DOUB; anything else is NUMERIC. */
static size_t upper_copy(char *up, size_t size, const char *declared_type) {
  size_t n = strlen(declared_type);
  if (n >= size) n = size - 1;
  for (size_t i = 0; i < n; i++)
    up[i] = (char)(declared_type[i] >= 'a' && declared_type[i] <= 'z' ? declared_type[i] - 32 : declared_type[i]);
  up[n] = 0;
  return n;
}

sqlite_affinity affinity_of(const char *declared_type) {
  char up[128];
  size_t n = upper_copy(up, sizeof up, declared_type);
  if (strstr(up, "INT")) return AFFINITY_INTEGER;
  if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT")) return AFFINITY_TEXT;
  if (n == 0 || strstr(up, "BLOB")) return AFFINITY_BLOB;
  if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB")) return AFFINITY_REAL;
  return AFFINITY_NUMERIC;
}

bool type_holds_dates(const char *declared_type) {
  char up[128];
  upper_copy(up, sizeof up, declared_type);
  return strstr(up, "DATE") || strstr(up, "TIMESTAMP");
}

bool type_has_numeric_affinity(const char *declared_type) {
  sqlite_affinity a = affinity_of(declared_type);
  return a != AFFINITY_TEXT && a != AFFINITY_BLOB;
}

bool column_has_numeric_affinity(sqlite3 *db, const char *table, const char *column) {
  sqlite3_stmt *st;
  const char *sql = "SELECT type FROM pragma_table_info(?1) WHERE name = ?2 COLLATE NOCASE";
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return false;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
  bool numeric = false;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char *type = sqlite3_column_text(st, 0);
    numeric = type_has_numeric_affinity(type ? (const char *)type : "");
  }
  sqlite3_finalize(st);
  return numeric;
}

bool schema_column_indexed(sqlite3 *db, const char *table, const char *column) {
  sqlite3_stmt *st;
  const char *sql =
      "SELECT 1 FROM pragma_index_list(?1) AS l, pragma_index_info(l.name) AS i "
      "WHERE i.seqno = 0 AND i.name = ?2 COLLATE NOCASE";
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return true;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
  bool found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

int edit_distance(const char *a, const char *b) {
  int n = (int)strlen(a), m = (int)strlen(b);
  if (n > 64 || m > 64) return 99;
  int row[65];
  for (int j = 0; j <= m; j++) row[j] = j;
  for (int i = 1; i <= n; i++) {
    int diag = row[0];
    row[0] = i;
    for (int j = 1; j <= m; j++) {
      int up = row[j];
      int cost = (a[i - 1] | 32) == (b[j - 1] | 32) ? 0 : 1;
      int best = diag + cost;
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[m];
}

const char *suggest_names(arena *mem, const char *wrong, const char *const *candidates, int count) {
  int limit = (int)strlen(wrong) / 3 + 1;
  if (limit > 3) limit = 3;
  const char *best[2] = {NULL, NULL};
  int best_score[2] = {99, 99};
  for (int i = 0; i < count; i++) {
    int d = edit_distance(wrong, candidates[i]);
    if (d > limit) continue;
    if (d < best_score[0]) {
      best[1] = best[0]; best_score[1] = best_score[0];
      best[0] = candidates[i]; best_score[0] = d;
    } else if (d < best_score[1] && strcmp(candidates[i], best[0]) != 0) {
      best[1] = candidates[i]; best_score[1] = d;
    }
  }
  if (!best[0]) return "";
  if (!best[1]) return arena_printf(mem, " (did you mean '%s'?)", best[0]);
  return arena_printf(mem, " (did you mean '%s' or '%s'?)", best[0], best[1]);
}

char *sql_quote_ident(arena *mem, const char *name) {
  size_t n = strlen(name), quotes = 0;
  for (size_t i = 0; i < n; i++) quotes += name[i] == '"';
  char *out = arena_alloc(mem, n + quotes + 3);
  char *p = out;
  *p++ = '"';
  for (size_t i = 0; i < n; i++) {
    if (name[i] == '"') *p++ = '"';
    *p++ = name[i];
  }
  *p++ = '"';
  *p = 0;
  return out;
}
