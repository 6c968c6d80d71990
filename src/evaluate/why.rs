//! Why a walk ended where it did: the edge of the flow behind each hop, and the smallest set of the
//! given answers that forces the verdict whatever the other questions are answered.
//!
//! A set of answers forces the verdict when every route from the start that takes the set's
//! answer at each of its questions (and any answer elsewhere) ends in that verdict.
//!
//! The order in which answers would be tried does not matter, because the smallest forcing set is
//! unique: it is the set `M` of route answers `q` such that leaving `q` alone free (every other
//! route answer fixed) lets some route reach another verdict. Proof sketch:
//! - every forcing set contains each `q` in `M`: the walk's own route up to `q` agrees with any
//!   set of the route's answers, and from `q` the escaping route agrees with them all but `q`;
//! - `M` forces: take any route to another verdict that agrees with `M`. It leaves the walk's
//!   answers somewhere (else it would end in the verdict); at the last question where it does,
//!   its remainder agrees with every later answer, so that question is in `M`, and the route
//!   does not agree with `M` after all.
//!
//! Testing each answer with its own reachability pass would cost (route length) x (flow size).
//! One pass does for all: in reverse topological order, mark the nodes from which some route
//! reaches another verdict when every route answer is fixed (`escapes`). Leaving only `q` free
//! changes nothing below `q`'s other answers, since no route question before `q` can be reached
//! from them and those after `q` stay fixed; so `q` is needed exactly when one of its other
//! answers leads to a node that escapes. The cost is linear in the flow's size. The tests check
//! the result against a brute-force search over every subset on many small flows.

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::checks::structure::ValidFlow;
use crate::evaluate::walk::{Outcome, Walk};
use crate::flow::{Flow, NodeKind};

/// One hop of a walk with the edge that was followed out of it (none for the last node).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The node reached.
    pub node: NodeIndex,
    /// At a question, the label of the answer taken, as in
    /// [`Step::answer`](super::walk::Step::answer).
    pub answer: Option<String>,
    /// The edge followed to the next node; `None` at the last node.
    pub edge: Option<EdgeIndex>,
}

/// The walk's path with the edge behind each hop: the edge from a node to the next one on the
/// path, with the answer's label for a question.
#[must_use]
pub fn hops(flow: &Flow, walk: &Walk) -> Vec<Hop> {
    let mut hops = Vec::with_capacity(walk.path.len());
    for (i, step) in walk.path.iter().enumerate() {
        let next = walk.path.get(i + 1).map(|s| s.node);
        let edge = next.and_then(|next| {
            flow.graph
                .edges(step.node)
                .filter(|e| e.target() == next)
                .find(|e| step.answer.is_none() || e.weight().label == step.answer)
                .map(|e| e.id())
        });
        hops.push(Hop {
            node: step.node,
            answer: step.answer.clone(),
            edge,
        });
    }
    hops
}

/// The 1-based line an edge is written on, and the edge as a flow author reads it:
/// `us_canada -->|Yes| outside` (the ids around the operator and label as written).
#[must_use]
pub fn edge_source(flow: &Flow, edge: EdgeIndex) -> (usize, String) {
    let (from, to) = flow.graph.edge_endpoints(edge).expect("edge exists");
    let span = flow.graph[edge].span;
    let (line, _) = flow.source.line_col(span.start);
    let text = flow.source.text.get(span.start..span.end).unwrap_or("");
    // A label may run over lines; one line reads better in a report.
    let operator = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (
        line,
        format!("{} {operator} {}", flow.graph[from].id, flow.graph[to].id),
    )
}

/// The smallest set of the given answers that alone forces a walk's verdict: each question with
/// the edge of its answer, in route order. Empty when every route of the flow ends in that
/// verdict. `None` for a walk that needs an answer.
#[must_use]
pub fn forcing(flow: &ValidFlow, walk: &Walk) -> Option<Vec<(NodeIndex, EdgeIndex)>> {
    let Outcome::Verdict(verdict) = walk.outcome else {
        return None;
    };
    let route: Vec<(NodeIndex, EdgeIndex)> = hops(flow, walk)
        .into_iter()
        .filter(|h| h.answer.is_some())
        .filter_map(|h| Some((h.node, h.edge?)))
        .collect();
    Some(forcing_set(flow, verdict, &route))
}

/// The answers of `route` (the answered questions of a walk ending in `verdict`, in order, each
/// with the edge it followed) that are needed to force `verdict`: those with another answer that
/// leads where, with every route answer fixed, a route can still reach another verdict. See the
/// module's comment for why this is the smallest forcing set. One pass, iterative.
#[must_use]
pub fn forcing_set(
    flow: &ValidFlow,
    verdict: NodeIndex,
    route: &[(NodeIndex, EdgeIndex)],
) -> Vec<(NodeIndex, EdgeIndex)> {
    let n = flow.graph.node_count();
    let mut fixed: Vec<Option<EdgeIndex>> = vec![None; n];
    for &(question, edge) in route {
        fixed[question.index()] = Some(edge);
    }
    let target = |edge: EdgeIndex| flow.graph.edge_endpoints(edge).expect("edge exists").1;
    // Successors come after their predecessors in topological order: walk it backwards.
    let mut escapes = vec![false; n];
    for &at in flow.topological_order().iter().rev() {
        escapes[at.index()] = match (flow.kind(at), fixed[at.index()]) {
            (NodeKind::Verdict, _) => at != verdict,
            (_, Some(edge)) => escapes[target(edge).index()],
            (_, None) => flow.graph.edges(at).any(|e| escapes[e.target().index()]),
        };
    }
    route
        .iter()
        .filter(|&&(question, chosen)| {
            flow.graph
                .edges(question)
                .any(|e| e.id() != chosen && escapes[e.target().index()])
        })
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::answers::{self, Format};
    use crate::{SourceFile, analyze, evaluate::walk};

    fn valid(text: &str) -> ValidFlow {
        let analysis = analyze(
            &SourceFile::new("t.flow", text.to_owned()),
            &crate::Settings::default(),
        );
        let errors: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        analysis.into_valid().expect("valid")
    }

    fn walk_with(flow: &ValidFlow, json: &str) -> Walk {
        let source = SourceFile::new("a.json", json.to_owned());
        let answers = answers::parse(&source, Format::Json).expect("answers parse");
        let (resolved, _) = walk::resolve(flow, &answers).expect("answers resolve");
        walk::walk(flow, &resolved)
    }

    /// A set of answers as `question=answer` pairs.
    fn named(flow: &ValidFlow, set: &[(NodeIndex, EdgeIndex)]) -> Vec<String> {
        set.iter()
            .map(|&(q, e)| {
                let label = flow.graph[e].label.clone().unwrap_or_default();
                format!("{}={label}", flow.node(q).id)
            })
            .collect()
    }

    fn eligibility() -> ValidFlow {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/eligibility.flow"),
        )
        .expect("the eligibility flow");
        valid(&text)
    }

    fn answers_json(values: [&str; 4]) -> String {
        let pairs: Vec<String> = ["us_canada", "outside", "analytics", "hipaa"]
            .iter()
            .zip(values)
            .map(|(q, a)| format!("\"{q}\": \"{a}\""))
            .collect();
        format!("{{{}}}", pairs.join(", "))
    }

    #[test]
    fn hipaa_alone_forces_twilio() {
        let flow = eligibility();
        let walk = walk_with(&flow, &answers_json(["Yes", "No", "No", "Yes"]));
        let forcing = forcing(&flow, &walk).expect("a verdict");
        assert_eq!(named(&flow, &forcing), ["hipaa=Yes"]);
    }

    #[test]
    fn eligible_needs_every_answer() {
        let flow = eligibility();
        let walk = walk_with(&flow, &answers_json(["Yes", "No", "No", "No"]));
        let forcing = forcing(&flow, &walk).expect("a verdict");
        assert_eq!(
            named(&flow, &forcing),
            ["us_canada=Yes", "outside=No", "analytics=No", "hipaa=No"]
        );
    }

    #[test]
    fn answers_off_the_route_never_count() {
        let flow = eligibility();
        // us_canada = No ends the walk; the other answers are never read.
        let walk = walk_with(&flow, &answers_json(["No", "Yes", "Yes", "Yes"]));
        let forcing = forcing(&flow, &walk).expect("a verdict");
        assert_eq!(named(&flow, &forcing), ["us_canada=No"]);
    }

    #[test]
    fn a_walk_that_needs_an_answer_has_no_forcing_set() {
        let flow = eligibility();
        let walk = walk_with(&flow, r#"{"us_canada": "Yes"}"#);
        assert_eq!(forcing(&flow, &walk), None);
    }

    #[test]
    fn a_flow_with_one_verdict_needs_no_answer() {
        let flow = valid("flowchart TD\n  q{Q?} -->|a| v[V]\n  q -->|b| s[S] --> v\n");
        let walk = walk_with(&flow, r#"{"q": "a"}"#);
        assert_eq!(forcing(&flow, &walk), Some(Vec::new()));
    }

    #[test]
    fn an_answer_is_needed_only_where_its_other_answers_escape() {
        // a = x leads to b; b's other answer goes to V too, so only a and c matter.
        let flow = valid(
            "flowchart TD
  a{A?} -->|x| b{B?}
  a -->|y| w[W]
  b -->|x| c{C?}
  b -->|y| v[V]
  c -->|x| v
  c -->|y| w
",
        );
        let walk = walk_with(&flow, r#"{"a": "x", "b": "x", "c": "x"}"#);
        let forcing = forcing(&flow, &walk).expect("a verdict");
        assert_eq!(named(&flow, &forcing), ["a=x", "c=x"]);
    }

    #[test]
    fn each_hop_names_the_edge_it_followed_and_its_line() {
        let flow = eligibility();
        let walk = walk_with(&flow, &answers_json(["Yes", "No", "No", "Yes"]));
        let lines: Vec<(usize, String)> = hops(&flow, &walk)
            .iter()
            .filter_map(|h| h.edge)
            .map(|e| edge_source(&flow, e))
            .collect();
        let expected: Vec<(usize, String)> = [
            (5, "start --> us_canada"),
            (6, "us_canada -->|Yes| outside"),
            (8, "outside -->|No| analytics"),
            (10, "analytics -->|No| hipaa"),
            (13, "hipaa -.->|Yes| twilio"),
        ]
        .iter()
        .map(|&(l, s)| (l, s.to_owned()))
        .collect();
        assert_eq!(lines, expected);
        assert_eq!(hops(&flow, &walk).last().and_then(|h| h.edge), None);
    }

    #[test]
    fn two_answers_to_the_same_node_pick_the_edge_with_the_given_label() {
        let flow = valid("flowchart TD\n  q{Q?} -->|a| v[V]\n  q -->|b| v\n  q -->|c| w[W]\n");
        let walk = walk_with(&flow, r#"{"q": "b"}"#);
        let hop = &hops(&flow, &walk)[0];
        let (line, text) = edge_source(&flow, hop.edge.expect("an edge"));
        assert_eq!((line, text.as_str()), (3, "q -->|b| v"));
    }

    #[test]
    fn an_edge_label_over_several_lines_is_shown_on_one() {
        let flow = valid("flowchart TD\n  q{Q?} -- \"two\n  words\" --> v[V]\n  q -->|c| w[W]\n");
        let walk = walk_with(&flow, r#"{"q": "two\nwords"}"#);
        let hop = &hops(&flow, &walk)[0];
        let (line, text) = edge_source(&flow, hop.edge.expect("an edge"));
        assert_eq!((line, text.as_str()), (2, "q -- \"two words\" --> v"));
    }

    /// A chain of questions far deeper than any call stack: each answer `b` goes to `v`, the last
    /// `a` to `w`. Walking every `a` ends in `w`, and every answer on the way is needed.
    #[test]
    fn a_very_deep_flow_is_explained_without_recursion() {
        const DEPTH: usize = 20_000;
        let mut text = String::from("flowchart TD\n");
        let mut json = String::from("{");
        for i in 0..DEPTH {
            let next = if i + 1 == DEPTH {
                "w[W]".to_owned()
            } else {
                format!("q{}", i + 1)
            };
            text.push_str(&format!(
                "  q{i}{{Q{i}?}} -->|a| {next}\n  q{i} -->|b| v[V]\n"
            ));
            json.push_str(&format!(
                "{}\"q{i}\": \"a\"",
                if i == 0 { "" } else { ", " }
            ));
        }
        json.push('}');
        let flow = valid(&text);
        let walk = walk_with(&flow, &json);
        let forcing = forcing(&flow, &walk).expect("a verdict");
        assert_eq!(forcing.len(), DEPTH);
        assert_eq!(hops(&flow, &walk).len(), DEPTH + 1);
    }

    /// Whether fixing exactly the answers in `set` forces `verdict`, by brute force: follow every
    /// route from the start that agrees with `set` and see where each ends.
    fn forces_with(flow: &ValidFlow, verdict: NodeIndex, set: &[(NodeIndex, EdgeIndex)]) -> bool {
        let mut stack = vec![flow.start()];
        while let Some(at) = stack.pop() {
            if flow.kind(at) == NodeKind::Verdict {
                if at != verdict {
                    return false;
                }
                continue;
            }
            match set.iter().find(|(q, _)| *q == at) {
                Some(&(_, edge)) => stack.push(flow.graph.edge_endpoints(edge).expect("edge").1),
                None => stack.extend(flow.graph.edges(at).map(|e| e.target())),
            }
        }
        true
    }

    /// Small random flows (3 to 6 questions with two or three answers each, verdicts V, W, X),
    /// walked with random answers: the set found forces the verdict, no subset of the route's
    /// answers that is smaller forces it, and every subset that forces it contains the set (the
    /// smallest set is unique, so the order answers are tried in cannot matter).
    #[test]
    fn the_set_found_is_the_unique_smallest_on_random_flows() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rnd = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut checked = 0;
        let mut sizes = [0usize; 7];
        for _ in 0..1500 {
            let questions = 3 + rnd(4);
            let mut text = String::from("flowchart TD\n");
            for i in 0..questions {
                for (n, label) in ["x", "y", "z"].iter().take(2 + rnd(2)).enumerate() {
                    let later = questions - i - 1;
                    // The first answer leads to the next question, so every question is reached.
                    let t = if n == 0 && later > 0 {
                        0
                    } else {
                        rnd(later + 3)
                    };
                    let target = if t < later {
                        format!("q{}{{Q{}?}}", i + 1 + t, i + 1 + t)
                    } else {
                        ["V", "W", "X"][t - later].to_owned()
                    };
                    text.push_str(&format!("  q{i}{{Q{i}?}} -->|{label}| {target}\n"));
                }
            }
            let flow = valid(&text);
            let mut at = flow.start();
            let mut route = Vec::new();
            while flow.kind(at) == NodeKind::Question {
                let edges: Vec<EdgeIndex> = flow.out_edges(at).collect();
                let edge = edges[rnd(edges.len())];
                route.push((at, edge));
                at = flow.graph.edge_endpoints(edge).expect("edge").1;
            }
            let found = forcing_set(&flow, at, &route);
            assert!(forces_with(&flow, at, &found), "{text}");
            for mask in 0u32..1 << route.len() {
                let subset: Vec<_> = (0..route.len())
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| route[i])
                    .collect();
                if forces_with(&flow, at, &subset) {
                    assert!(
                        found.iter().all(|a| subset.contains(a)),
                        "{text}\nfound {:?} but {:?} forces too",
                        named(&flow, &found),
                        named(&flow, &subset)
                    );
                }
            }
            sizes[found.len()] += 1;
            checked += 1;
        }
        // The draws must exercise the claim: many flows, and sets of several sizes.
        assert_eq!(checked, 1500);
        assert!(sizes.iter().filter(|&&n| n > 20).count() >= 3, "{sizes:?}");
    }
}
