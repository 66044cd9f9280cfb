# kam-language(7) made from docs/language.md by tools/md2man.awk: it renders
# without a warning, every section of the markdown is a section of the page,
# every code example is there line for line, and no markdown is left over.
. tests/cli_lib.sh
command -v groff >/dev/null || { echo "groff is not installed"; exit 77; }
page="$T/kam-language.7"
LC_ALL=C awk -v name=kam-language -v version=test -f tools/md2man.awk docs/language.md > "$page" \
  || die "md2man.awk failed"
groff -t -man -Tutf8 -ww "$page" 2>"$T/err" | col -bx > "$T/text"
[ ! -s "$T/err" ] || die "the page renders with warnings: $(head -5 "$T/err")"
head -1 "$page" | grep -qF "'\\\" t" || die "the page does not ask for tbl"
grep -q '^\.TH KAM-LANGUAGE 7 ' "$page" || die "no .TH line"
expect_in "kam-language - the kam language" "$T/text"

# Each "## Heading" is a section heading of the page (upper case, as man has them).
sed -n 's/^## //p' docs/language.md | tr -d '`' | tr '[:lower:]' '[:upper:]' > "$T/sections"
[ "$(wc -l < "$T/sections")" -ge 15 ] || die "too few sections found in docs/language.md"
while IFS= read -r section; do
  grep -qxF -- "$section" "$T/text" || die "section '$section' is not in the page"
done < "$T/sections"

# Every line of every fenced block appears in the page as it is in the markdown
# (leading white space aside): examples keep their backslashes, hyphens and 万.
awk '/^```/ { inside = !inside; next } inside && NF' docs/language.md | sed 's/^[[:space:]]*//' > "$T/code"
missing=0
while IFS= read -r line; do
  grep -qF -- "$line" "$T/text" || { missing=$((missing + 1)); echo "not in the page: $line"; }
done < "$T/code"
[ $missing -eq 0 ] || die "$missing lines of examples are missing from the page"

# No markdown syntax left in the text around the examples.
grep -n '```\|\*\*\|](' "$T/text" | grep -v '^\s*$' > "$T/left" && die "markdown left in the page: $(head -3 "$T/left")"
exit 0
