//! What the integration tests share, as `crate::support`: running the real binary without colour,
//! keeping what it did, and refusing a panic (the one rule every run must keep); the shared Mermaid
//! corpus; the generators of flow text and the formatter's laws for the property tests; and two
//! files of other targets, the benchmarks' flow generator and the embedding example.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub(crate) mod format_laws;
pub(crate) mod generate;

// `#[path]` is unavoidable for these two, the only files the tests take from outside tests/:
// neither is in a crate the tests could depend on. The flow generator is part of the benchmarks
// and of `examples/gen_flow.rs` (which include it with `#[path]` too), and `examples/embed.rs` is
// an example target of its own. Included here once, they are `support::flowgen` and
// `support::embed` to the tests.

/// Deterministic flows of a given size and shape (the benchmarks' generator); the tests use part
/// of it.
#[path = "../../benches/flowgen/mod.rs"]
#[allow(dead_code, unreachable_pub)]
pub(crate) mod flowgen;

/// The embedding example, as the README shows it; its `main` is not called here, `run` is.
#[path = "../../examples/embed.rs"]
#[allow(dead_code)]
pub(crate) mod embed;

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Out {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Out {
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Exit code and both streams, for snapshots.
    pub(crate) fn transcript(&self) -> String {
        format!(
            "exit code: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// The repository root, where the tests' relative paths start.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, to run in `dir` without colour and without backtraces.
pub(crate) fn flowrun_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("flowrun").expect("the flowrun binary is built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// Runs a command and checks that it did not panic.
pub(crate) fn exec(cmd: &mut Command) -> Out {
    let output = cmd.output().expect("flowrun runs");
    let out = Out {
        code: output
            .status
            .code()
            .expect("flowrun exits with a code (not killed by a signal)"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_ne!(out.code, 101, "flowrun panicked: {out:#?}");
    assert!(
        !out.stderr.contains("panicked"),
        "flowrun panicked: {out:#?}"
    );
    out
}

/// The conformance corpus beside the repository, `../shared/mermaid-corpus/`, read in place: its
/// directory, or None when it is missing. CI (the `CI` variable set) must have it, so there a
/// missing corpus fails the test instead of skipping it.
pub(crate) fn mermaid_corpus() -> Option<PathBuf> {
    corpus_at(
        &root().join("../shared/mermaid-corpus"),
        std::env::var_os("CI").is_some(),
    )
}

fn corpus_at(dir: &Path, ci: bool) -> Option<PathBuf> {
    if dir.join("MANIFEST.tsv").is_file() {
        return Some(dir.to_path_buf());
    }
    assert!(
        !ci,
        "CI must have ../shared/mermaid-corpus beside the repository (no {})",
        dir.join("MANIFEST.tsv").display()
    );
    eprintln!("skipped: ../shared/mermaid-corpus is not beside the repository");
    None
}

#[test]
#[should_panic(expected = "CI must have ../shared/mermaid-corpus")]
fn a_missing_corpus_fails_under_ci() {
    let empty = tempfile::tempdir().expect("a temporary directory");
    corpus_at(empty.path(), true);
}

#[test]
fn a_missing_corpus_is_skipped_elsewhere() {
    let empty = tempfile::tempdir().expect("a temporary directory");
    assert_eq!(corpus_at(empty.path(), false), None);
}
