/*
 * strict.h — kam check --strict (strict.c): warnings about rules that are
 * legal but almost certainly mistakes.
 */
#ifndef KAM_STRICT_H
#define KAM_STRICT_H

#include "program.h"

typedef struct strict_state {
  source_set *src;
  arena *mem;
  int count;             /* warnings reported */
  bool *relation_read;   /* by relation index */
  int relation_count;
  bool *let_read;        /* by let index (program.lets) */
  int let_count;
} strict_state;

/* Reports each finding as a warning on src; returns how many.  The
 * program must have checked without errors. */
int strict_check(source_set *src, arena *mem, const program *p, const parsed_file *files, int file_count);

#endif
