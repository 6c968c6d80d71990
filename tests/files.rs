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
    // Named, a FIFO is refused with FLOW401.
    for args in [
        &["check", "d/b.flow"][..],
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
    // Found by walking a directory, it is passed over like any file that is not a flow, and
    // the regular file beside it is still checked and formatted.
    for (args, seen) in [
        (&["check", "d/"][..], "checked 1 flow"),
        (&["fmt", "d/"], "1 flow"),
        (&["test", "d/"], "d/a.flow has no test file"),
    ] {
        let out = run_until_deadline(flowrun(dir.path()).args(args))
            .unwrap_or_else(|| panic!("flowrun {args:?} waited on a FIFO"));
        assert_eq!(out.code, 0, "{args:?}: {out:#?}");
        assert!(!out.stderr.contains("b.flow"), "{args:?}: {out:#?}");
        assert!(out.stderr.contains(seen), "{args:?}: {out:#?}");
    }
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

/// A flow that `fmt` rewrites (no indentation, no spaces around the arrow).
const UNFORMATTED: &str = "flowchart TD\nq{Go?}-->|Yes|a[A]\nq-->|No|b[B]\n";

/// The names in `dir`, sorted, as raw names (not all need be UTF-8).
fn names(dir: &Path) -> Vec<std::ffi::OsString> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn fmt_follows_no_link_inside_a_directory_it_walks() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let (flows, outside) = (dir.path().join("flows"), dir.path().join("outside"));
    std::fs::create_dir_all(outside.join("dir")).unwrap();
    std::fs::create_dir(&flows).unwrap();
    std::fs::write(flows.join("a.flow"), UNFORMATTED).unwrap();
    std::fs::write(outside.join("real.flow"), UNFORMATTED).unwrap();
    std::fs::write(outside.join("dir/b.flow"), UNFORMATTED).unwrap();
    symlink("../outside/real.flow", flows.join("link.flow")).unwrap();
    symlink("../outside/dir", flows.join("linked")).unwrap();
    let out = run_until_deadline(flowrun(dir.path()).args(["fmt", "flows/"])).unwrap();
    assert_eq!(out.code, 0, "{out:#?}");
    // The tree's own file is formatted; nothing outside it is written.
    assert_ne!(
        std::fs::read_to_string(flows.join("a.flow")).unwrap(),
        UNFORMATTED
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("real.flow")).unwrap(),
        UNFORMATTED
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("dir/b.flow")).unwrap(),
        UNFORMATTED
    );
    // The links are still links, and no temporary file is left.
    assert!(
        std::fs::symlink_metadata(flows.join("link.flow"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(names(&flows), ["a.flow", "link.flow", "linked"]);
    assert_eq!(names(&outside), ["dir", "real.flow"]);
}

#[cfg(unix)]
#[test]
fn fmt_formats_a_link_named_on_the_command_line_at_its_file_and_keeps_the_link() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("real.flow"), UNFORMATTED).unwrap();
    symlink("real.flow", dir.path().join("link.flow")).unwrap();
    let out = run_until_deadline(flowrun(dir.path()).args(["fmt", "link.flow"])).unwrap();
    assert_eq!(out.code, 0, "{out:#?}");
    assert_ne!(
        std::fs::read_to_string(dir.path().join("real.flow")).unwrap(),
        UNFORMATTED
    );
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.flow"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(names(dir.path()), ["link.flow", "real.flow"]);
}

#[cfg(target_os = "linux")]
#[test]
fn fmt_writes_a_file_whose_name_is_not_utf8_under_its_own_name() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.flow");
    std::fs::write(flows.join(name), UNFORMATTED).unwrap();
    let out = run_until_deadline(flowrun(dir.path()).args(["fmt", "flows"])).unwrap();
    assert_eq!(out.code, 0, "{out:#?}");
    // Formatted in place: no second file under a mangled name.
    assert_eq!(names(&flows), [name]);
    assert_ne!(
        std::fs::read_to_string(flows.join(name)).unwrap(),
        UNFORMATTED
    );
}

/// The temporary files of flowrun's pattern in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n.contains(".flowrun-tmp-"))
        .collect()
}

/// Starts `flowrun batch FLOW - -o out.jsonl` on a standard input kept open, waits until its
/// temporary output file exists, sends it `signal` with the `kill` command, and returns its
/// exit code and what is left in the directory.
#[cfg(unix)]
fn interrupted_batch(signal: &str) -> (Option<i32>, Vec<String>, Vec<std::ffi::OsString>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::support::root().join("flows/eligibility.flow"),
        dir.path().join("f.flow"),
    )
    .unwrap();
    let mut child = flowrun(dir.path())
        .args(["batch", "f.flow", "-", "-o", "out.jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Some records, then standard input stays open: the batch waits for more.
    let mut stdin = child.stdin.take().unwrap();
    let record = "{\"us_canada\": \"Yes\"}\n".repeat(1000);
    std::io::Write::write_all(&mut stdin, record.as_bytes()).unwrap();
    let start = Instant::now();
    while temporaries(dir.path()).is_empty() {
        assert!(start.elapsed() < DEADLINE, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("flowrun did not stop on {signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    (status.code(), temporaries(dir.path()), names(dir.path()))
}

#[cfg(unix)]
#[test]
fn sigint_and_sigterm_remove_the_temporary_file_and_exit_as_shells_expect() {
    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let (exit, left, all) = interrupted_batch(signal);
        assert_eq!(exit, Some(code), "{signal}");
        assert!(left.is_empty(), "{signal} left {left:?}");
        // Nor is the output written half.
        assert_eq!(all, ["f.flow"], "{signal}");
    }
}

#[cfg(unix)]
#[test]
fn a_later_write_removes_stale_temporaries_of_its_own_pattern_only() {
    use std::time::SystemTime;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.flow"), UNFORMATTED).unwrap();
    // The id of a process that has ended.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let dead = gone.id();
    let alive = std::process::id();
    let old = SystemTime::now() - Duration::from_secs(600);
    let make = |name: &str, modified: SystemTime| {
        let file = std::fs::File::create(dir.path().join(name)).unwrap();
        file.set_modified(modified).unwrap();
    };
    let stale = format!(".a.flow.flowrun-tmp-{dead}-Ab12Z9");
    let recent = format!(".b.flow.flowrun-tmp-{dead}-Cd34Y8");
    let live = format!(".c.flow.flowrun-tmp-{alive}-Ef56X7");
    make(&stale, old);
    make(&recent, SystemTime::now());
    make(&live, old);
    make(".a.flow.tmpAb12Z9", old);
    make("notes.flowrun-tmp-1-Ab12Z9", old);
    let out = run_until_deadline(flowrun(dir.path()).args(["fmt", "a.flow"])).unwrap();
    assert_eq!(out.code, 0, "{out:#?}");
    let left: Vec<String> = names(dir.path())
        .into_iter()
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    // Only the file of a process that is gone and that has not changed for a minute goes.
    let mut expected = vec![
        ".a.flow.tmpAb12Z9".to_owned(),
        recent,
        live,
        "a.flow".to_owned(),
        "notes.flowrun-tmp-1-Ab12Z9".to_owned(),
    ];
    expected.sort();
    assert_eq!(left, expected);
}
