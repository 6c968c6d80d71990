//! One flow, one set of settings, every verb: each loads the flow through the same function, so
//! a `flowrun.toml` or a limit changes what every verb says about the flow in the same way.

use std::path::Path;

use crate::support::{self, Out, exec};

/// Valid, with one FLOW202 warning: `hipaa` has a single answer.
const FLOW: &str = "flowchart TD
    start([Start]) --> us_canada{In the US or Canada?}
    us_canada -->|Yes| hipaa{Do you need HIPAA compliance?}
    us_canada -->|No| twilio[Work directly with Twilio]
    hipaa -->|No| eligible[Eligible]
";

const TESTS: &str = "[[case]]
name = \"eligible\"
answers = { us_canada = \"Yes\", hipaa = \"No\" }
verdict = \"eligible\"
";

/// A project with the flow, its test file, answers, a batch input and the given config.
fn project(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    std::fs::write(root.join("f.flow"), FLOW).unwrap();
    std::fs::write(root.join("f.tests.toml"), TESTS).unwrap();
    std::fs::write(
        root.join("answers.json"),
        r#"{"us_canada": "Yes", "hipaa": "No"}"#,
    )
    .unwrap();
    std::fs::write(
        root.join("records.jsonl"),
        "{\"us_canada\": \"Yes\", \"hipaa\": \"No\"}\n",
    )
    .unwrap();
    if let Some(config) = config {
        std::fs::write(root.join("flowrun.toml"), config).unwrap();
    }
    dir
}

/// Every verb that reads the flow, with the arguments that make it read `f.flow`.
const VERBS: &[(&str, &[&str])] = &[
    ("check", &["check", "f.flow"]),
    ("run", &["run", "f.flow", "answers.json"]),
    ("test", &["test", "f.flow"]),
    ("paths", &["paths", "f.flow"]),
    ("diff", &["diff", "f.flow", "f.flow"]),
    ("render", &["render", "f.flow"]),
    (
        "render --answers",
        &["render", "f.flow", "--answers", "answers.json"],
    ),
    (
        "render --to mermaid",
        &["render", "f.flow", "--to", "mermaid"],
    ),
    ("batch", &["batch", "f.flow", "records.jsonl"]),
    ("ask", &["ask", "f.flow"]),
    ("fmt --check", &["fmt", "--check", "f.flow"]),
];

fn flowrun(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = support::flowrun_in(dir);
    cmd.args(args).envs(env.iter().copied());
    // `ask` reads its answers line by line when standard input is not a terminal.
    cmd.write_stdin("1\n1\n");
    exec(&mut cmd)
}

/// The verbs that judge the flow's rules (all but `fmt`, which reads the syntax alone).
fn judging() -> impl Iterator<Item = &'static (&'static str, &'static [&'static str])> {
    VERBS.iter().filter(|(name, _)| !name.starts_with("fmt"))
}

#[test]
fn a_rule_raised_to_an_error_stops_every_verb_that_needs_a_valid_flow() {
    let dir = project(Some("[rules]\nFLOW202 = \"error\"\n"));
    for (name, args) in judging() {
        let out = flowrun(dir.path(), args, &[]);
        assert!(out.stderr.contains("FLOW202"), "{name}: {out:#?}");
        match *name {
            // `render` draws a flow with errors anyway, and says how many it has.
            "render" | "render --to mermaid" => {
                assert_eq!(out.code, 0, "{name}: {out:#?}");
                assert!(
                    out.stderr.contains("has 1 error (FLOW202)"),
                    "{name}: {out:#?}"
                );
            }
            // A version that cannot be compared is diff's input error.
            "diff" => assert_eq!(out.code, 2, "{name}: {out:#?}"),
            _ => assert_eq!(out.code, 1, "{name}: {out:#?}"),
        }
    }
}

#[test]
fn a_rule_turned_off_is_silent_in_every_verb() {
    let dir = project(Some("[rules]\nFLOW202 = \"off\"\n"));
    for (name, args) in VERBS {
        let out = flowrun(dir.path(), args, &[]);
        assert!(!out.stderr.contains("FLOW202"), "{name}: {out:#?}");
        assert!(!out.stdout.contains("FLOW202"), "{name}: {out:#?}");
        // `diff` of a flow with itself finds no change; `ask` reaches the verdict.
        assert_eq!(out.code, 0, "{name}: {out:#?}");
    }
}

#[test]
fn without_a_config_the_warning_does_not_stop_any_verb() {
    let dir = project(None);
    for (name, args) in VERBS {
        let out = flowrun(dir.path(), args, &[]);
        assert_eq!(out.code, 0, "{name}: {out:#?}");
    }
    let out = flowrun(dir.path(), &["check", "f.flow"], &[]);
    assert!(out.stderr.contains("FLOW202"), "{out:#?}");
}

#[test]
fn a_broken_config_is_an_input_error_for_every_verb() {
    let dir = project(Some("[rules]\nFLOW999 = \"off\"\n"));
    for (name, args) in judging() {
        let out = flowrun(dir.path(), args, &[]);
        assert_eq!(out.code, 2, "{name}: {out:#?}");
        assert!(out.stderr.contains("FLOW502"), "{name}: {out:#?}");
    }
}

#[test]
fn a_limit_stops_every_verb_fmt_included() {
    let dir = project(None);
    for (name, args) in VERBS {
        let out = flowrun(dir.path(), args, &[("FLOWRUN_MAX_NODES", "3")]);
        assert!(out.stderr.contains("FLOW702"), "{name}: {out:#?}");
        let expected = if *name == "diff" { 2 } else { 1 };
        assert_eq!(out.code, expected, "{name}: {out:#?}");
    }
}
