# slow
# kam run --jobs N splits the key range across threads: the stored rows,
# their order and the printed lines are exactly those of one job, for
# integer keys and for text keys, with previous() reading an earlier run.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
db="$T/jobs.db"
"$KAMGEN" --out "$db" --accounts 9000 --seed 11 2>/dev/null || die kamgen
# The same accounts keyed by text, with a null key and a repeated key.
sqlite3 "$db" "CREATE TABLE t_accounts AS SELECT printf('acc-%05d', id) AS code, * FROM accounts;
               INSERT INTO t_accounts (code, name) VALUES (NULL, 'no key'), ('acc-00007', 'again');
               CREATE TABLE t_deals AS SELECT printf('acc-%05d', account_id) AS code, * FROM deals;
               CREATE INDEX t_deals_code ON t_deals(code);" || die "text keys"
sed -e 's/from accounts key id/from t_accounts key code/' -e 's/relation deals from deals on account_id/relation deals from t_deals on code/' \
  tests/fixtures/minimal.kam > "$T/text_keys.kam"
dump() {
  for table in kam_tiers kam_scores kam_metrics kam_alerts kam_outputs kam_warnings; do
    sqlite3 "$1" "SELECT * FROM $table ORDER BY rowid" 2>/dev/null
  done
}
for rules in rules/key_accounts "$T/text_keys.kam"; do
  rm -f "$T/one.db" "$T/two.db"
  for run in 1 2; do   # the second run reads the first through previous()
    expect_status 0 "$KAM" run --db "$db" --out "$T/one.db" --jobs 1 --as-of 2026-11-2$run "$rules"
    expect_status 0 "$KAM" run --db "$db" --out "$T/two.db" --jobs 2 --as-of 2026-11-2$run "$rules"
  done
  [ "$(dump "$T/one.db" | wc -l)" -gt 9000 ] || die "too few rows for $rules"
  dump "$T/one.db" > "$T/one.txt"; dump "$T/two.db" > "$T/two.txt"
  cmp -s "$T/one.txt" "$T/two.txt" || die "--jobs 2 stored other rows than --jobs 1 for $rules: $(diff "$T/one.txt" "$T/two.txt" | head -5)"
  a=$(sqlite3 "$T/one.db" "SELECT accounts, alerts, warnings FROM kam_runs ORDER BY run_id")
  b=$(sqlite3 "$T/two.db" "SELECT accounts, alerts, warnings FROM kam_runs ORDER BY run_id")
  [ "$a" = "$b" ] || die "run counts differ: $a / $b"
  "$KAM" run --db "$db" --dry-run --jobs 1 --format jsonl --as-of 2026-11-27 "$rules" > "$T/one.jsonl" 2>/dev/null
  "$KAM" run --db "$db" --dry-run --jobs 2 --format jsonl --as-of 2026-11-27 "$rules" > "$T/two.jsonl" 2>/dev/null
  cmp -s "$T/one.jsonl" "$T/two.jsonl" || die "jsonl differs between --jobs 1 and 2 for $rules"
done
grep -q 'acc-00007' "$T/one.txt" || die "text keys were not evaluated"
grep -q 'has a null key' "$T/two.txt" || die "the null key was not warned about with --jobs 2"
grep -q 'repeats a key' "$T/two.txt" || die "the repeated key was not warned about with --jobs 2"
# Results written into the source database itself, on two threads.
cp "$db" "$T/same.db"
expect_status 0 "$KAM" run --db "$T/same.db" --jobs 2 --as-of 2026-11-27 rules/key_accounts
[ "$(sqlite3 "$T/same.db" "SELECT status, accounts FROM kam_runs")" = "ok|9000" ] || die "same-database run"
expect_status 2 "$KAM" run --db "$db" --jobs 0 rules/key_accounts
# kam diff --jobs 2 reports exactly what one job reports: tier moves, score
# shifts (a scale changed), grades, alerts and outputs, every list in key order.
mkdir -p "$T/changed" && cp rules/key_accounts/*.kam "$T/changed/"
sed -i 's/deal_size >= 500万/deal_size >= 450万/; s/deal_size >= 1亿/deal_size >= 8000万/' "$T/changed/10_tiering.kam"
sed -i 's/scale 0 .. 2.5/scale 0 .. 2/' "$T/changed/20_scorecard.kam"
for format in json text; do
  "$KAM" diff --db "$db" --as-of 2026-11-27 --jobs 1 --format $format rules/key_accounts "$T/changed" > "$T/diff1" 2>&1 || die "diff --jobs 1"
  "$KAM" diff --db "$db" --as-of 2026-11-27 --jobs 2 --format $format rules/key_accounts "$T/changed" > "$T/diff2" 2>&1 || die "diff --jobs 2"
  cmp -s "$T/diff1" "$T/diff2" || die "diff --jobs 2 differs from --jobs 1 ($format): $(diff "$T/diff1" "$T/diff2" | head -5)"
done
grep -q '"moved_count":[1-9]' "$T/diff1" 2>/dev/null || grep -q 'accounts change tier' "$T/diff1" || die "the change moved nothing"
