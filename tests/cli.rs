//! The command line as scripts and people use it: every verb, every exit code, bad input.
//! These drive the real `flowrun` binary; fixtures live in `tests/fixtures/cli/`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::support::{Out, exec, flowrun_in, root};

const FLOW: &str = "flows/eligibility.flow";
const FIXTURES: &str = "tests/fixtures/cli";

/// A walk's path as `(node id, answer taken)`.
type Route = Vec<(String, Option<String>)>;

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// The binary, run from the repository root without colour.
fn flowrun() -> Command {
    flowrun_in(root())
}

/// Runs `flowrun ARGS...` and asserts its exit code.
fn expect_exit<I, S>(args: I, code: i32) -> Out
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = exec(flowrun().args(args));
    assert_eq!(out.code, code, "unexpected exit code: {out:#?}");
    out
}

/// Fails with the whole text when `needle` is not in it.
#[track_caller]
fn assert_contains(text: &str, needle: impl AsRef<str>) {
    let needle = needle.as_ref();
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// The `path:` section of `run`'s text output as `(node id, answer)`.
fn text_path(stdout: &str) -> Route {
    let (_, section) = stdout
        .split_once("path:\n")
        .unwrap_or_else(|| panic!("no path section in:\n{stdout}"));
    section
        .lines()
        .map(|line| {
            let line = line.trim_start();
            let id = line
                .split_whitespace()
                .next()
                .expect("a node id")
                .to_owned();
            let answer = line.rsplit_once(" -> ").map(|(_, a)| a.to_owned());
            (id, answer)
        })
        .collect()
}

/// The `path` list of `run --format json` as `(node id, answer)`.
fn json_path(report: &Value) -> Route {
    report["path"]
        .as_array()
        .expect("path is a list")
        .iter()
        .map(|step| {
            let keys: Vec<&str> = step
                .as_object()
                .expect("a step is an object")
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                keys,
                ["answer", "node"],
                "a step is {{node, answer}}: {step}"
            );
            (
                step["node"].as_str().expect("node is a string").to_owned(),
                step["answer"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn steps(steps: &[(&str, Option<&str>)]) -> Route {
    steps
        .iter()
        .map(|(id, answer)| ((*id).to_owned(), answer.map(str::to_owned)))
        .collect()
}

const ELIGIBLE_TEXT: &str =
    "You're eligible for Customer.io native SMS!\nContact support@customer.io";
const TWILIO_TEXT: &str = "Work directly with Twilio\nManage phone numbers there";

/// Each example answer file with its verdict and the path it takes.
fn example_runs() -> Vec<(&'static str, &'static str, Route)> {
    vec![
        (
            "eligible.json",
            "eligible",
            steps(&[
                ("start", None),
                ("us_canada", Some("Yes")),
                ("outside", Some("No")),
                ("analytics", Some("No")),
                ("hipaa", Some("No")),
                ("eligible", None),
            ]),
        ),
        (
            "not-us-canada.yaml",
            "twilio",
            steps(&[("start", None), ("us_canada", Some("No")), ("twilio", None)]),
        ),
        (
            "messages-outside.toml",
            "twilio",
            steps(&[
                ("start", None),
                ("us_canada", Some("Yes")),
                ("outside", Some("Yes")),
                ("twilio", None),
            ]),
        ),
        (
            "needs-analytics.json",
            "twilio",
            steps(&[
                ("start", None),
                ("us_canada", Some("Yes")),
                ("outside", Some("No")),
                ("analytics", Some("Yes")),
                ("twilio", None),
            ]),
        ),
        (
            "needs-hipaa.yaml",
            "twilio",
            steps(&[
                ("start", None),
                ("us_canada", Some("Yes")),
                ("outside", Some("No")),
                ("analytics", Some("No")),
                ("hipaa", Some("Yes")),
                ("twilio", None),
            ]),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// run

#[test]
fn run_prints_the_verdict_and_the_path_for_every_example() {
    for (file, verdict, path) in example_runs() {
        let answers = format!("flows/answers/{file}");
        let out = expect_exit(["run", FLOW, &answers], 0);
        assert!(
            out.stdout.starts_with(&format!("verdict: {verdict}\n")),
            "{file}: {}",
            out.stdout
        );
        let message = if verdict == "eligible" {
            ELIGIBLE_TEXT
        } else {
            TWILIO_TEXT
        };
        for line in message.lines() {
            assert!(
                out.stdout.contains(&format!("  {line}\n")),
                "{file}: {}",
                out.stdout
            );
        }
        assert_eq!(text_path(&out.stdout), path, "{file}");
        assert!(
            out.stdout
                .contains("us_canada  Is your business based in the US or Canada? -> "),
            "question texts are shown on one line: {}",
            out.stdout
        );
        assert_eq!(out.stderr, "", "{file}");
    }
}

#[test]
fn run_with_incomplete_answers_names_the_question_its_text_and_options() {
    let out = expect_exit(["run", FLOW, "flows/answers/incomplete.json"], 3);
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some("needs an answer: analytics"));
    assert_eq!(
        lines.next(),
        Some("  Do you need analytics like revenue attribution or sending queues?")
    );
    assert_eq!(lines.next(), Some("  options: No, Yes"));
    assert_eq!(
        text_path(&out.stdout),
        steps(&[
            ("start", None),
            ("us_canada", Some("Yes")),
            ("outside", Some("No")),
            ("analytics", None),
        ])
    );
}

#[test]
fn run_json_reports_verdicts() {
    for (file, verdict, path) in example_runs() {
        let answers = format!("flows/answers/{file}");
        let out = expect_exit(["run", FLOW, &answers, "--format", "json"], 0);
        let report = out.json();
        assert_eq!(report["status"], "verdict", "{file}");
        assert_eq!(report["verdict"]["id"], verdict, "{file}");
        let label = if verdict == "eligible" {
            ELIGIBLE_TEXT
        } else {
            TWILIO_TEXT
        };
        assert_eq!(report["verdict"]["label"], label, "{file}");
        assert!(report.get("needs").is_none(), "{file}: {report}");
        assert_eq!(json_path(&report), path, "{file}");
        assert_eq!(report["warnings"], json!([]), "{file}");
    }
}

#[test]
fn run_json_reports_the_question_that_needs_an_answer() {
    let out = expect_exit(
        [
            "run",
            FLOW,
            "flows/answers/incomplete.json",
            "--format",
            "json",
        ],
        3,
    );
    let report = out.json();
    assert_eq!(report["status"], "needs_answer");
    assert!(report.get("verdict").is_none(), "{report}");
    assert_eq!(report["needs"]["id"], "analytics");
    assert_eq!(
        report["needs"]["question"],
        "Do you need analytics like revenue\nattribution or sending queues?"
    );
    assert_eq!(report["needs"]["options"], json!(["No", "Yes"]));
    assert_eq!(
        json_path(&report),
        steps(&[
            ("start", None),
            ("us_canada", Some("Yes")),
            ("outside", Some("No")),
            ("analytics", None),
        ])
    );
}

#[test]
fn run_reads_json_answers_from_standard_input() {
    let out = exec(
        flowrun()
            .args(["run", FLOW, "-"])
            .write_stdin(r#"{"us_canada": "Yes", "outside": "Yes"}"#),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stdout.starts_with("verdict: twilio\n"),
        "{}",
        out.stdout
    );

    let out = exec(
        flowrun()
            .args(["run", FLOW, "-", "--format", "json"])
            .write_stdin(r#"{"us_canada": "Yes"}"#),
    );
    assert_eq!(out.code, 3, "{out:#?}");
    assert_eq!(out.json()["needs"]["id"], "outside");

    // YAML on standard input is read as YAML (see the next test).
    let out = exec(
        flowrun()
            .args(["run", FLOW, "-"])
            .write_stdin("us_canada: \"Yes\"\n"),
    );
    assert_eq!(out.code, 3, "{out:#?}");
    assert!(out.stdout.starts_with("needs an answer: outside\n"));
}

/// Standard input in any of the three formats walks like the same answers in a named file; the
/// format is told from the text unless `--answers-format` names it.
#[test]
fn run_reads_yaml_and_toml_answers_from_standard_input() {
    let expected = expect_exit(["run", FLOW, "flows/answers/needs-hipaa.yaml"], 0);
    let yaml = std::fs::read_to_string(root().join("flows/answers/needs-hipaa.yaml")).unwrap();
    let toml =
        "# needs HIPAA\nus_canada = \"Yes\"\noutside = \"No\"\nanalytics = false\nhipaa = true\n";
    let json = r#"  {"us_canada": "Yes", "outside": "No", "analytics": "No", "hipaa": "Yes"}"#;
    for (text, format) in [(&yaml[..], "yaml"), (toml, "toml"), (json, "json")] {
        let out = exec(flowrun().args(["run", FLOW, "-"]).write_stdin(text));
        assert_eq!(out.code, 0, "{text}: {out:#?}");
        assert_eq!(out.stdout, expected.stdout, "{text}");
        let named = exec(
            flowrun()
                .args(["run", FLOW, "-", "--answers-format", format])
                .write_stdin(text),
        );
        assert_eq!(named.stdout, expected.stdout, "{format}");
    }
    // A named format is the one read: TOML read as YAML is not valid.
    let out = exec(
        flowrun()
            .args(["run", FLOW, "-", "--answers-format", "json"])
            .write_stdin(toml),
    );
    assert_eq!(out.code, 2, "{out:#?}");
    assert_contains(&out.stderr, "the answers file is not valid JSON");
    assert!(!out.stderr.contains("was read as"), "{}", out.stderr);
    // A guessed format that does not parse says it was guessed, and how to name the format.
    let out = exec(
        flowrun()
            .args(["run", FLOW, "-"])
            .write_stdin("us_canada = Yes\n"),
    );
    assert_eq!(out.code, 2, "{out:#?}");
    assert_contains(&out.stderr, "the answers file is not valid TOML");
    let hint = out.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    // (miette may break the line inside `--answers-format`.)
    assert_contains(
        &hint,
        "standard input was read as TOML from how it starts: give `--answers-",
    );
    assert_contains(&hint, "format json|yaml|toml` if it is another format");
    // `--answers-format` also reads a file whatever its extension says.
    let out = expect_exit(
        [
            "run",
            FLOW,
            &fixture("answers.txt"),
            "--answers-format",
            "json",
        ],
        3,
    );
    assert!(
        out.stdout.starts_with("needs an answer: outside\n"),
        "{}",
        out.stdout
    );
    let dir = temp_dir();
    let answers = dir.path().join("answers.txt");
    std::fs::write(&answers, "us_canada: \"No\"\n").unwrap();
    let out = expect_exit(
        ["run", FLOW, path_str(&answers), "--answers-format", "yaml"],
        0,
    );
    assert!(
        out.stdout.starts_with("verdict: twilio\n"),
        "{}",
        out.stdout
    );
    // It names the format of answers, so it needs some.
    expect_exit(
        [
            "run",
            FLOW,
            "--answers-format",
            "yaml",
            "--answer",
            "us_canada=No",
        ],
        2,
    );
}

/// `--answer ID=VALUE` answers without a file, replaces a file's answers, and reads values as a
/// file would: `hipaa=No` and `hipaa=false` both choose No.
#[test]
fn run_takes_answers_as_flags() {
    let eligible = expect_exit(["run", FLOW, "flows/answers/eligible.json"], 0);
    for hipaa in ["No", "false", "no", "FALSE", "n", "off"] {
        let out = expect_exit(
            [
                "run",
                FLOW,
                "--answer",
                "us_canada=Yes",
                "--answer",
                "outside=No",
                "--answer",
                "analytics=false",
                "--answer",
                &format!("hipaa={hipaa}"),
            ],
            0,
        );
        assert_eq!(out.stdout, eligible.stdout, "hipaa={hipaa}");
    }
    // Flags replace the file's answers; the others stay.
    let out = expect_exit(
        [
            "run",
            FLOW,
            "flows/answers/eligible.json",
            "--answer",
            "hipaa=true",
        ],
        0,
    );
    assert_eq!(
        text_path(&out.stdout).last().unwrap().0,
        "twilio",
        "{}",
        out.stdout
    );
    assert_contains(
        &out.stdout,
        "hipaa      Do you need HIPAA compliance? -> Yes",
    );
    // ... even where the file's answer was wrong: it is not read.
    let out = exec(
        flowrun()
            .args(["run", FLOW, "-", "--answer", "us_canada=No"])
            .write_stdin(r#"{"us_canada": "maybe"}"#),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    // Flags alone can stop at a question, as a file can; stdin and flags together too.
    let out = expect_exit(["run", FLOW, "--answer", "us_canada=Yes"], 3);
    assert!(out.stdout.starts_with("needs an answer: outside\n"));
    let out = exec(
        flowrun()
            .args([
                "run",
                FLOW,
                "-",
                "--answer",
                "outside=Yes",
                "--format",
                "json",
            ])
            .write_stdin("us_canada: \"Yes\"\n"),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(out.json()["verdict"]["id"], "twilio");
    // An answer that is no option is FLOW301, underlined in the flags.
    let out = expect_exit(["run", FLOW, "--answer", "us_canada=Yse"], 2);
    assert_contains(&out.stderr, "FLOW301");
    assert_contains(&out.stderr, "<command line>:1:20");
    assert_contains(&out.stderr, "did you mean `Yes`?");
    // A flag for a question the flow lacks is a warning naming the closest, as in a file.
    let out = expect_exit(["run", FLOW, "--answer", "us_canad=Yes"], 3);
    assert_contains(&out.stderr, "FLOW302");
    assert_contains(&out.stderr, "did you mean `us_canada`?");
    // With no answers at all, `run` is still a usage error.
    expect_exit(["run", FLOW], 2);
}

/// A malformed `--answer` is FLOW303, with a hint from the flow, exit 2; each is reported.
#[test]
fn malformed_answer_flags_are_coded_diagnostics() {
    for (flag, message) in [
        ("hipaa", "`--answer hipaa` has no `=`"),
        ("=No", "`--answer =No` names no question before the `=`"),
        (
            "hipaa=",
            "`--answer hipaa=` gives `hipaa` no answer after the `=`",
        ),
    ] {
        let out = expect_exit(
            ["run", FLOW, "flows/answers/eligible.json", "--answer", flag],
            2,
        );
        assert_eq!(out.stdout, "");
        assert_contains(&out.stderr, "FLOW303");
        assert_contains(&out.stderr, message);
        assert_contains(&out.stderr, "<command line>");
        assert_contains(&out.stderr, "e.g. `--answer us_canada=Yes`");
    }
    let out = expect_exit(
        [
            "run",
            FLOW,
            "--answer",
            "outside=No",
            "--answer",
            "outside=Yes",
            "--answer",
            "oops",
            "--format",
            "json",
        ],
        2,
    );
    let report = out.json();
    assert_eq!(report["status"], "error");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let messages: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`--answer` answers `outside` twice",
            "`--answer oops` has no `=`: it takes a question id and an answer"
        ]
    );
    assert!(diagnostics.iter().all(|d| d["code"] == "FLOW303"));
    assert!(diagnostics.iter().all(|d| d["file"] == "<command line>"));
}

#[test]
fn run_matches_booleans_and_case_insensitive_answers() {
    let out = exec(flowrun().args(["run", FLOW, "-"]).write_stdin(
        r#"{"us_canada": true, "outside": " NO ", "analytics": false, "hipaa": "no"}"#,
    ));
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stdout.starts_with("verdict: eligible\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn run_json_reports_errors_as_json_too() {
    // Not in DESIGN.md, but what the binary does: `{"status": "error", "diagnostics": [...]}`.
    let out = expect_exit(
        [
            "run",
            FLOW,
            &fixture("not-an-option.json"),
            "--format",
            "json",
        ],
        2,
    );
    let report = out.json();
    assert_eq!(report["status"], "error");
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["code"], "FLOW301");
    assert_eq!(diagnostic["file"], "tests/fixtures/cli/not-an-option.json");
    assert_eq!(diagnostic["line"], 1);
    assert_eq!(diagnostic["column"], 15);
}

#[test]
fn run_on_a_flow_with_errors_exits_1() {
    // The flow is checked first: its errors win over answers that cannot even be read.
    let out = expect_exit(["run", &fixture("cycle.flow"), "no-such-answers.json"], 1);
    assert_contains(&out.stderr, "FLOW101");
    assert_eq!(out.stdout, "");
    let out = expect_exit(
        [
            "run",
            &fixture("broken.flow"),
            "flows/answers/eligible.json",
            "--format",
            "json",
        ],
        1,
    );
    let report = out.json();
    assert_eq!(report["status"], "error");
    assert_eq!(report["diagnostics"][0]["code"], "FLOW104");
}

#[test]
fn run_on_a_flow_with_warnings_walks_and_reports_them() {
    let out = exec(
        flowrun()
            .args(["run", &fixture("warning-only.flow"), "-"])
            .write_stdin(r#"{"ready": "yes"}"#),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stdout.starts_with("verdict: go\n"), "{}", out.stdout);
    assert_contains(&out.stderr, "FLOW011");

    let out = exec(
        flowrun()
            .args([
                "run",
                &fixture("warning-only.flow"),
                "-",
                "--format",
                "json",
            ])
            .write_stdin("{}"),
    );
    assert_eq!(out.code, 3, "{out:#?}");
    let report = out.json();
    assert_eq!(report["needs"]["id"], "ready");
    assert_eq!(report["needs"]["options"], json!(["Yes", "No"]));
    assert_eq!(report["warnings"][0]["code"], "FLOW011");
    assert_eq!(
        report["warnings"][0]["file"],
        "tests/fixtures/cli/warning-only.flow"
    );
    assert_eq!(report["warnings"][0]["line"], 5);
}

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_a_good_file_and_a_directory() {
    let out = expect_exit(["check", FLOW], 0);
    assert_eq!(out.stderr, "checked 1 flow: no problems\n");
    assert_eq!(out.stdout, "");

    let out = expect_exit(["check", "flows/"], 0);
    assert_contains(&out.stderr, ": no problems");

    let out = expect_exit(["check", "flows", "--format", "json"], 0);
    assert_eq!(out.json(), json!([]));

    // `lint` is another name for `check`.
    expect_exit(["lint", FLOW], 0);
}

#[test]
fn check_a_directory_with_a_broken_flow_fails() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("nested")).unwrap();
    std::fs::copy(root().join(FLOW), dir.path().join("good.flow")).unwrap();
    std::fs::copy(
        root().join(fixture("cycle.flow")),
        dir.path().join("nested/cycle.flow"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a flow").unwrap();

    let out = expect_exit(["check", path_str(dir.path())], 1);
    assert_contains(&out.stderr, "FLOW101");
    assert_contains(&out.stderr, "checked 2 flows: 1 error, 0 warnings");

    let out = expect_exit(["check", path_str(dir.path()), "--format", "json"], 1);
    let list = out.json();
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["code"], "FLOW101");
    assert!(
        list[0]["file"].as_str().unwrap().ends_with("cycle.flow"),
        "{list:?}"
    );
}

#[test]
fn check_json_gives_code_severity_message_file_line_column() {
    let out = expect_exit(["check", &fixture("broken.flow"), "--format", "json"], 1);
    let list = out.json();
    let list = list.as_array().expect("a list of diagnostics");
    for d in list {
        for key in ["code", "severity", "message", "file", "line", "column"] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
    assert_eq!(list.len(), 2, "{list:?}");
    // `    ready --> wait[Wait]` on line 5: the unlabelled `-->` starts in column 11.
    assert_eq!(list[0]["code"], "FLOW104");
    assert_eq!(list[0]["severity"], "error");
    assert_eq!(
        list[0]["message"],
        "an edge out of question `ready` has no answer label"
    );
    assert_eq!(list[0]["file"], "tests/fixtures/cli/broken.flow");
    assert_eq!(list[0]["line"], 5);
    assert_eq!(list[0]["column"], 11);
    // `    style nobody fill:#f00` on line 6: `nobody` starts in column 11.
    assert_eq!(list[1]["code"], "FLOW011");
    assert_eq!(list[1]["severity"], "warning");
    assert_eq!(list[1]["file"], "tests/fixtures/cli/broken.flow");
    assert_eq!(list[1]["line"], 6);
    assert_eq!(list[1]["column"], 11);

    let out = expect_exit(["check", &fixture("cycle.flow"), "--format", "json"], 1);
    assert_eq!(
        out.json(),
        json!([{
            "code": "FLOW101",
            "severity": "error",
            "message": "the flow has a cycle: B -> C -> B",
            "help": "every walk must reach a verdict: point one of these edges at a new question or a verdict instead of back up the flow",
            "file": "tests/fixtures/cli/cycle.flow",
            "line": 4,
            "column": 7,
            "end_line": 4,
            "end_column": 10,
        }])
    );
}

#[test]
fn check_with_only_warnings_succeeds() {
    let out = expect_exit(["check", &fixture("warning-only.flow")], 0);
    assert_contains(&out.stderr, "FLOW011");
    assert_contains(&out.stderr, "1 flow: 0 errors, 1 warning");
    let out = expect_exit(
        ["check", &fixture("warning-only.flow"), "--format", "json"],
        0,
    );
    assert_eq!(out.json()[0]["severity"], "warning");
}

#[test]
fn check_a_missing_path_is_an_input_error() {
    let out = expect_exit(["check", "flows/no-such.flow"], 2);
    assert_contains(&out.stderr, "FLOW401");
    assert!(
        out.stderr
            .contains("cannot read `flows/no-such.flow`: it does not exist"),
        "{}",
        out.stderr
    );
    let out = expect_exit(["check", "flows/no-such.flow", "--format", "json"], 2);
    assert_eq!(out.json()[0]["code"], "FLOW401");

    // An unreadable path outranks a broken flow, and the other paths are still checked.
    let out = expect_exit(["check", &fixture("cycle.flow"), "no-such-dir/"], 2);
    assert_contains(&out.stderr, "FLOW101");
    assert_contains(&out.stderr, "FLOW401");
}

#[test]
fn check_a_generated_flow_of_100_000_nodes() {
    // start, 99,997 questions in a chain (Yes goes on, No stops), `done` and `stop`.
    let questions = 99_997;
    let mut text = String::from("flowchart TD\n    start([Start]) --> q0\n");
    for i in 0..questions {
        let next = if i + 1 < questions {
            format!("q{}", i + 1)
        } else {
            "done[Done]".to_owned()
        };
        text.push_str(&format!("    q{i}{{Question {i}?}} -->|Yes| {next}\n"));
        text.push_str(&format!("    q{i} -.->|No| stop\n"));
    }
    text.push_str("    stop[Stop]\n");
    let dir = temp_dir();
    let path = dir.path().join("chain.flow");
    std::fs::write(&path, text).unwrap();

    let out = expect_exit(["check", path_str(&path)], 0);
    assert_contains(&out.stderr, "no problems");
}

// ---------------------------------------------------------------------------------------------
// render

#[test]
fn render_dot_to_standard_output() {
    let out = expect_exit(["render", FLOW, "--to", "dot"], 0);
    assert!(out.stdout.starts_with("digraph flow {\n"), "{}", out.stdout);
    assert!(out.stdout.trim_end().ends_with('}'), "{}", out.stdout);
    for line in [
        r#""us_canada" [label="Is your business based\nin the US or Canada?", shape=diamond];"#,
        r#""us_canada" -> "outside" [label="Yes", arrowhead=normal];"#,
        r#""us_canada" -> "twilio" [label="No", style=dotted, arrowhead=normal];"#,
        r##"fillcolor="#fde2e1""##,
    ] {
        assert!(
            out.stdout.contains(line),
            "{line} missing in:\n{}",
            out.stdout
        );
    }
    assert_eq!(out.stderr, "");
    // DOT is the default.
    let default = expect_exit(["render", FLOW], 0);
    assert_eq!(default.stdout, out.stdout);
}

#[test]
fn render_to_a_file() {
    let dir = temp_dir();
    let target = dir.path().join("eligibility.dot");
    let out = expect_exit(["render", FLOW, "-o", path_str(&target)], 0);
    assert_eq!(out.stdout, "");
    let written = std::fs::read_to_string(&target).expect("the file is written");
    let printed = expect_exit(["render", FLOW], 0).stdout;
    assert_eq!(written, printed);

    // Overwriting an existing file replaces it whole, with nothing else left in the directory.
    std::fs::write(&target, "old").unwrap();
    expect_exit(["render", FLOW, "--output", path_str(&target)], 0);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), printed);
    assert_eq!(entries(dir.path()), ["eligibility.dot"]);
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failing_write_leaves_no_temporary_file_behind() {
    let dir = temp_dir();
    // The target is a directory, so the final rename fails after the temporary file is written.
    let target = dir.path().join("out.dot");
    std::fs::create_dir_all(target.join("inside")).unwrap();
    let out = expect_exit(["render", FLOW, "-o", path_str(&target)], 2);
    assert_contains(&out.stderr, "FLOW401");
    assert_contains(&out.stderr, "cannot write");
    assert_eq!(entries(dir.path()), ["out.dot"]);
    assert_eq!(entries(&target), ["inside"]);

    // A directory that does not exist.
    let missing: PathBuf = dir.path().join("missing/out.dot");
    let out = expect_exit(["render", FLOW, "-o", path_str(&missing)], 2);
    assert_contains(&out.stderr, "FLOW401");
    assert_eq!(entries(dir.path()), ["out.dot"]);
}

#[test]
fn render_draws_a_flow_that_fails_validation() {
    for name in ["cycle.flow", "broken.flow"] {
        let out = expect_exit(["render", &fixture(name)], 0);
        assert!(out.stdout.starts_with("digraph flow {"), "{}", out.stdout);
        assert!(
            out.stderr.contains("it is drawn anyway"),
            "{name}: {}",
            out.stderr
        );
    }
    let out = expect_exit(["render", &fixture("cycle.flow")], 0);
    assert_contains(&out.stdout, r#""C" -> "B" [arrowhead=normal];"#);
}

#[test]
fn render_reads_standard_input() {
    let text = std::fs::read_to_string(root().join(FLOW)).unwrap();
    let out = exec(flowrun().args(["render", "-"]).write_stdin(text));
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(out.stdout, expect_exit(["render", FLOW], 0).stdout);
}

// ---------------------------------------------------------------------------------------------
// explain, --version, --help, usage errors

#[test]
fn explain_a_code_and_a_name() {
    let by_code = expect_exit(["explain", "FLOW101"], 0);
    assert!(
        by_code.stdout.starts_with("FLOW101 cycle (error)\n"),
        "{}",
        by_code.stdout
    );
    assert!(by_code.stdout.contains("Example:"), "{}", by_code.stdout);
    let by_name = expect_exit(["explain", "cycle"], 0);
    assert_eq!(by_name.stdout, by_code.stdout);
    let lower = expect_exit(["explain", "flow101"], 0);
    assert_eq!(lower.stdout, by_code.stdout);
}

#[test]
fn explain_list_shows_every_code() {
    let out = expect_exit(["explain", "--list"], 0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        flowrun::checks::rules::RULES.len() + 1,
        "{}",
        out.stdout
    );
    for rule in flowrun::checks::rules::RULES {
        assert!(
            lines.iter().any(|l| l.starts_with(rule.id)
                && l.contains(rule.name)
                && l.contains(rule.severity.as_str())
                && l.contains(rule.summary)),
            "{} missing in:\n{}",
            rule.id,
            out.stdout
        );
        // And each listed code explains itself.
        let one = expect_exit(["explain", rule.id], 0);
        assert!(one.stdout.starts_with(rule.id), "{}", one.stdout);
    }
    for id in ["FLOW001", "FLOW101", "FLOW301", "FLOW401", "FLOW402"] {
        assert!(out.stdout.contains(id), "{id}");
    }
}

#[test]
fn explain_a_retired_code_says_why_it_went() {
    let out = expect_exit(["explain", "FLOW002"], 2);
    assert_contains(&out.stderr, "FLOW002 is retired");
}

#[test]
fn explain_an_unknown_code_suggests_one() {
    let out = expect_exit(["explain", "cycl"], 2);
    assert_contains(&out.stderr, "FLOW402");
    assert_contains(&out.stderr, "there is no rule `cycl`");
    assert_contains(&out.stderr, "did you mean `cycle`?");
    assert_contains(&out.stderr, "flowrun explain --list");
    assert_eq!(out.stdout, "");
}

#[test]
fn version() {
    let out = expect_exit(["--version"], 0);
    assert_eq!(
        out.stdout,
        format!("flowrun {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_everywhere_has_examples() {
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["run", "--help"],
        vec!["check", "--help"],
        vec!["render", "--help"],
        vec!["explain", "--help"],
        vec!["help", "run"],
    ] {
        let out = expect_exit(&args, 0);
        assert!(
            out.stdout.contains("Examples:"),
            "{args:?}:\n{}",
            out.stdout
        );
        assert!(out.stdout.contains("flowrun "), "{args:?}:\n{}", out.stdout);
    }
    let top = expect_exit(["--help"], 0);
    for verb in ["run", "check", "render", "explain"] {
        assert!(top.stdout.contains(verb), "{verb}");
    }
    assert!(top.stdout.contains("Exit codes"), "{}", top.stdout);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec![],
        vec!["run"],
        vec!["run", FLOW],
        vec!["check"],
        vec!["check", "--format", "json"],
        vec!["render"],
        vec!["explain"],
        vec!["explain", "FLOW101", "--list"],
        vec!["frobnicate"],
        vec![
            "run",
            FLOW,
            "flows/answers/eligible.json",
            "--format",
            "xml",
        ],
        vec!["check", FLOW, "--format", "yaml"],
        vec!["render", FLOW, "--to", "pdf"],
        vec!["run", FLOW, "flows/answers/eligible.json", "--bogus"],
    ] {
        let out = expect_exit(&args, 2);
        // clap's usage errors (a bare `flowrun` prints the help to stderr).
        assert!(
            out.stderr.starts_with("error:") || out.stderr.contains("Usage:"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(out.stderr.contains("--help"), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input: the documented exit code, a diagnostic, never a panic.

#[test]
fn an_empty_flow_file() {
    let dir = temp_dir();
    let path = dir.path().join("empty.flow");
    std::fs::write(&path, "").unwrap();
    let path = path_str(&path);
    for args in [
        vec!["check", path],
        vec!["run", path, "flows/answers/eligible.json"],
        vec!["render", path],
    ] {
        let out = expect_exit(&args, 1);
        assert!(out.stderr.contains("FLOW003"), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("empty"), "{args:?}: {}", out.stderr);
    }
    // Only blank lines and comments are no flowchart either.
    std::fs::write(path, "\n  \n%% nothing yet\n").unwrap();
    let out = expect_exit(["check", path], 1);
    assert_contains(&out.stderr, "FLOW003");
}

#[test]
fn a_binary_flow_file() {
    let dir = temp_dir();
    let path = dir.path().join("binary.flow");
    std::fs::write(&path, b"\x00\xff\xfe\x01flowchart TD\n\xc3\x28").unwrap();
    let path = path_str(&path);
    for args in [
        vec!["check", path],
        vec!["run", path, "flows/answers/eligible.json"],
    ] {
        let out = expect_exit(&args, 1);
        assert!(out.stderr.contains("FLOW004"), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("not UTF-8"), "{args:?}: {}", out.stderr);
    }
    let out = expect_exit(["check", path, "--format", "json"], 1);
    let d = &out.json()[0];
    assert_eq!(d["code"], "FLOW004");
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], 2);
    // `render` exits 2 here while `check` and `run` exit 1 (reported to the engine's owner);
    // only that it fails cleanly is asserted.
    let out = exec(flowrun().args(["render", path]));
    assert_ne!(out.code, 0, "{out:#?}");
    assert_contains(&out.stderr, "FLOW004");
}

#[test]
fn a_file_that_is_not_a_flowchart() {
    let flow = fixture("sequence.flow");
    for args in [
        vec!["check", flow.as_str()],
        vec!["run", flow.as_str(), "flows/answers/eligible.json"],
        vec!["render", flow.as_str()],
    ] {
        let out = expect_exit(&args, 1);
        assert!(out.stderr.contains("FLOW003"), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("sequenceDiagram"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_missing_path() {
    for args in [
        vec!["run", "flows/no-such.flow", "flows/answers/eligible.json"],
        vec!["run", FLOW, "flows/answers/no-such.json"],
        vec!["render", "flows/no-such.flow"],
        vec!["check", "no-such-dir"],
    ] {
        let out = expect_exit(&args, 2);
        assert!(out.stderr.contains("FLOW401"), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("does not exist"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_path() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    let flow = dir.path().join("locked.flow");
    std::fs::copy(root().join(FLOW), &flow).unwrap();
    std::fs::set_permissions(&flow, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&flow).is_ok() {
        eprintln!("skipped: permissions do not stop this user (root?) from reading");
        return;
    }
    let path = path_str(&flow);
    for args in [
        vec!["check", path],
        vec!["run", path, "flows/answers/eligible.json"],
        vec!["render", path],
    ] {
        let out = expect_exit(&args, 2);
        assert!(out.stderr.contains("FLOW401"), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("permission denied"),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_directory_where_a_file_is_expected() {
    let out = expect_exit(["run", "flows", "flows/answers/eligible.json"], 2);
    assert_contains(&out.stderr, "FLOW401");
    assert_contains(&out.stderr, "is a directory");
    let out = expect_exit(["render", "flows"], 2);
    assert_contains(&out.stderr, "is a directory");
    // As the answers: exit 2 (the message talks about the extension, see the report).
    let out = expect_exit(["run", FLOW, "flows/answers"], 2);
    assert_contains(&out.stderr, "flows/answers");
}

#[test]
fn answers_that_are_not_a_map() {
    for (file, found) in [("list.json", "a list"), ("list.yaml", "a list")] {
        let out = expect_exit(["run", FLOW, &fixture(file)], 2);
        assert!(out.stderr.contains("FLOW303"), "{file}: {}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("holds {found}, not a map of question ids")),
            "{file}: {}",
            out.stderr
        );
    }
    let out = exec(flowrun().args(["run", FLOW, "-"]).write_stdin("\"Yes\""));
    assert_eq!(out.code, 2, "{out:#?}");
    assert_contains(&out.stderr, "holds a string");
    // An answer that is itself a list or null is not a label.
    let out = exec(
        flowrun()
            .args(["run", FLOW, "-"])
            .write_stdin(r#"{"us_canada": ["Yes"], "outside": null}"#),
    );
    assert_eq!(out.code, 2, "{out:#?}");
    assert_contains(&out.stderr, "FLOW304");
    assert_contains(&out.stderr, "Yes, No");
}

#[test]
fn malformed_answers() {
    for (file, format) in [
        ("malformed.json", "JSON"),
        ("malformed.yaml", "YAML"),
        ("malformed.toml", "TOML"),
    ] {
        let out = expect_exit(["run", FLOW, &fixture(file)], 2);
        assert!(out.stderr.contains("FLOW303"), "{file}: {}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("the answers file is not valid {format}")),
            "{file}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains(&format!("tests/fixtures/cli/{file}")),
            "{file}: the file is named: {}",
            out.stderr
        );
    }
    // An empty answers file.
    let out = exec(flowrun().args(["run", FLOW, "-"]).write_stdin("  \n"));
    assert_eq!(out.code, 2, "{out:#?}");
    assert_contains(&out.stderr, "the answers file is empty");
}

/// FLOW303's hint shows the first questions of the flow being run, whatever flow that is.
#[test]
fn malformed_answers_hints_use_the_flows_own_question_ids() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("order.flow"),
        "flowchart TD\n    start([Start]) --> size{Which size?}\n    size -->|Small| wrap{Gift wrap?}\n    \
         size -->|Large| big[Freight]\n    wrap -->|Yes| gift[Gift]\n    wrap -->|No| post[Post]\n",
    )
    .unwrap();
    for (name, text, hint) in [
        (
            "a.json",
            "{\"size\": ",
            "e.g. `{\"size\": \"Small\", \"wrap\": \"Yes\"}`",
        ),
        ("a.yaml", "size: [Small\n", "e.g. `size: \"Small\"`"),
        (
            "a.toml",
            "size = Small\n",
            "need quotes: `size = \"Small\"`",
        ),
        (
            "b.json",
            "[\"Small\"]",
            "e.g. `{\"size\": \"Small\", \"wrap\": \"Yes\"}`",
        ),
        (
            "c.json",
            "\n",
            "e.g. `{\"size\": \"Small\"}`; `{}` means no answers",
        ),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = exec(flowrun_in(dir.path()).args(["run", "order.flow", name]));
        assert_eq!(out.code, 2, "{name}: {out:#?}");
        assert_contains(&out.stderr, "FLOW303");
        // miette wraps the hint: compare with the line breaks and indentation taken out.
        let hint_text = out.stderr[out.stderr.find("help:").expect("a hint")..]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_contains(&hint_text, hint);
        for other in ["us_canada", "hipaa"] {
            assert!(!out.stderr.contains(other), "{name}: {}", out.stderr);
        }
    }
}

/// Issue 12: a malformed answers file's message said one column and the drawing underlined
/// another (serde_json counts bytes, and 0 after a line break). Now the message, the heading of
/// the drawing and `--format json` give the same place, for every malformed answers fixture.
#[test]
fn a_malformed_answers_file_is_placed_the_same_by_its_message_and_its_drawing() {
    let dir = "tests/fixtures/answers";
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("the answer fixtures")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with("FLOW303_"))
        .collect();
    files.sort();
    let mut placed = 0;
    for name in &files {
        let path = format!("{dir}/{name}");
        let out = expect_exit(["run", FLOW, &path], 2);
        // `× the answers file is not valid JSON: ... at line L column C`, maybe wrapped.
        let message: String = out
            .stderr
            .lines()
            .skip_while(|l| !l.trim_start().starts_with('×'))
            .take_while(|l| !l.contains("╭─["))
            .map(|l| l.trim_start_matches([' ', '×', '│']).trim_end())
            .collect::<Vec<_>>()
            .join(" ");
        let Some((_, at)) = message.rsplit_once(" at line ") else {
            // Not a reader's error (an empty file, a list): nothing to compare.
            continue;
        };
        let said = at.replace(" column ", ":");
        let heading = out
            .stderr
            .split_once(&format!("[{path}:"))
            .and_then(|(_, rest)| rest.split_once(']'))
            .map(|(at, _)| at.to_owned())
            .unwrap_or_else(|| panic!("{name}: no heading in {}", out.stderr));
        assert_eq!(said, heading, "{name}: the message and the drawing differ");
        let json = expect_exit(["run", FLOW, &path, "--format", "json"], 2).json();
        let d = &json["diagnostics"][0];
        assert_eq!(
            said,
            format!("{}:{}", d["line"], d["column"]),
            "{name}: the message and --format json differ"
        );
        placed += 1;
    }
    assert!(placed >= 5, "only {placed} of {files:?} gave a position");
}

#[test]
fn answers_with_an_unknown_extension() {
    let out = expect_exit(["run", FLOW, &fixture("answers.txt")], 2);
    assert_contains(&out.stderr, "FLOW303");
    assert_contains(&out.stderr, "cannot tell the format");
    assert_contains(&out.stderr, "`.json`, `.yaml`, `.yml` or `.toml`");
}

#[test]
fn an_answer_that_is_not_an_option() {
    let out = expect_exit(["run", FLOW, &fixture("not-an-option.json")], 2);
    assert_contains(&out.stderr, "FLOW301");
    assert_contains(&out.stderr, "`Yse` is not an answer to `us_canada`");
    assert_contains(&out.stderr, "the options are: Yes, No");
    assert_contains(&out.stderr, "did you mean `Yes`?");
    assert_eq!(out.stdout, "");
    insta::assert_snapshot!("answer_not_an_option_stderr", out.stderr);
}

#[test]
fn incomplete_answers_snapshot() {
    let out = expect_exit(["run", FLOW, "flows/answers/incomplete.json"], 3);
    // The outcome goes to stdout; stderr stays empty.
    insta::assert_snapshot!("incomplete_answers", out.transcript());
}

#[test]
fn broken_flow_snapshot() {
    let out = expect_exit(["check", &fixture("broken.flow")], 1);
    insta::assert_snapshot!("check_broken_flow_stderr", out.stderr);
}

/// Issue 12: a `{` left open on one line was reported on the next, at the `|` where reading
/// stopped, as "expected text". It is reported where it opens, in every format.
#[test]
fn an_unclosed_bracket_is_reported_where_it_opens() {
    let flow = "tests/fixtures/FLOW001_syntax-error_unclosed-bracket.flow";
    let out = expect_exit(["check", flow], 1);
    assert_contains(&out.stderr, "`{` opened on line 3 is not closed");
    assert_contains(&out.stderr, "unclosed-bracket.flow:3:33]");
    insta::assert_snapshot!("check_unclosed_bracket_stderr", out.stderr);
    let out = expect_exit(["check", "--format", "json", flow], 1);
    let report: Value = serde_json::from_str(&out.stdout).expect("JSON on stdout");
    let d = &report[0];
    assert_eq!(d["code"], "FLOW001");
    assert_eq!(d["message"], "`{` opened on line 3 is not closed");
    assert_eq!((&d["line"], &d["column"]), (&json!(3), &json!(33)));
    assert_eq!((&d["end_line"], &d["end_column"]), (&json!(3), &json!(34)));
}

#[test]
fn an_answer_for_a_question_that_does_not_exist() {
    let out = expect_exit(["run", FLOW, &fixture("unknown-question.json")], 3);
    assert_contains(&out.stderr, "FLOW302");
    assert_contains(&out.stderr, "the flow has no question `us_canad`");
    assert_contains(&out.stderr, "did you mean `us_canada`?");
    assert!(
        out.stdout.starts_with("needs an answer: us_canada\n"),
        "{}",
        out.stdout
    );

    let out = expect_exit(
        [
            "run",
            FLOW,
            &fixture("unknown-question.json"),
            "--format",
            "json",
        ],
        3,
    );
    let report = out.json();
    assert_eq!(report["warnings"][0]["code"], "FLOW302");
    assert_eq!(report["warnings"][0]["severity"], "warning");
    assert_eq!(report["warnings"][0]["help"], "did you mean `us_canada`?");

    // With every real question answered, the verdict still comes, with the warning.
    let out = exec(flowrun().args(["run", FLOW, "-"]).write_stdin(
        r#"{"us_canada": "Yes", "outside": "No", "analytics": "No", "hipaa": "No", "hipa": "No"}"#,
    ));
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stdout.starts_with("verdict: eligible\n"),
        "{}",
        out.stdout
    );
    assert_contains(&out.stderr, "did you mean `hipaa`?");
}

#[test]
fn no_colour_under_no_color() {
    let dir = temp_dir();
    let binary = dir.path().join("binary.flow");
    std::fs::write(&binary, b"\xff\xfe").unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["run", FLOW, "flows/answers/eligible.json"],
        vec!["run", FLOW, "flows/answers/incomplete.json"],
        vec!["run", FLOW, "tests/fixtures/cli/not-an-option.json"],
        vec!["run", FLOW, "tests/fixtures/cli/unknown-question.json"],
        vec!["run", FLOW, "tests/fixtures/cli/malformed.yaml"],
        vec!["check", "tests/fixtures/cli/broken.flow"],
        vec!["check", "tests/fixtures/cli/sequence.flow"],
        vec!["check", path_str(&binary)],
        vec!["render", "tests/fixtures/cli/cycle.flow"],
        vec!["explain", "cycl"],
        vec!["explain", "FLOW101"],
        vec!["run"],
        vec!["--help"],
    ];
    for args in runs {
        let out = exec(flowrun().args(&args));
        assert!(
            !out.stdout.contains("\x1b[") && !out.stderr.contains("\x1b["),
            "{args:?} printed an ANSI escape: {out:#?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn render_output_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    let fresh = dir.path().join("fresh.dot");
    expect_exit(["render", FLOW, "-o", path_str(&fresh)], 0);
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, 0o644,
        "a new file is not private like a temporary file"
    );

    let existing = dir.path().join("existing.dot");
    std::fs::write(&existing, "old").unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o640)).unwrap();
    expect_exit(["render", FLOW, "-o", path_str(&existing)], 0);
    let mode = std::fs::metadata(&existing).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "a replaced file keeps its permissions");
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    use std::process::Stdio;
    for args in [
        vec!["explain", "--list"],
        vec!["render", FLOW],
        vec![
            "run",
            FLOW,
            "flows/answers/eligible.json",
            "--format",
            "json",
        ],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_flowrun"))
            .args(&args)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the program writes anything.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn flow_and_answers_cannot_both_come_from_stdin() {
    let out = expect_exit(["run", "-", "-"], 2);
    assert_contains(&out.stderr, "standard input");
}

#[test]
fn a_non_utf8_flow_is_a_flow_error_for_every_verb() {
    let dir = temp_dir();
    let path = dir.path().join("latin1.flow");
    std::fs::write(&path, b"flowchart TD\n  A[Caf\xe9] --> B\n").unwrap();
    for args in [
        vec!["check", path_str(&path)],
        vec!["render", path_str(&path)],
        vec!["run", path_str(&path), "flows/answers/eligible.json"],
    ] {
        let out = expect_exit(args.clone(), 1);
        assert!(out.stderr.contains("FLOW004"), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn a_byte_order_mark_is_not_content() {
    let dir = temp_dir();
    let flow = dir.path().join("bom.flow");
    let text = std::fs::read_to_string(root().join(FLOW)).unwrap();
    std::fs::write(&flow, format!("\u{feff}{text}")).unwrap();
    let answers = dir.path().join("bom.json");
    std::fs::write(&answers, "\u{feff}{\"us_canada\": \"No\"}").unwrap();
    let out = expect_exit(["run", path_str(&flow), path_str(&answers)], 0);
    assert!(out.stdout.starts_with("verdict: twilio"), "{}", out.stdout);
}

#[test]
fn an_answer_given_twice_is_malformed() {
    let dir = temp_dir();
    let answers = dir.path().join("twice.json");
    std::fs::write(
        &answers,
        "{\"us_canada\": \"Yes\",\n \"us_canada\": \"No\"}",
    )
    .unwrap();
    let out = expect_exit(["run", FLOW, path_str(&answers)], 2);
    assert_contains(&out.stderr, "FLOW303");
    assert_contains(&out.stderr, "twice");
}
