#!/usr/bin/env bash
# The kam test runner: every test as data, one line per test, and a last
# line "N passed, M failed".  Usage: tests/run.sh [KAM_BINARY]
#
#   tests/unit/*      C unit tests, built by make (passed in as $UNIT_BINS)
#   tests/diag/X.kam  `kam check X.kam` must print X.expected and exit as X.status
#   tests/eval/X.kam  rules, X.sql the fixture; `kam run --dry-run --format jsonl`
#                     must print X.expected; X.query (SQL over the stored run)
#                     must print X.query.expected
#   tests/cli/*.sh    shell tests of the command line, exit 0 = pass
set -u
shopt -s nullglob
cd "$(dirname "$0")/.."
KAM=${1:-./kam}
KAM=$(cd "$(dirname "$KAM")" && pwd)/$(basename "$KAM")
export KAM NO_COLOR=1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0 skipped=0

pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/      /' | head -40; }

# Unit tests (binaries built by make).
for bin in ${UNIT_BINS:-}; do
  if out=$("$bin" 2>&1); then pass "unit $(basename "$bin")"; else fail "unit $(basename "$bin")" "$out"; fi
done

# Diagnostics: golden output of kam check.
for kam_file in tests/diag/*.kam; do
  name=${kam_file%.kam}
  want_status=$(cat "$name.status" 2>/dev/null || echo 1)
  got=$("$KAM" check "$kam_file" 2>&1); status=$?
  if [ "$status" != "$want_status" ]; then
    fail "diag $(basename "$name")" "exit $status, expected $want_status"$'\n'"$got"
  elif ! diff_out=$(diff <(printf '%s\n' "$got") "$name.expected"); then
    fail "diag $(basename "$name")" "$diff_out"
  else
    pass "diag $(basename "$name")"
  fi
done

# Evaluation cases on SQLite fixtures.
for kam_file in tests/eval/*.kam; do
  name=${kam_file%.kam}; base=$(basename "$name")
  db="$WORK/$base.db"
  rm -f "$db"
  if ! sqlite3 "$db" < "$name.sql" 2>"$WORK/err"; then fail "eval $base" "fixture: $(cat "$WORK/err")"; continue; fi
  as_of=$(sed -n 's/^# as-of: *//p' "$kam_file" | head -1)
  got=$("$KAM" run --db "$db" --as-of "${as_of:-2026-06-30}" --dry-run --format jsonl "$kam_file" 2>"$WORK/err")
  status=$?
  if [ $status -ne 0 ]; then fail "eval $base" "exit $status: $(cat "$WORK/err")"; continue; fi
  if ! diff_out=$(diff <(printf '%s\n' "$got") "$name.expected"); then fail "eval $base" "$diff_out"; continue; fi
  if [ -f "$name.query" ]; then
    if ! "$KAM" run --db "$db" --as-of "${as_of:-2026-06-30}" "$kam_file" >/dev/null 2>"$WORK/err"; then
      fail "eval $base (stored)" "$(cat "$WORK/err")"; continue
    fi
    if ! diff_out=$(diff <(sqlite3 "$db" < "$name.query" 2>&1) "$name.query.expected"); then
      fail "eval $base (stored)" "$diff_out"; continue
    fi
  fi
  pass "eval $base"
done

# Command-line tests.  SLOW_TESTS=skip (make valgrind only) leaves out the
# load tests, whose first line says "# slow".
for script in tests/cli/*.sh; do
  if [ "${SLOW_TESTS:-}" = skip ] && head -1 "$script" | grep -q '^# slow'; then
    skipped=$((skipped + 1)); printf 'skip  %s: a load test (run by make test)\n' "$(basename "$script" .sh)"; continue
  fi
  out=$(WORK="$WORK" bash "$script" 2>&1); status=$?
  if [ $status -eq 0 ]; then pass "cli $(basename "$script" .sh)"
  elif [ $status -eq 77 ]; then skipped=$((skipped + 1)); printf 'skip  %s: %s\n' "$(basename "$script" .sh)" "$(printf '%s' "$out" | tail -1)"
  else fail "cli $(basename "$script" .sh)" "$out"; fi
done

if [ $skipped -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
[ $failed -eq 0 ]
