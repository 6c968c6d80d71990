//! Printing diagnostics: miette's graphical report for people, JSON for programs.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use flowrun::{Diagnostic, SourceFile};
use miette::{GraphicalReportHandler, GraphicalTheme};
use serde::Serialize;

/// Colour only on a terminal, and never when NO_COLOR is set.
fn theme() -> GraphicalTheme {
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    }
}

/// Renders one diagnostic for a person.
pub(crate) fn render_human(diagnostic: &Diagnostic) -> String {
    let handler = GraphicalReportHandler::new_themed(theme()).with_width(100);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = format!("{}: {}\n", diagnostic.code.as_str(), diagnostic.message);
    }
    out
}

/// Reads a flow file, or prints why it cannot be read and gives the exit code for that: 1 for a
/// file that is not UTF-8 (a flow error), 2 for one that cannot be read.
pub(crate) fn read_flow(path: &str) -> Result<Arc<SourceFile>, super::Exit> {
    flowrun::input::read_source(path).map_err(|error| {
        let exit = match &error {
            flowrun::input::ReadError::NotUtf8(_) => super::Exit::FlowErrors,
            flowrun::input::ReadError::Io(_) => super::Exit::Input,
        };
        eprint_human(&[error.into_diagnostic()]);
        exit
    })
}

/// Prints diagnostics to stderr for a person.
pub(crate) fn eprint_human(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprint!("{}", render_human(d));
    }
}

#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

/// Diagnostics as JSON objects, with 1-based lines and columns.
pub(crate) fn to_json(diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic<'_>> {
    diagnostics
        .iter()
        .map(|d| {
            let at = super::report::position(d);
            JsonDiagnostic {
                code: d.code.as_str(),
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                file: super::report::file(d),
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

/// Reads and checks a flow as `run` does (the nearest flowrun.toml applied): the valid flow and
/// its warnings, or the exit code and the diagnostics that stop the verb (`ask`, `batch`).
pub(crate) fn load_valid_flow(
    path: &str,
) -> Result<(flowrun::ValidFlow, Vec<Diagnostic>), (super::Exit, Vec<Diagnostic>)> {
    let source = flowrun::input::read_source(path).map_err(|e| match e {
        flowrun::input::ReadError::Io(d) => (super::Exit::Input, vec![d]),
        flowrun::input::ReadError::NotUtf8(d) => (super::Exit::FlowErrors, vec![d]),
    })?;
    let mut analysis = flowrun::analyze(&source);
    let mut configs = flowrun::config::Finder::new();
    configs.apply(std::path::Path::new(path), &mut analysis.diagnostics);
    let config_problems = configs.take_diagnostics();
    if !config_problems.is_empty() {
        return Err((super::Exit::Input, config_problems));
    }
    if analysis.has_errors() {
        return Err((super::Exit::FlowErrors, analysis.diagnostics));
    }
    let warnings = analysis.diagnostics.clone();
    match analysis.into_valid() {
        Some(flow) => Ok((flow, warnings)),
        None => Err((super::Exit::FlowErrors, warnings)),
    }
}
