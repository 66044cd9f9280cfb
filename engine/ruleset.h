/*
 * ruleset.h — the inside of a kam_ruleset, shared by ruleset.c (loading,
 * checking) and run.c (running).  Hosts see only include/kam.h.
 */
#ifndef KAM_RULESET_H
#define KAM_RULESET_H

#include "check.h"
#include "database.h"
#include "parse.h"

#include <sqlite3.h>

struct kam_ruleset {
  arena source_mem;      /* file texts and diagnostics: live as long as the set */
  arena tree_mem;        /* syntax tree and checked program: renewed by each check */
  source_set src;
  parsed_file *files;
  program prog;
  bool checked;
  int io_diags, io_errors;   /* diagnostics from loading files, kept across checks */
  const char *schema_file;   /* the reference schema (in source_mem), or NULL */
  bool schema_chosen;        /* set by the host: no schema.sql found later replaces it */
  struct db_schema *schema;  /* the schema the last check read (tree_mem), or NULL */
};

/* Parses and checks against db's schema (db may be NULL). */
int ruleset_check_with(kam_ruleset *rs, sqlite3 *db);
void warn_unindexed_relations(kam_ruleset *rs, sqlite3 *db);
/* Every *.kam below dir, in the order a directory PATH is read: entries
 * sorted per directory, depth first, dot entries skipped. */
void ruleset_files_below(arena *mem, const char *dir, ptr_vec *out);
/* With no database given: the reference schema's in-memory database, or
 * NULL (KAM_OK) when the set has none; a broken schema is an error. */
int open_reference_for_check(kam_ruleset *rs, sqlite3 **db);
/* After a check against the reference schema: a note naming it. */
void note_reference_schema(kam_ruleset *rs, const char *what);
/* Reads --as-of (NULL: today); false when it is not a real date. */
bool as_of_resolve(const char *text, int64_t *days, char out[11]);
/* The same, reporting a bad date as a diagnostic. */
bool as_of_or_error(source_set *src, const char *text, int64_t *days, char out[11]);

#endif
