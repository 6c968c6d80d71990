//! `--format junit`: JUnit XML, which CI systems (GitLab, Jenkins, Azure, test-report actions)
//! show as test results. One `<testsuite>` named `flowrun check`, one `<testcase>` per file
//! (named by its path):
//!
//! - a file with errors has one `<failure>` (type: the first error's code) listing them, one
//!   `file:line:col: severity[CODE] message` line each; with `--deny warnings` its warnings are
//!   listed there too;
//! - a file that could not be read (`FLOW401`) has an `<error>` instead: nothing was checked;
//! - warnings that do not fail the run go to the test case's `<system-out>`, so the case passes
//!   and the warnings are still there to read.

use std::fmt::Write;

use crate::Diagnostic;
use crate::checks::rules::Code;

use super::{Report, file};
use crate::flow::text::message_line;

pub(crate) fn render(report: &Report<'_>) -> String {
    // Test cases: every file checked and every path named by a diagnostic, in report order.
    let mut names: Vec<&str> = report.files.iter().map(String::as_str).collect();
    names.extend(report.diagnostics.iter().filter_map(file));
    names.sort_by(|a, b| std::path::Path::new(a).cmp(std::path::Path::new(b)));
    names.dedup();

    let shown = report.shown();
    let mut cases = String::new();
    let (mut failures, mut errors) = (0, 0);
    for name in &names {
        let of_file: Vec<&Diagnostic> = shown
            .iter()
            .map(AsRef::as_ref)
            .filter(|d| file(d) == Some(name))
            .collect();
        let (unreadable, rest): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            of_file.iter().partition(|d| d.code == Code::Io);
        let (failing, passing): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            rest.iter().partition(|d| report.fails(d));
        let _ = write!(
            cases,
            "    <testcase name=\"{}\" classname=\"flowrun.check\">",
            escape(name, true)
        );
        if unreadable.is_empty() && failing.is_empty() && passing.is_empty() {
            cases.push_str("</testcase>\n");
            continue;
        }
        cases.push('\n');
        if let Some(first) = unreadable.first() {
            errors += 1;
            let total = count(report, name, |d| d.code == Code::Io);
            element(&mut cases, "error", first, &unreadable, total);
        } else if let Some(first) = failing.first() {
            failures += 1;
            let total = count(report, name, |d| d.code != Code::Io && report.fails(d));
            element(&mut cases, "failure", first, &failing, total);
        }
        if !passing.is_empty() {
            let _ = writeln!(
                cases,
                "      <system-out>{}</system-out>",
                escape(&lines(&passing), false)
            );
        }
        cases.push_str("    </testcase>\n");
    }
    let tests = names.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let counts =
        format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\"");
    let _ = writeln!(out, "<testsuites name=\"flowrun check\" {counts}>");
    let _ = writeln!(out, "  <testsuite name=\"flowrun check\" {counts}>");
    out.push_str(&cases);
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// How many of the report's diagnostics in file `name` are `which`, shown or not.
fn count(report: &Report<'_>, name: &str, which: impl Fn(&Diagnostic) -> bool) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| file(d) == Some(name) && which(d))
        .count()
}

/// `<failure>` or `<error>`: the first diagnostic's message as its `message` (with how many
/// more there are of `total`), all shown as its text.
fn element(out: &mut String, tag: &str, first: &Diagnostic, all: &[&Diagnostic], total: usize) {
    let summary = if total <= 1 {
        message_line(&first.message)
    } else {
        format!("{} (and {} more)", message_line(&first.message), total - 1)
    };
    let _ = writeln!(
        out,
        "      <{tag} message=\"{}\" type=\"{}\">{}</{tag}>",
        escape(&summary, true),
        first.code.as_str(),
        escape(&lines(all), false)
    );
}

/// Diagnostics one to a line, in the `short` format, with their help.
pub(crate) fn lines(diagnostics: &[&Diagnostic]) -> String {
    let mut text = String::new();
    for d in diagnostics {
        text.push_str(&super::short::line(d));
        if let Some(help) = &d.help {
            let _ = writeln!(text, "  help: {}", message_line(help));
        }
    }
    text
}

/// Text for XML content or a quoted attribute: the five special characters as entities, `\r` (and
/// in attributes, where a parser would turn them into spaces, line breaks and tabs) as character
/// references, and characters XML 1.0 cannot hold at all (other control characters, U+FFFE,
/// U+FFFF) as U+FFFD.
pub(crate) fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' if !attribute => out.push(c),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_characters_xml_cannot_hold() {
        let text = "a<b & \"c\" 'd'>\n\t\r\u{1}\u{FFFF}";
        assert_eq!(
            escape(text, true),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;&#9;&#13;\u{FFFD}\u{FFFD}"
        );
        assert_eq!(
            escape(text, false),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\n\t&#13;\u{FFFD}\u{FFFD}"
        );
    }
}
