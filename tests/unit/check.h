/*
 * check.h -- the one assertion of kam's C unit tests: a failed CHECK prints
 * where and what, counts in the test's `failures`, and the test goes on, so
 * one run shows every failure.  The including file defines `failures`.
 */
#ifndef KAM_UNIT_CHECK_H
#define KAM_UNIT_CHECK_H

#include <stdio.h>

#define CHECK(cond)                                                             \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                               \
    }                                                                           \
  } while (0)

#endif
