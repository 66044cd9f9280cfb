#!/bin/sh
# bench/lsp_latency.sh [LINES] [REPS] -- how long `kam lsp` takes from a
# didChange of a large rule file to the publishDiagnostics that answers it
# (the whole rule set checked again, as when a user types).  The rule set is
# bench/gen_check.sh's (default 10,000 lines); the document is opened, then
# changed REPS times (default 9), alternately with and without an extra
# comment line, through the scripted client tests/lsp/lsp_client.c (built
# with make).  Prints each time and the median; target: < 100 ms.
# Run from the project root; exit 1 when a step fails.
set -eu
lines=${1:-10000}
reps=${2:-9}
make -s kam build/lsp_client >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/rules"
sh bench/gen_check.sh "$lines" "$work/rules/big.kam"
{ cat "$work/rules/big.kam"; echo "# an edit"; } > "$work/edited.kam"
uri="file://$work/rules/big.kam"
{
  echo 'send {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
  echo 'wait "id":1'
  echo "send {\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"$uri\",\"languageId\":\"kam\",\"version\":1,\"text\":@file:$work/rules/big.kam@}}}"
  echo 'wait publishDiagnostics'
  i=1
  while [ "$i" -le "$reps" ]; do
    if [ $((i % 2)) = 1 ]; then text=$work/edited.kam; else text=$work/rules/big.kam; fi
    echo "send {\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"$uri\",\"version\":$((i + 1))},\"contentChanges\":[{\"text\":@file:$text@}]}}"
    echo 'waitt publishDiagnostics'
    i=$((i + 1))
  done
  echo 'send {"jsonrpc":"2.0","id":2,"method":"shutdown"}'
  echo 'wait "id":2'
  echo 'send {"jsonrpc":"2.0","method":"exit"}'
  echo 'end'
} > "$work/script"
build/lsp_client "$work/script" ./kam lsp > "$work/out" || { tail -3 "$work/out"; exit 1; }
grep -q '^exit 0$' "$work/out" || { echo "kam lsp did not exit cleanly"; tail -3 "$work/out"; exit 1; }
if grep '"severity":1' "$work/out" >/dev/null; then echo "the generated rule set has errors"; exit 1; fi
times=$(sed -n 's/^elapsed_ms //p' "$work/out")
echo "kam lsp, $(wc -l < "$work/rules/big.kam") lines: didChange -> publishDiagnostics, ms:" $times
median=$(printf '%s\n' $times | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "median: $median ms (target < 100 ms)"
