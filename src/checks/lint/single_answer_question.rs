//! FLOW202 single-answer-question: a question with one answer decides nothing.

use petgraph::Direction::Outgoing;
use petgraph::visit::EdgeRef;

use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::{Flow, NodeKind};

pub(crate) const RULE: Rule = Rule::new(
    Code::SingleAnswerQuestion,
    "a question has only one answer",
    "\
What it checks: that every question (a rhombus) has at least two answers. Questions with none are
FLOW102's.

Why: a question with one answer decides nothing, yet a walk stops there until it is answered, and
an answer file must name the one option. Usually the other answers were forgotten, or a step was
drawn as a rhombus.

Cost: one count per question, linear in nodes and edges.

Example:
    flowchart TD
        start([Start]) --> hipaa{Do you need HIPAA compliance?}
        hipaa -->|No| eligible[Eligible]
Fix: add the missing answer (`hipaa -->|Yes| twilio[Work with Twilio]`), or draw the node as a
step `hipaa[...]` if there is nothing to decide.",
);

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
    use crate::diagnostic::Code;

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
