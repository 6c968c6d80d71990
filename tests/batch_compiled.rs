//! The compiled walk of `flowrun batch` against the reference: random answer records, each read
//! both ways, on the eligibility flow, on generated flows (the benchmark shapes) and on random
//! flows. The reference is an answers file read by `answers::parse`, checked and walked by
//! `walk::walk_answers` (what `flowrun run` does); the compiled side reads the same JSON text as a
//! JSON Lines record. Both must agree on the outcome and the route, or both find an error with the
//! same code; and on how many invalid answers off the route were ignored (FLOW308). The last
//! property builds records whose only bad answers are to questions off their route.

use flowrun::checks::rules::Code;
use flowrun::evaluate::answers::{self, Format};
use flowrun::evaluate::batch::compiled::{CompiledFlow, Outcome, Scratch};
use flowrun::evaluate::batch::record::{Id, Status, eval_json};
use flowrun::evaluate::walk;
use flowrun::flow::NodeKind;
use flowrun::{SourceFile, ValidFlow, analyze};
use proptest::prelude::*;

use crate::support::flowgen;

fn valid(text: &str) -> Option<ValidFlow> {
    let analysis = analyze(
        &SourceFile::new("t.flow", text),
        &flowrun::Settings::default(),
    );
    if analysis.has_errors() {
        return None;
    }
    analysis.into_valid()
}

fn load(path: &str) -> ValidFlow {
    let text = std::fs::read_to_string(path).expect("the flow");
    valid(&text).expect("a valid flow")
}

/// A picked answer, before it is written as JSON.
#[derive(Clone, Debug)]
enum Given {
    Text(String),
    Bool(bool),
    Number(&'static str),
    Raw(&'static str),
}

/// Turns random bytes into a record for `flow`: keys drawn from its question ids, its other node
/// ids and unknown ids; values from its labels (in other case, padded, a line break for a space),
/// yes/no-like words, non-options, booleans, numbers, null, lists and maps.
fn record(flow: &ValidFlow, picks: &[(u8, u8, u8)]) -> String {
    let ids: Vec<&str> = flow
        .graph
        .node_indices()
        .map(|n| flow.node(n).id.as_str())
        .collect();
    let questions: Vec<&str> = flow
        .graph
        .node_indices()
        .filter(|&n| flow.kind(n) == NodeKind::Question)
        .map(|n| flow.node(n).id.as_str())
        .collect();
    let labels: Vec<String> = flow
        .graph
        .edge_indices()
        .filter_map(|e| flow.graph[e].label.clone())
        .collect();
    let mut used = std::collections::HashSet::new();
    let mut fields = Vec::new();
    for &(k, v, variant) in picks {
        let key = match k % 8 {
            0 => "unknown_key",
            1 => ids[usize::from(k) % ids.len()],
            _ if questions.is_empty() => "nothing",
            _ => questions[usize::from(k) % questions.len()],
        };
        if !used.insert(key) {
            continue;
        }
        let value = match v % 10 {
            0..=4 if !labels.is_empty() => {
                let label = &labels[usize::from(v) % labels.len()];
                Given::Text(match variant % 5 {
                    0 => label.clone(),
                    1 => label.to_uppercase(),
                    2 => format!("  {}\t", label.to_lowercase()),
                    3 => label.replace('\n', " "),
                    _ => label.replace(' ', "\n"),
                })
            }
            5 => Given::Text(
                [
                    "yes", "Y", "no", "N", "on", "OFF", "TRUE", "false", "maybe", "", " ",
                ][usize::from(variant) % 11]
                    .to_owned(),
            ),
            6 => Given::Bool(variant % 2 == 0),
            7 => Given::Number(["1", "2.5", "-3", "1e2", "0"][usize::from(variant) % 5]),
            8 => Given::Raw(["null", "[\"Yes\"]", "{\"a\": 1}", "[]"][usize::from(variant) % 4]),
            _ => Given::Text(format!("Option {}", variant % 4)),
        };
        let value = match value {
            Given::Text(t) => serde_json::to_string(&t).expect("a string"),
            Given::Bool(b) => b.to_string(),
            Given::Number(n) | Given::Raw(n) => n.to_owned(),
        };
        fields.push(format!(
            "{}: {value}",
            serde_json::to_string(key).expect("a key")
        ));
    }
    format!("{{{}}}", fields.join(", "))
}

/// Both walks of one record agree.
fn agree(flow: &ValidFlow, compiled: &CompiledFlow, text: &str) -> Result<(), TestCaseError> {
    let answers = answers::parse(&SourceFile::new("r.json", text), Format::Json)
        .map_err(|d| TestCaseError::fail(format!("{text}: the reference cannot read it: {d:?}")))?;
    let reference = walk::walk_answers(flow, &answers);
    let mut scratch = Scratch::default();
    let mut id = Id::default();
    let got = eval_json(compiled, &mut scratch, text.as_bytes(), None, &mut id, true);
    match (reference, got) {
        (Err(errors), Status::Error(e)) => {
            prop_assert_eq!(errors.len(), 1, "{}", text);
            prop_assert_eq!(errors[0].code, e.code, "{}", text);
        }
        (Ok((walked, warnings)), Status::Walked(outcome)) => {
            let ignored = warnings
                .iter()
                .filter(|d| d.code == Code::InvalidAnswerOffRoute)
                .count();
            prop_assert_eq!(ignored, scratch.ignored(), "{}", text);
            let want = match walked.outcome {
                walk::Outcome::Verdict(n) => Outcome::Verdict(n.index() as u32),
                walk::Outcome::NeedsAnswer(n) => Outcome::NeedsAnswer(n.index() as u32),
            };
            prop_assert_eq!(want, outcome, "{}", text);
            let route: Vec<u32> = walked.path.iter().map(|s| s.node.index() as u32).collect();
            prop_assert_eq!(route, scratch.path.clone(), "{}", text);
        }
        (reference, got) => {
            return Err(TestCaseError::fail(format!(
                "{text}: the reference gives {reference:?}, the compiled walk {got:?}"
            )));
        }
    }
    Ok(())
}

/// A record that answers every question on one route validly (the route picked by `choices`) and
/// gives the questions off it, where `stale` says so, an answer that is no option or no label.
/// Returns the record and how many stale answers it holds.
fn stale_record(flow: &ValidFlow, choices: &[u8], stale: &[u8]) -> (String, usize) {
    let mut fields = Vec::new();
    let mut on_route = std::collections::HashSet::new();
    let mut at = flow.start();
    let mut step = 0;
    loop {
        match flow.kind(at) {
            NodeKind::Verdict => break,
            NodeKind::Step => {}
            NodeKind::Question => {
                let options = walk::options(flow, at);
                let pick = usize::from(choices.get(step).copied().unwrap_or(0)) % options.len();
                step += 1;
                let id = &flow.node(at).id;
                on_route.insert(at);
                fields.push(format!(
                    "{}: {}",
                    serde_json::to_string(id).expect("a key"),
                    serde_json::to_string(&options[pick]).expect("a label")
                ));
                let edge = walk::choose(flow, at, &options[pick]).expect("an option selects");
                at = flow.graph.edge_endpoints(edge).expect("the edge").1;
                continue;
            }
        }
        let edge = flow.out_edges(at).next().expect("a step has an edge");
        at = flow.graph.edge_endpoints(edge).expect("the edge").1;
    }
    let mut count = 0;
    let off_route = flow
        .graph
        .node_indices()
        .filter(|&n| flow.kind(n) == NodeKind::Question && !on_route.contains(&n));
    for (i, question) in off_route.enumerate() {
        let Some(&s) = stale.get(i) else { break };
        let value = match s % 5 {
            0 => continue,
            1 => "\"maybe\"",
            2 => "null",
            3 => "[\"Yes\"]",
            _ => "17",
        };
        count += 1;
        fields.push(format!(
            "{}: {value}",
            serde_json::to_string(&flow.node(question).id).expect("a key")
        ));
    }
    (format!("{{{}}}", fields.join(", ")), count)
}

/// A stale record walks to the same verdict both ways, with each stale answer ignored.
fn stale_answers_are_ignored(
    flow: &ValidFlow,
    compiled: &CompiledFlow,
    choices: &[u8],
    stale: &[u8],
) -> Result<(), TestCaseError> {
    let (text, count) = stale_record(flow, choices, stale);
    agree(flow, compiled, &text)?;
    let mut scratch = Scratch::default();
    let got = eval_json(
        compiled,
        &mut scratch,
        text.as_bytes(),
        None,
        &mut Id::default(),
        false,
    );
    prop_assert!(
        matches!(got, Status::Walked(Outcome::Verdict(_))),
        "{}: {:?}",
        text,
        got
    );
    prop_assert_eq!(scratch.ignored(), count, "{}", text);
    Ok(())
}

fn picks() -> impl Strategy<Value = Vec<(u8, u8, u8)>> {
    prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 0..8)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn eligibility_records_walk_alike(picks in picks()) {
        let flow = load("flows/eligibility.flow");
        let compiled = CompiledFlow::new(&flow);
        agree(&flow, &compiled, &record(&flow, &picks))?;
    }

    #[test]
    fn multiline_eligibility_records_walk_alike(picks in picks()) {
        let flow = load("tests/fixtures/eligibility-multiline.flow");
        let compiled = CompiledFlow::new(&flow);
        agree(&flow, &compiled, &record(&flow, &picks))?;
    }

    #[test]
    fn generated_flows_walk_alike(shape in 0usize..3, nodes in 8usize..60, records in prop::collection::vec(picks(), 1..6)) {
        let text = flowgen::generate(flowgen::FlowShape::ALL[shape], nodes);
        let flow = valid(&text).expect("generated flows are valid");
        let compiled = CompiledFlow::new(&flow);
        for picks in &records {
            agree(&flow, &compiled, &record(&flow, picks))?;
        }
    }

    #[test]
    fn stale_answers_off_the_route_are_ignored_alike(
        shape in 0usize..4,
        nodes in 8usize..60,
        choices in prop::collection::vec(any::<u8>(), 0..40),
        stale in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let flow = match shape {
            3 => load("flows/eligibility.flow"),
            _ => valid(&flowgen::generate(flowgen::FlowShape::ALL[shape], nodes))
                .expect("generated flows are valid"),
        };
        let compiled = CompiledFlow::new(&flow);
        stale_answers_are_ignored(&flow, &compiled, &choices, &stale)?;
    }

    #[test]
    fn random_flows_walk_alike(
        answers in prop::collection::vec(prop::collection::vec((0usize..11, any::<u8>()), 2..5), 1..6),
        records in prop::collection::vec(picks(), 1..6),
    ) {
        let flow_text = random_flow(&answers);
        let Some(flow) = valid(&flow_text) else {
            return Err(TestCaseError::reject("not a valid flow"));
        };
        let compiled = CompiledFlow::new(&flow);
        for picks in &records {
            agree(&flow, &compiled, &record(&flow, picks))?;
        }
    }
}

/// A flow of questions q0..qn, each with the given answers (label picked from a pool that has
/// yes/no-like families, case variants and a line break); the first answer of each question goes
/// on to the next, the others to a later question or a verdict.
fn random_flow(questions: &[Vec<(usize, u8)>]) -> String {
    const POOL: [&str; 11] = [
        "Yes",
        "No",
        "Y",
        "n",
        "true",
        "Maybe",
        "Not<br/>sure",
        "Option 1",
        "ÉTÉ",
        "1",
        "off",
    ];
    let mut text = String::from("flowchart TD\n    s([Start]) --> q0{Q0?}\n");
    let count = questions.len();
    for (i, answers) in questions.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        for (j, &(label, to)) in answers.iter().enumerate() {
            let label = POOL[label];
            if !seen.insert(label.to_lowercase()) {
                continue;
            }
            let target = if j == 0 && i + 1 < count {
                format!("q{}{{Q{}?}}", i + 1, i + 1)
            } else if usize::from(to) % 2 == 0 && i + 1 < count {
                let k = i + 1 + usize::from(to) % (count - i - 1);
                format!("q{k}{{Q{k}?}}")
            } else {
                format!("v{}[V{}]", to % 3, to % 3)
            };
            text.push_str(&format!("    q{i} -->|{label}| {target}\n"));
        }
    }
    text
}
