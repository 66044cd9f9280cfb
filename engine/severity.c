/*
 * severity.c — the alert severities in their order (severity.h).
 */
#include "severity.h"

#include <string.h>

const char *const severity_names[SEVERITY_COUNT] = {"info", "low", "medium", "high", "critical"};

int severity_rank(const char *name) {
  for (int i = 0; i < SEVERITY_COUNT; i++)
    if (strcmp(name, severity_names[i]) == 0) return i;
  return -1;
}
