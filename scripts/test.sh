#!/usr/bin/env bash
# The project's one test command: makes sure Graphviz `dot` is present (the DOT tests pipe the
# renderer's output into it), then runs every test target. Extra arguments go to `cargo test`.
#
#   bash scripts/test.sh              # everything
#   bash scripts/test.sh --test dot   # one test target
set -euo pipefail

cd "$(dirname "$0")/.."

if ! command -v dot >/dev/null 2>&1; then
    echo "scripts/test.sh: Graphviz \`dot\` is not on PATH; installing the Debian package graphviz" >&2
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
        echo "scripts/test.sh: not root, using sudo for apt-get" >&2
    else
        echo "scripts/test.sh: error: not root and sudo is missing; install graphviz by hand" \
            "(apt-get install graphviz) and run this again" >&2
        exit 1
    fi
    echo "scripts/test.sh: running apt-get update" >&2
    "${as_root[@]}" apt-get update
    echo "scripts/test.sh: running apt-get install -y --no-install-recommends graphviz" >&2
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends graphviz
    if ! command -v dot >/dev/null 2>&1; then
        echo "scripts/test.sh: error: graphviz was installed but \`dot\` is still not on PATH" >&2
        exit 1
    fi
    echo "scripts/test.sh: installed $(dot -V 2>&1)" >&2
fi

# The DOT tests fail instead of skipping when `dot` is missing.
export FLOWRUN_REQUIRE_DOT=1
echo "scripts/test.sh: running cargo test --all-targets $* (FLOWRUN_REQUIRE_DOT=1, $(dot -V 2>&1))" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --all-targets "$@" 2>&1 | tee "$log"
# One closing line for the whole run, summed over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
