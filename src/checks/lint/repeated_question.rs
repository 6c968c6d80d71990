//! FLOW205 repeated-question: the same question asked again further down a route.

use std::collections::VecDeque;

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::NodeIndex;

use super::text_key;
use crate::checks::structure::ValidFlow;
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::{Flow, NodeKind};

pub(crate) const RULE: Rule = Rule::new(
    Code::RepeatedQuestion,
    "a route asks the same question twice",
    "\
What it checks: that no question is reached, along some route, below another question with the
same text (compared ignoring case and the spacing between words). Questions with the same text
on parallel branches are fine.

Why: a reader answers the same question the same way, so asking it again is redundant, and any
answer to the second asking that contradicts the first leads where no consistent reader can go.
Answer files answer by id, so flowrun cannot tell that the two are one question: a walk happily
takes the contradictory branch. (This is how flowrun finds a verdict that no consistent answers
reach: through its cause, the second asking. FLOW201 finds the nodes no answers reach at all.)

Cost: no route is enumerated. Questions are grouped by text; for each batch of 64 texts asked
more than once, one pass in topological order carries, per node, a 64-bit set of the texts asked
above it: linear in nodes and edges per batch, at most 4 batches (texts beyond the 256th repeated
one are not checked). Each report then finds the earlier asking with one backward search, for at
most 16 reports.

Example:
    flowchart TD
        start([Start]) --> us_canada{Is your business in the US or Canada?}
        us_canada -->|Yes| hipaa{Do you need HIPAA compliance?}
        us_canada -->|No| twilio[Work with Twilio]
        hipaa -->|No| again{Is your business in the US or Canada?}
        hipaa -->|Yes| twilio
        again -->|Yes| eligible[Eligible]
        again -->|No| twilio
Fix: point the edge into the second asking at what the first answer leads to:
`hipaa -->|No| eligible`.",
);

/// Question texts are tracked 64 at a time, one bit each, in a `u64` per node.
const BATCH: usize = 64;
/// At most this many batches: texts asked by several questions beyond the first 256 are not
/// checked, so a huge flow of repeated texts still costs a bounded multiple of its size.
const MAX_BATCHES: usize = 4;
/// At most this many repeats are reported, each with a backward search for its earlier asking.
const MAX_REPORTS: usize = 16;

/// Groups questions by text (a hash map), then for each batch of up to 64 texts asked by more
/// than one question propagates, in topological order, the set of those texts asked strictly
/// above each node: O(nodes + edges) per batch, at most [`MAX_BATCHES`] batches. Each report
/// then finds the nearest earlier asking with a backward breadth-first search, O(nodes + edges)
/// for each of at most [`MAX_REPORTS`] reports. No route is ever enumerated.
pub fn check(flow: &ValidFlow) -> Vec<Diagnostic> {
    let graph = &flow.graph;
    let questions = graph
        .node_indices()
        .filter(|&ix| flow.kind(ix) == NodeKind::Question);
    let groups = super::same_text_groups(flow, questions);
    let repeated: Vec<&Vec<NodeIndex>> = groups.iter().collect();
    if repeated.is_empty() {
        return Vec::new();
    }
    let order = flow.topological_order();
    let mut bit_of = vec![u64::MAX; graph.node_count()];
    let mut above = vec![0u64; graph.node_count()];
    let mut found: Vec<NodeIndex> = Vec::new();
    for batch in repeated.chunks(BATCH).take(MAX_BATCHES) {
        bit_of.fill(u64::MAX);
        above.fill(0);
        for (bit, group) in batch.iter().enumerate() {
            for &n in group.iter() {
                bit_of[n.index()] = bit as u64;
            }
        }
        for &n in order {
            let own = match bit_of[n.index()] {
                u64::MAX => 0,
                bit => 1 << bit,
            };
            if own & above[n.index()] != 0 {
                found.push(n);
            }
            let passed = above[n.index()] | own;
            for next in graph.neighbors_directed(n, Outgoing) {
                above[next.index()] |= passed;
            }
        }
    }
    found.sort_unstable();
    found
        .into_iter()
        .take(MAX_REPORTS)
        .map(|again| diagnostic(flow, again))
        .collect()
}

/// The nearest question above `again` with its text, by a backward breadth-first search.
fn earlier_asking(flow: &Flow, again: NodeIndex) -> Option<NodeIndex> {
    let key = text_key(&flow.node(again).text);
    let mut seen = vec![false; flow.graph.node_count()];
    let mut queue = VecDeque::from([again]);
    seen[again.index()] = true;
    while let Some(n) = queue.pop_front() {
        for prev in flow.graph.neighbors_directed(n, Incoming) {
            if seen[prev.index()] {
                continue;
            }
            if flow.kind(prev) == NodeKind::Question && text_key(&flow.node(prev).text) == key {
                return Some(prev);
            }
            seen[prev.index()] = true;
            queue.push_back(prev);
        }
    }
    None
}

fn diagnostic(flow: &Flow, again: NodeIndex) -> Diagnostic {
    let node = flow.node(again);
    let mut d = Diagnostic::new(
        Code::RepeatedQuestion,
        format!(
            "question `{}` asks `{}` again, on a route that has already asked it",
            node.id,
            node.text.replace('\n', " ")
        ),
    )
    .label(node.span(), "asked again here");
    let mut help = "a reader answers the same question the same way: follow the earlier \
                    answer's edge instead of asking again"
        .to_owned();
    if let Some(first) = earlier_asking(flow, again) {
        d = d.label(flow.node(first).span(), "first asked here");
        help = format!(
            "a reader answers the same question the same way: point the edges into `{}` at \
             what the answer given to `{}` leads to",
            node.id,
            flow.node(first).id
        );
    }
    d.help(help).in_file(&flow.source)
}

#[cfg(test)]
mod tests {
    use crate::checks::lint::test_support::reported;
    use crate::diagnostic::Code;

    #[test]
    fn a_text_asked_again_below_is_reported() {
        let text = "flowchart TD\nS --> A{US?}\nA -->|Yes| B{HIPAA?}\nA -->|No| C{us?}\nB -->|Yes| X[x]\nB -->|No| C\nC -->|Yes| Y[y]\nC -->|No| Z[z]\n";
        let d = reported(text, Code::RepeatedQuestion);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.starts_with("question `C`"), "{}", d[0].message);
        assert_eq!(d[0].labels.len(), 2);
    }

    #[test]
    fn the_same_text_on_parallel_branches_is_not_repeated() {
        let text = "flowchart TD\nS --> A{US?}\nA -->|Yes| B{HIPAA?}\nA -->|No| C{HIPAA?}\nB -->|Yes| X[x]\nB -->|No| Y[y]\nC -->|Yes| X\nC -->|No| Y\n";
        assert!(reported(text, Code::RepeatedQuestion).is_empty());
    }

    #[test]
    fn more_repeated_texts_than_one_batch_are_all_checked() {
        // 70 texts asked twice, each on two parallel branches (not repeats), then the 70th
        // asked a third time below its asking on the first branch: its bit is in the second batch.
        let mut text = String::from("flowchart TD\nS{Which?} -->|a| c0\nS -->|b| p0\n");
        for i in 0..70 {
            for side in ["c", "p"] {
                text.push_str(&format!(
                    "{side}{i}{{Q{i}?}} -->|Yes| {side}{}\n{side}{i} -->|No| {side}n{i}[no {side}{i}]\n",
                    i + 1
                ));
            }
        }
        text.push_str("c70{Q69?} -->|Yes| y[yes]\nc70 -->|No| n[no]\np70[end]\n");
        let d = reported(&text, Code::RepeatedQuestion);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.starts_with("question `c70`"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn reports_are_capped() {
        let mut text = String::from("flowchart TD\nS --> a0\n");
        for i in 0..40 {
            text.push_str(&format!(
                "a{i}{{Q{i}?}} -->|Yes| b{i}{{Q{i}?}}\na{i} -->|No| n{i}[no a{i}]\nb{i} -->|Yes| a{}\nb{i} -->|No| m{i}[no b{i}]\n",
                i + 1
            ));
        }
        text.push_str("a40[end]\n");
        assert_eq!(
            reported(&text, Code::RepeatedQuestion).len(),
            super::MAX_REPORTS
        );
    }
}
