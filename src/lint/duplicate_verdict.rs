//! FLOW204 duplicate-verdict: two verdicts (different ids) that say the same thing.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;

use super::{MAX_LABELS, text_key};
use crate::diagnostic::Diagnostic;
use crate::flow::{Flow, NodeKind};
use crate::rules::Code;

/// One hash map from text to verdicts: O(nodes + edges). Only verdicts with a text of their own
/// count; a bare id shows its id, which is distinct by definition.
pub fn check(flow: &Flow) -> Vec<Diagnostic> {
    let mut groups: Vec<Vec<NodeIndex>> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for ix in flow.graph.node_indices() {
        let node = flow.node(ix);
        if node.text_span.is_none() || flow.kind(ix) != NodeKind::Verdict {
            continue;
        }
        let group = *group_of.entry(text_key(&node.text)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(ix);
    }
    groups
        .into_iter()
        .filter(|g| g.len() > 1)
        .map(|group| {
            let ids: Vec<String> = group
                .iter()
                .map(|&n| format!("`{}`", flow.node(n).id))
                .collect();
            let first = flow.node(group[0]);
            let mut d = Diagnostic::new(
                Code::DuplicateVerdict,
                format!(
                    "verdicts {} say the same thing: `{}`",
                    super::abbreviate(&ids),
                    first.text.replace('\n', "<br/>")
                ),
            )
            .label(first.span(), "first written here");
            for &n in group[1..].iter().take(MAX_LABELS) {
                d = d.label(flow.node(n).span(), "the same verdict again");
            }
            d.help(format!(
                "point every edge at `{}` and delete the copies, or make each text say how its \
                 verdict differs",
                first.id
            ))
            .in_file(&flow.source)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::reported;
    use crate::rules::Code;

    #[test]
    fn same_text_different_ids() {
        let text =
            "flowchart TD\nS --> Q{Ready?}\nQ -->|Yes| A[Use Twilio]\nQ -->|No| B[use  twilio]\n";
        let d = reported(text, Code::DuplicateVerdict);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.starts_with("verdicts `A`, `B`"),
            "{}",
            d[0].message
        );
        let text = "flowchart TD\nS --> Q{Ready?}\nQ -->|Yes| A[Use Twilio]\nQ -->|No| A\n";
        assert!(reported(text, Code::DuplicateVerdict).is_empty());
        let text = "flowchart TD\nS --> Q{Ready?}\nQ -->|Yes| A\nQ -->|No| a\n";
        assert!(reported(text, Code::DuplicateVerdict).is_empty());
    }
}
