//! The engine's laws as properties over random decision flows, valid ones and mutations of them,
//! each checked against a second, naive implementation written here:
//! - a walk ends in a verdict, or needs an answer to the first unanswered question on its route;
//!   the route is a real route of the graph (each hop an edge, with the answer as its label);
//! - a flow that `check` accepts has no cycle (repeated leaf removal) and every leaf is a verdict;
//! - rendering (DOT, Mermaid) and formatting never fail on a flow that parses, and the formatted
//!   text is the same flow.

use std::collections::HashMap;
use std::fmt::Write as _;

use flowrun::evaluate::answers::{self, Format};
use flowrun::evaluate::walk::{self, Outcome};
use flowrun::flow::{Flow, NodeKind};
use flowrun::{FlowState, SourceFile};
use proptest::prelude::*;

use crate::support::generate;

use crate::support::format_laws;

// ---------------------------------------------------------------------------------------------
// A model of a decision flow, and its text

/// Nodes `n0..n{len}` in topological order; `n0` is the start. A node with two or more edges,
/// or one labelled edge, is a question; one unlabelled edge, a step; none, a verdict.
#[derive(Clone, Debug)]
struct Model {
    /// Per node: (target, answer label or none).
    edges: Vec<Vec<(usize, Option<String>)>>,
    texts: Vec<String>,
}

const ANSWERS: &[&str] = &[
    "Yes", "No", "Maybe", "Not sure", "Later", "42", "ja", "Über",
];

impl Model {
    fn is_question(&self, node: usize) -> bool {
        self.edges[node].iter().any(|e| e.1.is_some())
    }

    /// The flow as Mermaid: each node declared on a line of its own, then the edges, in the
    /// given order of lines.
    fn text(&self, order: &[usize]) -> String {
        let mut lines = Vec::new();
        for (i, text) in self.texts.iter().enumerate() {
            let (open, close) = if self.is_question(i) {
                ("{", "}")
            } else if self.edges[i].is_empty() {
                ("[", "]")
            } else {
                ("(", ")")
            };
            lines.push(format!("n{i}{open}{text}{close}"));
        }
        for (from, edges) in self.edges.iter().enumerate() {
            for (to, label) in edges {
                lines.push(match label {
                    Some(label) => format!("n{from} -->|{label}| n{to}"),
                    None => format!("n{from} --> n{to}"),
                });
            }
        }
        let mut text = String::from("flowchart TD\n");
        for &i in order.iter().filter(|&&i| i < lines.len()) {
            writeln!(text, "    {}", lines[i]).unwrap();
        }
        // Lines the order leaves out come last, so every line is written once.
        for (i, line) in lines.iter().enumerate() {
            if !order.contains(&i) {
                writeln!(text, "    {line}").unwrap();
            }
        }
        text
    }

    fn line_count(&self) -> usize {
        self.texts.len() + self.edges.iter().map(Vec::len).sum::<usize>()
    }
}

/// A random valid flow: every node after the first has a parent before it (so `n0` is the only
/// start and there is no cycle), plus some extra edges forward; a node with several edges gets
/// distinct answers.
fn model() -> impl Strategy<Value = Model> {
    (2..24usize).prop_flat_map(|n| {
        (
            // A parent for each node after the first, as a fraction of the nodes before it.
            prop::collection::vec(any::<prop::sample::Index>(), n - 1),
            // Extra forward edges.
            prop::collection::vec(
                (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
                0..n,
            ),
            // Whether a node with one edge is a question with one answer.
            prop::collection::vec(prop::bool::weighted(0.2), n),
            prop::collection::vec("[A-Z][a-z]{0,8}( [a-z]{1,6})?", n),
            any::<prop::sample::Index>(),
        )
            .prop_map(move |(parents, extra, one_answer, texts, shuffle)| {
                let mut targets: Vec<Vec<usize>> = vec![Vec::new(); n];
                for (j, parent) in parents.iter().enumerate() {
                    let child = j + 1;
                    targets[parent.index(child)].push(child);
                }
                for (a, b) in extra {
                    let from = a.index(n - 1);
                    let to = from + 1 + b.index(n - 1 - from);
                    if !targets[from].contains(&to) {
                        targets[from].push(to);
                    }
                }
                let edges = targets
                    .into_iter()
                    .enumerate()
                    .map(|(i, to)| {
                        let question = to.len() > 1 || (to.len() == 1 && one_answer[i]);
                        let offset = shuffle.index(ANSWERS.len());
                        to.into_iter()
                            .enumerate()
                            .map(|(k, t)| {
                                let label = question.then(|| {
                                    // Distinct labels; past the list, numbered ones.
                                    ANSWERS
                                        .get(k)
                                        .map(|_| ANSWERS[(k + offset) % ANSWERS.len()])
                                        .map_or_else(|| format!("a{k}"), str::to_owned)
                                });
                                (t, label)
                            })
                            .collect()
                    })
                    .collect();
                Model { edges, texts }
            })
    })
}

/// A valid flow's model with the order its lines are written in.
fn flow_text() -> impl Strategy<Value = (Model, String)> {
    model().prop_flat_map(|m| {
        let lines: Vec<usize> = (0..m.line_count()).collect();
        (Just(m), Just(lines).prop_shuffle()).prop_map(|(m, order)| {
            let text = m.text(&order);
            (m, text)
        })
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete(prop::sample::Index),
    Duplicate(prop::sample::Index),
    Swap(prop::sample::Index, prop::sample::Index),
    /// Replaces the label of a line with one, or adds one.
    Relabel(prop::sample::Index, &'static str),
    /// Points an edge back at an earlier node, which may make a cycle.
    Retarget(prop::sample::Index, prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    use prop::sample::Index;
    prop_oneof![
        any::<Index>().prop_map(Mutation::Delete),
        any::<Index>().prop_map(Mutation::Duplicate),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (
            any::<Index>(),
            prop::sample::select(&["Yes", "no", " YES ", "", "x|y"][..])
        )
            .prop_map(|(a, l)| Mutation::Relabel(a, l)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Retarget(a, b)),
    ]
}

/// Applies mutations to the lines after the header.
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().skip(1).map(str::to_owned).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match m {
            Mutation::Delete(i) => {
                lines.remove(i.index(n));
            }
            Mutation::Duplicate(i) => {
                let line = lines[i.index(n)].clone();
                lines.insert(i.index(n), line);
            }
            Mutation::Swap(a, b) => lines.swap(a.index(n), b.index(n)),
            Mutation::Relabel(i, label) => {
                let line = &mut lines[i.index(n)];
                if let (Some(open), Some(close)) = (line.find('|'), line.rfind('|'))
                    && open < close
                {
                    line.replace_range(open + 1..close, label);
                } else if let Some(at) = line.find("-->") {
                    line.insert_str(at + 3, &format!("|{label}|"));
                }
            }
            Mutation::Retarget(i, j) => {
                let line = &mut lines[i.index(n)];
                if let Some(at) = line.rfind(" n") {
                    let target = j.index(8);
                    line.replace_range(at.., &format!(" n{target}"));
                }
            }
        }
    }
    let mut out = String::from("flowchart TD\n");
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The naive implementations

/// The decision edges of a built graph, by node index: (target, label).
fn adjacency(flow: &Flow) -> Vec<Vec<(usize, Option<String>)>> {
    let mut out = vec![Vec::new(); flow.graph.node_count()];
    for edge in flow.graph.edge_indices() {
        let (a, b) = flow.graph.edge_endpoints(edge).unwrap();
        out[a.index()].push((b.index(), flow.graph[edge].label.clone()));
    }
    out
}

/// Whether the graph has a cycle, by removing leaves until none is left: what remains, if
/// anything, lies on or above a cycle. Quadratic, and obviously right.
fn has_cycle(adjacency: &[Vec<(usize, Option<String>)>]) -> bool {
    let mut removed = vec![false; adjacency.len()];
    loop {
        let leaf = (0..adjacency.len())
            .find(|&n| !removed[n] && adjacency[n].iter().all(|(t, _)| removed[*t]));
        match leaf {
            Some(n) => removed[n] = true,
            None => return removed.iter().any(|r| !r),
        }
    }
}

/// A flowrun answer key, naively: case and surrounding space do not matter.
fn key(label: &str) -> String {
    label.trim().to_lowercase()
}

/// The walk, naively, on a built valid flow: (node ids on the route, the answer taken at each
/// question, and whether it ended at a verdict).
fn naive_walk(
    flow: &Flow,
    start: usize,
    given: &HashMap<String, String>,
) -> (Vec<String>, Vec<Option<String>>, bool) {
    let adjacency = adjacency(flow);
    let (mut ids, mut taken) = (Vec::new(), Vec::new());
    let mut at = start;
    loop {
        let node = &flow.graph[petgraph::graph::NodeIndex::new(at)];
        ids.push(node.id.clone());
        if node.is_question() {
            let Some(answer) = given.get(&node.id) else {
                taken.push(None);
                return (ids, taken, false);
            };
            let (next, label) = adjacency[at]
                .iter()
                .find(|(_, l)| l.as_deref().map(key) == Some(key(answer)))
                .expect("the test only gives answers that are options");
            taken.push(label.clone());
            at = *next;
        } else {
            taken.push(None);
            match adjacency[at].as_slice() {
                [] => return (ids, taken, true),
                [(next, _)] => at = *next,
                _ => panic!("a valid flow has no branching step"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The laws

/// Walks a valid flow with `given` and checks the outcome against the naive walk and the graph.
fn check_walk(flow: &flowrun::ValidFlow, given: &HashMap<String, String>) -> Result<(), String> {
    let json = serde_json::to_string(given).unwrap();
    let source = SourceFile::new("answers.json", json);
    let parsed = answers::parse(&source, Format::Json).map_err(|d| d.message)?;
    let (resolved, _) = walk::resolve(flow, &parsed)
        .map_err(|e| format!("answers taken from the options were refused: {e:?}"))?;
    let route = walk::walk(flow, &resolved);
    // The route is real: it starts at the start, and each hop is an edge, labelled with the
    // answer recorded for the question it leaves.
    let path = &route.path;
    if path.first().map(|s| s.node) != Some(flow.start()) {
        return Err("the route does not begin at the start".into());
    }
    for pair in path.windows(2) {
        // A step's edge may carry a label too; only a question's answer must match one.
        let question = flow.node(pair[0].node).is_question();
        let joined = flow
            .graph
            .edges_connecting(pair[0].node, pair[1].node)
            .any(|e| !question || e.weight().label == pair[0].answer);
        if !joined {
            return Err(format!(
                "no edge {} -> {} labelled {:?}",
                flow.node(pair[0].node).id,
                flow.node(pair[1].node).id,
                pair[0].answer
            ));
        }
    }
    let last = path.last().expect("a route is never empty");
    match route.outcome {
        Outcome::Verdict(v) => {
            if v != last.node || flow.kind(v) != NodeKind::Verdict {
                return Err(
                    "a verdict outcome that is not the route's last node, a verdict".into(),
                );
            }
        }
        Outcome::NeedsAnswer(q) => {
            let id = &flow.node(q).id;
            if q != last.node || flow.kind(q) != NodeKind::Question || given.contains_key(id) {
                return Err(format!(
                    "needs {id}, which is not an unanswered question ending the route"
                ));
            }
        }
    }
    // Every question before the end is answered, with the answer given.
    for step in &path[..path.len() - 1] {
        let node = flow.node(step.node);
        if node.is_question() {
            let given = given.get(&node.id).map(|a| key(a));
            if step.answer.as_deref().map(key) != given {
                return Err(format!(
                    "{} answered {:?}, given {given:?}",
                    node.id, step.answer
                ));
            }
        }
    }
    // The naive walk goes the same way.
    let (ids, taken, ended) = naive_walk(flow, flow.start().index(), given);
    let got: Vec<String> = path.iter().map(|s| flow.node(s.node).id.clone()).collect();
    let got_taken: Vec<Option<String>> = path.iter().map(|s| s.answer.clone()).collect();
    if ids != got || taken != got_taken || ended != matches!(route.outcome, Outcome::Verdict(_)) {
        return Err(format!(
            "walk {got:?} {got_taken:?}, naive walk {ids:?} {taken:?}"
        ));
    }
    Ok(())
}

/// Answers for some questions of a flow: for each question, per `picks`, no answer or one of its
/// options (written in another case, to match as flowrun matches).
fn some_answers(flow: &Flow, picks: &[prop::sample::Index]) -> HashMap<String, String> {
    let mut given = HashMap::new();
    for (n, pick) in flow.graph.node_indices().zip(picks.iter().cycle()) {
        if !flow.node(n).is_question() {
            continue;
        }
        let labels: Vec<String> = flow
            .out_edges(n)
            .filter_map(|e| flow.graph[e].label.clone())
            .collect();
        // One chance in (options + 1) of leaving it unanswered.
        let i = pick.index(labels.len() + 1);
        if let Some(label) = labels.get(i) {
            let written = if i % 2 == 0 {
                label.to_uppercase()
            } else {
                label.clone()
            };
            given.insert(flow.node(n).id.clone(), written);
        }
    }
    given
}

/// What `check` concluded, checked against the naive rules: an accepted flow has no cycle,
/// every leaf is a verdict and there is one start; a flow with a cycle is refused as FLOW101.
fn check_verdict(text: &str) -> Result<(), String> {
    let analysis = flowrun::analyze(
        &SourceFile::new("p.flow", text),
        &flowrun::Settings::default(),
    );
    let Some(flow) = analysis.graph() else {
        return Ok(());
    };
    let adjacency = adjacency(flow);
    let cycle = has_cycle(&adjacency);
    let codes: Vec<&str> = analysis
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    if cycle && !codes.contains(&"FLOW101") {
        return Err(format!("a cycle, but no FLOW101: {codes:?}\n{text}"));
    }
    if let FlowState::Valid(valid) = &analysis.state {
        if cycle {
            return Err(format!("accepted with a cycle:\n{text}"));
        }
        for n in valid.graph.node_indices() {
            if adjacency[n.index()].is_empty() && valid.node(n).is_question() {
                return Err(format!(
                    "accepted with the question {} as a leaf",
                    valid.node(n).id
                ));
            }
        }
        let starts = (0..adjacency.len())
            .filter(|&n| !adjacency.iter().flatten().any(|(t, _)| *t == n))
            .count();
        if starts != 1 {
            return Err(format!("accepted with {starts} starts:\n{text}"));
        }
    }
    Ok(())
}

/// Rendering and formatting never fail on a text that parses, and formatting keeps the flow.
fn check_outputs(text: &str) -> Result<(), String> {
    let source = SourceFile::new("p.flow", text);
    let parsed = flowrun::syntax::parse(&source);
    if parsed.document.is_none() || parsed.diagnostics.iter().any(|d| d.is_error()) {
        return Ok(());
    }
    flowrun::output::format::format_source(&source, &flowrun::checks::limits::Limits::default())
        .map_err(|e| format!("format failed: {e:?}"))?;
    format_laws::check_laws("p.flow", text)?;
    let analysis = flowrun::analyze(&source, &flowrun::Settings::default());
    let flow = analysis.graph().ok_or("a text that parses builds")?;
    let dot = flowrun::output::render::dot::render(flow);
    if !dot.starts_with("digraph") || !dot.trim_end().ends_with('}') {
        return Err(format!("not DOT:\n{dot}"));
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("FLOWRUN_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Generated flows are valid, and walking them with any answers obeys the walk's laws.
    #[test]
    fn walks_end_in_a_verdict_or_the_first_unanswered_question(
        (model, text) in flow_text(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..24),
    ) {
        let analysis = flowrun::analyze(&SourceFile::new("p.flow", text.as_str()), &flowrun::Settings::default());
        let errors: Vec<_> = analysis.diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
        let flow = analysis.into_valid().expect("no errors");
        prop_assert_eq!(flow.graph.node_count(), model.texts.len());
        let given = some_answers(&flow, &picks);
        check_walk(&flow, &given).map_err(|e| TestCaseError::fail(format!("{e}\n{text}\n{given:?}")))?;
        check_verdict(&text).map_err(TestCaseError::fail)?;
        check_outputs(&text).map_err(TestCaseError::fail)?;
    }

    /// Mutated flows (lines deleted, duplicated, swapped, relabelled, pointed backwards): what
    /// `check` accepts has no cycle and only verdicts as leaves, walks on it obey the laws, and
    /// rendering and formatting never fail.
    #[test]
    fn mutated_flows_keep_the_laws(
        (_, text) in flow_text(),
        mutations in prop::collection::vec(mutation(), 1..5),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..24),
    ) {
        let text = mutate(&text, &mutations);
        check_verdict(&text).map_err(TestCaseError::fail)?;
        check_outputs(&text).map_err(TestCaseError::fail)?;
        if let Some(flow) = flowrun::analyze(&SourceFile::new("p.flow", text.as_str()), &flowrun::Settings::default()).into_valid() {
            let given = some_answers(&flow, &picks);
            check_walk(&flow, &given).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        }
    }

    /// The formatter's generator (any Mermaid syntax, `support::generate`): rendering and
    /// formatting never fail on what parses, and `check`'s verdict agrees with the naive rules.
    #[test]
    fn any_syntax_that_parses_renders_and_formats(text in generate::flow()) {
        check_outputs(&text).map_err(TestCaseError::fail)?;
        check_verdict(&text).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn the_naive_cycle_check_finds_cycles() {
    let edge = |t: usize| (t, None);
    assert!(!has_cycle(&[vec![edge(1)], vec![edge(2)], vec![]]));
    assert!(has_cycle(&[vec![edge(1)], vec![edge(2)], vec![edge(1)]]));
    assert!(has_cycle(&[vec![edge(0)]]));
}
