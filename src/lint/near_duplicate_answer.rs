//! FLOW203 near-duplicate-answer: answers of one question that differ only in the space between
//! their words (and case). Labels equal ignoring case and surrounding space are FLOW105's.

use std::collections::HashMap;

use petgraph::graph::EdgeIndex;

use crate::diagnostic::Diagnostic;
use crate::flow::{Flow, NodeKind, text::answer_key};
use crate::rules::Code;

/// One hash map per question: O(nodes + edges).
pub fn check(flow: &Flow) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ix in flow.graph.node_indices() {
        if flow.kind(ix) != NodeKind::Question {
            continue;
        }
        // Each spacing-blind key: the answer keys (as matching sees them) that share it, with
        // the first edge of each, in the order written.
        let mut groups: Vec<Vec<(String, EdgeIndex)>> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        for e in flow.out_edges(ix) {
            let Some(label) = &flow.graph[e].label else {
                continue;
            };
            let squeezed: String = answer_key(label)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let group = *group_of.entry(squeezed).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            let key = answer_key(label);
            if !groups[group].iter().any(|(k, _)| *k == key) {
                groups[group].push((key, e));
            }
        }
        for group in groups.into_iter().filter(|g| g.len() > 1) {
            out.push(diagnostic(flow, ix, &group));
        }
    }
    out
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
    use crate::lint::test_support::reported;
    use crate::rules::Code;

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
