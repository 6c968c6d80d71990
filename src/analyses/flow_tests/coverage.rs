//! Coverage: which answers (out-edges of questions) and which verdicts the cases' walks reach.
//! One pass over each walk, one over the graph at the end: linear in their sizes.

use petgraph::graph::EdgeIndex;

use crate::checks::structure::ValidFlow;
use crate::evaluate::walk::Walk;
use crate::flow::NodeKind;
use crate::flow::text::one_line;

/// An answer no case takes: `question -> label`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerEdge {
    pub question: String,
    pub label: String,
}

impl std::fmt::Display for AnswerEdge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} -> {}", self.question, self.label)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub answers_total: usize,
    pub answers_covered: usize,
    /// In the order questions and their answers are declared.
    pub uncovered_answers: Vec<AnswerEdge>,
    pub verdicts_total: usize,
    pub verdicts_covered: usize,
    /// In the order verdicts are declared.
    pub uncovered_verdicts: Vec<String>,
}

/// A share in percent; nothing to cover counts as all covered.
#[must_use]
pub fn percent(covered: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let share = covered as f64 * 100.0 / total as f64;
        share
    }
}

impl Coverage {
    #[must_use]
    pub fn answers_percent(&self) -> f64 {
        percent(self.answers_covered, self.answers_total)
    }

    #[must_use]
    pub fn verdicts_percent(&self) -> f64 {
        percent(self.verdicts_covered, self.verdicts_total)
    }
}

/// Collects the walks of a flow's cases.
pub struct Tracker<'a> {
    flow: &'a ValidFlow,
    edges: Vec<bool>,
    nodes: Vec<bool>,
}

impl<'a> Tracker<'a> {
    #[must_use]
    pub fn new(flow: &'a ValidFlow) -> Self {
        Tracker {
            flow,
            edges: vec![false; flow.graph.edge_count()],
            nodes: vec![false; flow.graph.node_count()],
        }
    }

    /// Marks the answers a walk took and the verdict it reached.
    pub fn add(&mut self, walk: &Walk) {
        for pair in walk.path.windows(2) {
            let (from, to) = (&pair[0], &pair[1]);
            let Some(label) = &from.answer else {
                continue;
            };
            // The edge taken: from this question, to the next node, with this label.
            if let Some(edge) = self.flow.out_edges(from.node).find(|&e| {
                self.flow.graph.edge_endpoints(e).map(|(_, t)| t) == Some(to.node)
                    && self.flow.graph[e].label.as_ref() == Some(label)
            }) {
                self.edges[edge.index()] = true;
            }
        }
        if let Some(last) = walk.path.last()
            && self.flow.kind(last.node) == NodeKind::Verdict
        {
            self.nodes[last.node.index()] = true;
        }
    }

    #[must_use]
    pub fn finish(self) -> Coverage {
        let flow = self.flow;
        let mut coverage = Coverage {
            answers_total: 0,
            answers_covered: 0,
            uncovered_answers: Vec::new(),
            verdicts_total: 0,
            verdicts_covered: 0,
            uncovered_verdicts: Vec::new(),
        };
        for n in flow.graph.node_indices() {
            match flow.kind(n) {
                NodeKind::Question => {
                    let edges: Vec<EdgeIndex> = flow.out_edges(n).collect();
                    for e in edges {
                        coverage.answers_total += 1;
                        if self.edges[e.index()] {
                            coverage.answers_covered += 1;
                        } else {
                            coverage.uncovered_answers.push(AnswerEdge {
                                question: flow.node(n).id.clone(),
                                label: one_line(flow.graph[e].label.as_deref().unwrap_or("")),
                            });
                        }
                    }
                }
                NodeKind::Verdict => {
                    coverage.verdicts_total += 1;
                    if self.nodes[n.index()] {
                        coverage.verdicts_covered += 1;
                    } else {
                        coverage.uncovered_verdicts.push(flow.node(n).id.clone());
                    }
                }
                NodeKind::Step => {}
            }
        }
        coverage
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::walk::{Outcome, Step};

    fn flow() -> ValidFlow {
        let text = "flowchart TD\nstart --> q{Q?}\nq -->|Yes| r{R?}\nq -->|No| no[No]\n\
                    r -->|Yes| yes[Yes]\nr -->|No| no\n";
        crate::analyze(
            &crate::SourceFile::new("t.flow", text),
            &crate::Settings::default(),
        )
        .into_valid()
        .unwrap()
    }

    fn walk(flow: &ValidFlow, steps: &[(&str, Option<&str>)]) -> Walk {
        let path: Vec<Step> = steps
            .iter()
            .map(|(id, answer)| Step {
                node: flow.node_index(id).unwrap(),
                answer: answer.map(str::to_owned),
            })
            .collect();
        let last = path.last().unwrap().node;
        let outcome = if flow.kind(last) == NodeKind::Verdict {
            Outcome::Verdict(last)
        } else {
            Outcome::NeedsAnswer(last)
        };
        Walk { outcome, path }
    }

    #[test]
    fn nothing_walked_covers_nothing() {
        let flow = flow();
        let c = Tracker::new(&flow).finish();
        assert_eq!((c.answers_covered, c.answers_total), (0, 4));
        assert_eq!((c.verdicts_covered, c.verdicts_total), (0, 2));
        assert_eq!(c.uncovered_verdicts, ["no", "yes"]);
        assert_eq!(c.uncovered_answers[0].to_string(), "q -> Yes");
        assert!(c.answers_percent().abs() < f64::EPSILON);
    }

    #[test]
    fn walks_cover_their_answers_and_verdicts_only() {
        let flow = flow();
        let mut t = Tracker::new(&flow);
        t.add(&walk(
            &flow,
            &[("start", None), ("q", Some("No")), ("no", None)],
        ));
        // A walk that stops at a question covers the answers before it, and no verdict.
        t.add(&walk(
            &flow,
            &[("start", None), ("q", Some("Yes")), ("r", None)],
        ));
        let c = t.finish();
        assert_eq!((c.answers_covered, c.answers_total), (2, 4));
        assert_eq!(
            c.uncovered_answers
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["r -> Yes", "r -> No"]
        );
        assert_eq!(c.uncovered_verdicts, ["yes"]);
        assert!((c.answers_percent() - 50.0).abs() < 1e-9);
        assert!((c.verdicts_percent() - 50.0).abs() < 1e-9);
    }

    #[test]
    fn a_flow_without_questions_is_fully_covered() {
        assert!((percent(0, 0) - 100.0).abs() < f64::EPSILON);
    }
}
