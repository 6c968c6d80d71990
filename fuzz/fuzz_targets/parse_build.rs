//! The flow parser and the graph builder: any bytes give a syntax tree or diagnostics, and a
//! syntax tree always builds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = flowrun::input::from_bytes("fuzz.flow".to_owned(), data.to_vec()) else {
        return;
    };
    let parsed = flowrun::syntax::parse(&source);
    if let Some(document) = parsed.document {
        let (_flow, _diagnostics) = flowrun::flow::build::build(&source, document);
    }
});
