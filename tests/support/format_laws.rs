//! The formatter's laws, shared by the property tests (`fmt` and `properties` use them as
//! `support::format_laws`): formatting twice gives what formatting once gives, and the formatted
//! text is the same flow.

use std::sync::Arc;

use flowrun::SourceFile;
use flowrun::flow::Flow;

/// A flow as its readers see it, without spans: what formatting must not change.
#[derive(Debug, PartialEq)]
pub(crate) struct Summary {
    direction: String,
    title: Option<String>,
    description: Option<String>,
    /// id, shape, text, classes, styles, subgraph, click.
    nodes: Vec<String>,
    /// In definition order, layout links included: from, to, id, label, stroke, tail, head,
    /// length, order, classes, styles, and whether it is a layout link.
    edges: Vec<String>,
    class_defs: Vec<String>,
    subgraphs: Vec<String>,
}

fn props(styles: &[flowrun::flow::StyleProp]) -> Vec<(String, String)> {
    styles
        .iter()
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect()
}

pub(crate) fn summary(flow: &Flow) -> Summary {
    let nodes = flow
        .graph
        .node_weights()
        .map(|n| {
            format!(
                "{:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                n.id,
                n.shape,
                n.text,
                n.classes(),
                props(n.styles()),
                n.subgraph,
                n.click()
            )
        })
        .collect();
    let edge = |from: &str, to: &str, e: &flowrun::flow::Edge, layout: bool| {
        (
            e.order,
            format!(
                "{from:?} -> {to:?} {:?} {:?} {:?} {:?} {:?} {} #{} {:?} {:?} layout={layout}",
                e.id(),
                e.label,
                e.stroke,
                e.tail,
                e.head,
                e.length,
                e.order,
                e.classes(),
                props(e.styles())
            ),
        )
    };
    let mut edges: Vec<(usize, String)> = flow
        .graph
        .edge_indices()
        .map(|ix| {
            let (a, b) = flow.graph.edge_endpoints(ix).expect("an edge has ends");
            edge(&flow.graph[a].id, &flow.graph[b].id, &flow.graph[ix], false)
        })
        .chain(
            flow.layout_links
                .iter()
                .map(|l| edge(&flow.graph[l.from].id, &flow.graph[l.to].id, &l.edge, true)),
        )
        .collect();
    edges.sort();
    Summary {
        direction: format!("{:?}", flow.direction),
        title: flow.title.clone(),
        description: flow.description.clone(),
        nodes,
        edges: edges.into_iter().map(|(_, e)| e).collect(),
        class_defs: flow
            .class_defs
            .iter()
            .map(|c| format!("{:?} {:?}", c.name, props(&c.styles)))
            .collect(),
        subgraphs: flow
            .subgraphs
            .iter()
            .map(|s| {
                format!(
                    "{:?} {:?} {:?} {:?} {:?} {:?}",
                    s.id,
                    s.title,
                    s.direction,
                    s.parent,
                    props(&s.styles),
                    s.classes
                )
            })
            .collect(),
    }
}

/// Parses a text that must have no syntax errors; returns its canonical form and its flow.
pub(crate) fn format_and_build(name: &str, text: &str) -> Result<(String, Summary), String> {
    let source: Arc<SourceFile> = SourceFile::new(name, text);
    let parsed = flowrun::syntax::parse(&source);
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect();
    let Some(document) = parsed.document.filter(|_| errors.is_empty()) else {
        return Err(format!("syntax errors: {errors:?}"));
    };
    let formatted = flowrun::output::format::format(text, &document);
    let (flow, _) = flowrun::flow::build::build(&source, document);
    Ok((formatted, summary(&flow)))
}

/// Both laws on one text that flowrun reads without syntax errors.
pub(crate) fn check_laws(name: &str, text: &str) -> Result<(), String> {
    let (once, before) = format_and_build(name, text)?;
    let (twice, after) = format_and_build(name, &once)
        .map_err(|e| format!("the formatted text does not parse ({e}):\n{once}"))?;
    if twice != once {
        return Err(format!(
            "formatting is not idempotent\n--- input\n{text}\n--- once\n{once}\n--- twice\n{twice}"
        ));
    }
    if before != after {
        return Err(format!(
            "the formatted text is another flow\n--- input\n{text}\n--- formatted\n{once}\n\
             --- flow before\n{before:#?}\n--- flow after\n{after:#?}"
        ));
    }
    Ok(())
}
