//! Bad Mermaid input through the real binary: each gets a diagnostic at the right line and
//! column and the documented exit code, never a panic or a stack overflow. Very large input is
//! also run through the library in a thread with a 2 MB stack, the default for spawned threads.

use std::io::Write as _;

use assert_cmd::Command;
use serde_json::Value;

/// `flowrun check --format json` on a flow given as text: the exit code and the diagnostics as
/// (code, line, column).
fn check(text: &str) -> (i32, Vec<(String, u64, u64)>) {
    let mut file = tempfile::Builder::new()
        .suffix(".flow")
        .tempfile()
        .expect("a temporary file");
    file.write_all(text.as_bytes()).expect("written");
    let output = Command::cargo_bin("flowrun")
        .expect("the binary is built")
        .args(["check", "--format", "json"])
        .arg(file.path())
        .output()
        .expect("flowrun runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let diagnostics = json
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    (output.status.code().expect("an exit code"), diagnostics)
}

fn assert_reports(text: &str, code: &str, line: u64, column: u64) {
    let (exit, diagnostics) = check(text);
    assert_eq!(exit, 1, "{text:?}: {diagnostics:?}");
    assert!(
        diagnostics.contains(&(code.to_owned(), line, column)),
        "{text:?} should report {code} at {line}:{column}, reported {diagnostics:?}"
    );
}

#[test]
fn unclosed_brackets_and_quotes_point_where_they_open() {
    assert_reports("flowchart TD\n    A{Ready? --> B\n", "FLOW001", 2, 6);
    assert_reports("flowchart TD\n    A[\"Ready? --> B\n", "FLOW001", 2, 7);
    assert_reports("flowchart TD\n    A -->|\"Yes| B\n", "FLOW001", 2, 11);
    assert_reports(
        "flowchart TD\n    A@{ shape: rect\n    A --> B\n",
        "FLOW001",
        2,
        7,
    );
}

#[test]
fn unclosed_subgraphs_and_stray_ends_are_syntax_errors() {
    assert_reports(
        "flowchart TD\n    subgraph checks\n    A --> B\n",
        "FLOW001",
        2,
        5,
    );
    assert_reports("flowchart TD\n    A --> B\n    end\n", "FLOW001", 3, 5);
}

#[test]
fn bad_node_data_and_link_styles_are_refused_as_mermaid_refuses_them() {
    assert_reports(
        "flowchart TD\n    A@{ shape: nosuch } --> B\n",
        "FLOW005",
        2,
        16,
    );
    assert_reports(
        "flowchart TD\n    A@{ shape: [rect } --> B\n",
        "FLOW005",
        2,
        8,
    );
    assert_reports(
        "flowchart TD\n    A --> B\n    linkStyle 1 stroke:red\n",
        "FLOW012",
        3,
        15,
    );
}

fn nested_subgraphs(depth: usize) -> String {
    let mut text = String::from("flowchart TD\n    start([Start]) --> s0\n");
    for i in 0..depth {
        text.push_str(&format!("subgraph s{i} [Level {i}]\n"));
    }
    text.push_str("q{Deep?} -->|Yes| a[A]\nq -->|No| b[B]\n");
    text.push_str(&"end\n".repeat(depth));
    text
}

fn one_long_line(len: usize) -> String {
    format!(
        "flowchart TD\n    A[{}] --> B{{Long?}}\n    B -->|Yes| C\n    B -->|No| D\n",
        "x".repeat(len)
    )
}

#[test]
fn ten_thousand_nested_subgraphs_and_a_one_megabyte_line_are_read() {
    for text in [nested_subgraphs(10_000), one_long_line(1 << 20)] {
        let (exit, diagnostics) = check(&text);
        assert_eq!((exit, diagnostics), (0, Vec::new()));
    }
}

#[test]
fn large_input_needs_no_deep_stack() {
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            for (text, expect) in [
                (nested_subgraphs(10_000), "subgraph \"cluster_9999\""),
                (one_long_line(1 << 20), "xxxxxxxx"),
            ] {
                let source = flowrun::SourceFile::new("big.flow", text);
                let analysis = flowrun::analyze(&source, &flowrun::Settings::default());
                assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics);
                let flow = analysis.graph().expect("built");
                let dot = flowrun::output::render::dot::render(flow);
                assert!(dot.contains(expect));
            }
        })
        .expect("a thread");
    worker.join().expect("no stack overflow or panic");
}
