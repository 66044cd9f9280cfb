# kam against SQLite (tests/difftest): 200 generated programs, each a fresh
# database with untidy cells and keys of mixed declared and stored types,
# and random outputs over every operator, built-in and aggregate; every
# output of every account must equal what SQLite computes.  A failure
# prints the seed, the account, the expression and both values; the cases
# are kept in $T/out (make difftest SEEDS=N reruns more, with shrinking).
. tests/cli_lib.sh
[ -n "${DIFFTEST:-}" ] || { echo "DIFFTEST is not set (run through make test)"; exit 1; }
"$DIFFTEST" --kam "$KAM" --seeds "${DIFFTEST_SEEDS:-200}" --out "$T/out" >"$T/report" 2>&1
status=$?
[ $status -eq 0 ] || { head -30 "$T/report"; tail -1 "$T/report"; die "kam disagrees with SQLite (difftest exit $status)"; }
