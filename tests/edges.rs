//! The edge limit (FLOW707, `FLOWRUN_MAX_EDGES`): an `&` product is counted before it is built,
//! so a statement whose edges grow with the square of its text is refused instead of filling
//! memory, by every verb that reads a flow.

use std::path::Path;

use crate::support::{Out, exec};

/// `l0 & ... & l{n-1} --> r0 & ... & r{n-1}`: n² edges. With `one_line` the statement is the
/// issue's 158 KB line; otherwise each `& node` and the link start a line of their own (the
/// grammar reads them as one statement), which keeps the reported column small.
fn product(n: usize, one_line: bool) -> String {
    let sep = if one_line { " & " } else { "\n    & " };
    let side = |c: char| {
        (0..n)
            .map(|i| format!("{c}{i}"))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let link = if one_line { " --> " } else { "\n    --> " };
    format!("flowchart TD\n    {}{link}{}\n", side('l'), side('r'))
}

/// Runs `flowrun ARGS` in `dir` under an address-space limit of 2 GiB (`ulimit -v`), so that a
/// product built in memory (14 GB for the issue's flow) fails quickly instead of taking the
/// machine down, with the environment `env`.
fn run_capped(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Out {
    let bin = assert_cmd::cargo::cargo_bin("flowrun");
    let mut sh = assert_cmd::Command::new("sh");
    sh.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .args(["-c", "ulimit -v 2097152 && exec \"$0\" \"$@\""])
        .arg(bin)
        .args(args);
    for (name, value) in env {
        sh.env(name, value);
    }
    exec(&mut sh)
}

#[test]
fn the_issues_product_is_refused_before_it_is_built() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wide.flow"), product(10_000, true)).unwrap();
    assert!(
        std::fs::metadata(dir.path().join("wide.flow"))
            .unwrap()
            .len()
            < 160_000
    );
    // The node limit alone never stopped it.
    let out = run_capped(
        dir.path(),
        &[("FLOWRUN_MAX_NODES", "1000")],
        &["check", "--format", "json", "wide.flow"],
    );
    assert_eq!(out.code, 1, "{out:#?}");
    let codes: Vec<String> = out
        .json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    // The node limit is checked after each statement is built; the edges before.
    assert_eq!(codes, ["FLOW707"], "{}", out.stdout);
    let out = run_capped(dir.path(), &[], &["check", "--format", "json", "wide.flow"]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stdout.contains("FLOW707"), "{out:#?}");
    assert!(out.stdout.contains("100000000 edges"), "{out:#?}");
}

#[test]
fn every_verb_that_reads_a_flow_refuses_the_product() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wide.flow"), product(10_000, false)).unwrap();
    for args in [
        &["check", "wide.flow"][..],
        &["fmt", "--check", "wide.flow"],
        &["fmt", "wide.flow"],
        &["render", "wide.flow", "--to", "mermaid"],
        &["render", "wide.flow", "--to", "dot"],
        &["paths", "wide.flow"],
    ] {
        let out = run_capped(dir.path(), &[], args);
        assert_ne!(out.code, 0, "{args:?}: {out:#?}");
        assert!(out.stderr.contains("FLOW707"), "{args:?}: {out:#?}");
        assert!(
            out.stderr.contains("FLOWRUN_MAX_EDGES=N"),
            "{args:?}: {out:#?}"
        );
    }
    // `fmt` left the file as it was.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("wide.flow")).unwrap(),
        product(10_000, false)
    );
}

#[test]
fn the_edge_limit_is_exact_and_set_by_its_variable() {
    let dir = tempfile::tempdir().unwrap();
    // 3 x 3 = 9 edges.
    std::fs::write(
        dir.path().join("small.flow"),
        "flowchart TD\n    q{Go?} -->|Yes| a & b & c\n    q -->|No| d\n    a & b & c --> x & y & z\n",
    )
    .unwrap();
    // 3 + 1 + 9 = 13 edges.
    let out = run_capped(
        dir.path(),
        &[("FLOWRUN_MAX_EDGES", "13")],
        &["fmt", "--check", "small.flow"],
    );
    assert!(!out.stderr.contains("FLOW707"), "{out:#?}");
    let out = run_capped(
        dir.path(),
        &[("FLOWRUN_MAX_EDGES", "12")],
        &["check", "small.flow"],
    );
    assert_eq!(out.code, 1, "{out:#?}");
    insta::assert_snapshot!(out.transcript());
    let out = run_capped(
        dir.path(),
        &[("FLOWRUN_MAX_EDGES", "none")],
        &["check", "small.flow"],
    );
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW706"), "{out:#?}");
}
