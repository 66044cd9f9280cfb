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
cd "$here"
