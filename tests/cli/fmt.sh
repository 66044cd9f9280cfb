# kam fmt: the golden layout with comments in every position; fmt(fmt(x))
# == fmt(x) for every rule file in the repository; the formatted program
# gives the same results; --check and -w.
. tests/cli_lib.sh
expect_status 0 "$KAM" fmt tests/fmt/comments.kam
diff "$T/out" tests/fmt/comments.expected || die "fmt layout differs from tests/fmt/comments.expected"
[ "$(grep -c '#' tests/fmt/comments.kam)" = "$(grep -c '#' "$T/out")" ] || die "a comment was lost"
# A comment kept inside a broken expression never swallows code: without
# its comments the formatted file is the same program as the source.
sed 's/#.*//' tests/fmt/comments.kam > "$T/bare_in.kam"
sed 's/#.*//' "$T/out" > "$T/bare_out.kam"
"$KAM" fmt "$T/bare_in.kam" > "$T/bare_in.fmt" || die "fmt of the bare source"
"$KAM" fmt "$T/bare_out.kam" > "$T/bare_out.fmt" || die "fmt of the bare formatted file"
cmp -s "$T/bare_in.fmt" "$T/bare_out.fmt" || die "comments changed the program: $(diff "$T/bare_in.fmt" "$T/bare_out.fmt" | head)"
# Comments inside expressions: the line breaks they force, where they stand.
printf 'let x = case when a then 1   # big
            when b then 2   # small
            else 3 end
' > "$T/case.kam"
expect_status 0 "$KAM" fmt "$T/case.kam"
[ "$(sed -n 2p "$T/out")" = "          when a then 1  # big" ] || die "a case branch lost its comment: $(cat "$T/out")"
[ "$(sed -n 3p "$T/out")" = "          when b then 2  # small" ] || die "a case branch lost its comment: $(cat "$T/out")"
printf 'tiering t {
  tier S when a >= 1   # first
         and b >= 2   # second
  tier B otherwise
}
' > "$T/tier.kam"
expect_status 0 "$KAM" fmt "$T/tier.kam"
[ "$(sed -n 2p "$T/out")" = "  tier S when a >= 1  # first" ] || die "a tier condition line lost its comment: $(cat "$T/out")"
[ "$(sed -n 3p "$T/out")" = "              and b >= 2  # second" ] || die "a tier condition line lost its comment: $(cat "$T/out")"
# A comment that has no line break to end stays on its element's line.
printf 'let x = -(a   # inside
  ) + 1
let y = previous(a   # inside
  )
' > "$T/stuck.kam"
expect_status 0 "$KAM" fmt "$T/stuck.kam"
[ "$(cat "$T/out")" = "$(printf 'let x = -a +  # inside\n        1\nlet y = previous(a)  # inside')" ] || die "a comment left its line: $(cat "$T/out")"
files=$(ls rules/key_accounts/*.kam rules/examples/*/*.kam tests/eval/*.kam tests/fixtures/*.kam tests/fmt/*.kam ../shared/spec/example/*.kam 2>/dev/null)
for f in $files; do
  "$KAM" fmt "$f" > "$T/once.kam" 2>"$T/err" || die "fmt $f: $(cat "$T/err")"
  "$KAM" fmt "$T/once.kam" > "$T/twice.kam" 2>"$T/err" || die "fmt of formatted $f: $(cat "$T/err")"
  cmp -s "$T/once.kam" "$T/twice.kam" || die "fmt is not idempotent on $f: $(diff "$T/once.kam" "$T/twice.kam" | head)"
done
# The same program: every evaluation case gives the same results formatted.
for kam_file in tests/eval/*.kam; do
  name=${kam_file%.kam}
  db="$T/$(basename "$name").db"
  sqlite3 "$db" < "$name.sql" || die "fixture $name"
  as_of=$(sed -n 's/^# as-of: *//p' "$kam_file" | head -1)
  "$KAM" fmt "$kam_file" > "$T/formatted.kam"
  "$KAM" run --db "$db" --as-of "${as_of:-2026-06-30}" --dry-run --format jsonl "$T/formatted.kam" > "$T/got" 2>/dev/null
  diff -q "$T/got" "$name.expected" >/dev/null || die "formatting changed the results of $kam_file"
done
# The shipped pack is in canonical form, and the formatted example runs the same.
expect_status 0 "$KAM" fmt --check rules
if [ -f ../shared/spec/example/key_accounts.kam ] && [ -n "${KAMGEN:-}" ]; then
  "$KAMGEN" --out "$T/demo.db" --accounts 500 --seed 3 2>/dev/null || die kamgen
  "$KAM" fmt ../shared/spec/example/key_accounts.kam > "$T/example.kam"
  "$KAM" run --db "$T/demo.db" --as-of 2026-11-27 --dry-run --format jsonl ../shared/spec/example/key_accounts.kam > "$T/a" 2>/dev/null
  "$KAM" run --db "$T/demo.db" --as-of 2026-11-27 --dry-run --format jsonl "$T/example.kam" > "$T/b" 2>/dev/null
  cmp -s "$T/a" "$T/b" || die "formatting the example changed its results"
fi
# A metric value broken over lines keeps two spaces before its scale, and
# does not push the other metrics' scales right.
printf 'scorecard h {\n  perspective p {\n    metric a = x scale 0 .. 1\n    metric m = case when a then 1   # one\n      else 2 end scale 0 .. 1\n    metric n = sum(deals.amount where deals.stage = "won" and deals.closed_on >= as_of - 12 months and deals.amount > 10) scale 0 .. 1\n  }\n}\n' > "$T/metric.kam"
expect_status 0 "$KAM" fmt "$T/metric.kam"
expect_in "    metric a = x  scale 0 .. 1" "$T/out"
expect_in "               end  scale 0 .. 1" "$T/out"
expect_in "and deals.amount > 10)  scale 0 .. 1" "$T/out"
# --check names the files that differ and exits 1; -w rewrites them.
cp tests/fmt/comments.kam "$T/messy.kam"
expect_status 1 "$KAM" fmt --check "$T/messy.kam"
expect_in "$T/messy.kam" "$T/out"
expect_status 0 "$KAM" fmt -w "$T/messy.kam"
cmp -s "$T/messy.kam" tests/fmt/comments.expected || die "-w did not write the canonical form"
expect_status 0 "$KAM" fmt --check "$T/messy.kam"
# A file that does not parse is reported and left alone.
printf 'let = 1\n' > "$T/broken.kam"
expect_status 1 "$KAM" fmt -w "$T/broken.kam"
[ "$(cat "$T/broken.kam")" = "let = 1" ] || die "fmt -w changed a file that does not parse"
# A directory with one broken file: nothing in it is rewritten, and it says so.
mkdir -p "$T/dir"
printf 'entity a from t key id\nlet   x=1\n' > "$T/dir/a.kam"
printf 'let y = (1 +\n' > "$T/dir/b.kam"
expect_status 1 "$KAM" fmt -w "$T/dir"
[ "$(cat "$T/dir/a.kam")" = "$(printf 'entity a from t key id\nlet   x=1')" ] || die "fmt -w DIR rewrote a file beside a broken one"
expect_in "1 file cannot be formatted (errors above): nothing was written" "$T/err"
# A string's spaces are its value: fmt keeps them, in rules and test rows.
printf 'entity a from t key id\nlet s = "a  b   c"\ntest "t" {\n  t { id: 1, name: "x   y" }\n  expect s = "a  b   c"\n}\n' > "$T/spaces.kam"
expect_status 0 "$KAM" fmt "$T/spaces.kam"
expect_in 'let s = "a  b   c"' "$T/out"
expect_in 'name: "x   y"' "$T/out"
exit 0
