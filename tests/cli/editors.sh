# Editor support, bash completion and the manual page stay in step with kam:
# every keyword of grammar/lexer.l's keyword table is highlighted by the
# TextMate grammar and the Vim syntax file; the JSON files parse; the grammar's
# number, date and duration patterns match the language's literals; the files
# generated from the grammar are up to date; the man page renders without
# warnings and names every command and option of `kam --help`; the completion
# offers commands, options, --format values and the right files.
# Checks that need python3 (or node), vim or groff say so when they cannot run.
. tests/cli_lib.sh
TM=editors/textmate/kam.tmLanguage.json
VIM=editors/vim/syntax/kam.vim
MAN=man/kam.1
COMP=completions/kam.bash
REPO=$PWD
have() { command -v "$1" >/dev/null 2>&1; }
note() { echo "note: $*"; }
for f in "$TM" "$VIM" editors/vim/ftdetect/kam.vim editors/vscode/package.json \
         editors/vscode/language-configuration.json "$MAN" "$COMP"; do
  [ -s "$f" ] || die "$f is missing"
done

# --- Keywords: read from the lexer, never listed here --------------------------
keywords=$(sed -n '/keywords\[\] = {/,/^};/p' grammar/lexer.l |
           grep -oE '\{"[^"]+", *[A-Z_][A-Z0-9_]*\}' | sed -E 's/^\{"([^"]+)".*/\1/')
count=$(printf '%s\n' $keywords | grep -c .)
[ "$count" -ge 40 ] || die "only $count keywords read from grammar/lexer.l's keyword table: $keywords"
# The TextMate grammar's "keywords" rules, and the words of Vim's keyword lines
# (options such as nextgroup=... and contained left out).
sed -n '/^    "keywords": {/,/^    },*$/p' "$TM" | grep '"match":' > "$T/tm_keywords"
[ -s "$T/tm_keywords" ] || die "no \"keywords\" rules in the repository of $TM"
grep -E '^[[:space:]]*syn(tax)?[[:space:]]+keyword[[:space:]]' "$VIM" |
  sed -E 's/^[[:space:]]*syn(tax)?[[:space:]]+keyword[[:space:]]+[A-Za-z0-9_]+//; s/[a-z]+=[^[:space:]]*//g' |
  tr -s ' \t' '\n\n' | grep -vxE 'contained|skipwhite|skipnl|skipempty|transparent|' > "$T/vim_keywords"
for kw in $keywords; do
  grep -qE "[(:|]${kw}[|)]" "$T/tm_keywords" || die "keyword '$kw' is in no keyword match of $TM"
  grep -qx -- "$kw" "$T/vim_keywords" || die "keyword '$kw' is in no 'syntax keyword' line of $VIM"
done

# --- JSON files parse ------------------------------------------------------------
json_ok() {
  if have python3; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1"
  elif have node; then
    node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$1"
  else
    # No parser: strings removed, braces and brackets must balance, one object.
    local s open close
    s=$(sed -E 's/"([^"\\]|\\.)*"/""/g' "$1" | tr -d ' \t\r\n')
    case $s in \{*\}) ;; *) echo "$1 is not one JSON object"; return 1 ;; esac
    open=$(printf '%s' "$s" | tr -cd '{' | wc -c); close=$(printf '%s' "$s" | tr -cd '}' | wc -c)
    [ "$open" = "$close" ] || { echo "$1: $open '{' but $close '}'"; return 1; }
    open=$(printf '%s' "$s" | tr -cd '[' | wc -c); close=$(printf '%s' "$s" | tr -cd ']' | wc -c)
    [ "$open" = "$close" ] || { echo "$1: $open '[' but $close ']'"; return 1; }
  fi
}
have python3 || have node || note "neither python3 nor node: JSON checked by balancing braces only"
for f in "$TM" editors/vscode/package.json editors/vscode/language-configuration.json \
         editors/vscode/syntaxes/kam.tmLanguage.json; do
  json_ok "$f" > "$T/json.err" 2>&1 || die "$f does not parse: $(cat "$T/json.err")"
done
grep -q '"scopeName": *"source.kam"' "$TM" || die "$TM: scopeName is not source.kam"
grep -q '"fileTypes": *\[ *"kam" *\]' "$TM" || die "$TM: fileTypes is not [\"kam\"]"
grep -q '"lineComment": *"#"' editors/vscode/language-configuration.json || die "language-configuration: lineComment is not #"
grep -q '"extensions": *\[ *"\.kam" *\]' editors/vscode/package.json || die "package.json does not claim .kam files"
grep -q '"scopeName": *"source.kam"' editors/vscode/package.json || die "package.json does not contribute source.kam"
grammar_path=$(sed -nE 's/.*"path": *"([^"]+)".*/\1/p' editors/vscode/package.json)
[ -f "editors/vscode/$grammar_path" ] || die "package.json names grammar '$grammar_path', which is not in editors/vscode"
cmp -s "$TM" "editors/vscode/$grammar_path" ||
  die "editors/vscode/$grammar_path differs from $TM: run python3 editors/textmate/convert.py"

# --- Generated grammars are up to date -------------------------------------------
if have python3; then
  python3 editors/textmate/convert.py "$T/gen" || die "editors/textmate/convert.py failed"
  for f in textmate/kam.tmLanguage sublime/kam.sublime-syntax vscode/syntaxes/kam.tmLanguage.json; do
    cmp -s "$T/gen/$f" "editors/$f" || die "editors/$f is out of date: run python3 editors/textmate/convert.py"
  done
else
  note "no python3: editors/textmate/kam.tmLanguage and editors/sublime/kam.sublime-syntax not regenerated"
fi

# --- The grammar's regexes on the language's literals -----------------------------
# Every regex compiles; the number rule matches each literal exactly, and no
# malformed one; dates and durations likewise.
cat > "$T/literals.json" <<'JSON'
{ "number":   { "good": ["1.7亿", "15%", "3000万", "170_000_000", "1e6", "42", "3.5", "2.5M", "7K", "1B",
                         "1_000.25", "6.02E+23", "12.5%"],
                "bad":  ["12abc", "3000万元", "1__000", "15%%", "1.", "_1", "1_"] },
  "date":     { "good": ["2026-06-30", "2026-02-30"], "bad": ["2026-6-30", "20260630"] },
  "duration": { "good": ["30 days", "12 months", "1 month", "2weeks", "1 day", "1 quarter", "3 quarters",
                         "1_000 days"],
                "bad":  ["30 dayz", "30 fortnights", "1.5 years", "1e2 days", "3 quarterly"] } }
JSON
if have python3; then
  python3 - "$TM" "$T/literals.json" > "$T/re.out" 2>&1 <<'PY' || die "grammar regexes: $(cat "$T/re.out")"
import json, re, sys
grammar = json.load(open(sys.argv[1], encoding="utf-8"))
cases = json.load(open(sys.argv[2], encoding="utf-8"))
failures = []
def walk(node):
    if isinstance(node, dict):
        for key in ("match", "begin", "end"):
            if key in node:
                try:
                    re.compile(node[key])
                except re.error as e:
                    failures.append("does not compile: %r (%s)" % (node[key], e))
        for v in node.values():
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
walk(grammar)
def rule(name):
    r = grammar["repository"][name]
    for p in r.get("patterns", [r]):
        if not p.get("name", "").startswith("invalid"):
            return p["match"]
for name, c in cases.items():
    pattern = re.compile(rule(name))
    for s in c["good"]:
        if not pattern.fullmatch(s):
            failures.append("%s rule does not match %r" % (name, s))
    for s in c["bad"]:
        if pattern.fullmatch(s):
            failures.append("%s rule matches %r" % (name, s))
# In context: the literal is found whole, not a piece of it.
m = re.compile(rule("number")).search("let x = 1.7亿 + 1")
if not m or m.group(0) != "1.7亿":
    failures.append("number rule finds %r in 'let x = 1.7亿 + 1'" % (m and m.group(0)))
print("\n".join(failures))
sys.exit(1 if failures else 0)
PY
elif have node; then
  node - "$TM" "$T/literals.json" > "$T/re.out" 2>&1 <<'JS' || die "grammar regexes: $(cat "$T/re.out")"
const fs = require("fs");
const grammar = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const cases = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const failures = [];
(function walk(n) {
  if (Array.isArray(n)) return n.forEach(walk);
  if (n && typeof n === "object") {
    for (const k of ["match", "begin", "end"])
      if (k in n) try { new RegExp(n[k]); } catch (e) { failures.push(`does not compile: ${n[k]} (${e.message})`); }
    Object.values(n).forEach(walk);
  }
})(grammar);
const rule = name => {
  const r = grammar.repository[name];
  return (r.patterns || [r]).find(p => !(p.name || "").startsWith("invalid")).match;
};
for (const [name, c] of Object.entries(cases)) {
  const re = new RegExp("^(?:" + rule(name) + ")$");
  for (const s of c.good) if (!re.test(s)) failures.push(`${name} rule does not match ${s}`);
  for (const s of c.bad) if (re.test(s)) failures.push(`${name} rule matches ${s}`);
}
const m = new RegExp(rule("number")).exec("let x = 1.7亿 + 1");
if (!m || m[0] !== "1.7亿") failures.push(`number rule finds ${m && m[0]} in 'let x = 1.7亿 + 1'`);
console.log(failures.join("\n"));
process.exit(failures.length ? 1 : 0);
JS
else
  note "neither python3 nor node: the grammar's number, date and duration regexes were not run"
fi

# --- Vim: the syntax file loads, .kam is detected, and highlights as it should -----
cat > "$T/sample.kam" <<'KAM'
# TODO: check the thresholds with sales
entity account from accounts key id label name
relation deals from deals on account_id
let won = sum(deals.amount where deals.stage = "won" and deals.closed_on >= as_of - 12 months)
let big = won >= 1.7亿 or won + 170_000_000 >= 3000万 + 1e6 or account.label = "x\u{4E2D}"
tiering key_account "Key account tier" {
  tier S "Strategic" when big and won >= 15%
  tier C "Standard"  otherwise
}
alert no_deals severity high
  when count(deals) = 0 and not big
  message "{name}: {won:,.0f} won {{braces}}"
KAM
expect_status 0 "$KAM" check "$T/sample.kam"   # the sample is real kam
printf '%s\n' $keywords > "$T/keywords.kam"
if have vim; then
  cat > "$T/probe.vim" <<'VIM'
function! s:at(pattern, offset)
  call cursor(1, 1)
  if search('\V' . escape(a:pattern, '\'), 'cW') == 0
    return 'not-found'
  endif
  return synIDattr(synID(line('.'), col('.') + a:offset, 1), 'name')
endfunction
let s:r = ['filetype ' . &filetype]
for [s:what, s:pattern, s:offset] in [
      \ ['todo', 'TODO', 0], ['comment', 'check the', 0], ['entity', 'entity', 0],
      \ ['entity-name', 'account from', 0], ['let', 'let won', 0], ['let-name', 'won =', 0],
      \ ['aggregate', 'sum(', 0], ['field-keyword', 'label =', 0], ['where', 'where', 0],
      \ ['string', '"won"', 1], ['as_of', 'as_of', 0], ['duration', '12 months', 0],
      \ ['number-yi', '1.7亿', 0], ['suffix-yi', '1.7亿', 3], ['number-sep', '170_000_000', 4],
      \ ['number-wan', '3000万', 0], ['number-exp', '1e6', 1], ['escape', '\u{4E2D}', 0],
      \ ['percent', '15%', 2], ['otherwise', 'otherwise', 0], ['severity', 'high', 0],
      \ ['interpolation', '{won', 1], ['format', ':,.0f', 0], ['brace-escape', '{{', 0],
      \ ['message-text', 'braces', 0]]
  call add(s:r, s:what . ' ' . s:at(s:pattern, s:offset))
endfor
call writefile(s:r, g:probe_out)
VIM
  cat > "$T/keywords.vim" <<'VIM'
let s:r = []
for s:n in range(1, line('$'))
  call add(s:r, getline(s:n) . ' ' . synIDattr(synID(s:n, 1, 1), 'name'))
endfor
call writefile(s:r, g:probe_out)
VIM
  for run in sample keywords; do
    script=$T/probe.vim; [ $run = keywords ] && script=$T/keywords.vim
    HOME=$T vim -Nu NONE -i NONE -es --cmd "set rtp^=${REPO// /\\ }/editors/vim" -c 'filetype plugin on' -c 'syntax on' \
      -c "let g:probe_out = '$T/$run.out'" -c "edit $T/$run.kam" -c "source $script" \
      -c 'if v:errmsg != "" | cquit | endif' -c 'qa!' </dev/null >"$T/vim.err" 2>&1 ||
      die "vim failed on $run.kam: $(cat "$T/vim.err")"
    [ -s "$T/$run.out" ] || die "vim wrote nothing for $run.kam: $(cat "$T/vim.err")"
  done
  while read -r what want; do
    got=$(sed -n "s/^$what //p" "$T/sample.out")
    [ "$got" = "$want" ] || die "vim: $what is highlighted as '$got', expected '$want'"
  done <<'EXPECTED'
filetype kam
todo kamTodo
comment kamComment
entity kamStructure
entity-name kamTypeName
let kamDeclaration
let-name kamDeclName
aggregate kamAggregate
field-keyword kamField
where kamConditional
string kamString
as_of kamSpecial
duration kamDuration
number-yi kamNumber
suffix-yi kamNumberSuffix
number-sep kamNumber
number-wan kamNumber
number-exp kamNumber
escape kamEscape
percent kamNumberSuffix
otherwise kamConditional
severity kamSeverity
interpolation kamInterpolation
format kamFormat
brace-escape kamBraceEscape
message-text kamMessage
EXPECTED
  # Each keyword alone on its line is highlighted by some group.
  bare=$(awk 'NF < 2 { print $1 }' "$T/keywords.out")
  [ -z "$bare" ] || die "vim highlights no group for keywords: $bare"
else
  note "no vim: the Vim syntax file was checked with grep only"
fi

# --- Commands and options of the binary ------------------------------------------
commands=$("$KAM" --help | sed -n '/^commands:/,/^$/p' | grep -oE '^  [a-z]+' | tr -d ' ')
[ "$(printf '%s\n' $commands | grep -c .)" -ge 6 ] || die "could not read the commands from kam --help: $commands"
# report is documented and completed even before this binary knows it.
all_commands=$(printf '%s\n' $commands report | sort -u)
options_of() {   # options named by `kam CMD --help`; nothing when CMD is unknown
  "$KAM" "$1" --help 2>/dev/null | grep -oE '(^|[][ |(])--?[a-z][a-z-]*' | sed -E 's/^[][ |(]//' | sort -u
}
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN" > "$T/man.txt"

# --- The manual page --------------------------------------------------------------
grep -q '^\.TH KAM 1 ' "$MAN" || die "$MAN has no .TH KAM 1 line"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES 'SEE ALSO'; do
  grep -qxE "\.SH \"?$section\"?" "$MAN" || die "$MAN has no .SH $section"
done
for cmd in $all_commands; do
  grep -qE "^\.BR? $cmd( |\$)" "$MAN" || die "$MAN does not describe the command '$cmd'"
  for opt in $(options_of "$cmd"); do
    grep -qE -- "(^|[ .])$opt([^a-z-]|\$)" "$T/man.txt" || die "$MAN does not mention $opt (of kam $cmd)"
  done
done
for word in NO_COLOR KAM_MAX_PAGE_COUNT REV --busy-timeout --jobs --version FILE.html; do
  grep -qF -- "$word" "$T/man.txt" || die "$MAN does not mention $word"
done
for status in 0 1 2 3; do
  sed -n '/^\.SH "*EXIT STATUS/,/^\.SH [^E]/p' "$MAN" | grep -qx "\.B $status" || die "$MAN: exit status $status not described"
done
if have groff; then
  for device in utf8 ascii; do
    groff -man -ww -T"$device" -P-cbou "$MAN" > "$T/man.out" 2> "$T/man.err" || die "groff -T$device failed: $(cat "$T/man.err")"
    [ ! -s "$T/man.err" ] || die "groff -man -ww -T$device warns: $(cat "$T/man.err")"
    grep -q 'EXIT STATUS' "$T/man.out" || die "groff -T$device rendered no EXIT STATUS section"
  done
else
  note "no groff: $MAN was not rendered"
fi

# --- bash completion --------------------------------------------------------------
bash -n "$COMP" || die "$COMP has a syntax error"
# comp WORD...: what completing the last WORD offers, sorted, one line.
comp() {
  bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kam
           ((${#COMPREPLY[@]})) && printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | tr "\n" " "' "$REPO/$COMP" "$@"
}
expect_comp() {
  local want=$1; shift
  local got; got=$(comp "$@")
  [ "$got" = "$want" ] || die "completing '$*': got '$got', expected '$want'"
}
bash -c '. "$0"; complete -p kam' "$REPO/$COMP" | grep -q -- '-F _kam kam' || die "$COMP does not register _kam for kam"
expect_comp "report run runs " kam r
expect_comp "check " kam ch
expect_comp "--help --version " kam --
expect_comp "--format " kam run --f
expect_comp "csv jsonl summary " kam run --format ''
expect_comp "json " kam explain --format j
expect_comp "json text " kam explain --format ''
expect_comp "json markdown text " kam diff --format ''
expect_comp "" kam run --jobs ''
expect_comp "--check --help --write -w " kam fmt -
expect_comp "--as-of --busy-timeout --dry-run --format --help --jobs --out " kam run --db crm.db -
expect_comp "--db --help --output --run -o " kam report ''
offered=$(comp kam '')
for cmd in $all_commands; do
  case " $offered " in *" $cmd "*) ;; *) die "completing 'kam ': '$cmd' is not offered ($offered)" ;; esac
done
for cmd in $all_commands; do
  offered=$(comp kam "$cmd" -)
  for opt in $(options_of "$cmd"); do
    [ "$opt" = -h ] && continue
    case " $offered " in *" $opt "*) ;; *) die "completing 'kam $cmd -': $opt is not offered ($offered)" ;; esac
  done
done
# Files: .kam files and directories for PATHs, databases after --db and --out.
mkdir -p "$T/ws/rules" "$T/ws/.hidden"
touch "$T/ws/a.kam" "$T/ws/notes.txt" "$T/ws/crm.db" "$T/ws/old.sqlite" "$T/ws/r.html"
(
  cd "$T/ws" || exit 1
  expect_comp "a.kam rules " kam check ''
  expect_comp "a.kam " kam diff --db crm.db a
  expect_comp "crm.db old.sqlite rules " kam run --db ''
  expect_comp "crm.db " kam run --db crm.db --out c
  expect_comp "r.html rules " kam report --db crm.db -o ''
) || exit 1
# REV:PATH from git, with the line as bash gives it (':' breaks words).
if have git; then
  (
    cd "$T/ws" || exit 1
    cp a.kam rules/x.kam
    { git init -q . && git add a.kam rules/x.kam &&
        git -c user.name=t -c user.email=t@t commit -qm rules; } >/dev/null 2>&1 || die "git commit in a scratch repository"
    cat > "$T/rev.sh" <<'SH'
. "$1"
COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
COMP_LINE='kam diff --db crm.db HEAD:ru' COMP_POINT=28
COMP_WORDS=(kam diff --db crm.db HEAD : ru) COMP_CWORD=6
_kam
printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' '
SH
    line='kam diff --db crm.db HEAD:ru'
    got=$(bash "$T/rev.sh" "$REPO/$COMP" 2>&1)
    [ "$got" = "rules/ " ] || die "completing '$line': got '$got', expected 'rules/ '"
  ) || exit 1
else
  note "no git: REV:PATH completion not tested"
fi
echo "editors: $count keywords checked"
