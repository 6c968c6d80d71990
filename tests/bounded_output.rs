//! Diagnostics never crash and never flood (issue 13): a label far out on a long line is drawn
//! in a window of that line with its true line and column, in every format; repeats of one code
//! in one file are capped, with one diagnostic counting the rest, while the exit code and the
//! counts still count them all; text quoted from the input is cut. The inputs are made here.

use std::path::Path;

use crate::support::{Out, exec, flowrun_in, root};

const FORMATS: [&str; 6] = ["human", "short", "json", "sarif", "github", "junit"];

/// Writes `text` as `name` in a new temporary directory.
fn file_in_temp(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Out {
    exec(flowrun_in(dir).args(args))
}

/// Everything a run printed, less SARIF's rule catalogue (the same, about 100 KB, in every
/// SARIF log).
fn printed(out: &Out) -> usize {
    let catalogue = if out.stdout.contains("\"$schema\"") {
        let log: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        serde_json::to_string_pretty(&log["runs"][0]["tool"])
            .unwrap()
            .len()
    } else {
        0
    };
    out.stdout.len() + out.stderr.len() - catalogue
}

#[test]
fn a_diagnostic_past_column_65535_renders_in_every_format_with_its_true_position() {
    let text = format!("flowchart TD\n    a --> b{} --> ]]\n", " ".repeat(70_000));
    let dir = file_in_temp("c.flow", &text);
    for format in FORMATS {
        let out = run_in(dir.path(), &["check", "--format", format, "c.flow"]);
        assert_eq!(out.code, 1, "{format}: {out:#?}");
        assert!(printed(&out) < 20_000, "{format}: {} bytes", printed(&out));
        match format {
            "human" => {
                assert!(out.stderr.contains("[c.flow:2:70017]"), "{}", out.stderr);
                // A window of the line around the label, marked where it was cut.
                assert!(out.stderr.contains(" 2 │ …"), "{}", out.stderr);
                assert!(out.stderr.contains("--> ]]"), "{}", out.stderr);
            }
            "short" => assert!(out.stdout.starts_with("c.flow:2:70017: error[FLOW001]")),
            "json" => {
                let json = out.json();
                assert_eq!(json[0]["line"], 2);
                assert_eq!(json[0]["column"], 70_017);
            }
            "github" => assert!(out.stdout.contains("line=2,col=70017,")),
            "sarif" => assert!(out.stdout.contains("\"startColumn\": 70017")),
            _ => assert!(out.stdout.contains("c.flow:2:70017: error[FLOW001]")),
        }
    }
}

#[test]
fn answer_files_of_one_long_line_are_a_diagnostic_not_a_panic() {
    let flow = root().join("flows/eligibility.flow");
    let flow = flow.to_str().unwrap();
    for (name, text) in [
        ("open.json", "[".repeat(1_000_000)),
        (
            "zeros.json",
            format!("{{\"us_canada\": 1{}", "0".repeat(1_000_000)),
        ),
    ] {
        let dir = file_in_temp(name, &text);
        for format in ["text", "json"] {
            let out = run_in(dir.path(), &["run", flow, name, "--format", format]);
            assert_eq!(out.code, 2, "{name}: {out:#?}");
            assert!(printed(&out) < 10_000, "{name}: {} bytes", printed(&out));
            assert!(
                out.stderr.contains("FLOW303") || out.stdout.contains("FLOW303"),
                "{name}: {out:#?}"
            );
        }
    }
}

#[test]
fn several_starts_labelled_far_out_on_one_line_render() {
    let ids: Vec<String> = (0..12_000).map(|i| format!("n{i}")).collect();
    let text = format!("flowchart TD\n    {} --> x{{Q}}\n", ids.join(" & "));
    let dir = file_in_temp("starts.flow", &text);
    for format in FORMATS {
        let out = run_in(dir.path(), &["check", "--format", format, "starts.flow"]);
        assert_eq!(out.code, 1, "{format}: {out:#?}");
        assert!(
            out.stdout.contains("FLOW107") || out.stderr.contains("FLOW107"),
            "{format}: {out:#?}"
        );
        assert!(printed(&out) < 50_000, "{format}: {} bytes", printed(&out));
    }
}

#[test]
fn repeats_of_one_code_are_capped_per_file_in_every_format_and_still_counted() {
    let mut text = String::from("flowchart TD\n    a --> b\n");
    for i in 0..50_000 {
        text.push_str(&format!("    classDef c{i} fill:#f00\n"));
    }
    let dir = file_in_temp("classes.flow", &text);
    for format in FORMATS {
        let out = run_in(dir.path(), &["check", "--format", format, "classes.flow"]);
        // Warnings only: the run passes, unless warnings are denied.
        assert_eq!(out.code, 0, "{format}");
        assert!(printed(&out) < 200_000, "{format}: {} bytes", printed(&out));
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(
            all.contains("49900 more FLOW206 diagnostics in this file are not shown"),
            "{format}: {all}"
        );
        match format {
            "human" | "short" => assert!(
                out.stderr
                    .ends_with("checked 1 flow: 0 errors, 50000 warnings\n"),
                "{format}: {}",
                out.stderr
            ),
            "json" => assert_eq!(out.json().as_array().unwrap().len(), 101),
            "sarif" => assert_eq!(
                out.json()["runs"][0]["results"].as_array().unwrap().len(),
                101
            ),
            "github" => assert_eq!(out.stdout.lines().count(), 101),
            _ => {}
        }
    }
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--deny",
            "warnings",
            "--format",
            "junit",
            "classes.flow",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("(and 49999 more)"), "{}", out.stdout);
}

#[test]
fn many_unknown_answer_keys_are_capped() {
    let keys: Vec<String> = (0..20_000).map(|i| format!("\"k{i}\": \"Yes\"")).collect();
    let dir = file_in_temp("keys.json", &format!("{{{}}}", keys.join(", ")));
    let flow = root().join("flows/eligibility.flow");
    let flow = flow.to_str().unwrap();
    let out = run_in(dir.path(), &["run", flow, "keys.json"]);
    assert!(printed(&out) < 50_000, "{} bytes", printed(&out));
    assert_eq!(out.stderr.matches("the flow has no question").count(), 100);
    assert!(
        out.stderr
            .contains("19900 more FLOW302 diagnostics in this file are not shown"),
        "{}",
        out.stderr
    );
    let out = run_in(dir.path(), &["run", flow, "keys.json", "--format", "json"]);
    assert!(printed(&out) < 100_000, "{} bytes", printed(&out));
}

#[test]
fn a_long_answer_is_quoted_cut() {
    let value = "x".repeat(1_000_000);
    let dir = file_in_temp("long.json", &format!("{{\"us_canada\": \"{value}\"}}"));
    let flow = root().join("flows/eligibility.flow");
    let flow = flow.to_str().unwrap();
    for format in ["text", "json"] {
        let out = run_in(dir.path(), &["run", flow, "long.json", "--format", format]);
        assert_eq!(out.code, 2, "{out:#?}");
        assert!(printed(&out) < 5_000, "{format}: {} bytes", printed(&out));
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(
            all.contains(&format!("`{}…` is not an", "x".repeat(80))),
            "{all}"
        );
    }
}

#[test]
fn a_link_style_number_past_u64_is_out_of_range_and_kept_as_written() {
    let text = "flowchart TD\n    a --> b\n    linkStyle 18446744073709551616 stroke:red\n";
    let dir = file_in_temp("style.flow", text);
    let out = run_in(dir.path(), &["check", "style.flow"]);
    assert_eq!(out.code, 1, "{out:#?}");
    insta::assert_snapshot!(out.transcript());
    let out = run_in(dir.path(), &["fmt", "style.flow"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let formatted = std::fs::read_to_string(dir.path().join("style.flow")).unwrap();
    assert!(
        formatted.contains("linkStyle 18446744073709551616 stroke:red"),
        "{formatted}"
    );
    let out = run_in(dir.path(), &["render", "--to", "mermaid", "style.flow"]);
    assert!(
        out.stdout
            .contains("linkStyle 18446744073709551616 stroke:red"),
        "{out:#?}"
    );
}

#[test]
fn fmt_refuses_flows_past_the_node_and_subgraph_depth_limits() {
    let deep = "flowchart TD\n    subgraph a\n    subgraph b\n    subgraph c\n    x --> y\n    \
                end\n    end\n    end\n";
    let many = "flowchart TD\n    a --> b --> c --> d\n";
    for (text, variable, code) in [
        (deep, "FLOWRUN_MAX_SUBGRAPH_DEPTH", "FLOW704"),
        (many, "FLOWRUN_MAX_NODES", "FLOW702"),
    ] {
        let dir = file_in_temp("over.flow", &text.replace("    ", "  "));
        let before = std::fs::read_to_string(dir.path().join("over.flow")).unwrap();
        let mut cmd = flowrun_in(dir.path());
        cmd.env(variable, "2").args(["fmt", "over.flow"]);
        let out = exec(&mut cmd);
        assert_ne!(out.code, 0, "{variable}: {out:#?}");
        assert!(out.stderr.contains(code), "{variable}: {out:#?}");
        let after = std::fs::read_to_string(dir.path().join("over.flow")).unwrap();
        assert_eq!(
            before, after,
            "{variable}: fmt changed a flow over the limit"
        );
        let mut cmd = flowrun_in(dir.path());
        cmd.env(variable, "2")
            .args(["fmt", "-"])
            .write_stdin(before.clone());
        let out = exec(&mut cmd);
        assert_ne!(out.code, 0, "{variable} on stdin: {out:#?}");
        assert!(out.stderr.contains(code), "{variable}: {out:#?}");
    }
}
