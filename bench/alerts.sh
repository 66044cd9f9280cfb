#!/usr/bin/env bash
# bench/alerts.sh — what the alert lifecycle costs (issue "Alerts over time"):
#   1. a daily run with episodes against a backfill run of the same kam on
#      the same data (a backfill reads and changes no episode), and both
#      against a kam without episodes (built from git at --baseline REV,
#      default the last commit before the lifecycle), on the contract's
#      example rule set, which both can run;
#   2. `kam alerts` on a results database holding 30 runs of N accounts
#      (2 real runs; 28 more made by copying the second run's rows in SQL,
#      which is what `kam alerts` reads: the open episodes and the latest
#      run's messages).
# Usage: bench/alerts.sh [--accounts N] [--baseline REV] [--runs-only]
#        (default 100000 accounts, baseline e004261; --runs-only skips part 2)
# It prints figures; it asserts nothing (a timed unit test would be flaky).
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=100000 baseline=e004261 runs_only=false
while [ $# -gt 0 ]; do
  case $1 in
    --accounts) accounts=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --runs-only) runs_only=true; shift ;;
    *) echo "usage: bench/alerts.sh [--accounts N] [--baseline REV]" >&2; exit 2 ;;
  esac
done
make -s kam build/kamgen
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q "$work/base" "$baseline"
make -s -C "$work/base" kam >/dev/null
rules=../shared/spec/example/key_accounts.kam
[ -f "$rules" ] || { echo "bench/alerts.sh: $rules is missing (../shared)"; exit 3; }
db="$work/data.db"
build/kamgen --out "$db" --accounts "$accounts" --seed 1 --force 2>/dev/null
secs() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo "scale=2; ($e - $s) / 1000000000" | bc; }
# Wall and CPU time: on a shared machine CPU time is the steadier figure.
timed() { local TIMEFORMAT='%R s wall, %U+%S s cpu'; { time "$@" >/dev/null 2>&1; } 2>&1; }

echo "== $accounts accounts, the contract's example rule set =="
# The cost of episodes within this kam: a daily run (reads the open
# episodes, gives each alert its state, updates the episodes) against a
# backfill of an earlier date on the same data and results, which stores
# the same rows but reads and changes no episode.  Alternated, three times
# each, every daily run a day after the last.
rm -f "$work/out-new.db"
first=$(timed ./kam run --db "$db" --out "$work/out-new.db" --as-of 2026-10-27 "$rules")
echo "  kam run, first run (every episode opens): $first"
for day in 1 2 3; do
  live=$(timed ./kam run --db "$db" --out "$work/out-new.db" --as-of 2026-11-2$day "$rules")
  backfill=$(timed ./kam run --db "$db" --out "$work/out-new.db" --as-of 2026-11-0$day "$rules")
  echo "  daily run with episodes: $live; backfill without them: $backfill"
done
open=$(sqlite3 "$work/out-new.db" "SELECT count(*) FROM kam_alert_episodes WHERE closed_run IS NULL")
echo "  open episodes after the daily runs: $open"
# And against the last kam before episodes (carries every other change too).
for who in new old; do
  kam=./kam; [ $who = old ] && kam="$work/base/kam"
  rm -f "$work/cmp-$who.db"
  one=$(secs "$kam" run --db "$db" --out "$work/cmp-$who.db" --as-of 2026-10-27 "$rules")
  two=$(secs "$kam" run --db "$db" --out "$work/cmp-$who.db" --as-of 2026-11-27 "$rules")
  echo "  kam run ($who: $([ $who = new ] && echo this kam || echo "before episodes, $baseline")): first ${one} s, second ${two} s"
done

$runs_only && exit 0
echo "== kam alerts with 30 stored runs =="
out="$work/cmp-new.db"
sqlite3 "$out" "
  WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  INSERT INTO kam_runs (run_id, started_at, finished_at, as_of, ruleset_sha256, files, accounts, alerts, warnings, status)
    SELECT i, started_at, finished_at, date('2026-09-01', '-' || i || ' days'), ruleset_sha256, files, accounts,
           alerts, warnings, 'ok' FROM kam_runs, n WHERE run_id = 2;
  INSERT INTO kam_alerts SELECT r.run_id, a.account, a.alert, a.severity, a.message, 'ongoing', a.episode_id
    FROM kam_alerts a, kam_runs r WHERE a.run_id = 2 AND r.run_id > 2;"
rows=$(sqlite3 "$out" "SELECT count(*) FROM kam_alerts")
size=$(du -m "$out" | cut -f1)
for format in csv text; do
  t=$(secs ./kam alerts --db "$out" --format $format)
  echo "  kam alerts --format $format: ${t} s ($rows alert rows in 30 runs, $size MiB)"
done
t=$(secs ./kam runs --db "$out")
echo "  kam runs: ${t} s"
