//! The decision graph every later step reads: nodes, edges, their meaning and their spans.

test_hook_mod!(build);
mod ids;
pub(crate) mod successors;
pub(crate) mod text;

use std::sync::Arc;

use petgraph::Direction as EdgeDirection;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use crate::input::source::{SourceFile, Span};
pub use crate::syntax::{Direction, Head, Shape, Stroke};
pub(crate) use build::Builder;
#[cfg(test)]
pub(crate) use build::build;

/// What a node means for a walk (see the README's "The flow language").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// Drawn as a rhombus `id{text}`; its outgoing edges are its answers.
    Question,
    /// A leaf that is not a question: where a walk ends.
    Verdict,
    /// Any other node: it passes on through its one outgoing edge.
    Step,
}

/// A style property such as `fill:#f9f`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StyleProp {
    /// The property, trimmed: `fill`.
    pub name: String,
    /// What follows the first `:`, trimmed, with `\,` read as a comma: `#f9f`.
    pub value: String,
}

/// A node of the flow: one per id, declared where the id is first mentioned, whatever the
/// number of mentions. Its [`NodeKind`] (question, step or verdict) is [`Flow::kind`].
#[derive(Clone, Debug)]
pub struct Node {
    /// The id as written: `q1` in `q1{Eligible?}`.
    pub id: String,
    /// Where the id is first written.
    pub id_span: Span,
    /// From the first mention that gives brackets or `@{ shape: ... }`;
    /// [`Shape::Default`] for a node only ever mentioned by its id.
    pub shape: Shape,
    /// The text for display: line breaks as `\n`, entities decoded, lines trimmed.
    pub text: String,
    /// Where the text is given, if it is (a bare id shows the id).
    pub text_span: Option<Span>,
    /// The innermost subgraph the node belongs to (an index into `Flow::subgraphs`); `u32`
    /// keeps a node small, since a flow may have millions.
    pub subgraph: Option<u32>,
    /// What few nodes have: kept apart so that every node of a large flow stays small.
    extra: Option<Box<NodeExtra>>,
}

/// A node's styles, classes and click.
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeExtra {
    pub(crate) styles: Vec<StyleProp>,
    pub(crate) classes: Vec<String>,
    pub(crate) click: Option<Click>,
}

/// What a `click` line attaches to a node. It has no part in decisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Click {
    /// The URL of `click A "url"`, or `None` for a callback.
    pub url: Option<String>,
    /// The callback's name for `click A name` or `click A call name(args)`.
    pub callback: Option<String>,
    /// The quoted tooltip after the URL or callback, quotes removed.
    pub tooltip: Option<String>,
    /// `_blank`, `_self`, `_parent` or `_top`.
    pub window: Option<String>,
}

/// A `subgraph` ... `end` group: drawn as a cluster, no part in decisions except as an edge
/// endpoint, where it stands for its entry node (see `flowrun explain FLOW016`).
#[derive(Clone, Debug)]
pub struct Subgraph {
    /// The explicit id, the title when it has no whitespace, else `subGraphN` as Mermaid does.
    pub id: String,
    /// The title for display (the id when none is given).
    pub title: String,
    /// From a `direction LR` line inside it; `None` when it has none (Mermaid then lays it out
    /// in the flow's direction).
    pub direction: Option<Direction>,
    /// The subgraph it is nested in.
    pub parent: Option<usize>,
    /// The `subgraph` line.
    pub span: Span,
    /// From `style` lines naming the subgraph's id, in order.
    pub styles: Vec<StyleProp>,
    /// From `class` lines naming the subgraph's id, in order.
    pub classes: Vec<String>,
}

impl Node {
    /// From `style` lines, in order.
    #[must_use]
    pub fn styles(&self) -> &[StyleProp] {
        self.extra.as_ref().map_or(&[], |x| &x.styles)
    }

    /// From `class` lines and `:::`, in order.
    #[must_use]
    pub fn classes(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |x| &x.classes)
    }

    /// From a `click` line: kept for rendering only.
    #[must_use]
    pub fn click(&self) -> Option<&Click> {
        self.extra.as_ref().and_then(|x| x.click.as_ref())
    }

    pub(crate) fn extra_mut(&mut self) -> &mut NodeExtra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// The innermost subgraph the node belongs to, as an index into `Flow::subgraphs`.
    #[must_use]
    pub fn subgraph(&self) -> Option<usize> {
        self.subgraph.map(|s| s as usize)
    }

    /// Whether it is drawn as a rhombus (`id{text}` or `@{ shape: diamond }`): a question, whose
    /// outgoing edges are its answers.
    #[must_use]
    pub fn is_question(&self) -> bool {
        self.shape == Shape::Diamond
    }

    /// The span to underline when talking about this node.
    #[must_use]
    pub fn span(&self) -> Span {
        self.text_span.map_or(self.id_span, |t| self.id_span.to(t))
    }
}

/// A link between two nodes, as the graph's edge weight: from a question, one of its answers
/// (the label); from a step, the way on. `~~~` links are kept apart, as [`LayoutLink`]s.
/// `A & B --> C` gives two edges, one per pair of nodes.
#[derive(Clone, Debug)]
pub struct Edge {
    /// The label for display (normalised like node text).
    pub label: Option<String>,
    /// Where the label is written: `Yes` in `-->|Yes|` or in `-- Yes -->`.
    pub label_span: Option<Span>,
    /// The operator and its label.
    pub span: Span,
    /// Position among all links in definition order: what `linkStyle N` counts.
    pub order: usize,
    /// The line: `-->` normal, `==>` thick, `-.->` dotted (`~~~` invisible, in a
    /// [`LayoutLink`]).
    pub stroke: Stroke,
    /// The end at the source node: an arrow for `<-->`, a circle for `o--o`...
    pub tail: Head,
    /// The end at the target node: an arrow for `-->`, none for `---`...
    pub head: Head,
    /// Mermaid's minimum rank span: 1 for `-->`, 2 for `--->`...
    pub length: u8,
    /// What few edges have: kept apart so that every edge of a large flow stays small.
    extra: Option<Box<EdgeExtra>>,
}

/// An edge's id, classes and styles.
#[derive(Clone, Debug, Default)]
pub(crate) struct EdgeExtra {
    pub(crate) id: Option<String>,
    pub(crate) classes: Vec<String>,
    pub(crate) styles: Vec<StyleProp>,
}

impl Edge {
    /// `e1` in `A e1@--> B`; an id names one edge only.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|x| x.id.as_deref())
    }

    /// From `class` lines naming the edge's id.
    #[must_use]
    pub fn classes(&self) -> &[String] {
        self.extra.as_ref().map_or(&[], |x| &x.classes)
    }

    /// From `linkStyle` lines.
    #[must_use]
    pub fn styles(&self) -> &[StyleProp] {
        self.extra.as_ref().map_or(&[], |x| &x.styles)
    }

    pub(crate) fn extra_mut(&mut self) -> &mut EdgeExtra {
        self.extra.get_or_insert_with(Box::default)
    }
}

/// A `~~~` link: it only moves nodes in a picture and takes no part in decisions.
#[derive(Clone, Debug)]
pub struct LayoutLink {
    /// The node on the left of `~~~`.
    pub from: NodeIndex,
    /// The node on the right of `~~~`.
    pub to: NodeIndex,
    /// The link as written, with its number among all links (`linkStyle` counts it).
    pub edge: Edge,
}

/// A class defined by `classDef name styles`; `classDef a,b ...` defines two.
#[derive(Clone, Debug)]
pub struct ClassDef {
    /// The class name, as `class` lines and `:::name` use it.
    pub name: String,
    /// Where the name is written in its `classDef` line.
    pub name_span: Span,
    /// The properties of the `classDef` line: `fill:#9f9` in `classDef done fill:#9f9`.
    pub styles: Vec<StyleProp>,
}

/// A flow built from its text: the graph of nodes and of the edges that decide, with everything
/// else the text says (styles, classes, subgraphs, titles) kept for drawing and writing it
/// back. It may still break the structural rules; a [`ValidFlow`](crate::ValidFlow) is one
/// that does not, and it derefs to its `Flow`.
#[derive(Debug)]
pub struct Flow {
    /// The text it was built from; every span of the flow points into it.
    pub source: Arc<SourceFile>,
    /// The header's direction (`LR` in `flowchart LR`); top-down when the header has none.
    pub direction: Direction,
    /// The header line, from the keyword to the direction.
    pub header_span: Span,
    /// The front matter's `title:`, else the `accTitle:`.
    pub title: Option<String>,
    /// The `accDescr` text, trimmed.
    pub description: Option<String>,
    /// The nodes and the edges that take part in decisions ([`Flow::out_edges`] lists a node's
    /// edges in the order written, which petgraph does not).
    pub graph: DiGraph<Node, Edge>,
    /// The `~~~` links, in the order written.
    pub layout_links: Vec<LayoutLink>,
    /// Every `classDef`, in the order written.
    pub class_defs: Vec<ClassDef>,
    /// In the order their `subgraph` lines are written; `parent` gives the nesting.
    pub subgraphs: Vec<Subgraph>,
    ids: ids::IdIndex,
}

impl Flow {
    /// The node with this id, if the flow has one.
    #[must_use]
    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.ids.get(&self.graph, id)
    }

    /// The node at `ix`, which must be an index of this flow's graph (it panics otherwise).
    #[must_use]
    pub fn node(&self, ix: NodeIndex) -> &Node {
        &self.graph[ix]
    }

    /// What the node means for a walk: a question if drawn as a rhombus, else a verdict if no
    /// edge leaves it, else a step.
    #[must_use]
    pub fn kind(&self, ix: NodeIndex) -> NodeKind {
        if self.graph[ix].is_question() {
            NodeKind::Question
        } else if self
            .graph
            .neighbors_directed(ix, EdgeDirection::Outgoing)
            .next()
            .is_none()
        {
            NodeKind::Verdict
        } else {
            NodeKind::Step
        }
    }

    /// Outgoing edges in the order they were written.
    pub fn out_edges(&self, ix: NodeIndex) -> impl Iterator<Item = EdgeIndex> + '_ {
        // petgraph lists a node's edges newest first; definition order is what authors read.
        let mut edges: Vec<EdgeIndex> = self
            .graph
            .edges_directed(ix, EdgeDirection::Outgoing)
            .map(|e| petgraph::visit::EdgeRef::id(&e))
            .collect();
        edges.reverse();
        edges.into_iter()
    }

    /// Nodes with no incoming edge, in the order they were declared.
    #[must_use]
    pub fn starts(&self) -> Vec<NodeIndex> {
        self.graph
            .node_indices()
            .filter(|&ix| {
                self.graph
                    .neighbors_directed(ix, EdgeDirection::Incoming)
                    .next()
                    .is_none()
            })
            .collect()
    }

    /// The first `classDef` of this name, if any.
    #[must_use]
    pub fn class_def(&self, name: &str) -> Option<&ClassDef> {
        self.class_defs.iter().find(|c| c.name == name)
    }

    /// All ids, for "did you mean" suggestions.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.graph.node_weights().map(|n| n.id.as_str())
    }
}
