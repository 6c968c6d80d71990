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
//!
//! Each `<testcase>` has `file` (the path, as every format prints it), `line` (of its first
//! failure, or of its first diagnostic) when it has one, and `time`: the seconds checking the
//! file took; the suite's `time` is their sum. The XML is written with quick-xml.

use std::fmt::Write;
use std::time::Duration;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::Diagnostic;
use crate::checks::rules::Code;

use super::{Report, file, position};
use crate::flow::text::message_line;

pub(crate) fn render(report: &Report<'_>) -> String {
    // Test cases: every file checked and every path named by a diagnostic, in report order.
    let mut names: Vec<&str> = report.files.iter().map(String::as_str).collect();
    names.extend(report.diagnostics.iter().filter_map(file));
    names.sort_by(|a, b| std::path::Path::new(a).cmp(std::path::Path::new(b)));
    names.dedup();
    let time_of = |name: &str| {
        report
            .files
            .iter()
            .position(|f| f == name)
            .and_then(|i| report.times.get(i).copied())
            .unwrap_or_default()
    };

    let shown = report.shown();
    let (mut failures, mut errors) = (0, 0);
    let mut total = Duration::ZERO;
    let mut cases = Vec::with_capacity(names.len());
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
        let time = time_of(name);
        total += time;
        let outcome = if let Some(first) = unreadable.first() {
            errors += 1;
            let total = count(report, name, |d| d.code == Code::Io);
            Some(("error", *first, unreadable.clone(), total))
        } else if let Some(first) = failing.first() {
            failures += 1;
            let total = count(report, name, |d| d.code != Code::Io && report.fails(d));
            Some(("failure", *first, failing.clone(), total))
        } else {
            None
        };
        let line = outcome
            .as_ref()
            .map(|(_, first, _, _)| *first)
            .or_else(|| of_file.first().copied())
            .and_then(position)
            .map(|p| p.line);
        cases.push((name, line, time, outcome, passing));
    }
    let counts = [
        ("tests", names.len().to_string()),
        ("failures", failures.to_string()),
        ("errors", errors.to_string()),
        ("skipped", "0".to_owned()),
        ("time", seconds(total)),
    ];
    let mut xml = Xml::new();
    let suite = |xml: &mut Xml, tag: &str| {
        let mut attributes = vec![("name", "flowrun check".to_owned())];
        attributes.extend(counts.iter().cloned());
        xml.open(tag, &attributes);
    };
    suite(&mut xml, "testsuites");
    suite(&mut xml, "testsuite");
    for (name, line, time, outcome, passing) in cases {
        let mut attributes = vec![
            ("name", (*name).to_owned()),
            ("classname", "flowrun.check".to_owned()),
            ("file", (*name).to_owned()),
        ];
        if let Some(line) = line {
            attributes.push(("line", line.to_string()));
        }
        attributes.push(("time", seconds(time)));
        if outcome.is_none() && passing.is_empty() {
            xml.empty("testcase", &attributes);
            continue;
        }
        xml.open("testcase", &attributes);
        if let Some((tag, first, all, total)) = outcome {
            xml.element(
                tag,
                &[
                    ("message", summary(first, total)),
                    ("type", first.code.as_str().to_owned()),
                ],
                &lines(&all),
            );
        }
        if !passing.is_empty() {
            xml.element("system-out", &[], &lines(&passing));
        }
        xml.close("testcase");
    }
    xml.close("testsuite");
    xml.close("testsuites");
    xml.finish()
}

/// How many of the report's diagnostics in file `name` are `which`, shown or not.
fn count(report: &Report<'_>, name: &str, which: impl Fn(&Diagnostic) -> bool) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| file(d) == Some(name) && which(d))
        .count()
}

/// The `message` of a `<failure>` or `<error>`: the first diagnostic's message, and how many
/// more there are (shown or not).
fn summary(first: &Diagnostic, count: usize) -> String {
    if count == 1 {
        message_line(&first.message)
    } else {
        format!("{} (and {} more)", message_line(&first.message), count - 1)
    }
}

/// Seconds, as JUnit's `time` attributes give them.
pub(crate) fn seconds(time: Duration) -> String {
    format!("{:.3}", time.as_secs_f64())
}

/// A JUnit document being written: elements indented by two spaces, attribute values and text
/// escaped by quick-xml after [`xml_safe`] has replaced what XML cannot hold.
pub(crate) struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A document with its XML declaration.
    pub(crate) fn new() -> Xml {
        let mut xml = Xml {
            writer: Writer::new_with_indent(Vec::new(), b' ', 2),
        };
        xml.write(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml
    }

    fn start<'a>(tag: &'a str, attributes: &[(&str, String)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(tag);
        for (key, value) in attributes {
            start.push_attribute((*key, xml_safe(value).as_str()));
        }
        start
    }

    fn write(&mut self, event: Event<'_>) {
        self.writer
            .write_event(event)
            .expect("writing to memory does not fail");
    }

    /// `<tag attributes>`, closed later by [`Xml::close`].
    pub(crate) fn open(&mut self, tag: &str, attributes: &[(&str, String)]) {
        self.write(Event::Start(Self::start(tag, attributes)));
    }

    pub(crate) fn close(&mut self, tag: &str) {
        self.write(Event::End(BytesEnd::new(tag)));
    }

    /// `<tag attributes/>`.
    pub(crate) fn empty(&mut self, tag: &str, attributes: &[(&str, String)]) {
        self.write(Event::Empty(Self::start(tag, attributes)));
    }

    /// `<tag attributes>text</tag>`.
    pub(crate) fn element(&mut self, tag: &str, attributes: &[(&str, String)], text: &str) {
        self.open(tag, attributes);
        self.write(Event::Text(BytesText::new(&xml_safe(text))));
        self.close(tag);
    }

    /// The document, ending in a line break.
    pub(crate) fn finish(self) -> String {
        let mut text = String::from_utf8(self.writer.into_inner()).expect("the XML is UTF-8");
        text.push('\n');
        text
    }
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

/// Text XML 1.0 can hold: the control characters other than tab and line breaks, U+FFFE and
/// U+FFFF become U+FFFD, and `\r` becomes `\n` (a parser would turn it into one anyway);
/// quick-xml escapes markup.
pub(crate) fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\r' => '\n',
            '\n' | '\t' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_what_xml_cannot_hold_replaced() {
        let text = "a<b & \"c\" 'd'>\n\t\r\u{1}\u{FFFF}";
        assert_eq!(xml_safe(text), "a<b & \"c\" 'd'>\n\t\n\u{FFFD}\u{FFFD}");
        let mut xml = Xml::new();
        xml.element("e", &[("a", text.to_owned())], text);
        assert_eq!(
            xml.finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<e a=\"a&lt;b &amp; &quot;c&quot; \
             &apos;d&apos;&gt;&#10;&#9;&#10;\u{FFFD}\u{FFFD}\">a&lt;b &amp; &quot;c&quot; \
             &apos;d&apos;&gt;\n\t\n\u{FFFD}\u{FFFD}</e>\n"
        );
    }

    #[test]
    fn seconds_have_three_decimals() {
        assert_eq!(seconds(Duration::from_micros(1_600)), "0.002");
        assert_eq!(seconds(Duration::ZERO), "0.000");
    }
}
