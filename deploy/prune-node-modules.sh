#!/bin/sh
# Removes what a production node_modules never loads: source maps, type declarations (except
# TypeScript's own lib files, which the code review's type check reads), READMEs and changelogs,
# TypeScript's command-line programs, and better-sqlite3's C sources and build intermediates (its
# compiled addon stays).
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

# TypeScript: the review loads lib/typescript.js (its API) and the lib.*.d.ts files a type check
# reads; the compiler and language server programs (tsc, tsserver: 8 MB) and the translated
# diagnostics (4.4 MB, the review runs in English) are never loaded.
ts="$modules/typescript"
if [ -d "$ts" ]; then
  rm -rf "${ts:?}/bin"
  find "$ts/lib" -mindepth 1 -maxdepth 1 -not -name typescript.js -not -name 'lib.*.d.ts' -exec rm -rf {} +
  [ -f "$ts/lib/typescript.js" ] || { echo "typescript's lib/typescript.js is missing" >&2; exit 1; }
fi

sqlite="$modules/better-sqlite3"
if [ -d "$sqlite" ]; then
  rm -rf "$sqlite/deps" "$sqlite/src" "$sqlite/build/deps" "$sqlite/build/Release/obj" \
    "$sqlite/build/Release/obj.target" "$sqlite/build/Release/.deps" "$sqlite/build/Release/sqlite3.a" \
    "$sqlite/build/Release/test_extension.node"
  [ -f "$sqlite/build/Release/better_sqlite3.node" ] || { echo "better-sqlite3's addon is missing" >&2; exit 1; }
fi
