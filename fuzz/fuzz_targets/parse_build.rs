//! The flow parser and the graph builder: any bytes give a syntax tree or diagnostics, a syntax
//! tree always builds, and the builder never builds more edges than its limit, whatever `&`
//! products the text holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// A small edge limit, so that products the fuzzer grows are refused rather than built.
const MAX_EDGES: u64 = 4096;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = flowrun::input::from_bytes("fuzz.flow".to_owned(), data.to_vec()) else {
        return;
    };
    let parsed = flowrun::syntax::parse(&source);
    if let Some(document) = parsed.document {
        let mut builder = flowrun::flow::build::Builder::new(&source);
        builder.limit_edges(MAX_EDGES);
        for statement in document.statements {
            builder.add(statement);
        }
        let (flow, _diagnostics) = builder.finish(&document.header, document.title);
        let edges = flow.graph.edge_count() + flow.layout_links.len();
        assert!(edges as u64 <= MAX_EDGES, "{edges} edges built");
    }
});
