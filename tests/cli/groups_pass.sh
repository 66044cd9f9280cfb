# The group pass reads only the members of shared groups (through temporary
# tables of the connection): it works on a read-only file, twice on one
# connection (kam diff of two rule sets grouped by different columns), with a
# NOCASE group column (groups still match byte for byte), and its figures
# agree with SQL's GROUP BY.
. tests/cli_lib.sh
DB=$T/p.db
sqlite3 "$DB" "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, group_id INTEGER,
                                      team TEXT COLLATE NOCASE, deal REAL);
  CREATE TABLE deals (id INTEGER PRIMARY KEY, account_id INTEGER, amount REAL);
  CREATE INDEX deals_account ON deals(account_id);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
  INSERT INTO accounts SELECT i, 'a' || i, CASE WHEN i % 10 = 0 THEN i % 7 END,
                              CASE i % 3 WHEN 0 THEN 'East' WHEN 1 THEN 'east' END, i % 5 FROM n;
  INSERT INTO deals (account_id, amount) SELECT id, id % 11 FROM accounts WHERE id % 2 = 0;" || die "fixture"
rules() {   # rules FILE COLUMN
  cat > "$1" <<KAM
entity account from accounts key id label name
relation deals from deals on account_id
group by $2
let own = deal + sum(deals.amount)
output members = group_count()
output total = group_sum(own)
tiering size { tier BIG when total >= 500  tier SMALL otherwise }
KAM
}
rules "$T/by_group.kam" group_id
rules "$T/by_team.kam" team
# what SQL says each account's group gives (BINARY groups; null: the account alone)
expected() {   # expected COLUMN
  sqlite3 "$DB" "WITH own AS (SELECT a.id, a.$1 AS g, a.deal + coalesce((SELECT sum(amount) FROM deals
                                     WHERE account_id = a.id), 0) AS own FROM accounts AS a),
                      grp AS (SELECT g, count(*) AS n, sum(own) AS total FROM own WHERE g IS NOT NULL
                              GROUP BY g COLLATE BINARY)
                 SELECT o.id || ' ' || iif(o.g IS NULL, 1, grp.n) || ' ' || iif(o.g IS NULL, o.own, grp.total)
                 FROM own AS o LEFT JOIN grp ON grp.g = o.g COLLATE BINARY ORDER BY o.id"
}
got() {   # got RULES: id members total from the JSONL lines
  "$KAM" run --db "$DB" --dry-run --format jsonl --as-of 2026-06-30 "$1" > "$T/jsonl" 2>"$T/err" || die "run $1: $(cat "$T/err")"
  sed -n 's/.*"account":\([0-9]*\).*"members":\([0-9]*\).*"total":\([0-9.]*\).*/\1 \2 \3/p' "$T/jsonl" |
    awk '{ printf "%s %s %s\n", $1, $2, $3 + 0 }'
}
[ "$(expected group_id | awk '{ printf "%s %s %s\n", $1, $2, $3 + 0 }')" = "$(got "$T/by_group.kam")" ] || die "group_id figures differ from SQL"
[ "$(expected team | awk '{ printf "%s %s %s\n", $1, $2, $3 + 0 }')" = "$(got "$T/by_team.kam")" ] || die "team (NOCASE) figures differ from SQL"
grep -q '"members":1000' "$T/jsonl" && ! grep -q '"members":2000' "$T/jsonl" || die "'East' and 'east' are not two groups"
# a read-only file
chmod 444 "$DB"
expect_status 0 "$KAM" run --db "$DB" --dry-run --format jsonl --as-of 2026-06-30 "$T/by_team.kam"
cmp -s "$T/out" "$T/jsonl" || die "the read-only run differs"
# two group passes on one connection, one thread and two
for jobs in 1 2; do
  expect_status 0 "$KAM" diff --db "$DB" --jobs $jobs --as-of 2026-06-30 "$T/by_group.kam" "$T/by_team.kam"
  moved=$(sed -n 's/^tiering size: \([0-9]*\) accounts change tier.*/\1/p' "$T/out")
  want=$(join <(expected group_id | awk '{ print $1, ($3 >= 500) }' | sort) \
              <(expected team | awk '{ print $1, ($3 >= 500) }' | sort) | awk '$2 != $3' | wc -l)
  [ "$moved" = "$want" ] || die "diff --jobs $jobs moved $moved accounts, SQL says $want"
done
echo ok
