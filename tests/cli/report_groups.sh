# kam report shows tiers per customer group when the run had group by: the
# largest groups, their accounts and the tiers of those accounts, as the
# database holds them; without group by the card is absent.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
db="$T/g.db"
"$KAMGEN" --out "$db" --accounts 1500 --seed 2 --big-groups 1 2>/dev/null || die kamgen
expect_status 0 "$KAM" run --db "$db" --as-of 2026-11-27 rules/key_accounts
expect_status 0 "$KAM" report --db "$db" -o "$T/g.html"
expect_in '<table id="group-tiers">' "$T/g.html"
# The largest group, from SQL: its id, its size and its tiers in declared order.
top=$(sqlite3 "$db" "SELECT group_id, count(*) FROM accounts WHERE group_id IS NOT NULL GROUP BY group_id ORDER BY 2 DESC, 1 LIMIT 1")
gid=${top%%|*} n=${top#*|}
tiers=$(sqlite3 "$db" "SELECT group_concat(tier || ' ' || c, ', ') FROM (SELECT t.tier, count(*) AS c, o.position
  FROM kam_tiers t JOIN accounts a ON a.id = t.account
  JOIN kam_tier_order o ON o.run_id = t.run_id AND o.tiering = t.tiering AND o.tier = t.tier
  WHERE t.run_id = 1 AND a.group_id = $gid GROUP BY t.tier ORDER BY o.position)")
expect_in "<tr><td>$gid</td><td class=\"num\" data-members=\"$n\">$n</td><td>$tiers</td></tr>" "$T/g.html"
# The example rule set has no group by: no card.
expect_status 0 "$KAM" run --db "$db" --as-of 2026-11-28 tests/fixtures/minimal.kam
expect_status 0 "$KAM" report --db "$db" -o "$T/none.html"
grep -q 'id="groups"' "$T/none.html" && die "a run without group by shows groups"
exit 0
