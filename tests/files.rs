//! Files flowrun reads and writes: reading never opens what is not a regular file (a FIFO would
//! hang it), `git show` is read no further than the size limit, `fmt` never writes through a
//! symbolic link or out of the tree it was given, and a writer killed by SIGINT or SIGTERM leaves
//! no temporary file behind.
//!
//! A test that could hang before its fix (a FIFO, an endless `git`) runs the binary with a
//! deadline and kills it there, so a regression fails the test instead of stalling the suite.

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::Out;

/// Generous: these runs take well under a second; the deadline only stops a hang.
const DEADLINE: Duration = Duration::from_secs(60);

/// The binary, in `dir`, without colour.
fn flowrun(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("flowrun"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to its end, or kills it at the deadline: `None` then. A panic is a failure.
fn run_until_deadline(cmd: &mut Command) -> Option<Out> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("flowrun starts");
    let pipe = |mut p: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = p.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().expect("piped")));
    let stderr = pipe(Box::new(child.stderr.take().expect("piped")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting works") {
            break Some(status);
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = Out {
        code: status.and_then(|s| s.code()).unwrap_or(-1),
        stdout: stdout.join().expect("a reader"),
        stderr: stderr.join().expect("a reader"),
    };
    assert!(
        !out.stderr.contains("panicked"),
        "flowrun panicked: {out:#?}"
    );
    status.map(|_| out)
}

const FLOW: &str = "flowchart TD\n    q{Go?} -->|Yes| a[A]\n    q -->|No| b[B]\n";

#[cfg(unix)]
fn write_script(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn an_endless_git_show_is_read_no_further_than_the_limit() {
    // A `git` that never stops writing: flowrun must stop reading one byte past the limit and
    // stop git, not wait for the end of its output.
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    write_script(
        &bin.join("git"),
        "#!/bin/sh\nwhile :; do echo '    a --> b'; done\n",
    );
    std::fs::write(dir.path().join("f.flow"), FLOW).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = run_until_deadline(
        flowrun(dir.path())
            .env("PATH", path)
            .env("FLOWRUN_MAX_FLOW_BYTES", "64K")
            .args(["diff", "f.flow", "--rev", "HEAD"]),
    )
    .expect("flowrun stops reading git at the limit");
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW701"), "{out:#?}");
    assert!(
        out.stderr.contains("`HEAD:f.flow` is larger than"),
        "{out:#?}"
    );
}

#[test]
fn a_committed_flow_over_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .status();
        status.is_ok_and(|s| s.success())
    };
    if !git(&["init", "-q"]) {
        eprintln!("skipped: git is not available");
        return;
    }
    let big: String = std::iter::once("flowchart TD\n".to_owned())
        .chain((0..2000).map(|i| format!("    q{i} --> q{}\n", i + 1)))
        .collect();
    std::fs::write(dir.path().join("f.flow"), &big).unwrap();
    assert!(git(&["add", "f.flow"]) && git(&["commit", "-qm", "big"]));
    std::fs::write(dir.path().join("f.flow"), FLOW).unwrap();
    let out = run_until_deadline(
        flowrun(dir.path())
            .env("FLOWRUN_MAX_FLOW_BYTES", "1K")
            .args(["diff", "f.flow", "--rev", "HEAD"]),
    )
    .expect("no hang");
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW701"), "{out:#?}");
    // Within the limit it is read and compared.
    let out = run_until_deadline(flowrun(dir.path()).args(["diff", "f.flow", "--rev", "HEAD"]))
        .expect("no hang");
    assert!(!out.stderr.contains("FLOW701"), "{out:#?}");
    assert!(!out.stderr.contains("FLOW403"), "{out:#?}");
}

/// Makes a FIFO at `path` with the `mkfifo` command.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_being_opened() {
    // Opening a FIFO for reading waits for a writer: before, each of these hung.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("a.flow"), FLOW).unwrap();
    mkfifo(&d.join("b.flow"));
    mkfifo(&dir.path().join("answers.json"));
    std::fs::write(dir.path().join("f.flow"), FLOW).unwrap();
    for args in [
        &["check", "d/"][..],
        &["check", "d/b.flow"],
        &["fmt", "d/"],
        &["fmt", "--check", "d/b.flow"],
        &["run", "d/b.flow", "answers.json"],
        &["run", "f.flow", "answers.json"],
        &["render", "d/b.flow"],
        &["diff", "f.flow", "d/b.flow"],
    ] {
        let out = run_until_deadline(flowrun(dir.path()).args(args))
            .unwrap_or_else(|| panic!("flowrun {args:?} waited on a FIFO"));
        assert_eq!(out.code, 2, "{args:?}: {out:#?}");
        assert!(out.stderr.contains("FLOW401"), "{args:?}: {out:#?}");
        assert!(
            out.stderr.contains("named pipe (FIFO)"),
            "{args:?}: {out:#?}"
        );
    }
    // The regular file beside the FIFO is still checked, and formatted.
    let out = run_until_deadline(flowrun(dir.path()).args(["check", "d/"])).unwrap();
    assert!(out.stderr.contains("checked"), "{out:#?}");
    // Standard input stays allowed, as `-`.
    let out = run_until_deadline(
        flowrun(dir.path())
            .args(["fmt", "--check", "-"])
            .stdin(std::fs::File::open(dir.path().join("f.flow")).unwrap()),
    )
    .unwrap();
    assert_eq!(out.code, 0, "{out:#?}");
}

#[cfg(unix)]
#[test]
fn a_test_file_that_is_a_fifo_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.flow"), FLOW).unwrap();
    mkfifo(&dir.path().join("f.tests.toml"));
    // Found beside the flow, it is not taken for a test file.
    let out = run_until_deadline(flowrun(dir.path()).args(["test", "f.flow"]))
        .expect("flowrun test waited on a FIFO");
    assert!(out.stderr.contains("no test file"), "{out:#?}");
    // Named, it is refused.
    let out = run_until_deadline(flowrun(dir.path()).args(["test", "f.tests.toml"]))
        .expect("flowrun test waited on a FIFO");
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW401"), "{out:#?}");
    assert!(out.stderr.contains("named pipe (FIFO)"), "{out:#?}");
}
