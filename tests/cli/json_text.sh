# JSON output writes text with its length: a NUL byte stored in a text cell
# is \u0000 (not the end of the text), bytes that are not UTF-8 become
# U+FFFD, for run --format jsonl, explain --format json and diff --format
# json alike (diff's lines show a NUL as U+2400).
. tests/cli_lib.sh
db="$T/j.db"
fixture "$db"
# 'A', NUL, 'BC' / 'x', a lone 0xFF, 'y', a truncated 3-byte sequence / valid UTF-8 (é).
# And an overlong NUL, a UTF-16 surrogate and a code point above U+10FFFF,
# each byte of which is one U+FFFD (Unicode's maximal subparts).
sqlite3 "$db" "INSERT INTO accounts (id, name, region, owner, industry) VALUES
  (1, CAST(X'41004243' AS TEXT), CAST(X'78FF79E282' AS TEXT), CAST(X'C3A9' AS TEXT),
   CAST(X'C080EDA080F4908080' AS TEXT));"
cat > "$T/old.kam" <<'KAM'
entity account from accounts key id label name
output who = name
output where_ = region
output owner_ = owner
output odd = industry
KAM
sed 's/^output who = name$/output who = lower(name)/' "$T/old.kam" > "$T/new.kam"
fffd=$'\xef\xbf\xbd'
check_json() {   # check_json FILE: the three cells as JSON, the file valid JSON throughout
  expect_in '"A\u0000BC"' "$1"
  expect_in "\"x${fffd}y${fffd}\"" "$1"
  expect_in $'"\xc3\xa9"' "$1"
  expect_in "\"$fffd$fffd$fffd$fffd$fffd$fffd$fffd$fffd$fffd\"" "$1"
  ! grep -q $'\xff' "$1" || die "a 0xFF byte passed through into $1"
  if command -v python3 >/dev/null; then
    python3 -c 'import json,sys
for line in open(sys.argv[1], encoding="utf-8"): json.loads(line)' "$1" 2>"$T/py" || die "not valid JSON: $(cat "$T/py")"
  fi
}
expect_status 0 "$KAM" run --db "$db" --dry-run --format jsonl --as-of 2026-06-30 "$T/old.kam"
check_json "$T/out"
expect_status 0 "$KAM" explain --db "$db" --account 1 --format json --as-of 2026-06-30 "$T/old.kam"
check_json "$T/out"
expect_in '"label":"A\u0000BC"' "$T/out"
expect_status 0 "$KAM" diff --db "$db" --format json --as-of 2026-06-30 "$T/old.kam" "$T/new.kam"
expect_in $'"1 (A\xe2\x90\x80BC): A\xe2\x90\x80BC -> a\xe2\x90\x80bc"' "$T/out"
python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$T/out" || die "diff: not valid JSON"
