//! Printing diagnostics: miette's graphical report for people, JSON for programs.

use std::borrow::Cow;
use std::io::Write;

use crate::Diagnostic;
use crate::diagnostic::cap;
use miette::{GraphicalReportHandler, GraphicalTheme};
use serde::Serialize;

/// Colour as `--color` and the environment say (`super::colour`).
fn theme() -> GraphicalTheme {
    if super::colour() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    }
}

/// Renders one diagnostic for a person.
pub(crate) fn render_human(diagnostic: &Diagnostic) -> String {
    let handler = GraphicalReportHandler::new_themed(theme()).with_width(100);
    let mut out = String::new();
    if handler
        .render_report(&mut out, &diagnostic.drawable())
        .is_err()
    {
        out = format!("{}: {}\n", diagnostic.code.as_str(), diagnostic.message);
    }
    out
}

/// Prints diagnostics to stderr for a person, repeats capped (`crate::diagnostic::cap`).
pub(crate) fn eprint_human(diagnostics: &[Diagnostic]) {
    for d in cap::shown(diagnostics) {
        eprint!("{}", render_human(&d));
    }
}

#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: Cow<'a, str>,
    help: Option<Cow<'a, str>>,
    file: Option<Cow<'a, str>>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

/// Diagnostics as JSON objects, with 1-based lines and columns, repeats capped
/// (`crate::diagnostic::cap`).
pub(crate) fn to_json(diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic<'_>> {
    cap::shown(diagnostics)
        .into_iter()
        .map(|d| {
            let at = super::report::position(&d);
            let (code, severity) = (d.code.as_str(), d.severity.as_str());
            let (message, help, file) = match d {
                Cow::Borrowed(d) => (
                    Cow::Borrowed(d.message.as_str()),
                    d.help.as_deref().map(Cow::Borrowed),
                    super::report::file(d).map(Cow::Borrowed),
                ),
                Cow::Owned(d) => (
                    Cow::Owned(d.message.clone()),
                    d.help.clone().map(Cow::Owned),
                    super::report::file(&d).map(|f| Cow::Owned(f.to_owned())),
                ),
            };
            JsonDiagnostic {
                code,
                severity,
                message,
                help,
                file,
                line: at.map(|p| p.line),
                column: at.map(|p| p.column),
                end_line: at.map(|p| p.end_line),
                end_column: at.map(|p| p.end_column),
            }
        })
        .collect()
}

/// Prints a serializable value as pretty JSON on stdout.
pub(crate) fn print_json<T: Serialize>(value: &T) {
    let mut text = serde_json::to_string_pretty(value).expect("plain data serializes");
    text.push('\n');
    print_out(&text);
}

/// Writes to stdout. A reader that stops early (`flowrun ... | head`) is not an error, so a
/// closed pipe ends the output quietly instead of panicking like `print!` would.
pub(crate) fn print_out(text: &str) {
    print_bytes(text.as_bytes());
}

/// Writes bytes (text or an image) to stdout, quietly stopping at a closed pipe.
pub(crate) fn print_bytes(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("flowrun: cannot write to standard output: {e}");
    }
}
