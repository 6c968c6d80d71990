//! The resource limits (FLOW701-FLOW706): each is hit by lowering it with its environment
//! variable, and reported as a diagnostic naming the limit and how to raise it, never a crash.

use std::io::Write;

use crate::support::{Out, exec, flowrun_in, root};

const FLOW: &str = "flows/eligibility.flow";
const ANSWERS: &str = "flows/answers/eligible.json";

/// Runs `flowrun ARGS` with the environment variables `env`, from the repository root.
fn run(env: &[(&str, &str)], args: &[&str]) -> Out {
    let mut cmd = flowrun_in(root());
    for (name, value) in env {
        cmd.env(name, value);
    }
    exec(cmd.args(args))
}

/// The transcript, for a snapshot, checked for what every limit diagnostic must say.
fn limit_hit(out: &Out, code: &str, variable: &str, exit: i32) -> String {
    assert_eq!(out.code, exit, "{out:#?}");
    assert!(out.stderr.contains(code), "{out:#?}");
    assert!(out.stderr.contains(&format!("{variable}=N")), "{out:#?}");
    out.transcript()
}

#[test]
fn flow_too_large_is_refused_before_reading() {
    let out = run(&[("FLOWRUN_MAX_FLOW_BYTES", "100")], &["check", FLOW]);
    insta::assert_snapshot!(limit_hit(&out, "FLOW701", "FLOWRUN_MAX_FLOW_BYTES", 2));
    // At the limit exactly is fine.
    let size = std::fs::metadata(root().join(FLOW))
        .unwrap()
        .len()
        .to_string();
    let out = run(&[("FLOWRUN_MAX_FLOW_BYTES", &size)], &["check", FLOW]);
    assert_eq!(out.code, 0, "{out:#?}");
}

#[test]
fn standard_input_is_read_only_up_to_the_limit() {
    // More than the limit on stdin: refused without reading it all into memory.
    let mut cmd = flowrun_in(root());
    cmd.env("FLOWRUN_MAX_FLOW_BYTES", "1K")
        .args(["fmt", "-"])
        .write_stdin(vec![b'%'; 64 << 10]);
    let out = exec(&mut cmd);
    insta::assert_snapshot!(limit_hit(&out, "FLOW701", "FLOWRUN_MAX_FLOW_BYTES", 2));
}

#[test]
fn too_many_nodes() {
    let out = run(&[("FLOWRUN_MAX_NODES", "3")], &["check", FLOW]);
    insta::assert_snapshot!(limit_hit(&out, "FLOW702", "FLOWRUN_MAX_NODES", 1));
    let out = run(&[("FLOWRUN_MAX_NODES", "7")], &["check", FLOW]);
    assert_eq!(out.code, 0, "the flow has 7 nodes: {out:#?}");
}

#[test]
fn label_too_long() {
    let out = run(&[("FLOWRUN_MAX_LABEL_BYTES", "40")], &["check", FLOW]);
    insta::assert_snapshot!(limit_hit(&out, "FLOW703", "FLOWRUN_MAX_LABEL_BYTES", 1));
}

#[test]
fn subgraphs_too_deep() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.flow");
    std::fs::write(
        &path,
        "flowchart TD\n  subgraph a\n    subgraph b\n      q{Go?} -->|Yes| y[Yes]\n      \
         q -->|No| n[No]\n    end\n  end\n",
    )
    .unwrap();
    let mut cmd = flowrun_in(dir.path());
    cmd.env("FLOWRUN_MAX_SUBGRAPH_DEPTH", "1")
        .args(["check", "nested.flow"]);
    let out = exec(&mut cmd);
    insta::assert_snapshot!(limit_hit(&out, "FLOW704", "FLOWRUN_MAX_SUBGRAPH_DEPTH", 1));
    let mut cmd = flowrun_in(dir.path());
    cmd.env("FLOWRUN_MAX_SUBGRAPH_DEPTH", "2")
        .args(["check", "nested.flow"]);
    assert_eq!(exec(&mut cmd).code, 0);
}

#[test]
fn answers_too_large() {
    let out = run(
        &[("FLOWRUN_MAX_ANSWERS_BYTES", "10")],
        &["run", FLOW, ANSWERS],
    );
    insta::assert_snapshot!(limit_hit(&out, "FLOW705", "FLOWRUN_MAX_ANSWERS_BYTES", 2));
    // The flow limit does not apply to answers, nor the answers limit to flows.
    let out = run(
        &[
            ("FLOWRUN_MAX_ANSWERS_BYTES", "1M"),
            ("FLOWRUN_MAX_FLOW_BYTES", "1M"),
        ],
        &["run", FLOW, ANSWERS],
    );
    assert_eq!(out.code, 0, "{out:#?}");
}

#[test]
fn a_bad_limit_stops_every_verb() {
    for args in [
        &["check", FLOW][..],
        &["run", FLOW, ANSWERS],
        &["explain", "FLOW701"],
    ] {
        let out = run(&[("FLOWRUN_MAX_NODES", "lots")], args);
        assert_eq!(out.code, 2, "{out:#?}");
        assert!(out.stderr.contains("FLOW706"), "{out:#?}");
    }
    let out = run(
        &[
            ("FLOWRUN_MAX_NODES", "0"),
            ("FLOWRUN_MAX_LABEL_BYTES", "-1"),
        ],
        &["check", FLOW],
    );
    insta::assert_snapshot!(out.transcript());
}

#[test]
fn json_output_names_the_limit_code() {
    let out = run(
        &[("FLOWRUN_MAX_NODES", "2")],
        &["check", "--format", "json", FLOW],
    );
    assert_eq!(out.code, 1, "{out:#?}");
    let json = out.json();
    let codes: Vec<&str> = json
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(codes, ["FLOW702"], "{}", out.stdout);
}

#[test]
fn a_limit_diagnostic_points_at_the_first_character_of_a_huge_label() {
    // A 200 KB label over a 1 KB limit: the report underlines its first character and shows
    // the start of its line, not the whole label.
    let dir = tempfile::tempdir().unwrap();
    let mut file = std::fs::File::create(dir.path().join("long.flow")).unwrap();
    write!(
        file,
        "flowchart TD\n  q{{Go?}} -->|Yes| y[{}]\n  q -->|No| n[No]\n",
        "x".repeat(200_000)
    )
    .unwrap();
    let mut cmd = flowrun_in(dir.path());
    cmd.env("FLOWRUN_MAX_LABEL_BYTES", "1K")
        .args(["check", "long.flow"]);
    let out = exec(&mut cmd);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stderr.contains("FLOW703"), "{out:#?}");
    assert!(
        out.stderr.len() < 2_000,
        "the report copies the label: {out:#?}"
    );
    assert!(out.stderr.contains("long.flow:2:"), "{out:#?}");
}
