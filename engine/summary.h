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
  bool grouped;            /* group by: groups counted */
  long shared_groups, grouped_accounts, largest_group;
  char *text;
};

kam_run_summary *summary_new(const program *p);
void summary_add_tier(kam_run_summary *s, int tiering, value v);
void summary_add_score(kam_run_summary *s, int scorecard, int row, value score);
void summary_render(kam_run_summary *s);
/* group by: groups of two or more, the accounts in them, the largest. */
void summary_set_groups(kam_run_summary *s, long shared_groups, long grouped_accounts, long largest);
/* Adds the counts of another summary of the same program (one per thread). */
void summary_merge(kam_run_summary *into, const kam_run_summary *from);

#endif
