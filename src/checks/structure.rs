//! The structural rules of a decision flow (FLOW1xx), and `ValidFlow`: a flow that passed them.
//! Every graph walk here is iterative, so a flow a million nodes deep cannot overflow the stack.

#![cfg_attr(not(feature = "test-hooks"), allow(unreachable_pub))]

use std::collections::VecDeque;
use std::ops::Deref;

use petgraph::Direction::Outgoing;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::successors::Successors;
use crate::flow::{Flow, NodeKind, text::write_answer_key};

pub(crate) const CYCLE: Rule = Rule::new(
    Code::Cycle,
    "the flow has a cycle",
    "\
What it checks: that no path through the flow comes back to a node it has already visited.
The diagnostic prints one such cycle as a path (`B -> D -> E -> B`) and underlines its edges.

Why: a decision flow must end in a verdict for every set of answers; a cycle lets a walk loop
forever (or end differently depending on how it is entered).

Example:
    flowchart TD
        A[Start] --> B{Ready?}
        B -->|No| C[Wait]
        C --> B
        B -->|Yes| D[Go]
Fix: turn the loop into a new question or a verdict, e.g. `B -->|No| C[Try again later]`.",
);

pub(crate) const QUESTION_WITHOUT_ANSWERS: Rule = Rule::new(
    Code::QuestionWithoutAnswers,
    "a question (rhombus) has no answers, so a leaf is not a verdict",
    "\
What it checks: that every leaf of the flow (a node with no outgoing edge) is a verdict. A
question drawn as a rhombus `id{...}` with no outgoing edge is a leaf that cannot be a verdict.

Why: a walk that reaches such a question can neither stop with a verdict nor go on.

Example:
    flowchart TD
        A[Start] --> B{Needs HIPAA compliance?}
Fix: add its answers: `B -->|Yes| twilio[Work with Twilio]` and `B -->|No| ok[Eligible]`.",
);

pub(crate) const BRANCHING_STEP: Rule = Rule::new(
    Code::BranchingStep,
    "a step (a node that is not a question) has more than one outgoing edge",
    "\
What it checks: that a node which is not a question (not drawn as a rhombus) has at most one
outgoing edge.

Why: only questions choose between branches; a step with two exits gives the walk no way to pick.

Example:
    flowchart TD
        A[Start] --> B[Check]
        A --> C[Other]
Fix: draw the node that decides as a question with labelled answers:
`A{Which check?} -->|first| B` and `A -->|second| C`.",
);

pub(crate) const UNLABELLED_ANSWER: Rule = Rule::new(
    Code::UnlabelledAnswer,
    "an edge out of a question has no label",
    "\
What it checks: that every edge leaving a question carries a label: the answer that selects it.

Why: the label is what an answer file names; an unlabelled edge can never be chosen.

Example:
    flowchart TD
        Q{Based in the US?} --> ok[Eligible]
        Q -->|No| no[Not eligible]
Fix: label it: `Q -->|Yes| ok[Eligible]` (or `Q -- Yes --> ok`).",
);

pub(crate) const DUPLICATE_ANSWER: Rule = Rule::new(
    Code::DuplicateAnswer,
    "two answers of one question have the same label",
    "\
What it checks: that the labels on one question's edges are distinct, comparing them as answers
are matched: ignoring case and surrounding space.

Why: an answer file could not say which of the two edges it means.

Example:
    flowchart TD
        Q{Ready?} -->|Yes| A[Go]
        Q -->|yes| B[Wait]
Fix: give each answer its own label, or merge the two edges.",
);

pub(crate) const NO_START: Rule = Rule::new(
    Code::NoStart,
    "the flow has no start: no node without incoming edges",
    "\
What it checks: that the flow has a start, a node with no incoming edge. An empty flow has none.

Why: a walk begins at the start node.

Example:
    flowchart TD
Fix: add the nodes, e.g. `start([Start]) --> Q{First question?}`.",
);

pub(crate) const SEVERAL_STARTS: Rule = Rule::new(
    Code::SeveralStarts,
    "more than one node has no incoming edges",
    "\
What it checks: that exactly one node has no incoming edge.

Why: with two starts a walk would not know where to begin; usually one of them is a node whose
incoming edge was forgotten or whose id has a typo.

Example:
    flowchart TD
        A[Start] --> Q{Ready?}
        Q -->|Yes| done[Done]
        Qq -->|No| wait[Wait]
Fix: connect or correct the stray node: `Q -->|No| wait[Wait]`.",
);

/// At most this many spans are underlined for one problem; the message says how many more.
const MAX_LABELS: usize = 12;

/// A flow with no errors: one start, no cycle, every leaf a verdict, every question's answers
/// labelled and distinct. Only the structural rules make one (in [`analyze`](crate::analyze)),
/// so a walk never sees an unchecked graph.
#[derive(Debug)]
pub struct ValidFlow {
    flow: Flow,
    start: NodeIndex,
    /// Every node in an order where each comes before the nodes it leads to: found while
    /// checking for cycles, and kept for the analyses that walk the DAG in that order.
    order: Vec<NodeIndex>,
}

impl ValidFlow {
    /// The one node with no incoming edge, where every walk begins.
    #[must_use]
    pub fn start(&self) -> NodeIndex {
        self.start
    }

    /// The nodes in topological order.
    #[must_use]
    pub fn topological_order(&self) -> &[NodeIndex] {
        &self.order
    }

    /// The flow, without the guarantee (and the start and order found while checking it).
    #[must_use]
    pub fn into_flow(self) -> Flow {
        self.flow
    }
}

impl Deref for ValidFlow {
    type Target = Flow;
    fn deref(&self) -> &Flow {
        &self.flow
    }
}

/// Runs every structural rule and returns their diagnostics. The flow comes back as a
/// `ValidFlow` when no rule found an error and `earlier_errors` (from building it) is false.
pub fn validate(flow: Flow, earlier_errors: bool) -> (Result<ValidFlow, Flow>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let start = check_start(&flow, &mut diagnostics);
    let order = check_cycles(&flow, &mut diagnostics);
    check_nodes(&flow, &mut diagnostics);
    let result = match (start, order) {
        (Some(start), Some(order))
            if !earlier_errors && !diagnostics.iter().any(Diagnostic::is_error) =>
        {
            Ok(ValidFlow { flow, start, order })
        }
        _ => Err(flow),
    };
    (result, diagnostics)
}

fn check_start(flow: &Flow, out: &mut Vec<Diagnostic>) -> Option<NodeIndex> {
    let starts = flow.starts();
    match starts.as_slice() {
        [start] => Some(*start),
        [] => {
            let message = if flow.graph.node_count() == 0 {
                "the flow has no nodes, so it has no start"
            } else {
                "every node has an incoming edge, so the flow has no start"
            };
            out.push(
                Diagnostic::new(Code::NoStart, message)
                    .label(flow.header_span, "this flow has no start node")
                    .help(
                        "a walk begins at the one node with no incoming edge, e.g. \
                         `start([Start]) --> Q{First question?}`",
                    )
                    .in_file(&flow.source),
            );
            None
        }
        [first, rest @ ..] => {
            let ids: Vec<String> = starts
                .iter()
                .map(|&s| format!("`{}`", flow.node(s).id))
                .collect();
            let mut diagnostic = Diagnostic::new(
                Code::SeveralStarts,
                format!(
                    "the flow has {} starts (nodes with no incoming edge): {}",
                    starts.len(),
                    abbreviate(&ids, ", ")
                ),
            );
            for &extra in rest.iter().take(MAX_LABELS) {
                diagnostic = diagnostic.label(flow.node(extra).id_span, "nothing leads here");
            }
            // A start whose id is one typo away from a real node is usually that node.
            let mut is_start = vec![false; flow.graph.node_count()];
            for s in &starts {
                is_start[s.index()] = true;
            }
            // Only the first few extra starts are compared with every other id.
            let typo = rest.iter().take(3).find_map(|&s| {
                let id = &flow.node(s).id;
                let others = flow
                    .graph
                    .node_indices()
                    .filter(|n| !is_start[n.index()])
                    .map(|n| flow.node(n).id.as_str());
                crate::diagnostic::suggest::closest(id, others)
                    .map(|near| (id.clone(), near.to_owned()))
            });
            let help = match typo {
                Some((id, near)) => format!("did you mean `{near}` where `{id}` is written?"),
                None => "connect each extra start to the flow, or correct its id if it is a typo"
                    .to_owned(),
            };
            diagnostic = diagnostic
                .label(flow.node(*first).id_span, "the first start")
                .help(help);
            out.push(diagnostic.in_file(&flow.source));
            None
        }
    }
}

fn abbreviate(items: &[String], sep: &str) -> String {
    if items.len() <= MAX_LABELS {
        items.join(sep)
    } else {
        format!(
            "{}{sep}... and {} more",
            items[..MAX_LABELS].join(sep),
            items.len() - MAX_LABELS
        )
    }
}

/// Reports one cycle per strongly connected component, as a path through the component; gives
/// the topological order when there is no cycle.
fn check_cycles(flow: &Flow, out: &mut Vec<Diagnostic>) -> Option<Vec<NodeIndex>> {
    let graph = &flow.graph;
    // The flat successor lists give petgraph's order only while no node was removed, which
    // happens only where an edge names a subgraph.
    let order = if flow.subgraphs.is_empty() {
        Successors::new(graph).toposort()
    } else {
        petgraph::algo::toposort(graph, None).ok()
    };
    if let Some(order) = order {
        return Some(order);
    }
    let mut component = vec![usize::MAX; graph.node_count()];
    let sccs = petgraph::algo::kosaraju_scc(graph);
    for (c, scc) in sccs.iter().enumerate() {
        for n in scc {
            component[n.index()] = c;
        }
    }
    let mut parent: Vec<Option<EdgeIndex>> = vec![None; graph.node_count()];
    for (c, scc) in sccs.iter().enumerate() {
        let Some(&start) = scc.iter().min() else {
            continue;
        };
        let self_loop = graph
            .edges_directed(start, Outgoing)
            .find(|e| e.target() == start);
        let path = if let Some(e) = self_loop {
            vec![e.id()]
        } else if scc.len() > 1 {
            shortest_cycle(flow, start, c, &component, &mut parent)
        } else {
            continue;
        };
        out.push(cycle_diagnostic(flow, &path));
    }
    None
}

/// Breadth-first search inside one component from `start` back to itself.
fn shortest_cycle(
    flow: &Flow,
    start: NodeIndex,
    c: usize,
    component: &[usize],
    parent: &mut [Option<EdgeIndex>],
) -> Vec<EdgeIndex> {
    let graph = &flow.graph;
    let mut queue = VecDeque::from([start]);
    let mut seen = vec![start];
    while let Some(u) = queue.pop_front() {
        for e in graph.edges_directed(u, Outgoing) {
            let v = e.target();
            if component[v.index()] != c {
                continue;
            }
            if v == start {
                let mut path = vec![e.id()];
                let mut at = u;
                while at != start {
                    let pe = parent[at.index()].expect("every reached node has a parent edge");
                    path.push(pe);
                    at = graph.edge_endpoints(pe).expect("edge exists").0;
                }
                path.reverse();
                for s in seen {
                    parent[s.index()] = None;
                }
                return path;
            }
            if v != start && parent[v.index()].is_none() {
                parent[v.index()] = Some(e.id());
                seen.push(v);
                queue.push_back(v);
            }
        }
    }
    unreachable!("a strongly connected component with two nodes has a cycle through each")
}

fn cycle_diagnostic(flow: &Flow, path: &[EdgeIndex]) -> Diagnostic {
    let graph = &flow.graph;
    let mut names: Vec<String> = path
        .iter()
        .map(|&e| {
            flow.node(graph.edge_endpoints(e).expect("edge exists").0)
                .id
                .clone()
        })
        .collect();
    names.push(names[0].clone());
    let shown = if names.len() > 2 * MAX_LABELS {
        format!(
            "{} -> ... -> {} ({} nodes)",
            names[..MAX_LABELS].join(" -> "),
            names[names.len() - 3..].join(" -> "),
            names.len() - 1
        )
    } else {
        names.join(" -> ")
    };
    let mut diagnostic = Diagnostic::new(Code::Cycle, format!("the flow has a cycle: {shown}"));
    let last = path.len() - 1;
    // The closing edge first, so the diagnostic sorts and points where the loop closes.
    diagnostic = diagnostic.label(graph[path[last]].span, format!("back to `{}`", names[0]));
    for &e in path[..last].iter().take(MAX_LABELS) {
        diagnostic = diagnostic.label(graph[e].span, "");
    }
    diagnostic
        .help(
            "every walk must reach a verdict: point one of these edges at a new question or a \
             verdict instead of back up the flow",
        )
        .in_file(&flow.source)
}

fn check_nodes(flow: &Flow, out: &mut Vec<Diagnostic>) {
    let mut scratch = Vec::new();
    for ix in flow.graph.node_indices() {
        let node = flow.node(ix);
        match flow.kind(ix) {
            NodeKind::Question => check_answers(flow, ix, &mut scratch, out),
            NodeKind::Step => {
                let edges: Vec<EdgeIndex> = flow.out_edges(ix).collect();
                if edges.len() > 1 {
                    let mut d = Diagnostic::new(
                        Code::BranchingStep,
                        format!(
                            "`{}` has {} outgoing edges but is not a question",
                            node.id,
                            edges.len()
                        ),
                    )
                    .label(node.span(), "a step, not a question");
                    for &e in edges.iter().take(MAX_LABELS) {
                        d = d.label(flow.graph[e].span, "");
                    }
                    out.push(
                        d.help(format!(
                            "if `{}` decides between these, draw it as a question with labelled \
                             answers: `{}{{...}}`",
                            node.id, node.id
                        ))
                        .in_file(&flow.source),
                    );
                }
            }
            NodeKind::Verdict => {}
        }
    }
}

/// A question's answers: present, labelled, distinct. Each problem is one diagnostic per question
/// (or per repeated label), however many edges it concerns.
fn check_answers(
    flow: &Flow,
    ix: NodeIndex,
    scratch: &mut Vec<(u64, u32)>,
    out: &mut Vec<Diagnostic>,
) {
    let node = flow.node(ix);
    let edges: Vec<EdgeIndex> = flow.out_edges(ix).collect();
    if edges.is_empty() {
        out.push(
            Diagnostic::new(
                Code::QuestionWithoutAnswers,
                format!(
                    "question `{}` has no answers, so the flow ends on a question",
                    node.id
                ),
            )
            .label(node.span(), "a leaf that is not a verdict")
            .help(format!(
                "add its answers, e.g. `{} -->|Yes| ...` and `{} -->|No| ...`, or draw it as a \
                 verdict `{}[...]`",
                node.id, node.id, node.id
            ))
            .in_file(&flow.source),
        );
        return;
    }
    let (labelled, unlabelled): (Vec<EdgeIndex>, Vec<EdgeIndex>) = edges
        .into_iter()
        .partition(|&e| flow.graph[e].label.is_some());
    // Each label given more than once: its first edge and the edges that repeat it.
    let label_of = |e: EdgeIndex| flow.graph[e].label.as_deref().unwrap_or_default();
    let groups = crate::flow::text::repeated_keys(
        &labelled,
        |e, key| write_answer_key(label_of(e), key),
        scratch,
    );
    if !unlabelled.is_empty() {
        let message = if unlabelled.len() == 1 {
            format!("an edge out of question `{}` has no answer label", node.id)
        } else {
            format!(
                "{} edges out of question `{}` have no answer label",
                unlabelled.len(),
                node.id
            )
        };
        let mut d = Diagnostic::new(Code::UnlabelledAnswer, message);
        for (i, &e) in unlabelled.iter().take(MAX_LABELS).enumerate() {
            d = d.label(
                flow.graph[e].span,
                if i == 0 {
                    "which answer leads here?"
                } else {
                    ""
                },
            );
        }
        out.push(
            d.label(node.span(), "the question")
                .help("label each edge with the answer that selects it: `-->|Yes|` or `-- Yes -->`")
                .in_file(&flow.source),
        );
    }
    for group in groups {
        let (first, again) = (group[0], &group[1..]);
        let label_span = |e: EdgeIndex| {
            let edge = &flow.graph[e];
            edge.label_span.unwrap_or(edge.span)
        };
        let label = flow.graph[first].label.as_deref().unwrap_or_default();
        let times = match again.len() + 1 {
            2 => "twice".to_owned(),
            n => format!("{n} times"),
        };
        let mut d = Diagnostic::new(
            Code::DuplicateAnswer,
            format!("question `{}` has the answer `{label}` {times}", node.id),
        );
        for (i, &e) in again.iter().take(MAX_LABELS).enumerate() {
            d = d.label(
                label_span(e),
                if i == 0 { "the same answer again" } else { "" },
            );
        }
        out.push(
            d.label(label_span(first), "first given here")
                .help(
                    "answers are matched ignoring case and surrounding space; make each label \
                     distinct",
                )
                .in_file(&flow.source),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::SourceFile;

    fn diagnostics(text: &str) -> Vec<Diagnostic> {
        crate::analyze(
            &SourceFile::new("t.flow", text),
            &crate::Settings::default(),
        )
        .diagnostics
    }

    fn codes(text: &str) -> Vec<Code> {
        diagnostics(text).iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_valid_flow_has_one_start() {
        let analysis = crate::analyze(
            &SourceFile::new(
                "t.flow",
                "flowchart TD\nS[Start] --> Q{Ready?}\nQ -->|Yes| A[Go]\nQ -->|No| B[Wait]\n",
            ),
            &crate::Settings::default(),
        );
        assert!(analysis.diagnostics.is_empty());
        let valid = analysis.into_valid().expect("valid");
        assert_eq!(valid.node(valid.start()).id, "S");
    }

    #[test]
    fn a_cycle_is_printed_as_a_path_from_its_first_node() {
        let d = diagnostics(
            "flowchart TD\nA[Start] --> B{Q?}\nB -->|No| D[Wait]\nD --> E[Again]\nE --> B\nB -->|Yes| C[Go]\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::Cycle);
        assert!(
            d[0].message.ends_with("B -> D -> E -> B"),
            "{}",
            d[0].message
        );
        assert_eq!(
            d[0].labels.len(),
            3,
            "every edge of the cycle is underlined"
        );
    }

    #[test]
    fn a_self_loop_is_a_cycle() {
        let d = diagnostics("flowchart TD\nA[Start] --> B{Q?}\nB -->|again| B\nB -->|done| C\n");
        assert!(
            d.iter()
                .any(|d| d.code == Code::Cycle && d.message.ends_with("B -> B"))
        );
    }

    #[test]
    fn starts_are_counted() {
        assert_eq!(codes("flowchart TD\n"), [Code::NoStart]);
        assert_eq!(
            codes("flowchart TD\nA --> B\nB --> A\n"),
            [Code::NoStart, Code::Cycle]
        );
        // The lint rules also see that `us_canada` is left with one answer (FLOW202).
        let d = diagnostics(
            "flowchart TD\nstart --> us_canada{Q?}\nus_canada -->|Yes| a\nus_canda -->|No| b\n",
        );
        let starts = d
            .iter()
            .find(|d| d.code == Code::SeveralStarts)
            .expect("FLOW107");
        assert!(
            starts.help.as_deref().unwrap().contains("`us_canada`"),
            "{:?}",
            starts.help
        );
    }

    #[test]
    fn many_repeats_of_one_problem_are_one_diagnostic() {
        let targets: Vec<String> = (0..100).map(|i| format!("n{i}")).collect();
        let text = format!("flowchart TD\nS{{Q}} -->|a| {}\n", targets.join(" & "));
        let d = diagnostics(&text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::DuplicateAnswer);
        assert!(d[0].message.contains("100 times"), "{}", d[0].message);
        assert!(d[0].labels.len() <= MAX_LABELS + 1);

        let text = format!("flowchart TD\nS{{Q}} --> {}\n", targets.join(" & "));
        let d = diagnostics(&text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::UnlabelledAnswer);
        assert!(d[0].message.starts_with("100 edges"), "{}", d[0].message);
    }

    #[test]
    fn steps_and_questions_are_told_apart() {
        assert_eq!(
            codes("flowchart TD\nA[Start] --> B[Check]\nA --> C[Other]\n"),
            [Code::BranchingStep]
        );
        assert_eq!(
            codes("flowchart TD\nA[Start] --> Q{Needs HIPAA?}\n"),
            [Code::QuestionWithoutAnswers]
        );
    }

    #[test]
    fn a_deep_chain_is_checked_without_recursion() {
        // Run on a thread with a small stack: any recursion on depth would overflow it.
        let text = {
            let mut t = String::from("flowchart TD\n");
            for i in 0..20_000 {
                t.push_str(&format!(
                    "q{i}{{Q{i}?}} -->|Yes| q{}\nq{i} -->|No| v{i}[V]\n",
                    i + 1
                ));
            }
            t
        };
        let result = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                crate::analyze(
                    &SourceFile::new("deep.flow", text),
                    &crate::Settings::default(),
                )
                .has_errors()
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(!result);
    }
}
