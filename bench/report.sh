#!/usr/bin/env bash
# bench/report.sh -- the size and time of kam report on a large book.
#
#   bench/report.sh [--accounts N] [--no-build]
#
# Generates N accounts (default 100000, seed 1) with build/kamgen, runs the
# shipped pack twice (two as-of dates, so the page compares two runs), then
# prints: the alerts stored, the time kam report takes (median of 3), the
# page's size, and the time headless Chromium takes to load it and write its
# DOM (when chromium is installed), so a page of ~100,000 alerts is shown to
# stay quick.  Work files go to bench/data/report-N.*.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
n=100000
build=1
while [ $# -gt 0 ]; do
  case $1 in
    --accounts) n=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
[ $build = 0 ] || make -s kam build/kamgen
mkdir -p bench/data
db=bench/data/report-$n.db
html=bench/data/report-$n.html
rm -f "$db"
build/kamgen --out "$db" --accounts "$n" --seed 1 2>/dev/null
./kam run --db "$db" --as-of 2026-10-27 rules/key_accounts >/dev/null
./kam run --db "$db" --as-of 2026-11-27 rules/key_accounts >/dev/null
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { print e - s }'; }
times=()
for _ in 1 2 3; do times+=("$(seconds ./kam report --db "$db" -o "$html")"); done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
alerts=$(sqlite3 "$db" "SELECT alerts FROM kam_runs ORDER BY run_id DESC LIMIT 1")
printf 'accounts        %s\n' "$n"
printf 'alerts          %s (latest run)\n' "$alerts"
printf 'kam report      %.2f s (median of 3)\n' "$median"
printf 'page size       %s bytes\n' "$(stat -c %s "$html")"
if command -v chromium >/dev/null; then
  load=$(seconds timeout 300 chromium --headless --no-sandbox --disable-gpu --user-data-dir="bench/data/chromium" \
         --dump-dom "file://$ROOT/$html")
  printf 'chromium load   %.2f s (headless, --dump-dom)\n' "$load"
fi
