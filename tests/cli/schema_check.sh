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

# --- the reference schema: schema.sql beside the rules ------------------------
# Without --db and without schema.sql, a misspelt bare name is taken for a
# column; with schema.sql in the directory (or the file's directory) it is an
# error with the suggestion, and a note names the schema used.
pack="$T/pack"
mkdir -p "$pack"
cp "$T/bare.kam" "$pack/rules.kam"
expect_status 0 "$KAM" check "$pack"
cp rules/key_accounts/schema.sql "$pack/schema.sql"
for path in "$pack" "$pack/" "$pack/rules.kam"; do
  expect_status 1 "$KAM" check "$path"
  expect_in "rules.kam:2:9: error: unknown name 'industy_rank' (did you mean 'industry_rank'?)" "$T/err"
  expect_in "note: checked against the reference schema $pack/schema.sql (no --db given)" "$T/err"
done
(cd "$pack" && "$KAM" check rules.kam) 2>"$T/err" && die "check from inside the pack passed"
expect_in "the reference schema schema.sql (no --db given)" "$T/err"
# --db wins over schema.sql (here a database with the misspelt column).
sqlite3 "$T/other.db" "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, industy_rank INTEGER)"
expect_status 0 "$KAM" check --db "$T/other.db" "$pack"
grep -q "reference schema" "$T/err" && die "a note about schema.sql with --db: $(cat "$T/err")"
# A correct pack passes and says what it was checked against; kam test types
# its tables from it (a TEXT column keeps '007' as written).
sed -i 's/industy_rank/industry_rank/' "$pack/rules.kam"
cat >> "$pack/rules.kam" <<'KAM'
output region_out = region
test "region stays text" {
  accounts { id: 1, name: "A", region: "007" }
  expect region_out = "007"
}
KAM
expect_status 0 "$KAM" check "$pack"
expect_in "checked against the reference schema $pack/schema.sql" "$T/err"
expect_status 0 "$KAM" test "$pack"
expect_in "1 passed, 0 failed" "$T/out"
expect_in "tables typed from the reference schema $pack/schema.sql" "$T/err"
# A broken schema.sql is an error naming the file and line, for check and test.
printf 'CREATE TABLE accounts (id INTEGER, name TEXT);\nCREAT TABLE deals (x);\n' > "$pack/schema.sql"
expect_status 1 "$KAM" check "$pack"
expect_in "kam: error: reference schema $pack/schema.sql:2: near \"CREAT\": syntax error" "$T/err"
expect_status 1 "$KAM" test "$pack"
expect_in "reference schema $pack/schema.sql:2" "$T/err"
# It defines tables and nothing else: no ATTACH (or VACUUM INTO) can write a
# file, no data is inserted, and a runaway statement is stopped.
printf 'CREATE TABLE accounts (id INTEGER);\nATTACH %s AS x;\n' "'$T/attached.db'" > "$pack/schema.sql"
expect_status 1 "$KAM" check "$pack"
expect_in "schema.sql:2: only CREATE statements" "$T/err"
printf 'CREATE TABLE accounts (id INTEGER);\nVACUUM INTO %s;\n' "'$T/vacuumed.db'" > "$pack/schema.sql"
expect_status 1 "$KAM" check "$pack"
[ -e "$T/attached.db" ] || [ -e "$T/vacuumed.db" ] && die "schema.sql wrote a file"
printf 'CREATE TABLE accounts (id INTEGER);\nINSERT INTO accounts VALUES (1);\n' > "$pack/schema.sql"
expect_status 1 "$KAM" check "$pack"
expect_in "schema.sql:2: only CREATE statements" "$T/err"
printf 'CREATE TABLE t AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c;\n' > "$pack/schema.sql"
expect_status 1 "$KAM" check "$pack"
expect_in "schema.sql:1:" "$T/err"
# A .dump's pragmas and transaction are harmless.
{ echo 'PRAGMA foreign_keys=OFF;'; echo 'BEGIN TRANSACTION;'; cat rules/key_accounts/schema.sql; echo 'COMMIT;'; } > "$pack/schema.sql"
expect_status 0 "$KAM" check "$pack"
