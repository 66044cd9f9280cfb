#!/bin/sh
# Configures the current git repository for kam rule files:
#  - the "kam" diff driver's hunk-header pattern, so `git diff` shows the
#    declaration (tiering, scorecard, alert, let ...) a change belongs to;
#  - optionally (--hook) the pre-commit hook in tools/git/pre-commit.
# Run it from inside the repository: sh tools/git/setup.sh [--hook]
set -e
git config diff.kam.xfuncname '^((entity|relation|let|output|tiering|scorecard|alert|test)[ \t].*)$'
echo "kam: git diff now names the declaration of each hunk in *.kam files"
if [ "${1:-}" = "--hook" ]; then
  hooks=$(git rev-parse --git-path hooks)
  mkdir -p "$hooks"
  cp "$(dirname "$0")/pre-commit" "$hooks/pre-commit"
  chmod +x "$hooks/pre-commit"
  echo "kam: pre-commit hook installed in $hooks"
fi
# A .gitattributes line maps *.kam to the driver; add it when missing.
top=$(git rev-parse --show-toplevel)
grep -qs 'diff=kam' "$top/.gitattributes" || echo '*.kam diff=kam' >> "$top/.gitattributes"
