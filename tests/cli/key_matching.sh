# Keys of different types and collations: run, explain and SQLite's own
# join agree on which rows belong to each account (contract §2).
. tests/cli_lib.sh
db=$T/keys.db
sqlite3 "$db" < tests/eval/key_affinity.sql || die "fixture"
rules=tests/eval/key_affinity.kam
"$KAM" run --db "$db" --as-of 2026-06-30 "$rules" >/dev/null 2>"$T/err" || die "run: $(cat "$T/err")"
for rel in text:deals_text untyped:deals_untyped real:deals_real; do
  name=${rel%%:*} table=${rel#*:}
  # What SQL says, with the declared collation overridden as the contract asks.
  want=$(sqlite3 "$db" "SELECT a.id, (SELECT count(*) FROM $table d WHERE d.account_id = a.id COLLATE BINARY)
                        FROM accounts a ORDER BY a.id")
  got=$(sqlite3 "$db" "SELECT account, value FROM kam_outputs WHERE name = '${name}_n' ORDER BY account")
  [ "$want" = "$got" ] || die "$table: SQL says $want, kam stored $got"
  for key in 1 2 3; do
    n=$("$KAM" explain --db "$db" --account "$key" --format json "$rules" |
        sed -n "s/.*\"name\":\"${name}_n\",\"value\":\([0-9]*\).*/\1/p")
    [ "$n" = "$(printf '%s\n' "$got" | sed -n "s/^$key|//p")" ] || die "explain $key $name gave $n; run: $got"
  done
done
# A NOCASE text key: 'B' is not the account 'b', and check says why.
sqlite3 "$T/nocase.db" < tests/eval/key_text_integer_fk.sql || die "fixture 2"
expect_status 0 "$KAM" check --db "$T/nocase.db" tests/eval/key_text_integer_fk.kam
expect_in "declares COLLATE NOCASE, which kam does not apply" "$T/err"
expect_status 2 "$KAM" explain --db "$T/nocase.db" --account B tests/eval/key_text_integer_fk.kam
expect_in "no account 'B'" "$T/err"
expect_status 0 "$KAM" explain --db "$T/nocase.db" --account b --format json tests/eval/key_text_integer_fk.kam
expect_in '"name":"note_n","value":1' "$T/out"
# An untyped key holding the integer 1 is found from the text "1".
sqlite3 "$T/untyped.db" "CREATE TABLE a (id, name); INSERT INTO a VALUES (1, 'one'), ('x', 'ex');"
printf 'entity account from a key id label name\noutput k = account.id\n' > "$T/u.kam"
expect_status 0 "$KAM" explain --db "$T/untyped.db" --account 1 "$T/u.kam"
expect_in "account 1 (one)" "$T/out"
exit 0
