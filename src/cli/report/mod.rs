//! Writers for `flowrun check --format`: one file per machine format. `human` and `json` are
//! shared with `run` and live in `super::output`.
//!
//! Every writer takes the same [`Report`]: the files checked and the diagnostics, already in
//! their final order (by file path, then position), and returns the text to print on stdout.

pub(crate) mod github;
pub(crate) mod junit;
pub(crate) mod sarif;
pub(crate) mod short;

use std::borrow::Cow;

use crate::Diagnostic;
use crate::diagnostic::cap;

/// How `check` prints what it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Source snippets with the problem underlined, on stderr (colour on a terminal).
    Human,
    /// One line per diagnostic: `file:line:col: severity[CODE] message`.
    Short,
    /// One JSON list of diagnostics.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`): annotations on a PR.
    Github,
    /// JUnit XML: one test case per file checked, a failure for each file with errors.
    Junit,
}

/// What one `check` run found.
pub(crate) struct Report<'a> {
    /// Every file checked, in path order.
    pub(crate) files: &'a [String],
    /// How long checking each of `files` took, in the same order (JUnit's `time`).
    pub(crate) times: &'a [std::time::Duration],
    /// Every diagnostic, by file path and then position.
    pub(crate) diagnostics: &'a [Diagnostic],
    /// `--deny warnings`: warnings fail the run like errors.
    pub(crate) deny_warnings: bool,
}

impl Report<'_> {
    /// Whether a diagnostic fails the run.
    pub(crate) fn fails(&self, d: &Diagnostic) -> bool {
        d.is_error() || self.deny_warnings
    }

    /// The diagnostics every format prints: repeats of one code in one file capped, the rest
    /// counted by one diagnostic (`crate::diagnostic::cap`).
    pub(crate) fn shown(&self) -> Vec<Cow<'_, Diagnostic>> {
        cap::shown(self.diagnostics)
    }
}

/// Where a diagnostic points: 1-based lines, columns in characters, the end one past the last
/// character (so an empty span has `end_column == column`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
}

pub(crate) fn position(d: &Diagnostic) -> Option<Position> {
    let (source, span) = (d.source.as_ref()?, d.primary_span()?);
    let (line, column) = source.line_col(span.start);
    let (end_line, end_column) = source.line_col(span.end);
    Some(Position {
        line,
        column,
        end_line,
        end_column,
    })
}

/// The file a diagnostic is about, as it was named.
pub(crate) fn file(d: &Diagnostic) -> Option<&str> {
    d.source.as_ref().map(|s| s.name.as_str())
}
