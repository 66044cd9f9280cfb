/*
 * test_affinity.c — kam's reading of a declared column type (schema.c
 * affinity_of, which decides how keys are matched and how the checker types
 * a column) against SQLite itself, on generated type names: SQLite's CAST
 * gives a value the affinity its type name has, so two casts tell the five
 * affinities apart.  CAST('12.5' AS T) is an integer only for INTEGER, text
 * for TEXT, a blob for BLOB and a real for REAL and NUMERIC; CAST('12' AS T)
 * then is a real for REAL and an integer for NUMERIC.
 */
#include "schema.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static int failures, compared;
#include "check.h"

/* Identifiers only: a type name is a run of them, a size only at its end. */
static const char *const fragments[] = {
    "INT", "integer", "TinyInt", "BIGINT", "VARCHAR", "char", "NCHAR", "CLOB", "text", "BLOB",
    "REAL", "float", "DOUBLE", "double precision", "FLOATING POINT", "NUMERIC", "DECIMAL", "BOOLEAN",
    "DATE", "datetime", "TIMESTAMP", "STRING", "money", "point", "Dou", "FLOA", "TEX", "NT", "T", "BLO",
};
enum { FRAGMENTS = sizeof fragments / sizeof *fragments };

static sqlite_affinity sqlite_says(sqlite3 *db, const char *type) {
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT typeof(CAST('12.5' AS %s)), typeof(CAST('12' AS %s))", type, type);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
    fprintf(stderr, "SQLite cannot cast to '%s': %s\n", type, sqlite3_errmsg(db));
    failures++;
    sqlite3_finalize(st);
    return AFFINITY_BLOB;
  }
  const char *fraction = (const char *)sqlite3_column_text(st, 0), *whole = (const char *)sqlite3_column_text(st, 1);
  sqlite_affinity a = strcmp(fraction, "integer") == 0 ? AFFINITY_INTEGER
                    : strcmp(fraction, "text") == 0    ? AFFINITY_TEXT
                    : strcmp(fraction, "blob") == 0    ? AFFINITY_BLOB
                    : strcmp(whole, "real") == 0       ? AFFINITY_REAL
                                                       : AFFINITY_NUMERIC;
  sqlite3_finalize(st);
  return a;
}

static void compare(sqlite3 *db, const char *type) {
  sqlite_affinity kam = affinity_of(type), sqlite = sqlite_says(db, type);
  compared++;
  if (kam != sqlite && ++failures <= 20) fprintf(stderr, "affinity of '%s': kam %d, SQLite %d\n", type, kam, sqlite);
  CHECK(type_has_numeric_affinity(type) == (sqlite != AFFINITY_TEXT && sqlite != AFFINITY_BLOB));
}

int main(void) {
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return 2;
  /* Every fragment alone, every ordered pair run together and a third of
   * the triples apart, each bare and with a size: "CHARINT" (INT wins),
   * "FLOATING POINT" (INT again), "BLOBTEXT", "STRING" (NUMERIC). */
  char type[128];
  static const char *const sizes[] = {"", "(10)", "(10, 2)"};
  for (int i = 0; i < FRAGMENTS; i++)
    for (int n = 0; n < 3; n++) {
      snprintf(type, sizeof type, "%s%s", fragments[i], sizes[n]);
      compare(db, type);
      for (int j = 0; j < FRAGMENTS; j++) {
        snprintf(type, sizeof type, "%s%s%s", fragments[i], fragments[j], sizes[n]);
        compare(db, type);
        for (int k = n; k < FRAGMENTS; k += 3) {
          snprintf(type, sizeof type, "%s %s %s%s", fragments[i], fragments[j], fragments[k], sizes[n]);
          compare(db, type);
        }
      }
    }
  CHECK(type_holds_dates("datetime") && type_holds_dates("TIMESTAMP") && !type_holds_dates("TEXT"));
  sqlite3_close(db);
  fprintf(stderr, "%d declared types compared with SQLite %s\n", compared, sqlite3_libversion());
  if (failures) fprintf(stderr, "%d disagreement(s)\n", failures);
  return failures ? 1 : 0;
}
