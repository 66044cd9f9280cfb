# A UTF-8 byte order mark at the very start of a rule file is ignored: the
# file checks and runs as without it, columns on line 1 count from the first
# character after it, and `kam fmt` writes the file without it (--check
# lists a file that has one; -w removes it, once).
. tests/cli_lib.sh
BOM=$'\xEF\xBB\xBF'
rules='entity account from accounts key id
output yes = 1 # 中文 comment
'
printf '%s%s' "$BOM" "$rules" > "$T/bom.kam"
printf '%s' "$rules" > "$T/plain.kam"
expect_status 0 "$KAM" check "$T/bom.kam"

# The same results with and without the mark.
sqlite3 "$T/db" 'CREATE TABLE accounts (id INTEGER PRIMARY KEY); INSERT INTO accounts VALUES (7);' || die sqlite3
expect_status 0 "$KAM" run --db "$T/db" --dry-run --format jsonl "$T/bom.kam"
cp "$T/out" "$T/bom.jsonl"
expect_status 0 "$KAM" run --db "$T/db" --dry-run --format jsonl "$T/plain.kam"
cmp -s "$T/out" "$T/bom.jsonl" || die "results differ with a byte order mark: $(cat "$T/bom.jsonl")"

# Line 1 columns: '@' is the 9th character after the mark.
printf '%slet x = @\nentity account from accounts key id\n' "$BOM" > "$T/col.kam"
expect_status 1 "$KAM" check "$T/col.kam"
expect_in "col.kam:1:9: error: unexpected character '@'" "$T/err"

# fmt prints without the mark, exactly as it formats the file without one.
expect_status 0 "$KAM" fmt "$T/bom.kam"
cp "$T/out" "$T/bom.fmt"
expect_status 0 "$KAM" fmt "$T/plain.kam"
cmp -s "$T/bom.fmt" "$T/out" || die "fmt of a file with a mark differs: $(od -c "$T/bom.fmt" | head -3)"
[ "$(head -c 3 "$T/bom.fmt")" != "$BOM" ] || die "fmt kept the byte order mark"
expect_status 1 "$KAM" fmt --check "$T/bom.kam"
expect_in "bom.kam" "$T/out"
expect_status 0 "$KAM" fmt -w "$T/bom.kam"
[ "$(head -c 3 "$T/bom.kam")" != "$BOM" ] || die "fmt -w kept the byte order mark"
expect_status 0 "$KAM" fmt --check "$T/bom.kam"

# Only the very start: a mark after a space is a character of a name.
printf ' %sentity account from accounts key id\n' "$BOM" > "$T/late.kam"
expect_status 1 "$KAM" check "$T/late.kam"
expect_in "late.kam:1:2:" "$T/err"
