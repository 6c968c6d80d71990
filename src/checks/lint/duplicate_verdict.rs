//! FLOW204 duplicate-verdict: two verdicts (different ids) that say the same thing.

use super::MAX_LABELS;
use crate::checks::rules::Code;
use crate::diagnostic::Diagnostic;
use crate::flow::{Flow, NodeKind};

/// Groups verdicts by text with [`super::same_text_groups`]: O(nodes + edges). Only verdicts with a text of their own
/// count; a bare id shows its id, which is distinct by definition.
pub fn check(flow: &Flow) -> Vec<Diagnostic> {
    let verdicts = flow
        .graph
        .node_indices()
        .filter(|&ix| flow.node(ix).text_span.is_some() && flow.kind(ix) == NodeKind::Verdict);
    let groups = super::same_text_groups(flow, verdicts);
    groups
        .into_iter()
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
    use crate::checks::lint::test_support::reported;
    use crate::checks::rules::Code;

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
