//! The route a walk took, to highlight in a picture: the nodes and edges followed, and the
//! question the walk stopped at when it needs an answer (marked apart from the route).

use std::collections::HashSet;
use std::fmt::Write as _;

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::evaluate::walk::{Outcome, Walk};
use crate::evaluate::why;
use crate::flow::Flow;

/// The colour of the route's nodes and edges.
pub const ROUTE_COLOR: &str = "#1f6feb";
/// The colour of the unanswered question a walk stopped at.
pub const PENDING_COLOR: &str = "#d97706";

/// The nodes and edges of a walk's route, and the question it stopped at, if any: what the
/// renderers colour. [`Route::default`] is no route (nothing highlighted).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    nodes: HashSet<NodeIndex>,
    edges: HashSet<EdgeIndex>,
    pending: Option<NodeIndex>,
}

/// How a node or edge is drawn when a route is highlighted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A node walked through, or the verdict reached.
    OnRoute,
    /// The question the walk needs an answer to.
    Pending,
}

impl Route {
    /// The route of a walk: every node on its path (the unanswered question as pending) and the
    /// edge followed out of each.
    #[must_use]
    pub fn of_walk(flow: &Flow, walk: &Walk) -> Self {
        let mut route = Route::default();
        for hop in why::hops(flow, walk) {
            route.nodes.insert(hop.node);
            route.edges.extend(hop.edge);
        }
        if let Outcome::NeedsAnswer(q) = walk.outcome {
            route.nodes.remove(&q);
            route.pending = Some(q);
        }
        route
    }

    /// How the node is marked; `None` when it is off the route.
    #[must_use]
    pub fn node(&self, ix: NodeIndex) -> Option<Mark> {
        if self.pending == Some(ix) {
            Some(Mark::Pending)
        } else {
            self.nodes.contains(&ix).then_some(Mark::OnRoute)
        }
    }

    /// Whether the walk followed this edge.
    #[must_use]
    pub fn has_edge(&self, edge: EdgeIndex) -> bool {
        self.edges.contains(&edge)
    }

    /// Mermaid `style` and `linkStyle` lines that colour the route, to append to the flow's text.
    /// Links are counted as Mermaid counts them (`Edge::order`, `~~~` links included). Only
    /// stroke properties are set, so the flow's own fills stay.
    #[must_use]
    pub fn mermaid_styles(&self, flow: &Flow) -> String {
        let mut out = String::from("\n    %% The route taken with the given answers\n");
        // In the order of the graph, so the output does not depend on hashing.
        for ix in flow.graph.node_indices() {
            let props = match self.node(ix) {
                Some(Mark::OnRoute) => format!("stroke:{ROUTE_COLOR},stroke-width:4px"),
                Some(Mark::Pending) => {
                    format!("stroke:{PENDING_COLOR},stroke-width:4px,stroke-dasharray:6 4")
                }
                None => continue,
            };
            let _ = writeln!(out, "    style {} {props}", flow.graph[ix].id);
        }
        let mut orders: Vec<usize> = self.edges.iter().map(|&e| flow.graph[e].order).collect();
        orders.sort_unstable();
        if !orders.is_empty() {
            let list: Vec<String> = orders.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                out,
                "    linkStyle {} stroke:{ROUTE_COLOR},stroke-width:4px",
                list.join(",")
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::answers::{self, Format};
    use crate::{SourceFile, ValidFlow, analyze, evaluate::walk};

    const FLOW: &str = "flowchart TD
  a{A?} -->|x| b{B?}
  a -->|y| w[W]
  a ~~~ w
  b -->|x| v[V]
  b -->|y| w
";

    fn walked(json: &str) -> (ValidFlow, Walk) {
        let flow = analyze(
            &SourceFile::new("t.flow", FLOW),
            &crate::Settings::default(),
        )
        .into_valid()
        .expect("valid");
        let source = SourceFile::new("a.json", json.to_owned());
        let answers = answers::parse(&source, Format::Json).expect("parses");
        let (resolved, _) = walk::resolve(&flow, &answers).expect("resolves");
        let walk = walk::walk(&flow, &resolved);
        (flow, walk)
    }

    #[test]
    fn a_verdict_route_marks_its_nodes_and_edges() {
        let (flow, walk) = walked(r#"{"a": "x", "b": "y"}"#);
        let route = Route::of_walk(&flow, &walk);
        let id = |s| flow.node_index(s).expect("node");
        assert_eq!(route.node(id("a")), Some(Mark::OnRoute));
        assert_eq!(route.node(id("w")), Some(Mark::OnRoute));
        assert_eq!(route.node(id("v")), None);
        // The `~~~` link counts in Mermaid's numbering: b -->|y| w is link 4.
        let styles = route.mermaid_styles(&flow);
        assert!(
            styles.ends_with("    linkStyle 0,4 stroke:#1f6feb,stroke-width:4px\n"),
            "{styles}"
        );
        assert!(
            styles.contains("    style b stroke:#1f6feb,stroke-width:4px\n"),
            "{styles}"
        );
        assert!(!styles.contains("style v "), "{styles}");
    }

    #[test]
    fn a_needs_answer_route_marks_the_question_apart() {
        let (flow, walk) = walked(r#"{"a": "x"}"#);
        let route = Route::of_walk(&flow, &walk);
        let id = |s| flow.node_index(s).expect("node");
        assert_eq!(route.node(id("a")), Some(Mark::OnRoute));
        assert_eq!(route.node(id("b")), Some(Mark::Pending));
        let styles = route.mermaid_styles(&flow);
        assert!(styles.contains("style b stroke:#d97706"), "{styles}");
        assert!(
            styles.ends_with("    linkStyle 0 stroke:#1f6feb,stroke-width:4px\n"),
            "{styles}"
        );
    }
}
