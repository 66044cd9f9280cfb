# previous(X) reads the latest earlier successful run: two runs with the
# data changed in between; an unfinished run is ignored; a dry run stores
# nothing.
. tests/cli_lib.sh
db="$T/p.db"
fixture "$db"
sqlite3 "$db" "INSERT INTO accounts (id, name, lifecycle, csat) VALUES
  (1, 'Alpha', 'growth', 9), (2, 'Beta', 'growth', 9), (3, 'Gamma', 'growth', 5);"
cat > "$T/rules.kam" <<'KAM'
entity account from accounts key id label name
scorecard health {
  stage lifecycle
  perspective customer { metric satisfaction = csat scale 0 .. 10 }
  weights { growth: satisfaction 100 }
}
tiering band { tier high when health >= 80 tier low otherwise }
output last_score = previous(health)
alert health_drop severity high
  when previous(health) - health >= 10
  message "{name}: health fell from {previous(health):.0f} to {health:.0f}"
alert band_drop severity medium when band < previous(band) message "{name}: {previous(band)} -> {band}"
KAM
expect_status 0 "$KAM" run --db "$db" --as-of 2026-06-30 "$T/rules.kam"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM kam_alerts')" = 0 ] || die "alerts on the first run"
[ "$(sqlite3 "$db" "SELECT count(*) FROM kam_outputs WHERE value IS NULL")" = 3 ] || die "previous() not null on the first run"
# Alpha falls 20 points, Beta 5, Gamma rises.
sqlite3 "$db" "UPDATE accounts SET csat = 7 WHERE id = 1; UPDATE accounts SET csat = 8.5 WHERE id = 2;
               UPDATE accounts SET csat = 9 WHERE id = 3;"
expect_status 0 "$KAM" run --db "$db" --as-of 2026-07-31 "$T/rules.kam"
got=$(sqlite3 "$db" "SELECT account, alert, message FROM kam_alerts WHERE run_id = 2 ORDER BY account, alert")
want="1|band_drop|Alpha: high -> low
1|health_drop|Alpha: health fell from 90 to 70"
[ "$got" = "$want" ] || die "second run alerts: $got"
[ "$(sqlite3 "$db" "SELECT value FROM kam_outputs WHERE run_id = 2 AND account = 3")" = 50.0 ] || die "previous output"
# An unfinished run (as a crash would leave it, were it not one transaction)
# must not count as the previous one.
sqlite3 "$db" "INSERT INTO kam_runs (run_id, status) VALUES (3, 'running');
               INSERT INTO kam_scores VALUES (3, 1, 'health', 'growth', 0, NULL, 1);"
expect_status 0 "$KAM" run --db "$db" --as-of 2026-08-31 --dry-run --format jsonl "$T/rules.kam"
grep -q '"account":1,.*"last_score":70' "$T/out" || die "previous() read an unfinished run: $(cat "$T/out")"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM kam_runs')" = 3 ] || die "a dry run stored a run"
[ "$(sqlite3 "$db" "SELECT group_concat(status) FROM kam_runs ORDER BY run_id")" = "ok,ok,running" ] || die "runs"
