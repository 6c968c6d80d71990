//! `--format sarif`: SARIF 2.1.0 (OASIS), the format GitHub code scanning uploads
//! (`github/codeql-action/upload-sarif`). One run; `tool.driver.rules` is the whole catalogue
//! (`crate::checks::rules::RULES`), so every result's `ruleIndex` points into it.
//!
//! Locations: `artifactLocation.uri` is the path as given, relative to the directory flowrun ran
//! in (an absolute path inside it is made relative), with forward slashes and `%SRCROOT%` as its
//! base; a path outside it is a `file://` URI. Regions are 1-based; columns count Unicode code
//! points (`columnKind: unicodeCodePoints`), and `endColumn` is one past the last character, as
//! SARIF defines it.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::Diagnostic;
use crate::checks::rules::RULES;
use crate::diagnostic::Severity;

use super::{Position, Report, file, position};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

pub(crate) fn render(report: &Report<'_>) -> String {
    let cwd = std::env::current_dir().ok();
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.doc },
                "help": { "text": rule.doc },
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .shown()
        .iter()
        .map(|d| result(d, cwd.as_deref()))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "flowrun",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).expect("plain data serializes");
    text.push('\n');
    text
}

const fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result(d: &Diagnostic, cwd: Option<&std::path::Path>) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let rule_index = RULES
        .iter()
        .position(|r| r.code == d.code)
        .expect("every code has a catalogue entry");
    let mut result = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
    });
    if let Some(name) = file(d) {
        let artifact = artifact_location(name, cwd);
        let mut physical = json!({ "artifactLocation": artifact.clone() });
        if let Some(p) = position(d) {
            physical["region"] = region(p);
        }
        result["locations"] = json!([{ "physicalLocation": physical }]);
        // The other labels of the diagnostic: the other places it concerns.
        let related: Vec<Value> = d
            .labels
            .iter()
            .skip(1)
            .enumerate()
            .filter_map(|(i, label)| {
                let source = d.source.as_ref()?;
                let (line, column) = source.line_col(label.span.start);
                let (end_line, end_column) = source.line_col(label.span.end);
                let mut location = json!({
                    "id": i + 1,
                    "physicalLocation": {
                        "artifactLocation": artifact.clone(),
                        "region": region(Position { line, column, end_line, end_column }),
                    },
                });
                if !label.text.is_empty() {
                    location["message"] = json!({ "text": label.text });
                }
                Some(location)
            })
            .collect();
        if !related.is_empty() {
            result["relatedLocations"] = Value::Array(related);
        }
    }
    result
}

fn region(p: Position) -> Value {
    json!({
        "startLine": p.line,
        "startColumn": p.column,
        "endLine": p.end_line,
        "endColumn": p.end_column,
    })
}

/// The `artifactLocation` of a file as flowrun named it.
fn artifact_location(name: &str, cwd: Option<&std::path::Path>) -> Value {
    let path = std::path::Path::new(name);
    let relative = if path.is_absolute() {
        cwd.and_then(|cwd| path.strip_prefix(cwd).ok())
    } else {
        Some(path)
    };
    match relative {
        Some(relative) => {
            let mut text = relative.to_string_lossy().into_owned();
            if cfg!(windows) {
                text = text.replace('\\', "/");
            }
            while let Some(rest) = text.strip_prefix("./") {
                text = rest.to_owned();
            }
            json!({ "uri": percent_encode(&text), "uriBaseId": "%SRCROOT%" })
        }
        None => {
            let mut text = path.to_string_lossy().into_owned();
            if cfg!(windows) {
                text = format!("/{}", text.replace('\\', "/"));
            }
            json!({ "uri": format!("file://{}", percent_encode(&text)) })
        }
    }
}

/// A path as URI text: bytes other than unreserved characters, `/` and a few safe
/// sub-delimiters are `%XX` (so spaces, `%`, `#`, `?`, `:` and non-ASCII are encoded).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn uris_are_relative_with_forward_slashes_and_encoded() {
        let cwd = Path::new("/repo");
        assert_eq!(
            artifact_location("./flows/a b.flow", Some(cwd)),
            json!({ "uri": "flows/a%20b.flow", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact_location("/repo/flows/é.flow", Some(cwd)),
            json!({ "uri": "flows/%C3%A9.flow", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact_location("/elsewhere/x:1.flow", Some(cwd)),
            json!({ "uri": "file:///elsewhere/x%3A1.flow" })
        );
    }
}
