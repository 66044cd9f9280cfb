# kam explain: each let, each tier tried with its conditions and operand
# values (a null operand named), each metric, each alert; text and JSON.
. tests/cli_lib.sh
db="$T/ex.db"
sqlite3 "$db" < tests/fixtures/explain.sql || die "fixture"
for a in 1 2; do
  expect_status 0 "$KAM" explain --db "$db" --account $a --as-of 2026-06-30 tests/fixtures/explain.kam
  diff "$T/out" tests/fixtures/explain_$a.expected || die "explain of account $a differs"
done
expect_status 0 "$KAM" explain --db "$db" --account 1 --as-of 2026-06-30 --format json tests/fixtures/explain.kam
expect_in '"tier":"A"' "$T/out"
expect_in '"condition":"margin >= 15%","result":null,"values":"margin = null","null_because":"margin is null","line":"tests/fixtures/explain.kam:8"' "$T/out"
expect_in '{"name":"size","perspective":"financial","value":50000000,"score":50,"weight":60,"contribution":30,' "$T/out"
expect_status 2 "$KAM" explain --db "$db" --account 3 tests/fixtures/explain.kam
expect_in "no account '3' in table accounts" "$T/err"
expect_status 2 "$KAM" explain --db "$db" tests/fixtures/explain.kam
