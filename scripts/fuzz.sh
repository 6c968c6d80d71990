#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time, one after the other, and fails on the first
# crash (a panic, a stack overflow, a timeout or running out of memory). libFuzzer prints its
# counts as it goes; the last `#N ... exec/s` line of each target is its total.
#
#   bash scripts/fuzz.sh            # 60 seconds per target
#   bash scripts/fuzz.sh 600        # 10 minutes per target
#   bash scripts/fuzz.sh 10 walk    # only the named targets
#
# cargo-fuzz needs a nightly-only compiler flag. With a nightly toolchain installed (rustup) it is
# used; otherwise stable is allowed the flag with RUSTC_BOOTSTRAP=1. cargo-fuzz is installed from
# crates.io when missing. The corpora (fuzz/corpus/TARGET/) are seeded on every run from the
# repository's flows, fixtures and answer files; what libFuzzer adds is kept between runs and is
# not committed. A crash leaves its input in fuzz/artifacts/TARGET/: reproduce it with
# `cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-...` in fuzz/, then make it a test.
#
# Environment: FUZZ_TARGET_DIR (the build directory, default fuzz/target), FUZZ_SANITIZER
# (`none`, the default, or `address`: flowrun has no unsafe code, and without ASan builds and
# runs are several times faster), FUZZ_DEV=1 (an unoptimised build: it compiles faster but runs
# some forty times slower), FUZZ_CODEGEN_UNITS (16 compiles an optimised build much faster than
# the default 1, for short smoke runs such as CI's), FUZZ_JOBS (cargo build jobs), FUZZ_SEED
# (libFuzzer's random seed: with the same seed and corpus the same inputs are tried in the same
# order, so a failure in CI is reproduced by the same command and a pass is not luck; without it
# every run explores afresh, which is what a long run looking for new crashes wants).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-60}
shift || true
all_targets=(parse_build check answers test_file walk render_format batch)
if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=("${all_targets[@]}")
fi

# Nightly if rustup has it, else stable allowed the nightly-only flag. FUZZ_TOOLCHAIN=stable
# takes the stable path even where nightly is installed (to try what CI machines do).
if [ "${FUZZ_TOOLCHAIN:-}" != stable ] && command -v rustup >/dev/null 2>&1 &&
    rustup toolchain list | grep -q '^nightly'; then
    toolchain=(+nightly)
    echo "scripts/fuzz.sh: using the nightly toolchain" >&2
else
    toolchain=()
    export RUSTC_BOOTSTRAP=1
    echo "scripts/fuzz.sh: no nightly toolchain; using stable with RUSTC_BOOTSTRAP=1" >&2
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "scripts/fuzz.sh: cargo-fuzz is missing; running cargo install cargo-fuzz --locked" >&2
    cargo install cargo-fuzz --locked
fi

target_dir=${FUZZ_TARGET_DIR:-$root/fuzz/target}
sanitizer=${FUZZ_SANITIZER:-none}
# Debug assertions on: an arithmetic overflow is a crash too.
build_flags=(--sanitizer "$sanitizer" --debug-assertions --target-dir "$target_dir")
if [ "${FUZZ_DEV:-}" = 1 ]; then
    build_flags+=(--dev)
fi
if [ -n "${FUZZ_CODEGEN_UNITS:-}" ]; then
    build_flags+=(--codegen-units "$FUZZ_CODEGEN_UNITS")
fi
if [ -n "${FUZZ_JOBS:-}" ]; then
    build_flags+=(--jobs "$FUZZ_JOBS")
fi

# Seeds: the flows and fixtures as they are; answers and test files behind the byte that picks
# their format; for `walk`, each flow with each answers file (flow, NUL, format byte, answers).
seed() {
    local target=$1
    local dir=fuzz/corpus/$target
    mkdir -p "$dir"
    local flows
    flows=$(find flows tests/fixtures tests/mermaid -name '*.flow' | sort)
    case $target in
        parse_build | check | render_format)
            local i=0
            for f in $flows; do
                cp "$f" "$dir/seed-$i"
                i=$((i + 1))
            done
            # `&` products, whose edges grow with the square of the text (FLOW707): a wide one,
            # a chain of them with a label copied onto every edge, and one out of a subgraph to
            # each of its exits.
            {
                printf 'flowchart TD\n    '
                for n in $(seq 0 63); do printf 'l%d & ' "$n"; done
                printf 'l64 --> '
                for n in $(seq 0 63); do printf 'r%d & ' "$n"; done
                printf 'r64\n'
            } >"$dir/seed-product-wide"
            printf 'flowchart TD\n    q{Go?} -->|Yes| a & b & c -->|copied| d & e & f --> g & h\n    q -->|No| z[Stop]\n' \
                >"$dir/seed-product-chain"
            printf 'flowchart TD\n    subgraph s\n        a & b & c\n    end\n    s --> x & y & z\n' \
                >"$dir/seed-product-subgraph"
            ;;
        answers)
            local i=0
            for f in $(find flows/answers tests/fixtures/answers tests/fixtures/cli \
                \( -name '*.json' -o -name '*.yaml' -o -name '*.toml' \) | sort); do
                local pick
                case $f in *.json) pick='\000' ;; *.yaml) pick='\001' ;; *) pick='\002' ;; esac
                { printf "$pick"; cat "$f"; } >"$dir/seed-$i"
                i=$((i + 1))
            done
            ;;
        test_file)
            local i=0
            for f in $(find flows tests/fixtures \( -name '*.tests.toml' -o -name '*.tests.yaml' \) | sort); do
                local pick
                case $f in *.toml) pick='\000' ;; *) pick='\001' ;; esac
                { printf "$pick"; cat "$f"; } >"$dir/seed-$i"
                i=$((i + 1))
            done
            ;;
        walk)
            local i=0
            for f in flows/eligibility.flow tests/fixtures/eligibility-multiline.flow \
                tests/fixtures/cli/sequence.flow; do
                for a in flows/answers/* tests/fixtures/cli/*.json; do
                    local pick
                    case $a in *.json) pick='\000' ;; *.yaml) pick='\001' ;; *) pick='\002' ;; esac
                    { cat "$f"; printf '\000'; printf "$pick"; cat "$a"; } >"$dir/seed-$i"
                    i=$((i + 1))
                done
            done
            ;;
        batch)
            # The format byte: bit 0 CSV, bit 1 id and path columns, bit 2 CSV rows out.
            local i=0
            for f in tests/fixtures/batch/*; do
                local picks
                case $f in *.csv) picks='\001 \003 \007' ;; *) picks='\000 \002 \006' ;; esac
                for pick in $picks; do
                    { printf "$pick"; cat "$f"; } >"$dir/seed-$i"
                    i=$((i + 1))
                done
            done
            ;;
        *)
            echo "scripts/fuzz.sh: error: unknown target $target (known: ${all_targets[*]})" >&2
            exit 2
            ;;
    esac
}

echo "scripts/fuzz.sh: building ${targets[*]} (sanitizer $sanitizer, into $target_dir)" >&2
for target in "${targets[@]}"; do
    seed "$target"
done
(cd fuzz && cargo "${toolchain[@]}" fuzz build "${build_flags[@]}")

run_flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
if [ -n "${FUZZ_SEED:-}" ]; then
    run_flags+=(-seed="$FUZZ_SEED")
fi

for target in "${targets[@]}"; do
    echo "==> fuzz $target for ${seconds}s" >&2
    # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: memory use is a crash too.
    (cd fuzz && cargo "${toolchain[@]}" fuzz run "${build_flags[@]}" "$target" "corpus/$target" -- \
        "${run_flags[@]}")
done
echo "scripts/fuzz.sh: no crash in ${targets[*]} (${seconds}s each)" >&2
