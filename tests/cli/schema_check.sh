# With --db, tables and columns are checked against the schema, with the
# nearest names suggested; an unindexed relation key draws a warning.
. tests/cli_lib.sh
fixture "$T/ok.db"
cat > "$T/typos.kam" <<'KAM'
entity account from acounts key id label name
relation deals from deals on acount_id
let x = sum(deals.amout)
let y = industy_rank + 1
KAM
expect_status 1 "$KAM" check --db "$T/ok.db" "$T/typos.kam"
expect_in "typos.kam:1:21: error: the database has no table 'acounts' (did you mean 'accounts'?)" "$T/err"
expect_in "typos.kam:2:30: error: table 'deals' has no column 'acount_id' (did you mean 'account_id'?)" "$T/err"
expect_in "typos.kam:3:13: error: table 'deals' has no column 'amout' (did you mean 'amount'?)" "$T/err"
cat > "$T/bare.kam" <<'KAM'
entity account from accounts key id label name
let y = industy_rank + 1
KAM
expect_status 1 "$KAM" check --db "$T/ok.db" "$T/bare.kam"
expect_in "bare.kam:2:9: error: unknown name 'industy_rank' (did you mean 'industry_rank'?)" "$T/err"
expect_status 0 "$KAM" check --db "$T/ok.db" tests/fixtures/minimal.kam
sqlite3 "$T/ok.db" "DROP INDEX deals_account"
expect_status 0 "$KAM" check --db "$T/ok.db" tests/fixtures/minimal.kam
expect_in 'warning: no index on deals(account_id)' "$T/err"
expect_in 'CREATE INDEX "deals_account_id" ON "deals"("account_id");' "$T/err"
