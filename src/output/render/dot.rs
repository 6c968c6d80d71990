//! Graphviz DOT: questions as diamonds, other shapes close to Mermaid's, edge labels, dotted and
//! thick strokes, `style`/`classDef` colours, and line breaks kept.

use std::fmt::Write as _;

use petgraph::graph::NodeIndex;

use super::route::{Mark, PENDING_COLOR, ROUTE_COLOR, Route};
use crate::flow::{Direction, Edge, Flow, Head, Node, Shape, Stroke, StyleProp};

/// The whole flow as a DOT digraph.
#[must_use]
pub fn render(flow: &Flow) -> String {
    render_with_route(flow, None)
}

/// The flow as a DOT digraph with a walk's route drawn in a thicker pen and a highlight colour
/// (the unanswered question dashed in another colour); fills stay the flow's own.
#[must_use]
pub fn render_with_route(flow: &Flow, route: Option<&Route>) -> String {
    let mut out = String::with_capacity(64 + flow.graph.node_count() * 80);
    let rankdir = match flow.direction {
        Direction::TopDown => "TB",
        Direction::BottomUp => "BT",
        Direction::LeftRight => "LR",
        Direction::RightLeft => "RL",
    };
    out.push_str("digraph flow {\n");
    let _ = writeln!(out, "  rankdir={rankdir};");
    if let Some(title) = &flow.title {
        let _ = writeln!(out, "  label={}; labelloc=t;", quote(title));
    }
    out.push_str("  node [fontname=\"Helvetica\", fontsize=12];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    write_nodes(flow, route, &mut out);
    // Edges in the order they were written, invisible layout links included.
    let mut edges: Vec<(usize, &Edge, &str, &str, bool)> = flow
        .graph
        .edge_indices()
        .map(|e| {
            let (a, b) = flow.graph.edge_endpoints(e).expect("edge exists");
            let edge = &flow.graph[e];
            (
                edge.order,
                edge,
                flow.graph[a].id.as_str(),
                flow.graph[b].id.as_str(),
                route.is_some_and(|r| r.has_edge(e)),
            )
        })
        .chain(flow.layout_links.iter().map(|l| {
            (
                l.edge.order,
                &l.edge,
                flow.graph[l.from].id.as_str(),
                flow.graph[l.to].id.as_str(),
                false,
            )
        }))
        .collect();
    edges.sort_by_key(|e| e.0);
    for (_, edge, from, to, on_route) in edges {
        let _ = write!(out, "  {} -> {} [", quote(from), quote(to));
        edge_attributes(flow, edge, on_route, &mut out);
        out.push_str("];\n");
    }
    out.push_str("}\n");
    out
}

/// Nodes, each inside the cluster of its subgraph. Subgraphs are listed in pre-order with their
/// parents, so a stack of open clusters draws any nesting depth without recursion.
fn write_nodes(flow: &Flow, route: Option<&Route>, out: &mut String) {
    let mark = |ix: NodeIndex| route.and_then(|r| r.node(ix));
    let mut members: Vec<Vec<NodeIndex>> = vec![Vec::new(); flow.subgraphs.len()];
    for ix in flow.graph.node_indices() {
        match flow.graph[ix].subgraph() {
            Some(s) => members[s].push(ix),
            None => write_node(flow, &flow.graph[ix], mark(ix), out),
        }
    }
    let mut open: Vec<usize> = Vec::new();
    for (i, subgraph) in flow.subgraphs.iter().enumerate() {
        while open.last().is_some_and(|&top| Some(top) != subgraph.parent) {
            open.pop();
            out.push_str("  }\n");
        }
        open.push(i);
        let _ = writeln!(out, "  subgraph {} {{", quote(&format!("cluster_{i}")));
        let _ = writeln!(out, "  label={};", quote(&subgraph.title));
        let mut attrs: Vec<(&str, String)> = Vec::new();
        cluster_style(flow, subgraph, &mut attrs);
        for (k, v) in attrs {
            let _ = writeln!(out, "  {k}={v};");
        }
        for &ix in &members[i] {
            write_node(flow, &flow.graph[ix], mark(ix), out);
        }
    }
    for _ in open {
        out.push_str("  }\n");
    }
}

fn write_node(flow: &Flow, node: &Node, mark: Option<Mark>, out: &mut String) {
    out.push_str("  ");
    out.push_str(&quote(&node.id));
    out.push_str(" [");
    node_attributes(flow, node, mark, out);
    out.push_str("];\n");
}

/// A subgraph's fill and stroke, from its classes and `style` lines.
fn cluster_style(flow: &Flow, subgraph: &crate::flow::Subgraph, attrs: &mut Vec<(&str, String)>) {
    let props = subgraph
        .classes
        .iter()
        .filter_map(|c| flow.class_def(c))
        .flat_map(|c| c.styles.iter())
        .chain(subgraph.styles.iter());
    let (fill, colors) = fill_and_colors(props);
    if let Some(fill) = fill {
        attrs.push(("style", quote("filled")));
        attrs.push(("fillcolor", quote(&fill)));
    }
    colors.push_attrs(attrs);
}

fn node_attributes(flow: &Flow, node: &Node, mark: Option<Mark>, out: &mut String) {
    let mut attrs: Vec<(&str, String)> = vec![("label", quote(&node.text))];
    let (shape, rounded, extra) = match node.shape {
        Shape::Default | Shape::Square => ("box", false, None),
        Shape::Round | Shape::Stadium => ("box", true, None),
        Shape::Subroutine => ("box", false, Some(("peripheries", "2"))),
        Shape::Cylinder => ("cylinder", false, None),
        Shape::Circle => ("circle", false, None),
        Shape::DoubleCircle => ("doublecircle", false, None),
        Shape::Diamond => ("diamond", false, None),
        Shape::Hexagon => ("hexagon", false, None),
        Shape::Odd => ("cds", false, None),
        Shape::LeanRight | Shape::LeanLeft => ("parallelogram", false, None),
        Shape::Trapezoid => ("trapezium", false, None),
        Shape::InvTrapezoid => ("invtrapezium", false, None),
        Shape::Ellipse => ("ellipse", false, None),
        Shape::Named(name) => (named_shape(name.name()), false, None),
    };
    attrs.push(("shape", shape.to_owned()));
    if let Some((k, v)) = extra {
        attrs.push((k, v.to_owned()));
    }
    let mut styles: Vec<&str> = Vec::new();
    if rounded {
        styles.push("rounded");
    }
    // `classDef default` applies to every node; then classes, then `style` lines win.
    let props = flow
        .class_def("default")
        .into_iter()
        .chain(node.classes().iter().filter_map(|c| flow.class_def(c)))
        .flat_map(|c| c.styles.iter())
        .chain(node.styles().iter());
    let (fill, mut colors) = fill_and_colors(props);
    if let Some(fill) = fill {
        styles.push("filled");
        attrs.push(("fillcolor", quote(&fill)));
    }
    match mark {
        Some(Mark::OnRoute) => colors.highlight(ROUTE_COLOR),
        Some(Mark::Pending) => {
            colors.highlight(PENDING_COLOR);
            colors.dashed = true;
        }
        None => {}
    }
    if colors.dashed {
        styles.push("dashed");
    }
    if !styles.is_empty() {
        attrs.push(("style", quote(&styles.join(","))));
    }
    colors.push_attrs(&mut attrs);
    if let Some(click) = node.click() {
        if let Some(url) = &click.url {
            attrs.push(("URL", quote(url)));
            if let Some(window) = &click.window {
                attrs.push(("target", quote(window)));
            }
        }
        if let Some(tooltip) = &click.tooltip {
            attrs.push(("tooltip", quote(tooltip)));
        }
    }
    write_attrs(&attrs, out);
}

/// The Graphviz shape closest to one of Mermaid's named shapes.
fn named_shape(name: &str) -> &'static str {
    match name {
        "doc" | "docs" | "lin-doc" | "tag-doc" => "note",
        "cloud" | "bang" | "state" => "ellipse",
        "tri" => "triangle",
        "flip-tri" => "invtriangle",
        "sm-circ" | "f-circ" | "anchor" => "point",
        "fr-circ" => "doublecircle",
        "cross-circ" => "Mcircle",
        "choice" => "diamond",
        "text" | "icon" => "plaintext",
        "h-cyl" | "lin-cyl" => "cylinder",
        "st-rect" => "box3d",
        "flag" | "tag-rect" => "tab",
        "notch-pent" => "pentagon",
        "fork" => "rect",
        "note" => "note",
        _ => "box",
    }
}

fn edge_attributes(flow: &Flow, edge: &Edge, on_route: bool, out: &mut String) {
    let mut attrs: Vec<(&str, String)> = Vec::new();
    if let Some(id) = edge.id() {
        attrs.push(("id", quote(id)));
    }
    if let Some(label) = &edge.label {
        attrs.push(("label", quote(label)));
    }
    match edge.stroke {
        Stroke::Normal => {}
        Stroke::Thick => attrs.push(("penwidth", "3".to_owned())),
        Stroke::Dotted => attrs.push(("style", "dotted".to_owned())),
        Stroke::Invisible => attrs.push(("style", "invis".to_owned())),
    }
    attrs.push(("arrowhead", arrow(edge.head).to_owned()));
    if edge.tail != Head::None {
        attrs.push(("dir", "both".to_owned()));
        attrs.push(("arrowtail", arrow(edge.tail).to_owned()));
    }
    if edge.length > 1 {
        attrs.push(("minlen", edge.length.to_string()));
    }
    // Classes (`class e1 name`) first, then `linkStyle` over them.
    let mut colors = Colors::default();
    let class_props = edge
        .classes()
        .iter()
        .filter_map(|c| flow.class_def(c))
        .flat_map(|c| c.styles.iter());
    for prop in class_props.chain(edge.styles().iter()) {
        colors.apply(prop);
    }
    if on_route {
        colors.highlight(ROUTE_COLOR);
    }
    if colors.dashed && edge.stroke != Stroke::Invisible {
        attrs.retain(|(k, _)| *k != "style");
        attrs.push(("style", "dashed".to_owned()));
    }
    colors.push_attrs(&mut attrs);
    write_attrs(&attrs, out);
}

fn arrow(head: Head) -> &'static str {
    match head {
        Head::None => "none",
        Head::Arrow => "normal",
        Head::Circle => "odot",
        Head::Cross => "tee",
    }
}

/// The fill and the other colours of a node or cluster; later properties win.
fn fill_and_colors<'a>(props: impl Iterator<Item = &'a StyleProp>) -> (Option<String>, Colors) {
    let mut fill = None;
    let mut colors = Colors::default();
    for prop in props {
        if prop.name == "fill" {
            fill = color(&prop.value);
        } else {
            colors.apply(prop);
        }
    }
    (fill, colors)
}

/// Stroke and text colours from Mermaid style properties.
#[derive(Default)]
struct Colors {
    stroke: Option<String>,
    font: Option<String>,
    width: Option<String>,
    dashed: bool,
}

impl Colors {
    fn apply(&mut self, prop: &StyleProp) {
        match prop.name.as_str() {
            "stroke" => self.stroke = color(&prop.value),
            "color" => self.font = color(&prop.value),
            "stroke-width" => {
                let n = prop.value.trim_end_matches("px").trim();
                if n.parse::<f64>().is_ok_and(|w| w > 0.0) {
                    self.width = Some(n.to_owned());
                }
            }
            "stroke-dasharray" => self.dashed = true,
            _ => {}
        }
    }

    /// Drawn on a highlighted route: the given pen colour, 3 wide or one more than the flow's
    /// own width, so the route stands out among thick strokes too.
    fn highlight(&mut self, color: &str) {
        self.stroke = Some(color.to_owned());
        let own = self
            .width
            .as_deref()
            .and_then(|w| w.parse::<f64>().ok())
            .unwrap_or(0.0);
        self.width = Some(if own + 1.0 > 3.0 {
            (own + 1.0).to_string()
        } else {
            "3".to_owned()
        });
    }

    fn push_attrs(self, attrs: &mut Vec<(&str, String)>) {
        if let Some(c) = self.stroke {
            attrs.push(("color", quote(&c)));
        }
        if let Some(c) = self.font {
            attrs.push(("fontcolor", quote(&c)));
        }
        if let Some(w) = self.width {
            attrs.retain(|(k, _)| *k != "penwidth");
            attrs.push(("penwidth", w));
        }
    }
}

/// A CSS colour Graphviz understands: `#rgb` is expanded to `#rrggbb`; names pass through.
fn color(value: &str) -> Option<String> {
    let v = value.trim().trim_end_matches(';').trim();
    if let Some(hex) = v.strip_prefix('#') {
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        return match hex.len() {
            3 | 4 => Some(hex.chars().fold(String::from("#"), |mut s, c| {
                s.push(c);
                s.push(c);
                s
            })),
            6 | 8 => Some(v.to_owned()),
            _ => None,
        };
    }
    (!v.is_empty() && v.bytes().all(|b| b.is_ascii_alphabetic())).then(|| v.to_ascii_lowercase())
}

fn write_attrs(attrs: &[(&str, String)], out: &mut String) {
    for (i, (k, v)) in attrs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
}

/// A DOT double-quoted string; line breaks become `\n` (centred lines).
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_made_graphviz_friendly() {
        assert_eq!(color("#f9f").as_deref(), Some("#ff99ff"));
        assert_eq!(color("#c0392b").as_deref(), Some("#c0392b"));
        assert_eq!(color("Red").as_deref(), Some("red"));
        assert_eq!(color("rgb(1,2,3)"), None);
        assert_eq!(color("#zzz"), None);
    }

    #[test]
    fn quoting_escapes_quotes_backslashes_and_breaks() {
        assert_eq!(quote("a \"b\"\\\nc"), "\"a \\\"b\\\"\\\\\\nc\"");
    }

    #[test]
    fn the_front_matter_title_labels_the_graph() {
        let source = crate::SourceFile::new(
            "t.flow",
            "---\ntitle: \"SMS eligibility\"\n---\nflowchart LR\n  A[Start] --> B[Done]\n",
        );
        let analysis = crate::analyze(&source, &crate::Settings::default());
        let dot = render(analysis.graph().expect("parses"));
        assert!(
            dot.contains("label=\"SMS eligibility\"; labelloc=t;"),
            "{dot}"
        );
        assert!(dot.contains("rankdir=LR;"), "{dot}");
    }

    #[test]
    fn edge_ids_are_kept_and_their_classes_styled() {
        let source = crate::SourceFile::new(
            "t.flow",
            "flowchart TD\n  A e1@--> B & C\n  classDef hot stroke:#f00\n  class e1 hot\n",
        );
        let analysis = crate::analyze(&source, &crate::Settings::default());
        let dot = render(analysis.graph().expect("parses"));
        assert!(
            dot.contains("\"A\" -> \"B\" [id=\"e1\", arrowhead=normal, color=\"#ff0000\"]"),
            "{dot}"
        );
        assert!(
            dot.contains("\"A\" -> \"C\" [arrowhead=normal]"),
            "only the first edge: {dot}"
        );
    }

    #[test]
    fn a_route_is_drawn_thick_and_coloured_and_fills_stay() {
        let source = crate::SourceFile::new(
            "t.flow",
            "flowchart TD\n  q{Q?} -->|a| v[V]\n  q -.->|b| w[W]\n  style v fill:#dff5e1,stroke:#1e8449\n",
        );
        let flow = crate::analyze(&source, &crate::Settings::default())
            .into_valid()
            .expect("valid");
        let answers = crate::evaluate::answers::parse(
            &crate::SourceFile::new("a.json", r#"{"q": "a"}"#),
            crate::evaluate::answers::Format::Json,
        )
        .expect("parses");
        let (resolved, _) = crate::evaluate::walk::resolve(&flow, &answers).expect("resolves");
        let walk = crate::evaluate::walk::walk(&flow, &resolved);
        let route = Route::of_walk(&flow, &walk);
        let dot = render_with_route(&flow, Some(&route));
        assert!(
            dot.contains("\"v\" [label=\"V\", shape=box, fillcolor=\"#dff5e1\", style=\"filled\", color=\"#1f6feb\", penwidth=3];"),
            "{dot}"
        );
        assert!(
            dot.contains(
                "\"q\" -> \"v\" [label=\"a\", arrowhead=normal, color=\"#1f6feb\", penwidth=3];"
            ),
            "{dot}"
        );
        assert!(
            dot.contains("\"q\" -> \"w\" [label=\"b\", style=dotted, arrowhead=normal];"),
            "{dot}"
        );
        assert!(dot.contains("\"w\" [label=\"W\", shape=box];"), "{dot}");
        assert_eq!(render(&flow), render_with_route(&flow, None));
    }

    #[test]
    fn the_unanswered_question_is_dashed_in_its_own_colour() {
        let source = crate::SourceFile::new(
            "t.flow",
            "flowchart TD\n  s[S] --> q{Q?}\n  q -->|a| v[V]\n  q -->|b| w[W]\n",
        );
        let flow = crate::analyze(&source, &crate::Settings::default())
            .into_valid()
            .expect("valid");
        let walk = crate::evaluate::walk::walk(&flow, &crate::evaluate::walk::Resolved::default());
        let dot = render_with_route(&flow, Some(&Route::of_walk(&flow, &walk)));
        assert!(
            dot.contains("\"q\" [label=\"Q?\", shape=diamond, style=\"dashed\", color=\"#d97706\", penwidth=3];"),
            "{dot}"
        );
        assert!(
            dot.contains("\"s\" -> \"q\" [arrowhead=normal, color=\"#1f6feb\", penwidth=3];"),
            "{dot}"
        );
        assert!(
            dot.contains("\"q\" -> \"v\" [label=\"a\", arrowhead=normal];"),
            "{dot}"
        );
    }

    #[test]
    fn the_route_pen_is_thicker_than_the_flows_own() {
        let mut colors = Colors::default();
        colors.highlight("#000000");
        assert_eq!(colors.width.as_deref(), Some("3"));
        let mut colors = Colors {
            width: Some("5".to_owned()),
            ..Colors::default()
        };
        colors.highlight("#000000");
        assert_eq!(colors.width.as_deref(), Some("6"));
        let mut colors = Colors {
            width: Some("2.5".to_owned()),
            ..Colors::default()
        };
        colors.highlight("#000000");
        assert_eq!(colors.width.as_deref(), Some("3.5"));
    }
}
