#!/usr/bin/env bash
# The project's one test command: makes sure Graphviz `dot` is present (the DOT tests pipe the
# renderer's output into it) and that Node.js, npm and the pinned mermaid package are (the
# interop tests ask Mermaid's own parser), then runs every test target. Arguments, when given,
# replace `--all-targets`: they go to `cargo test` as they are. The integration tests are one
# test target, `integration`, with a module per file of tests/; a filter on the module path picks
# one file's tests.
#
#   bash scripts/test.sh                             # everything
#   bash scripts/test.sh --test integration          # the integration tests
#   bash scripts/test.sh --test integration dot::    # those of tests/dot.rs
set -euo pipefail

cd "$(dirname "$0")/.."

# apt-get install -y --no-install-recommends PACKAGE..., as root or through sudo.
apt_install() {
    local as_root
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
        echo "scripts/test.sh: not root, using sudo for apt-get" >&2
    else
        echo "scripts/test.sh: error: not root and sudo is missing; install $* by hand" \
            "(apt-get install $*) and run this again" >&2
        exit 1
    fi
    echo "scripts/test.sh: running apt-get update" >&2
    "${as_root[@]}" apt-get update
    echo "scripts/test.sh: running apt-get install -y --no-install-recommends $*" >&2
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

if ! command -v dot >/dev/null 2>&1; then
    echo "scripts/test.sh: Graphviz \`dot\` is not on PATH; installing the Debian package graphviz" >&2
    apt_install graphviz
    if ! command -v dot >/dev/null 2>&1; then
        echo "scripts/test.sh: error: graphviz was installed but \`dot\` is still not on PATH" >&2
        exit 1
    fi
    echo "scripts/test.sh: installed $(dot -V 2>&1)" >&2
fi

# mermaid 11.14.0 and jsdom 26.1.0 (interop/package-lock.json) need Node.js 18 or newer. Debian
# bookworm's nodejs is 18.20.4 and its npm 9.2.0, which reads the lock file (lockfileVersion 3);
# the harness gives the same verdicts there as on Node 20.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "scripts/test.sh: Node.js or npm is not on PATH; installing the Debian packages nodejs npm" >&2
    apt_install nodejs npm
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        echo "scripts/test.sh: error: nodejs and npm were installed but are still not on PATH" >&2
        exit 1
    fi
    echo "scripts/test.sh: installed Node.js $(node --version), npm $(npm --version)" >&2
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
    echo "scripts/test.sh: error: Node.js $(node --version) is too old; mermaid needs 18 or newer" >&2
    exit 1
fi

# npm ci leaves node_modules/.package-lock.json behind; a newer lock file means reinstall.
if [ ! -f interop/node_modules/.package-lock.json ] ||
    [ interop/package-lock.json -nt interop/node_modules/.package-lock.json ]; then
    echo "scripts/test.sh: running npm ci --prefix interop (mermaid, from interop/package-lock.json)" >&2
    npm ci --prefix interop --no-audit --no-fund --loglevel=error >&2
fi

# The DOT and interop tests fail instead of skipping when `dot` or Mermaid is missing.
export FLOWRUN_REQUIRE_DOT=1 FLOWRUN_REQUIRE_MERMAID=1
# `--all-targets` with `--test NAME` would still build and run every target: arguments replace it.
if [ "$#" -eq 0 ]; then
    set -- --all-targets
fi
echo "scripts/test.sh: running cargo test $* (FLOWRUN_REQUIRE_DOT=1, $(dot -V 2>&1);" \
    "FLOWRUN_REQUIRE_MERMAID=1, Node.js $(node --version))" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test "$@" 2>&1 | tee "$log"
# One closing line for the whole run, summed over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
