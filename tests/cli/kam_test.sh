# kam test: the shipped pack's and the example's tests pass; failing
# expectations are reported with the expectation, the actual value and the
# line, and exit 1.
. tests/cli_lib.sh
expect_status 0 "$KAM" test rules/key_accounts
expect_in " passed, 0 failed" "$T/out"
example=../shared/spec/example/key_accounts.kam
if [ -f "$example" ]; then
  expect_status 0 "$KAM" test "$example"
  expect_in "1 passed, 0 failed" "$T/out"
fi
expect_status 1 "$KAM" test tests/fixtures/failing_tests.kam
diff "$T/out" tests/fixtures/failing_tests.expected || die "kam test output differs"
# With --db, the test tables take the database's column types.
fixture "$T/schema.db"
expect_status 0 "$KAM" test --db "$T/schema.db" rules/key_accounts
