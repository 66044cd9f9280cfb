# The benchmark's hand-written SQL (bench/rules.sql, bench/example.sql) must
# compute what the rules compute, or bench/run.sh measures the wrong thing.
# This runs both sides on a small generated database with the planted
# untidy values (bench/untidy.sql) and compares every result row with
# bench/compare.sql, so a change to the shipped pack that the SQL does not
# follow fails here, not at the next benchmark.  The contract's example
# rule set is compared too when ../shared is there.
. tests/cli_lib.sh
db="$T/bench.db"
"$KAMGEN" --out "$db" --accounts 3000 --seed 5 --big-groups 1 2>/dev/null || die kamgen
sqlite3 -bail "$db" < bench/untidy.sql || die "untidy.sql"
agree() {   # agree RULES SQL
  cp "$db" "$T/work.db"
  expect_status 0 "$KAM" run --db "$T/work.db" --as-of 2026-11-27 "$1"
  sqlite3 -bail "$T/work.db" < "$2" || die "$2 failed"
  sqlite3 -bail "$T/work.db" < bench/compare.sql > "$T/compare" || die "compare.sql failed"
  grep -q '^mismatches|0$' "$T/compare" || die "$2 disagrees with $1: $(grep -E '^(mismatches|example|table)' "$T/compare" | head -12)"
  [ "$(awk -F'|' '$1 == "table" && $2 == "alerts" { print $3 }' "$T/compare")" -gt 100 ] || die "too few alerts compared"
}
agree rules/key_accounts bench/rules.sql
if [ -f ../shared/spec/example/key_accounts.kam ]; then
  agree ../shared/spec/example/key_accounts.kam bench/example.sql
else
  echo "note: ../shared is absent: the example rule set's SQL was not compared"
fi
echo ok
