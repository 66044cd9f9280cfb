/*
 * alerts_cmd.h — the commands on stored alert episodes and runs (contract
 * §5): kam ack, kam alerts, kam runs, kam prune (alerts_cmd.c).  They read
 * and write only the results database; cli.c parses their options.
 */
#ifndef KAM_ALERTS_CMD_H
#define KAM_ALERTS_CMD_H

#include <stdbool.h>

typedef struct alerts_cmd {
  const char *db;
  const char *alert, *key;              /* ack */
  const char *note, *by, *until;        /* ack */
  const char *state, *severity;         /* alerts */
  const char *format;                   /* alerts, runs */
  const char *before;                   /* prune */
  long keep;                            /* prune: 0 when not given */
  bool dry_run;                         /* prune */
  int busy_ms;
} alerts_cmd;

/* Each returns an exit status (KAM_OK, KAM_ERR_RULES for an unknown alert
 * or no open episode, KAM_ERR_USAGE, KAM_ERR_DB) and prints its own messages. */
int alerts_cmd_ack(const alerts_cmd *c);
int alerts_cmd_list(const alerts_cmd *c);
int alerts_cmd_runs(const alerts_cmd *c);
int alerts_cmd_prune(const alerts_cmd *c);

/* Runs `command` (alerts, ack, runs or prune); `help` prints its usage;
 * `arguments` counts the words that are not options (ack: ALERT KEY). */
int alerts_cmd_main(const char *command, const alerts_cmd *c, bool help, int arguments);

#endif
