# With --db a column's declared type tells what a quoted literal beside it
# must be: a DATE column against "2026/3/31", a REAL one against "3000万".
. tests/cli_lib.sh
sqlite3 "$T/q.db" "CREATE TABLE accounts (id INTEGER PRIMARY KEY, revenue REAL, name TEXT);
  CREATE TABLE visits (account_id INTEGER, visit_date DATE);"
cat > "$T/q.kam" <<'KAM'
entity account from accounts key id
relation visits from visits on account_id
let a = revenue >= "3000万"
let b = exists(visits where visits.visit_date <= "2026/3/31")
let c = name = "12"
KAM
expect_status 1 "$KAM" check --db "$T/q.db" "$T/q.kam"
expect_in 'q.kam:3:20: error: "3000万" is text, not a number: drop the quotes (3000万)' "$T/err"
expect_in 'q.kam:4:50: error: "2026/3/31" is text, not a date: write the date without quotes (2026-03-31)' "$T/err"
grep -q 'q.kam:5:' "$T/err" && die "a TEXT column compared with \"12\" was refused"
expect_status 1 "$KAM" run --db "$T/q.db" --dry-run "$T/q.kam"
exit 0
