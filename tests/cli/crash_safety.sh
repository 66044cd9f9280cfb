# slow
# Crash safety: kam run is killed with SIGKILL at 20 moments on a database
# of 100,000 accounts.  After each kill the database passes integrity_check,
# no partial run is visible, the earlier runs, their alert episodes and the
# acknowledgements are intact, and the next run
# succeeds.  Serial and parallel runs alternate.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
db="$T/crash.db"
"$KAMGEN" --out "$db" --accounts 100000 --seed 5 2>/dev/null || die kamgen
expect_status 0 "$KAM" run --db "$db" --as-of 2026-11-01 rules/key_accounts
fingerprint() {   # the rows of the runs up to run $1
  sqlite3 "$db" "SELECT run_id, status, accounts, alerts, warnings FROM kam_runs WHERE run_id <= $1 ORDER BY run_id;
                 SELECT run_id, count(*), total(length(tier)) FROM kam_tiers WHERE run_id <= $1 GROUP BY run_id;
                 SELECT run_id, count(*), total(score) FROM kam_scores WHERE run_id <= $1 GROUP BY run_id;
                 SELECT run_id, count(*), total(score) FROM kam_metrics WHERE run_id <= $1 GROUP BY run_id;
                 SELECT run_id, count(*), total(length(message)) FROM kam_alerts WHERE run_id <= $1 GROUP BY run_id;
                 SELECT run_id, count(*) FROM kam_outputs WHERE run_id <= $1 GROUP BY run_id;
                 SELECT run_id, count(*) FROM kam_warnings WHERE run_id <= $1 GROUP BY run_id;"
}
episodes() {   # the episodes and acknowledgements as a whole
  sqlite3 "$db" "SELECT count(*), total(runs), total(last_run), total(closed_run), total(length(opened_on))
                   FROM kam_alert_episodes;
                 SELECT count(*), total(episode_id), total(length(note)) FROM kam_acks;"
}
last_run() { sqlite3 "$db" "SELECT max(run_id) FROM kam_runs"; }
# Episodes and acknowledgements too: a killed run leaves them exactly as before.
sqlite3 "$db" "INSERT INTO kam_acks (episode_id, at, by, note, snooze_until)
               SELECT episode_id, '2026-11-01T12:00:00Z', 'ann', 'seen', '2026-11-30' FROM kam_alert_episodes
               WHERE episode_id % 7 = 0" || die "acks"
[ "$(sqlite3 "$db" "SELECT count(*) FROM kam_alert_episodes WHERE closed_run IS NULL")" -gt 0 ] || die "no open episodes"
RANDOM=42
start=$(date +%s%N)
expect_status 0 "$KAM" run --db "$db" --as-of 2026-11-02 --jobs 1 rules/key_accounts
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
last=$(last_run)
before=$(fingerprint "$last")
episodes_before=$(episodes)
for i in $(seq 1 20); do
  delay_ms=$(( 20 + RANDOM % (full_ms > 40 ? full_ms : 40) ))
  jobs=$(( i % 2 + 1 ))
  "$KAM" run --db "$db" --as-of 2026-11-03 --jobs $jobs rules/key_accounts >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v ms=$delay_ms 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || die "kill $i (after ${delay_ms} ms): integrity_check failed"
  [ "$(sqlite3 "$db" "SELECT count(*) FROM kam_runs WHERE status != 'ok'")" = 0 ] || die "kill $i: a partial run is visible"
  [ "$(fingerprint "$last")" = "$before" ] || die "kill $i: earlier runs changed"
  if [ "$(last_run)" = "$last" ]; then   # no run finished: episodes exactly as before
    [ "$(episodes)" = "$episodes_before" ] || die "kill $i (after ${delay_ms} ms): episodes or acks changed"
  fi
  last=$(last_run)   # a run that finished before the kill stays, whole
  before=$(fingerprint "$last")
  episodes_before=$(episodes)
done
expect_status 0 "$KAM" run --db "$db" --as-of 2026-11-04 rules/key_accounts
[ "$(sqlite3 "$db" "SELECT status, accounts FROM kam_runs ORDER BY run_id DESC LIMIT 1")" = "ok|100000" ] || die "the run after the kills"
[ "$(sqlite3 "$db" "SELECT count(*) FROM (SELECT 1 FROM kam_alert_episodes WHERE closed_run IS NULL
                    GROUP BY account, alert HAVING count(*) > 1)")" = 0 ] || die "an alert has two open episodes"
