# group by: --jobs 1 and 4 agree on groups spanning the whole key range;
# explain names a member's group and lists its members; kam test builds
# groups from its rows; a group column the table lacks is a located error.
. tests/cli_lib.sh
DB=$T/g.db
# 9,600 accounts: every third is in group id % 97 (each group spread over
# the whole key range), the others have no group (each a group of its own).
sqlite3 "$DB" "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, group_id INTEGER, deal REAL);
  CREATE TABLE deals (id INTEGER PRIMARY KEY, account_id INTEGER, amount REAL);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9600)
  INSERT INTO accounts SELECT i, 'a' || i, CASE WHEN i % 3 = 0 THEN i % 97 END, i % 13 FROM n;
  INSERT INTO deals (account_id, amount) SELECT id, id % 7 FROM accounts WHERE id % 5 = 0;" || die "fixture"
cat > "$T/g.kam" <<'KAM'
entity account from accounts key id label name
relation deals from deals on account_id
group by group_id
let own = deal + sum(deals.amount)
tiering size {
  tier BIG when group_sum(own) >= 400
  tier SMALL otherwise
}
output members = group_count()
output big_members = group_count(where own >= 10)
output total = group_sum(own)
KAM
expect_status 0 "$KAM" run --db "$DB" --dry-run --format jsonl --jobs 1 --as-of 2026-06-30 "$T/g.kam"
mv "$T/out" "$T/one"; mv "$T/err" "$T/one.err"
expect_status 0 "$KAM" run --db "$DB" --dry-run --format jsonl --jobs 4 --as-of 2026-06-30 "$T/g.kam"
cmp -s "$T/one" "$T/out" || die "--jobs 4 differs from --jobs 1: $(diff "$T/one" "$T/out" | head -5)"
[ "$(wc -l < "$T/one")" -ge 9600 ] || die "expected 9600 lines"
# group 0: ids that are multiples of 3 * 97 = 291: 291, 582, ..., 9603 > 9600: 32 members
grep -q '^{"account":291,"label":"a291","group":0,.*"members":32,' "$T/one" || die "group 0 should have 32 members: $(grep '"account":291,' "$T/one")"
# an account without a group is a group of one
grep -q '^{"account":1,"label":"a1","group":null,.*"members":1,' "$T/one" || die "account 1 is alone"
# the summary counts the groups: 97 shared, 6,400 alone
expect_in "groups: 6497 (97 of two or more accounts; the largest has 33)" "$T/one.err"
# same with the results stored: the stored tiers agree too
expect_status 0 "$KAM" run --db "$DB" --out "$T/r1.db" --jobs 1 --as-of 2026-06-30 "$T/g.kam"
expect_status 0 "$KAM" run --db "$DB" --out "$T/r4.db" --jobs 4 --as-of 2026-06-30 "$T/g.kam"
a=$(sqlite3 "$T/r1.db" "SELECT group_concat(account || tier, ',') FROM (SELECT * FROM kam_tiers ORDER BY account)")
b=$(sqlite3 "$T/r4.db" "SELECT group_concat(account || tier, ',') FROM (SELECT * FROM kam_tiers ORDER BY account)")
[ -n "$a" ] && [ "$a" = "$b" ] || die "stored tiers differ between --jobs 1 and 4"

# explain of one member sees the whole group, and lists it on request
expect_status 0 "$KAM" explain --db "$DB" --account 291 --as-of 2026-06-30 "$T/g.kam"
expect_in "group: group_id = 0, 32 accounts" "$T/out"
expect_in "members                  = 32" "$T/out"
expect_status 0 "$KAM" explain --db "$DB" --account 291 --members --as-of 2026-06-30 "$T/g.kam"
[ "$(grep -c '^    [0-9]* (a[0-9]*): .*group_count() = 1;' "$T/out")" = 32 ] || die "32 members expected: $(cat "$T/out")"
expect_in "    9312 (a9312):" "$T/out"

# kam test: the entity rows sharing a group value form a group
cat > "$T/t.kam" <<'KAM'
entity account from accounts key id label name
group by group_id
let group_deal = group_sum(deal)
tiering key_account {
  tier S when group_deal >= 100
  tier C otherwise
}
test "three regional accounts, each small, together strategic" {
  as_of 2026-06-30
  accounts { id: 1, name: "North", group_id: 7, deal: 40 }
  accounts { id: 2, name: "South", group_id: 7, deal: 30 }
  accounts { id: 3, name: "East",  group_id: 7, deal: 35 }
  accounts { id: 4, name: "Alone", group_id: 8, deal: 90 }
  expect key_account = S
  expect for 2 key_account = S
  expect for 3 key_account = S
  expect for 4 key_account = C
  expect group_deal = 105
}
KAM
expect_status 0 "$KAM" test "$T/t.kam"
sed -i 's/deal: 35/deal: 25/' "$T/t.kam"
expect_status 1 "$KAM" test "$T/t.kam"

# a group column the table lacks: located, with a suggestion
printf 'entity account from accounts key id\ngroup by grup_id\noutput n = group_count()\n' > "$T/bad.kam"
expect_status 1 "$KAM" check --db "$DB" "$T/bad.kam"
expect_in "bad.kam:2:10: error: table 'accounts' has no column 'grup_id' (did you mean 'group_id'?)" "$T/err"
echo ok
