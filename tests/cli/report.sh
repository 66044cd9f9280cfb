# kam report: a self-contained HTML page (no network, no script, no fonts)
# checked in a real headless Chromium: it loads without console errors, the
# screenshot is not blank, and the DOM holds the numbers the database holds.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
if ! command -v chromium >/dev/null; then   # the test setup installs Debian's chromium when missing
  [ "$(id -u)" = 0 ] || die "chromium is missing and this user cannot install it"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || die "installing chromium failed"
fi
db="$T/report.db"
"$KAMGEN" --out "$db" --accounts 3000 --seed 4 2>/dev/null || die kamgen
expect_status 2 "$KAM" report --db "$db" -o "$T/none.html"
expect_in "no successful run yet" "$T/err"
expect_status 0 "$KAM" run --db "$db" --as-of 2026-10-27 rules/key_accounts
mkdir -p "$T/changed" && cp rules/key_accounts/*.kam "$T/changed/"
sed -i 's/deal_size >= 500万/deal_size >= 450万/' "$T/changed/10_tiering.kam"
expect_status 0 "$KAM" run --db "$db" --as-of 2026-11-27 "$T/changed"
expect_status 0 "$KAM" report --db "$db" -o "$T/report.html"
html="$T/report.html"
! grep -qiE '<script|<link|src=|@import|url\(' "$html" || die "the page loads something"
chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$T/profile" --enable-logging=stderr --v=0 "$@"
}
chrome --dump-dom "file://$html" > "$T/dom.html" 2> "$T/console.txt" || die "chromium could not load the page"
! grep -q 'CONSOLE' "$T/console.txt" || die "console messages: $(grep CONSOLE "$T/console.txt" | head -3)"
# The DOM holds the database's numbers.
for tier in S A B C; do
  n=$(sqlite3 "$db" "SELECT count(*) FROM kam_tiers WHERE run_id = 2 AND tier = '$tier'")
  grep -q "data-count=\"$n\">$n (" "$T/dom.html" || die "tier $tier: $n accounts not in the DOM"
done
accounts=$(sqlite3 "$db" "SELECT accounts FROM kam_runs WHERE run_id = 2")
grep -q "<td id=\"meta-accounts\">$accounts</td>" "$T/dom.html" || die "accounts ($accounts) not in the DOM"
alert=$(sqlite3 "$db" "SELECT alert || ':' || count(*) FROM kam_alerts WHERE run_id = 2 GROUP BY alert ORDER BY 1 LIMIT 1")
grep -q "id=\"alert-${alert%%:*}\">${alert##*:}<" "$T/dom.html" || die "alert count $alert not in the DOM"
moved=$(sqlite3 "$db" "SELECT count(*) FROM kam_tiers n JOIN kam_tiers o ON o.account = n.account AND o.run_id = 1
                       WHERE n.run_id = 2 AND n.tier = 'B' AND o.tier = 'C'")
grep -q "<td>C</td><td>B</td><td>$moved</td>" "$T/dom.html" || die "the $moved C -> B moves are not in the DOM"
# A screenshot that is not blank: far larger than one of an empty page.
printf '<!DOCTYPE html><html><body></body></html>' > "$T/blank.html"
chrome --screenshot="$T/blank.png" --window-size=1000,2000 "file://$T/blank.html" >/dev/null 2>&1
chrome --screenshot="$T/report.png" --window-size=1000,2000 "file://$html" >/dev/null 2>&1
[ -s "$T/report.png" ] && [ -s "$T/blank.png" ] || die "no screenshot"
[ "$(stat -c %s "$T/report.png")" -gt $(( 5 * $(stat -c %s "$T/blank.png") )) ] || die "the screenshot looks blank"
expect_status 0 "$KAM" report --db "$db" --run 1 -o "$T/first.html"
expect_in "This is the first successful run" "$T/first.html"
expect_status 2 "$KAM" report --db "$db" --run 9 -o "$T/nine.html"
