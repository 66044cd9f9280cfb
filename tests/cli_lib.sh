# Helpers for the command-line tests (sourced).  $KAM is the binary under
# test, $WORK a scratch directory.
set -u
T=$(mktemp -d "$WORK/cli.XXXXXX")
die() { echo "FAILED: $*"; exit 1; }
# expect_status N CMD...: runs CMD, checks its exit status, keeps stderr in $T/err
expect_status() {
  local want=$1; shift
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  [ "$got" = "$want" ] || die "'$*' exited $got, expected $want; stderr: $(cat "$T/err")"
}
expect_in() { grep -qF -- "$1" "$2" || die "'$1' not found in $2: $(cat "$2")"; }
fixture() { sqlite3 "$1" < rules/key_accounts/schema.sql || die "schema"; }
