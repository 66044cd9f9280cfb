/*
 * schema.h — what a SQLite database holds (tables, columns, declared
 * types, indexes), read once through PRAGMAs, and the nearest-name
 * suggestions that diagnostics use for misspelt names.
 */
#ifndef KAM_SCHEMA_H
#define KAM_SCHEMA_H

#include "arena.h"

#include <sqlite3.h>
#include <stdbool.h>

typedef struct db_column {
  char *name;
  char *declared_type;   /* as written in CREATE TABLE, may be "" */
  char *collation;       /* declared collating sequence; "BINARY" when none */
} db_column;

typedef struct db_table {
  char *name;
  db_column *columns;
  int column_count;
  bool without_rowid;
} db_table;

typedef struct db_schema {
  db_table *tables;
  int table_count;
} db_schema;

/* Reads every table's columns; returns SQLITE_OK or an SQLite error code. */
int schema_load(sqlite3 *db, arena *mem, db_schema *out);
const db_table *schema_table(const db_schema *s, const char *name);
const db_column *schema_column(const db_table *t, const char *name);
/* The affinity SQLite gives a column of this declared type. */
typedef enum sqlite_affinity {
  AFFINITY_INTEGER, AFFINITY_TEXT, AFFINITY_BLOB, AFFINITY_REAL, AFFINITY_NUMERIC
} sqlite_affinity;
sqlite_affinity affinity_of(const char *declared_type);
/* A declared DATE or TIMESTAMP (NUMERIC to SQLite), which kam reads as dates. */
bool type_holds_dates(const char *declared_type);
/* INTEGER, REAL or NUMERIC affinity (as opposed to TEXT or BLOB).  Key
 * matching depends on it (contract §2). */
bool type_has_numeric_affinity(const char *declared_type);
/* The same, for a column of a table or view as the database declares it. */
bool column_has_numeric_affinity(sqlite3 *db, const char *table, const char *column);
/* True when some index on the table starts with the column. */
bool schema_column_indexed(sqlite3 *db, const char *table, const char *column);

/* " (did you mean 'a' or 'b'?)" for the closest candidates, or "". */
const char *suggest_names(arena *mem, const char *wrong, const char *const *candidates, int count);
int edit_distance(const char *a, const char *b);

/* An SQL identifier, double-quoted with inner quotes doubled. */
char *sql_quote_ident(arena *mem, const char *name);

#endif
