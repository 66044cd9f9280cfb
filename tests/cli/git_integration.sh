# The git diff driver names the declaration of each hunk; the pre-commit
# hook refuses unformatted, broken or failing rules and lets good ones in.
. tests/cli_lib.sh
command -v git >/dev/null || { echo "git is not installed"; exit 1; }
here=$(pwd)
repo="$T/repo"
mkdir -p "$repo/rules" && cp tests/fixtures/explain.kam "$repo/rules/"
cd "$repo"
git init -q && git config user.name t && git config user.email t@t
sh "$here/tools/git/setup.sh" --hook > /dev/null || die "setup"
"$KAM" fmt -w rules || die "fmt"
git add -A && KAM="$KAM" git commit -qm first || die "a good first commit was refused"
# A hunk inside the tiering is named after it.
sed -i "s/won + pipeline >= 3000万/won + pipeline >= 4000万/" rules/explain.kam
git diff -U1 | grep -q '^@@ .* @@ tiering key_account {' || die "hunk header: $(git diff -U1 | grep '^@@')"
# The hook: formatted and passing -> accepted.
git add -A && KAM="$KAM" git commit -qm threshold || die "a good commit was refused"
# Not in canonical form -> refused.
printf 'let   spaced=1\n' >> rules/explain.kam
git add -A
if KAM="$KAM" git commit -qm messy 2>"$T/hook.err"; then die "an unformatted commit was accepted"; fi
grep -q "kam fmt -w" "$T/hook.err" || die "hook message: $(cat "$T/hook.err")"
# Formatted but failing a test -> refused.
git checkout -q -- rules 2>/dev/null; git reset -q --hard
cat >> rules/explain.kam <<'KAM'

test "wrong on purpose" {
  accounts { id: 1, name: "X" }
  expect key_account = S
}
KAM
git add -A
if KAM="$KAM" git commit -qm failing >"$T/hook.out" 2>&1; then die "a commit with a failing test was accepted"; fi
grep -q "0 passed, 1 failed" "$T/hook.out" || die "hook output: $(cat "$T/hook.out")"
# A let nobody reads fails --strict -> refused, at its line.
git reset -q --hard
printf '\nlet forgotten = 1\n' >> rules/explain.kam
git add -A
if KAM="$KAM" git commit -qm unread 2>"$T/hook.err"; then die "a commit failing --strict was accepted"; fi
grep -q "let forgotten is never read" "$T/hook.err" || die "strict hook message: $(cat "$T/hook.err")"
# kam missing: said so, not blamed on formatting.
if KAM=/nonexistent/kam git commit -qm nokam 2>"$T/hook.err"; then die "a commit without kam was accepted"; fi
grep -q "kam not found" "$T/hook.err" || die "no-kam message: $(cat "$T/hook.err")"
# A relative KAM_DB is taken from the repository's top, though the hook checks elsewhere.
git reset -q --hard
sqlite3 accounts.db < "$here/tests/fixtures/explain.sql" || die "fixture db"
printf '\nlet spare = 2\noutput spare_out = spare\n' >> rules/explain.kam
git add rules
KAM="$KAM" KAM_DB=accounts.db git commit -qm relative_db 2>"$T/hook.err" || die "relative KAM_DB: $(cat "$T/hook.err")"
# A coverage minimum the tests do not reach -> refused, with the share.
printf '\nlet spare2 = 3\noutput spare2_out = spare2\n' >> rules/explain.kam
git add rules
if KAM="$KAM" KAM_COVERAGE_MIN=100 git commit -qm low_coverage >"$T/hook.out" 2>&1; then die "a commit under the coverage minimum was accepted"; fi
grep -q "is below --coverage-min 100" "$T/hook.out" || die "coverage hook output: $(cat "$T/hook.out")"
# Without KAM_DB a misspelt column passes the hook, which says so; with a
# schema.sql committed beside the rules, the hook catches it by itself.
sed -i 's/when won + pipeline >= 4000万/when won + pipeline >= 4000万 and industy_rank <= 3/' rules/explain.kam
grep -q industy_rank rules/explain.kam || die "the misspelling was not planted"
git add rules
KAM="$KAM" git commit -qm misspelt 2>"$T/hook.err" || die "without schema.sql: $(cat "$T/hook.err")"
expect_in "no KAM_DB and no rules/schema.sql" "$T/hook.err"
sqlite3 "$T/schema.db" < "$here/tests/fixtures/explain.sql" || die "fixture schema"
sqlite3 "$T/schema.db" .schema > rules/schema.sql
git add rules
if KAM="$KAM" git commit -qm schema 2>"$T/hook.err"; then die "the hook let a misspelt column in with rules/schema.sql"; fi
expect_in "unknown name 'industy_rank' (did you mean 'industry_rank'?)" "$T/hook.err"
expect_in "checked against the reference schema rules/schema.sql" "$T/hook.err"
sed -i 's/industy_rank/industry_rank/' rules/explain.kam
git add rules
KAM="$KAM" git commit -qm fixed 2>"$T/hook.err" || die "a fixed rule set was refused: $(cat "$T/hook.err")"
cd "$here"

# --- REV:PATH: rule files read from git history -------------------------------
# A scratch repository whose rule set has a file with a non-ASCII name (git
# quotes such names unless asked for NUL-separated output).
db="$T/ex.db"
sqlite3 "$db" < tests/fixtures/explain.sql || die "fixture"
src="$T/src"
mkdir -p "$src/rules" "$src/sub"
sed -n '1,21p' tests/fixtures/explain.kam > "$src/rules/base.kam"
sed -n '22,$p' tests/fixtures/explain.kam > "$src/rules/规则.kam"
printf 'let   spaced=1\n' > "$src/x.kam"
(cd "$src" && git init -q && git add rules x.kam && git -c user.name=t -c user.email=t@t commit -qm rules) || die "git"
cd "$src"
# Every file of the directory is read, whatever its name: no phantom change.
expect_status 0 "$KAM" diff --db "$db" --as-of 2026-06-30 HEAD:rules rules
grep -Eq "^(added|removed):" "$T/out" && die "a phantom change: $(cat "$T/out")"
grep -q "newly alerted" "$T/out" && die "a phantom alert: $(cat "$T/out")"
expect_in "tiering key_account: 0 accounts change tier" "$T/out"
# check and test take REV:PATH like any PATH.
expect_status 0 "$KAM" check HEAD:rules
expect_status 0 "$KAM" test HEAD:rules/base.kam HEAD:rules/规则.kam
# A host that ignores SIGCHLD (git's exit status would be reaped away) gets
# the same answer, in time.
timeout 20 perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or die' "$KAM" diff --db "$db" --as-of 2026-06-30 \
  HEAD:rules rules >"$T/out" 2>"$T/err"; got=$?
[ "$got" = 0 ] || die "with SIGCHLD ignored: exit $got; $(cat "$T/err")"
grep -Eq "^(added|removed):" "$T/out" && die "a phantom change: $(cat "$T/out")"
# From a subdirectory, PATH is relative to it, as for files on disk.
cd sub
expect_status 0 "$KAM" diff --db "$db" --as-of 2026-06-30 HEAD:../rules ../rules
grep -Eq "^(added|removed):" "$T/out" && die "a phantom change: $(cat "$T/out")"
expect_status 0 "$KAM" check HEAD:../rules/base.kam HEAD:../rules/规则.kam
cd "$src"
# fmt prints a file at a revision but cannot write it back or check it.
expect_status 0 "$KAM" fmt HEAD:rules/base.kam
expect_in "tiering key_account {" "$T/out"
expect_status 2 "$KAM" fmt -w HEAD:rules/base.kam
expect_in "cannot write into git history: HEAD:rules/base.kam" "$T/err"
expect_status 2 "$KAM" fmt -w HEAD:x.kam
[ -e "HEAD:x.kam" ] && die "fmt -w wrote a file named HEAD:x.kam"
expect_status 2 "$KAM" fmt --check HEAD:rules
expect_in "HEAD:rules" "$T/err"
# A revision that looks like an option never reaches git as one.
rm -f "$T/x"
expect_status 1 "$KAM" check -- "--output=$T/x:rules"
expect_in "a revision cannot begin with '-'" "$T/err"
[ -e "$T/x" ] && die "git took the revision for an option"
# Missing revision, missing path, no repository: each said as it is.
expect_status 1 "$KAM" check HEAD~5:rules
expect_in "HEAD~5" "$T/err"
grep -q "No such file" "$T/err" && die "missing revision: $(cat "$T/err")"
expect_status 1 "$KAM" check HEAD:nope
expect_in "'nope' does not exist" "$T/err"
mkdir -p "$T/nogit" && cd "$T/nogit"
GIT_CEILING_DIRECTORIES="$T" expect_status 1 "$KAM" check HEAD~1:rules
expect_in "not a git repository" "$T/err"
cd "$here"
