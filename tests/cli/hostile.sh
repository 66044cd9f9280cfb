# Hostile rule files: each gets located diagnostics and exit 1, never a
# signal, a hang or a crash (the suite also runs this under ASan+UBSan).
. tests/cli_lib.sh
located() {   # FILE: kam check must exit 1 within 30 s with FILE:LINE:COL: error:
  timeout 30 "$KAM" check "$1" >"$T/out" 2>"$T/err"; status=$?
  [ $status -eq 1 ] || die "$(basename "$1"): exit $status, expected 1; $(head -c 300 "$T/err")"
  grep -qE "^$1:[0-9]+:[0-9]+: error: " "$T/err" || die "$(basename "$1"): no located error: $(head -c 300 "$T/err")"
}
repeat() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
{ printf 'entity a from t key id\nlet x = '; repeat '(' 10000; printf 1; repeat ')' 10000; echo; } > "$T/parens.kam"
located "$T/parens.kam"
expect_in "nested more than 200 deep" "$T/err"
{ printf 'entity a from t key id\nlet x = '; repeat '- ' 10000; echo 1; } > "$T/minus.kam"
located "$T/minus.kam"
{ printf 'entity a from t key id\nlet x = '; repeat 'not ' 10000; echo true; } > "$T/nots.kam"
located "$T/nots.kam"
{ printf 'entity a from t key id\nlet x = 1'; repeat ' + 1' 50000; echo; } > "$T/long_sum.kam"
located "$T/long_sum.kam"
expect_in "more than 1000 levels deep" "$T/err"
# A 5 MB file: 100,000 good declarations, then one mistake on its last line.
{ echo 'entity a from t key id'; awk 'BEGIN { for (i = 0; i < 100000; i++) printf "let v%d = v%d + %d * 2  # padding to make the file big enough\n", i, i + 1, i }';
  echo 'let v100000 = 1'; echo 'let broken = (1 +'; } > "$T/big.kam"
[ "$(wc -c < "$T/big.kam")" -gt 5000000 ] || die "big.kam is under 5 MB"
located "$T/big.kam"
expect_in "big.kam:100003:" "$T/err"
printf 'entity a from t key id\nlet caf\xe9 = 1\n' > "$T/latin1_name.kam"
located "$T/latin1_name.kam"
expect_in "invalid UTF-8" "$T/err"
printf 'entity a from t key id\nlet s = "\xff\xfe"\n' > "$T/bad_utf8_string.kam"
located "$T/bad_utf8_string.kam"
printf 'entity a from t key id\n# comment \xc3\x28 here\nlet a = 1\n' > "$T/bad_utf8_comment.kam"
located "$T/bad_utf8_comment.kam"
printf 'entity a from t key id\nlet a = 1 \0 2\n' > "$T/nul.kam"
located "$T/nul.kam"
expect_in "unexpected character 0x00" "$T/err"
head -c 300000 "$(command -v sqlite3)" > "$T/binary.kam"
located "$T/binary.kam"
: > "$T/empty.kam"
located "$T/empty.kam"
expect_in "declares no entity" "$T/err"
printf 'entity a from t key id\nlet n = 99999999999999999999\n' > "$T/overflow.kam"
located "$T/overflow.kam"
expect_in "does not fit in 64 bits" "$T/err"
printf 'entity a from t key id\nlet n = 9223372036854775807\nlet m = 9223372036854775808\n' > "$T/edge.kam"
located "$T/edge.kam"
expect_in "edge.kam:3:9: error: integer 9223372036854775808 does not fit in 64 bits" "$T/err"
printf 'entity a from t key id\nalert x severity low when true message "unterminated\n' > "$T/string.kam"
located "$T/string.kam"
expect_in "unterminated string" "$T/err"
printf 'entity a from t key id\nlet b = 1 # a comment at the end, no newline' > "$T/comment.kam"
expect_status 0 "$KAM" check "$T/comment.kam"
printf 'entity a from t key id\nlet a = "\\u{110000}"\nlet b = "\\u{D800}"\n' > "$T/escapes.kam"
located "$T/escapes.kam"
# The same files through the other commands that read rules.
for f in parens binary nul empty big; do
  timeout 30 "$KAM" test "$T/$f.kam" >/dev/null 2>&1; [ $? -eq 1 ] || die "test $f.kam"
  [ $f = empty ] && continue   # an empty file is already in canonical form
  timeout 30 "$KAM" fmt "$T/$f.kam" >/dev/null 2>&1; [ $? -eq 1 ] || die "fmt $f.kam"
done
# A chain of 20,000 lets, each shallow: refused by every command that checks
# (evaluation would recurse through all of them), never a crash.  A chain
# within the limit runs, on threads too.
{ echo 'entity account from accounts key id'; echo 'output o = l19999'; echo 'let l0 = 1';
  awk 'BEGIN { for (i = 1; i < 20000; i++) printf "let l%d = l%d + 1\n", i, i - 1 }'; } > "$T/chain.kam"
located "$T/chain.kam"
expect_in "levels deep" "$T/err"
sqlite3 "$T/chain.db" "CREATE TABLE accounts (id INTEGER PRIMARY KEY);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO accounts SELECT i FROM n;"
for cmd in "run --dry-run" "explain --account 1" "diff $T/chain.kam"; do
  timeout 60 "$KAM" $cmd --db "$T/chain.db" "$T/chain.kam" >/dev/null 2>&1; s=$?
  [ $s -eq 1 ] || die "$cmd on a 20,000-let chain: exit $s, expected 1"
done
{ echo 'entity account from accounts key id'; echo 'output o = l1400'; echo 'let l0 = 1';
  awk 'BEGIN { for (i = 1; i <= 1400; i++) printf "let l%d = l%d + 1\n", i, i - 1 }'; } > "$T/chain_ok.kam"
expect_status 0 timeout 120 "$KAM" run --db "$T/chain.db" --jobs 2 --format jsonl "$T/chain_ok.kam"
expect_in '"o":1401' "$T/out"
exit 0
