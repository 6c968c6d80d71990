//! `flowrun diff`: two versions of a flow compared through the real binary, as files and against
//! a temporary git repository.

use std::path::Path;
use std::process::Command as Process;

use crate::support::{Out, exec, flowrun_in, root};

const DIR: &str = "tests/fixtures/diff";

fn diff(args: &[&str]) -> Out {
    exec(flowrun_in(root()).arg("diff").args(args))
}

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

#[test]
fn the_same_flow_has_no_change() {
    let out = diff(&[&fixture("old.flow"), &fixture("old.flow")]);
    assert_eq!(out.code, 0, "{out:#?}");
    insta::assert_snapshot!(out.stdout, @r"
    Comparing tests/fixtures/diff/old.flow with tests/fixtures/diff/old.flow
    No change in meaning.
    ");
}

#[test]
fn layout_alone_is_no_change_in_any_format() {
    for format in ["text", "json", "markdown"] {
        let out = diff(&[
            &fixture("old.flow"),
            &fixture("relaid.flow"),
            "--format",
            format,
        ]);
        assert_eq!(out.code, 0, "{format}: {out:#?}");
        assert!(out.stderr.is_empty(), "{format}: {}", out.stderr);
    }
    let json = diff(&[
        &fixture("old.flow"),
        &fixture("relaid.flow"),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(json["changed"], false);
    assert_eq!(json["routes"]["total"], 0);
}

#[test]
fn an_edit_in_text() {
    let out = diff(&[&fixture("old.flow"), &fixture("changed.flow")]);
    assert_eq!(out.code, 1, "{out:#?}");
    insta::assert_snapshot!("edit_text", out.transcript());
}

#[test]
fn an_edit_in_markdown() {
    let out = diff(&[
        &fixture("old.flow"),
        &fixture("changed.flow"),
        "--format",
        "markdown",
    ]);
    assert_eq!(out.code, 1, "{out:#?}");
    insta::assert_snapshot!("edit_markdown", out.transcript());
}

#[test]
fn an_edit_in_json() {
    let out = diff(&[
        &fixture("old.flow"),
        &fixture("changed.flow"),
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "{out:#?}");
    let json = out.json();
    assert_eq!(json["changed"], true);
    assert_eq!(json["routes"]["total"], 2);
    assert_eq!(json["routes"]["all_listed"], true);
    insta::assert_snapshot!("edit_json", out.stdout);
}

#[test]
fn the_other_direction_sees_the_mirror_changes() {
    let out = diff(&[
        &fixture("changed.flow"),
        &fixture("old.flow"),
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "{out:#?}");
    let json = out.json();
    assert_eq!(json["structure"]["questions_removed"][0]["id"], "consent");
    assert_eq!(json["structure"]["verdicts_removed"][0]["id"], "sales");
    // Old `consent=No` reached twilio; without the question the new version says eligible.
    let listed = json["routes"]["listed"].as_array().expect("a list");
    assert!(
        listed.iter().any(|r| r["old"] == "twilio"
            && r["new"]["verdict"] == "eligible"
            && r["answers"][4]["question"] == "consent"),
        "{listed:#?}"
    );
}

#[test]
fn a_broken_new_version_shows_its_diagnostics() {
    let out = diff(&[&fixture("old.flow"), &fixture("broken.flow")]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!("broken_new", out.transcript());
    let json = diff(&[
        &fixture("old.flow"),
        &fixture("broken.flow"),
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 2);
    let json = json.json();
    assert_eq!(json["side"], "new");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["code"].as_str().expect("a code"))
        .collect();
    assert_eq!(codes, ["FLOW104", "FLOW101"]);
}

#[test]
fn a_broken_old_version_is_named_as_the_old_one() {
    let out = diff(&[&fixture("broken.flow"), &fixture("old.flow")]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr
            .starts_with("error: the old version (tests/fixtures/diff/broken.flow)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_missing_file_is_an_input_error() {
    let out = diff(&[&fixture("old.flow"), &fixture("missing.flow")]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW401"), "{}", out.stderr);
    assert!(out.stderr.contains("the new version"), "{}", out.stderr);
}

#[test]
fn help_documents_the_exit_codes() {
    let out = diff(&["--help"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .contains("Exit codes: 0 no change in meaning, 1 the meaning changed, 2"),
        "{}",
        out.stdout
    );
    // NEW is needed unless --rev gives the old version, and not with it.
    assert_eq!(diff(&[&fixture("old.flow")]).code, 2);
    let both = diff(&[&fixture("old.flow"), &fixture("old.flow"), "--rev", "HEAD"]);
    assert_eq!(both.code, 2);
}

/// 30 levels, each `No`, or `Yes` then `Yes` again: 2^30 routes reach the end, whose verdict
/// the new version moves.
#[test]
fn the_list_is_cut_at_the_limit_but_every_route_is_counted() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let n = 30;
    let mut old = String::from("flowchart TD\n  s([Start]) --> q0\n");
    for i in 0..n {
        old.push_str(&format!(
            "  q{i}{{Q{i}?}} -->|No| q{next}\n  q{i} -->|Yes| y{i}{{Y{i}?}}\n  \
             y{i} -->|Yes| q{next}\n  y{i} -->|No| out[Out]\n",
            next = i + 1
        ));
    }
    let new = format!("{old}  q{n}[Later]\n");
    let old = format!("{old}  q{n} --> done[Done]\n");
    std::fs::write(dir.path().join("old.flow"), old).expect("written");
    std::fs::write(dir.path().join("new.flow"), new).expect("written");
    let out = exec(
        flowrun_in(dir.path())
            .args(["diff", "old.flow", "new.flow", "--limit", "2"])
            .args(["--format", "json"]),
    );
    assert_eq!(out.code, 1, "{out:#?}");
    let json = out.json();
    assert_eq!(json["routes"]["total"], 1u64 << n);
    assert_eq!(json["routes"]["all_listed"], false);
    assert_eq!(json["routes"]["listed"].as_array().map(Vec::len), Some(2));
    let text = exec(flowrun_in(dir.path()).args(["diff", "old.flow", "new.flow", "--limit", "2"]));
    assert!(
        text.stdout
            .contains("The first 2 are listed (--limit 2); raise --limit for more."),
        "{}",
        text.stdout
    );
}

/// Runs git in `dir` with a fixed identity, and checks that it worked.
fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .args([
            "-c",
            "user.name=flowrun tests",
            "-c",
            "user.email=tests@flowrun.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// A repository with `flows/eligibility.flow` committed as the old fixture, then edited in the
/// working tree to the changed one.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).expect("created");
    let copy = |name: &str| {
        std::fs::copy(root().join(fixture(name)), flows.join("eligibility.flow")).expect("copied");
    };
    copy("old.flow");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "flows/eligibility.flow"]);
    git(dir.path(), &["commit", "-q", "-m", "the eligibility flow"]);
    copy("changed.flow");
    dir
}

#[test]
fn rev_compares_the_working_tree_with_a_commit() {
    let repo = repository();
    let out =
        exec(flowrun_in(repo.path()).args(["diff", "flows/eligibility.flow", "--rev", "HEAD"]));
    assert_eq!(out.code, 1, "{out:#?}");
    // The same report as the two files give, under git's names.
    let files = diff(&[&fixture("old.flow"), &fixture("changed.flow")]);
    let expected = files.stdout.replace(
        "Comparing tests/fixtures/diff/old.flow with tests/fixtures/diff/changed.flow",
        "Comparing HEAD:flows/eligibility.flow with flows/eligibility.flow",
    );
    assert_eq!(out.stdout, expected);
    // From inside the file's directory too: git is run where the file is.
    let inside = exec(flowrun_in(&repo.path().join("flows")).args([
        "diff",
        "eligibility.flow",
        "--rev",
        "main",
    ]));
    assert_eq!(inside.code, 1, "{inside:#?}");
    // Once committed, nothing differs from HEAD, and HEAD~1 is the old version.
    git(repo.path(), &["commit", "-q", "-am", "consent"]);
    let same =
        exec(flowrun_in(repo.path()).args(["diff", "flows/eligibility.flow", "--rev", "HEAD"]));
    assert_eq!(same.code, 0, "{same:#?}");
    let before =
        exec(flowrun_in(repo.path()).args(["diff", "flows/eligibility.flow", "--rev", "HEAD~1"]));
    assert_eq!(before.code, 1, "{before:#?}");
}

#[test]
fn a_missing_revision_is_flow403_with_gits_message() {
    let repo = repository();
    let out =
        exec(flowrun_in(repo.path()).args(["diff", "flows/eligibility.flow", "--rev", "nope"]));
    assert_eq!(out.code, 2, "{out:#?}");
    insta::assert_snapshot!("missing_revision", out.transcript());
    let json = exec(flowrun_in(repo.path()).args([
        "diff",
        "flows/eligibility.flow",
        "--rev",
        "nope",
        "--format",
        "json",
    ]))
    .json();
    assert_eq!(json["side"], "old");
    assert_eq!(json["diagnostics"][0]["code"], "FLOW403");
}

#[test]
fn a_file_added_since_the_revision_is_flow403() {
    let repo = repository();
    let added = repo.path().join("flows/new.flow");
    std::fs::copy(root().join(fixture("old.flow")), &added).expect("copied");
    let out = exec(flowrun_in(repo.path()).args([
        "diff",
        "flows/new.flow",
        "--rev",
        "HEAD",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, 2, "{out:#?}");
    let json = out.json();
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "FLOW403");
    let message = d["message"].as_str().expect("a message");
    assert!(
        message.contains("exists on disk, but not in 'HEAD'"),
        "{message}"
    );
    let help = d["help"].as_str().expect("a help");
    assert!(help.contains("did not exist at that revision"), "{help}");
}

#[test]
fn a_file_outside_any_repository_is_flow403() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::copy(root().join(fixture("old.flow")), dir.path().join("a.flow")).expect("copied");
    let out = exec(
        flowrun_in(dir.path())
            .env(
                "GIT_CEILING_DIRECTORIES",
                dir.path().parent().unwrap_or(dir.path()),
            )
            .args(["diff", "a.flow", "--rev", "HEAD"]),
    );
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW403"), "{}", out.stderr);
    assert!(
        out.stderr.contains("not a git repository"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("not in a git work tree"),
        "{}",
        out.stderr
    );
}

#[test]
fn without_git_the_diagnostic_says_so() {
    let repo = repository();
    let out = exec(
        flowrun_in(repo.path())
            .env("PATH", repo.path().join("no-such-dir"))
            .args(["diff", "flows/eligibility.flow", "--rev", "HEAD"]),
    );
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW403"), "{}", out.stderr);
    assert!(out.stderr.contains("git was not found"), "{}", out.stderr);
}

#[test]
fn the_readme_shows_what_the_binary_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let command = "  $ flowrun diff flows/eligibility.flow tests/fixtures/diff/changed.flow\n";
    let start = readme.find(command).expect("the diff example") + command.len();
    let end = start + readme[start..].find("  ```").expect("closed");
    let shown: String = readme[start..end]
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
        .collect();
    let out = diff(&["flows/eligibility.flow", &fixture("changed.flow")]);
    assert_eq!(out.code, 1);
    assert_eq!(shown, out.stdout);
}

#[test]
fn standard_input_has_no_revision_to_compare_with() {
    let out = exec(
        flowrun_in(root())
            .args(["diff", "-", "--rev", "HEAD", "--format", "json"])
            .write_stdin("flowchart TD\n  a --> b\n"),
    );
    assert_eq!(out.code, 2, "{out:#?}");
    let json = out.json();
    assert_eq!(json["side"], "old");
    assert_eq!(json["diagnostics"][0]["code"], "FLOW403");
}
