# kam test --coverage: what the tests never exercised, at its line; the
# reason a file gives is shown and left out of the count; --coverage-min
# fails below the share; JSON for tools.  A failing expectation shows the
# data warnings its account raised.
. tests/cli_lib.sh
rules=tests/coverage/tiers.kam
expect_status 0 "$KAM" test --coverage "$rules"
expect_in "tests/coverage/tiers.kam:17: not covered: case else in band" "$T/out"
expect_in "tests/coverage/tiers.kam:10: not covered (no account this small in the tests): tier C of size" "$T/out"
expect_in "coverage tests/coverage/tiers.kam: 6 of 7 (85.7%)" "$T/out"
grep -q "not covered: tier A\|not covered: alert big firing\|not covered: alert big staying quiet" "$T/out" &&
  die "covered items listed: $(cat "$T/out")"
expect_status 0 "$KAM" test --coverage --coverage-min 85 "$rules"
expect_status 1 "$KAM" test --coverage --coverage-min 90 "$rules"
expect_in "coverage 85.7% is below --coverage-min 90" "$T/err"
expect_status 0 "$KAM" test --coverage --format json "$rules"
expect_in '"not_covered":[{"line":10,"what":"tier C of size","excused":"no account this small in the tests"},{"line":17,"what":"case else in band"}]' "$T/out"
expect_in '"covered":6,"total":7,"percent":85.7}' "$T/out"
expect_status 2 "$KAM" test --coverage-min 50 "$rules"
expect_status 2 "$KAM" test --coverage --coverage-min 101 "$rules"
# A failing expectation with the warning its own rows caused underneath.
sed 's/expect won = 20/expect won = 21/; s/amount: "20"/amount: "2O"/' "$rules" > "$T/bad.kam"
expect_status 1 "$KAM" test "$T/bad.kam"
expect_in "data warnings for this account:" "$T/out"
expect_in "won: table deals, column amount, account 2: '2O' is not a number" "$T/out"
exit 0
