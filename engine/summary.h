/*
 * summary.h — the counts a run keeps for its closing summary.
 */
#ifndef KAM_SUMMARY_H
#define KAM_SUMMARY_H

#include "program.h"
#include "value.h"

typedef struct stage_sum {
  long subjects, scored;
  double total;
} stage_sum;

struct kam_run_summary {
  const program *prog;
  long run_id, accounts, alerts, warnings;
  /* alerts by state, and the episodes this run closes */
  long alerts_new, alerts_ongoing, alerts_snoozed, alerts_backfill, episodes_closed;
  double seconds;
  char as_of[11];
  long **tier_counts;      /* [tiering][tier], the last slot counts null */
  stage_sum **stage_sums;  /* [scorecard][weights row], the last slot: no row */
  long *alert_counts;      /* [alert] */
  char *text;
};

kam_run_summary *summary_new(const program *p);
void summary_add_tier(kam_run_summary *s, int tiering, value v);
void summary_add_score(kam_run_summary *s, int scorecard, int row, value score);
void summary_render(kam_run_summary *s);
/* Adds the counts of another summary of the same program (one per thread). */
void summary_merge(kam_run_summary *into, const kam_run_summary *from);

#endif
