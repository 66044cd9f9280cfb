# kam lsp, driven by a scripted client (tests/lsp/lsp_client.c) through a whole
# editing session: initialize; open a file with an error on a line that holds
# Chinese text and a character outside the BMP (the range is checked in UTF-16
# code units); fix it (its diagnostics become empty); a change that breaks
# another, unopened file of the rule set and its repair; a --strict finding as
# a hint; a schema error from --db; hover on a let (its comment and type), a
# built-in, a tier, a tiering and a column; definition and references across
# files; document symbols; completion after `deals.`, after `key_account =`
# and at the margin; formatting; malformed messages of every kind; shutdown
# and exit with status 0.  Then: the VS Code extension with stubs of its API;
# more sessions for the database given in initializationOptions, a metric of
# the shipped pack (references from weights rows and tests), and a huge
# Content-Length.
. tests/cli_lib.sh
CLIENT=${LSP_CLIENT:-}
if [ -z "$CLIENT" ]; then     # run outside make test: build the client here
  CLIENT=$T/lsp_client
  cc -std=c11 -O1 -o "$CLIENT" tests/lsp/lsp_client.c 2>"$T/cc.err" || die "cannot build the client: $(cat "$T/cc.err")"
fi
mkdir -p "$T/rules"
fixture "$T/crm.db"
DIR=$(cd "$T/rules" && pwd)
BASE=file://$DIR/10_base.kam
TIERS=file://$DIR/20_tiers.kam

cat > "$T/rules/10_base.kam" <<'KAM'
entity account from accounts key id label name
relation deals from deals on account_id

# Won business over the last twelve months.
# Closed deals only.
let won = sum(deals.amount where deals.stage = "won")
output top = key_account = S
KAM
# The versions of the open document, each sent whole (full sync).
cat > "$T/broken.kam" <<'KAM'
tiering key_account "Key account tier" {
  tier S "Strategic" when won >= 1亿
  tier A "Key"       when won >= 3000万
  tier C "Standard"  otherwise
}
let 名 = contains(name, "中文𠀀") and key_account = Z
alert big severity high when 名 and abs(won) > 1 message "{name}"
KAM
sed 's/key_account = Z/key_account = S/' "$T/broken.kam" > "$T/fixed.kam"
cp "$T/fixed.kam" "$T/rules/20_tiers.kam"
sed 's/tier S /tier SS /; s/key_account = S/key_account = SS/' "$T/fixed.kam" > "$T/renamed.kam"
{ cat "$T/fixed.kam"; echo 'let unused = won * 2'; } > "$T/strict.kam"
{ cat "$T/fixed.kam"; echo 'let typo = sum(deals.amont)'; } > "$T/typo.kam"
{ cat "$T/fixed.kam"; echo 'let pipeline = sum(deals.'; } > "$T/dot.kam"
{ cat "$T/fixed.kam"; echo 'let tops = key_account in (S, '; } > "$T/tier_in.kam"
{ cat "$T/fixed.kam"; echo 'output wide = key_account = '; } > "$T/tier_eq.kam"
{ cat "$T/fixed.kam"; echo; } > "$T/margin.kam"
sed 's/^tiering key_account/tiering    key_account/; s/^  tier A "Key"       when/    tier A "Key" when/' "$T/fixed.kam" > "$T/untidy.kam"
{ cat "$T/fixed.kam"; echo 'let = ('; } > "$T/syntax.kam"

open_doc() { echo "send {\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"$TIERS\",\"languageId\":\"kam\",\"version\":1,\"text\":@file:$T/$1.kam@}}}"; }
change() { echo "send {\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"$TIERS\",\"version\":$2},\"contentChanges\":[{\"text\":@file:$T/$1.kam@}]}}"; }
at() {   # at ID METHOD URI LINE CHARACTER [EXTRA]: a request about a position
  echo "send {\"jsonrpc\":\"2.0\",\"id\":$1,\"method\":\"textDocument/$2\",\"params\":{\"textDocument\":{\"uri\":\"$3\"},\"position\":{\"line\":$4,\"character\":$5}${6:-}}}"
}
published() { echo "wait \"uri\":\"$1\""; }

{
  echo 'send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}'
  echo 'wait "id":1'
  echo 'send {"jsonrpc":"2.0","method":"initialized","params":{}}'
  echo 'mark broken'; open_doc broken; published "$TIERS"
  echo 'mark fixed'; change fixed 2; published "$TIERS"
  echo 'mark renamed'; change renamed 3; published "$TIERS"
  echo 'mark restored'; change fixed 4; published "$TIERS"
  echo 'mark strict'; change strict 5; published "$TIERS"
  echo 'mark typo'; change typo 6; published "$TIERS"
  change fixed 7; published "$TIERS"
  echo 'mark hovers'
  at 10 hover "$TIERS" 1 27; echo 'wait "id":10'
  at 11 hover "$TIERS" 6 36; echo 'wait "id":11'
  at 12 hover "$TIERS" 5 49; echo 'wait "id":12'
  at 13 hover "$TIERS" 5 36; echo 'wait "id":13'
  at 14 hover "$BASE" 5 22; echo 'wait "id":14'
  at 15 hover "$TIERS" 5 26; echo 'wait "id":15'
  echo 'mark navigation'
  at 20 definition "$TIERS" 1 27; echo 'wait "id":20'
  at 21 references "$TIERS" 6 40 ',"context":{"includeDeclaration":true}'; echo 'wait "id":21'
  at 22 definition "$BASE" 6 27; echo 'wait "id":22'
  at 23 references "$TIERS" 5 49 ',"context":{"includeDeclaration":false}'; echo 'wait "id":23'
  echo "send {\"jsonrpc\":\"2.0\",\"id\":24,\"method\":\"textDocument/documentSymbol\",\"params\":{\"textDocument\":{\"uri\":\"$TIERS\"}}}"
  echo 'wait "id":24'
  echo 'mark completion'
  change dot 8; published "$TIERS"
  at 30 completion "$TIERS" 7 25; echo 'wait "id":30'
  change tier_in 9; published "$TIERS"
  at 31 completion "$TIERS" 7 30; echo 'wait "id":31'
  change tier_eq 10; published "$TIERS"
  at 32 completion "$TIERS" 7 28; echo 'wait "id":32'
  change margin 11; published "$TIERS"
  at 33 completion "$TIERS" 7 0; echo 'wait "id":33'
  at 34 completion "$TIERS" 6 31; echo 'wait "id":34'
  echo 'mark formatting'
  change untidy 12; published "$TIERS"
  echo "send {\"jsonrpc\":\"2.0\",\"id\":40,\"method\":\"textDocument/formatting\",\"params\":{\"textDocument\":{\"uri\":\"$TIERS\"},\"options\":{\"tabSize\":2,\"insertSpaces\":true}}}"
  echo 'wait "id":40'
  change syntax 13; published "$TIERS"
  echo "send {\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"textDocument/formatting\",\"params\":{\"textDocument\":{\"uri\":\"$TIERS\"},\"options\":{\"tabSize\":2,\"insertSpaces\":true}}}"
  echo 'wait "id":41'
  echo 'mark malformed'
  echo 'send {"jsonrpc":"2.0","id":50,"method":'
  echo 'wait -32700'
  echo 'send {"jsonrpc":"2.0","id":51,"method":"kam/unknown","params":{}}'
  echo 'wait "id":51'
  echo 'send {"jsonrpc":"2.0","id":52,"method":"textDocument/hover","params":{"textDocument":{}}}'
  echo 'wait "id":52'
  at 53 hover "$TIERS" '"x"' 0; echo 'wait "id":53'
  echo 'send {"jsonrpc":"2.0","id":54}'
  echo 'wait "id":54'
  echo 'send [1,2]'
  echo 'wait -32600'
  echo 'send {"jsonrpc":"2.0","method":"kam/somethingNew","params":{}}'
  echo 'send {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}'
  echo 'raw Content-Type: application/vscode-jsonrpc\r\n\r\n{"jsonrpc":"2.0","id":56,"method":"shutdown"}'
  echo 'raw Content-Length: lots\r\n\r\n'
  at 57 hover "$TIERS" 0 0; echo 'wait "id":57'
  echo 'mark end'
  echo 'send {"jsonrpc":"2.0","id":60,"method":"shutdown"}'
  echo 'wait "id":60'
  echo 'send {"jsonrpc":"2.0","id":61,"method":"textDocument/hover","params":{}}'
  echo 'wait "id":61'
  echo 'send {"jsonrpc":"2.0","method":"exit"}'
  echo 'end'
} > "$T/session.txt"
"$CLIENT" "$T/session.txt" "$KAM" lsp --db "$T/crm.db" > "$T/out" 2> "$T/err" || die "the session stopped: $(tail -5 "$T/out") $(cat "$T/err")"
OUT=$T/out
step() { awk -v m="== $1" '$0 == m { on = 1; next } /^== / { on = 0 } on' "$OUT"; }
reply() { grep -F "{\"id\":$1," "$OUT" || die "no reply to request $1"; }
has() { printf '%s\n' "$1" | grep -qF -- "$2" || die "$3: '$2' not in: $1"; }
hasnt() { ! printf '%s\n' "$1" | grep -qF -- "$2" || die "$3: '$2' should not be in: $1"; }

# --- initialize ------------------------------------------------------------------------
init=$(reply 1)
for cap in '"positionEncoding":"utf-16"' '"change":1' '"hoverProvider":true' '"definitionProvider":true' \
           '"referencesProvider":true' '"documentSymbolProvider":true' '"triggerCharacters":["."]' \
           '"documentFormattingProvider":true'; do
  has "$init" "$cap" "initialize"
done

# --- diagnostics -------------------------------------------------------------------------
# 'Z' follows 中文𠀀: column 49 as kam counts characters, 49 in UTF-16 code
# units (𠀀 is a surrogate pair), 48 in code points, 58 in bytes.
broken=$(step broken | grep -F "\"uri\":\"$TIERS\"")
has "$broken" '{"range":{"start":{"line":5,"character":49},"end":{"line":5,"character":50}},"severity":1,"source":"kam","message":"'"'Z' is not a tier of 'key_account' (its tiers: S, A, C)"'"}' "the error's diagnostic"
kam_says=$(cd "$T" && cp broken.kam rules/20_tiers.kam && "$KAM" check --db crm.db rules 2>&1; cp fixed.kam rules/20_tiers.kam)
has "$kam_says" "'Z' is not a tier of 'key_account' (its tiers: S, A, C)" "kam check's message"
has "$(step fixed | grep -F "\"uri\":\"$TIERS\"")" '"diagnostics":[]' "diagnostics after the fix"
renamed=$(step renamed | grep -F "\"uri\":\"$BASE\"")
has "$renamed" '{"range":{"start":{"line":6,"character":27},"end":{"line":6,"character":28}},"severity":1' "the unopened file's error"
has "$renamed" "'S' is not a tier of 'key_account' (its tiers: SS, A, C)" "the unopened file's error"
has "$(step restored | grep -F "\"uri\":\"$BASE\"")" '"diagnostics":[]' "the unopened file, clean again"
strict=$(step strict | grep -F "\"uri\":\"$TIERS\"")
has "$strict" '"start":{"line":7,"character":4},"end":{"line":7,"character":10}},"severity":4,"source":"kam check --strict","message":"let unused is never read' "a strict finding as a hint"
has "$(step typo | grep -F "\"uri\":\"$TIERS\"")" '"severity":1,"source":"kam","message":"table '"'deals' has no column 'amont' (did you mean 'amount'?)"'"' "the schema error from --db"

# --- hover ---------------------------------------------------------------------------------
has "$(reply 10)" 'let won = sum(deals.amount where deals.stage = \"won\")' "hover on a let"
has "$(reply 10)" 'Won business over the last twelve months.\nClosed deals only.' "hover on a let: its comment"
has "$(reply 10)" 'let: a number' "hover on a let: its type"
has "$(reply 10)" '"range":{"start":{"line":1,"character":26},"end":{"line":1,"character":29}}' "hover on a let: the range"
has "$(reply 11)" 'abs(x)' "hover on a built-in"
has "$(reply 11)" 'The absolute value of a number.' "hover on a built-in"
has "$(reply 12)" 'tier S \"Strategic\" when won >= 1亿' "hover on a tier"
has "$(reply 12)" 'tier of `key_account`' "hover on a tier"
has "$(reply 13)" 'tiering key_account \"Key account tier\" {' "hover on a tiering"
has "$(reply 13)" 'a tier: S > A > C' "hover on a tiering"
has "$(reply 14)" 'column `amount` of `deals`: REAL' "hover on a column"
has "$(reply 15)" '"result":null' "hover inside a string"

# --- definition, references, symbols ---------------------------------------------------------
has "$(reply 20)" "{\"uri\":\"$BASE\",\"range\":{\"start\":{\"line\":5,\"character\":4},\"end\":{\"line\":5,\"character\":7}}}" "definition across files"
refs=$(reply 21)
[ "$(printf '%s' "$refs" | grep -oF '"uri":' | wc -l)" = 4 ] || die "references of won: expected 4 places: $refs"
has "$refs" "{\"uri\":\"$TIERS\",\"range\":{\"start\":{\"line\":6,\"character\":39},\"end\":{\"line\":6,\"character\":42}}}" "references of won"
has "$refs" "{\"uri\":\"$BASE\",\"range\":{\"start\":{\"line\":5,\"character\":4}" "references of won: the declaration"
has "$(reply 22)" "{\"uri\":\"$TIERS\",\"range\":{\"start\":{\"line\":1,\"character\":7},\"end\":{\"line\":1,\"character\":8}}}" "definition of a tier"
refs=$(reply 23)
[ "$(printf '%s' "$refs" | grep -oF '"uri":' | wc -l)" = 2 ] || die "references of tier S without its declaration: expected 2: $refs"
has "$refs" "{\"uri\":\"$BASE\",\"range\":{\"start\":{\"line\":6,\"character\":27}" "references of tier S"
symbols=$(reply 24)
has "$symbols" '{"name":"key_account","detail":"Key account tier","kind":10,' "document symbols: the tiering"
has "$symbols" '"children":[{"name":"S","detail":"tier","kind":22,"range":{"start":{"line":1,"character":2},' "document symbols: tiers as children"
has "$symbols" '{"name":"名","detail":"let","kind":13,' "document symbols: a let"
has "$symbols" '{"name":"big","detail":"alert","kind":24,' "document symbols: an alert"

# --- completion ----------------------------------------------------------------------------------
dot=$(reply 30)
for col in '{"label":"amount","kind":5,"detail":"REAL"}' '{"label":"closed_on","kind":5,"detail":"DATE"}' '"label":"gross_margin"'; do
  has "$dot" "$col" "completion after deals."
done
hasnt "$dot" '"label":"won"' "completion after deals."
has "$(reply 31)" '{"label":"A","kind":20,"detail":"Key"}' "completion in key_account in ("
has "$(reply 32)" '{"label":"S","kind":20,"detail":"Strategic"}' "completion after key_account ="
hasnt "$(reply 32)" '"label":"won"' "completion after key_account ="
has "$(reply 33)" '{"label":"tiering","kind":14' "completion at the margin"
hasnt "$(reply 33)" '"label":"abs"' "completion at the margin"
for want in '{"label":"won","kind":6' '{"label":"coalesce","kind":3' '{"label":"industry_rank","kind":5' '{"label":"between","kind":14'; do
  has "$(reply 34)" "$want" "completion in an expression"
done

# --- formatting -------------------------------------------------------------------------------------
has "$(reply 40)" '"newText":"tiering key_account \"Key account tier\" {\n  tier S \"Strategic\" when won >= 1亿\n  tier A \"Key\"       when won >= 3000万' "formatting"
has "$(reply 40)" '"range":{"start":{"line":0,"character":0},"end":{"line":7,"character":0}}' "formatting: the whole document"
has "$(reply 41)" '"result":null' "formatting a document with syntax errors"

# --- malformed input ------------------------------------------------------------------------------------
bad=$(step malformed)
has "$bad" '{"id":null,"error":{"code":-32700,' "bad JSON"
has "$(reply 51)" '"error":{"code":-32601,' "unknown method"
has "$(reply 52)" '"error":{"code":-32602,' "hover without a document"
has "$(reply 53)" '"error":{"code":-32602,' "hover with a bad position"
has "$(reply 54)" '"error":{"code":-32600,' "a request without a method"
has "$bad" '{"id":null,"error":{"code":-32600,"message":"a message is a JSON object"}' "a JSON array"
has "$bad" '{"id":null,"error":{"code":-32600,"message":"a message needs a Content-Length header"}' "no Content-Length"
[ "$(printf '%s\n' "$bad" | grep -c 'Content-Length header')" = 2 ] || die "two messages without a usable Content-Length: $bad"
hasnt "$bad" '"id":56' "the body without a Content-Length is not run"
has "$(printf '%s\n' "$bad" | tail -1)" '{"id":57,"result":null' "after every malformed message the next request is answered"
end=$(step end)
has "$end" '{"id":60,"result":null' "shutdown"
has "$end" '{"id":61,"error":{"code":-32600,' "a request after shutdown"
has "$end" 'exit 0' "exit after shutdown"

# --- the database from initializationOptions; a document outside any file ---------------------------------
{
  echo "send {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{},\"initializationOptions\":{\"db\":\"$T/crm.db\"}}}"
  echo 'wait "id":1'
  open_doc typo; published "$TIERS"
  echo 'send {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:1","languageId":"kam","version":1,"text":"let x ="}}}'
  echo 'send {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:1"},"position":{"line":0,"character":4}}}'
  echo 'wait "id":2'
  echo 'send {"jsonrpc":"2.0","id":3,"method":"shutdown"}'
  echo 'wait "id":3'
  echo 'send {"jsonrpc":"2.0","method":"exit"}'
  echo 'end'
} > "$T/options.txt"
"$CLIENT" "$T/options.txt" "$KAM" lsp > "$T/out2" 2>&1 || die "the second session stopped: $(tail -5 "$T/out2")"
OUT=$T/out2
has "$(grep -F "\"uri\":\"$TIERS\"" "$OUT")" "table 'deals' has no column 'amont'" "initializationOptions.db"
has "$(reply 2)" '"result":null' "hover on a document that is no file"
has "$(cat "$OUT")" 'exit 0' "the second session's exit"

# --- a scorecard's metric in the shipped pack: its weights rows and tests refer to it ----------------------
PACK=$PWD/rules/key_accounts
line=$(grep -n '^ *metric orders = ' "$PACK/20_scorecard.kam" | cut -d: -f1)
[ -n "$line" ] || die "the shipped scorecard has no metric orders"
col=$(sed -n "${line}p" "$PACK/20_scorecard.kam" | awk '{ print index($0, "orders") - 1 }')
# The pack groups its accounts (`group by group_id`): a declaration with no name of its own.
gline=$(grep -n '^group by group_id' "$PACK/10_tiering.kam" | cut -d: -f1)
[ -n "$gline" ] || die "the shipped tiering has no 'group by group_id'"
{
  echo 'send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
  echo 'wait "id":1'
  at 2 references "file://$PACK/20_scorecard.kam" $((line - 1)) "$col" ',"context":{"includeDeclaration":true}'; echo 'wait "id":2'
  at 3 hover "file://$PACK/20_scorecard.kam" $((line - 1)) "$col"; echo 'wait "id":3'
  at 4 hover "file://$PACK/10_tiering.kam" $((gline - 1)) 9; echo 'wait "id":4'
  echo 'end'
} > "$T/pack.txt"
"$CLIENT" "$T/pack.txt" "$KAM" lsp > "$T/out4" 2>&1 || die "the pack session stopped: $(tail -5 "$T/out4")"
OUT=$T/out4
refs=$(reply 2)
[ "$(printf '%s' "$refs" | grep -oF '"uri":' | wc -l)" -ge 4 ] || die "references of metric orders: the declaration, weights rows and a test expected: $refs"
has "$refs" "{\"uri\":\"file://$PACK/90_tests.kam\"" "references of a metric from a test"
has "$(reply 3)" 'metric of scorecard `account_health`' "hover on a metric"
has "$(reply 4)" 'column `group_id` of `accounts`: INTEGER' "hover on the column of 'group by': its type from the pack's schema.sql (no --db)"

# --- before initialize; a huge Content-Length; the input ends without exit --------------------------------
{
  echo 'send {"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}'
  echo 'wait "id":1'
  echo 'raw Content-Length: 99999999999\r\n\r\n{"jsonrpc":"2.0"}'
  echo 'wait too large'
  echo 'end'
} > "$T/huge.txt"
"$CLIENT" "$T/huge.txt" "$KAM" lsp > "$T/out3" 2>&1 || die "the third session stopped: $(tail -5 "$T/out3")"
OUT=$T/out3
has "$(reply 1)" '"error":{"code":-32002,' "a request before initialize"
has "$(cat "$OUT")" '{"id":null,"error":{"code":-32600,"message":"message too large (at most 64 MiB)"}' "a huge Content-Length"
has "$(cat "$OUT")" 'exit 1' "the input ends without shutdown: exit status 1"

# --- the VS Code extension starts kam lsp, and highlights without it -------------------------------------
# A stub of the vscode API (and, in one case, of vscode-languageclient) records
# what the extension does; the real client library is a package.json dependency.
grep -q '"vscode-languageclient":' editors/vscode/package.json || die "package.json does not depend on vscode-languageclient"
grep -q '"main": *"./extension.js"' editors/vscode/package.json || die "package.json does not name extension.js"
grep -q '"kam.path"' editors/vscode/package.json || die "package.json has no kam.path setting"
if command -v node >/dev/null 2>&1; then
  mkdir -p "$T/stub/vscode" "$T/stub_lc/vscode-languageclient"
  cat > "$T/stub/vscode/index.js" <<'JS'
const settings = JSON.parse(process.env.KAM_SETTINGS);
const log = (...a) => console.log(a.join(" "));
module.exports = {
  workspace: { getConfiguration: () => ({ get: (k) => settings[k] }), onDidChangeConfiguration: () => ({ dispose() {} }) },
  window: { setStatusBarMessage: (m) => log("status:", m), showInformationMessage: (m) => log("info:", m) },
};
JS
  cp -r "$T/stub/vscode" "$T/stub_lc/"
  cat > "$T/stub_lc/vscode-languageclient/node.js" <<'JS'
exports.TransportKind = { stdio: 0 };
exports.LanguageClient = class {
  constructor(id, name, server, client) { console.log("client:", server.command, JSON.stringify(server.args), JSON.stringify(client.documentSelector)); }
  start() { console.log("started"); return Promise.resolve(); }
  stop() { return Promise.resolve(); }
};
JS
  activate() {   # activate NODE_PATH SETTINGS_JSON
    NODE_PATH=$1 KAM_SETTINGS=$2 node -e 'require(process.argv[1]).activate({ subscriptions: [] }).catch((e) => { console.log("error:", e.message); process.exit(1); })' \
      "$PWD/editors/vscode/extension.js" 2>&1
  }
  got=$(activate "$T/stub" '{"path":"/nonexistent/kam"}')
  has "$got" "status: kam: '/nonexistent/kam' not found (setting kam.path): highlighting only" "the extension without kam"
  got=$(activate "$T/stub" "{\"path\":\"$KAM\"}")
  has "$got" "info: kam: run \`npm install\`" "the extension without vscode-languageclient"
  got=$(activate "$T/stub_lc" "{\"path\":\"$KAM\",\"db\":\"$T/crm.db\"}")
  has "$got" "client: $KAM [\"lsp\",\"--db\",\"$T/crm.db\"] [{\"scheme\":\"file\",\"language\":\"kam\"}]" "the extension starts kam lsp"
  has "$got" "started" "the extension starts kam lsp"
else
  echo "note: no node: the VS Code extension was not run"
fi

# --- the command line ---------------------------------------------------------------------------------------
expect_status 2 "$KAM" lsp "$T/rules"
expect_in "lsp takes no PATH" "$T/err"
expect_status 2 "$KAM" lsp --strict
expect_status 0 "$KAM" lsp --help
expect_in "usage: kam lsp [--db DB]" "$T/out"
echo "lsp: a whole session, malformed input, initializationOptions, huge messages"
