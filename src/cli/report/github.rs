//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the lines of a pull request:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`.
//!
//! Escaping as the runner expects (actions/toolkit `command.ts`): in the message `%`, `\r` and
//! `\n` become `%25`, `%0D` and `%0A`; in property values `:` and `,` also become `%3A`, `%2C`.

use std::fmt::Write;

use crate::diagnostic::Severity;

use super::{Report, file, position};

pub(crate) fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for d in &report.shown() {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let Some(file) = file(d) {
            properties.push(format!("file={}", escape_property(file)));
        }
        if let Some(p) = position(d) {
            properties.push(format!("line={}", p.line));
            properties.push(format!("col={}", p.column));
            properties.push(format!("endLine={}", p.end_line));
            properties.push(format!("endColumn={}", p.end_column));
        }
        properties.push(format!("title={}", escape_property(d.code.as_str())));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message)
        );
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_unescapes() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("C:\\a,b%\nc"), "C%3A\\a%2Cb%25%0Ac");
    }
}
