#!/usr/bin/env bash
# bench/run.sh -- kam against hand-written SQL on the same database.
#
#   bench/run.sh [--accounts N]... [--reps R] [--quick] [--rules DIR] [--no-build]
#                [--no-untidy] [--strict] [--keep]
#
# For each size N (default: 100000 and 1000000) it generates bench/data/bench-N-groups.db
# with build/kamgen (seed 1) once (again when demo/ changed), keeps it pristine and copies it before every
# timed run, then, for the example rule set and for the shipped pack (the .kam
# files in rules/key_accounts/, or in rules/ when there is no such directory):
#   - times `kam run --db DB --as-of 2026-11-27 RULES` (writing results) and
#     `sqlite3 DB < bench/{example,rules}.sql` R times each (default 3), taking
#     medians and peak RSS (/usr/bin/time -f %M);
#   - checks that the timed kam run and the timed SQL run agree on every result row
#     (bench/compare.sql) -- any mismatch makes the script exit 1;
#   - times `kam run --dry-run` and the scan floor (bench/floor_*.sql: sqlite3 only
#     reading the columns the rules read), `kam diff` against a copy of the rules
#     with one threshold changed, and `kam explain` of one account (median of 5);
# and, once, `kam check` of a generated 10,000-line rule set (median of 5).  It also
# checks agreement on a small database with extra untidy values (bench/untidy.sql).
# A table of medians, RSS and ratios against the targets (PASS/MISS) is printed and
# saved in bench/data/last-run.txt.
#
# --quick       one size, 20000 accounts, one repetition (a smoke run)
# --reps R      repetitions of every timed command (default 3; explain and check: 5)
# --rules DIR   where the shipped pack is (its .kam files directly in DIR)
# --no-build    do not run make first
# --no-untidy   skip the agreement check on planted untidy data
# --strict      exit 2 when a target is missed (mismatches always exit 1)
# --keep        keep the work copies in bench/data (work-*.db)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH=bench
DATA=bench/data
KAM=./kam
KAMGEN=build/kamgen
AS_OF=2026-11-27          # also written at the top of bench/example.sql and bench/rules.sql
SEED=1
EXAMPLE=${KAM_EXAMPLE:-../shared/spec/example/key_accounts.kam}
# The shipped pack: the .kam files directly in this directory (--rules, KAM_RULES).
if [ -n "${KAM_RULES:-}" ]; then RULES=$KAM_RULES
elif [ -d rules/key_accounts ]; then RULES=rules/key_accounts
else RULES=rules; fi

sizes=()
reps=3
reps_small=5
build=1
untidy=1
strict=0
keep=0
quick=0

usage() { sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
  case $1 in
    --accounts) [ $# -ge 2 ] || usage 2; sizes+=("$2"); shift 2 ;;
    --accounts=*) sizes+=("${1#*=}"); shift ;;
    --reps) [ $# -ge 2 ] || usage 2; reps=$2; reps_small=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --rules) [ $# -ge 2 ] || usage 2; RULES=${2%/}; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-untidy) untidy=0; shift ;;
    --strict) strict=1; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown option '$1'" >&2; usage 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  [ ${#sizes[@]} -gt 0 ] || sizes=(20000)
  reps=1; reps_small=1
fi
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
for n in "${sizes[@]}"; do
  case $n in ''|*[!0-9]*) echo "run.sh: --accounts needs a number, not '$n'" >&2; exit 2 ;; esac
done
case $reps in ''|*[!0-9]*|0) echo "run.sh: --reps needs a positive number" >&2; exit 2 ;; esac

# --- tools -------------------------------------------------------------------------
command -v sqlite3 >/dev/null || { echo "run.sh: sqlite3 is needed (apt-get install sqlite3)" >&2; exit 3; }
if [ ! -x /usr/bin/time ]; then
  echo "run.sh: /usr/bin/time is missing; installing the 'time' package" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y time >/dev/null; else sudo apt-get install -y time >/dev/null; fi
fi
[ -f "$EXAMPLE" ] || { echo "run.sh: example rule set not found: $EXAMPLE (set KAM_EXAMPLE)" >&2; exit 3; }
[ -f "$RULES/10_tiering.kam" ] || { echo "run.sh: the shipped pack is not in $RULES/ (use --rules DIR)" >&2; exit 3; }
if [ "$build" = 1 ]; then make -s kam "$KAMGEN"; fi
[ -x "$KAM" ] && [ -x "$KAMGEN" ] || { echo "run.sh: build ./kam and $KAMGEN first (make)" >&2; exit 3; }

mkdir -p "$DATA"
TMP=$(mktemp -d)
cleanup() {
  rm -rf "$TMP"
  if [ "$keep" = 0 ]; then rm -f "$DATA"/work-kam.db "$DATA"/work-sql.db "$DATA"/work-dry.db "$DATA"/work-untidy*.db; fi
}
trap cleanup EXIT

exec > >(tee "$DATA/last-run.txt") 2>&1

# --- helpers -----------------------------------------------------------------------

# timed IN CMD...: runs CMD with stdin from IN (stdout to $TMP/out), sets T (seconds)
# and M (peak RSS, KiB); a failing command stops the benchmark.
timed() {
  local in=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  if ! /usr/bin/time -f '%M' -o "$TMP/rss" "$@" < "$in" > "$TMP/out" 2> "$TMP/err"; then
    echo "run.sh: FAILED: $*" >&2
    sed -n '1,20p' "$TMP/err" >&2
    exit 1
  fi
  t1=$(date +%s.%N)
  T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
  M=$(tail -n 1 "$TMP/rss")
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
secs() { awk -v t="$1" 'BEGIN { printf "%.3f s", t }'; }
msecs() { awk -v t="$1" 'BEGIN { printf "%.1f ms", t * 1000 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
verdict() { awk -v x="$1" -v op="$2" -v lim="$3" 'BEGIN { ok = (op == "<=") ? (x <= lim) : (x < lim); print ok ? "PASS" : "MISS" }'; }
thousands() { printf '%s' "$1" | rev | sed 's/\([0-9]\{3\}\)/\1,/g; s/,$//' | rev; }

misses=0
mismatch=0
row() {   # row LABEL KAM OTHER RATIO TARGET VERDICT
  printf '  %-40s %11s %12s %7s  %-10s %s\n' "$1" "$2" "$3" "$4" "$5" "$6"
  if [ "$6" = MISS ]; then misses=$((misses + 1)); fi
}

# The pristine database of N accounts, generated once.  The group workload: the
# shipped pack decides tier S by customer group (group_id); besides the parent
# trees (groups of 2 to 5), one conglomerate of about 300 accounts per 20,000.
big_groups() { local k=$(($1 / 20000)); [ "$k" -ge 1 ] || k=1; echo "$k"; }
pristine() {
  local n=$1 db=$DATA/bench-$1-groups.db
  # Made again when the generator's sources or schema changed since (not
  # merely kamgen relinked): figures must be of today's data.
  if [ ! -f "$db" ] || [ -n "$(find demo rules/key_accounts/schema.sql -newer "$db" 2>/dev/null | head -1)" ]; then
    echo "  (generating $db: $n accounts, seed $SEED, --big-groups $(big_groups "$n"))" >&2
    if ! "$KAMGEN" --out "$DATA/bench-$n.tmp.db" --accounts "$n" --seed "$SEED" \
         --big-groups "$(big_groups "$n")" --force > "$TMP/gen" 2>&1; then
      cat "$TMP/gen" >&2
      exit 3
    fi
    mv "$DATA/bench-$n.tmp.db" "$db"
  fi
  echo "$db"
}

# The rule sets, as snapshots taken now (so that edits made while the benchmark
# runs do not change what is measured): the example rule set, and the shipped pack
# as the .kam files directly in $RULES/ (the pack is one rule set made of those);
# and copies of both with one threshold changed, for kam diff.
rm -rf "$DATA/ruleset" "$DATA/changed"
mkdir -p "$DATA/ruleset/example" "$DATA/ruleset/rules" "$DATA/changed/example" "$DATA/changed/rules"
cp "$EXAMPLE" "$DATA/ruleset/example/key_accounts.kam"
cp "$RULES"/*.kam "$DATA/ruleset/rules/"
nested=$(find "$RULES" -mindepth 2 -name '*.kam' | sort | tr '\n' ' ')
if [ -n "$nested" ]; then
  echo "note: .kam files below subdirectories of $RULES/ are not part of the pack measured: $nested" >&2
fi
ruleset_path() { if [ "$1" = example ]; then echo "$DATA/ruleset/example/key_accounts.kam"; else echo "$DATA/ruleset/rules"; fi; }
sed 's/^\( *tier B "Focus" *when won_12m + pipeline >= \)500万/\1400万/' "$EXAMPLE" \
  > "$DATA/changed/example/key_accounts.kam"
cp "$RULES"/*.kam "$DATA/changed/rules/"
sed 's/^\( *tier B "Growth focus" *when deal_size >= \)500万/\1400万/' "$RULES/10_tiering.kam" \
  > "$DATA/changed/rules/10_tiering.kam"
if cmp -s "$EXAMPLE" "$DATA/changed/example/key_accounts.kam" \
   || cmp -s "$RULES/10_tiering.kam" "$DATA/changed/rules/10_tiering.kam"; then
  echo "run.sh: could not change the tier B threshold (500万 -> 400万) in a copy of the rules" >&2
  exit 3
fi
changed_path() { if [ "$1" = example ]; then echo "$DATA/changed/example/key_accounts.kam"; else echo "$DATA/changed/rules"; fi; }

# compare KAMDB SQLDB: the latest kam run in KAMDB against the sql_* tables of SQLDB.
# Prints the per-table counts and examples; adds the mismatches to $mismatch.
compare() {
  local kdb=$1 sdb=$2 label=$3 out n
  out=$( { if [ "$sdb" != "$kdb" ]; then echo "ATTACH '$sdb' AS sqlside;"; fi; cat "$BENCH/compare.sql"; } \
         | sqlite3 -bail "$kdb" ) || { echo "run.sh: compare failed" >&2; exit 1; }
  n=$(printf '%s\n' "$out" | awk -F'|' '$1 == "mismatches" { print $2 }')
  [ -n "$n" ] || { echo "run.sh: compare printed no result" >&2; exit 1; }
  local counts
  counts=$(printf '%s\n' "$out" | awk -F'|' '$1 == "table" { printf "%s%s %s", sep, $2, $3; sep = ", " }')
  if [ "$n" = 0 ]; then
    printf '  %-40s %s\n' "agreement ($label)" "OK: every row agrees ($counts rows)"
  else
    printf '  %-40s %s\n' "agreement ($label)" "FAIL: $n mismatches"
    printf '%s\n' "$out" | awk -F'|' '$1 == "table" && ($5 + $6 > 0 || $3 != $4) {
        printf "    %-8s kam %s rows, sql %s rows, only in kam %s, only in sql %s\n", $2, $3, $4, $5, $6 }
      $1 == "example" { line = $4; for (i = 5; i <= NF; i++) line = line "|" $i;
        printf "    %-8s %-3s %s\n", $2, $3, line }'
    mismatch=$((mismatch + n))
  fi
  printf '%s\n' "$out" | awk -F'|' '$1 == "note" && $4 > 0 {
      printf "    note: %s %s values equal as numbers but INTEGER in one, REAL in the other\n", $4, $3 }'
}

# --- header ------------------------------------------------------------------------
echo "kam benchmark: kam against hand-written SQL (bench/README.md)"
echo "  kam $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet -- engine grammar include 2>/dev/null || echo ' (+ uncommitted engine changes)'),"\
     "sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(nproc) cores, as of $AS_OF"
echo "  sizes: ${sizes[*]}; $reps run(s) of each timed command (explain, check: $reps_small), medians"
echo

declare -A RUN_RSS DIFF_RSS   # "ruleset size" -> peak RSS of kam run / kam diff (KiB)

# --- per size ----------------------------------------------------------------------
for n in "${sizes[@]}"; do
  db=$(pristine "$n")
  size_mib=$(du -m "$db" | cut -f1)
  echo "== $(thousands "$n") accounts: $db (${size_mib} MiB) =="
  echo "  groups: $(sqlite3 "$db" "SELECT count(*) || ' shared (' || sum(n) || ' accounts), the largest ' || max(n)
                                  FROM (SELECT count(*) AS n FROM accounts WHERE group_id IS NOT NULL
                                        GROUP BY group_id HAVING n > 1)"); the other accounts alone"
  printf '  %-40s %11s %12s %7s  %-10s %s\n' "measure" "kam" "baseline" "ratio" "target" "verdict"
  work_kam=$DATA/work-kam.db
  work_sql=$DATA/work-sql.db
  work_dry=$DATA/work-dry.db
  cp "$db" "$work_dry"
  account=$(sqlite3 "$work_dry" "SELECT id FROM accounts ORDER BY id LIMIT 1 OFFSET $((n / 2))")

  for rs in example rules; do
    rules_path=$(ruleset_path "$rs")
    if [ "$rs" = example ]; then src=$EXAMPLE; else src="$RULES/*.kam"; fi
    echo "  -- $rs rule set: $src (as $rules_path)"
    kt=(); km=(); st=(); sm=()
    for ((r = 1; r <= reps; r++)); do
      cp "$db" "$work_kam"
      timed /dev/null "$KAM" run --db "$work_kam" --as-of "$AS_OF" "$rules_path"
      kt+=("$T"); km+=("$M")
      cp "$db" "$work_sql"
      timed "$BENCH/$rs.sql" sqlite3 "$work_sql"
      st+=("$T"); sm+=("$M")
    done
    k_med=$(median "${kt[@]}"); s_med=$(median "${st[@]}")
    k_rss=$(maxof "${km[@]}"); s_rss=$(maxof "${sm[@]}")
    RUN_RSS["$rs $n"]=$k_rss
    r_run=$(ratio "$k_med" "$s_med")
    row "run, writing results (vs SQL)" "$(secs "$k_med")" "$(secs "$s_med")" "${r_run}x" "<= 1.0x" \
        "$(verdict "$r_run" "<=" 1.0)"
    row "peak RSS of the run (vs SQL)" "$(mib "$k_rss")" "$(mib "$s_rss")" "$(ratio "$k_rss" "$s_rss")x" \
        "<= 64 MiB" "$(verdict "$k_rss" "<=" 65536)"
    compare "$work_kam" "$work_sql" "timed runs"

    dt=(); dm=(); ft=(); fm=()
    for ((r = 1; r <= reps; r++)); do
      timed /dev/null "$KAM" run --dry-run --db "$work_dry" --as-of "$AS_OF" "$rules_path"
      dt+=("$T"); dm+=("$M")
      timed "$BENCH/floor_$rs.sql" sqlite3 "$work_dry"
      ft+=("$T"); fm+=("$M")
    done
    d_med=$(median "${dt[@]}"); f_med=$(median "${ft[@]}")
    r_dry=$(ratio "$d_med" "$f_med")
    row "dry run (vs scan floor)" "$(secs "$d_med")" "$(secs "$f_med")" "${r_dry}x" "<= 2.0x" \
        "$(verdict "$r_dry" "<=" 2.0)"

    xt=(); xm=()
    for ((r = 1; r <= reps; r++)); do
      timed /dev/null "$KAM" diff --db "$work_dry" --as-of "$AS_OF" "$rules_path" "$(changed_path "$rs")"
      xt+=("$T"); xm+=("$M")
    done
    x_med=$(median "${xt[@]}")
    # The target compares diff with one run (kam run, writing its results);
    # the ratio to a dry run is shown too: diff evaluates two rule sets on one
    # thread, a dry run one rule set on all cores.
    r_diff=$(ratio "$x_med" "$k_med")
    row "diff, one threshold (vs kam run)" "$(secs "$x_med")" "$(secs "$k_med")" "${r_diff}x" "<= 2.5x" \
        "$(verdict "$r_diff" "<=" 2.5)"
    printf '  %-40s %s\n' "" "($(ratio "$x_med" "$d_med")x the dry run)"

    et=(); em=()
    for ((r = 1; r <= reps_small; r++)); do
      timed /dev/null "$KAM" explain --db "$work_dry" --account "$account" --as-of "$AS_OF" "$rules_path"
      et+=("$T"); em+=("$M")
    done
    e_med=$(median "${et[@]}")
    row "explain account $account" "$(msecs "$e_med")" "" "" "< 50 ms" "$(verdict "$e_med" "<" 0.050)"
    d_rss=$(maxof "${dm[@]}"); x_rss=$(maxof "${xm[@]}"); e_rss=$(maxof "${em[@]}")
    o_rss=$(maxof "$d_rss" "$x_rss" "$e_rss")
    DIFF_RSS["$rs $n"]=$x_rss
    row "peak RSS of dry run, diff, explain" "$(mib "$o_rss")" "" "" "<= 64 MiB" "$(verdict "$o_rss" "<=" 65536)"
    printf '  %-40s %s\n' "" "(dry run $(mib "$d_rss"), diff $(mib "$x_rss"), explain $(mib "$e_rss"); scan floor $(mib "$(maxof "${fm[@]}")"))"
  done
  if [ "$(sqlite3 "$work_dry" "SELECT count(*) FROM sqlite_master WHERE name GLOB 'kam_*'")" != 0 ]; then
    echo "  WARNING: dry run, diff or explain wrote kam_* tables into the database"
  fi
  rm -f "$work_kam" "$work_sql"
  echo
done

# --- size-independent --------------------------------------------------------------
echo "== independent of the data =="
check_file=$DATA/check-10000.kam
sh "$BENCH/gen_check.sh" 10000 "$check_file"
ct=(); cm=()
for ((r = 1; r <= reps_small; r++)); do
  timed /dev/null "$KAM" check "$check_file"
  ct+=("$T"); cm+=("$M")
done
c_med=$(median "${ct[@]}")
row "check, $(wc -l < "$check_file") lines" "$(msecs "$c_med")" "" "" "< 100 ms" "$(verdict "$c_med" "<" 0.100)"

c_rss=$(maxof "${cm[@]}")
row "peak RSS of check" "$(mib "$c_rss")" "" "" "<= 64 MiB" "$(verdict "$c_rss" "<=" 65536)"

if [ ${#sizes[@]} -ge 2 ]; then
  for what in run diff; do
    for rs in example rules; do
      lo=; hi=
      for n in "${sizes[@]}"; do
        if [ "$what" = run ]; then v=${RUN_RSS["$rs $n"]}; else v=${DIFF_RSS["$rs $n"]}; fi
        if [ -z "$lo" ] || [ "$v" -lt "$lo" ]; then lo=$v; fi
        if [ -z "$hi" ] || [ "$v" -gt "$hi" ]; then hi=$v; fi
      done
      # "the same" at every size: the largest within 10% + 1 MiB of the smallest
      same=$(awk -v lo="$lo" -v hi="$hi" 'BEGIN { print (hi <= lo * 1.10 + 1024) ? "PASS" : "MISS" }')
      row "$what RSS across sizes ($rs)" "$(mib "$hi")" "$(mib "$lo")" "$(ratio "$hi" "$lo")x" \
          "same" "$same"
    done
  done
fi

if [ "$untidy" = 1 ]; then
  small=$(pristine 20000)
  for rs in example rules; do
    cp "$small" "$DATA/work-untidy.db"
    sqlite3 -bail "$DATA/work-untidy.db" < "$BENCH/untidy.sql"
    "$KAM" run --db "$DATA/work-untidy.db" --as-of "$AS_OF" "$(ruleset_path "$rs")" > /dev/null
    sqlite3 -bail "$DATA/work-untidy.db" < "$BENCH/$rs.sql"
    compare "$DATA/work-untidy.db" "$DATA/work-untidy.db" "$rs, planted untidy data"
  done
fi
echo

if [ "$mismatch" != 0 ]; then
  echo "RESULT: FAIL -- kam and the SQL disagree on $mismatch rows (see above)"
  exit 1
fi
if [ "$misses" != 0 ]; then
  echo "RESULT: results agree; $misses target(s) missed"
  [ "$strict" = 0 ] || exit 2
else
  echo "RESULT: results agree; every target met"
fi
