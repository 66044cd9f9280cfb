# Test blocks give earlier runs (previous DATE { ... }): previous() and the
# alerts built on it are testable in the language; rows are checked, and fmt
# keeps them.
. tests/cli_lib.sh
expect_status 0 "$KAM" test tests/fixtures/previous_tests.kam
expect_in "2 passed, 0 failed" "$T/out"
expect_status 0 "$KAM" fmt tests/fixtures/previous_tests.kam
expect_in 'previous 2026-05-31 { account: 1, kt: "P", h: 90, o: 180 }' "$T/out"
printf 'entity account from accounts key id\noutput o = v\ntest "bad" {\n  previous 2026-03-31 { o: 1, nope: 2, account: as_of }\n  accounts { id: 1, v: 1 }\n  expect o = 1\n}\n' > "$T/bad.kam"
expect_status 1 "$KAM" check "$T/bad.kam"
expect_in "an earlier run stores tierings, scorecards and outputs: 'nope' is none of them" "$T/err"
expect_in "a test row holds literals only" "$T/err"
exit 0
