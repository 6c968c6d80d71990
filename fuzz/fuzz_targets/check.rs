//! The whole check without configuration: parse, build, validate, lint, suppression comments;
//! then what the other verbs compute from a valid flow (route counts, one listed route).
#![no_main]

use libfuzzer_sys::fuzz_target;
use miette::{GraphicalReportHandler, GraphicalTheme};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = flowrun::input::from_bytes("fuzz.flow".to_owned(), data.to_vec()) else {
        return;
    };
    let analysis = flowrun::analyze(&source, &flowrun::Settings::default());
    // Every diagnostic points into its text and can be shown to a person as the CLI shows it.
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    for diagnostic in &analysis.diagnostics {
        let len = diagnostic.source.as_ref().map_or(0, |s| s.text.len());
        for label in &diagnostic.labels {
            let (start, end) = (label.span.start, label.span.end);
            assert!(start <= end && end <= len, "{diagnostic:?}");
        }
        let mut out = String::new();
        handler
            .render_report(&mut out, diagnostic)
            .expect("a diagnostic renders");
    }
    if let Some(valid) = analysis.into_valid() {
        let _ = flowrun::evaluate::routes::count(&valid);
        let _ = flowrun::evaluate::routes::list(&valid, 3);
    }
});
