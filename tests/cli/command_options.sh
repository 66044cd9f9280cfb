# Each command declares the options it takes: an option that belongs to
# another command is a usage error (exit 2) naming the option and the
# command, never silently ignored.  Every other argument here is valid, so
# only the foreign option can make the command fail.
. tests/cli_lib.sh
db="$T/o.db"
fixture "$db"
sqlite3 "$db" "INSERT INTO accounts (id, name) VALUES (1, 'Alpha');"
rules=tests/fixtures/minimal.kam
foreign() {   # foreign COMMAND OPTION [VALUE] -- ARGS...: COMMAND must refuse OPTION
  local cmd=$1 opt=$2; shift 2
  local args=() value=()
  while [ "$1" != -- ]; do value+=("$1"); shift; done
  shift
  expect_status 2 "$KAM" "$cmd" "$opt" "${value[@]}" "$@"
  expect_in "$cmd does not take $opt" "$T/err"
}
foreign check --out "$T/x.db" -- "$rules"
foreign fmt --db "$db" -- "$rules"
foreign run --account 1 -- --db "$db" --dry-run "$rules"
foreign explain --jobs 2 -- --db "$db" --account 1 "$rules"
foreign diff --account 1 -- --db "$db" "$rules" "$rules"
foreign test --out "$T/x.db" -- "$rules"
foreign report --as-of 2026-01-01 -- --db "$db" -o "$T/r.html"
foreign explain --dry-run -- --db "$db" --account 1 "$rules"
foreign check -w -- "$rules"
[ ! -e "$T/r.html" ] || die "report wrote its page despite the foreign option"
# The options each command does take still work.
expect_status 0 "$KAM" explain --db "$db" --out "$T/none.db" --account 1 "$rules"
expect_status 0 "$KAM" check --db "$db" "$rules"
expect_status 2 "$KAM" check --bogus "$rules"
expect_in "unknown option '--bogus'" "$T/err"
expect_status 2 "$KAM" run --db "$db" --jobs 0 "$rules"
expect_in "bad --jobs '0'" "$T/err"
