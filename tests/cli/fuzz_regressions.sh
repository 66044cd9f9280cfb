# Inputs the fuzzers once crashed kam with (tests/fuzz/regressions): every
# command that reads rules must answer them with diagnostics, not a signal.
. tests/cli_lib.sh
count=0
for f in tests/fuzz/regressions/*.kam; do
  for cmd in check fmt test; do
    timeout 30 "$KAM" $cmd "$f" >/dev/null 2>&1; status=$?
    [ $status -le 1 ] || die "kam $cmd $f: exit $status"
  done
  count=$((count + 1))
done
[ $count -gt 0 ] || die "no regression inputs"
