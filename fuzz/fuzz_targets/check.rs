//! The whole check without configuration: parse, build, validate, lint, suppression comments;
//! then what the other verbs compute from a valid flow (route counts, one listed route).
//!
//! One input in four is also checked as a long line: its last space widened to 66,000 spaces,
//! so that labels fall past column 65,535, where miette's graphical handler cannot pad. Every
//! diagnostic is drawn as the CLI draws it (`Diagnostic::drawable`, windows of long lines) and
//! as it is (`miette::Diagnostic` on the diagnostic itself), neither of which may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use miette::{GraphicalReportHandler, GraphicalTheme};

/// The width of the widened space: past what miette can pad to.
const WIDE: usize = 66_000;

fn check(bytes: Vec<u8>) {
    let Ok(source) = flowrun::input::from_bytes("fuzz.flow".to_owned(), bytes) else {
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
            .render_report(&mut out, &diagnostic.drawable())
            .expect("a diagnostic renders");
        let mut plain = String::new();
        let _ = handler.render_report(&mut plain, diagnostic);
    }
    if let Some(valid) = analysis.into_valid() {
        let _ = flowrun::evaluate::routes::count(&valid);
        let _ = flowrun::evaluate::routes::list(&valid, 3);
    }
}

fuzz_target!(|data: &[u8]| {
    check(data.to_vec());
    if data.len() % 4 == 0
        && let Some(space) = data.iter().rposition(|&b| b == b' ')
    {
        let mut long = Vec::with_capacity(data.len() + WIDE);
        long.extend_from_slice(&data[..space]);
        long.resize(long.len() + WIDE, b' ');
        long.extend_from_slice(&data[space + 1..]);
        check(long);
    }
});
