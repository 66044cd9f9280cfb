# kam ack, alerts, runs and prune (contract §5) on a small results database:
# the work list and its formats, acknowledgements and their bad inputs
# (nothing written), the runs list, and prune in one transaction (a locked
# database exits 3 and keeps everything; episodes and acks stay).
. tests/cli_lib.sh
db="$T/crm.db"
sqlite3 "$db" "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, level INTEGER);
               INSERT INTO accounts VALUES (1, 'Acme', 5), (2, 'Bolt', 1), (3, 'Core', 9);"
cat > "$T/rules.kam" <<'KAM'
entity account from accounts key id label name
alert low severity high when level < 3 message "{name} low at {level}"
alert high severity info when level > 7 message "{name} high"
tiering band "Level band" { tier top when level > 7  tier rest otherwise }
KAM
run() { expect_status 0 "$KAM" run --db "$db" --as-of "$@" "$T/rules.kam"; }
check() { [ "$1" = "$2" ] || die "$3: got '$1', expected '$2'"; }
q() { sqlite3 "$db" "$1"; }
run 2026-01-01
sqlite3 "$db" "UPDATE accounts SET level = 2 WHERE id = 1"
run 2026-01-05
# The work list: new first, then the oldest open; days open to the latest as-of.
expect_status 0 "$KAM" alerts --db "$db" --format csv
check "$(cut -d, -f1-8 "$T/out")" "$(printf 'account,label,alert,severity,state,opened_on,days_open,runs
1,Acme,low,high,new,2026-01-05,0,1
2,Bolt,low,high,ongoing,2026-01-01,4,2
3,Core,high,info,ongoing,2026-01-01,4,2')" "alerts --format csv (each account's label beside its key)"
expect_status 0 "$KAM" alerts --db "$db" --severity high --format jsonl
check "$(wc -l < "$T/out")" 2 "--severity high keeps high and above"
expect_in '"account":2,"label":"Bolt","alert":"low","severity":"high","state":"ongoing","opened_on":"2026-01-01","days_open":4,"runs":2,"message":"Bolt low at 1"' "$T/out"
expect_status 0 "$KAM" alerts --db "$db" --state new --format markdown
expect_in "| 1 | Acme | low | high | new | 2026-01-05 | 0 | 1 | Acme low at 2 |" "$T/out"
expect_status 2 "$KAM" alerts --db "$db" --state later
expect_status 2 "$KAM" alerts --db "$db" --severity huge

# ack: bad inputs write nothing.
expect_status 1 "$KAM" ack --db "$db" no_such_alert 1
expect_in "unknown alert 'no_such_alert'" "$T/err"
expect_status 1 "$KAM" ack --db "$db" low 3
expect_in "no open episode for account '3'" "$T/err"
expect_status 2 "$KAM" ack --db "$db" low 2 --until 2026-02-30
expect_in "bad --until '2026-02-30'" "$T/err"
expect_status 2 "$KAM" ack --db "$db" low
check "$(q "SELECT count(*) FROM kam_acks")" 0 "a refused ack wrote"
# A snoozed episode leaves the open list until a run dated after its date.
expect_status 0 "$KAM" ack --db "$db" low 2 --note "call booked | Friday" --by ann --until 2026-01-07
expect_in "acknowledged episode 1: low for 2" "$T/out"
check "$(q "SELECT episode_id, by, note, snooze_until FROM kam_acks")" "1|ann|call booked | Friday|2026-01-07" "the ack"
expect_status 0 "$KAM" alerts --db "$db" --state snoozed --format csv
expect_in '2,Bolt,low,high,snoozed,2026-01-01,4,2,Bolt low at 1,ann,call booked | Friday,2026-01-07' "$T/out"
expect_status 0 "$KAM" alerts --db "$db" --format csv
grep -q '^2,low' "$T/out" && die "a snoozed episode is listed as open"
run 2026-01-06
check "$(q "SELECT state FROM kam_alerts WHERE run_id = 3 AND account = 2")" snoozed "stored as snoozed"
sqlite3 "$db" "UPDATE accounts SET level = 5 WHERE id = 3"
run 2026-01-08
check "$(q "SELECT state FROM kam_alerts WHERE run_id = 4 AND account = 2")" ongoing "back after the snooze"
expect_status 0 "$KAM" alerts --db "$db" --state closed --format csv
check "$(tail -n +2 "$T/out" | cut -d, -f1-5)" "3,Core,high,info,closed" "closed by the latest run"
# An acknowledgement ends with its episode: acking a closed one is refused.
expect_status 1 "$KAM" ack --db "$db" high 3

# runs: newest as-of first, alerts by state.
expect_status 0 "$KAM" runs --db "$db" --format csv
check "$(cut -d, -f1,2,5-9 "$T/out")" "$(printf 'run_id,as_of,alerts,new,ongoing,snoozed,backfill
4,2026-01-08,2,0,2,0,0
3,2026-01-06,3,0,2,1,0
2,2026-01-05,3,1,2,0,0
1,2026-01-01,2,2,0,0,0')" "runs"

# prune: a locked database exits 3 and deletes nothing.
(echo "BEGIN IMMEDIATE; INSERT INTO kam_acks (note) VALUES ('lock');"; sleep 3; echo "ROLLBACK;") | sqlite3 "$db" &
locker=$!
sleep 0.5
expect_status 3 "$KAM" prune --db "$db" --keep 1 --busy-timeout 200
wait $locker
check "$(q "SELECT count(*) FROM kam_runs")" 4 "a locked prune deleted"
expect_status 0 "$KAM" prune --db "$db" --keep 2 --dry-run
expect_in "would delete 2 runs" "$T/out"
check "$(q "SELECT count(*) FROM kam_runs")" 4 "a dry-run prune deleted"
expect_status 0 "$KAM" prune --db "$db" --keep 2
check "$(q "SELECT group_concat(run_id) FROM kam_runs")" "3,4" "--keep 2"
# Every results table with a run_id, kam's own included, loses the pruned runs.
for table in $(q "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'run_id'"); do
  check "$(q "SELECT count(*) FROM $table WHERE run_id < 3")" 0 "pruned rows of $table"
done
check "$(q "SELECT count(*) FROM kam_titles WHERE run_id >= 3") $(q "SELECT count(*) FROM kam_tiers WHERE run_id >= 3")" "2 6" "kept rows"
check "$(q "SELECT count(*) FROM kam_alert_episodes") $(q "SELECT count(*) FROM kam_acks")" "3 1" "episodes and acks stay"
expect_status 0 "$KAM" prune --db "$db" --before 2026-01-07
check "$(q "SELECT group_concat(run_id) FROM kam_runs")" "4" "--before"
expect_status 2 "$KAM" prune --db "$db"
expect_status 2 "$KAM" prune --db "$db" --keep 1 --before 2026-01-01
expect_status 2 "$KAM" prune --db "$db" --before yesterday
expect_status 3 "$KAM" runs --db "$T/missing.db"
[ -e "$T/missing.db" ] && die "runs created a database"
# The next run still continues the episodes.
run 2026-01-09
check "$(q "SELECT state FROM kam_alerts WHERE run_id = 5 AND account = 2")" ongoing "after prune"
echo ok
