# Exit statuses: 0 ok, 1 rule errors, 2 usage errors, 3 database errors.
. tests/cli_lib.sh
fixture "$T/ok.db"
rules=../shared/spec/example/key_accounts.kam
[ -f "$rules" ] || rules=tests/fixtures/minimal.kam
expect_status 0 "$KAM" check tests/fixtures/minimal.kam
expect_status 1 "$KAM" check tests/diag/names.kam
expect_status 2 "$KAM" check --bogus tests/fixtures/minimal.kam
expect_in "unknown option '--bogus'" "$T/err"
expect_status 2 "$KAM" frobnicate
expect_status 2 "$KAM" run --db "$T/ok.db" --as-of 2026-02-30 tests/fixtures/minimal.kam
expect_in "--as-of '2026-02-30' is not a date" "$T/err"
expect_status 2 "$KAM" run --db "$T/ok.db" --format xml tests/fixtures/minimal.kam
expect_status 2 "$KAM" run tests/fixtures/minimal.kam
# A missing database is an error and is never created.
expect_status 3 "$KAM" run --db "$T/missing.db" tests/fixtures/minimal.kam
[ ! -e "$T/missing.db" ] || die "--db created a database"
expect_status 3 "$KAM" check --db "$T/missing.db" tests/fixtures/minimal.kam
# A file that is not a database.
printf 'this is not a database, just text\n%.0s' $(seq 1 200) > "$T/text.db"
expect_status 3 "$KAM" run --db "$T/text.db" tests/fixtures/minimal.kam
expect_in "not a database" "$T/err"
# ... for every command that reads a results database, not "holds no runs".
for cmd in alerts runs "prune --keep 1" "ack some_alert 1" "report -o $T/r.html"; do
  expect_status 3 "$KAM" $cmd --db "$T/text.db"
  expect_in "not a database" "$T/err"
done
# A missing rule file.
expect_status 1 "$KAM" check "$T/nope.kam"
expect_in "No such file" "$T/err"
expect_status 0 "$KAM" --version
expect_in "kam " "$T/out"
