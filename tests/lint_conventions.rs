//! The conventions of the linters people already run (ruff, clippy, Regal), on the real binary:
//! `--color`, `--quiet`, `--exit-zero`, `check -o FILE`, `check -` with `--stdin-filename`,
//! `--config FILE` and `--isolated`; directory walks that respect `.gitignore`, skip hidden
//! folders and `node_modules`, follow no link and open nothing but regular files; the same path
//! in every report format; SARIF's links and fingerprints; JUnit's `file`, `line` and `time`;
//! the manual page's EXAMPLES and EXIT STATUS.

use std::path::Path;

use serde_json::Value;

use crate::support::{Out, exec, flowrun_in, root};

const CLEAN: &str = "flows/eligibility.flow";
const BROKEN: &str = "tests/fixtures/cli/broken.flow";
const WARNING_ONLY: &str = "tests/fixtures/cli/warning-only.flow";

/// Runs flowrun in `dir` (without colour: NO_COLOR is set) and checks its exit code.
fn run_in(dir: &Path, args: &[&str], code: i32) -> Out {
    let out = exec(flowrun_in(dir).args(args));
    assert_eq!(out.code, code, "flowrun {args:?}: {out:#?}");
    out
}

fn copy(from: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(root().join(from), to).unwrap();
}

fn write(to: &Path, text: &str) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::write(to, text).unwrap();
}

const ESC: char = '\u{1b}';

// --color

/// `check` of a broken flow in the repository root with these arguments and environment
/// variables (NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE removed first); its stderr.
fn coloured(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = flowrun_in(root());
    cmd.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .args(["check", BROKEN])
        .args(args);
    for (name, value) in env {
        cmd.env(name, value);
    }
    let out = exec(&mut cmd);
    assert_eq!(out.code, 1, "{out:#?}");
    out.stderr
}

#[test]
fn color_follows_the_flag_then_no_color_then_the_forcing_variables() {
    // Not a terminal (the test captures stderr): plain unless forced.
    assert!(!coloured(&[], &[]).contains(ESC));
    assert!(coloured(&[], &[("FORCE_COLOR", "1")]).contains(ESC));
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")]).contains(ESC));
    assert!(!coloured(&[], &[("FORCE_COLOR", "0")]).contains(ESC));
    assert!(!coloured(&[], &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]).contains(ESC));
    // The flag wins over the environment, before or after the verb.
    assert!(coloured(&["--color", "always"], &[("NO_COLOR", "1")]).contains(ESC));
    assert!(!coloured(&["--color=never"], &[("FORCE_COLOR", "1")]).contains(ESC));
    let mut cmd = flowrun_in(root());
    cmd.env_remove("NO_COLOR")
        .args(["--color", "always", "check", BROKEN]);
    assert!(exec(&mut cmd).stderr.contains(ESC));
    // A report in a file has no colour, whatever the flag says.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    coloured(&["--color", "always", "-o", file.to_str().unwrap()], &[]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("FLOW104") && !text.contains(ESC), "{text}");
}

#[test]
fn a_bad_color_value_is_a_usage_error() {
    let out = run_in(root(), &["--color", "sometimes", "check", CLEAN], 2);
    assert!(out.stderr.contains("sometimes"), "{}", out.stderr);
}

// --quiet

#[test]
fn quiet_leaves_out_summaries_and_notes_but_not_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    copy(BROKEN, &dir.path().join("b.flow"));
    let loud = run_in(dir.path(), &["check", "b.flow", "empty"], 1);
    assert!(loud.stderr.contains("checked 1 flow"), "{}", loud.stderr);
    assert!(loud.stderr.contains("note: no `.flow` files under `empty`"));
    for args in [
        ["--quiet", "check", "b.flow", "empty"],
        ["check", "-q", "b.flow", "empty"],
    ] {
        let quiet = run_in(dir.path(), &args, 1);
        assert!(quiet.stderr.contains("FLOW104"), "{}", quiet.stderr);
        assert!(!quiet.stderr.contains("checked"), "{}", quiet.stderr);
        assert!(!quiet.stderr.contains("note:"), "{}", quiet.stderr);
    }
    let quiet = run_in(
        dir.path(),
        &["check", "-q", "b.flow", "--format", "short"],
        1,
    );
    assert_eq!(quiet.stderr, "");
    assert_eq!(quiet.stdout.lines().count(), 2, "{}", quiet.stdout);
    // `test`: the cases, without the summary line and the notes on untested flows.
    let loud = run_in(root(), &["test", "flows/"], 0);
    let quiet = run_in(root(), &["test", "flows/", "--quiet"], 0);
    assert!(
        loud.stdout.contains("6 passed, 0 failed"),
        "{}",
        loud.stdout
    );
    assert!(!quiet.stdout.contains("passed"), "{}", quiet.stdout);
    assert!(quiet.stdout.contains("ok "), "{}", quiet.stdout);
}

#[test]
fn quiet_leaves_out_the_notes_of_render_paths_and_fmt() {
    let notes = [
        (
            vec!["render", BROKEN],
            "note: `tests/fixtures/cli/broken.flow` has 1 error",
        ),
        (
            vec!["paths", CLEAN, "--format", "csv", "--limit", "1"],
            "note: 1 route listed, 4 more left out",
        ),
        (
            vec!["fmt", "--check", "flows/eligibility.flow"],
            "1 flow already formatted",
        ),
    ];
    for (args, note) in notes {
        let loud = run_in(root(), &args, 0);
        assert!(loud.stderr.contains(note), "{args:?}: {}", loud.stderr);
        let mut quiet_args = args.clone();
        quiet_args.push("--quiet");
        let quiet = run_in(root(), &quiet_args, 0);
        assert_eq!(quiet.stderr, "", "{args:?}");
        assert_eq!(
            quiet.stdout, loud.stdout,
            "{args:?}: the output asked for is kept"
        );
    }
}

// --exit-zero

#[test]
fn exit_zero_passes_a_check_with_errors_but_not_one_that_could_not_read() {
    let out = run_in(
        root(),
        &["check", BROKEN, "--exit-zero", "--format", "short"],
        0,
    );
    assert!(out.stdout.contains("error[FLOW104]"), "{}", out.stdout);
    assert!(out.stderr.contains("1 error"), "{}", out.stderr);
    run_in(
        root(),
        &["check", WARNING_ONLY, "--deny", "warnings", "--exit-zero"],
        0,
    );
    run_in(root(), &["check", BROKEN, "no-such.flow", "--exit-zero"], 2);
}

// -o FILE

#[test]
fn output_writes_the_report_to_a_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flowrun.sarif");
    std::fs::write(&file, "old").unwrap();
    let out = run_in(
        root(),
        &[
            "check",
            BROKEN,
            "--format",
            "sarif",
            "-o",
            file.to_str().unwrap(),
        ],
        1,
    );
    assert_eq!(out.stdout, "");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
    // Every format, --output spelt out; the JSON one parses.
    for format in ["human", "short", "json", "github", "junit"] {
        let file = dir.path().join(format!("report.{format}"));
        let out = run_in(
            root(),
            &[
                "check",
                BROKEN,
                "--format",
                format,
                "--output",
                file.to_str().unwrap(),
            ],
            1,
        );
        assert_eq!(out.stdout, "", "{format}");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("FLOW104"), "{format}: {text}");
        assert!(!out.stderr.contains("FLOW104"), "{format}: {}", out.stderr);
    }
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(json[0]["code"], "FLOW104");
    // A directory that does not exist: exit 2, no file and no temporary file left anywhere.
    let missing = dir.path().join("no/such/dir/report.txt");
    let out = run_in(
        root(),
        &["check", CLEAN, "-o", missing.to_str().unwrap()],
        2,
    );
    assert!(out.stderr.contains("FLOW401"), "{}", out.stderr);
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "flowrun.sarif",
            "report.github",
            "report.human",
            "report.json",
            "report.junit",
            "report.short"
        ]
    );
}

// check - and --stdin-filename

#[test]
fn check_reads_standard_input_named_by_stdin_filename() {
    let dir = tempfile::tempdir().unwrap();
    // The nearest flowrun.toml to sub/draft.flow turns the warning off.
    write(
        &dir.path().join("sub/flowrun.toml"),
        "[rules]\nFLOW011 = \"off\"\n",
    );
    let flow = std::fs::read_to_string(root().join(WARNING_ONLY)).unwrap();
    let stdin = |args: &[&str], code: i32| {
        let out = exec(flowrun_in(dir.path()).args(args).write_stdin(flow.clone()));
        assert_eq!(out.code, code, "{args:?}: {out:#?}");
        out
    };
    let out = stdin(&["check", "-", "--format", "short"], 0);
    assert!(
        out.stdout.starts_with("<stdin>:5:11: warning[FLOW011]"),
        "{}",
        out.stdout
    );
    let out = stdin(
        &[
            "check",
            "-",
            "--stdin-filename",
            "sub/draft.flow",
            "--format",
            "short",
        ],
        0,
    );
    assert_eq!(out.stdout, "", "the flowrun.toml of sub/ applies");
    assert!(
        out.stderr.contains("checked 1 flow: no problems"),
        "{}",
        out.stderr
    );
    // The name is shown as every path is: `./` dropped.
    let out = stdin(
        &[
            "check",
            "-",
            "--stdin-filename",
            "./elsewhere/draft.flow",
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(out.json()[0]["file"], "elsewhere/draft.flow");
    // With --isolated, the flowrun.toml beside the name is not read.
    let out = stdin(
        &[
            "check",
            "-",
            "--stdin-filename",
            "sub/draft.flow",
            "--isolated",
            "--format",
            "short",
        ],
        0,
    );
    assert!(
        out.stdout
            .starts_with("sub/draft.flow:5:11: warning[FLOW011]")
    );
    // The name alone, without `-`, is a usage error.
    let out = stdin(&["check", "sub", "--stdin-filename", "x.flow"], 2);
    assert!(out.stderr.contains("give `-` as a PATH"), "{}", out.stderr);
}

// --config and --isolated

#[test]
fn config_replaces_the_nearest_flowrun_toml_and_isolated_ignores_them_all() {
    let dir = tempfile::tempdir().unwrap();
    copy(WARNING_ONLY, &dir.path().join("flows/w.flow"));
    // The nearest file turns the warning off; another raises it to an error.
    write(
        &dir.path().join("flows/flowrun.toml"),
        "[rules]\nFLOW011 = \"off\"\n",
    );
    write(
        &dir.path().join("ci/strict.toml"),
        "[rules]\nunknown-style-target = \"error\"\n",
    );
    let short = |args: &[&str], code: i32| {
        let mut all = vec!["check", "flows", "--format", "short"];
        all.extend(args);
        run_in(dir.path(), &all, code).stdout
    };
    assert_eq!(short(&[], 0), "");
    assert!(short(&["--config", "ci/strict.toml"], 1).contains("error[FLOW011]"));
    assert!(short(&["--isolated"], 0).contains("warning[FLOW011]"));
    // Global: before the verb too, and for other verbs (`run` stops at the raised error).
    let out = run_in(
        dir.path(),
        &[
            "--config",
            "ci/strict.toml",
            "run",
            "flows/w.flow",
            "--answer",
            "ready=Yes",
        ],
        1,
    );
    assert!(out.stderr.contains("FLOW011"), "{}", out.stderr);
    run_in(
        dir.path(),
        &["run", "flows/w.flow", "--answer", "ready=Yes"],
        0,
    );
    // A file that cannot be read is an input error; the two flags exclude each other.
    let out = run_in(dir.path(), &["check", "flows", "--config", "none.toml"], 2);
    assert!(out.stderr.contains("none.toml"), "{}", out.stderr);
    let out = run_in(
        dir.path(),
        &["check", "flows", "--config", "ci/strict.toml", "--isolated"],
        2,
    );
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
}

// directory walks

/// A tree with a flow in every place a walk should or should not look.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "top.flow",
        "a/kept.flow",
        "ignored/i.flow",
        "a/skipped.flow",
        ".hidden/h.flow",
        "node_modules/pkg/n.flow",
    ] {
        copy(WARNING_ONLY, &dir.path().join(name));
    }
    write(&dir.path().join(".gitignore"), "ignored/\nskipped.flow\n");
    dir
}

/// The files a `check` reported on, in order (from `--format short`).
fn files_checked(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "short"];
    all.extend(args);
    run_in(dir, &all, 0)
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().to_owned())
        .collect()
}

#[test]
fn walks_skip_ignored_hidden_and_node_modules_unless_told_not_to() {
    let dir = tree();
    assert_eq!(
        files_checked(dir.path(), &["."]),
        ["a/kept.flow", "top.flow"]
    );
    assert_eq!(
        files_checked(dir.path(), &[".", "--no-ignore"]),
        [
            ".hidden/h.flow",
            "a/kept.flow",
            "a/skipped.flow",
            "ignored/i.flow",
            "node_modules/pkg/n.flow",
            "top.flow"
        ]
    );
    // Paths named on the command line are checked whatever the walk would skip.
    assert_eq!(
        files_checked(
            dir.path(),
            &[
                "a/skipped.flow",
                "ignored",
                ".hidden",
                "node_modules/pkg/n.flow"
            ]
        ),
        [
            ".hidden/h.flow",
            "a/skipped.flow",
            "ignored/i.flow",
            "node_modules/pkg/n.flow"
        ]
    );
    // `flowrun test` walks the same way: the flow in node_modules has no test and no note.
    let out = run_in(dir.path(), &["test", "."], 0);
    assert!(out.stderr.contains("top.flow"), "{}", out.stderr);
    assert!(!out.stderr.contains("node_modules"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn walks_follow_no_link_and_open_no_fifo() {
    let dir = tree();
    let outside = tempfile::tempdir().unwrap();
    copy(BROKEN, &outside.path().join("far/away.flow"));
    let d = dir.path();
    std::os::unix::fs::symlink(outside.path().join("far/away.flow"), d.join("a/link.flow"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path().join("far"), d.join("a/linked-dir")).unwrap();
    std::os::unix::fs::symlink(d.join("top.flow"), d.join("a/inside-link.flow")).unwrap();
    // A FIFO nobody writes to: opening it would block the walk for ever.
    let fifo = d.join("a/pipe.flow");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    assert_eq!(files_checked(d, &["."]), ["a/kept.flow", "top.flow"]);
    assert_eq!(files_checked(d, &["a"]), ["a/kept.flow"]);
    // A glob's matches are named on purpose, so ignore files do not apply to them; links and
    // the FIFO are still passed over.
    assert_eq!(
        files_checked(d, &["a/*.flow"]),
        ["a/kept.flow", "a/skipped.flow"]
    );
    // A linked directory named on the command line is entered.
    let out = run_in(d, &["check", "a/linked-dir", "--format", "short"], 1);
    assert!(
        out.stdout.starts_with("a/linked-dir/away.flow:"),
        "{}",
        out.stdout
    );
}

// one path, every format

#[test]
fn every_format_prints_the_same_path_without_dot_slash() {
    let dir = tempfile::tempdir().unwrap();
    copy(BROKEN, &dir.path().join("flows/b.flow"));
    let absolute = dir.path().join("flows");
    for arg in ["./flows", "flows", ".//flows/", absolute.to_str().unwrap()] {
        let out = |format: &str| run_in(dir.path(), &["check", arg, "--format", format], 1);
        let short = out("short").stdout;
        assert!(short.starts_with("flows/b.flow:5:11: "), "{arg}: {short}");
        let json = out("json").json();
        assert_eq!(json[0]["file"], "flows/b.flow", "{arg}");
        let github = out("github").stdout;
        assert!(github.contains("file=flows/b.flow,"), "{arg}: {github}");
        let junit = out("junit").stdout;
        assert!(
            junit.contains("name=\"flows/b.flow\"") && junit.contains("file=\"flows/b.flow\""),
            "{arg}: {junit}"
        );
        let sarif = out("sarif").json();
        let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"];
        assert_eq!(uri, "flows/b.flow", "{arg}");
        let human = out("human").stderr;
        assert!(human.contains("[flows/b.flow:5:11]"), "{arg}: {human}");
        assert!(!human.contains("./"), "{arg}: {human}");
    }
}

// SARIF

fn sarif_of(dir: &Path, file: &str) -> Value {
    let out = run_in(dir, &["check", file, "--format", "sarif"], 1);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn sarif_links_the_tool_and_each_rule_and_fingerprints_survive_moved_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(BROKEN)).unwrap();
    write(&dir.path().join("b.flow"), &text);
    let before = sarif_of(dir.path(), "b.flow");
    let driver = &before["runs"][0]["tool"]["driver"];
    let info = driver["informationUri"].as_str().unwrap();
    assert!(
        info.starts_with("https://") && info.ends_with("/README.md"),
        "{info}"
    );
    for rule in driver["rules"].as_array().unwrap() {
        let help = rule["helpUri"].as_str().unwrap();
        let id = rule["id"].as_str().unwrap().to_lowercase();
        let name = rule["name"].as_str().unwrap();
        assert!(
            help.starts_with("https://") && help.ends_with(&format!("docs/rules.md#{id}-{name}")),
            "{help}"
        );
        // The anchor is a heading of the rules page.
        let page = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
        let heading = format!("\n## {} {name}\n", rule["id"].as_str().unwrap());
        assert!(page.contains(&heading), "no {heading:?} in docs/rules.md");
    }
    let prints = |sarif: &Value| -> Vec<(String, u64)> {
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let print = r["partialFingerprints"]["flowrun/v1"].as_str().unwrap();
                assert_eq!(print.len(), 16, "{print}");
                let line = &r["locations"][0]["physicalLocation"]["region"]["startLine"];
                (print.to_owned(), line.as_u64().unwrap())
            })
            .collect()
    };
    let before = prints(&before);
    // Two comment lines above: every line moves, no fingerprint changes.
    let moved = text.replacen("flowchart TD\n", "flowchart TD\n%% one\n%% two\n", 1);
    write(&dir.path().join("b.flow"), &moved);
    let after = prints(&sarif_of(dir.path(), "b.flow"));
    assert_eq!(before.len(), 2);
    for ((print_before, line_before), (print_after, line_after)) in before.iter().zip(&after) {
        assert_eq!(print_before, print_after);
        assert_eq!(line_before + 2, *line_after);
    }
    assert_ne!(before[0].0, before[1].0, "two results, two fingerprints");
    // Another file with the same text: other fingerprints.
    write(&dir.path().join("c.flow"), &moved);
    let other = prints(&sarif_of(dir.path(), "c.flow"));
    assert_ne!(other[0].0, after[0].0);
}

// JUnit of `flowrun test`

#[test]
fn test_junit_cases_have_a_file_a_line_and_a_time() {
    let out = run_in(root(), &["test", "flows/", "--format", "junit"], 0);
    let mut reader = quick_xml::Reader::from_str(&out.stdout);
    reader.config_mut().check_end_names = true;
    let text = std::fs::read_to_string(root().join("flows/eligibility.tests.toml")).unwrap();
    let mut cases = 0;
    let mut timed = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attr = |name: &str| {
                    e.try_get_attribute(name).unwrap().map(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .unwrap()
                            .into_owned()
                    })
                };
                let tag = e.name().as_ref().to_owned();
                if matches!(tag.as_str(), "testsuites" | "testsuite" | "testcase") {
                    let time: f64 = attr("time").expect("a time").parse().unwrap();
                    assert!(time >= 0.0);
                    timed += 1;
                }
                if tag == "testcase" {
                    cases += 1;
                    assert_eq!(attr("file").unwrap(), "flows/eligibility.tests.toml");
                    // The line is the case's `name = "..."` in the test file.
                    let line: usize = attr("line").unwrap().parse().unwrap();
                    let name = attr("name").unwrap();
                    let written = text.lines().nth(line - 1).unwrap();
                    assert!(
                        written.contains(&name),
                        "line {line} is {written:?}, not {name}"
                    );
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(cases, 6);
    assert_eq!(timed, 8, "testsuites, testsuite and six cases");
}

// the manual page

#[test]
fn man_pages_have_examples_and_an_exit_status() {
    for args in [&["man"][..], &["man", "check"]] {
        let page = run_in(root(), args, 0).stdout;
        assert!(
            page.contains(".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\n"),
            "{page}"
        );
        assert!(page.contains(".SH EXAMPLES\n"), "{page}");
        assert!(!page.contains("Exit codes:"), "{page}");
        // The global options are on every page.
        assert!(page.contains("\\-\\-color"), "{page}");
    }
    let page = run_in(root(), &["man", "check"], 0).stdout;
    assert!(page.contains("\\-\\-exit\\-zero"), "{page}");
    assert!(
        page.contains("flowrun check \\- \\-\\-stdin\\-filename"),
        "{page}"
    );
}
