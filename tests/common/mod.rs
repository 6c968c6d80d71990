//! What the CLI tests share: run the real binary without colour, keep what it did, and refuse a
//! panic, the one rule every run must keep.

// Each test binary includes this module and uses only part of it.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

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
