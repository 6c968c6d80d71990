//! `flowrun fmt` and `flowrun render --to mermaid`: the formatter's laws as properties over
//! generated flows (formatting twice gives what formatting once gives; the formatted text is the
//! same flow), the same laws on every diagram of the shared Mermaid corpus that flowrun reads,
//! and the command line driven through the real binary.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::support::{self, Out, exec};

// ---------------------------------------------------------------------------------------------
// The laws

use crate::support::format_laws::{check_laws, format_and_build};

#[test]
fn every_corpus_diagram_flowrun_reads_formats_to_the_same_flow_and_stays() {
    // Skipped when the corpus is missing, except under CI, where that fails (as in
    // `conformance`).
    let Some(dir) = support::mermaid_corpus() else {
        return;
    };
    let entries = std::fs::read_dir(&dir).expect("the corpus directory is readable");
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "mmd"))
        .collect();
    paths.sort();
    let (mut formatted, mut failures) = (0, Vec::new());
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.file_name().expect("a file").to_string_lossy();
        match check_laws(&name, &text) {
            Ok(()) => formatted += 1,
            Err(e) if e.starts_with("syntax errors") => {}
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    println!("{formatted} of {} corpus diagrams formatted", paths.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_example_flows_are_canonical() {
    for path in [
        "flows/eligibility.flow",
        "tests/fixtures/eligibility-multiline.flow",
    ] {
        let text = std::fs::read_to_string(manifest_path(path)).expect("the flow");
        let (formatted, _) = format_and_build(path, &text).expect("parses");
        assert_eq!(formatted, text, "{path} is not in canonical form");
    }
}

// ---------------------------------------------------------------------------------------------
// Generated flows: random valid texts with every construct, written in many ways.

use crate::support::generate;

/// 1024 cases a run, or `FLOWRUN_FMT_CASES` for a longer search.
fn cases() -> u32 {
    std::env::var("FLOWRUN_FMT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1024)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// `format(format(x)) == format(x)`, and the formatted text is the same flow.
    #[test]
    fn formatting_generated_flows_is_idempotent_and_keeps_the_flow(text in generate::flow()) {
        check_laws("generated.flow", &text).map_err(TestCaseError::fail)?;
    }

    /// Short strings of Mermaid's punctuation and words: most are not flows, but those that
    /// parse must obey the laws too.
    #[test]
    fn formatting_whatever_parses_keeps_the_laws(
        body in generate::punctuation(),
    ) {
        match check_laws("fuzz.flow", &format!("flowchart TD\n{body}")) {
            Err(e) if !e.starts_with("syntax errors") => return Err(TestCaseError::fail(e)),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The command line

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// `flowrun ARGS...` in `dir` without colour, with `stdin`; it must not panic.
fn flowrun_in(dir: &Path, args: &[&str], stdin: &str) -> Out {
    exec(support::flowrun_in(dir).args(args).write_stdin(stdin))
}

#[track_caller]
fn expect(dir: &Path, args: &[&str], code: i32) -> Out {
    let out = flowrun_in(dir, args, "");
    assert_eq!(out.code, code, "flowrun {args:?}: {out:#?}");
    out
}

const MESSY: &str = "graph TD;A[\"Start\"]-->B{Ready?}\nB-- yes -->C[Go]\n\n\n  B-.->|no|D\n";
const MESSY_FORMATTED: &str =
    "graph TD\n    A[Start] --> B{Ready?}\n    B -->|yes| C[Go]\n\n    B -.->|no| D\n";
const BROKEN: &str = "flowchart TD\nA --> B[unclosed\nB --> C\n";

/// A directory with a formatted flow, an unformatted one, one in a subdirectory, and a file
/// that is not a flow.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let eligibility = std::fs::read_to_string(manifest_path("flows/eligibility.flow")).unwrap();
    std::fs::write(dir.path().join("tidy.flow"), &eligibility).unwrap();
    std::fs::write(dir.path().join("messy.flow"), MESSY).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/deep.flow"), MESSY).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "A-->B").unwrap();
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Every file under `dir`, relative, sorted: no temporary files are left behind.
fn listing(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                pending.push(p);
            } else {
                found.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn fmt_formats_files_in_place() {
    let dir = workspace();
    let out = expect(dir.path(), &["fmt", "messy.flow"], 0);
    assert_eq!(out.stdout, "");
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    assert!(
        out.stderr.contains("formatted 1 of 1 flow"),
        "{}",
        out.stderr
    );
    // Formatting again changes nothing.
    expect(dir.path(), &["fmt", "messy.flow"], 0);
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    assert_eq!(
        listing(dir.path()),
        ["messy.flow", "notes.txt", "sub/deep.flow", "tidy.flow"]
    );
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_permissions_of_the_file_it_rewrites() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace();
    let path = dir.path().join("messy.flow");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    expect(dir.path(), &["fmt", "messy.flow"], 0);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_symbolic_link() {
    let dir = workspace();
    std::os::unix::fs::symlink("messy.flow", dir.path().join("link.flow")).unwrap();
    expect(dir.path(), &["fmt", "link.flow"], 0);
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.flow"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
}

#[test]
fn fmt_leaves_a_formatted_file_untouched() {
    let dir = workspace();
    let path = dir.path().join("tidy.flow");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let inode = file_id(&path);
    // A clock with coarse steps could hide a rewrite: wait past one.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = expect(dir.path(), &["fmt", "tidy.flow"], 0);
    assert!(out.stderr.contains("already formatted"), "{}", out.stderr);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(file_id(&path), inode, "the file was replaced");
    assert_eq!(
        read(dir.path(), "tidy.flow"),
        std::fs::read_to_string(manifest_path("flows/eligibility.flow")).unwrap()
    );
}

/// The inode on Unix: a rename gives the path a new one.
fn file_id(path: &Path) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).unwrap().ino()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0
    }
}

#[test]
fn fmt_recurses_into_directories_for_flow_files() {
    let dir = workspace();
    let out = expect(dir.path(), &["fmt", "."], 0);
    assert!(
        out.stderr.contains("formatted 2 of 3 flows"),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    assert_eq!(read(dir.path(), "sub/deep.flow"), MESSY_FORMATTED);
    assert_eq!(read(dir.path(), "notes.txt"), "A-->B");
    assert_eq!(
        listing(dir.path()),
        ["messy.flow", "notes.txt", "sub/deep.flow", "tidy.flow"]
    );
}

#[test]
fn fmt_check_lists_unformatted_files_writes_nothing_and_exits_1() {
    let dir = workspace();
    let out = expect(dir.path(), &["fmt", "--check", "."], 1);
    let listed: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(listed.len(), 2, "{}", out.stdout);
    assert!(
        listed.iter().any(|l| l.ends_with("messy.flow")),
        "{}",
        out.stdout
    );
    assert!(
        listed.iter().any(|l| l.ends_with("deep.flow")),
        "{}",
        out.stdout
    );
    // The first difference, as a diff.
    assert!(
        out.stderr.contains("-graph TD;A[\"Start\"]-->B{Ready?}\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("+    A[Start] --> B{Ready?}\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("2 of 3 flows not formatted"),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), "messy.flow"), MESSY);
    assert_eq!(read(dir.path(), "sub/deep.flow"), MESSY);
    // Formatted files pass.
    let out = expect(dir.path(), &["fmt", "--check", "tidy.flow"], 0);
    assert_eq!(out.stdout, "");
    expect(dir.path(), &["fmt", "."], 0);
    expect(dir.path(), &["fmt", "--check", "."], 0);
}

#[test]
fn fmt_check_passes_on_the_repository_flows() {
    let out = expect(&manifest_path(""), &["fmt", "--check", "flows/"], 0);
    assert_eq!(out.stdout, "");
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_untouched() {
    let dir = workspace();
    std::fs::write(dir.path().join("broken.flow"), BROKEN).unwrap();
    let out = expect(dir.path(), &["fmt", "broken.flow", "messy.flow"], 1);
    assert!(out.stderr.contains("FLOW001"), "{}", out.stderr);
    assert!(out.stderr.contains("left as it is"), "{}", out.stderr);
    assert_eq!(read(dir.path(), "broken.flow"), BROKEN);
    // The other files are still formatted.
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    let out = expect(dir.path(), &["fmt", "--check", "broken.flow"], 1);
    assert!(out.stderr.contains("FLOW001"), "{}", out.stderr);
    assert_eq!(read(dir.path(), "broken.flow"), BROKEN);
}

#[test]
fn fmt_reads_standard_input_and_writes_standard_output() {
    let dir = workspace();
    for args in [&["fmt"][..], &["fmt", "-"][..]] {
        let out = flowrun_in(dir.path(), args, MESSY);
        assert_eq!(out.code, 0, "{out:#?}");
        assert_eq!(out.stdout, MESSY_FORMATTED);
        assert_eq!(out.stderr, "");
    }
    let out = flowrun_in(dir.path(), &["fmt", "--check", "-"], MESSY);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (1, "<stdin>\n"),
        "{out:#?}"
    );
    let out = flowrun_in(dir.path(), &["fmt", "--check"], MESSY_FORMATTED);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out:#?}");
    let out = flowrun_in(dir.path(), &["fmt"], BROKEN);
    assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{out:#?}");
    assert!(out.stderr.contains("FLOW001"), "{}", out.stderr);
    assert_eq!(listing(dir.path()).len(), 4);
}

/// With no FILE and standard input a terminal, `fmt` does not wait for a flow to be typed: it
/// is a usage error saying what to do. `fmt -` still reads the terminal, as asked.
#[cfg(unix)]
#[test]
fn fmt_with_nothing_named_on_a_terminal_is_a_usage_error() {
    use rexpect::process::WaitStatus;
    let dir = workspace();
    let spawn = |args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flowrun"));
        cmd.current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .args(args);
        rexpect::session::spawn_command(cmd, Some(30_000)).expect("flowrun starts on a pty")
    };
    let exit_code = |p: &mut rexpect::session::PtySession| {
        let printed = p.exp_eof().expect("flowrun ends");
        match p.process().wait().expect("flowrun exits") {
            WaitStatus::Exited(_, code) => (code, printed),
            other => panic!("flowrun did not exit normally: {other:?}"),
        }
    };
    for args in [&["fmt"][..], &["fmt", "--check"][..]] {
        let mut p = spawn(args);
        let (code, printed) = exit_code(&mut p);
        assert_eq!(code, 2, "{args:?}: {printed}");
        assert!(printed.contains("error: no flow to format"), "{printed}");
        assert!(
            printed.contains("pipe a flow to standard input"),
            "{printed}"
        );
        assert!(printed.contains("`-` reads standard input"), "{printed}");
        assert!(printed.contains("Usage: flowrun fmt"), "{printed}");
    }
    // `-` names standard input: a flow typed on the terminal, ended by Ctrl-D, is formatted.
    let mut p = spawn(&["fmt", "-"]);
    p.send_line("graph TD;A-->B").unwrap();
    p.send_control('d').unwrap();
    p.exp_string("    A --> B").expect("the flow formatted");
    let (code, _) = exit_code(&mut p);
    assert_eq!(code, 0);
    // Nothing was written.
    assert_eq!(read(dir.path(), "messy.flow"), MESSY);
}

#[test]
fn fmt_input_errors_exit_2() {
    let dir = workspace();
    let out = expect(dir.path(), &["fmt", "missing.flow"], 2);
    assert!(out.stderr.contains("FLOW401"), "{}", out.stderr);
    // Other files are still formatted; the worst exit code wins.
    let out = expect(dir.path(), &["fmt", "missing.flow", "messy.flow"], 2);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    let out = expect(dir.path(), &["fmt", "--bogus"], 2);
    assert!(out.stderr.contains("--help"), "{}", out.stderr);
    std::fs::write(dir.path().join("binary.flow"), b"flowchart TD\nA[\xff]\n").unwrap();
    let out = expect(dir.path(), &["fmt", "binary.flow"], 1);
    assert!(out.stderr.contains("FLOW004"), "{}", out.stderr);
}

#[test]
fn fmt_help_has_examples() {
    let out = expect(&manifest_path(""), &["fmt", "--help"], 0);
    assert!(out.stdout.contains("Examples:"), "{}", out.stdout);
    assert!(out.stdout.contains("flowrun fmt --check"), "{}", out.stdout);
    assert!(out.stdout.contains("Exit codes"), "{}", out.stdout);
    let top = expect(&manifest_path(""), &["--help"], 0);
    assert!(top.stdout.contains("fmt"), "{}", top.stdout);
}

#[test]
fn render_to_mermaid_prints_the_formatted_flow() {
    let dir = workspace();
    let out = expect(dir.path(), &["render", "messy.flow", "--to", "mermaid"], 0);
    assert_eq!(out.stdout, MESSY_FORMATTED);
    assert_eq!(
        read(dir.path(), "messy.flow"),
        MESSY,
        "render does not write the flow"
    );
    let out = flowrun_in(dir.path(), &["render", "-", "--to", "mermaid"], MESSY);
    assert_eq!((out.code, out.stdout.as_str()), (0, MESSY_FORMATTED));
    // To a file, atomically.
    expect(
        dir.path(),
        &["render", "messy.flow", "--to", "mermaid", "-o", "out.mmd"],
        0,
    );
    assert_eq!(read(dir.path(), "out.mmd"), MESSY_FORMATTED);
    assert_eq!(
        listing(dir.path()),
        [
            "messy.flow",
            "notes.txt",
            "out.mmd",
            "sub/deep.flow",
            "tidy.flow"
        ]
    );
    // A flow that fails validation is still written, with a note; syntax errors are not.
    std::fs::write(
        dir.path().join("cycle.flow"),
        "flowchart TD\nA-->B\nB-->A\n",
    )
    .unwrap();
    let out = expect(dir.path(), &["render", "cycle.flow", "--to", "mermaid"], 0);
    assert_eq!(out.stdout, "flowchart TD\n    A --> B\n    B --> A\n");
    assert!(out.stderr.contains("drawn anyway"), "{}", out.stderr);
    std::fs::write(dir.path().join("broken.flow"), BROKEN).unwrap();
    let out = expect(dir.path(), &["render", "broken.flow", "--to", "mermaid"], 1);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("FLOW001"), "{}", out.stderr);
    // The repository's flow is already in this form.
    let eligibility = manifest_path("flows/eligibility.flow");
    let out = expect(
        dir.path(),
        &["render", eligibility.to_str().unwrap(), "--to", "mermaid"],
        0,
    );
    assert_eq!(out.stdout, std::fs::read_to_string(&eligibility).unwrap());
}
