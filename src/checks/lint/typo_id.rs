//! FLOW207 typo-id: a bare id, mentioned once, that is one slip away from another node's id.

use petgraph::Direction::Incoming;

use crate::diagnostic::suggest::{MAX_SUGGESTIONS, closest};
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::{Flow, NodeKind};

pub(crate) const RULE: Rule = Rule::new(
    Code::TypoId,
    "an id mentioned once is a typo of another id",
    "\
What it checks: verdicts written as a bare id (no text of their own) with one incoming edge,
whose id is one slip (an edit, a swap) or a small fraction of its length away from another
node's id, as `suggest` measures it for \"did you mean\" hints. That other node must be a real
one (with a text, or mentioned more than once): of two bare ids mentioned once each, neither is
the typo of the other. Numbered siblings such as `v1` and `v2`, and ids of one or two
characters, are not checked. A misspelt edge source becomes a second start, which FLOW107 reports with
the same suggestion.

Why: Mermaid makes a new node for every new id, so `hipaa -->|No| twillio` does not lead to
`twilio` but to a new verdict whose text is `twillio`. The flow stays valid, and runs end on a
verdict nobody wrote.

Cost: suspects are found in one pass; only the first 16 are compared with every id (skipping ids
of a far-off length first), so the work stays linear in the flow's size.

Example:
    flowchart TD
        start([Start]) --> hipaa{Do you need HIPAA compliance?}
        hipaa -->|Yes| twilio[Work with Twilio]
        hipaa -->|No| twillio
Fix: correct the id: `hipaa -->|No| twilio`.",
);

/// Nearly every id of one or two characters is one slip from another (`b2`, `c2`).
const MIN_LEN: usize = 3;

/// Finds the suspects in one pass (O(nodes + edges)), then compares the first
/// [`MAX_SUGGESTIONS`] of them with every id through `suggest::closest`, which skips ids of a
/// far-off length before measuring: O(nodes) each, so O(nodes + edges) in all.
///
/// A suspect is a verdict written as a bare id (no text of its own) with exactly one incoming
/// edge: what a misspelt edge target becomes. (A misspelt edge source becomes a second start,
/// which FLOW107 reports with the same suggestion.) The id it is near must not be a suspect
/// too: of two bare ids mentioned once each, neither is the real one. Ids shorter than
/// [`MIN_LEN`] are not checked.
pub fn check(flow: &Flow) -> Vec<Diagnostic> {
    let graph = &flow.graph;
    let suspect: Vec<bool> = graph
        .node_indices()
        .map(|ix| {
            flow.node(ix).text_span.is_none()
                && flow.kind(ix) == NodeKind::Verdict
                && graph.neighbors_directed(ix, Incoming).count() == 1
        })
        .collect();
    let suspects = graph
        .node_indices()
        .filter(|ix| suspect[ix.index()] && flow.node(*ix).id.chars().count() >= MIN_LEN);
    let mut out = Vec::new();
    for ix in suspects.take(MAX_SUGGESTIONS) {
        let id = flow.node(ix).id.as_str();
        let others = flow.ids().filter(|other| *other != id);
        let Some(near) = closest(id, others) else {
            continue;
        };
        let target = flow.node_index(near).expect("a suggestion is an id");
        if numbered_siblings(id, near) || suspect[target.index()] {
            continue;
        }
        let d = Diagnostic::new(
            Code::TypoId,
            format!("`{id}` is mentioned once and is one slip away from `{near}`"),
        )
        .label(flow.node(ix).id_span, "a verdict nothing else mentions");
        out.push(
            d.label(flow.node(target).id_span, format!("`{near}` is here"))
                .help(format!(
                    "did you mean `{near}`? A bare id that appears once makes a new verdict whose \
                     text is the id"
                ))
                .in_file(&flow.source),
        );
    }
    out
}

/// `step1` and `step2`: numbered siblings, not typos of each other.
fn numbered_siblings(a: &str, b: &str) -> bool {
    let stem = |s: &str| s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (sa, sb) = (stem(a), stem(b));
    sa < a.len() && sb < b.len() && a[..sa] == b[..sb]
}

#[cfg(test)]
mod tests {
    use crate::checks::lint::test_support::reported;
    use crate::diagnostic::Code;

    #[test]
    fn a_misspelt_target_is_reported() {
        let text = "flowchart TD\nS --> hipaa{HIPAA?}\nhipaa -->|Yes| twilio[Twilio]\nhipaa -->|No| twillio\n";
        let d = reported(text, Code::TypoId);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`twilio`"), "{}", d[0].message);
    }

    #[test]
    fn numbered_and_written_out_verdicts_are_not_typos() {
        let text = "flowchart TD\nS --> Q{Q?}\nQ -->|a| v1\nQ -->|b| v2\nQ -->|c| ok[Ok]\nQ -->|d| okk[Ok too]\nQ -->|e| b2\nQ -->|f| c2\nQ -->|g| left\nQ -->|h| lift\n";
        assert!(reported(text, Code::TypoId).is_empty());
    }
}
