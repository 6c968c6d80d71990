//! Syntax tree to `Flow`: declares nodes on first mention, expands chains and `&` into edges,
//! and attaches styles. Problems that need the whole file (a `style` naming an unknown node)
//! are checked once every statement has been read.

#![cfg_attr(not(feature = "test-hooks"), allow(unreachable_pub))]

use std::collections::HashMap;
use std::sync::Arc;

use petgraph::graph::{DiGraph, NodeIndex};

pub(crate) mod subgraphs;

use subgraphs::Subgraphs;

use super::text::{display, display_owned};
use super::{ClassDef, Click, Edge, Flow, LayoutLink, Node, StyleProp};
use crate::checks::limits::Limit;
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::input::source::SourceFile;
use crate::syntax::{
    Chain, ClassStmt, ClickAction, ClickStmt, Direction, Header, LinkIndex,
    LinkStyleStmt, NodeRef, Shape, Spanned, Statement, Stroke, StyleStmt,
};

pub(crate) const CONFLICTING_TEXT: Rule = Rule::new(
    Code::ConflictingText,
    "one node id is given two different texts or shapes",
    "\
What it checks: that every mention of a node that gives it a shape and text gives the same ones.

Why: Mermaid silently keeps the last text, so two different nodes that were meant to be distinct
but share an id get merged into one, and the flow asks something other than what was written.

Example:
    flowchart TD
        q{Based in the US?} -->|Yes| ok[Eligible]
        q{Based in Canada?} -->|No| no[Not eligible]
Fix: give the second question its own id, or mention it by id only (`q -->|No| no`).",
);

pub(crate) const UNKNOWN_STYLE_TARGET: Rule = Rule::new(
    Code::UnknownStyleTarget,
    "`style` or `class` names a node that no edge or node statement declares",
    "\
What it checks: that `style ID ...` and `class ID,... NAME` name nodes that exist in the flow.

Why: Mermaid creates a new, unconnected node for an unknown id in `style`, so a typo both loses
the styling and adds a stray box to the picture. flowrun keeps the styling out of the graph and
warns instead.

Example:
    flowchart TD
        A{Ready?} -->|Yes| done[Done]
        A -->|No| wait[Wait]
        style dnoe fill:#9f9
Fix: correct the id: `style done fill:#9f9`.",
);

pub(crate) const LINK_STYLE_OUT_OF_RANGE: Rule = Rule::new(
    Code::LinkStyleOutOfRange,
    "`linkStyle N` numbers a link the flow does not have",
    "\
What it checks: that every number in a `linkStyle` statement is below the number of links.
Links are numbered from 0 in the order they are written; `A & B --> C` writes two. A number too
large to count (past 18446744073709551615) is out of range too: it is kept as written, never
read as `default`.

Why: Mermaid refuses to render a chart whose `linkStyle` index is out of range.

Example:
    flowchart TD
        A --> B
        linkStyle 1 stroke:red
Fix: `linkStyle 0 stroke:red`.",
);

/// Builds a flow statement by statement, so the syntax tree of a large file need not be kept.
pub struct Builder {
    source: Arc<SourceFile>,
    graph: DiGraph<Node, Edge>,
    ids: super::ids::IdIndex,
    /// Edge ids, to the edge's definition order.
    edge_ids: HashMap<String, usize, foldhash::fast::RandomState>,
    layout_links: Vec<LayoutLink>,
    class_defs: Vec<ClassDef>,
    link_count: usize,
    title: Option<String>,
    description: Option<String>,
    // Styling may name nodes declared further down, so it is applied in `finish`.
    styles: Vec<StyleStmt>,
    classes: Vec<ClassStmt>,
    /// With the number of links written before each: Mermaid checks the range right there.
    link_styles: Vec<(LinkStyleStmt, usize)>,
    clicks: Vec<ClickStmt>,
    subgraphs: Subgraphs,
    /// The edge limit (`FLOWRUN_MAX_EDGES`): no statement builds past it, whoever calls.
    max_edges: u64,
    /// Whether an edge was refused for the limit: no more are built then.
    edges_refused: bool,
    diagnostics: Vec<Diagnostic>,
}

/// Builds the graph of a parsed document, with the problems found while building it.
#[must_use]
#[cfg(any(test, feature = "test-hooks"))]
pub fn build(source: &Arc<SourceFile>, document: crate::syntax::Document) -> (Flow, Vec<Diagnostic>) {
    let mut builder = Builder::new(source);
    for statement in document.statements {
        builder.add(statement);
    }
    builder.finish(&document.header, document.title)
}

impl Builder {
    #[must_use]
    pub fn new(source: &Arc<SourceFile>) -> Self {
        // A node or an edge takes a line or part of one: sizing the id table for the lines up
        // front spares a large flow rehashing every id as the table grows (each rehash reads
        // every node's id again). Reserved space that is never written is never touched, so
        // it costs no memory beyond the table's byte of control data a line.
        let lines = memchr_count(b'\n', source.text.as_bytes());
        Self {
            source: Arc::clone(source),
            graph: DiGraph::with_capacity(lines, lines),
            ids: super::ids::IdIndex::with_capacity(lines),
            edge_ids: HashMap::default(),
            layout_links: Vec::new(),
            class_defs: Vec::new(),
            link_count: 0,
            title: None,
            description: None,
            styles: Vec::new(),
            classes: Vec::new(),
            link_styles: Vec::new(),
            clicks: Vec::new(),
            subgraphs: Subgraphs::default(),
            max_edges: Limit::Edges.default_value(),
            edges_refused: false,
            diagnostics: Vec::new(),
        }
    }

    /// Builds at most `max` edges (the default limit unless set): a statement whose `&`
    /// products would go over it, or edges from a subgraph to each of its exits that would,
    /// are not built and reported as FLOW707. [`crate::analyze`] checks statements against the
    /// limit before they get here; this keeps any other caller bounded as well.
    pub fn limit_edges(&mut self, max: u64) {
        self.max_edges = max;
    }

    /// Whether `more` edges still fit under the edge limit; reports the first refusal at `span`.
    fn edges_fit(&mut self, more: u64, span: crate::input::source::Span) -> bool {
        if self.edges_refused {
            return false;
        }
        let now = (self.graph.edge_count() + self.layout_links.len()) as u64;
        if now.saturating_add(more) <= self.max_edges {
            return true;
        }
        self.edges_refused = true;
        self.diagnostics.push(
            Diagnostic::new(
                Code::TooManyEdges,
                format!(
                    "the flow has more than {} edges, the limit ({}): this link would make {more} more",
                    self.max_edges,
                    Limit::Edges.variable()
                ),
            )
            .label(
                // The first character: a labelled link may be long.
                crate::input::source::Span::new(
                    span.start,
                    self.source.text[span.start..]
                        .chars()
                        .next()
                        .map_or(span.start, |c| span.start + c.len_utf8()),
                ),
                "this link makes one edge too many",
            )
            .help(Limit::Edges.how_to_raise())
            .in_file(&self.source),
        );
        false
    }

    /// How many nodes are declared so far (for the node limit).
    #[must_use]
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Adds one statement, in the order they are written.
    pub fn add(&mut self, statement: Statement) {
        match statement {
            Statement::Chain(chain) => self.add_chain(chain),
            Statement::Style(s) => self.styles.push(s),
            Statement::ClassDef(c) => {
                let props = style_props(&c.styles.value);
                for name in c.names {
                    self.class_defs.push(ClassDef {
                        name: name.value,
                        name_span: name.span,
                        styles: props.clone(),
                    });
                }
            }
            Statement::Class(c) => self.classes.push(c),
            Statement::LinkStyle(l) => self.link_styles.push((l, self.link_count)),
            Statement::AccTitle(t) => self.title = Some(t.value),
            Statement::AccDescr(d) => self.description = Some(d.text),
            Statement::Subgraph(s) => self.open_subgraph(&s),
            Statement::End(_) => self.close_subgraph(),
            Statement::Direction(d) => {
                // Outside a subgraph Mermaid ignores it; a swallowed line gives nothing else.
                if let Some(&open) = self.subgraphs.open.last() {
                    self.subgraphs.list[open].direction = Some(d.direction);
                }
            }
            Statement::Click(c) => self.clicks.push(c),
            Statement::Comment(_) => {}
        }
    }

    fn add_chain(&mut self, chain: Chain) {
        // `e1@{ animate: true }` alone on a line is data for the edge `e1`: rendering only.
        if let ([group], []) = (chain.groups.as_slice(), chain.links.as_slice())
            && let [node] = group.as_slice()
            && node.data.is_some()
            && node.shape.is_none()
            && self.edge_ids.contains_key(&node.id.value)
        {
            return;
        }
        let mut previous: Vec<NodeIndex> = Vec::new();
        let mut current: Vec<NodeIndex> = Vec::new();
        let mut links = chain.links.into_iter();
        for (i, group) in chain.groups.into_iter().enumerate() {
            current.clear();
            for node in group {
                current.push(self.declare(node));
            }
            if i > 0 {
                let link = links
                    .next()
                    .expect("a link joins each group to the one before");
                let label = link
                    .label
                    .as_ref()
                    .map(|t| (display(&t.raw), t.span))
                    .filter(|(text, _)| !text.is_empty());
                let pairs = previous.len().saturating_mul(current.len());
                if !self.edges_fit(pairs as u64, link.span) {
                    std::mem::swap(&mut previous, &mut current);
                    continue;
                }
                let mut label = Some(label);
                // An edge id names the first edge of `A & B --> C & D` only, as in Mermaid.
                let mut n = 0;
                for &from in &previous {
                    for &to in &current {
                        n += 1;
                        // The last pair takes the label; the others a copy.
                        let this = if n == pairs {
                            label.take().flatten()
                        } else {
                            label.clone().flatten()
                        };
                        self.add_link(from, to, &link, this, n == 1);
                    }
                }
            }
            std::mem::swap(&mut previous, &mut current);
        }
    }

    /// Applies the styling and returns the flow with the problems found while building it.
    #[must_use]
    /// `front_title` is the front matter's title, shown in preference to `accTitle`.
    pub fn finish(
        mut self,
        header: &Header,
        front_title: Option<String>,
    ) -> (Flow, Vec<Diagnostic>) {
        let subgraph_ids: HashMap<String, usize, foldhash::fast::RandomState> = self
            .subgraphs
            .list
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        for style in std::mem::take(&mut self.styles) {
            let props = style_props(&style.styles.value);
            match self.target(&style.target, "style", &subgraph_ids) {
                Target::Node(ix) => self.graph[ix].extra_mut().styles.extend(props),
                Target::Subgraph(i) => self.subgraphs.list[i].styles.extend(props),
                Target::Edge(_) | Target::Unknown => {}
            }
        }
        // `class` may name nodes, edge ids or subgraphs.
        let mut edge_classes: Vec<Option<Vec<String>>> = Vec::new();
        for class in std::mem::take(&mut self.classes) {
            for target in &class.targets {
                let name = class.class.value.clone();
                match self.target(target, "class", &subgraph_ids) {
                    Target::Node(ix) => self.graph[ix].extra_mut().classes.push(name),
                    Target::Subgraph(i) => self.subgraphs.list[i].classes.push(name),
                    Target::Edge(order) => {
                        edge_classes.resize(self.link_count, None);
                        edge_classes[order].get_or_insert_with(Vec::new).push(name);
                    }
                    Target::Unknown => {}
                }
            }
        }
        if !edge_classes.is_empty() {
            let edges = self
                .graph
                .edge_weights_mut()
                .chain(self.layout_links.iter_mut().map(|l| &mut l.edge));
            for edge in edges {
                if let Some(classes) = edge_classes[edge.order].take() {
                    edge.extra_mut().classes = classes;
                }
            }
        }
        for click in std::mem::take(&mut self.clicks) {
            if let Target::Node(ix) = self.target(&click.target, "click", &subgraph_ids) {
                self.graph[ix].extra_mut().click = Some(click_of(&click));
            }
        }
        self.resolve_subgraph_endpoints(&subgraph_ids);
        let link_styles = std::mem::take(&mut self.link_styles);
        self.apply_link_styles(&link_styles);
        let flow = Flow {
            source: self.source,
            direction: header.direction.unwrap_or(Direction::TopDown),
            header_span: header.span,
            title: front_title.or(self.title),
            description: self.description,
            graph: self.graph,
            layout_links: self.layout_links,
            class_defs: self.class_defs,
            subgraphs: self.subgraphs.list,
            ids: self.ids,
        };
        (flow, self.diagnostics)
    }

    /// Declares a node on its first mention; later mentions may repeat its text but not change it.
    fn declare(&mut self, mut node: NodeRef) -> NodeIndex {
        let existing = self.ids.get(&self.graph, &node.id.value);
        let given = self.given_text(&mut node, existing);
        let ix = if let Some(ix) = existing {
            if let Some((shape, text, span)) = given {
                let existing = &mut self.graph[ix];
                match existing.text_span {
                    None => {
                        existing.shape = shape;
                        existing.text = text;
                        existing.text_span = Some(span);
                    }
                    Some(first) if existing.shape != shape || existing.text != text => {
                        let id = existing.id.clone();
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::ConflictingText,
                                format!("node `{id}` is given two different texts or shapes"),
                            )
                            .label(span, "given again here")
                            .label(first, "first given here")
                            .help(format!(
                                "give one of them its own id, or mention the node as plain `{id}` \
                                 after its first appearance"
                            ))
                            .in_file(&self.source),
                        );
                    }
                    Some(_) => {}
                }
            }
            ix
        } else {
            let (shape, display_text, text_span) = match given {
                Some((shape, text, span)) => (shape, text, Some(span)),
                None => (Shape::Default, node.id.value.clone(), None),
            };
            let ix = self.graph.add_node(Node {
                id: std::mem::take(&mut node.id.value),
                id_span: node.id.span,
                shape,
                text: display_text,
                text_span,
                subgraph: None,
                extra: None,
            });
            self.ids.insert(&self.graph, ix);
            ix
        };
        if let Some(class) = node.class {
            self.graph[ix].extra_mut().classes.push(class.value);
        }
        self.claim_for_subgraph(ix);
        ix
    }

    /// The shape, display text and span a mention gives a node, from its brackets and its
    /// `@{ shape, label }` data; `None` when it gives neither.
    fn given_text(
        &self,
        node: &mut NodeRef,
        existing: Option<NodeIndex>,
    ) -> Option<(Shape, String, crate::input::source::Span)> {
        let bracket = node
            .shape
            .take()
            .map(|s| (s.shape, display_owned(s.text.raw), s.span));
        let Some(data) = node
            .data
            .as_ref()
            .filter(|d| d.shape.is_some() || d.label.is_some())
        else {
            return bracket;
        };
        let before = existing
            .map(|ix| &self.graph[ix])
            .filter(|n| n.text_span.is_some());
        let shape = data
            .shape
            .as_ref()
            .map(|s| s.value)
            .or(bracket.as_ref().map(|b| b.0))
            .or(before.map(|n| n.shape))
            .unwrap_or(Shape::Square);
        let text = data
            .label
            .as_deref()
            .map(display)
            .or(bracket.as_ref().map(|b| b.1.clone()))
            .or(before.map(|n| n.text.clone()))
            .unwrap_or_else(|| node.id.value.clone());
        let span = bracket.map_or(data.span, |b| b.2.to(data.span));
        Some((shape, text, span))
    }

    fn add_link(
        &mut self,
        from: NodeIndex,
        to: NodeIndex,
        link: &crate::syntax::Link,
        label: Option<(String, crate::input::source::Span)>,
        takes_id: bool,
    ) {
        // A repeated edge id is ignored, as Mermaid falls back to a generated one.
        let id = link
            .id
            .as_ref()
            .filter(|id| takes_id && !self.edge_ids.contains_key(&id.value))
            .map(|id| {
                self.edge_ids.insert(id.value.clone(), self.link_count);
                id.value.clone()
            });
        let (label, label_span) = label.unzip();
        let mut edge = Edge {
            label,
            label_span,
            span: link.span,
            order: self.link_count,
            stroke: link.stroke,
            tail: link.tail,
            head: link.head,
            length: link.length,
            extra: None,
        };
        if id.is_some() {
            edge.extra_mut().id = id;
        }
        self.link_count += 1;
        if link.stroke == Stroke::Invisible {
            self.layout_links.push(LayoutLink { from, to, edge });
        } else {
            self.graph.add_edge(from, to, edge);
        }
    }

    /// What a styling or `click` statement names, or a warning when it names nothing.
    fn target(
        &mut self,
        target: &Spanned<String>,
        statement: &str,
        subgraph_ids: &HashMap<String, usize, foldhash::fast::RandomState>,
    ) -> Target {
        let node = self.ids.get(&self.graph, &target.value);
        if let Some(&subgraph) = subgraph_ids.get(&target.value)
            && node.is_none_or(|ix| self.is_placeholder(ix, subgraph))
        {
            return Target::Subgraph(subgraph);
        }
        if let Some(ix) = node {
            return Target::Node(ix);
        }
        if statement == "class"
            && let Some(&order) = self.edge_ids.get(&target.value)
        {
            return Target::Edge(order);
        }
        let mut diagnostic = Diagnostic::new(
            Code::UnknownStyleTarget,
            format!(
                "`{statement}` names `{}`, which is not a node of this flow",
                target.value
            ),
        )
        .label(target.span, "no node has this id")
        .in_file(&self.source);
        let near = (self.diagnostics.len() < crate::diagnostic::suggest::MAX_SUGGESTIONS)
            .then(|| {
                crate::diagnostic::suggest::closest(
                    &target.value,
                    self.graph.node_weights().map(|n| n.id.as_str()),
                )
            })
            .flatten();
        diagnostic = match near {
            Some(close) => diagnostic.help(format!("did you mean `{close}`?")),
            None => {
                diagnostic.help("declare the node in an edge or node statement, or remove the line")
            }
        };
        self.diagnostics.push(diagnostic);
        Target::Unknown
    }

    /// `FLOW012` for `linkStyle N` (`number`, as written) when only `links_before` links come
    /// before the statement.
    fn link_out_of_range(
        &self,
        number: &str,
        links_before: usize,
        span: crate::input::source::Span,
    ) -> Diagnostic {
        let number = crate::diagnostic::quote(number);
        let message = if links_before < self.link_count {
            format!(
                "`linkStyle {number}` comes before link {number} is written: only {} link{} \
                 come before it",
                links_before,
                if links_before == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "`linkStyle {number}` is out of range: the flow has {} link{}",
                self.link_count,
                if self.link_count == 1 { "" } else { "s" }
            )
        };
        Diagnostic::new(Code::LinkStyleOutOfRange, message)
            .label(span, "no link has this number")
            .help(format!(
                "links are numbered from 0 in the order they are written; the last is {}",
                self.link_count.saturating_sub(1)
            ))
            .in_file(&self.source)
    }

    /// Mermaid keeps one default link style and one style per link, each replaced by a later
    /// statement, and draws a link with the default first and its own style over it.
    fn apply_link_styles(&mut self, statements: &[(LinkStyleStmt, usize)]) {
        if statements.is_empty() {
            return;
        }
        let mut default = Vec::new();
        let mut own: Vec<Option<Vec<StyleProp>>> = vec![None; self.link_count];
        for (statement, links_before) in statements {
            let links_before = *links_before;
            let props = style_props(&statement.styles.value);
            for index in &statement.indexes {
                match &index.value {
                    LinkIndex::Default => default.clone_from(&props),
                    &LinkIndex::Index(n) if n < links_before => own[n] = Some(props.clone()),
                    LinkIndex::Index(n) => {
                        let d = self.link_out_of_range(&n.to_string(), links_before, index.span);
                        self.diagnostics.push(d);
                    }
                    // Past any count of links, whether written before or after.
                    LinkIndex::TooLarge(digits) => {
                        let d = self.link_out_of_range(digits, self.link_count, index.span);
                        self.diagnostics.push(d);
                    }
                }
            }
        }
        let edges = self
            .graph
            .edge_weights_mut()
            .chain(self.layout_links.iter_mut().map(|l| &mut l.edge));
        for edge in edges {
            let own = &own[edge.order];
            if default.is_empty() && own.is_none() {
                continue;
            }
            let styles = &mut edge.extra_mut().styles;
            styles.clone_from(&default);
            if let Some(props) = own {
                styles.extend(props.iter().cloned());
            }
        }
    }
}

/// How many times `needle` occurs in `bytes`. Counted in 32 one-byte lanes, each emptied
/// before it can overflow, which the compiler turns into vector instructions: a plain
/// `filter().count()` read 100 MB at about 2 GB/s.
fn memchr_count(needle: u8, bytes: &[u8]) -> usize {
    const LANES: usize = 32;
    bytes
        .chunks(LANES * usize::from(u8::MAX))
        .map(|chunk| {
            let mut lanes = [0u8; LANES];
            for block in chunk.chunks(LANES) {
                for (lane, &b) in lanes.iter_mut().zip(block) {
                    *lane += u8::from(b == needle);
                }
            }
            lanes.iter().map(|&n| usize::from(n)).sum::<usize>()
        })
        .sum()
}

/// What a `style`, `class` or `click` statement names.
enum Target {
    Node(NodeIndex),
    Subgraph(usize),
    /// An edge id, by the edge's definition order.
    Edge(usize),
    Unknown,
}

fn click_of(click: &ClickStmt) -> Click {
    let (url, callback) = match &click.action {
        ClickAction::Link { url, .. } => (Some(url.value.clone()), None),
        ClickAction::Callback { name, .. } => (None, Some(name.value.clone())),
    };
    Click {
        url,
        callback,
        tooltip: click.tooltip.as_ref().map(|t| t.value.clone()),
        window: click.window.as_ref().map(|w| w.value.clone()),
    }
}

/// Splits `fill:#f9f,stroke:#333` into properties; `\,` is a comma inside a value.
fn style_props(text: &str) -> Vec<StyleProp> {
    let mut props = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let mut flush = |current: &mut String| {
        if let Some((name, value)) = current.split_once(':') {
            props.push(StyleProp {
                name: name.trim().to_owned(),
                value: value.trim().to_owned(),
            });
        }
        current.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                current.push(',');
                chars.next();
            }
            ',' => flush(&mut current),
            _ => current.push(c),
        }
    }
    flush(&mut current);
    props
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_counted_in_any_length_of_text() {
        for len in [
            0,
            1,
            31,
            32,
            33,
            255 * 32 - 1,
            255 * 32,
            255 * 32 + 7,
            20_000,
        ] {
            let text: Vec<u8> = (0..len)
                .map(|i| if i % 3 == 0 { b'\n' } else { b'a' })
                .collect();
            let all_newlines = vec![b'\n'; len];
            assert_eq!(
                memchr_count(b'\n', &text),
                text.iter().filter(|&&b| b == b'\n').count()
            );
            assert_eq!(memchr_count(b'\n', &all_newlines), len);
        }
    }

    #[test]
    fn style_props_split_on_unescaped_commas() {
        let props = style_props("fill:#f9f, stroke:#333,stroke-dasharray: 5\\,5");
        let pairs: Vec<_> = props
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("fill", "#f9f"),
                ("stroke", "#333"),
                ("stroke-dasharray", "5,5")
            ]
        );
    }

    fn built(text: &str) -> (Flow, Vec<Diagnostic>) {
        let source = SourceFile::new("t.flow", text);
        let parsed = crate::syntax::parse(&source);
        build(&source, parsed.document.expect("parses"))
    }

    #[test]
    fn the_builder_itself_builds_no_edge_past_the_limit() {
        let source = SourceFile::new("t.flow", "flowchart TD\na --> b\nc & d --> e & f\ng --> h\n");
        let document = crate::syntax::parse(&source).document.expect("parses");
        let mut builder = Builder::new(&source);
        builder.limit_edges(4);
        for statement in document.statements {
            builder.add(statement);
        }
        let (flow, diagnostics) = builder.finish(&document.header, None);
        // 1 + 4 would go over: the product is not built, nor anything after it.
        assert_eq!(flow.graph.edge_count(), 1);
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::TooManyEdges]);
    }

    #[test]
    fn link_style_default_goes_under_a_numbered_one_and_later_lines_replace() {
        let (flow, diagnostics) = built(
            "flowchart TD\na --> b --> c\nlinkStyle 0 stroke:#0f0\nlinkStyle 0 stroke:#00f\n\
             linkStyle default stroke:#f00\n",
        );
        assert!(diagnostics.is_empty());
        let styles: Vec<Vec<String>> = flow
            .graph
            .edge_weights()
            .map(|e| {
                e.styles()
                    .iter()
                    .map(|p| format!("{}:{}", p.name, p.value))
                    .collect()
            })
            .collect();
        assert_eq!(
            styles,
            [vec!["stroke:#f00", "stroke:#00f"], vec!["stroke:#f00"]]
        );
    }

    #[test]
    fn nodes_are_declared_once_and_chains_expand() {
        let (flow, diagnostics) =
            built("flowchart TD\nA[Start] & B --> C{Q?}\nC -->|Yes| D\nA --> D\n");
        assert!(diagnostics.is_empty());
        assert_eq!(flow.graph.node_count(), 4);
        assert_eq!(flow.graph.edge_count(), 4);
        let a = flow.node(flow.node_index("A").unwrap());
        assert_eq!(a.text, "Start");
        assert_eq!(flow.node(flow.node_index("B").unwrap()).text, "B");
    }

    #[test]
    fn conflicting_texts_and_unknown_style_targets_are_reported() {
        let (_, diagnostics) =
            built("flowchart TD\nA[One] --> B\nA[Two] --> C\nstyle Bx fill:#fff\n");
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::ConflictingText, Code::UnknownStyleTarget]);
    }

    fn subgraph_of(flow: &Flow, id: &str) -> Option<String> {
        let node = flow.node(flow.node_index(id).unwrap());
        node.subgraph().map(|s| flow.subgraphs[s].id.clone())
    }

    #[test]
    fn subgraphs_claim_nodes_innermost_first_and_get_mermaids_ids() {
        let (flow, diagnostics) = built(
            "flowchart TD\nX --> A\nsubgraph outer [Outer]\nA --> B\nsubgraph\nB --> C\n\
             direction LR\nend\nend\nsubgraph late\nA\nend\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let ids: Vec<&str> = flow.subgraphs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["outer", "subGraph0", "late"]);
        assert_eq!(flow.subgraphs[1].parent, Some(0));
        assert_eq!(flow.subgraphs[1].direction, Some(Direction::LeftRight));
        assert_eq!(flow.subgraphs[0].title, "Outer");
        assert_eq!(subgraph_of(&flow, "X"), None);
        // `A` is claimed by `outer`, which closes before `late` mentions it.
        assert_eq!(subgraph_of(&flow, "A").as_deref(), Some("outer"));
        // `B` is mentioned in both; the inner subgraph closes first.
        assert_eq!(subgraph_of(&flow, "B").as_deref(), Some("subGraph0"));
        assert_eq!(subgraph_of(&flow, "C").as_deref(), Some("subGraph0"));
    }

    #[test]
    fn an_edge_to_a_subgraph_goes_to_its_entry_and_leaves_from_its_exits() {
        let (flow, diagnostics) = built(
            "flowchart TD\nstart --> checks\nsubgraph checks\nq{Q?} -->|Yes| a\nq -->|No| b\n\
             end\nchecks --> done\nstyle checks fill:#eee\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(flow.node_index("checks").is_none());
        let edges: Vec<(String, String)> = flow
            .graph
            .edge_indices()
            .map(|e| {
                let (a, b) = flow.graph.edge_endpoints(e).unwrap();
                (flow.node(a).id.clone(), flow.node(b).id.clone())
            })
            .collect();
        for pair in [("start", "q"), ("a", "done"), ("b", "done")] {
            assert!(
                edges.contains(&(pair.0.to_owned(), pair.1.to_owned())),
                "{pair:?} in {edges:?}"
            );
        }
        assert_eq!(flow.subgraphs[0].styles[0].value, "#eee");
        // Every id still finds its node after the stand-in was removed.
        for ix in flow.graph.node_indices() {
            assert_eq!(flow.node_index(&flow.node(ix).id), Some(ix));
        }
    }

    #[test]
    fn node_data_gives_shape_and_text_and_edge_data_makes_no_node() {
        let (flow, diagnostics) = built(
            "flowchart TD\nA@{ shape: decision, label: \"Ready?\" } e1@-->|Yes| B@{ shape: doc }\n\
             e1@{ animate: true }\nclick B \"https://example.com\" \"Docs\" _blank\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let a = flow.node(flow.node_index("A").unwrap());
        assert!(a.is_question());
        assert_eq!(a.text, "Ready?");
        let b = flow.node(flow.node_index("B").unwrap());
        assert_eq!(b.shape, crate::syntax::shape_named("document").unwrap());
        assert!(matches!(b.shape, Shape::Named(n) if n.name() == "doc"));
        assert_eq!(b.text, "B");
        assert_eq!(flow.graph.node_count(), 2);
        let click = b.click().unwrap();
        assert_eq!(click.url.as_deref(), Some("https://example.com"));
        assert_eq!(click.tooltip.as_deref(), Some("Docs"));
        assert_eq!(click.window.as_deref(), Some("_blank"));
    }
}
