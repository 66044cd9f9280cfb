# The shipped rule pack and the contract's example rule set both check and
# run on generated demo data, with every tier present and the untidy data
# counted as warnings.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
db="$T/demo.db"
"$KAMGEN" --out "$db" --accounts 3000 --seed 7 2>/dev/null || die "kamgen"
# kamgen creates exactly the tables and indexes of rules/key_accounts/schema.sql (it
# runs the file in two parts: tables, then indexes after the data).
sqlite3 "$T/schema.db" < rules/key_accounts/schema.sql || die "rules/key_accounts/schema.sql does not load"
schema_of() { sqlite3 "$1" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"; }
[ "$(schema_of "$db")" = "$(schema_of "$T/schema.db")" ] || die "kamgen's schema differs from rules/key_accounts/schema.sql"
accounts=$(sqlite3 "$db" "SELECT count(*) FROM accounts")
check_and_run() {
  expect_status 0 "$KAM" check --db "$db" "$1"
  expect_status 0 "$KAM" run --db "$db" --as-of 2026-11-27 "$1"
  expect_in "$accounts accounts evaluated" "$T/out"
  run=$(sqlite3 "$db" "SELECT max(run_id) FROM kam_runs WHERE status = 'ok'")
  [ "$(sqlite3 "$db" "SELECT accounts FROM kam_runs WHERE run_id = $run")" = "$accounts" ] || die "accounts stored"
  [ "$(sqlite3 "$db" "SELECT count(DISTINCT tier) FROM kam_tiers WHERE run_id = $run")" -ge 4 ] || die "fewer than 4 tiers"
  [ "$(sqlite3 "$db" "SELECT warnings > 0 AND warnings = (SELECT count(*) FROM kam_warnings WHERE run_id = $run) FROM kam_runs WHERE run_id = $run")" = 1 ] || die "warnings not counted"
  [ "$(sqlite3 "$db" "SELECT count(*) FROM kam_alerts WHERE run_id = $run")" -gt 0 ] || die "no alerts"
}
check_and_run rules/key_accounts
example=../shared/spec/example/key_accounts.kam
if [ -f "$example" ]; then check_and_run "$example"; else echo "(../shared absent: the example rule set was not run)"; fi
