//! `flowrun render --answers FILE` (the route highlighted in DOT and Mermaid) and `--to svg|png`
//! (DOT drawn by Graphviz `dot`), through the real binary. The highlighted DOT and the pictures
//! come from the real `dot`; without it on PATH those tests print that they skipped, unless
//! `FLOWRUN_REQUIRE_DOT` is set, in which case they fail.

use std::path::Path;
use std::process::Command as StdCommand;

use crate::support::{Out, exec, flowrun_in, root};

const FLOW: &str = "flows/eligibility.flow";

/// Every example answer file, with the verdict or the question it stops at.
const EXAMPLES: &[&str] = &[
    "eligible.json",
    "incomplete.json",
    "messages-outside.toml",
    "needs-analytics.json",
    "needs-hipaa.yaml",
    "not-us-canada.yaml",
];

fn render(args: &[&str]) -> Out {
    exec(flowrun_in(root()).arg("render").args(args))
}

fn dot_available(test: &str) -> bool {
    let runs = StdCommand::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        return true;
    }
    let required =
        std::env::var_os("FLOWRUN_REQUIRE_DOT").is_some_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "Graphviz `dot` is not on PATH but FLOWRUN_REQUIRE_DOT is set"
    );
    println!("skipped {test}: Graphviz `dot` is not on PATH (set FLOWRUN_REQUIRE_DOT=1 to fail)");
    false
}

/// Runs the binary with raw stdout bytes (for PNG).
fn render_bytes(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, Vec<u8>, String) {
    let mut cmd = flowrun_in(dir);
    cmd.arg("render").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("flowrun runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code().expect("an exit code");
    assert_ne!(code, 101, "panicked: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (code, output.stdout, stderr)
}

fn answers(file: &str) -> String {
    format!("flows/answers/{file}")
}

#[test]
fn the_highlighted_dot_of_hipaa_yes() {
    let out = render(&[FLOW, "--answers", &answers("needs-hipaa.yaml")]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("dot_needs_hipaa", out.stdout);
}

#[test]
fn the_highlighted_dot_of_an_incomplete_walk_marks_the_question() {
    let out = render(&[FLOW, "--answers", &answers("incomplete.json")]);
    // The drawing is what was asked for; that the walk needs an answer is shown in it.
    assert_eq!(out.code, 0, "{out:#?}");
    insta::assert_snapshot!("dot_incomplete", out.stdout);
    assert!(
        out.stdout.contains(
            "\"analytics\" [label=\"Do you need analytics like revenue\\nattribution or \
             sending queues?\", shape=diamond, style=\"dashed\", color=\"#d97706\""
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn every_highlighted_dot_is_accepted_by_graphviz() {
    if !dot_available("every_highlighted_dot_is_accepted_by_graphviz") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for file in EXAMPLES {
        let dot_file = dir.path().join(format!("{file}.dot"));
        let out = render(&[
            FLOW,
            "--answers",
            &answers(file),
            "-o",
            dot_file.to_str().expect("UTF-8"),
        ]);
        assert_eq!(out.code, 0, "{file}: {out:#?}");
        let drawn = StdCommand::new("dot")
            .arg("-Tsvg")
            .arg(&dot_file)
            .output()
            .expect("dot runs");
        let stderr = String::from_utf8_lossy(&drawn.stderr);
        assert!(drawn.status.success(), "{file}: dot failed: {stderr}");
        assert!(!stderr.to_lowercase().contains("error"), "{file}: {stderr}");
        assert!(
            String::from_utf8_lossy(&drawn.stdout).contains("<svg"),
            "{file}"
        );
    }
}

/// Renders `flow` with `answers` to Mermaid, checks that the result is still a flow flowrun reads
/// without errors, and returns it with the edges its `linkStyle` line names (`from->to`, sorted),
/// found by reading it back: Mermaid counts links in its own way, which this checks.
fn mermaid_route(flow: &str, answers: &str) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = render(&[flow, "--answers", answers, "--to", "mermaid"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let path = dir.path().join("route.flow");
    std::fs::write(&path, &out.stdout).expect("written");
    let check = exec(flowrun_in(root()).arg("check").arg(&path));
    assert_eq!(check.code, 0, "{check:#?}\n{}", out.stdout);

    let source = flowrun::SourceFile::new("route.flow", out.stdout.clone());
    let read_back = flowrun::analyze(&source, &flowrun::Settings::default())
        .into_valid()
        .expect("valid");
    let line = out
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("linkStyle"))
        .expect("a linkStyle line");
    let orders: Vec<usize> = line
        .split_whitespace()
        .nth(1)
        .expect("indices")
        .split(',')
        .map(|n| n.parse().expect("a number"))
        .collect();
    let mut styled: Vec<String> = read_back
        .graph
        .edge_indices()
        .filter(|&e| orders.contains(&read_back.graph[e].order))
        .map(|e| {
            let (a, b) = read_back.graph.edge_endpoints(e).expect("edge");
            format!("{}->{}", read_back.graph[a].id, read_back.graph[b].id)
        })
        .collect();
    styled.sort();
    assert_eq!(styled.len(), orders.len(), "{line}");
    (out.stdout, styled)
}

#[test]
fn the_mermaid_route_styles_name_the_route_edges() {
    let (text, styled) = mermaid_route(FLOW, &answers("needs-hipaa.yaml"));
    assert_eq!(
        styled,
        [
            "analytics->hipaa",
            "hipaa->twilio",
            "outside->analytics",
            "start->us_canada",
            "us_canada->outside"
        ]
    );
    // The flow's own fills stay.
    assert!(text.contains("style twilio fill:#fde2e1"), "{text}");
}

/// Links Mermaid counts one by one although they share a line (a chain, `&`), a `~~~` layout
/// link that counts too, and a subgraph.
#[test]
fn the_mermaid_route_styles_count_links_as_mermaid_does() {
    let (text, styled) = mermaid_route(
        "tests/fixtures/render_answers/tricky.flow",
        "tests/fixtures/render_answers/tricky.json",
    );
    assert_eq!(
        styled,
        ["plan->yearly", "size->plan", "start->size", "yearly->done"]
    );
    assert!(
        text.contains("    linkStyle 0,1,5,7 stroke:#1f6feb"),
        "{text}"
    );
}

#[test]
fn the_mermaid_of_an_incomplete_walk_marks_the_question_apart() {
    let out = render(&[
        FLOW,
        "--answers",
        &answers("incomplete.json"),
        "--to",
        "mermaid",
    ]);
    assert_eq!(out.code, 0, "{out:#?}");
    insta::assert_snapshot!(
        "mermaid_incomplete_tail",
        tail_after_route_comment(&out.stdout)
    );
}

fn tail_after_route_comment(text: &str) -> &str {
    let at = text
        .find("    %% The route taken")
        .expect("the route's styles");
    &text[at..]
}

#[test]
fn invalid_answers_exit_2_with_their_diagnostics() {
    let out = render(&[
        FLOW,
        "--answers",
        "tests/fixtures/answers/FLOW301_answer-not-an-option.json",
    ]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW301"), "{}", out.stderr);
    assert_eq!(out.stdout, "");
}

#[test]
fn answers_can_come_from_standard_input() {
    let out = exec(
        flowrun_in(root())
            .args(["render", FLOW, "--answers", "-"])
            .write_stdin(r#"{"us_canada": "No"}"#),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stdout.contains(
            "\"us_canada\" -> \"twilio\" [label=\"No\", style=dotted, arrowhead=normal, \
             color=\"#1f6feb\", penwidth=3];"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn the_flow_and_the_answers_cannot_both_be_standard_input() {
    for verb in [&["run", "-", "-"][..], &["render", "-", "--answers", "-"]] {
        let out = exec(flowrun_in(root()).args(verb).write_stdin("{}"));
        assert_eq!(out.code, 2, "{verb:?}: {out:#?}");
        assert!(out.stderr.contains("FLOW401"), "{verb:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("cannot both come from standard input"),
            "{verb:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_flow_with_errors_has_no_route_to_draw() {
    let cycle = "tests/fixtures/FLOW101_cycle.flow";
    let out = render(&[cycle, "--answers", &answers("eligible.json")]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stderr.contains("FLOW101"), "{}", out.stderr);
    assert_eq!(out.stdout, "");
    // Without answers it is drawn anyway.
    let plain = render(&[cycle]);
    assert_eq!(plain.code, 0, "{plain:#?}");
    assert!(plain.stdout.starts_with("digraph"), "{}", plain.stdout);
}

#[test]
fn an_answer_for_an_unknown_question_is_a_warning_and_the_route_is_drawn() {
    let out = render(&[
        FLOW,
        "--answers",
        "tests/fixtures/answers/FLOW302_unknown-question.yaml",
    ]);
    assert!(out.stderr.contains("FLOW302"), "{}", out.stderr);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stdout.contains("#1f6feb"), "{}", out.stdout);
}

#[test]
fn svg_comes_from_graphviz() {
    if !dot_available("svg_comes_from_graphviz") {
        return;
    }
    let out = render(&[
        FLOW,
        "--answers",
        &answers("needs-hipaa.yaml"),
        "--to",
        "svg",
    ]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stdout.starts_with("<?xml"), "{}", out.stdout);
    assert!(out.stdout.contains("<svg"), "{}", out.stdout);
    // The highlight colour made it into the picture.
    assert!(out.stdout.contains("#1f6feb"), "{}", out.stdout);
}

#[test]
fn png_comes_from_graphviz_to_a_pipe_or_a_file() {
    if !dot_available("png_comes_from_graphviz_to_a_pipe_or_a_file") {
        return;
    }
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let (code, stdout, stderr) = render_bytes(root(), &[FLOW, "--to", "png"], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(SIGNATURE),
        "{:?}",
        &stdout[..stdout.len().min(16)]
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("flow.png");
    let (code, stdout, stderr) = render_bytes(
        root(),
        &[FLOW, "--to", "png", "-o", target.to_str().expect("UTF-8")],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let written = std::fs::read(&target).expect("written");
    assert!(written.starts_with(SIGNATURE));
}

#[test]
fn a_missing_dot_named_by_flowrun_dot_is_flow407() {
    // A fixed path, so that the snapshot does not depend on where a temporary directory is.
    let out = exec(
        flowrun_in(root())
            .args(["render", FLOW, "--to", "svg"])
            .env("FLOWRUN_DOT", "/nonexistent/flowrun-test/dot"),
    );
    assert_eq!(out.code, 2, "{out:#?}");
    assert_eq!(out.stdout, "");
    let stderr = out.stderr;
    insta::assert_snapshot!("missing_dot", stderr);
}

#[test]
fn no_dot_on_an_empty_path_is_flow407() {
    let out = exec(
        flowrun_in(root())
            .args(["render", FLOW, "--to", "png", "-o", "unused.png"])
            .env("PATH", "")
            .env_remove("FLOWRUN_DOT"),
    );
    assert_eq!(out.code, 2, "{out:#?}");
    // miette wraps the help; read it with the line breaks undone.
    let words = out.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in [
        "FLOW407",
        "apt-get install graphviz",
        "brew install graphviz",
        "https://graphviz.org/download/",
    ] {
        assert!(words.contains(part), "{part}: {}", out.stderr);
    }
    assert!(!root().join("unused.png").exists());
}

/// A stand-in for `dot` that complains and fails; the old output file is left as it was.
#[cfg(unix)]
#[test]
fn a_failing_dot_is_flow408_with_its_stderr_and_leaves_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = dir.path().join("fake-dot");
    std::fs::write(
        &fake,
        "#!/bin/sh\ncat > /dev/null\necho 'Error: <stdin>: syntax error in line 1' >&2\nexit 1\n",
    )
    .expect("written");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let target = dir.path().join("flow.svg");
    std::fs::write(&target, "old picture").expect("written");
    let out = exec(
        flowrun_in(dir.path())
            .args(["render"])
            .arg(root().join(FLOW))
            .args(["--to", "svg", "-o", "flow.svg"])
            // Relative to the working directory, so the snapshot has no temporary path in it.
            .env("FLOWRUN_DOT", "./fake-dot"),
    );
    assert_eq!(out.code, 2, "{out:#?}");
    insta::assert_snapshot!("failing_dot", out.stderr);
    assert_eq!(
        std::fs::read_to_string(&target).expect("kept"),
        "old picture"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left.len(), 2, "no temporary file is left behind: {left:?}");
}

#[test]
fn o_replaces_a_file_whole_and_leaves_no_temporary_file() {
    if !dot_available("o_replaces_a_file_whole_and_leaves_no_temporary_file") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("flow.svg");
    std::fs::write(&target, "old picture").expect("written");
    let out = exec(
        flowrun_in(dir.path())
            .arg("render")
            .arg(root().join(FLOW))
            .args(["--answers"])
            .arg(root().join("flows/answers/needs-hipaa.yaml"))
            .args(["--to", "svg", "-o", "flow.svg"]),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(out.stdout, "");
    let svg = std::fs::read_to_string(&target).expect("written");
    assert!(
        svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"),
        "{svg}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["flow.svg"]);
}

/// PNG to a terminal is refused with a hint; `script` (util-linux) gives the binary a terminal.
#[cfg(target_os = "linux")]
#[test]
fn png_is_refused_on_a_terminal() {
    let has_script = StdCommand::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        println!("skipped png_is_refused_on_a_terminal: util-linux `script` is not on PATH");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("flowrun");
    let command = format!("{} render {FLOW} --to png", bin.display());
    let output = StdCommand::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("script runs");
    // `script` passes on the exit code and copies the terminal's output to its stdout.
    let seen = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{seen}");
    assert!(seen.contains("FLOW401"), "{seen}");
    assert!(
        seen.contains("refusing to write a PNG image to the terminal"),
        "{seen}"
    );
    assert!(seen.contains("-o flow.png"), "{seen}");
    assert!(!seen.contains("PNG\r\n"), "no image bytes: {seen}");
}

/// `--answer` and YAML on standard input draw the route that the same answers in a file do.
#[test]
fn render_takes_answer_flags_and_any_format_on_standard_input() {
    let from_file = render(&[
        FLOW,
        "--answers",
        "flows/answers/needs-hipaa.yaml",
        "--to",
        "mermaid",
    ]);
    assert_eq!(from_file.code, 0, "{from_file:#?}");
    assert!(
        from_file.stdout.contains("linkStyle"),
        "{}",
        from_file.stdout
    );
    let flags = render(&[
        FLOW,
        "--to",
        "mermaid",
        "--answer",
        "us_canada=Yes",
        "--answer",
        "outside=No",
        "--answer",
        "analytics=false",
        "--answer",
        "hipaa=true",
    ]);
    assert_eq!(flags.code, 0, "{flags:#?}");
    assert_eq!(flags.stdout, from_file.stdout);
    let yaml = std::fs::read_to_string(root().join("flows/answers/needs-hipaa.yaml")).unwrap();
    let stdin = exec(
        flowrun_in(root())
            .args(["render", FLOW, "--answers", "-", "--to", "mermaid"])
            .write_stdin(yaml),
    );
    assert_eq!(stdin.code, 0, "{stdin:#?}");
    assert_eq!(stdin.stdout, from_file.stdout);
    // Overriding one answer of the file moves the route.
    let moved = render(&[
        FLOW,
        "--answers",
        "flows/answers/needs-hipaa.yaml",
        "--answer",
        "hipaa=No",
        "--to",
        "mermaid",
    ]);
    assert_eq!(moved.code, 0, "{moved:#?}");
    assert_ne!(moved.stdout, from_file.stdout);
    assert!(
        moved.stdout.contains("style eligible stroke"),
        "{}",
        moved.stdout
    );
    // A malformed flag is FLOW303, exit 2, and nothing is drawn.
    let bad = render(&[FLOW, "--answer", "hipaa"]);
    assert_eq!(bad.code, 2, "{bad:#?}");
    assert_eq!(bad.stdout, "");
    assert!(bad.stderr.contains("FLOW303"), "{}", bad.stderr);
    // --answers-format names the format of --answers, so it needs it.
    let needs = render(&[FLOW, "--answers-format", "yaml"]);
    assert_eq!(needs.code, 2, "{needs:#?}");
}
