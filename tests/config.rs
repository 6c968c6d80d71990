//! `flowrun.toml` and `%% flowrun:` suppression comments, through the real binary: each test
//! builds a small project in a temporary directory and runs `flowrun` inside it, so the paths
//! printed are relative and the snapshots do not depend on where the directory is.

use std::path::Path;

use serde_json::Value;

use crate::support::{self, Out, exec};

/// A valid flow whose only problem is a FLOW014 warning (`---oq` reads as `---o` to `q`).
const ARROWHEAD: &str = "flowchart TD
    start([Start]) ---oq{Ready?}
    q -->|Yes| go[Go]
    q -->|No| stop[Stop]
";

impl Out {
    /// The codes of `check --format json`'s diagnostics, with their severities.
    fn codes(&self) -> Vec<(String, String)> {
        let list: Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {self:#?}"));
        list.as_array()
            .expect("a list")
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["severity"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

fn project() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs `flowrun ARGS` in `dir`.
fn flowrun(dir: &Path, args: &[&str]) -> Out {
    exec(support::flowrun_in(dir).args(args))
}

fn check_json(dir: &Path, path: &str) -> Out {
    flowrun(dir, &["check", path, "--format", "json"])
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn without_a_config_the_default_severities_hold() {
    let dir = project();
    write(dir.path(), "flows/a.flow", ARROWHEAD);
    let out = check_json(dir.path(), "flows");
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(out.codes(), pairs(&[("FLOW014", "warning")]));
}

#[test]
fn the_config_is_found_by_walking_up_and_turns_a_rule_off() {
    let dir = project();
    write(dir.path(), "flowrun.toml", "[rules]\nFLOW014 = \"off\"\n");
    write(dir.path(), "flows/deep/er/a.flow", ARROWHEAD);
    let out = check_json(dir.path(), "flows");
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(out.codes(), pairs(&[]));
    // Also when flowrun runs below the configuration, or far from it.
    let out = check_json(&dir.path().join("flows/deep"), "er/a.flow");
    assert_eq!(out.codes(), pairs(&[]));
    let elsewhere = project();
    let absolute = dir.path().join("flows/deep/er/a.flow");
    let out = check_json(elsewhere.path(), absolute.to_str().unwrap());
    assert_eq!(out.codes(), pairs(&[]));
}

#[test]
fn the_nearest_config_wins_and_is_not_merged() {
    let dir = project();
    write(
        dir.path(),
        "flowrun.toml",
        "[rules]\nFLOW014 = \"off\"\nFLOW011 = \"off\"\n",
    );
    write(dir.path(), "flows/top.flow", ARROWHEAD);
    // The nearer file sets FLOW014 to error and says nothing of FLOW011, which is back on.
    write(
        dir.path(),
        "flows/strict/flowrun.toml",
        "[rules]\narrowhead-takes-id = \"error\"\n",
    );
    write(
        dir.path(),
        "flows/strict/a.flow",
        &format!("{ARROWHEAD}    style ghost fill:#fff\n"),
    );
    let out = check_json(dir.path(), "flows/top.flow");
    assert_eq!((out.code, out.codes()), (0, pairs(&[])));
    let out = check_json(dir.path(), "flows");
    assert_eq!(out.code, 1, "{out:#?}");
    assert_eq!(
        out.codes(),
        pairs(&[("FLOW014", "error"), ("FLOW011", "warning")])
    );
}

#[test]
fn severities_change_in_check_and_in_run() {
    let dir = project();
    write(dir.path(), "flowrun.toml", "[rules]\nFLOW014 = \"error\"\n");
    write(dir.path(), "a.flow", ARROWHEAD);
    write(dir.path(), "yes.json", "{\"q\": \"Yes\", \"typo\": 1}");
    let out = check_json(dir.path(), "a.flow");
    assert_eq!((out.code, out.codes()), (1, pairs(&[("FLOW014", "error")])));
    let out = flowrun(dir.path(), &["run", "a.flow", "yes.json"]);
    assert_eq!(out.code, 1, "a raised warning stops run: {out:#?}");
    assert!(out.stderr.contains("FLOW014"), "{out:#?}");

    // Off in run: no warning shown, the walk goes on; answers warnings obey it too.
    write(
        dir.path(),
        "flowrun.toml",
        "[rules]\nFLOW014 = \"off\"\nunknown-question = \"off\"\n",
    );
    let out = flowrun(dir.path(), &["run", "a.flow", "yes.json"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stdout.starts_with("verdict: go"), "{out:#?}");
    assert_eq!(out.stderr, "", "{out:#?}");

    // An answers warning raised to an error is an input error.
    write(dir.path(), "flowrun.toml", "[rules]\nFLOW302 = \"error\"\n");
    let out = flowrun(dir.path(), &["run", "a.flow", "yes.json"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW302"), "{out:#?}");
}

#[test]
fn a_broken_config_points_into_the_toml() {
    let dir = project();
    write(
        dir.path(),
        "flowrun.toml",
        "[rules]\nFLOW014 = \"of\"\nFLOW14 = \"off\"\ncycle = \"off\"\nFLOW011 = \"off\"\n",
    );
    write(
        dir.path(),
        "flows/a.flow",
        &format!("{ARROWHEAD}    style ghost fill:#fff\n"),
    );
    let out = flowrun(dir.path(), &["check", "flows"]);
    assert_eq!(out.code, 2, "{out:#?}");
    // The valid line (FLOW011 off) still applies; the file's problems come first.
    insta::assert_snapshot!("broken_config", out.stderr);

    let json = check_json(dir.path(), "flows");
    assert_eq!(
        json.codes(),
        pairs(&[
            ("FLOW501", "error"),
            ("FLOW502", "error"),
            ("FLOW503", "error"),
            ("FLOW014", "warning"),
        ])
    );
    let out = flowrun(dir.path(), &["run", "flows/a.flow", "-"]);
    assert_eq!(out.code, 2, "run refuses a broken configuration: {out:#?}");
    assert!(out.stderr.contains("FLOW501"), "{out:#?}");
}

#[test]
fn invalid_toml_is_a_diagnostic_too() {
    let dir = project();
    write(dir.path(), "flowrun.toml", "[rules\nFLOW014 = \"off\"\n");
    write(dir.path(), "a.flow", ARROWHEAD);
    let out = flowrun(dir.path(), &["check", "a.flow"]);
    assert_eq!(out.code, 2, "{out:#?}");
    insta::assert_snapshot!("invalid_toml", out.stderr);
}

#[test]
fn allow_suppresses_in_the_next_statement_only() {
    let dir = project();
    write(
        dir.path(),
        "a.flow",
        "flowchart TD
    %% flowrun: allow FLOW014
    %% (other comments between do not matter)
    start([Start]) ---oq{Ready?}
    q -->|Yes| go[Go]
    q -->|No| stop[Stop]
    q ---oextra
    extra --> stop
",
    );
    let out = check_json(dir.path(), "a.flow");
    // The second `---o` (line 7) is still reported, and `extra` makes q's third answer
    // unlabelled, so it is an error.
    let codes = out.codes();
    assert!(
        codes.contains(&("FLOW014".to_owned(), "warning".to_owned())),
        "{out:#?}"
    );
    let list: Value = serde_json::from_str(&out.stdout).unwrap();
    let lines: Vec<u64> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "FLOW014")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [7], "{out:#?}");
}

#[test]
fn allow_file_suppresses_everywhere_and_takes_names_and_reasons() {
    let dir = project();
    write(
        dir.path(),
        "a.flow",
        "%% flowrun: allow-file arrowhead-takes-id, FLOW011 -- the o is a head, on purpose
flowchart TD
    start([Start]) ---oq{Ready?}
    q -->|Yes| go[Go]
    q -->|No| stop[Stop]
    style ghost fill:#fff
    go ---ofinished
",
    );
    let out = check_json(dir.path(), "a.flow");
    // `go ---ofinished` makes `go` a step to `finished`: no longer a verdict, but valid.
    assert_eq!((out.code, out.codes()), (0, pairs(&[])), "{out:#?}");
    // And the walk is not disturbed by the comment.
    write(dir.path(), "yes.json", "{\"q\": \"Yes\"}");
    let out = flowrun(dir.path(), &["run", "a.flow", "yes.json"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(out.stderr, "", "{out:#?}");
}

#[test]
fn unknown_codes_are_reported_in_comments_and_in_the_config() {
    let dir = project();
    write(dir.path(), "flowrun.toml", "[rules]\nFLOW0014 = \"off\"\n");
    write(
        dir.path(),
        "a.flow",
        "flowchart TD
    %% flowrun: allow FLOW014, FLOW99
    start([Start]) ---oq{Ready?}
    q -->|Yes| go[Go]
    q -->|No| stop[Stop]
    %% flowrun: alow FLOW011
",
    );
    let out = flowrun(dir.path(), &["check", "a.flow"]);
    assert_eq!(out.code, 2, "{out:#?}");
    insta::assert_snapshot!("unknown_codes", out.stderr);
}

#[test]
fn unused_suppressions_warn_and_the_config_can_silence_them() {
    let dir = project();
    write(
        dir.path(),
        "a.flow",
        "flowchart TD
    %% flowrun: allow FLOW014
    start([Start]) --> q{Ready?}
    q -->|Yes| go[Go]
    q -->|No| stop[Stop]
    %% flowrun: allow FLOW011
",
    );
    let out = check_json(dir.path(), "a.flow");
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(
        out.codes(),
        pairs(&[("FLOW505", "warning"), ("FLOW505", "warning")])
    );
    write(
        dir.path(),
        "flowrun.toml",
        "[rules]\nunused-suppression = \"off\"\n",
    );
    assert_eq!(check_json(dir.path(), "a.flow").codes(), pairs(&[]));
    write(dir.path(), "flowrun.toml", "[rules]\nFLOW505 = \"error\"\n");
    assert_eq!(check_json(dir.path(), "a.flow").code, 1);
}

#[test]
fn errors_that_stop_a_walk_cannot_be_suppressed() {
    let dir = project();
    write(
        dir.path(),
        "a.flow",
        "flowchart TD
    %% flowrun: allow FLOW101
    a --> b --> a
",
    );
    let out = check_json(dir.path(), "a.flow");
    assert_eq!(out.code, 1, "{out:#?}");
    let codes = out.codes();
    assert!(
        codes.contains(&("FLOW503".to_owned(), "error".to_owned())),
        "{codes:?}"
    );
    assert!(codes.iter().any(|(c, _)| c == "FLOW101"), "{codes:?}");
}

#[test]
fn the_readme_example_is_clean() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme
        .find("### Suppression comments")
        .expect("the section")..];
    let start = section.find("```text\n").unwrap() + "```text\n".len();
    let end = start + section[start..].find("```").unwrap();
    let dir = project();
    write(dir.path(), "a.flow", &section[start..end]);
    let out = check_json(dir.path(), "a.flow");
    assert_eq!((out.code, out.codes()), (0, pairs(&[])), "{out:#?}");
}
