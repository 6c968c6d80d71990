//! `--format short`: one line per diagnostic, `file:line:col: severity[CODE] message`, the form
//! compilers use, so editors and `grep` can jump to it.

use crate::Diagnostic;

use super::{Report, file, position};
use crate::flow::text::message_line;

pub(crate) fn render(report: &Report<'_>) -> String {
    report.shown().iter().map(|d| line(d)).collect()
}

/// One diagnostic as one line, ending in a line break. A diagnostic with no position names only
/// its file (`missing.flow: error[FLOW401] ...`).
pub(crate) fn line(d: &Diagnostic) -> String {
    let place = match (file(d), position(d)) {
        (Some(file), Some(p)) => format!("{file}:{}:{}", p.line, p.column),
        (Some(file), None) => file.to_owned(),
        (None, _) => "flowrun".to_owned(),
    };
    format!(
        "{place}: {}[{}] {}\n",
        d.severity.as_str(),
        d.code.as_str(),
        message_line(&d.message)
    )
}
