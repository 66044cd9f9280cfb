# Alerts over time (contract §4, §6): episodes open, continue, close and
# reopen over runs with data changed between them; a snoozed episode is
# stored as snoozed and comes back after its date; a backfill changes no
# episode; a rerun continues the same episodes; the summary and --dry-run's
# JSONL carry the states; an older results database is upgraded in place.
. tests/cli_lib.sh
db="$T/crm.db"
sqlite3 "$db" "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, level INTEGER);
               INSERT INTO accounts VALUES (1, 'Acme', 5), (2, 'Bolt', 1), (3, 'Core', 9);"
cat > "$T/rules.kam" <<'KAM'
entity account from accounts key id label name
alert low severity high when level < 3 message "{name} low at {level}"
alert high severity info when level > 7 message "{name} high"
output low_days = open_days(low)
alert low_ignored severity critical when open_days(low) >= 3 message "{name}: low for {open_days(low)} days"
KAM
level() { sqlite3 "$db" "UPDATE accounts SET level = $2 WHERE id = $1"; }
run() { expect_status 0 "$KAM" run --db "$db" --as-of "$@" "$T/rules.kam"; }
q() { sqlite3 "$db" "$1"; }
states() {   # states RUN: account:alert:state:episode of that run's alerts
  q "SELECT group_concat(account || ':' || alert || ':' || state || ':' || coalesce(episode_id, '-'), ' ')
     FROM (SELECT * FROM kam_alerts WHERE run_id = $1 ORDER BY account, alert)"
}
episodes() {   # every episode: id alert account opened last runs closed
  q "SELECT group_concat(episode_id || ' ' || alert || ' ' || account || ' ' || opened_on || ' ' || last_on
     || ' ' || runs || ' ' || coalesce(closed_on, 'open'), ' | ') FROM (SELECT * FROM kam_alert_episodes ORDER BY episode_id)"
}
check() { [ "$1" = "$2" ] || die "$3: got '$1', expected '$2'"; }

run 2026-01-01                                   # run 1: two episodes open
check "$(states 1)" "2:low:new:1 3:high:new:2" "run 1"
expect_in "alerts: 2 (new 2, ongoing 0, snoozed 0; closed by this run 0)" "$T/out"
level 1 2; run 2026-01-02                          # run 2: Acme's opens, the others continue
check "$(states 2)" "1:low:new:3 2:low:ongoing:1 3:high:ongoing:2" "run 2"
level 2 5; run 2026-01-03                          # run 3: Bolt's closes
check "$(states 3)" "1:low:ongoing:3 3:high:ongoing:2" "run 3"
expect_in "alerts: 2 (new 0, ongoing 2, snoozed 0; closed by this run 1)" "$T/out"
check "$(q "SELECT closed_run, closed_on FROM kam_alert_episodes WHERE episode_id = 1")" "3|2026-01-03" "closing"
# open_days(ALERT): days since the open episode started, 0 when it opens now, null when it does not fire.
days() { q "SELECT group_concat(account || '=' || coalesce(value, 'null'), ' ') FROM (SELECT * FROM kam_outputs
            WHERE run_id = $1 AND name = 'low_days' ORDER BY account)"; }
check "$(days 1)" "1=null 2=0 3=null" "open_days in run 1"
check "$(days 3)" "1=1 2=null 3=null" "open_days in run 3"
# A rerun of the same date continues the same episodes and does not count a day twice.
run 2026-01-03                                   # run 4
check "$(states 4)" "1:low:ongoing:3 3:high:ongoing:2" "rerun"
check "$(q "SELECT runs, last_run FROM kam_alert_episodes WHERE episode_id = 3")" "2|4" "rerun counts"
# A backfill stores state backfill and changes no episode.
before=$(episodes)
run 2026-01-01                                   # run 5
check "$(states 5)" "1:low:backfill:- 3:high:backfill:-" "backfill"
check "$(episodes)" "$before" "the backfill changed episodes"
# Bolt falls again: a new episode (reopened), the closed one stays closed.
level 2 0; run 2026-01-04                        # run 6
check "$(states 6)" "1:low:ongoing:3 2:low:new:4 3:high:ongoing:2" "reopen"
# A snoozed episode is stored as snoozed up to its date, then comes back.
q "INSERT INTO kam_acks (episode_id, at, by, note, snooze_until) VALUES (3, '2026-01-04T10:00:00Z', 'ann', 'on it', '2026-01-06')"
run 2026-01-05                                   # run 7
check "$(states 7)" "1:low:snoozed:3 1:low_ignored:new:5 2:low:ongoing:4 3:high:ongoing:2" "snoozed"
expect_in "alerts: 4 (new 1, ongoing 2, snoozed 1; closed by this run 0)" "$T/out"
run 2026-01-06                                   # run 8: the snooze date itself
check "$(states 8)" "1:low:snoozed:3 1:low_ignored:ongoing:5 2:low:ongoing:4 3:high:ongoing:2" "snoozed on its date"
check "$(days 8)" "1=4 2=2 3=null" "open_days in run 8"
# The escalation fired once nobody had acted for 3 days (run 7, its own episode); explain agrees.
expect_status 0 "$KAM" explain --db "$db" --account 1 --as-of 2026-01-06 "$T/rules.kam"
expect_in "Acme: low for 4 days" "$T/out"
# A dry run stores nothing, and its JSONL alerts carry the state they would have.
before=$(episodes)
expect_status 0 "$KAM" run --db "$db" --as-of 2026-01-07 --dry-run --format jsonl "$T/rules.kam"
expect_in '"message":"Acme low at 2","state":"ongoing"}' "$T/out"
check "$(episodes)" "$before" "the dry run changed episodes"
run 2026-01-07 --jobs 2                          # run 9, on threads: back after the snooze
check "$(states 9)" "1:low:ongoing:3 1:low_ignored:ongoing:5 2:low:ongoing:4 2:low_ignored:new:6 3:high:ongoing:2" "after the snooze"
# An alert the rule set no longer declares closes its open episodes.
sed '/^alert high/d' "$T/rules.kam" > "$T/fewer.kam"
expect_status 0 "$KAM" run --db "$db" --as-of 2026-01-08 "$T/fewer.kam"   # run 10
check "$(q "SELECT closed_run FROM kam_alert_episodes WHERE episode_id = 2")" 10 "undeclared alert"
check "$(episodes)" "1 low 2 2026-01-01 2026-01-02 2 2026-01-03 | 2 high 3 2026-01-01 2026-01-07 7 2026-01-08 | 3 low 1 2026-01-02 2026-01-08 7 open | 4 low 2 2026-01-04 2026-01-08 5 open | 5 low_ignored 1 2026-01-05 2026-01-08 4 open | 6 low_ignored 2 2026-01-07 2026-01-08 2 open" "episodes at the end"

# Two runs at once queue on the write lock: episodes are applied once per
# run, never twice, and never two open episodes for one alert and account.
"$KAM" run --db "$db" --as-of 2026-01-09 "$T/fewer.kam" >/dev/null 2>&1 & first=$!
"$KAM" run --db "$db" --as-of 2026-01-09 --jobs 2 "$T/fewer.kam" >/dev/null 2>&1 & second=$!
wait $first || die "the first of two runs at once"
wait $second || die "the second of two runs at once"
check "$(q "SELECT runs, last_run FROM kam_alert_episodes WHERE episode_id = 3")" "8|12" "two runs at once"
check "$(q "SELECT count(*) FROM (SELECT 1 FROM kam_alert_episodes WHERE closed_run IS NULL
            GROUP BY account, alert HAVING count(*) > 1)")" 0 "two open episodes of one alert"
check "$(states 11)" "$(states 12)" "the two runs of one date"

# open_days() takes an alert's name.
printf 'entity account from accounts key id\noutput x = open_days(level)\n' > "$T/bad.kam"
expect_status 1 "$KAM" check --db "$db" "$T/bad.kam"
expect_in "open_days() takes the name of an alert" "$T/err"

# A results database from before episodes (kam_alerts without state) is
# upgraded in place on the first run, in its transaction.
old="$T/old.db"
sqlite3 "$old" "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, level INTEGER);
                INSERT INTO accounts VALUES (1, 'Acme', 1);
                CREATE TABLE kam_runs (run_id INTEGER PRIMARY KEY, started_at TEXT, finished_at TEXT, as_of TEXT,
                  ruleset_sha256 TEXT, files TEXT, accounts INTEGER, alerts INTEGER, warnings INTEGER, status TEXT);
                CREATE TABLE kam_alerts (run_id, account, alert TEXT, severity TEXT, message TEXT);
                INSERT INTO kam_runs (run_id, as_of, status) VALUES (1, '2025-12-31', 'ok');
                INSERT INTO kam_alerts VALUES (1, 1, 'low', 'high', 'old');"
# A failing run (the database full) leaves it exactly as it was: not half-migrated.
KAM_MAX_PAGE_COUNT=1 "$KAM" run --db "$old" --as-of 2026-01-01 "$T/rules.kam" >/dev/null 2>&1 && die "a full database"
check "$(sqlite3 "$old" "SELECT count(*) FROM pragma_table_info('kam_alerts')")" 5 "half-migrated"
expect_status 0 "$KAM" run --db "$old" --as-of 2026-01-01 "$T/rules.kam"
check "$(sqlite3 "$old" "SELECT run_id, coalesce(state, '-'), coalesce(episode_id, '-') FROM kam_alerts ORDER BY run_id")" \
  "$(printf '1|-|-\n2|new|1')" "upgraded"
echo ok
