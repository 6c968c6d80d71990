//! FLOW202 single-answer-question: a question with one answer decides nothing.

use petgraph::Direction::Outgoing;
use petgraph::visit::EdgeRef;

use crate::checks::rules::Code;
use crate::diagnostic::Diagnostic;
use crate::flow::{Flow, NodeKind};

/// Counts each question's outgoing edges: O(nodes + edges).
pub fn check(flow: &Flow) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ix in flow.graph.node_indices() {
        if flow.kind(ix) != NodeKind::Question {
            continue;
        }
        // With one edge, the order of the edges does not matter: no list is built.
        let mut edges = flow.graph.edges_directed(ix, Outgoing);
        let (Some(only), None) = (edges.next(), edges.next()) else {
            continue;
        };
        let only = only.id();
        let node = flow.node(ix);
        let edge = &flow.graph[only];
        let answer = edge
            .label
            .as_deref()
            .map_or_else(String::new, |l| format!(", `{}`", l.replace('\n', " ")));
        out.push(
            Diagnostic::new(
                Code::SingleAnswerQuestion,
                format!("question `{}` has only one answer{answer}", node.id),
            )
            .label(node.span(), "the question")
            .label(edge.label_span.unwrap_or(edge.span), "its only answer")
            .help(format!(
                "add the other answers, or draw `{}` as a step `{}[...]` if it decides nothing",
                node.id, node.id
            ))
            .in_file(&flow.source),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::checks::lint::test_support::reported;
    use crate::checks::rules::Code;

    #[test]
    fn one_answer_is_reported_two_are_not() {
        let d = reported(
            "flowchart TD\nS --> Q{Ready?}\nQ -->|Yes| A[Go]\n",
            Code::SingleAnswerQuestion,
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.ends_with("one answer, `Yes`"),
            "{}",
            d[0].message
        );
        let text = "flowchart TD\nS --> Q{Ready?}\nQ -->|Yes| A[Go]\nQ -->|No| B[Wait]\n";
        assert!(reported(text, Code::SingleAnswerQuestion).is_empty());
    }
}
