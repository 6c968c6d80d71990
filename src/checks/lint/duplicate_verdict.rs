//! FLOW204 duplicate-verdict: two verdicts (different ids) that say the same thing.

use super::MAX_LABELS;
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::{Flow, NodeKind};

pub(crate) const RULE: Rule = Rule::new(
    Code::DuplicateVerdict,
    "two verdicts with different ids have the same text",
    "\
What it checks: that no two verdicts with texts of their own say the same thing, comparing texts
ignoring case and the spacing between words.

Why: a verdict's id is its name in `run` output and in scripts that read it, so two ids for one
message split one outcome in two; usually a node was copied instead of pointed at. When the two
are meant to differ, the text should say how.

Cost: one hash map from text to verdicts, linear in nodes.

Example:
    flowchart TD
        start([Start]) --> us_canada{Based in the US or Canada?}
        us_canada -->|Yes| eligible[Eligible]
        us_canada -->|No| twilio[Work directly with Twilio]
        eligible2[Work directly with Twilio]
Fix: point every edge at one verdict (`us_canada -->|No| twilio`) and delete the copy.",
);

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
    use crate::diagnostic::Code;

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
