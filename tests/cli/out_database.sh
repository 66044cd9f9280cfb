# --out: results go to another database; the source is opened read-only
# and is byte-for-byte unchanged.  Without --out, only kam_* tables are added.
. tests/cli_lib.sh
src="$T/src.db"
fixture "$src"
sqlite3 "$src" "INSERT INTO accounts (id, name) VALUES (1, 'A'), (2, 'B');
                INSERT INTO deals (account_id, amount, stage) VALUES (1, 5000, 'won'), (2, 10, 'won');"
before=$(sha256sum "$src" | cut -d' ' -f1)
chmod 444 "$src"
expect_status 0 "$KAM" run --db "$src" --out "$T/out.db" --as-of 2026-06-30 tests/fixtures/minimal.kam
[ "$(sha256sum "$src" | cut -d' ' -f1)" = "$before" ] || die "the source changed"
[ "$(sqlite3 "$T/out.db" "SELECT account || tier FROM kam_tiers ORDER BY account" | tr '\n' ' ')" = "1big 2small " ] || die "tiers"
[ "$(sqlite3 "$T/out.db" "SELECT status || accounts FROM kam_runs")" = "ok2" ] || die "run row"
# Writing into a read-only source is a database error (root ignores file
# modes, so this part needs an ordinary user).
if [ "$(id -u)" != 0 ]; then
  expect_status 3 "$KAM" run --db "$src" --as-of 2026-06-30 tests/fixtures/minimal.kam
  expect_in "read-only" "$T/err"
fi
chmod 644 "$src"
tables_before=$(sqlite3 "$src" "SELECT group_concat(name) FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'kam_%'")
rows_before=$(sqlite3 "$src" "SELECT count(*) FROM accounts; SELECT count(*) FROM deals;")
expect_status 0 "$KAM" run --db "$src" --as-of 2026-06-30 tests/fixtures/minimal.kam
[ "$(sqlite3 "$src" "SELECT group_concat(name) FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'kam_%'")" = "$tables_before" ] || die "source tables changed"
[ "$(sqlite3 "$src" "SELECT count(*) FROM accounts; SELECT count(*) FROM deals;")" = "$rows_before" ] || die "source rows changed"
# csv: a header, then one line per account.
expect_status 0 "$KAM" run --db "$src" --as-of 2026-06-30 --dry-run --format csv tests/fixtures/minimal.kam
[ "$(head -1 "$T/out")" = "account,label,size,alerts,won_total" ] || die "csv header: $(head -1 "$T/out")"
[ "$(sed -n 2p "$T/out")" = "1,A,big,,5000" ] || die "csv row: $(sed -n 2p "$T/out")"
