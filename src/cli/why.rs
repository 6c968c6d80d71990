//! `flowrun run --explain`: why a walk ended where it did, in words a flow author reads. The hops
//! with the line of the flow behind each, then the smallest set of the given answers that alone
//! forces the verdict (found by `crate::evaluate::why`).

use std::fmt::Write as _;

use crate::ValidFlow;
use crate::evaluate::walk::{self, Outcome, Walk};
use crate::evaluate::why::{self, Hop};
use crate::flow::text::one_line;
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

/// The explanation for people: replaces the plain `path:` list of `flowrun run`.
pub(crate) fn text(flow: &ValidFlow, walk: &Walk) -> String {
    let mut out = String::from("why:\n");
    let hops = why::hops(flow, walk);
    let width = hops.len().to_string().len();
    for (i, hop) in hops.iter().enumerate() {
        let node = flow.node(hop.node);
        let n = i + 1;
        let what = match (&hop.answer, flow.kind(hop.node)) {
            (Some(answer), _) => format!("{} -> {}", one_line(&node.text), one_line(answer)),
            // The verdict's text is printed above.
            (None, crate::flow::NodeKind::Verdict) => format!("verdict: {}", node.id),
            (None, crate::flow::NodeKind::Question) => {
                format!("{} (no answer given)", one_line(&node.text))
            }
            (None, crate::flow::NodeKind::Step) => one_line(&node.text),
        };
        let _ = writeln!(out, "  {n:>width$}. {what}");
        if let Some(edge) = hop.edge {
            let (line, source) = why::edge_source(flow, edge);
            let _ = writeln!(out, "  {:width$}  line {line}: {source}", "");
        }
    }
    match walk.outcome {
        Outcome::Verdict(verdict) => {
            let forcing = why::forcing(flow, walk).unwrap_or_default();
            forcing_text(flow, verdict, &forcing, &mut out);
        }
        Outcome::NeedsAnswer(q) => {
            let node = flow.node(q);
            let _ = writeln!(
                out,
                "Needed next: {} ({}), one of: {}",
                one_line(&node.text),
                node.id,
                walk::options(flow, q).join(", ")
            );
        }
    }
    out
}

fn forcing_text(
    flow: &ValidFlow,
    verdict: NodeIndex,
    forcing: &[(NodeIndex, EdgeIndex)],
    out: &mut String,
) {
    let answer = |&(q, e): &(NodeIndex, EdgeIndex)| {
        let label = flow.graph[e].label.as_deref().unwrap_or("");
        format!("{} -> {}", one_line(&flow.node(q).text), one_line(label))
    };
    match forcing {
        [] => {
            let _ = writeln!(
                out,
                "No answer is needed: every route through the flow ends in `{}`.",
                flow.node(verdict).id
            );
        }
        [one] => {
            let _ = writeln!(out, "Enough on its own: {}", answer(one));
        }
        several => {
            out.push_str("Enough together, and none of them can be left out:\n");
            for a in several {
                let _ = writeln!(out, "  {}", answer(a));
            }
        }
    }
}

/// The `explanation` object of `flowrun run --format json --explain`.
#[derive(Serialize)]
pub(crate) struct JsonExplanation {
    hops: Vec<JsonHop>,
    /// The smallest set of the given answers that forces the verdict; null when the walk
    /// needs an answer.
    forcing: Option<Vec<JsonAnswer>>,
}

#[derive(Serialize)]
struct JsonHop {
    node: String,
    answer: Option<String>,
    /// The 1-based line of the edge followed out of this node; null for the last node.
    line: Option<usize>,
    /// That edge as written: `us_canada -->|Yes| outside`.
    edge: Option<String>,
}

#[derive(Serialize)]
struct JsonAnswer {
    question: String,
    text: String,
    answer: String,
}

pub(crate) fn json(flow: &ValidFlow, walk: &Walk) -> JsonExplanation {
    let hops = why::hops(flow, walk)
        .into_iter()
        .map(|Hop { node, answer, edge }| {
            let source = edge.map(|e| why::edge_source(flow, e));
            JsonHop {
                node: flow.node(node).id.clone(),
                answer,
                line: source.as_ref().map(|s| s.0),
                edge: source.map(|s| s.1),
            }
        })
        .collect();
    let forcing = why::forcing(flow, walk).map(|set| {
        set.into_iter()
            .map(|(q, e)| JsonAnswer {
                question: flow.node(q).id.clone(),
                text: flow.node(q).text.clone(),
                answer: flow.graph[e].label.clone().unwrap_or_default(),
            })
            .collect()
    });
    JsonExplanation { hops, forcing }
}
