# kam check --strict: each finding located, exit 1; plain check passes the
# same file; the shipped packs and the contract's example are clean.
. tests/cli_lib.sh
expect_status 0 "$KAM" check tests/strict/findings.kam
expect_status 1 "$KAM" check --strict tests/strict/findings.kam
diff "$T/err" tests/strict/findings.expected > "$T/diff" || die "findings differ: $(cat "$T/diff")"
for d in $(find rules -name '*.kam' -printf '%h\n' | sort -u); do
  expect_status 0 "$KAM" check --strict "$d"
done
if [ -d ../shared/spec/example ]; then expect_status 0 "$KAM" check --strict ../shared/spec/example; fi
exit 0
