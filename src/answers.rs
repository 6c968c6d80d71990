//! Answer files: a map from question ids to answer labels, in JSON, YAML or TOML.
//! Each answer keeps the span of its value, so a wrong answer is underlined in its file.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::rules::Code;
use crate::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Toml,
}

impl Format {
    /// The format named by a file's extension; standard input (`-`) is JSON.
    pub fn for_path(path: &str) -> Result<Format, Diagnostic> {
        if path == "-" {
            return Ok(Format::Json);
        }
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("json") => Ok(Format::Json),
            Some("yaml" | "yml") => Ok(Format::Yaml),
            Some("toml") => Ok(Format::Toml),
            _ => Err(Diagnostic::new(
                Code::MalformedAnswers,
                format!("cannot tell the format of `{path}` from its extension"),
            )
            .help(
                "name the answers file `.json`, `.yaml`, `.yml` or `.toml`, or pipe JSON to `-`",
            )),
        }
    }
}

/// One answer as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Bool(bool),
    /// Kept as written, so `1` matches a label `1`.
    Number(String),
    /// A list, a map or null: not something that can name an answer. Holds its kind.
    Other(&'static str),
}

#[derive(Clone, Debug)]
pub struct Answer {
    pub question: String,
    pub value: Value,
    pub key_span: Option<Span>,
    pub value_span: Option<Span>,
}

#[derive(Debug)]
pub struct Answers {
    pub source: Arc<SourceFile>,
    pub entries: Vec<Answer>,
}

/// Reads an answers file's text in the given format.
pub fn parse(source: &Arc<SourceFile>, format: Format) -> Result<Answers, Diagnostic> {
    let text: &str = &source.text;
    if text.trim().is_empty() {
        return Err(Diagnostic::new(Code::MalformedAnswers, "the answers file is empty")
            .label(Span::new(0, text.len()), "nothing here")
            .help("write the answers as a map, e.g. `{\"us_canada\": \"Yes\"}`; `{}` means no answers")
            .in_file(source));
    }
    let entries = match format {
        Format::Json => parse_json(text),
        Format::Yaml => parse_yaml(text),
        Format::Toml => parse_toml(text),
    }
    .map_err(|e| e.in_file(source))?;
    Ok(Answers {
        source: Arc::clone(source),
        entries,
    })
}

fn malformed(format: &str, message: &str, at: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MalformedAnswers,
        format!("the answers file is not valid {format}: {message}"),
    )
    .label(at, "here")
    .help("an answers file maps question ids to answers, e.g. `{\"us_canada\": \"Yes\", \"hipaa\": false}`")
}

fn not_a_map(found: &str, text: &str) -> Diagnostic {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    Diagnostic::new(
        Code::MalformedAnswers,
        format!("the answers file holds {found}, not a map of question ids to answers"),
    )
    .label(Span::new(start, end.max(start)), "expected a map")
    .help("write the answers as a map, e.g. `{\"us_canada\": \"Yes\", \"hipaa\": \"No\"}`")
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

fn char_span(text: &str, offset: usize) -> Span {
    let offset = offset.min(text.len());
    let width = text[offset..].chars().next().map_or(0, char::len_utf8);
    Span::new(offset, offset + width)
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "a map",
    }
}

fn from_json(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.to_string()),
        other => Value::Other(json_kind(other)),
    }
}

fn parse_json(text: &str) -> Result<Vec<Answer>, Diagnostic> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let at = offset_of(text, e.line(), e.column().max(1));
        malformed("JSON", &e.to_string(), char_span(text, at))
    })?;
    let serde_json::Value::Object(map) = value else {
        return Err(not_a_map(json_kind(&value), text));
    };
    // JSON is YAML, so the YAML reader finds where each value is written.
    let spans = yaml_value_spans(text);
    Ok(map
        .iter()
        .map(|(key, value)| answer(text, key, from_json(value), spans.get(key).copied()))
        .collect())
}

fn yaml_value_spans(text: &str) -> BTreeMap<String, Span> {
    serde_saphyr::from_str::<BTreeMap<String, serde_saphyr::Spanned<serde_json::Value>>>(text)
        .map(|map| {
            map.into_iter()
                .filter_map(|(k, v)| saphyr_span(&v.referenced).map(|s| (k, s)))
                .collect()
        })
        .unwrap_or_default()
}

fn saphyr_span(location: &serde_saphyr::Location) -> Option<Span> {
    let span = location.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    Some(Span::new(start, start + len))
}

fn parse_yaml(text: &str) -> Result<Vec<Answer>, Diagnostic> {
    // First as any value, to tell "not a map" from "not YAML".
    let value: serde_json::Value = serde_saphyr::from_str(text).map_err(|e| {
        let at = e
            .location()
            .and_then(|l| saphyr_span(&l).map(|s| s.start))
            .unwrap_or(0);
        let message = e.to_string();
        let first_line = message.lines().next().unwrap_or("").to_owned();
        malformed("YAML", &first_line, char_span(text, at))
    })?;
    let serde_json::Value::Object(map) = value else {
        return Err(not_a_map(json_kind(&value), text));
    };
    let spans = yaml_value_spans(text);
    Ok(map
        .iter()
        .map(|(key, value)| answer(text, key, from_json(value), spans.get(key).copied()))
        .collect())
}

fn parse_toml(text: &str) -> Result<Vec<Answer>, Diagnostic> {
    let map: BTreeMap<String, toml::Spanned<toml::Value>> = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |r| r.start);
        malformed("TOML", e.message(), char_span(text, at))
    })?;
    Ok(map
        .iter()
        .map(|(key, spanned)| {
            let value = match spanned.get_ref() {
                toml::Value::String(s) => Value::Text(s.clone()),
                toml::Value::Boolean(b) => Value::Bool(*b),
                toml::Value::Integer(i) => Value::Number(i.to_string()),
                toml::Value::Float(f) => Value::Number(f.to_string()),
                toml::Value::Datetime(_) => Value::Other("a date"),
                toml::Value::Array(_) => Value::Other("a list"),
                toml::Value::Table(_) => Value::Other("a map"),
            };
            let r = spanned.span();
            answer(text, key, value, Some(Span::new(r.start, r.end)))
        })
        .collect())
}

/// An entry with its key located just before its value.
fn answer(text: &str, key: &str, value: Value, value_span: Option<Span>) -> Answer {
    let key_span = value_span.and_then(|v| {
        text[..v.start]
            .rfind(key)
            .map(|start| Span::new(start, start + key.len()))
    });
    Answer {
        question: key.to_owned(),
        value,
        key_span,
        value_span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, format: Format) -> Result<Answers, Diagnostic> {
        parse(&SourceFile::new("answers", text), format)
    }

    #[test]
    fn the_three_formats_read_the_same_answers_with_spans() {
        let json = read(r#"{"hipaa": "No", "outside": false}"#, Format::Json).unwrap();
        let yaml = read("hipaa: \"No\"\noutside: false\n", Format::Yaml).unwrap();
        let toml = read("hipaa = \"No\"\noutside = false\n", Format::Toml).unwrap();
        for answers in [&json, &yaml, &toml] {
            let hipaa = answers
                .entries
                .iter()
                .find(|a| a.question == "hipaa")
                .unwrap();
            assert_eq!(hipaa.value, Value::Text("No".into()));
            let span = hipaa.value_span.expect("value span");
            assert!(answers.source.text[span.start..span.end].contains("No"));
            let key = hipaa.key_span.expect("key span");
            assert_eq!(&answers.source.text[key.start..key.end], "hipaa");
            let outside = answers
                .entries
                .iter()
                .find(|a| a.question == "outside")
                .unwrap();
            assert_eq!(outside.value, Value::Bool(false));
        }
    }

    #[test]
    fn unquoted_yaml_no_is_a_boolean_or_the_label() {
        // YAML readers differ on `No`; either way it matches a `No` answer when walked.
        let yaml = read("hipaa: No\n", Format::Yaml).unwrap();
        assert!(matches!(
            &yaml.entries[0].value,
            Value::Bool(false) | Value::Text(_)
        ));
    }

    #[test]
    fn malformed_and_non_map_files_are_diagnosed() {
        for (text, format) in [
            ("{\"a\": ", Format::Json),
            ("[1, 2]", Format::Json),
            ("a = ", Format::Toml),
            ("- a\n- b\n", Format::Yaml),
            ("a: [b\n", Format::Yaml),
            ("  \n", Format::Json),
        ] {
            let err = read(text, format).unwrap_err();
            assert_eq!(err.code, Code::MalformedAnswers, "{text:?}");
            assert!(err.primary_span().is_some(), "{text:?}");
        }
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::for_path("a.JSON").unwrap(), Format::Json);
        assert_eq!(Format::for_path("a.yml").unwrap(), Format::Yaml);
        assert_eq!(Format::for_path("-").unwrap(), Format::Json);
        assert!(Format::for_path("a.txt").is_err());
    }
}
