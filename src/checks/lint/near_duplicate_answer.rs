//! FLOW203 near-duplicate-answer: answers of one question that differ only in the space between
//! their words (and case). Labels equal ignoring case and surrounding space are FLOW105's.

use petgraph::graph::EdgeIndex;

use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::text::{answer_key, repeated_keys};
use crate::flow::{Flow, NodeKind};

pub(crate) const RULE: Rule = Rule::new(
    Code::NearDuplicateAnswer,
    "answers of one question differ only in spacing (and case)",
    "\
What it checks: that no two answers of one question become the same label when case and all
white space (spaces, tabs, line breaks, `<br/>`) are ignored. Labels that are equal ignoring
case and surrounding space, `Yes` and `yes `, are already an error, FLOW105 (duplicate-answer):
answer files match them the same way, so they cannot be told apart at all. This rule reports
only what FLOW105 does not: labels that answer files do tell apart, by space inside them, but a
reader does not, such as `Not sure` and `Not  sure` or `Notsure`.

Why: the two edges look like one answer written twice, and an answer file must reproduce the
spacing exactly to pick one; usually one of them is a copy with a slip.

Cost: one hash map per question, linear in nodes and edges.

Example:
    flowchart TD
        start([Start]) --> outside{Do you text people outside the US?}
        outside -->|No| eligible[Eligible]
        outside -->|Not sure| ask[Ask support]
        outside -->|Not  sure| twilio[Work with Twilio]
Fix: keep one of the labels and merge the edges, or make the labels differ in words.",
);

/// Per question, the answers grouped by a spacing-blind key with
/// [`crate::flow::text::repeated_keys`]: O(nodes + edges), and nothing built for an answer whose
/// key no other answer of its question has.
pub fn check(flow: &Flow) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    for ix in flow.graph.node_indices() {
        if flow.kind(ix) != NodeKind::Question {
            continue;
        }
        let labelled: Vec<EdgeIndex> = flow
            .out_edges(ix)
            .filter(|&e| flow.graph[e].label.is_some())
            .collect();
        let label_of = |e: EdgeIndex| flow.graph[e].label.as_deref().unwrap_or_default();
        let same_squeezed =
            repeated_keys(&labelled, |e, key| squeeze(label_of(e), key), &mut scratch);
        for edges in same_squeezed {
            // The answer keys (as matching sees them) that share the spacing-blind key, with the
            // first edge of each, in the order written.
            let mut group: Vec<(String, EdgeIndex)> = Vec::new();
            for e in edges {
                let key = answer_key(label_of(e));
                if !group.iter().any(|(k, _)| *k == key) {
                    group.push((key, e));
                }
            }
            if group.len() > 1 {
                out.push(diagnostic(flow, ix, &group));
            }
        }
    }
    out
}

/// The answer key with no whitespace at all, as bytes.
fn squeeze(label: &str, out: &mut Vec<u8>) {
    out.clear();
    if label.is_ascii() {
        out.extend(
            label
                .bytes()
                .filter(|&b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'))
                .map(|b| b.to_ascii_lowercase()),
        );
    } else {
        let squeezed: String = answer_key(label)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        out.extend_from_slice(squeezed.as_bytes());
    }
}

fn diagnostic(
    flow: &Flow,
    ix: petgraph::graph::NodeIndex,
    group: &[(String, EdgeIndex)],
) -> Diagnostic {
    let label_of = |e: EdgeIndex| flow.graph[e].label.as_deref().unwrap_or_default();
    let shown: Vec<String> = group
        .iter()
        .map(|&(_, e)| format!("`{}`", label_of(e).replace('\n', "<br/>")))
        .collect();
    let mut d = Diagnostic::new(
        Code::NearDuplicateAnswer,
        format!(
            "question `{}` has answers that differ only in spacing: {}",
            flow.node(ix).id,
            shown.join(", ")
        ),
    );
    for (i, &(_, e)) in group.iter().take(super::MAX_LABELS).enumerate() {
        let edge = &flow.graph[e];
        d = d.label(
            edge.label_span.unwrap_or(edge.span),
            if i == 0 {
                "this answer"
            } else {
                "and this one"
            },
        );
    }
    d.help(
        "an answer file must spell the spacing exactly; give the edges one label (and merge \
         them), or labels that differ in words",
    )
    .in_file(&flow.source)
}

#[cfg(test)]
mod tests {
    use super::{answer_key, squeeze};
    use crate::checks::lint::test_support::reported;

    #[test]
    fn squeezing_ascii_bytes_matches_squeezing_the_key() {
        let mut bytes = Vec::new();
        for label in [
            "Not  Sure",
            " a\tb\x0bc\x0cd\re\n",
            "Ünï  x",
            "\u{212a} k",
            "x\u{a0}y",
        ] {
            squeeze(label, &mut bytes);
            let expected: String = answer_key(label)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert_eq!(bytes, expected.as_bytes(), "{label:?}");
        }
    }
    use crate::diagnostic::Code;

    #[test]
    fn inner_spacing_is_reported_case_alone_is_flow105() {
        let text = "flowchart TD\nS --> Q{Sure?}\nQ -->|Not sure| A[Ask]\nQ -->|not  Sure| B[Wait]\nQ -->|Yes| C[Go]\n";
        let d = reported(text, Code::NearDuplicateAnswer);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.ends_with("`Not sure`, `not  Sure`"),
            "{}",
            d[0].message
        );

        let text = "flowchart TD\nS --> Q{Sure?}\nQ -->|Yes| A[Ask]\nQ -->|yes | B[Wait]\n";
        assert!(reported(text, Code::NearDuplicateAnswer).is_empty());
        assert_eq!(reported(text, Code::DuplicateAnswer).len(), 1);
    }

    #[test]
    fn words_run_together_are_near_duplicates() {
        let text = "flowchart TD\nS --> Q{Sure?}\nQ -->|Not sure| A[Ask]\nQ -->|Notsure| B[Wait]\n";
        assert_eq!(reported(text, Code::NearDuplicateAnswer).len(), 1);
    }
}
