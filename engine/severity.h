/*
 * severity.h — the alert severities, one list for the checker, the run
 * summary, kam alerts and the report, least severe first.  Nothing else.
 */
#ifndef KAM_SEVERITY_H
#define KAM_SEVERITY_H

enum { SEVERITY_COUNT = 5 };
extern const char *const severity_names[SEVERITY_COUNT];   /* info, low, medium, high, critical */

/* 0 (info) to 4 (critical); -1 for a name that is not a severity. */
int severity_rank(const char *name);

/* The same rank in SQL, for ORDER BY ... DESC (most severe first, unknown
 * last) and max(). */
#define SEVERITY_RANK_SQL(col)                                                                     \
  "CASE " col " WHEN 'info' THEN 0 WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 " \
  "WHEN 'critical' THEN 4 ELSE -1 END"

#endif
