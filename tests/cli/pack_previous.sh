# The shipped pack's loop-closing alerts over two real runs (test blocks
# cannot hold earlier runs): an account that loses its business between two
# months falls in tier and in health, and both alerts fire in the second run.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
db="$T/pack.db"
"$KAMGEN" --out "$db" --accounts 600 --seed 3 2>/dev/null || die kamgen
expect_status 0 "$KAM" run --db "$db" --as-of 2026-10-27 rules/key_accounts
# An account of tier A or higher, alone in its group, with a health of 40 or more.
acct=$(sqlite3 "$db" "SELECT t.account FROM kam_tiers t JOIN kam_scores s USING (run_id, account)
  JOIN accounts a ON a.id = t.account
  WHERE t.run_id = 1 AND t.tier IN ('S', 'A') AND s.score >= 40 AND a.group_id IS NULL
  ORDER BY t.account LIMIT 1")
[ -n "$acct" ] || die "no account of tier A or S with a health of 40 or more"
sqlite3 "$db" "DELETE FROM deals WHERE account_id = $acct" || die "delete"
expect_status 0 "$KAM" run --db "$db" --as-of 2026-11-27 rules/key_accounts
fired=$(sqlite3 "$db" "SELECT group_concat(alert, ' ') FROM (SELECT alert FROM kam_alerts
  WHERE run_id = 2 AND account = $acct AND alert IN ('tier_dropped', 'health_falling') ORDER BY alert)")
[ "$fired" = "health_falling tier_dropped" ] || die "account $acct: fired '$fired'"
msg=$(sqlite3 "$db" "SELECT message FROM kam_alerts WHERE run_id = 2 AND account = $acct AND alert = 'tier_dropped'")
case "$msg" in *"tier fell from "[SA]" to "*) ;; *) die "message: $msg" ;; esac
exit 0
