//! The SMS eligibility flow (`flows/eligibility.flow`) through the library: every combination of
//! answers, the example answer files, answer matching, and the multi-line variant of the flow.

use std::path::Path;

use flowrun::evaluate::answers::{self, Format};
use flowrun::evaluate::walk::{self, Outcome};
use flowrun::flow::{Direction, Head, NodeKind, Shape, Stroke, StyleProp};
use flowrun::{Flow, SourceFile, ValidFlow, analyze};

const FLOW: &str = "flows/eligibility.flow";
const MULTILINE: &str = "tests/fixtures/eligibility-multiline.flow";

/// A walk's path as `(node id, answer taken)`.
type Route = Vec<(String, Option<String>)>;

/// The questions in the order the flow asks them, each with the one answer that keeps a
/// customer eligible. Any other answer sends them to Twilio.
const QUESTIONS: [(&str, &str); 4] = [
    ("us_canada", "Yes"),
    ("outside", "No"),
    ("analytics", "No"),
    ("hipaa", "No"),
];

fn path_of(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn load(relative: &str) -> ValidFlow {
    let text = std::fs::read_to_string(path_of(relative)).expect("flow file is readable");
    let analysis = analyze(
        &SourceFile::new(relative, text),
        &flowrun::Settings::default(),
    );
    assert!(
        analysis.diagnostics.is_empty(),
        "{relative} should have no diagnostics: {:?}",
        analysis.diagnostics
    );
    analysis.into_valid().expect("the flow is valid")
}

/// Walks `flow` with answers given as text in `format`, returning the verdict (or the question
/// that needs an answer) and the path as `(node id, answer taken)`.
fn run(flow: &ValidFlow, answers_text: &str, format: Format) -> (Outcome, Route) {
    let source = SourceFile::new("answers", answers_text);
    let parsed = answers::parse(&source, format).expect("answers parse");
    let (resolved, warnings) = walk::resolve(flow, &parsed).expect("answers resolve");
    assert!(warnings.is_empty(), "unexpected warnings: {warnings:?}");
    let walked = walk::walk(flow, &resolved);
    let path = walked
        .path
        .iter()
        .map(|step| (flow.node(step.node).id.clone(), step.answer.clone()))
        .collect();
    (walked.outcome, path)
}

fn outcome_id(flow: &ValidFlow, outcome: &Outcome) -> (&'static str, String) {
    match *outcome {
        Outcome::Verdict(n) => ("verdict", flow.node(n).id.clone()),
        Outcome::NeedsAnswer(n) => ("needs", flow.node(n).id.clone()),
    }
}

fn label(yes: bool) -> &'static str {
    if yes { "Yes" } else { "No" }
}

/// The expected verdict and path for one set of four Yes/No answers, straight from the rule:
/// go through the questions in order; the first answer that is not the eligible one goes to
/// `twilio`; if every answer is the eligible one, the verdict is `eligible`.
fn expected(answers: [bool; 4]) -> (String, Route) {
    let mut path = vec![("start".to_owned(), None)];
    for ((question, eligible_answer), yes) in QUESTIONS.into_iter().zip(answers) {
        let given = label(yes);
        path.push((question.to_owned(), Some(given.to_owned())));
        if given != eligible_answer {
            path.push(("twilio".to_owned(), None));
            return ("twilio".to_owned(), path);
        }
    }
    path.push(("eligible".to_owned(), None));
    ("eligible".to_owned(), path)
}

#[test]
fn all_sixteen_answer_combinations_reach_the_expected_verdict_by_the_expected_path() {
    let flow = load(FLOW);
    let mut eligible_count = 0;
    for bits in 0u8..16 {
        let answers = [bits & 8 != 0, bits & 4 != 0, bits & 2 != 0, bits & 1 != 0];
        let json = format!(
            r#"{{"us_canada": "{}", "outside": "{}", "analytics": "{}", "hipaa": "{}"}}"#,
            label(answers[0]),
            label(answers[1]),
            label(answers[2]),
            label(answers[3]),
        );
        let (outcome, path) = run(&flow, &json, Format::Json);
        let (verdict, expected_path) = expected(answers);
        assert_eq!(
            outcome_id(&flow, &outcome),
            ("verdict", verdict.clone()),
            "{json}"
        );
        assert_eq!(path, expected_path, "{json}");
        if verdict == "eligible" {
            eligible_count += 1;
            assert_eq!(answers, [true, false, false, false], "{json}");
        }
    }
    assert_eq!(eligible_count, 1, "exactly one combination is eligible");
}

#[test]
fn the_expectations_themselves_follow_the_rule() {
    // A spot check of `expected`, written out by hand.
    let (verdict, path) = expected([true, false, true, false]);
    assert_eq!(verdict, "twilio");
    let ids: Vec<&str> = path.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        ["start", "us_canada", "outside", "analytics", "twilio"]
    );
    let (verdict, path) = expected([true, false, false, false]);
    assert_eq!(verdict, "eligible");
    assert_eq!(path.len(), 6);
    let (verdict, path) = expected([false, true, true, true]);
    assert_eq!(verdict, "twilio");
    assert_eq!(
        path,
        [
            ("start".to_owned(), None),
            ("us_canada".to_owned(), Some("No".to_owned())),
            ("twilio".to_owned(), None),
        ]
    );
}

#[test]
fn an_unanswered_question_stops_the_walk_there() {
    let flow = load(FLOW);
    let (outcome, path) = run(
        &flow,
        r#"{"us_canada": "Yes", "outside": "No"}"#,
        Format::Json,
    );
    assert_eq!(
        outcome_id(&flow, &outcome),
        ("needs", "analytics".to_owned())
    );
    assert_eq!(
        path,
        [
            ("start".to_owned(), None),
            ("us_canada".to_owned(), Some("Yes".to_owned())),
            ("outside".to_owned(), Some("No".to_owned())),
            ("analytics".to_owned(), None),
        ]
    );
    let Outcome::NeedsAnswer(q) = outcome else {
        unreachable!()
    };
    assert_eq!(walk::options(&flow, q), ["No", "Yes"]);

    let (outcome, path) = run(&flow, "{}", Format::Json);
    assert_eq!(
        outcome_id(&flow, &outcome),
        ("needs", "us_canada".to_owned())
    );
    assert_eq!(path.len(), 2);
}

#[test]
fn booleans_and_differently_cased_answers_match_the_labels() {
    let flow = load(FLOW);
    // true/false for Yes/No, and labels in any case with surrounding space.
    let (outcome, path) = run(
        &flow,
        r#"{"us_canada": true, "outside": " no ", "analytics": false, "hipaa": " yes "}"#,
        Format::Json,
    );
    assert_eq!(
        outcome_id(&flow, &outcome),
        ("verdict", "twilio".to_owned())
    );
    // The path shows the labels as the flow writes them, not as the answers file does.
    assert_eq!(
        path,
        [
            ("start".to_owned(), None),
            ("us_canada".to_owned(), Some("Yes".to_owned())),
            ("outside".to_owned(), Some("No".to_owned())),
            ("analytics".to_owned(), Some("No".to_owned())),
            ("hipaa".to_owned(), Some("Yes".to_owned())),
            ("twilio".to_owned(), None),
        ]
    );

    let (outcome, _) = run(
        &flow,
        r#"{"us_canada": "YES", "outside": "No ", "analytics": " nO", "hipaa": false}"#,
        Format::Json,
    );
    assert_eq!(
        outcome_id(&flow, &outcome),
        ("verdict", "eligible".to_owned())
    );

    // The same in YAML (where an unquoted `No` may itself read as a boolean) and TOML.
    let yaml = "us_canada: yes\noutside: No\nanalytics: false\nhipaa: ' NO '\n";
    let (outcome, _) = run(&flow, yaml, Format::Yaml);
    assert_eq!(
        outcome_id(&flow, &outcome),
        ("verdict", "eligible".to_owned())
    );
    let toml = "us_canada = true\noutside = \"NO\"\nanalytics = false\nhipaa = \" yes \"\n";
    let (outcome, _) = run(&flow, toml, Format::Toml);
    assert_eq!(
        outcome_id(&flow, &outcome),
        ("verdict", "twilio".to_owned())
    );
}

#[test]
fn an_answer_that_is_not_an_option_is_an_error() {
    let flow = load(FLOW);
    let source = SourceFile::new("answers", r#"{"us_canada": "Maybe"}"#);
    let parsed = answers::parse(&source, Format::Json).expect("answers parse");
    let errors = walk::resolve(&flow, &parsed).expect_err("Maybe is no option");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code.as_str(), "FLOW301");
}

#[test]
fn the_example_answer_files_reach_their_verdicts() {
    let flow = load(FLOW);
    for (file, verdict, last_question) in [
        ("eligible.json", "eligible", "hipaa"),
        ("not-us-canada.yaml", "twilio", "us_canada"),
        ("messages-outside.toml", "twilio", "outside"),
        ("needs-analytics.json", "twilio", "analytics"),
        ("needs-hipaa.yaml", "twilio", "hipaa"),
    ] {
        let relative = format!("flows/answers/{file}");
        let format = Format::for_path(&relative).expect("known extension");
        let text = std::fs::read_to_string(path_of(&relative)).expect("answers file is readable");
        let (outcome, path) = run(&flow, &text, format);
        assert_eq!(
            outcome_id(&flow, &outcome),
            ("verdict", verdict.to_owned()),
            "{file}"
        );
        let before_verdict = &path[path.len() - 2];
        assert_eq!(before_verdict.0, last_question, "{file}");
    }

    let text = std::fs::read_to_string(path_of("flows/answers/incomplete.json")).unwrap();
    let (outcome, _) = run(&flow, &text, Format::Json);
    assert_eq!(
        outcome_id(&flow, &outcome),
        ("needs", "analytics".to_owned())
    );
}

/// Everything about a graph that a walk or a picture depends on, nodes and edges in the order they
/// were written; spans are left out (they differ between the two spellings).
#[derive(Debug, PartialEq)]
struct GraphShape {
    direction: Direction,
    nodes: Vec<NodeShape>,
    edges: Vec<EdgeShape>,
    class_defs: Vec<(String, Vec<StyleProp>)>,
}

#[derive(Debug, PartialEq)]
struct NodeShape {
    id: String,
    kind: NodeKind,
    shape: Shape,
    text: String,
    styles: Vec<StyleProp>,
    classes: Vec<String>,
}

#[derive(Debug, PartialEq)]
struct EdgeShape {
    from: String,
    to: String,
    label: Option<String>,
    stroke: Stroke,
    tail: Head,
    head: Head,
    length: u8,
    order: usize,
    styles: Vec<StyleProp>,
}

fn shape_of(flow: &Flow) -> GraphShape {
    let nodes: Vec<NodeShape> = flow
        .graph
        .node_indices()
        .map(|n| {
            let node = flow.node(n);
            NodeShape {
                id: node.id.clone(),
                kind: flow.kind(n),
                shape: node.shape,
                text: node.text.clone(),
                styles: node.styles().to_vec(),
                classes: node.classes().to_vec(),
            }
        })
        .collect();
    let edges: Vec<EdgeShape> = flow
        .graph
        .edge_indices()
        .map(|e| {
            let (from, to) = flow.graph.edge_endpoints(e).unwrap();
            let edge = &flow.graph[e];
            EdgeShape {
                from: flow.node(from).id.clone(),
                to: flow.node(to).id.clone(),
                label: edge.label.clone(),
                stroke: edge.stroke,
                tail: edge.tail,
                head: edge.head,
                length: edge.length,
                order: edge.order,
                styles: edge.styles().to_vec(),
            }
        })
        .collect();
    GraphShape {
        direction: flow.direction,
        nodes,
        edges,
        class_defs: flow
            .class_defs
            .iter()
            .map(|c| (c.name.clone(), c.styles.clone()))
            .collect(),
    }
}

#[test]
fn real_line_breaks_and_br_tags_give_the_same_graph() {
    let with_br = load(FLOW);
    let multiline = load(MULTILINE);
    let a = shape_of(&with_br);
    let b = shape_of(&multiline);
    assert_eq!(a, b);

    // And the comparison is not vacuous: the graph is the one the rule describes.
    assert_eq!(a.nodes.len(), 7);
    assert_eq!(a.edges.len(), 9);
    let node = |id: &str| a.nodes.iter().find(|n| n.id == id).unwrap();
    assert_eq!(node("us_canada").kind, NodeKind::Question);
    assert_eq!(node("us_canada").shape, Shape::Diamond);
    assert_eq!(
        node("us_canada").text,
        "Is your business based\nin the US or Canada?"
    );
    assert_eq!(node("start").kind, NodeKind::Step);
    assert_eq!(node("start").shape, Shape::Stadium);
    assert_eq!(node("twilio").kind, NodeKind::Verdict);
    assert_eq!(
        node("twilio").text,
        "Work directly with Twilio\nManage phone numbers there"
    );
    assert_eq!(
        node("twilio").styles,
        [
            StyleProp {
                name: "fill".into(),
                value: "#fde2e1".into()
            },
            StyleProp {
                name: "stroke".into(),
                value: "#c0392b".into()
            },
            StyleProp {
                name: "stroke-width".into(),
                value: "2px".into()
            },
        ]
    );
    assert_eq!(node("eligible").kind, NodeKind::Verdict);
    let dotted = a
        .edges
        .iter()
        .filter(|e| e.stroke == Stroke::Dotted)
        .count();
    assert_eq!(dotted, 4, "every answer leading to twilio is dotted");
    assert!(
        a.edges
            .iter()
            .filter(|e| e.stroke == Stroke::Dotted)
            .all(|e| e.to == "twilio")
    );
    assert_eq!(with_br.node(with_br.start()).id, "start");
    assert_eq!(multiline.node(multiline.start()).id, "start");
}

#[test]
fn both_spellings_walk_alike() {
    let with_br = load(FLOW);
    let multiline = load(MULTILINE);
    for json in [
        r#"{"us_canada": "Yes", "outside": "No", "analytics": "No", "hipaa": "No"}"#,
        r#"{"us_canada": "Yes", "outside": "Yes"}"#,
        r#"{"us_canada": "Yes"}"#,
    ] {
        let (oa, pa) = run(&with_br, json, Format::Json);
        let (ob, pb) = run(&multiline, json, Format::Json);
        assert_eq!(outcome_id(&with_br, &oa), outcome_id(&multiline, &ob));
        assert_eq!(pa, pb);
    }
}
