//! Every node's successors in two flat arrays (compressed sparse rows), for the walks that visit
//! the whole graph. petgraph keeps a node's edges as a linked list through the edge records, so
//! a walk reads a whole `Edge` (about 100 bytes, label and spans included) for each edge it
//! follows; here it reads 4 bytes. On a flow of a million nodes the edge records are far larger
//! than the cache, and that difference is most of the cost of a walk.

use petgraph::graph::{DiGraph, NodeIndex};

use super::{Edge, Node};

pub(crate) struct Successors {
    /// `targets[starts[n]..starts[n + 1]]` are the successors of node `n`.
    starts: Vec<u32>,
    targets: Vec<u32>,
}

impl Successors {
    /// Each node's successors in petgraph's own order (the edge added last first), as long as
    /// no node was ever removed from the graph.
    pub(crate) fn new(graph: &DiGraph<Node, Edge>) -> Self {
        let n = graph.node_count();
        let edges = graph.raw_edges();
        let mut starts = vec![0u32; n + 1];
        for edge in edges {
            starts[edge.source().index()] += 1;
        }
        // Running totals: each node's entry is where its range ends, until the edges are placed
        // from the end of their range backwards, which leaves it where the range starts.
        let mut total = 0;
        for start in &mut starts[..n] {
            total += *start;
            *start = total;
        }
        starts[n] = total;
        let mut targets = vec![0u32; edges.len()];
        for edge in edges {
            let slot = &mut starts[edge.source().index()];
            *slot -= 1;
            targets[*slot as usize] = index_u32(edge.target());
        }
        Self { starts, targets }
    }

    pub(crate) fn of(&self, node: usize) -> &[u32] {
        &self.targets[self.starts[node] as usize..self.starts[node + 1] as usize]
    }

    pub(crate) fn node_count(&self) -> usize {
        self.starts.len() - 1
    }

    /// The topological order `petgraph::algo::toposort` gives (the reverse of the order in which
    /// a depth-first search from each node in turn finishes the nodes), or `None` when the graph
    /// has a cycle. Only for a graph no node was removed from, where the successors come in
    /// petgraph's order.
    pub(crate) fn toposort(&self) -> Option<Vec<NodeIndex>> {
        let n = self.node_count();
        let mut discovered = vec![false; n];
        let mut finished = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        let mut order = Vec::with_capacity(n);
        for root in 0..n {
            if discovered[root] {
                continue;
            }
            stack.push(u32::try_from(root).expect("petgraph indices are u32"));
            while let Some(&top) = stack.last() {
                let node = top as usize;
                if discovered[node] {
                    stack.pop();
                    if !finished[node] {
                        finished[node] = true;
                        order.push(NodeIndex::new(node));
                    }
                    continue;
                }
                discovered[node] = true;
                for &next in self.of(node) {
                    if next == top {
                        return None; // a self-loop
                    }
                    if !discovered[next as usize] {
                        stack.push(next);
                    }
                }
            }
        }
        order.reverse();
        // Acyclic exactly when every edge goes forward in that order.
        let mut position = vec![0u32; n];
        for (at, ix) in order.iter().enumerate() {
            position[ix.index()] = u32::try_from(at).expect("petgraph indices are u32");
        }
        let forward = (0..n).all(|node| {
            self.of(node)
                .iter()
                .all(|&next| position[next as usize] > position[node])
        });
        forward.then_some(order)
    }
}

fn index_u32(ix: NodeIndex) -> u32 {
    u32::try_from(ix.index()).expect("petgraph indices are u32")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SourceFile;

    fn flow(text: &str) -> crate::Flow {
        let source = SourceFile::new("t.flow", text);
        let parsed = crate::syntax::parse(&source);
        crate::flow::build(&source, parsed.document.expect("parses")).0
    }

    #[test]
    fn successors_come_in_petgraphs_order() {
        let flow = flow("flowchart TD\na --> b & c\nb --> d\nc --> d\na --> d\nd --> e\n");
        let successors = Successors::new(&flow.graph);
        for ix in flow.graph.node_indices() {
            let ours: Vec<u32> = successors.of(ix.index()).to_vec();
            let theirs: Vec<u32> = flow.graph.neighbors(ix).map(index_u32).collect();
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn random_graphs_sort_as_petgraph_sorts_them() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |below: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % below
        };
        for case in 0..300 {
            let nodes = 2 + next(30);
            let mut text = String::from("flowchart TD\n");
            for i in 0..nodes {
                text.push_str(&format!("n{i}\n"));
            }
            for _ in 0..next(3 * nodes) {
                let (a, b) = (next(nodes), next(nodes));
                // Mostly forward edges; every third case may close a cycle.
                let (from, to) = if case % 3 == 0 {
                    (a, b)
                } else {
                    (a.min(b), a.max(b))
                };
                if from != to || case % 3 == 0 {
                    text.push_str(&format!("n{from} --> n{to}\n"));
                }
            }
            let flow = flow(&text);
            let ours = Successors::new(&flow.graph).toposort();
            let theirs = petgraph::algo::toposort(&flow.graph, None).ok();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn the_order_is_petgraphs_and_cycles_give_none() {
        for text in [
            "flowchart TD\na --> b & c\nb --> d\nc --> d\na --> d\nd --> e\nx --> c\n",
            "flowchart TD\nq{Q} -->|1| a\nq -->|2| b\nb --> a\nz --> q\n",
            "flowchart TD\na\nb\nc --> a\n",
        ] {
            let flow = flow(text);
            let ours = Successors::new(&flow.graph).toposort();
            let theirs = petgraph::algo::toposort(&flow.graph, None).ok();
            assert_eq!(ours, theirs, "{text}");
            assert!(ours.is_some());
        }
        for text in [
            "flowchart TD\na --> b --> c --> a\n",
            "flowchart TD\na --> a\n",
            "flowchart TD\ns --> a --> b --> a\n",
        ] {
            let flow = flow(text);
            assert_eq!(Successors::new(&flow.graph).toposort(), None, "{text}");
        }
    }
}
