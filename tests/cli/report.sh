# kam report in a real headless Chromium at 1280 and 390 px: a self-contained
# page (no network, no script), no console messages, no horizontal overflow
# (measured by a wrapper page in the test dir that frames the report and
# writes the widths into its own DOM), a screenshot that is not blank
# (build/report-1280.png and build/report-390.png, for the README), and the
# first screen's numbers equal to the database's.
. tests/cli_lib.sh
[ -n "${KAMGEN:-}" ] || { echo "KAMGEN is not set (run through make test)"; exit 1; }
if ! command -v chromium >/dev/null; then   # the test setup installs Debian's chromium when missing
  [ "$(id -u)" = 0 ] || die "chromium is missing and this user cannot install it"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || die "installing chromium failed"
fi
if ! fc-list 2>/dev/null | grep -qi cjk && [ "$(id -u)" = 0 ]; then   # Chinese names in the screenshots
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk) >/dev/null 2>&1 || true
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
! grep -qiE '<script|<link|<iframe|src=|@import|url\(' "$html" || die "the page loads something"
chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --allow-file-access-from-files --user-data-dir="$T/profile" --enable-logging=stderr --v=0 "$@"
}
chrome --dump-dom "file://$html" > "$T/dom.html" 2> "$T/console.txt" || die "chromium could not load the page"
! grep -q 'CONSOLE' "$T/console.txt" || die "console messages: $(grep CONSOLE "$T/console.txt" | head -3)"

# No horizontal overflow at either width: the wrapper (not the report) frames
# it at exactly that width (headless windows have a minimum width) and runs a
# script that compares the framed page's scroll width with its client width.
frame() {
  cat <<HTML
<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="report.html" style="border:0;width:${1}px;height:800px"></iframe>
<p id="out">pending</p><script>
HTML
  cat <<'HTML'

document.getElementById('f').onload = function () {
  var d = this.contentDocument.documentElement, tops = '';
  ['tiers', 'health', 'attention', 'alerts'].forEach(function (id) {
    tops += ' ' + id + '=' + Math.round(d.ownerDocument.getElementById(id).getBoundingClientRect().top);
  });
  document.getElementById('out').textContent = 'scroll=' + d.scrollWidth + ' client=' + d.clientWidth + tops;
};
</script></body></html>
HTML
}
for size in 1280,900 390,844; do
  frame "${size%%,*}" > "$T/frame.html"
  chrome --window-size=$size --virtual-time-budget=5000 --dump-dom "file://$T/frame.html" > "$T/frame.dom" 2>/dev/null
  widths=$(grep -o 'scroll=[0-9]* client=[0-9]*' "$T/frame.dom") || die "the wrapper measured nothing at $size"
  s=${widths#scroll=}; s=${s%% *}; c=${widths##*client=}
  [ "$s" -le "$c" ] || die "horizontal overflow at $size: $widths"
  w=${size%%,*}
  # Where the four first-screen cards start: on the desktop each within the
  # first 900 px with at least 200 px of it in view; on the phone, stacked
  # in the review's order.
  tops=$(grep -o 'tiers=[0-9]* health=[0-9]* attention=[0-9]* alerts=[0-9]*' "$T/frame.dom") \
    || die "the wrapper measured no card at $size"
  read -r tiers health attention alerts <<< "$(echo "$tops" | sed 's/[a-z]*=//g')"
  if [ "$w" = 1280 ]; then
    for top in $tiers $health $attention $alerts; do
      [ "$top" -le 700 ] || die "a first-screen card starts below the fold at 1280 px: $tops"
    done
  else
    [ "$tiers" -lt "$health" ] && [ "$health" -lt "$attention" ] && [ "$attention" -lt "$alerts" ] \
      || die "the cards are out of order at $w px: $tops"
  fi
  chrome --screenshot="$T/report-$w.png" --window-size=$size "file://$html" >/dev/null 2>&1
  [ -s "$T/report-$w.png" ] || die "no screenshot at $size"
  cp "$T/report-$w.png" "build/report-$w.png" 2>/dev/null || true
done

# The first screen holds the database's numbers.
q() { sqlite3 "$db" "$1"; }
for tier in S A B C; do
  now=$(q "SELECT count(*) FROM kam_tiers WHERE run_id = 2 AND tier = '$tier'")
  before=$(q "SELECT count(*) FROM kam_tiers WHERE run_id = 1 AND tier = '$tier'")
  grep -q "data-tier=\"$tier\"><td><b>$tier</b> <span class=\"title\">[^<]*</span></td><td class=\"num\" data-count=\"$now\">" "$T/dom.html" \
    || die "tier $tier: $now accounts not in the DOM"
  grep -q "data-count=\"$now\">[0-9,]*</td><td class=\"num\" data-before=\"$before\">[0-9,]*</td><td class=\"num change [a-z]*\" data-change=\"$((now - before))\"" "$T/dom.html" \
    || die "tier $tier: change $before -> $now not in the DOM"
done
expect_in '<b>S</b> <span class="title">Strategic partner</span>' "$T/dom.html"
# The tiering and the scorecard by their titles, their names beside them.
expect_in '<h3>Key account tier <code class="decl">account_tier</code></h3>' "$T/dom.html"
expect_in 'grade of <b>Key account balanced scorecard <code class="decl">account_health</code></b>' "$T/dom.html"
moved=$(q "SELECT count(*) FROM kam_tiers n JOIN kam_tiers o ON o.account = n.account AND o.run_id = 1
           WHERE n.run_id = 2 AND n.tier = 'B' AND o.tier = 'C'")
grep -q "data-from=\"C\" data-to=\"B\"><td class=\"move\">C → B</td><td class=\"num\" data-count=\"$moved\">" "$T/dom.html" \
  || die "the $moved C -> B moves are not in the DOM"
# A moved account is named by its label, as the accounts table has it.
name=$(q "SELECT a.name FROM kam_tiers n JOIN kam_tiers o ON o.account = n.account AND o.run_id = 1
          JOIN accounts a ON a.id = n.account WHERE n.run_id = 2 AND n.tier = 'B' AND o.tier = 'C' ORDER BY n.account LIMIT 1")
grep -qF "<span class=\"name\">$name</span>" "$T/dom.html" || die "the moved account $name is not named"
# Health by tier: each cell is the count of that tier and grade.
q "SELECT t.tier || '-' || s.grade || ':' || count(*) FROM kam_scores s JOIN kam_tiers t ON t.run_id = 2 AND t.account = s.account
   WHERE s.run_id = 2 AND s.grade IS NOT NULL GROUP BY t.tier, s.grade" > "$T/cells"
[ "$(wc -l < "$T/cells")" -ge 8 ] || die "too few health cells to compare"
while IFS=: read -r cell n; do
  grep -q "id=\"health-$cell\" data-count=\"$n\"" "$T/dom.html" || die "health cell $cell ($n) not in the DOM"
done < "$T/cells"
# Alerts by severity: counts, accounts, and new against the previous run.
q "SELECT severity || ':' || count(*) || ':' || count(DISTINCT account) || ':' ||
          sum(NOT EXISTS (SELECT 1 FROM kam_alerts p WHERE p.run_id = 1 AND p.account = a.account AND p.alert = a.alert))
   FROM kam_alerts a WHERE run_id = 2 GROUP BY severity" > "$T/sev"
while IFS=: read -r sev n accounts new; do
  grep -q "data-severity=\"$sev\"><th class=\"sev-$sev\">$sev</th><td class=\"num\" data-count=\"$n\">[0-9,]*</td><td class=\"num\" data-accounts=\"$accounts\">.*data-new=\"$new\"" "$T/dom.html" \
    || die "severity $sev: $n alerts on $accounts accounts ($new new) not in the DOM"
done < "$T/sev"
for run in 1 2; do
  n=$(q "SELECT count(*) FROM kam_alerts WHERE run_id = $run")
  grep -q "data-total=\"$n\">$n</text>" "$T/dom.html" || die "the trend lacks run $run's $n alerts"
done
# Who needs attention: ten accounts, S before A.
[ "$(grep -o '<ol class="attention">.*</ol>' "$T/dom.html" | grep -o '<li><span class="acct">' | wc -l)" = 10 ] \
  || die "the attention list does not hold ten accounts"
total=$(q "SELECT count(*) FROM kam_tiers t WHERE run_id = 2 AND tier IN ('S', 'A') AND (
           EXISTS (SELECT 1 FROM kam_alerts a WHERE a.run_id = 2 AND a.account = t.account)
           OR EXISTS (SELECT 1 FROM kam_scores s WHERE s.run_id = 2 AND s.account = t.account AND s.grade = 'at_risk'))")
expect_in "id=\"attention-total\" data-count=\"$total\"" "$T/dom.html"
# Each entry is headed by the account's name, so its messages do not repeat it.
grep -o '<ol class="attention">.*</ol>' "$T/dom.html" > "$T/attention"
first=$(grep -o '<span class="name">[^<]*' "$T/attention" | head -1 | sed 's/.*>//')
[ "$(q "SELECT count(*) FROM kam_alerts a JOIN accounts c ON c.id = a.account WHERE a.run_id = 2 AND c.name = '$first'
        AND a.message LIKE c.name || ': %'")" -gt 0 ] || die "no message of $first opens with its name"
! grep -qF "</span>$first: " "$T/attention" || die "the attention list repeats $first's name in its messages"
# The moves beyond the first four fold away, named by their number.
moves=$(q "SELECT count(*) FROM (SELECT DISTINCT o.tier, n.tier FROM kam_tiers n JOIN kam_tiers o ON o.account = n.account
           AND o.run_id = 1 WHERE n.run_id = 2 AND n.tier <> o.tier)")
[ "$moves" -gt 4 ] || die "too few moves ($moves) to fold"
expect_in "<details id=\"more-moves\"><summary>$((moves - 4)) more moves</summary>" "$T/dom.html"
# Below the fold: every alert's list, collapsed; all score buckets, empty ones too.
alert=$(q "SELECT alert || ':' || count(*) FROM kam_alerts WHERE run_id = 2 GROUP BY alert ORDER BY 1 LIMIT 1")
grep -q "<details><summary>.*id=\"alert-${alert%%:*}\" data-count=\"${alert##*:}\"" "$T/dom.html" || die "alert list $alert not in the DOM"
[ "$(grep -c '<tr><td><span class="acct">' "$T/dom.html")" -ge 1 ] || die "no alert rows"
[ "$(grep -o 'data-count="[0-9]*">[0-9]* ([0-9.]*%)' "$T/dom.html" | wc -l)" = $(( 11 * $(q "SELECT count(DISTINCT stage) FROM kam_scores WHERE run_id = 2") )) ] \
  || die "not every score bucket is drawn"
accounts=$(q "SELECT accounts FROM kam_runs WHERE run_id = 2")
grep -q "<td id=\"meta-accounts\">$accounts</td>" "$T/dom.html" || die "accounts ($accounts) not in the metadata"
# Stages in the order the weights declare them, not by name.
stages=$(grep -o '<div class="stage"><h3>[a-z]*</h3>' "$T/dom.html" | sed 's/.*<h3>\(.*\)<\/h3>/\1/' | tr '\n' ' ')
[ "$stages" = "breakthrough growth mature " ] || die "stages in the wrong order: $stages"
# Print styles are there.
expect_in '@media print' "$html"

# A screenshot that is not blank: far larger than one of an empty page.
printf '<!DOCTYPE html><html><body></body></html>' > "$T/blank.html"
chrome --screenshot="$T/blank.png" --window-size=1280,900 "file://$T/blank.html" >/dev/null 2>&1
[ "$(stat -c %s "$T/report-1280.png")" -gt $(( 5 * $(stat -c %s "$T/blank.png") )) ] || die "the screenshot looks blank"
expect_status 0 "$KAM" report --db "$db" --run 1 -o "$T/first.html"
expect_in "This is the first successful run" "$T/first.html"
expect_status 2 "$KAM" report --db "$db" --run 9 -o "$T/nine.html"
expect_in "has no successful run 9" "$T/err"
