//! `--format sarif`: SARIF 2.1.0 (OASIS), the format GitHub code scanning uploads
//! (`github/codeql-action/upload-sarif`). One run; `tool.driver.rules` is the whole catalogue
//! (`crate::checks::rules::RULES`), so every result's `ruleIndex` points into it.
//!
//! Locations: `artifactLocation.uri` is the path as given, relative to the directory flowrun ran
//! in (an absolute path inside it is made relative), with forward slashes and `%SRCROOT%` as its
//! base; a path outside it is a `file://` URI. Regions are 1-based; columns count Unicode code
//! points (`columnKind: unicodeCodePoints`), and `endColumn` is one past the last character, as
//! SARIF defines it.
//!
//! The tool's `informationUri` and each rule's `helpUri` point into the sources of this
//! version as docs.rs shows them ([`DOCS`]): the README, and the rule's heading on the rules
//! page, `docs/rules.md` (generated from the same catalogue as `flowrun explain`). Each result
//! has a `partialFingerprints` entry, `flowrun/v1`, that does not change when the lines around
//! it move: a hash of the code, the file, the text the diagnostic points at and how many
//! results before it in the file had those three.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::Diagnostic;
use crate::checks::rules::RULES;
use crate::diagnostic::Severity;

use super::{Position, Report, file, position};

/// Where flowrun's documentation is read: this version's sources as docs.rs serves them, so a
/// report links to the documentation of the version that wrote it.
const DOCS: &str = concat!(
    "https://docs.rs/crate/flowrun/",
    env!("CARGO_PKG_VERSION"),
    "/source/"
);

/// The key of flowrun's fingerprint in `partialFingerprints`; the version changes if the way it
/// is computed ever does.
const FINGERPRINT: &str = "flowrun/v1";

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
                "helpUri": help_uri(rule),
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let mut seen = std::collections::HashMap::new();
    let results: Vec<Value> = report
        .shown()
        .iter()
        .map(|d| {
            let mut result = result(d, cwd.as_deref());
            let (code, file, text) = fingerprint_parts(d);
            let occurrence = seen.entry((code, file, text)).or_insert(0_usize);
            result["partialFingerprints"] =
                json!({ FINGERPRINT: fingerprint(code, file, text, *occurrence) });
            *occurrence += 1;
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "flowrun",
                    "informationUri": format!("{DOCS}README.md"),
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

/// The rule's section of the rules page (the anchor GitHub gives `## FLOW201 unreachable-node`).
fn help_uri(rule: &crate::checks::rules::Rule) -> String {
    format!(
        "{DOCS}docs/rules.md#{}-{}",
        rule.id.to_lowercase(),
        rule.name
    )
}

/// What a result's fingerprint is made of: its code, its file, and the text it points at (its
/// message when it points at none).
fn fingerprint_parts(d: &Diagnostic) -> (&str, &str, &str) {
    let text = d
        .source
        .as_ref()
        .zip(d.primary_span())
        .and_then(|(source, span)| source.text.get(span.start..span.end))
        .filter(|text| !text.is_empty())
        .unwrap_or(&d.message);
    (d.code.as_str(), file(d).unwrap_or(""), text)
}

/// 64-bit FNV-1a of the parts, each ended by a 0 byte, in hex: the same on every platform and
/// in every version of Rust.
fn fingerprint(code: &str, file: &str, text: &str, occurrence: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let occurrence = occurrence.to_string();
    for part in [code, file, text, occurrence.as_str()] {
        for &byte in part.as_bytes().iter().chain(&[0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
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
    fn fingerprints_are_fnv_1a_of_their_parts() {
        // FNV-1a 64 of "" is its offset basis; of the four parts, stable by construction.
        assert_eq!(fingerprint("", "", "", 0).len(), 16);
        assert_eq!(
            fingerprint("FLOW101", "a.flow", "x", 0),
            fingerprint("FLOW101", "a.flow", "x", 0)
        );
        assert_ne!(
            fingerprint("FLOW101", "a.flow", "x", 0),
            fingerprint("FLOW101", "a.flow", "x", 1)
        );
        // The separators keep parts from running into each other.
        assert_ne!(
            fingerprint("FLOW101", "a.flow", "x", 0),
            fingerprint("FLOW101", "a.flo", "wx", 0)
        );
    }

    #[test]
    fn rules_link_to_their_heading_on_the_rules_page() {
        let rule = RULES.iter().find(|r| r.id == "FLOW201").unwrap();
        assert!(
            help_uri(rule).ends_with("/source/docs/rules.md#flow201-unreachable-node"),
            "{}",
            help_uri(rule)
        );
        assert!(help_uri(rule).starts_with("https://docs.rs/crate/flowrun/"));
    }

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
