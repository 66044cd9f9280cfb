# The shipped rule pack and the contract's example rule set both check and
# run on generated demo data, with every tier present and the untidy data
# counted as warnings.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
db="$T/demo.db"
"$KAMGEN" --out "$db" --accounts 3000 --seed 7 2>/dev/null || die "kamgen"
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
cmp <("$KAMGEN" --print-schema) demo/schema.sql || die "kamgen schema differs from demo/schema.sql"
