/*
 * coverage.h — what tests exercised (coverage.c): marks made during
 * evaluation, and the rule set's items listed as covered or not.
 */
#ifndef KAM_COVERAGE_H
#define KAM_COVERAGE_H

#include "ast.h"

typedef struct coverage {
  const void **marks;   /* open addressing; NULL is empty */
  size_t cap, count;
} coverage;

typedef struct coverage_item {
  int file, line;
  const char *what;     /* "tier B of key_account", "alert x staying quiet", ... */
  bool covered;
  const char *excused;  /* not covered, and the file says why ("# uncovered: ..."); else NULL */
} coverage_item;

/* Marks an item (a tier, band, weights row, case branch or the addresses
 * below) as exercised; a NULL coverage does nothing. */
void coverage_mark(coverage *cov, const void *item);
const void *coverage_alert_fired(const decl *alert);
const void *coverage_alert_quiet(const decl *alert);
/* Appends every coverable item of the files, in source order, to items
 * (coverage_item*, allocated from mem). */
void coverage_items(const coverage *cov, const source_set *src, arena *mem, const parsed_file *files,
                    int file_count, ptr_vec *items);
void coverage_free(coverage *cov);

#endif
