//! Formatting and rendering never fail on a flow that parses, and formatting is stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = flowrun::input::from_bytes("fuzz.flow".to_owned(), data.to_vec()) else {
        return;
    };
    let Ok(formatted) = flowrun::output::format::format_source(&source, &flowrun::checks::limits::Limits::default()) else {
        return;
    };
    let again = flowrun::SourceFile::new("formatted.flow", formatted.clone());
    let twice = flowrun::output::format::format_source(&again, &flowrun::checks::limits::Limits::default())
        .unwrap_or_else(|e| panic!("formatted text does not parse: {e:?}\n{formatted}"));
    assert_eq!(formatted, twice, "formatting is not stable");
    let analysis = flowrun::analyze(&source, &flowrun::Settings::default());
    if let Some(flow) = analysis.graph() {
        let _ = flowrun::output::render::dot::render(flow);
    }
});
