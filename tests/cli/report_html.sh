# kam report's HTML, read with grep (tests/cli/report.sh loads a page in
# Chromium): a tier that became null is listed as a move to (none); stored
# text written into attributes is escaped; the run compared with is the
# previous one by as-of date, as previous() reads it.
. tests/cli_lib.sh
db="$T/r.db"
fixture "$db"
sqlite3 "$db" "INSERT INTO accounts (id, name, industry_rank) VALUES (1, 'Alpha', 5), (2, 'Beta', 5);"
cat > "$T/rules.kam" <<'KAM'
entity account from accounts key id label name
tiering band { tier high when industry_rank >= 5 tier low when industry_rank >= 1 }
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
expect_in "Compared with run 3." "$html"
expect_in "<td>band</td><td>low</td><td>(none)</td><td>1</td>" "$html"
! grep -q 'onmouseover="' "$html" || die "an attribute value was not escaped: $(grep -o '.\{40\}onmouseover.\{40\}' "$html")"
expect_in 'class="sev-high&quot; onmouseover=&quot;alert(1)"' "$html"
expect_in 'id="alert-odd&quot;&gt;&lt;b id=&quot;x"' "$html"
! grep -q '<b id=' "$html" || die "stored text became markup"
expect_in "<td>m&lt;i&gt;</td>" "$html"
# Run 3 (May) compares with run 1 (April): high -> low.
expect_status 0 "$KAM" report --db "$db" --run 3 -o "$T/three.html"
expect_in "Compared with run 1." "$T/three.html"
expect_in "<td>band</td><td>high</td><td>low</td><td>1</td>" "$T/three.html"
