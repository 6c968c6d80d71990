//! FLOW201 unreachable-node: nodes that no walk from the start reaches.

use super::{MAX_LABELS, abbreviate};
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::Flow;
use crate::flow::successors::Successors;

pub(crate) const RULE: Rule = Rule::new(
    Code::UnreachableNode,
    "no path from the start reaches a node",
    "\
What it checks: that every node can be reached from the start (the first node, in the order
written, with no incoming edge) by following edges. Other nodes with no incoming edge are
FLOW107's and are not listed again; this rule lists the nodes below them, and nodes on a loop
that nothing enters.

Why: a node no walk reaches is dead text: usually the edge that led to it was deleted or points
at a misspelt id, and the part of the flow below it silently stopped applying. In a flow with one
start and no cycle every node is reached, so this warning always comes with FLOW107 or FLOW101;
it says which nodes their problem cuts off.

Answers are given per question id, so any answer may be given to any question: a node the start
reaches is reached by some combination of answers. A verdict that only the inconsistent answers
of a question asked twice lead to is found by FLOW205 (repeated-question), which points at its
cause; flowrun has no separate rule for it.

Cost: one search from the start, linear in nodes and edges.

Example:
    flowchart TD
        start([Start]) --> us_canada{Based in the US or Canada?}
        us_canada -->|Yes| eligible[Eligible]
        us_canada -->|No| twilio[Work with Twilio]
        hipa -->|Yes| twilio_hipaa[Twilio, for HIPAA]
Fix: connect the cut-off part with an answer that leads to it (`eligible` should have been the
question `hipaa{Needs HIPAA?}`), or delete it.",
);

/// One depth-first search from the start (the first node, in the order written, with no
/// incoming edge): O(nodes + edges). Other starts are FLOW107's and are not listed again.
pub fn check(flow: &Flow) -> Vec<Diagnostic> {
    let graph = &flow.graph;
    let starts = flow.starts();
    let Some(&start) = starts.first() else {
        return Vec::new(); // FLOW106
    };
    let mut seen = vec![false; graph.node_count()];
    for &s in &starts[1..] {
        seen[s.index()] = true;
    }
    seen[start.index()] = true;
    // The flat successor lists: a large flow's edge records do not fit in the cache.
    let successors = Successors::new(graph);
    let mut stack = vec![start.index()];
    while let Some(n) = stack.pop() {
        for &next in successors.of(n) {
            let next = next as usize;
            if !seen[next] {
                seen[next] = true;
                stack.push(next);
            }
        }
    }
    let unreached: Vec<_> = graph.node_indices().filter(|n| !seen[n.index()]).collect();
    if unreached.is_empty() {
        return Vec::new();
    }
    let ids: Vec<String> = unreached
        .iter()
        .map(|&n| format!("`{}`", flow.node(n).id))
        .collect();
    let start_id = &flow.node(start).id;
    let message = if ids.len() == 1 {
        format!("no path from the start `{start_id}` reaches {}", ids[0])
    } else {
        format!(
            "no path from the start `{start_id}` reaches {} nodes: {}",
            ids.len(),
            abbreviate(&ids)
        )
    };
    let mut d = Diagnostic::new(Code::UnreachableNode, message);
    for (i, &n) in unreached.iter().take(MAX_LABELS).enumerate() {
        d = d.label(
            flow.node(n).span(),
            if i == 0 { "no walk gets here" } else { "" },
        );
    }
    vec![
        d.label(flow.node(start).id_span, "the start")
            .help(
                "connect these nodes to the flow with an answer that leads to them, or delete \
                 them",
            )
            .in_file(&flow.source),
    ]
}

#[cfg(test)]
mod tests {
    use crate::checks::lint::test_support::reported;
    use crate::diagnostic::Code;

    #[test]
    fn nodes_below_a_second_start_are_unreachable() {
        let d = reported(
            "flowchart TD\nS --> Q{Ready?}\nQ -->|Yes| A[Go]\nQ -->|No| B[Wait]\nX --> Y --> Z\n",
            Code::UnreachableNode,
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.ends_with("2 nodes: `Y`, `Z`"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn a_flow_whose_start_reaches_everything_is_clean() {
        let text = "flowchart TD\nS --> Q{Ready?}\nQ -->|Yes| A[Go]\nQ -->|No| A\n";
        assert!(reported(text, Code::UnreachableNode).is_empty());
        assert!(reported("flowchart TD\n", Code::UnreachableNode).is_empty());
    }

    #[test]
    fn a_loop_nothing_enters_is_unreachable() {
        let d = reported(
            "flowchart TD\nS --> Q{Ready?}\nQ -->|Yes| A[Go]\nQ -->|No| B[Wait]\nC --> D --> C\n",
            Code::UnreachableNode,
        );
        assert_eq!(d.len(), 1);
    }
}
