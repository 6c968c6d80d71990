//! Syntax tree to `Flow`: declares nodes on first mention, expands chains and `&` into edges,
//! and attaches styles. Problems that need the whole file (a `style` naming an unknown node)
//! are checked once every statement has been read.

use std::collections::HashMap;
use std::sync::Arc;

use petgraph::graph::{DiGraph, NodeIndex};

use super::text::display;
use super::{ClassDef, Edge, Flow, LayoutLink, Node, StyleProp};
use crate::diagnostic::Diagnostic;
use crate::rules::Code;
use crate::source::SourceFile;
use crate::syntax::{
    ClassStmt, Direction, Document, Header, LinkIndex, LinkStyleStmt, NodeRef, Shape, Spanned,
    Statement, Stroke, StyleStmt,
};

/// Builds a flow statement by statement, so the syntax tree of a large file need not be kept.
pub struct Builder {
    source: Arc<SourceFile>,
    graph: DiGraph<Node, Edge>,
    ids: HashMap<String, NodeIndex, foldhash::fast::RandomState>,
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
    link_styles: Vec<LinkStyleStmt>,
    diagnostics: Vec<Diagnostic>,
}

/// Builds the graph of a parsed document, with the problems found while building it.
#[must_use]
pub fn build(source: &Arc<SourceFile>, document: Document) -> (Flow, Vec<Diagnostic>) {
    let mut builder = Builder::new(source);
    for statement in document.statements {
        builder.add(statement);
    }
    builder.finish(&document.header, document.title)
}

impl Builder {
    #[must_use]
    pub fn new(source: &Arc<SourceFile>) -> Self {
        Self {
            source: Arc::clone(source),
            graph: DiGraph::new(),
            ids: HashMap::default(),
            edge_ids: HashMap::default(),
            layout_links: Vec::new(),
            class_defs: Vec::new(),
            link_count: 0,
            title: None,
            description: None,
            styles: Vec::new(),
            classes: Vec::new(),
            link_styles: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Adds one statement, in the order they are written.
    pub fn add(&mut self, statement: Statement) {
        match statement {
            Statement::Chain(chain) => {
                let mut previous: Vec<NodeIndex> = Vec::new();
                for (i, group) in chain.groups.iter().enumerate() {
                    let current: Vec<NodeIndex> = group.iter().map(|n| self.declare(n)).collect();
                    if i > 0 {
                        let link = &chain.links[i - 1];
                        // An edge id names the first edge of `A & B --> C & D` only, as in Mermaid.
                        let mut first = true;
                        for &from in &previous {
                            for &to in &current {
                                self.add_link(from, to, link, first);
                                first = false;
                            }
                        }
                    }
                    previous = current;
                }
            }
            Statement::Style(s) => self.styles.push(s),
            Statement::ClassDef(c) => {
                let props = style_props(&c.styles.value);
                for name in c.names {
                    self.class_defs.push(ClassDef {
                        name: name.value,
                        styles: props.clone(),
                    });
                }
            }
            Statement::Class(c) => self.classes.push(c),
            Statement::LinkStyle(l) => self.link_styles.push(l),
            Statement::AccTitle(t) => self.title = Some(t.value),
            Statement::AccDescr(d) => self.description = Some(d.value),
            Statement::Comment(_) | Statement::Unsupported { .. } => {}
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
        for style in std::mem::take(&mut self.styles) {
            if let Some(ix) = self.known(&style.target, "style") {
                let props = style_props(&style.styles.value);
                self.graph[ix].styles.extend(props);
            }
        }
        // `class` may name nodes or edge ids.
        let mut edge_classes: Vec<Option<Vec<String>>> = Vec::new();
        for class in std::mem::take(&mut self.classes) {
            for target in &class.targets {
                if let Some(&order) = self.edge_ids.get(&target.value) {
                    edge_classes.resize(self.link_count, None);
                    edge_classes[order]
                        .get_or_insert_with(Vec::new)
                        .push(class.class.value.clone());
                } else if let Some(ix) = self.known(target, "class") {
                    self.graph[ix].classes.push(class.class.value.clone());
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
                    edge.classes = classes;
                }
            }
        }
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
            ids: self.ids,
        };
        (flow, self.diagnostics)
    }

    /// Declares a node on its first mention; later mentions may repeat its text but not change it.
    fn declare(&mut self, node: &NodeRef) -> NodeIndex {
        let text = node
            .shape
            .as_ref()
            .map(|s| (s.shape, display(&s.text.raw), s.span));
        let ix = if let Some(&ix) = self.ids.get(&node.id.value) {
            if let Some((shape, text, span)) = text {
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
            let (shape, display_text, text_span) = match text {
                Some((shape, text, span)) => (shape, text, Some(span)),
                None => (Shape::Default, node.id.value.clone(), None),
            };
            let ix = self.graph.add_node(Node {
                id: node.id.value.clone(),
                id_span: node.id.span,
                shape,
                text: display_text,
                text_span,
                styles: Vec::new(),
                classes: Vec::new(),
            });
            self.ids.insert(node.id.value.clone(), ix);
            ix
        };
        if let Some(class) = &node.class {
            self.graph[ix].classes.push(class.value.clone());
        }
        ix
    }

    fn add_link(
        &mut self,
        from: NodeIndex,
        to: NodeIndex,
        link: &crate::syntax::Link,
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
        let label = link
            .label
            .as_ref()
            .map(|t| (display(&t.raw), t.span))
            .filter(|(text, _)| !text.is_empty());
        let edge = Edge {
            id,
            classes: Vec::new(),
            label: label.as_ref().map(|(text, _)| text.clone()),
            label_span: label.map(|(_, span)| span),
            stroke: link.stroke,
            tail: link.tail,
            head: link.head,
            length: link.length,
            span: link.span,
            order: self.link_count,
            styles: Vec::new(),
        };
        self.link_count += 1;
        if link.stroke == Stroke::Invisible {
            self.layout_links.push(LayoutLink { from, to, edge });
        } else {
            self.graph.add_edge(from, to, edge);
        }
    }

    /// The node a styling statement names, or a warning when there is none.
    fn known(&mut self, target: &Spanned<String>, statement: &str) -> Option<NodeIndex> {
        let found = self.ids.get(&target.value).copied();
        if found.is_none() {
            let mut diagnostic = Diagnostic::new(
                Code::UnknownStyleTarget,
                format!(
                    "`{statement}` names `{}`, which is not a node of this flow",
                    target.value
                ),
            )
            .label(target.span, "no node has this id")
            .in_file(&self.source);
            let near = (self.diagnostics.len() < crate::suggest::MAX_SUGGESTIONS)
                .then(|| {
                    crate::suggest::closest(&target.value, self.ids.keys().map(String::as_str))
                })
                .flatten();
            diagnostic = match near {
                Some(close) => diagnostic.help(format!("did you mean `{close}`?")),
                None => diagnostic
                    .help("declare the node in an edge or node statement, or remove the line"),
            };
            self.diagnostics.push(diagnostic);
        }
        found
    }

    /// Mermaid keeps one default link style and one style per link, each replaced by a later
    /// statement, and draws a link with the default first and its own style over it.
    fn apply_link_styles(&mut self, statements: &[LinkStyleStmt]) {
        if statements.is_empty() {
            return;
        }
        let mut default = Vec::new();
        let mut own: Vec<Option<Vec<StyleProp>>> = vec![None; self.link_count];
        for statement in statements {
            let props = style_props(&statement.styles.value);
            for index in &statement.indexes {
                match index.value {
                    LinkIndex::Default => default.clone_from(&props),
                    LinkIndex::Index(n) if n < self.link_count => own[n] = Some(props.clone()),
                    LinkIndex::Index(n) => self.diagnostics.push(
                        Diagnostic::new(
                            Code::LinkStyleOutOfRange,
                            format!(
                                "`linkStyle {n}` is out of range: the flow has {} link{}",
                                self.link_count,
                                if self.link_count == 1 { "" } else { "s" }
                            ),
                        )
                        .label(index.span, "no link has this number")
                        .help(format!(
                            "links are numbered from 0 in the order they are written; the last \
                             is {}",
                            self.link_count.saturating_sub(1)
                        ))
                        .in_file(&self.source),
                    ),
                }
            }
        }
        let edges = self
            .graph
            .edge_weights_mut()
            .chain(self.layout_links.iter_mut().map(|l| &mut l.edge));
        for edge in edges {
            edge.styles.clone_from(&default);
            if let Some(props) = &own[edge.order] {
                edge.styles.extend(props.iter().cloned());
            }
        }
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
                e.styles
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
}
