# previous() reads the latest earlier successful run by as-of date (the
# greatest as_of before this run's, the highest run_id of that date), the
# same run for kam run (one thread or several), explain and diff, all
# reading the --out database.
. tests/cli_lib.sh
db="$T/src.db" out="$T/out.db"
fixture "$db"
# 5000 accounts, so that --jobs 2 really runs on threads.
sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
               INSERT INTO accounts (id, name, industry_rank) SELECT i, 'A' || i, 0 FROM n;"
cat > "$T/rules.kam" <<'KAM'
entity account from accounts key id label name
output level = industry_rank
output was = previous(level)
KAM
sed 's/previous(level)$/previous(level) * 10/' "$T/rules.kam" > "$T/times10.kam"
level() { sqlite3 "$db" "UPDATE accounts SET industry_rank = $1"; }
run() { expect_status 0 "$KAM" run --db "$db" --out "$out" --as-of "$@" "$T/rules.kam"; }
was() {   # was RUN_ID: account 1's stored previous(level)
  sqlite3 "$out" "SELECT coalesce(value, 'null') FROM kam_outputs WHERE run_id = $1 AND account = 1 AND name = 'was'"
}
level 4; run 2026-04-30                  # run 1
level 6; run 2026-06-30                  # run 2
[ "$(was 2)" = 4 ] || die "June read $(was 2), not April's 4"
# A backfill for May compares with April, never with the June run stored before it.
level 5; run 2026-05-31 --jobs 2         # run 3, on threads
[ "$(was 3)" = 4 ] || die "the May backfill (threads) read $(was 3), not April's 4"
level 5; run 2026-05-31 --jobs 1         # run 4, one thread
[ "$(was 4)" = 4 ] || die "the May backfill (one thread) read $(was 4), not April's 4"
# Reruns of one date: the highest run_id of that date counts.
level 7; run 2026-04-30                  # run 5: nothing before April
[ "$(was 5)" = null ] || die "an April rerun read $(was 5), but no run is earlier than April"
level 8; run 2026-05-31                  # run 6: April's latest rerun is run 5
[ "$(was 6)" = 7 ] || die "May read $(was 6), not 7 from the latest April rerun"
# A failed run of a later date counts for nothing.
sqlite3 "$out" "INSERT INTO kam_runs (run_id, as_of, status) VALUES (99, '2026-06-10', 'running');
                INSERT INTO kam_outputs VALUES (99, 1, 'level', 1000);"
# As of June 15 the previous run is run 6 (May 31, level 8): run, explain and diff agree.
expect_status 0 "$KAM" run --db "$db" --out "$out" --as-of 2026-06-15 --dry-run --format jsonl "$T/rules.kam"
grep -q '^{"account":1,.*"was":8}' "$T/out" || die "run --dry-run: $(head -1 "$T/out")"
expect_status 0 "$KAM" explain --db "$db" --out "$out" --account 1 --as-of 2026-06-15 --format json "$T/rules.kam"
expect_in '{"name":"was","value":8,' "$T/out"
expect_status 0 "$KAM" explain --db "$db" --out "$out" --account 1 --as-of 2026-06-15 "$T/rules.kam"
grep -qE '^  was +=  *8 ' "$T/out" || die "explain (text): $(cat "$T/out")"
expect_status 0 "$KAM" diff --db "$db" --out "$out" --as-of 2026-06-15 --format json --jobs 1 "$T/rules.kam" "$T/times10.kam"
expect_in '"1 (A1): 8 -> 80"' "$T/out"
expect_status 0 "$KAM" diff --db "$db" --out "$out" --as-of 2026-06-15 --format json --jobs 2 "$T/rules.kam" "$T/times10.kam"
expect_in '"1 (A1): 8 -> 80"' "$T/out"
# Without --out, previous() reads --db, which holds no runs.
expect_status 0 "$KAM" explain --db "$db" --account 1 --as-of 2026-06-15 --format json "$T/rules.kam"
expect_in '{"name":"was","value":null,' "$T/out"
# As of April 30 itself nothing is earlier.
expect_status 0 "$KAM" explain --db "$db" --out "$out" --account 1 --as-of 2026-04-30 --format json "$T/rules.kam"
expect_in '{"name":"was","value":null,' "$T/out"
# The previous run is chosen inside the run's write transaction: a run that
# starts while another run holds the database waits for its commit and then
# builds on it (here the other "run" is a transaction held by sqlite3).
max=$(sqlite3 "$out" "SELECT max(run_id) FROM kam_runs")
{ echo "BEGIN IMMEDIATE;
        INSERT INTO kam_runs (run_id, as_of, status) VALUES ($((max + 1)), '2026-07-15', 'ok');
        INSERT INTO kam_outputs VALUES ($((max + 1)), 1, 'level', 55);"
  sleep 1; echo "COMMIT;"; } | sqlite3 "$out" &
holder=$!
sleep 0.3
level 9; run 2026-07-31 --busy-timeout 10000
wait $holder
[ "$(was $((max + 2)))" = 55 ] || die "a run built on $(was $((max + 2))), not on the run committed while it waited (55)"
