//! Subgraphs while building: which are open, which node belongs to which (as Mermaid assigns
//! them), and edges that name a subgraph, resolved to its entry node and its exits.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;

use super::Builder;
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::text::display;
use crate::flow::{Edge, LayoutLink, Subgraph};
use crate::syntax::SubgraphStmt;

pub(crate) const AMBIGUOUS_SUBGRAPH_ENDPOINT: Rule = Rule::new(
    Code::AmbiguousSubgraphEndpoint,
    "an edge to or from a subgraph has no single node to stand for it",
    "\
What it checks: edges whose end is a subgraph id (`A --> checks`). An edge into a subgraph means
an edge into its entry node: the one node of the group (nested groups included) that no edge
from inside the group reaches. An edge out of a subgraph leaves from each of its exits: the
nodes of the group with no edge to another node of the group.

Why: a walk must know which node comes next. A group with several entry nodes (or none, or no
nodes at all) does not say which one an edge into it means.

Example:
    flowchart TD
        A[Start] --> checks
        subgraph checks
            q1{Based in the US?}
            q2{Needs HIPAA?}
        end
Fix: point the edge at a node (`A --> q1`), or link the group's nodes so one of them comes first.",
);

/// The subgraphs read so far and which are open.
#[derive(Default)]
pub(super) struct Subgraphs {
    /// In the order their `subgraph` lines are written: a pre-order of the nesting.
    pub(super) list: Vec<Subgraph>,
    /// The open ones, innermost last.
    pub(super) open: Vec<usize>,
    pub(super) closed: Vec<bool>,
    /// The last subgraph nested (at any depth) in each one: subgraph `s` and its descendants
    /// are the indices `s..=last_nested[s]`.
    pub(super) last_nested: Vec<usize>,
    /// Subgraphs closed so far: Mermaid numbers generated ids (`subGraph0`...) in that order.
    pub(super) closed_count: usize,
}

impl Builder {
    pub(super) fn open_subgraph(&mut self, statement: &SubgraphStmt) {
        let subgraphs = &mut self.subgraphs;
        let index = subgraphs.list.len();
        let title = statement
            .title
            .as_ref()
            .map(|t| display(&t.raw))
            .unwrap_or_default();
        subgraphs.list.push(Subgraph {
            // A generated id is given when the subgraph closes, as Mermaid numbers them.
            id: statement.effective_id().unwrap_or_default().to_owned(),
            title,
            direction: None,
            parent: subgraphs.open.last().copied(),
            span: statement.span,
            styles: Vec::new(),
            classes: Vec::new(),
        });
        subgraphs.open.push(index);
        subgraphs.closed.push(false);
        subgraphs.last_nested.push(index);
    }

    pub(super) fn close_subgraph(&mut self) {
        // The parser reports an `end` without a subgraph.
        let subgraphs = &mut self.subgraphs;
        let Some(index) = subgraphs.open.pop() else {
            return;
        };
        subgraphs.closed[index] = true;
        subgraphs.last_nested[index] = subgraphs.list.len() - 1;
        let subgraph = &mut subgraphs.list[index];
        if subgraph.id.is_empty() {
            subgraph.id = format!("subGraph{}", subgraphs.closed_count);
        }
        subgraphs.closed_count += 1;
    }

    /// Mermaid gives a node to the first subgraph to close among those that mention it: the
    /// innermost open one now, unless one already closed has it.
    pub(super) fn claim_for_subgraph(&mut self, ix: NodeIndex) {
        if let Some(&open) = self.subgraphs.open.last() {
            // Each subgraph takes at least ten bytes of text, so a file that fits in memory has
            // far fewer than 2^32 of them.
            let open = u32::try_from(open).expect("fewer than 2^32 subgraphs");
            let current = &mut self.graph[ix].subgraph;
            if current.is_none_or(|s| !self.subgraphs.closed[s as usize]) {
                *current = Some(open);
            }
        }
    }

    /// A node that only stands for a subgraph: named by an edge with the subgraph's id, given no
    /// text, and not itself inside that subgraph.
    pub(super) fn is_placeholder(&self, ix: NodeIndex, subgraph: usize) -> bool {
        let node = &self.graph[ix];
        node.text_span.is_none() && !self.in_subgraph(node.subgraph(), subgraph)
    }

    /// Whether a node whose innermost subgraph is `member` lies in `subgraph` at any depth.
    fn in_subgraph(&self, member: Option<usize>, subgraph: usize) -> bool {
        member.is_some_and(|m| (subgraph..=self.subgraphs.last_nested[subgraph]).contains(&m))
    }

    /// Edges that name a subgraph go to its entry node and leave from its exits; the node that
    /// stood for the subgraph goes. See `flowrun explain FLOW016`.
    pub(super) fn resolve_subgraph_endpoints(
        &mut self,
        subgraph_ids: &HashMap<String, usize, foldhash::fast::RandomState>,
    ) {
        if subgraph_ids.is_empty() {
            return;
        }
        let placeholders = self.placeholders(subgraph_ids);
        if placeholders.is_empty() {
            return;
        }
        let mut members = Members::new(&self.graph, &self.layout_links);
        for (ix, subgraph) in placeholders {
            self.replace_placeholder(ix, subgraph, &mut members);
        }
        members.drop_links_of_removed(&mut self.layout_links);
    }

    /// The nodes that stand for a subgraph, with the subgraph, highest index first: removing a
    /// node moves the last one into its place, and the last one is then never a placeholder
    /// still to be handled.
    fn placeholders(
        &self,
        subgraph_ids: &HashMap<String, usize, foldhash::fast::RandomState>,
    ) -> Vec<(NodeIndex, usize)> {
        let mut placeholders: Vec<(NodeIndex, usize)> = subgraph_ids
            .iter()
            .filter_map(|(id, &s)| {
                let ix = self.ids.get(&self.graph, id)?;
                self.is_placeholder(ix, s).then_some((ix, s))
            })
            .collect();
        placeholders.sort_unstable_by_key(|p| std::cmp::Reverse(p.0));
        placeholders
    }

    /// Moves the edges of placeholder `ix` to the entry and the exits of `subgraph`, then
    /// removes it.
    fn replace_placeholder(&mut self, ix: NodeIndex, subgraph: usize, members: &mut Members) {
        let (entries, exits) = self.subgraph_ends(ix, subgraph, members);
        let incoming = self.edges_at(ix, petgraph::Direction::Incoming);
        let outgoing = self.edges_at(ix, petgraph::Direction::Outgoing);
        let name = self.subgraphs.list[subgraph].id.clone();
        if let Some((_, edge)) = incoming.first()
            && entries.len() != 1
        {
            let span = edge.span;
            self.ambiguous_endpoint(&name, subgraph, span, "entry", &entries);
        }
        // Even when it is ambiguous, the first entry stands in, so that one mistake does
        // not set off a cascade of structural errors.
        if let Some(&entry) = entries.first() {
            // petgraph lists edges newest first; re-add them in the order written.
            for (from, edge) in incoming.into_iter().rev() {
                self.graph.add_edge(from, entry, edge);
            }
        }
        if let Some((_, edge)) = outgoing.first()
            && exits.is_empty()
        {
            let span = edge.span;
            self.ambiguous_endpoint(&name, subgraph, span, "exit", &exits);
        } else if let Some((_, edge)) = outgoing.first()
            && !self.edges_fit(
                ((outgoing.len() as u64).saturating_mul(exits.len() as u64))
                    .saturating_sub(outgoing.len() as u64),
                edge.span,
            )
        {
            // Over the edge limit: reported, and the edges out of the subgraph are not built.
        } else {
            for (to, edge) in outgoing.into_iter().rev() {
                for &exit in &exits {
                    self.graph.add_edge(exit, to, edge.clone());
                }
            }
        }
        self.remove_placeholder(ix, members);
    }

    /// The members of `subgraph` (placeholder `ix` aside) with no edge from another member, its
    /// entries, and those with no edge to another member, its exits.
    fn subgraph_ends(
        &self,
        ix: NodeIndex,
        subgraph: usize,
        members: &Members,
    ) -> (Vec<NodeIndex>, Vec<NodeIndex>) {
        let last_nested = self.subgraphs.last_nested[subgraph];
        let mut members = members.of(subgraph, last_nested);
        members.retain(|&n| n != ix);
        let inside = |n: NodeIndex| members.binary_search(&n).is_ok();
        let ends = |direction: petgraph::Direction| -> Vec<NodeIndex> {
            members
                .iter()
                .copied()
                .filter(|&m| !self.graph.neighbors_directed(m, direction).any(inside))
                .collect()
        };
        (
            ends(petgraph::Direction::Incoming),
            ends(petgraph::Direction::Outgoing),
        )
    }

    /// The edges into `ix` (or out of it), each with its other end, newest first as petgraph
    /// lists them.
    fn edges_at(&self, ix: NodeIndex, direction: petgraph::Direction) -> Vec<(NodeIndex, Edge)> {
        use petgraph::visit::EdgeRef;
        self.graph
            .edges_directed(ix, direction)
            .map(|e| {
                let other = match direction {
                    petgraph::Direction::Incoming => e.source(),
                    petgraph::Direction::Outgoing => e.target(),
                };
                (other, e.weight().clone())
            })
            .collect()
    }

    /// Removes placeholder `ix`; the last node moves into its place, and the id index, the
    /// member index and the layout links follow it. The placeholder's layout links (`~~~`: they
    /// carry no decision) go once every placeholder is resolved.
    fn remove_placeholder(&mut self, ix: NodeIndex, members: &mut Members) {
        let last = NodeIndex::new(self.graph.node_count() - 1);
        self.ids.remove(&self.graph[ix].id, ix);
        self.graph.remove_node(ix).expect("the node exists");
        if last != ix {
            self.ids.moved(&self.graph[ix].id, last, ix);
        }
        members.removed(ix, last, &mut self.layout_links);
    }

    fn ambiguous_endpoint(
        &mut self,
        name: &str,
        subgraph: usize,
        edge_span: crate::input::source::Span,
        end: &str,
        candidates: &[NodeIndex],
    ) {
        let listed: Vec<String> = candidates
            .iter()
            .take(5)
            .map(|&n| format!("`{}`", self.graph[n].id))
            .collect();
        let message = if candidates.is_empty() {
            format!("the edge names subgraph `{name}`, which has no {end} node")
        } else {
            format!(
                "the edge names subgraph `{name}`, which has {} {end} nodes: {}",
                candidates.len(),
                listed.join(", ")
            )
        };
        self.diagnostics.push(
            Diagnostic::new(Code::AmbiguousSubgraphEndpoint, message)
                .label(edge_span, "this edge")
                .label(self.subgraphs.list[subgraph].span, "the subgraph")
                .help(
                    "point the edge at one node of the group, or link the group's nodes so that \
                     exactly one comes first",
                )
                .in_file(&self.source),
        );
    }
}

/// Which nodes lie in which subgraph, kept as placeholders are removed: resolving a subgraph
/// then costs the size of that subgraph, not a pass over every node of the flow (which made
/// many subgraphs named by edges cost the square of their number).
struct Members {
    /// The nodes by their innermost subgraph (then by index), as first indexed.
    by_subgraph: Vec<(u32, NodeIndex)>,
    /// For each node as first indexed, where it is now (`None` once removed).
    now: Vec<Option<NodeIndex>>,
    /// For each current index, the node's first index.
    first: Vec<usize>,
    /// The layout links at each node (by first index), as positions in the builder's list.
    links: HashMap<usize, Vec<usize>>,
    /// The layout links of removed nodes, dropped at the end.
    dead_links: Vec<bool>,
}

impl Members {
    fn new(graph: &petgraph::Graph<crate::flow::Node, Edge>, layout: &[LayoutLink]) -> Members {
        let mut links: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, link) in layout.iter().enumerate() {
            links.entry(link.from.index()).or_default().push(i);
            if link.to != link.from {
                links.entry(link.to.index()).or_default().push(i);
            }
        }
        let mut by_subgraph: Vec<(u32, NodeIndex)> = graph
            .node_indices()
            .filter_map(|n| Some((graph[n].subgraph?, n)))
            .collect();
        by_subgraph.sort_unstable();
        Members {
            by_subgraph,
            now: graph.node_indices().map(Some).collect(),
            first: (0..graph.node_count()).collect(),
            links,
            dead_links: vec![false; layout.len()],
        }
    }

    /// The nodes (current indices, sorted) whose innermost subgraph is `from..=to`: a subgraph
    /// and the ones nested in it, which are numbered after it.
    fn of(&self, from: usize, to: usize) -> Vec<NodeIndex> {
        let start = self
            .by_subgraph
            .partition_point(|&(s, _)| (s as usize) < from);
        let end = self.by_subgraph.partition_point(|&(s, _)| s as usize <= to);
        let mut nodes: Vec<NodeIndex> = self.by_subgraph[start..end]
            .iter()
            .filter_map(|&(_, first)| self.now[first.index()])
            .collect();
        nodes.sort_unstable();
        nodes
    }

    /// Node `ix` was removed and the node at `last` (the old last index) moved into its place:
    /// the layout links at `ix` are to go, and those at `last` now end at `ix`.
    fn removed(&mut self, ix: NodeIndex, last: NodeIndex, layout: &mut [LayoutLink]) {
        let gone = self.first[ix.index()];
        self.now[gone] = None;
        for &link in self.links.get(&gone).into_iter().flatten() {
            self.dead_links[link] = true;
        }
        if last != ix {
            let moved = self.first[last.index()];
            self.now[moved] = Some(ix);
            self.first[ix.index()] = moved;
            for &link in self.links.get(&moved).into_iter().flatten() {
                let link = &mut layout[link];
                for end in [&mut link.from, &mut link.to] {
                    if *end == last {
                        *end = ix;
                    }
                }
            }
        }
        self.first.pop();
    }

    /// Drops the layout links of the removed nodes, keeping the others in order.
    fn drop_links_of_removed(&self, layout: &mut Vec<LayoutLink>) {
        let mut i = 0;
        layout.retain(|_| {
            i += 1;
            !self.dead_links[i - 1]
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Node;
    use crate::syntax::Shape;

    fn node(subgraph: Option<u32>) -> Node {
        Node {
            id: String::new(),
            id_span: crate::input::source::Span::default(),
            shape: Shape::Default,
            text: String::new(),
            text_span: None,
            subgraph,
            extra: None,
        }
    }

    /// The `~~~` links of a placeholder go; the others keep their order and follow the nodes
    /// that move into a removed placeholder's place.
    #[test]
    fn layout_links_follow_the_nodes_when_placeholders_go() {
        let text = "flowchart TD\n    a ~~~ s1\n    x ~~~ y\n    a --> s1\n    s2 ~~~ x\n    \
                    s1 --> s2\n    subgraph s1\n        p --> q\n    end\n    subgraph s2\n        \
                    r\n    end\n    r ~~~ z\n    y ~~~ z\n    z ~~~ a\n";
        let source = crate::input::source::SourceFile::new("t.flow", text);
        let document = crate::syntax::parse(&source).document.expect("parses");
        let (flow, diagnostics) = crate::flow::build::build(&source, document);
        assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:#?}");
        let links: Vec<(&str, &str)> = flow
            .layout_links
            .iter()
            .map(|l| (flow.node(l.from).id.as_str(), flow.node(l.to).id.as_str()))
            .collect();
        assert_eq!(links, [("x", "y"), ("r", "z"), ("y", "z"), ("z", "a")]);
        assert!(flow.graph.node_indices().all(|n| !["s1", "s2"].contains(&flow.node(n).id.as_str())));
    }

    proptest::proptest! {
        /// Whatever nodes are removed (petgraph moves the last node into the gap), the index
        /// lists what a pass over every node would.
        #[test]
        fn members_match_a_pass_over_every_node(
            subgraphs in proptest::collection::vec(proptest::option::of(0u32..6), 1..60),
            removals in proptest::collection::vec(0usize..60, 0..30),
        ) {
            let mut graph = petgraph::Graph::<Node, Edge>::new();
            for &s in &subgraphs {
                graph.add_node(node(s));
            }
            let mut members = Members::new(&graph, &[]);
            for pick in removals {
                if graph.node_count() == 0 {
                    break;
                }
                let ix = NodeIndex::new(pick % graph.node_count());
                graph.remove_node(ix);
                members.removed(ix, NodeIndex::new(graph.node_count()), &mut []);
                for from in 0..6 {
                    for to in from..6 {
                        let naive: Vec<NodeIndex> = graph
                            .node_indices()
                            .filter(|&n| graph[n].subgraph().is_some_and(|s| (from..=to).contains(&s)))
                            .collect();
                        proptest::prop_assert_eq!(members.of(from, to), naive);
                    }
                }
            }
        }
    }
}
