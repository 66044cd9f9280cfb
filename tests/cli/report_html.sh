# kam report's HTML, read with grep (tests/cli/report.sh loads a page in
# Chromium): a tier that became null is a move to (none); accounts are named
# by their label, escaped, in text and attributes alike; the run compared
# with is the previous one by as-of date, as previous() reads it; a run
# without a scorecard says so; a database from before the lifecycle shows
# new and cleared against the previous run, one with it shows its states.
. tests/cli_lib.sh
db="$T/r.db"
fixture "$db"
sqlite3 "$db" "INSERT INTO accounts (id, name, industry_rank) VALUES (1, 'Alpha <&> \"Q''s\"', 5), (2, '北京测试集团', 5);"
cat > "$T/rules.kam" <<'KAM'
entity account from accounts key id label name
tiering band { tier high "High & mighty" when industry_rank >= 5 tier low when industry_rank >= 1 }
alert ranked severity high when industry_rank >= 5 message "{name} ranks {industry_rank}"
KAM
run() { expect_status 0 "$KAM" run --db "$db" --as-of "$1" "$T/rules.kam"; }
run 2026-04-30                                               # run 1: both high
sqlite3 "$db" "UPDATE accounts SET industry_rank = 0 WHERE id = 1"
run 2026-06-30                                               # run 2: Alpha has no tier
sqlite3 "$db" "UPDATE accounts SET industry_rank = 2 WHERE id = 1"
run 2026-05-31                                               # run 3: a backfill, Alpha low
# Stored text that is not a plain word, in the attributes the page writes.
sqlite3 "$db" "INSERT INTO kam_alerts (run_id, account, alert, severity, message) VALUES (2, 1, 'odd\"><b id=\"x', 'high\" onmouseover=\"alert(1)', 'm<i>');"
expect_status 0 "$KAM" report --db "$db" --run 2 -o "$T/two.html"
html="$T/two.html"
# Run 2 (June) compares with run 3 (May, the latest earlier as-of), not run 1.
expect_in "compared with run 3 as of 2026-05-31" "$html"
expect_in 'data-from="low" data-to="(none)"><td class="move">low → (none)</td><td class="num" data-count="1">' "$html"
expect_in '<span class="name">Alpha &lt;&amp;&gt; &quot;Q&#39;s&quot;</span> <span class="key">1</span>' "$html"
expect_in '<span class="name">北京测试集团</span>' "$html"
expect_in '<b>high</b> <span class="title">High &amp; mighty</span>' "$html"
! grep -q 'onmouseover="' "$html" || die "an attribute value was not escaped: $(grep -o '.\{40\}onmouseover.\{40\}' "$html")"
expect_in 'class="badge sev-high&quot; onmouseover=&quot;alert(1)"' "$html"
expect_in 'id="alert-odd&quot;&gt;&lt;b id=&quot;x"' "$html"
! grep -q '<b id=' "$html" || die "stored text became markup"
expect_in "<td>m&lt;i&gt;</td>" "$html"
expect_in '<p id="no-scorecard">This run has no scorecard.</p>' "$html"
# Alerts against run 3 (Alpha low there, so only 北京测试集团 was raised): ranked is ongoing.
expect_in 'data-severity="high"><th class="sev-high">high</th><td class="num" data-count="1">1</td><td class="num" data-accounts="1">1</td><td class="num change same" data-change="0">±0</td><td class="num" data-new="0">0</td><td class="num" data-ongoing="1">1</td>' "$html"
# Run 3 (May) compares with run 1 (April): high -> low, and Alpha's alert cleared.
expect_status 0 "$KAM" report --db "$db" --run 3 -o "$T/three.html"
expect_in "compared with run 1 as of 2026-04-30" "$T/three.html"
expect_in 'data-from="high" data-to="low"><td class="move">high → low</td>' "$T/three.html"
# Run 3 is a backfill (May, after June was stored): it changes no episode, so
# it clears none, though the tier moves compare it with April.
expect_in 'data-cleared="0"' "$T/three.html"
# Stages keep the order the weights declare (zeta before alpha), not code-point order.
cat > "$T/card.kam" <<'KAM'
entity account from accounts key id label name
let phase = case when industry_rank >= 5 then "zeta" else "alpha" end
scorecard fit { stage phase
  perspective p { metric rank = industry_rank scale 0 .. 10 }
  weights { zeta: rank 100  alpha: rank 100 }
  grades { >= 40: fine, else: poor } }
KAM
fixture "$T/c.db"
sqlite3 "$T/c.db" "INSERT INTO accounts (id, name, industry_rank) VALUES (1, 'A', 5), (2, 'B', 1);"
expect_status 0 "$KAM" run --db "$T/c.db" --as-of 2026-07-31 "$T/card.kam"
expect_status 0 "$KAM" report --db "$T/c.db" -o "$T/card.html"
[ "$(grep -o '<div class="stage"><h3>[a-z]*</h3>' "$T/card.html" | tr '\n' ' ')" = '<div class="stage"><h3>zeta</h3> <div class="stage"><h3>alpha</h3> ' ] \
  || die "stages out of declared order: $(grep -o '<div class="stage"><h3>[a-z]*</h3>' "$T/card.html")"
expect_in '<p id="no-tiering">This run has no tiering.</p>' "$T/card.html"
expect_in 'id="health-(none)-fine" data-count="1"' "$T/card.html"
expect_in 'id="health-(none)-poor" data-count="1"' "$T/card.html"
# The alert lifecycle the runs recorded: in June (run 2) ranked is ongoing for
# account 2 and its April episode for account 1 closed.
expect_status 0 "$KAM" report --db "$db" --run 2 -o "$T/life.html"
expect_in '<th class="num">snoozed</th>' "$T/life.html"
expect_in 'data-severity="high"><th class="sev-high">high</th><td class="num" data-count="1">1</td><td class="num" data-accounts="1">1</td><td class="num change same" data-change="0">±0</td><td class="num" data-new="0">0</td><td class="num" data-ongoing="1">1</td><td class="num" data-snoozed="0">0</td><td class="num" data-cleared="1">1</td>' "$T/life.html"
expect_in '<table id="longest-episodes">' "$T/life.html"
expect_in '<td>2026-04-30</td><td class="num">2</td>' "$T/life.html"   # April and June; the May backfill does not count
# A database without kam tables, and a run id that does not exist.
fixture "$T/empty.db"
expect_status 2 "$KAM" report --db "$T/empty.db" -o "$T/e.html"
expect_in "no successful run yet" "$T/err"
expect_status 2 "$KAM" report --db "$db" --run 99 -o "$T/e.html"
expect_in "has no successful run 99" "$T/err"

# Two moves that tie on the order of their tiers (a tier the latest run no
# longer declares, X -> A, and no tier at all, (none) -> A) are still each
# one row: their accounts, alternating by key, do not interleave the rows.
db2="$T/ties.db"
sqlite3 "$db2" "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);
                INSERT INTO t VALUES (1, 6), (2, 1), (3, 6), (4, 1);"
printf 'entity s from t key id\ntiering band { tier X when v > 5  tier A when v > 2 }\n' > "$T/before.kam"
printf 'entity s from t key id\ntiering band { tier A when v > 2 }\n' > "$T/after.kam"
expect_status 0 "$KAM" run --db "$db2" --as-of 2026-01-31 "$T/before.kam"
sqlite3 "$db2" "UPDATE t SET v = 3 WHERE v = 1"
expect_status 0 "$KAM" run --db "$db2" --as-of 2026-02-28 "$T/after.kam"
expect_status 0 "$KAM" report --db "$db2" -o "$T/ties.html"
grep -o '<table id="tier-moves".*</table>' "$T/ties.html" | head -1 > "$T/moves"
[ "$(grep -o '<tr class=' "$T/moves" | wc -l)" = 2 ] || die "the tied moves are not two rows: $(cat "$T/moves")"
grep -q 'data-from="X" data-to="A">.*data-count="2">2</td><td class="names"><span class="acct"><span class="name">1</span></span>, <span class="acct"><span class="name">3</span></span></td></tr>' "$T/moves" \
  || die "X -> A does not hold accounts 1 and 3: $(cat "$T/moves")"
