#!/bin/sh
# Removes what a production node_modules never loads: source maps, type declarations (except
# TypeScript's own lib files, which the code review's type-aware linting reads), READMEs and
# changelogs, and better-sqlite3's C sources and build intermediates (its compiled addon stays).
# License files are kept. Used by deploy/Dockerfile and by .ci/check-runtime, which measures it.
# Usage: prune-node-modules.sh <node_modules folder>
set -eu
modules=${1:?usage: prune-node-modules.sh <node_modules folder>}
[ -d "$modules" ] || { echo "no such folder: $modules" >&2; exit 1; }

find "$modules" -type f \( \
  -name '*.map' \
  -o \( \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -not -path "$modules/typescript/*" \) \
  -o -iname 'readme*.md' -o -iname 'changelog*.md' -o -iname 'history.md' \
  \) -delete

# TypeScript's translated diagnostics (4.4 MB): the review engine runs it in English only.
find "$modules/typescript/lib" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} + 2>/dev/null || true

sqlite="$modules/better-sqlite3"
if [ -d "$sqlite" ]; then
  rm -rf "$sqlite/deps" "$sqlite/src" "$sqlite/build/deps" "$sqlite/build/Release/obj" \
    "$sqlite/build/Release/obj.target" "$sqlite/build/Release/.deps" "$sqlite/build/Release/sqlite3.a" \
    "$sqlite/build/Release/test_extension.node"
  [ -f "$sqlite/build/Release/better_sqlite3.node" ] || { echo "better-sqlite3's addon is missing" >&2; exit 1; }
fi
