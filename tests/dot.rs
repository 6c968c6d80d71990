//! Graphviz DOT output, checked by the real `dot`: `flowrun render FLOW --to dot` on the
//! eligibility flow and on a flow with every shape, edge form and styling statement, piped into
//! `dot -Tsvg`; and a property that DOT rendered from generated flows is always accepted by `dot`.
//!
//! Without `dot` on PATH these tests print that they skipped, unless `FLOWRUN_REQUIRE_DOT` is set
//! (as `scripts/test.sh` does), in which case they fail.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::sync::OnceLock;

use assert_cmd::Command;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Whether `dot` runs. When it does not: panics if `FLOWRUN_REQUIRE_DOT` is set (to anything but
/// empty or `0`), otherwise prints that `test` is skipped and returns false.
fn dot_available(test: &str) -> bool {
    static VERSION: OnceLock<Option<String>> = OnceLock::new();
    let version = VERSION.get_or_init(|| {
        let output = StdCommand::new("dot").arg("-V").output().ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stderr).trim().to_owned())
    });
    if version.is_some() {
        return true;
    }
    let required =
        std::env::var_os("FLOWRUN_REQUIRE_DOT").is_some_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "Graphviz `dot` is not on PATH but FLOWRUN_REQUIRE_DOT is set: install graphviz \
         (`bash scripts/test.sh` does) or unset FLOWRUN_REQUIRE_DOT to skip"
    );
    println!("skipped {test}: Graphviz `dot` is not on PATH (set FLOWRUN_REQUIRE_DOT=1 to fail)");
    false
}

/// Pipes DOT text into `dot -Tsvg`. Ok with the SVG when `dot` exits 0, prints an `<svg`
/// element and reports no error; otherwise a message with its exit status and stderr.
fn dot_to_svg(dot_text: &str) -> Result<String, String> {
    let mut child = StdCommand::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `dot`: {e}"))?;
    // Write from another thread so a large SVG on stdout cannot deadlock against our write.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot_text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`dot` did not finish: {e}"))?;
    writer
        .join()
        .expect("writer thread")
        .map_err(|e| format!("could not write to `dot`: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!(
            "`dot -Tsvg` exited with {}\nstderr:\n{stderr}",
            output.status
        ));
    }
    if !stdout.contains("<svg") {
        return Err(format!(
            "`dot -Tsvg` printed no <svg element\nstdout:\n{stdout}\nstderr:\n{stderr}"
        ));
    }
    if stderr.to_ascii_lowercase().contains("error") {
        return Err(format!("`dot -Tsvg` reported an error\nstderr:\n{stderr}"));
    }
    Ok(stdout)
}

fn assert_dot_accepts(dot_text: &str) {
    if let Err(message) = dot_to_svg(dot_text) {
        panic!("{message}\nDOT input:\n{dot_text}");
    }
}

/// `flowrun render FLOW --to dot` through the real binary; it must exit 0.
fn render_with_binary(flow: &str) -> (String, String) {
    let output = Command::cargo_bin("flowrun")
        .expect("the flowrun binary is built")
        .arg("render")
        .arg(manifest_path(flow))
        .args(["--to", "dot"])
        .output()
        .expect("flowrun runs");
    let stdout = String::from_utf8(output.stdout).expect("DOT output is UTF-8");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "`flowrun render {flow} --to dot` exited with {}\nstderr:\n{stderr}",
        output.status
    );
    assert!(
        stdout.starts_with("digraph flow {\n") && stdout.ends_with("}\n"),
        "not a DOT digraph:\n{stdout}"
    );
    (stdout, stderr)
}

/// The attribute list of the statement for node `id`: `"id" [ ... ];`.
fn node_line<'a>(dot: &'a str, id: &str) -> &'a str {
    let prefix = format!("\"{id}\" [");
    dot.lines()
        .map(str::trim)
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no node statement for `{id}` in:\n{dot}"))
}

/// The statement for the edge `from -> to` (the first, when there are several).
fn edge_line<'a>(dot: &'a str, from: &str, to: &str) -> &'a str {
    let prefix = format!("\"{from}\" -> \"{to}\" [");
    dot.lines()
        .map(str::trim)
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no edge statement for `{from} -> {to}` in:\n{dot}"))
}

const ELIGIBILITY: &str = "flows/eligibility.flow";
const ALL_SHAPES: &str = "tests/fixtures/dot/all-shapes.flow";
const QUESTIONS: [&str; 4] = ["us_canada", "outside", "analytics", "hipaa"];

#[test]
fn eligibility_dot_draws_questions_answers_and_styles() {
    let (dot, stderr) = render_with_binary(ELIGIBILITY);
    assert_eq!(stderr, "", "a valid flow renders without notes");

    for q in QUESTIONS {
        assert!(
            node_line(&dot, q).contains("shape=diamond"),
            "question `{q}` is not a diamond:\n{dot}"
        );
    }
    for other in ["start", "twilio", "eligible"] {
        assert!(
            !node_line(&dot, other).contains("shape=diamond"),
            "`{other}` is not a question but is drawn as a diamond:\n{dot}"
        );
    }

    // The answers that lead to Twilio are written `-.->`; the others `-->`.
    let solid = [
        ("us_canada", "outside", "Yes"),
        ("outside", "analytics", "No"),
        ("analytics", "hipaa", "No"),
        ("hipaa", "eligible", "No"),
    ];
    let dotted = [
        ("us_canada", "twilio", "No"),
        ("outside", "twilio", "Yes"),
        ("analytics", "twilio", "Yes"),
        ("hipaa", "twilio", "Yes"),
    ];
    for (from, to, answer) in solid {
        let line = edge_line(&dot, from, to);
        assert!(line.contains(&format!("label=\"{answer}\"")), "{line}");
        assert!(!line.contains("style="), "a solid edge has a style: {line}");
    }
    for (from, to, answer) in dotted {
        let line = edge_line(&dot, from, to);
        assert!(line.contains(&format!("label=\"{answer}\"")), "{line}");
        assert!(line.contains("style=dotted"), "not dotted: {line}");
    }
    assert!(!edge_line(&dot, "start", "us_canada").contains("label="));

    // `style twilio fill:#fde2e1,stroke:#c0392b,stroke-width:2px` and the same for `eligible`.
    let twilio = node_line(&dot, "twilio");
    assert!(twilio.contains("fillcolor=\"#fde2e1\""), "{twilio}");
    assert!(twilio.contains("color=\"#c0392b\""), "{twilio}");
    assert!(twilio.contains("filled"), "{twilio}");
    assert!(twilio.contains("penwidth=2"), "{twilio}");
    let eligible = node_line(&dot, "eligible");
    assert!(eligible.contains("fillcolor=\"#dff5e1\""), "{eligible}");
    assert!(eligible.contains("color=\"#1e8449\""), "{eligible}");

    // `<br/>` in the flow is a DOT line break `\n` (a backslash and an `n` in the DOT text).
    assert!(
        node_line(&dot, "us_canada")
            .contains(r#"label="Is your business based\nin the US or Canada?""#),
        "{dot}"
    );
    assert!(
        node_line(&dot, "eligible").contains(
            r#"label="You're eligible for Customer.io native SMS!\nContact support@customer.io""#
        ),
        "{dot}"
    );
    assert!(!dot.contains("<br"), "an HTML break survived:\n{dot}");
    assert!(node_line(&dot, "start").contains("rounded"), "{dot}");
    assert!(dot.contains("rankdir=TB;"), "{dot}");
}

#[test]
fn eligibility_dot_is_accepted_by_graphviz() {
    if !dot_available("eligibility_dot_is_accepted_by_graphviz") {
        return;
    }
    let (dot, _) = render_with_binary(ELIGIBILITY);
    let svg = dot_to_svg(&dot).unwrap_or_else(|e| panic!("{e}\nDOT input:\n{dot}"));
    // Every node made it into the picture.
    for id in QUESTIONS.iter().chain(&["start", "twilio", "eligible"]) {
        assert!(
            svg.contains(&format!("<title>{id}</title>")),
            "`{id}` is missing from the SVG"
        );
    }
}

#[test]
fn all_shapes_flow_renders_despite_validation_errors() {
    let (dot, stderr) = render_with_binary(ALL_SHAPES);
    assert!(
        stderr.contains("drawn anyway"),
        "the fixture is meant to fail validation and be drawn anyway; stderr:\n{stderr}"
    );

    let shapes = [
        ("sq", "shape=box"),
        ("rd", "shape=box"),
        ("st", "shape=box"),
        ("sub", "peripheries=2"),
        ("cyl", "shape=cylinder"),
        ("cir", "shape=circle"),
        ("dbl", "shape=doublecircle"),
        ("q", "shape=diamond"),
        ("hex", "shape=hexagon"),
        ("odd", "shape=cds"),
        ("lr", "shape=parallelogram"),
        ("ll", "shape=parallelogram"),
        ("tz", "shape=trapezium"),
        ("itz", "shape=invtrapezium"),
    ];
    for (id, attr) in shapes {
        assert!(
            node_line(&dot, id).contains(attr),
            "`{id}` lacks {attr}:\n{dot}"
        );
    }
    assert!(node_line(&dot, "rd").contains("rounded"), "{dot}");
    assert!(node_line(&dot, "st").contains("rounded"), "{dot}");

    let edges = [
        ("rd", "st", "arrowhead=none"),
        ("st", "sub", "arrowhead=normal"),
        ("sub", "cyl", "penwidth=3"),
        ("cyl", "cir", "style=invis"),
        ("cir", "dbl", "arrowhead=odot"),
        ("dbl", "q", "arrowhead=tee"),
        ("q", "hex", "dir=both"),
        ("itz", "long1", "minlen=3"),
        ("long1", "long2", "minlen=4"),
        ("thick2", "dot2", "style=dotted"),
        ("dot2", "inv2", "style=invis"),
        ("q", "yes", "label=\"Yes\""),
        ("q", "maybe", "style=dotted"),
        ("q", "no", "label=\"No\""),
        ("q", "piped", "label=\"Quoted | label\""),
        ("yes", "maybe", "arrowtail=odot"),
        ("maybe", "no", "arrowtail=tee"),
        ("no", "ends", "arrowhead=none"),
        ("no", "other", "arrowhead=none"),
    ];
    for (from, to, attr) in edges {
        assert!(
            edge_line(&dot, from, to).contains(attr),
            "`{from} -> {to}` lacks {attr}:\n{dot}"
        );
    }
    assert!(edge_line(&dot, "q", "maybe").contains("label=\"Maybe\""));
    assert!(edge_line(&dot, "q", "no").contains("penwidth=3"));

    // Styles: 3-digit colours expanded, classDef/class/`:::`, `classDef default`, `linkStyle`.
    let q = node_line(&dot, "q");
    assert!(
        q.contains("fillcolor=\"#ff99ff\"") && q.contains("color=\"#333333\""),
        "{q}"
    );
    let odd = node_line(&dot, "odd");
    assert!(
        odd.contains("fillcolor=\"#ffff00\"") && odd.contains("fontcolor=\"#0000ff\""),
        "{odd}"
    );
    for hot in ["sq", "rd", "a1"] {
        let line = node_line(&dot, hot);
        assert!(line.contains("fillcolor=\"#ff9966\""), "{line}");
        assert!(line.contains("fontcolor=\"#ffffff\""), "{line}");
    }
    for cold in ["yes", "a2"] {
        let line = node_line(&dot, cold);
        assert!(line.contains("fillcolor=\"#99ccff\""), "{line}");
        assert!(line.contains("dashed"), "{line}");
    }
    assert!(
        node_line(&dot, "bare").contains("fillcolor=\"#eeeeee\""),
        "{dot}"
    );
    assert!(
        edge_line(&dot, "st", "sub").contains("style=dashed"),
        "{dot}"
    );
    assert!(
        edge_line(&dot, "hex", "odd").contains("color=\"#999999\""),
        "{dot}"
    );

    // Text: backslashes doubled, quotes escaped, `<br/>`, `<br>` and real line breaks as `\n`.
    assert!(
        node_line(&dot, "slashes").contains(r#"label="C:\\temp\\new \\\\ share""#),
        "{dot}"
    );
    assert!(
        node_line(&dot, "breaks").contains(r#"label="Line one\nline two\nline three""#),
        "{dot}"
    );
    assert!(
        node_line(&dot, "multi").contains(r#"label="first line\nsecond line""#),
        "{dot}"
    );
    assert!(
        edge_line(&dot, "quote_edge", "hexlabel").contains(r#"label="back\\slash and \"quote\"""#),
        "{dot}"
    );
}

#[test]
fn all_shapes_dot_is_accepted_by_graphviz() {
    if !dot_available("all_shapes_dot_is_accepted_by_graphviz") {
        return;
    }
    let (dot, _) = render_with_binary(ALL_SHAPES);
    assert_dot_accepts(&dot);
}

const SUBGRAPHS: &str = "tests/fixtures/dot/subgraphs.flow";

#[test]
fn subgraphs_are_nested_clusters_and_stand_for_their_entry_nodes() {
    let (dot, stderr) = render_with_binary(SUBGRAPHS);
    assert!(stderr.is_empty(), "the fixture is a valid flow: {stderr}");
    let outer = dot.find("subgraph \"cluster_0\" {").expect("outer cluster");
    let inner = dot.find("subgraph \"cluster_1\" {").expect("inner cluster");
    let question = dot.find("\"us_canada\" [").expect("question");
    let nested = dot.find("\"outside\" [").expect("nested question");
    assert!(
        outer < question && question < inner && inner < nested,
        "{dot}"
    );
    assert!(dot.contains("label=\"Eligibility checks\";"), "{dot}");
    assert!(dot.contains("fillcolor=\"#eeeeff\";"), "{dot}");
    // Edges naming a subgraph go to its entry node.
    edge_line(&dot, "start", "us_canada");
    edge_line(&dot, "us_canada", "outside");
    assert!(
        node_line(&dot, "outside").contains("shape=diamond"),
        "{dot}"
    );
    let twilio = node_line(&dot, "twilio");
    assert!(twilio.contains("shape=note"), "{twilio}");
    assert!(
        twilio.contains("URL=\"https://www.twilio.com\""),
        "{twilio}"
    );
    assert!(twilio.contains("tooltip=\"Twilio\""), "{twilio}");
}

#[test]
fn subgraphs_dot_is_accepted_by_graphviz() {
    if !dot_available("subgraphs_dot_is_accepted_by_graphviz") {
        return;
    }
    let (dot, _) = render_with_binary(SUBGRAPHS);
    assert_dot_accepts(&dot);
}

// ---------------------------------------------------------------------------------------------
// Generated flows

/// Mermaid's bracket shapes.
const SHAPES: [flowrun::flow::Shape; 15] = flowrun::flow::Shape::BRACKETED;

/// Links that may carry a `|label|`.
const ARROWS: &[&str] = &[
    "-->", "---", "-.->", "-.-", "==>", "===", "~~~", "--o", "--x", "<-->", "o--o", "x--x",
    "<-.->", "<==>", "--->", "---->", "-..->", "===>", "~~~~",
];

/// Links with the label inline: (opener, closer).
const INLINE: &[(&str, &str)] = &[("--", "-->"), ("-.", ".->"), ("==", "==>"), ("--", "---")];

const DIRECTIONS: &[&str] = &["TD", "TB", "BT", "LR", "RL"];

#[derive(Clone, Debug)]
struct GenNode {
    id: String,
    shape: Option<usize>,
    label: String,
}

#[derive(Clone, Debug)]
enum GenLabel {
    None,
    Piped(String),
    Inline(usize, String),
}

#[derive(Clone, Debug)]
struct GenEdge {
    from: prop::sample::Index,
    to: prop::sample::Index,
    arrow: usize,
    label: GenLabel,
}

#[derive(Clone, Debug)]
enum GenStyle {
    Style(prop::sample::Index, String),
    Class(prop::sample::Index, String),
    LinkStyle(prop::sample::Index, String),
}

/// Ids start with `n`, which no Mermaid keyword does, so none is reserved.
fn id_strategy() -> impl Strategy<Value = String> {
    "n[a-zA-Z0-9_]{0,5}"
}

/// Text for a quoted Mermaid string: anything but `"`, so quotes come in as `#quot;`.
fn label_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9 ]{1,8}",
        1 => Just("\\".to_owned()),
        1 => Just("\\\\".to_owned()),
        1 => Just("\\n".to_owned()),
        1 => Just("\\l\\r\\N\\G\\E".to_owned()),
        1 => Just("#quot;".to_owned()),
        1 => Just("#quot;\\".to_owned()),
        1 => Just("\n".to_owned()),
        1 => Just("\r\n".to_owned()),
        1 => Just("<br/>".to_owned()),
        1 => Just("<br>".to_owned()),
        1 => Just("'".to_owned()),
        1 => Just("é ✓".to_owned()),
        1 => Just("{}[]()<>|;:,&%".to_owned()),
        1 => Just("#35; #amp; #9829;".to_owned()),
        1 => Just("\t".to_owned()),
    ];
    prop::collection::vec(piece, 1..6).prop_map(|pieces| pieces.concat())
}

fn colour_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "#[0-9a-fA-F]{3}",
        "#[0-9a-fA-F]{6}",
        Just("red".to_owned()),
        Just("LightBlue".to_owned()),
    ]
}

fn style_text_strategy() -> impl Strategy<Value = String> {
    (
        colour_strategy(),
        colour_strategy(),
        colour_strategy(),
        1u8..6,
        any::<bool>(),
    )
        .prop_map(|(fill, stroke, color, width, dashed)| {
            let mut s = format!("fill:{fill},stroke:{stroke},stroke-width:{width}px,color:{color}");
            if dashed {
                s.push_str(",stroke-dasharray:5 5");
            }
            s
        })
}

fn flow_strategy() -> impl Strategy<Value = String> {
    let node = (
        id_strategy(),
        prop::option::weighted(0.8, 0..SHAPES.len()),
        label_strategy(),
    )
        .prop_map(|(id, shape, label)| GenNode { id, shape, label });
    let edge_label = prop_oneof![
        2 => Just(GenLabel::None),
        2 => label_strategy().prop_map(GenLabel::Piped),
        1 => (0..INLINE.len(), label_strategy()).prop_map(|(i, l)| GenLabel::Inline(i, l)),
    ];
    let edge = (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        0..ARROWS.len(),
        edge_label,
    )
        .prop_map(|(from, to, arrow, label)| GenEdge {
            from,
            to,
            arrow,
            label,
        });
    let style = prop_oneof![
        (any::<prop::sample::Index>(), style_text_strategy())
            .prop_map(|(n, s)| GenStyle::Style(n, s)),
        (any::<prop::sample::Index>(), style_text_strategy())
            .prop_map(|(n, s)| GenStyle::Class(n, s)),
        (any::<prop::sample::Index>(), style_text_strategy())
            .prop_map(|(n, s)| GenStyle::LinkStyle(n, s)),
    ];
    (
        0..DIRECTIONS.len(),
        prop::collection::vec(node, 1..9),
        prop::collection::vec(edge, 0..13),
        prop::collection::vec(style, 0..4),
    )
        .prop_map(|(direction, nodes, edges, styles)| {
            flow_text(DIRECTIONS[direction], &nodes, &edges, &styles)
        })
}

/// Mermaid text for a generated flow: node declarations, then edges, then styling lines.
fn flow_text(direction: &str, nodes: &[GenNode], edges: &[GenEdge], styles: &[GenStyle]) -> String {
    use std::fmt::Write as _;
    let mut out = format!("flowchart {direction}\n");
    for node in nodes {
        match node.shape {
            Some(s) => {
                let (open, close) = SHAPES[s].delimiters();
                let _ = writeln!(out, "    {}{open}\"{}\"{close}", node.id, node.label);
            }
            None => {
                let _ = writeln!(out, "    {}", node.id);
            }
        }
    }
    for edge in edges {
        let from = &nodes[edge.from.index(nodes.len())].id;
        let to = &nodes[edge.to.index(nodes.len())].id;
        match &edge.label {
            GenLabel::None => {
                let _ = writeln!(out, "    {from} {} {to}", ARROWS[edge.arrow]);
            }
            GenLabel::Piped(label) => {
                let _ = writeln!(out, "    {from} {}|\"{label}\"| {to}", ARROWS[edge.arrow]);
            }
            GenLabel::Inline(i, label) => {
                let (open, close) = INLINE[*i];
                let _ = writeln!(out, "    {from} {open} \"{label}\" {close} {to}");
            }
        }
    }
    for (k, style) in styles.iter().enumerate() {
        match style {
            GenStyle::Style(n, text) => {
                let _ = writeln!(out, "    style {} {text}", nodes[n.index(nodes.len())].id);
            }
            GenStyle::Class(n, text) => {
                let _ = writeln!(out, "    classDef c{k} {text}");
                let _ = writeln!(out, "    class {} c{k}", nodes[n.index(nodes.len())].id);
            }
            GenStyle::LinkStyle(n, text) if !edges.is_empty() => {
                let _ = writeln!(out, "    linkStyle {} {text}", n.index(edges.len()));
            }
            GenStyle::LinkStyle(..) => {}
        }
    }
    out
}

#[test]
fn generated_flows_render_to_dot_that_graphviz_accepts() {
    if !dot_available("generated_flows_render_to_dot_that_graphviz_accepts") {
        return;
    }
    // Each case runs `dot`, so a few dozen cases; no regression file for a hand-run runner.
    let mut runner = TestRunner::new(Config {
        cases: 32,
        max_shrink_iters: 256,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&flow_strategy(), |text| {
        let source = flowrun::SourceFile::new("generated.flow", text.as_str());
        let analysis = flowrun::analyze(&source, &flowrun::Settings::default());
        let Some(flow) = analysis.graph() else {
            return Err(TestCaseError::fail(format!(
                "the generated flow did not parse:\n{text}\ndiagnostics: {:#?}",
                analysis.diagnostics
            )));
        };
        let dot = flowrun::output::render::dot::render(flow);
        dot_to_svg(&dot)
            .map(drop)
            .map_err(|e| TestCaseError::fail(format!("{e}\nflow:\n{text}\nDOT:\n{dot}")))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
