//! Node ids to node indices. The table holds only indices; the ids themselves are read from the
//! graph's nodes, so a flow of a million nodes does not keep a second copy of every id (a
//! `HashMap<String, NodeIndex>` cost about 100 bytes a node, this about 10).

use std::hash::BuildHasher;

use hashbrown::HashTable;
use petgraph::graph::{DiGraph, NodeIndex};

use super::{Edge, Node};

#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    table: HashTable<NodeIndex>,
    hasher: foldhash::fast::RandomState,
}

type Graph = DiGraph<Node, Edge>;

impl IdIndex {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            table: HashTable::with_capacity(capacity),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    pub(crate) fn get(&self, graph: &Graph, id: &str) -> Option<NodeIndex> {
        self.table
            .find(self.hash(id), |&ix| graph[ix].id == id)
            .copied()
    }

    /// Records `ix` under its node's id, which no other node has.
    pub(crate) fn insert(&mut self, graph: &Graph, ix: NodeIndex) {
        let hash = self.hash(&graph[ix].id);
        let hasher = &self.hasher;
        self.table
            .insert_unique(hash, ix, |&other| hasher.hash_one(&graph[other].id));
    }

    /// Forgets `id`, which names `ix`; call before the node leaves the graph.
    pub(crate) fn remove(&mut self, id: &str, ix: NodeIndex) {
        if let Ok(entry) = self.table.find_entry(self.hash(id), |&other| other == ix) {
            entry.remove();
        }
    }

    /// The node `from`, whose id is `id`, is now at `to` (petgraph moves the last node into the
    /// place of a removed one).
    pub(crate) fn moved(&mut self, id: &str, from: NodeIndex, to: NodeIndex) {
        if let Some(slot) = self.table.find_mut(self.hash(id), |&other| other == from) {
            *slot = to;
        }
    }
}
