# Every ```kam example of docs/language.md is a working rule set: each block is
# checked with `kam check`, and a block holding test blocks also passes
# `kam test`.  A block's first line may carry marks, before any colon:
#   # header      the declarations that fragments assume (exactly one block)
#   # fragment    checked together with the header block (a second file)
#   # error       must be refused by `kam check` (exit 1 and a located error)
#   # planned     a feature the contract describes that kam lacks yet: skipped
# Every failing block is listed with its line in the document.
. tests/cli_lib.sh
doc=docs/language.md
[ -f "$doc" ] || die "$doc is missing"

# Split the document: one file per block, and one line "N LINE MARKS" per block
# in $T/blocks (LINE is the line of the block's first line of code).
awk -v dir="$T" '
  /^```kam[ \t]*$/ && !inside { inside = 1; n++; first = NR + 1; marks = ""; file = dir "/block" n ".kam"; printf "" > file; next }
  /^```[ \t]*$/ && inside      { inside = 0; close(file); print n, first, (marks == "" ? "-" : marks) > (dir "/blocks"); next }
  inside {
    if (NR == first && $0 ~ /^# (header|fragment|error|planned)/) {
      m = substr($0, 3); sub(/:.*/, "", m); gsub(/[ ,]+/, ",", m); marks = m
    }
    print > file
  }
  END { if (inside) { print "unterminated block at line " first > "/dev/stderr"; exit 1 } }
' "$doc" || die "cannot split $doc"

total=$(wc -l < "$T/blocks")
[ "$total" -ge 20 ] || die "only $total kam blocks found in $doc"
headers=$(grep -c ' [^ ]*header' "$T/blocks")
[ "$headers" = 1 ] || die "$doc must have exactly one '# header' block, found $headers"
header="$T/block$(awk '$3 ~ /header/ { print $1 }' "$T/blocks").kam"

failures=0 checked=0 tested=0 planned=0
# Places in kam's messages, FILE:LINE, as places in the document.
doc_places() {   # BLOCK_FILE FIRST_LINE
  awk -v f="$1:" -v base="$2" -v doc="$doc" '{
    while ((i = index($0, f)) > 0 && match(substr($0, i + length(f)), /^[0-9]+/)) {
      rest = substr($0, i + length(f))
      $0 = substr($0, 1, i - 1) doc ":" (base + substr(rest, 1, RLENGTH) - 1) substr(rest, RLENGTH + 1)
    }
    print
  }'
}
fail_block() {   # LINE WHAT OUTPUT
  failures=$((failures + 1))
  printf '%s:%s: %s\n' "$doc" "$1" "$2"
  printf '%s\n' "$3" | doc_places "$block" "$1" | head -8 | sed 's/^/    /'
}
has_mark() { case ",$2," in *",$1,"*) return 0 ;; esac; return 1; }

while read -r n line marks; do
  block="$T/block$n.kam"
  if has_mark planned "$marks"; then planned=$((planned + 1)); continue; fi
  files=("$block")
  has_mark fragment "$marks" && files=("$header" "$block")
  out=$("$KAM" check "${files[@]}" 2>&1); status=$?
  checked=$((checked + 1))
  if has_mark error "$marks"; then
    if [ $status -ne 1 ]; then
      fail_block "$line" "meant to fail, but kam check exited $status" "$out"
    elif ! printf '%s' "$out" | grep -q ':[0-9]*:[0-9]*: error: '; then
      fail_block "$line" "meant to fail with a located error" "$out"
    fi
    continue
  fi
  if [ $status -ne 0 ]; then fail_block "$line" "kam check exited $status" "$out"; continue; fi
  if grep -q '^[[:space:]]*test "' "$block"; then
    tested=$((tested + 1))
    out=$("$KAM" test "${files[@]}" 2>&1); status=$?
    [ $status -eq 0 ] || fail_block "$line" "kam test exited $status" "$out"
  fi
done < "$T/blocks"

[ "$tested" -ge 2 ] || die "only $tested blocks with tests were run"
[ $failures -eq 0 ] || die "$failures of $total examples in $doc fail ($checked checked, $planned planned)"
exit 0
