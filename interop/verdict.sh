#!/usr/bin/env bash
# Does Mermaid accept this flowchart? Prints one JSON verdict per file (see mermaid-verdict.mjs).
#
#   interop/verdict.sh flows/eligibility.flow
#   find flows -name '*.flow' | interop/verdict.sh -
#
# Installs the pinned mermaid and jsdom (package-lock.json) on first use.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules" ]; then
    echo "interop/verdict.sh: installing mermaid from interop/package-lock.json (npm ci)" >&2
    # npm's output would mix with the verdicts on stdout.
    npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >&2
fi
exec node "$here/mermaid-verdict.mjs" "$@"
