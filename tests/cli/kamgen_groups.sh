# kamgen's customer groups: a subsidiary shares its top parent's group_id,
# most accounts are alone, --big-groups adds conglomerates of hundreds of
# members headed by whales, and the option changes no other column.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
"$KAMGEN" --out "$T/plain.db" --accounts 8000 --seed 3 2>/dev/null || die "kamgen"
"$KAMGEN" --out "$T/big.db" --accounts 8000 --seed 3 --big-groups 3 2>/dev/null || die "kamgen --big-groups"
q() { sqlite3 "$1" "$2" || die "query: $2"; }
# every member of a parent tree carries the top parent's id; no one else has a group
[ "$(q "$T/plain.db" "SELECT count(*) FROM accounts AS a JOIN accounts AS p ON p.id = a.parent_id
                       WHERE a.group_id IS NOT p.group_id OR a.group_id IS NULL")" = 0 ] || die "a subsidiary outside its parent's group"
[ "$(q "$T/plain.db" "SELECT count(*) FROM accounts WHERE group_id IS NOT NULL AND parent_id IS NULL
                       AND id NOT IN (SELECT parent_id FROM accounts WHERE parent_id IS NOT NULL)")" = 0 ] || die "a group without a parent tree"
[ "$(q "$T/plain.db" "SELECT count(*) FROM accounts AS a JOIN accounts AS g ON g.id = a.group_id
                       WHERE g.parent_id IS NOT NULL")" = 0 ] || die "group_id is not the top parent"
alone=$(q "$T/plain.db" "SELECT count(*) FROM accounts WHERE group_id IS NULL")
[ "$alone" -gt 7000 ] || die "most accounts should be alone, $alone are"
[ "$(q "$T/plain.db" "SELECT count(*) FROM (SELECT group_id FROM accounts WHERE group_id IS NOT NULL
                       GROUP BY group_id HAVING count(DISTINCT region) >= 3)")" -gt 0 ] || die "no group spans three regions"
# --big-groups: three groups of hundreds, each headed by an account of its own group
[ "$(q "$T/big.db" "SELECT count(*) FROM (SELECT group_id FROM accounts GROUP BY group_id
                     HAVING count(*) BETWEEN 150 AND 600)")" = 3 ] || die "not three groups of hundreds"
[ "$(q "$T/big.db" "SELECT count(*) FROM accounts AS a JOIN accounts AS h ON h.id = a.group_id
                     WHERE h.group_id IS NOT h.id")" = 0 ] || die "a group head outside its group"
# the option changes group_id only
cols="id, name, industry, industry_rank, region, lifecycle, credit_ok, orders_target, wallet_share, csat, owner, parent_id"
for t in "SELECT $cols FROM accounts" "SELECT * FROM deals" "SELECT * FROM contacts" "SELECT * FROM activities" \
         "SELECT * FROM team" "SELECT * FROM budgets"; do
  [ "$(q "$T/plain.db" "$t" | sha256sum)" = "$(q "$T/big.db" "$t" | sha256sum)" ] || die "--big-groups changed: $t"
done
# deterministic
"$KAMGEN" --out "$T/again.db" --accounts 8000 --seed 3 --big-groups 3 2>/dev/null || die "kamgen again"
[ "$(q "$T/big.db" "SELECT id, group_id FROM accounts" | sha256sum)" = "$(q "$T/again.db" "SELECT id, group_id FROM accounts" | sha256sum)" ] || die "groups differ between two runs"
expect_status 2 "$KAMGEN" --out "$T/x.db" --big-groups none
expect_in "--big-groups wants a number" "$T/err"
echo ok
