//! Answer files: a map from question ids to answer labels, in JSON, YAML or TOML.
//! Each answer keeps the span of its value, so a wrong answer is underlined in its file.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::checks::structure::ValidFlow;
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::NodeKind;
use crate::input::source::{LineIndex, SourceFile, Span};

pub(crate) const MALFORMED_ANSWERS: Rule = Rule::new(
    Code::MalformedAnswers,
    "an answers file is not valid JSON, YAML or TOML, or is not a map; or an `--answer` is not `ID=VALUE`",
    "\
What it checks: that an answers file parses in its format and that its top level maps question
ids to answers. The format is `--answers-format` if given, else the one its extension names
(`.json`, `.yaml`/`.yml`, `.toml`); standard input is JSON when it starts with `{`, TOML when its
first line that is not blank or a `#` comment is `key = value` or `[table]`, and YAML otherwise.
Also that each `--answer` flag is `ID=VALUE` with an id and a value, once per question.

Why: flowrun cannot tell which answers were meant from a file it cannot read.

Example:
    [\"Yes\", \"No\"]
Fix: name each question: `{ \"us_canada\": \"Yes\", \"outside\": \"No\" }` (the hint shows
the first questions of the flow being run), or `--answer us_canada=Yes`.",
);

/// The format an answers file is written in: what `--answers-format` names, or what
/// [`Format::for_path`] or [`Format::sniff`] finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `{ "us_canada": "Yes" }`, in a `.json` file.
    Json,
    /// `us_canada: "Yes"`, in a `.yaml` or `.yml` file.
    Yaml,
    /// `us_canada = "Yes"`, in a `.toml` file.
    Toml,
}

impl Format {
    /// The format named by a file's extension. Standard input has no name to go by: see
    /// [`Format::sniff`].
    pub fn for_path(path: &str) -> Result<Format, Diagnostic> {
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
                "name the answers file `.json`, `.yaml`, `.yml` or `.toml`, or give \
                 `--answers-format json|yaml|toml`",
            )),
        }
    }

    /// The format answers with no name (standard input) are most likely in, from their text:
    /// JSON when the first character that is not white space is `{`; TOML when the first line
    /// that is neither blank nor a `#` comment is `key = value` or a `[table]` header; YAML
    /// otherwise (a map `key: value`, and also what is none of the three, so that the error
    /// says what YAML expected).
    #[must_use]
    pub fn sniff(text: &str) -> Format {
        if text.trim_start().starts_with('{') {
            return Format::Json;
        }
        let first = text
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('#'));
        match first {
            Some(line) if is_toml_assignment(line) || is_toml_table_header(line) => Format::Toml,
            _ => Format::Yaml,
        }
    }

    /// The format's name as people write it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
        }
    }
}

/// `key = value`, where the key is a TOML key: bare (`us_canada`, `a-b`), dotted (`a.b`) or
/// quoted (`"a b"`). A YAML line `key: a = b` is not one: its key part holds `:` and a space.
fn is_toml_assignment(line: &str) -> bool {
    line.split_once('=')
        .is_some_and(|(key, _)| is_toml_key(key.trim()))
}

/// `[table]` or `[[table]]`, maybe followed by a comment, with a bare or dotted name: a YAML
/// list (`[a, b]`, `["a"]`) is not one.
fn is_toml_table_header(line: &str) -> bool {
    let (open, close) = if line.starts_with("[[") {
        ("[[", "]]")
    } else {
        ("[", "]")
    };
    let Some(rest) = line.strip_prefix(open) else {
        return false;
    };
    let Some((name, after)) = rest.split_once(close) else {
        return false;
    };
    let after = after.trim_start();
    (after.is_empty() || after.starts_with('#'))
        && !name.trim().is_empty()
        && name.trim().chars().all(is_bare_key_char_or_dot)
}

fn is_bare_key_char_or_dot(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

fn is_toml_key(key: &str) -> bool {
    let quoted = |q: char| key.len() >= 2 && key.starts_with(q) && key.ends_with(q);
    !key.is_empty() && (key.chars().all(is_bare_key_char_or_dot) || quoted('"') || quoted('\''))
}

/// One answer as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string: `"Yes"`. It selects the label with the same text, case and outer spaces
    /// ignored.
    Text(String),
    /// `true` or `false`, unquoted: read as the text `true` or `false`, which also selects the
    /// question's one yes-like or no-like label (`Yes`, `No`...).
    Bool(bool),
    /// Kept as written, so `1` matches a label `1`.
    Number(String),
    /// A list, a map or null: not something that can name an answer. Holds its kind.
    Other(&'static str),
}

/// One entry of an answers file, or one `--answer ID=VALUE` flag.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The key: the id of the question it answers (`us_canada`).
    pub question: String,
    /// The answer as written.
    pub value: Value,
    /// Where the key is written in [`Answers::source`]; `None` when it could not be located.
    pub key_span: Option<Span>,
    /// Where the value is written in [`Answers::source`]; `None` when it could not be located.
    pub value_span: Option<Span>,
}

/// An answers file read ([`parse`], [`parse_with`]) or `--answer` flags ([`from_flags`]): every
/// answer, each with the spans of its key and value in the text.
#[derive(Debug)]
pub struct Answers {
    /// The text the answers were read from: the file, or the flags (named [`COMMAND_LINE`]).
    pub source: Arc<SourceFile>,
    /// One per question answered.
    pub entries: Vec<Answer>,
}

/// The answers shown in the hints of answers diagnostics: the first questions of the flow being
/// run (with an answer each), so that the example is one the reader can copy; a neutral
/// placeholder when no flow is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// Question id and answer label; never empty.
    pairs: Vec<(String, String)>,
}

impl Default for Example {
    fn default() -> Self {
        Example::neutral()
    }
}

impl Example {
    /// An answer label longer than this is left out of a hint for the placeholder.
    const MAX_LABEL_CHARS: usize = 40;

    /// `question_id` answered `answer label`: for when no flow is known.
    #[must_use]
    pub fn neutral() -> Example {
        Example {
            pairs: vec![("question_id".to_owned(), "answer label".to_owned())],
        }
    }

    /// The first one or two questions a walk of `flow` asks, each with its first answer: the
    /// route of first answers from the start, as `flowrun ask` would offer it.
    #[must_use]
    pub fn of(flow: &ValidFlow) -> Example {
        let mut pairs = Vec::new();
        let mut at = flow.start();
        // A valid flow has no cycle, so the walk ends; the bound only keeps that obvious.
        for _ in 0..flow.graph.node_count() {
            let Some(edge) = flow.out_edges(at).next() else {
                break;
            };
            if flow.kind(at) == NodeKind::Question {
                let label = flow.graph[edge]
                    .label
                    .as_deref()
                    .map(crate::flow::text::one_line)
                    .filter(|l| l.chars().count() <= Self::MAX_LABEL_CHARS)
                    .unwrap_or_else(|| "answer label".to_owned());
                pairs.push((flow.node(at).id.clone(), label));
                if pairs.len() == 2 {
                    break;
                }
            }
            at = flow.graph.edge_endpoints(edge).map_or(at, |(_, to)| to);
        }
        if pairs.is_empty() {
            return Example::neutral();
        }
        Example { pairs }
    }

    /// The example as a map on one line in JSON (also valid YAML): `{"q": "Yes", "r": "No"}`,
    /// with at most `count` entries.
    fn json(&self, count: usize) -> String {
        let entries: Vec<String> = self
            .pairs
            .iter()
            .take(count)
            .map(|(q, a)| format!("{}: {}", quoted(q), quoted(a)))
            .collect();
        format!("{{{}}}", entries.join(", "))
    }

    /// The first entry as a line of `format`: `q: "Yes"`, `q = "Yes"`, or JSON's `{"q": "Yes"}`.
    fn line(&self, format: Format) -> String {
        let (q, a) = &self.pairs[0];
        match format {
            Format::Json => self.json(1),
            Format::Yaml => format!("{}: {}", bare_or_quoted(q), quoted(a)),
            Format::Toml => format!("{} = {}", bare_or_quoted(q), quoted(a)),
        }
    }

    /// The first entry as the value of an `--answer` flag, quoted for a shell when it needs it:
    /// `us_canada=Yes`, `'size=Extra large'`.
    fn flag(&self) -> String {
        let (q, a) = &self.pairs[0];
        let word = format!("{q}={a}");
        let plain = word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '=' | '/'));
        if plain {
            word
        } else {
            format!("'{}'", word.replace('\'', "'\\''"))
        }
    }

    /// The hint for an answers file that is not valid `format`, or not a map.
    #[must_use]
    pub fn help(&self, format: Format) -> String {
        match format {
            Format::Json => format!(
                "an answers file maps question ids to answers, e.g. `{}`",
                self.json(2)
            ),
            Format::Yaml => format!(
                "an answers file maps question ids to answers, one per line, e.g. `{}`",
                self.line(format)
            ),
            Format::Toml => format!(
                "an answers file maps question ids to answers, one per line; TOML strings need \
                 quotes: `{}`",
                self.line(format)
            ),
        }
    }

    /// The hint for an empty answers file.
    fn help_when_empty(&self, format: Format) -> String {
        match format {
            Format::Json | Format::Yaml => format!(
                "write the answers as a map, e.g. `{}`; `{{}}` means no answers",
                self.json(1)
            ),
            Format::Toml => format!(
                "write the answers one per line, e.g. `{}`; a file holding only a `#` comment \
                 means no answers",
                self.line(format)
            ),
        }
    }
}

/// A JSON string literal, which YAML and TOML read the same way.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// A key as YAML and TOML take it bare (`us_canada`), or quoted when it needs it (`a.b` is a
/// dotted key in TOML).
fn bare_or_quoted(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { key.to_owned() } else { quoted(key) }
}

/// Reads an answers file's text in the given format, with neutral examples in its hints.
pub fn parse(source: &Arc<SourceFile>, format: Format) -> Result<Answers, Diagnostic> {
    parse_with(source, format, &Example::neutral())
}

/// Reads an answers file's text in the given format; a file that cannot be read gets a hint
/// showing `example` (`Example::of` the flow it answers).
pub fn parse_with(
    source: &Arc<SourceFile>,
    format: Format,
    example: &Example,
) -> Result<Answers, Diagnostic> {
    let text: &str = &source.text;
    if text.trim().is_empty() {
        return Err(
            Diagnostic::new(Code::MalformedAnswers, "the answers file is empty")
                .label(Span::new(0, text.len()), "nothing here")
                .help(example.help_when_empty(format))
                .in_file(source),
        );
    }
    let entries = match format {
        Format::Json => parse_json(text),
        Format::Yaml => parse_yaml(text),
        Format::Toml => parse_toml(text),
    }
    .map_err(|mut e| {
        // Not valid in the format, or not a map: how an answers file is written, in its format.
        if e.help.is_none() {
            e.help = Some(example.help(format));
        }
        e.in_file(source)
    })?;
    Ok(Answers {
        source: Arc::clone(source),
        entries,
    })
}

/// A file that is not valid `format`; `parse_with` adds the hint.
fn malformed(format: Format, message: &str, at: Span) -> Diagnostic {
    let name = format.name();
    Diagnostic::new(
        Code::MalformedAnswers,
        format!("the answers file is not valid {name}: {message}"),
    )
    .label(at, "here")
}

/// A file whose top level is not a map; `parse_with` adds the hint.
fn not_a_map(found: &str, text: &str) -> Diagnostic {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    Diagnostic::new(
        Code::MalformedAnswers,
        format!("the answers file holds {found}, not a map of question ids to answers"),
    )
    .label(Span::new(start, end.max(start)), "expected a map")
}

/// The byte offset of a 1-based line and column counted in characters (as the YAML reader counts).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = line_start(text, line);
    let rest = &text[line_start..];
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// Where a 1-based line starts, as a byte offset (the end of the text past the last line).
fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        .min(text.len())
}

/// The byte offset serde_json means by a line and column: its column counts bytes from 1, and
/// is 0 for an error found right after a line break (a string broken by one, the end of a file
/// that ends with one), which is then the place.
fn json_offset(text: &str, line: usize, column: usize) -> usize {
    let start = line_start(text, line);
    let offset = match column {
        0 => start.saturating_sub(1),
        c => (start + c - 1).min(text.len()),
    };
    floor_char_boundary(text, offset)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One character to underline. An error at the end of the text (or in the blank space that ends
/// it) points just after the last visible character: the space or line break that follows it,
/// or the character itself when nothing follows.
pub(crate) fn char_span(text: &str, offset: usize) -> Span {
    let mut offset = floor_char_boundary(text, offset.min(text.len()));
    let content_end = text.trim_end().len();
    if offset >= content_end {
        offset = if content_end < text.len() {
            content_end
        } else {
            text.char_indices().last().map_or(0, |(i, _)| i)
        };
    }
    let width = text[offset..].chars().next().map_or(0, char::len_utf8);
    Span::new(offset, offset + width)
}

/// A reader's message (without its own idea of the position) followed by the line and column
/// of the character underlined, counted as every output of flowrun counts them: lines from 1,
/// columns in characters from 1. So the message and the drawing always agree.
fn with_position(text: &str, message: &str, at: Span) -> String {
    let (line, column) = LineIndex::new(text).line_col(text, at.start);
    format!("{message} at line {line} column {column}")
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

/// An answer read from a JSON or YAML value.
pub(crate) fn from_json(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.to_string()),
        other => Value::Other(json_kind(other)),
    }
}

/// A JSON document read as written: an object keeps its entries in order, duplicates included.
enum JsonTop {
    Object(Vec<(String, serde_json::Value)>),
    Other(serde_json::Value),
}

impl<'de> serde::Deserialize<'de> for JsonTop {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = JsonTop;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<JsonTop, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(JsonTop::Object(entries))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<JsonTop, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(JsonTop::Other(serde_json::Value::Array(Vec::new())))
            }
            fn visit_str<E>(self, _: &str) -> Result<JsonTop, E> {
                Ok(JsonTop::Other(serde_json::Value::String(String::new())))
            }
            fn visit_bool<E>(self, b: bool) -> Result<JsonTop, E> {
                Ok(JsonTop::Other(serde_json::Value::Bool(b)))
            }
            fn visit_i64<E>(self, n: i64) -> Result<JsonTop, E> {
                Ok(JsonTop::Other(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<JsonTop, E> {
                Ok(JsonTop::Other(n.into()))
            }
            fn visit_f64<E>(self, _: f64) -> Result<JsonTop, E> {
                Ok(JsonTop::Other(0.into()))
            }
            fn visit_unit<E>(self) -> Result<JsonTop, E> {
                Ok(JsonTop::Other(serde_json::Value::Null))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

fn parse_json(text: &str) -> Result<Vec<Answer>, Diagnostic> {
    let top: JsonTop = serde_json::from_str(text).map_err(|e| {
        let at = char_span(text, json_offset(text, e.line(), e.column()));
        let message = e.to_string();
        let own_position = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&own_position).unwrap_or(&message);
        malformed(Format::Json, &with_position(text, message, at), at)
    })?;
    let entries = match top {
        JsonTop::Object(entries) => entries,
        JsonTop::Other(value) => return Err(not_a_map(json_kind(&value), text)),
    };
    let mut seen = std::collections::HashSet::new();
    if let Some((key, _)) = entries.iter().find(|(k, _)| !seen.insert(k.as_str())) {
        // The second occurrence of the key, found in the text.
        let quoted = format!("\"{key}\"");
        let first = text.find(&quoted).unwrap_or(0);
        let second = text[first + 1..]
            .find(&quoted)
            .map_or(first, |i| first + 1 + i);
        return Err(Diagnostic::new(
            Code::MalformedAnswers,
            format!("the answers file answers `{key}` twice"),
        )
        .label(
            Span::new(second, second + quoted.len()),
            "answered again here",
        )
        .help("keep one answer per question"));
    }
    // JSON is YAML, so the YAML reader finds where each value is written.
    let spans = yaml_value_spans(text);
    Ok(entries
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

/// Where serde-saphyr found a value, as a byte span.
pub(crate) fn saphyr_span(location: &serde_saphyr::Location) -> Option<Span> {
    let span = location.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    Some(Span::new(start, start + len))
}

fn parse_yaml(text: &str) -> Result<Vec<Answer>, Diagnostic> {
    // First as any value, to tell "not a map" from "not YAML".
    let value: serde_json::Value = serde_saphyr::from_str(text).map_err(|e| {
        let (message, at) = yaml_error(text, &e);
        malformed(Format::Yaml, &message, at)
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

/// A YAML reader's error as one line for a person, and the character it points at.
pub(crate) fn yaml_error(text: &str, e: &serde_saphyr::Error) -> (String, Span) {
    let at = e.location().map_or(0, |l| {
        saphyr_span(&l).map_or_else(
            || offset_of(text, to_usize(l.line()), to_usize(l.column())),
            |s| s.start,
        )
    });
    let message = e.to_string();
    let first_line = message.lines().next().unwrap_or("");
    let first_line = first_line.strip_prefix("error: ").unwrap_or(first_line);
    // The reader's advice about its own options means nothing to the file's author.
    let first_line = first_line
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first_line);
    let at = char_span(text, at);
    (
        with_position(text, without_yaml_position(first_line), at),
        at,
    )
}

/// A YAML reader's message without the position it gives (`line 3 column 13: ...` before it, or
/// `... at line 3, column 13` after it), which [`with_position`] puts back.
fn without_yaml_position(message: &str) -> &str {
    fn position(text: &str) -> Option<&str> {
        let rest = text.strip_prefix("line ")?;
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        let rest = rest.strip_prefix(',').unwrap_or(rest);
        let rest = rest.strip_prefix(" column ")?;
        Some(rest.trim_start_matches(|c: char| c.is_ascii_digit()))
    }
    if let Some(rest) = position(message).and_then(|r| r.strip_prefix(": ")) {
        return rest;
    }
    if let Some(at) = message.rfind(" at line ")
        && position(&message[at + 4..]) == Some("")
    {
        return &message[..at];
    }
    message
}

/// A TOML reader's error message, and the character it points at.
pub(crate) fn toml_error(text: &str, e: &toml::de::Error) -> (String, Span) {
    let at = char_span(text, e.span().map_or(0, |r| r.start));
    (with_position(text, e.message().trim(), at), at)
}

/// An answer read from a TOML value.
pub(crate) fn from_toml(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::Text(s.clone()),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Integer(i) => Value::Number(i.to_string()),
        toml::Value::Float(f) => Value::Number(f.to_string()),
        toml::Value::Datetime(_) => Value::Other("a date"),
        toml::Value::Array(_) => Value::Other("a list"),
        toml::Value::Table(_) => Value::Other("a map"),
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn parse_toml(text: &str) -> Result<Vec<Answer>, Diagnostic> {
    let map: BTreeMap<String, toml::Spanned<toml::Value>> = toml::from_str(text).map_err(|e| {
        let (message, at) = toml_error(text, &e);
        malformed(Format::Toml, &message, at)
    })?;
    Ok(map
        .iter()
        .map(|(key, spanned)| {
            let r = spanned.span();
            answer(
                text,
                key,
                from_toml(spanned.get_ref()),
                Some(Span::new(r.start, r.end)),
            )
        })
        .collect())
}

/// An entry with its key located just before its value.
pub(crate) fn answer(text: &str, key: &str, value: Value, value_span: Option<Span>) -> Answer {
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

/// What answers given as `--answer ID=VALUE` are called in reports.
pub const COMMAND_LINE: &str = "<command line>";

/// Answers given on the command line as `ID=VALUE` (`--answer hipaa=No`), read as an answers
/// file's entries would be: the value is the answer label as written, except that `true` and
/// `false` are booleans and a number is a number, as they would be unquoted in a YAML or JSON
/// file (which matches the same options: `false` a No-like label, `1` a label `1`). The
/// answers' source is the flags themselves, named [`COMMAND_LINE`], so a diagnostic underlines
/// the flag. Every malformed flag is reported: no `=`, an empty id, an empty value, or a
/// question answered twice; `example` gives the hint its ids.
pub fn from_flags(flags: &[String], example: &Example) -> Result<Answers, Vec<Diagnostic>> {
    let (text, starts) = flags_text(flags);
    let source = SourceFile::new(COMMAND_LINE, text);
    let mut entries: Vec<Answer> = Vec::new();
    let mut errors = Vec::new();
    let hint = example.flag();
    for (flag, &start) in flags.iter().zip(&starts) {
        match read_flag(flag, start, &entries, &hint) {
            Ok(answer) => entries.push(answer),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into_iter().map(|d| d.in_file(&source)).collect());
    }
    Ok(Answers { source, entries })
}

/// The flags written out as a command line (`--answer a=b --answer c=d`), the text their
/// diagnostics underline, and where each flag's `ID=VALUE` starts in it.
fn flags_text(flags: &[String]) -> (String, Vec<usize>) {
    const PREFIX: &str = "--answer ";
    let mut text = String::new();
    let mut starts = Vec::with_capacity(flags.len());
    for flag in flags {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(PREFIX);
        starts.push(text.len());
        text.push_str(flag);
    }
    (text, starts)
}

/// One `--answer` flag, starting at `start` in the command line, as an answer; or what is wrong
/// with it, given the answers read before it and the example `hint`.
fn read_flag(
    flag: &str,
    start: usize,
    before: &[Answer],
    hint: &str,
) -> Result<Answer, Diagnostic> {
    let whole = Span::new(start, start + flag.len());
    let Some((id, value)) = flag.split_once('=') else {
        return Err(malformed_flag(
            format!("`--answer {flag}` has no `=`: it takes a question id and an answer"),
            whole,
            "expected ID=VALUE",
            format!("write the question's id, `=`, then the answer label, e.g. `--answer {hint}`"),
        ));
    };
    let equals = Span::new(start + id.len(), start + id.len() + 1);
    let key_start = start + (id.len() - id.trim_start().len());
    let question = id.trim();
    if question.is_empty() {
        return Err(malformed_flag(
            format!("`--answer {flag}` names no question before the `=`"),
            equals,
            "a question id goes before this",
            format!("write the question's id, `=`, then the answer label, e.g. `--answer {hint}`"),
        ));
    }
    let key_span = Span::new(key_start, key_start + question.len());
    if value.trim().is_empty() {
        return Err(malformed_flag(
            format!("`--answer {flag}` gives `{question}` no answer after the `=`"),
            equals,
            "an answer label goes after this",
            format!(
                "write the answer label after the `=`, e.g. `--answer {hint}`; leave the flag \
                 out to leave the question unanswered"
            ),
        ));
    }
    if before.iter().any(|a| a.question == question) {
        return Err(malformed_flag(
            format!("`--answer` answers `{question}` twice"),
            key_span,
            "answered again here",
            "keep one `--answer` per question",
        ));
    }
    Ok(Answer {
        question: question.to_owned(),
        value: flag_value(value),
        key_span: Some(key_span),
        value_span: Some(Span::new(equals.end, start + flag.len())),
    })
}

/// The FLOW303 error about one malformed flag, underlined at `span`.
fn malformed_flag(message: String, span: Span, label: &str, help: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Code::MalformedAnswers, message)
        .label(span, label)
        .help(help)
}

/// The answer an `--answer` value stands for, typed as the same text unquoted in a YAML or JSON
/// file would be: `true`/`false` a boolean, a number a number (kept as written), else the text.
fn flag_value(value: &str) -> Value {
    let trimmed = value.trim();
    match trimmed {
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_number(trimmed) => Value::Number(trimmed.to_owned()),
        _ => Value::Text(value.to_owned()),
    }
}

/// A number as JSON writes one: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_number(text: &str) -> bool {
    fn digits(s: &str) -> usize {
        s.bytes().take_while(u8::is_ascii_digit).count()
    }
    let s = text.strip_prefix('-').unwrap_or(text);
    let int = digits(s);
    if int == 0 || (int > 1 && s.starts_with('0')) {
        return false;
    }
    let mut rest = &s[int..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let n = digits(exponent);
        if n == 0 {
            return false;
        }
        rest = &exponent[n..];
    }
    rest.is_empty()
}

/// Answers as the text of an answers file in `format`, in the order given: what
/// `flowrun ask --save` writes, and what `parse` reads back to the same labels.
pub fn to_text(answers: &[(String, String)], format: Format) -> Result<String, Diagnostic> {
    /// A map that keeps the order of the route, which `BTreeMap` would not.
    struct InOrder<'a>(&'a [(String, String)]);
    impl serde::Serialize for InOrder<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_map(self.0.iter().map(|(q, a)| (q, a)))
        }
    }
    let map = InOrder(answers);
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&map)
            .map(|t| t + "\n")
            .map_err(|e| e.to_string()),
        Format::Yaml => serde_saphyr::to_string(&map).map_err(|e| e.to_string()),
        // An empty TOML file would read as "the answers file is empty"; a comment is no answers.
        Format::Toml if answers.is_empty() => Ok("# no questions were answered\n".to_owned()),
        Format::Toml => toml::to_string(&map).map_err(|e| e.to_string()),
    };
    text.map_err(|e| {
        Diagnostic::new(
            Code::Io,
            format!("cannot write the answers as {format:?}: {e}"),
        )
        .help("this is a bug in flowrun; save the answers as JSON instead")
    })
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
            ("{\"a\": \"Yes\", \"a\": \"No\"}", Format::Json),
            ("a: Yes\na: No\n", Format::Yaml),
            ("a = \"Yes\"\na = \"No\"\n", Format::Toml),
        ] {
            let err = read(text, format).unwrap_err();
            assert_eq!(err.code, Code::MalformedAnswers, "{text:?}");
            assert!(err.primary_span().is_some(), "{text:?}");
        }
    }

    fn flow(text: &str) -> ValidFlow {
        crate::analyze(
            &SourceFile::new("t.flow", text),
            &crate::Settings::default(),
        )
        .into_valid()
        .expect("a valid flow")
    }

    const ELIGIBILITY: &str = include_str!("../../flows/eligibility.flow");

    #[test]
    fn the_example_is_the_first_questions_of_the_flow_with_their_first_answers() {
        let example = Example::of(&flow(ELIGIBILITY));
        assert_eq!(
            example.help(Format::Json),
            "an answers file maps question ids to answers, e.g. \
             `{\"us_canada\": \"Yes\", \"outside\": \"No\"}`"
        );
        assert_eq!(
            example.help(Format::Yaml),
            "an answers file maps question ids to answers, one per line, e.g. `us_canada: \"Yes\"`"
        );
        assert!(
            example
                .help(Format::Toml)
                .ends_with("TOML strings need quotes: `us_canada = \"Yes\"`")
        );
        // Steps are passed through; one question is one example; a flow with none is neutral.
        let one = flow(
            "flowchart TD\n    s[Start] --> t[Then]\n    t --> colour{Colour?}\n    colour -->|Red| r[R]\n    colour -->|Blue| b[B]\n",
        );
        assert_eq!(
            Example::of(&one).help(Format::Json),
            "an answers file maps question ids to answers, e.g. `{\"colour\": \"Red\"}`"
        );
        let none = flow("flowchart TD\n    a[A] --> b[B]\n");
        assert_eq!(Example::of(&none), Example::neutral());
        // Ids that TOML or YAML would not read bare are quoted there; labels are always quoted.
        let dotted = flow(
            "flowchart TD\n    a.b{Size?} -->|#quot;3#quot; wide| x[X]\n    a.b -->|small| y[Y]\n",
        );
        let example = Example::of(&dotted);
        assert!(
            example
                .help(Format::Toml)
                .ends_with(r#"`"a.b" = "\"3\" wide"`"#),
            "{}",
            example.help(Format::Toml)
        );
        assert!(
            example
                .help(Format::Yaml)
                .ends_with(r#"`"a.b": "\"3\" wide"`"#),
            "{}",
            example.help(Format::Yaml)
        );
    }

    #[test]
    fn hints_show_the_flows_ids_or_a_neutral_placeholder() {
        let example = Example::of(&flow(ELIGIBILITY));
        for (text, format) in [
            ("{\"a\": ", Format::Json),
            ("[1, 2]", Format::Json),
            ("a = ", Format::Toml),
            ("- a\n- b\n", Format::Yaml),
            ("a: [b\n", Format::Yaml),
            ("  \n", Format::Json),
            ("  \n", Format::Yaml),
            ("\n", Format::Toml),
        ] {
            let source = SourceFile::new("answers", text);
            let help = parse_with(&source, format, &example)
                .unwrap_err()
                .help
                .expect("a hint");
            assert!(help.contains("us_canada"), "{text:?}: {help}");
            assert!(!help.contains("hipaa"), "{text:?}: {help}");
            let neutral = parse(&source, format).unwrap_err().help.expect("a hint");
            assert!(neutral.contains("question_id"), "{text:?}: {neutral}");
            assert!(!neutral.contains("us_canada"), "{text:?}: {neutral}");
        }
        let empty_toml = parse(&SourceFile::new("a.toml", " \n"), Format::Toml).unwrap_err();
        assert_eq!(
            empty_toml.help.as_deref(),
            Some(
                "write the answers one per line, e.g. `question_id = \"answer label\"`; a file \
                 holding only a `#` comment means no answers"
            )
        );
        // And what that hint says holds: a comment alone is no answers.
        assert!(
            parse(&SourceFile::new("a.toml", "# none\n"), Format::Toml)
                .unwrap()
                .entries
                .is_empty()
        );
    }

    fn flags(list: &[&str]) -> Result<Answers, Vec<Diagnostic>> {
        let list: Vec<String> = list.iter().map(|f| (*f).to_owned()).collect();
        from_flags(&list, &Example::of(&flow(ELIGIBILITY)))
    }

    #[test]
    fn answer_flags_read_id_and_value_with_the_value_typed_as_in_a_file() {
        let answers = flags(&[
            "hipaa=No",
            "outside=false",
            "analytics=TRUE",
            "a=1",
            "b=-2.50",
            "c=1e3",
            "d=01",
            "e=1.",
            "f=a=b",
            " g = two words ",
            "h=null",
        ])
        .unwrap();
        let got: Vec<(&str, &Value)> = answers
            .entries
            .iter()
            .map(|a| (a.question.as_str(), &a.value))
            .collect();
        assert_eq!(
            got,
            [
                ("hipaa", &Value::Text("No".into())),
                ("outside", &Value::Bool(false)),
                ("analytics", &Value::Bool(true)),
                ("a", &Value::Number("1".into())),
                ("b", &Value::Number("-2.50".into())),
                ("c", &Value::Number("1e3".into())),
                ("d", &Value::Text("01".into())),
                ("e", &Value::Text("1.".into())),
                ("f", &Value::Text("a=b".into())),
                ("g", &Value::Text(" two words ".into())),
                // On a command line `null` can only be text: a label `null` is answered by it.
                ("h", &Value::Text("null".into())),
            ]
        );
        // Each answer points into the flags as shown in reports.
        assert_eq!(answers.source.name, COMMAND_LINE);
        let text = &answers.source.text;
        assert!(text.starts_with("--answer hipaa=No --answer outside=false "));
        let g = &answers.entries[9];
        let (key, value) = (g.key_span.unwrap(), g.value_span.unwrap());
        assert_eq!(&text[key.start..key.end], "g");
        assert_eq!(&text[value.start..value.end], " two words ");
        assert!(flags(&[]).unwrap().entries.is_empty());
    }

    #[test]
    fn malformed_answer_flags_are_each_a_coded_diagnostic_with_a_hint() {
        let errors =
            flags(&["hipaa", "=No", "hipaa=", "outside=No", "outside=Yes", " = "]).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`--answer hipaa` has no `=`: it takes a question id and an answer",
                "`--answer =No` names no question before the `=`",
                "`--answer hipaa=` gives `hipaa` no answer after the `=`",
                "`--answer` answers `outside` twice",
                "`--answer  = ` names no question before the `=`",
            ]
        );
        for d in &errors {
            assert_eq!(d.code, Code::MalformedAnswers, "{}", d.message);
            let source = d.source.as_ref().expect("points into the flags");
            assert_eq!(source.name, COMMAND_LINE);
            let span = d.primary_span().expect("a span");
            assert!(span.end <= source.text.len(), "{}", d.message);
            let help = d.help.as_deref().expect("a hint");
            assert!(
                help.contains("--answer us_canada=Yes") || help.contains("one `--answer`"),
                "{help}"
            );
        }
        // Without a flow, a neutral example, quoted for the shell.
        let neutral = from_flags(&["x".to_owned()], &Example::neutral()).unwrap_err();
        assert!(
            neutral[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`--answer 'question_id=answer label'`")
        );
    }

    /// `--answer hipaa=No` and `--answer hipaa=false` walk where `hipaa: No` and `hipaa: false`
    /// (or their JSON) do, and so do the other spellings of yes and no.
    #[test]
    fn answer_flags_walk_as_the_same_answers_in_a_file() {
        let flow = flow(ELIGIBILITY);
        let walked = |answers: &Answers| {
            let (resolved, warnings) =
                crate::evaluate::walk::resolve(&flow, answers).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(warnings.is_empty(), "{warnings:?}");
            crate::evaluate::walk::walk(&flow, &resolved)
        };
        for (flag, yaml, json) in [
            ("hipaa=No", "hipaa: No", r#""hipaa": "No""#),
            ("hipaa=false", "hipaa: false", r#""hipaa": false"#),
            ("hipaa=Yes", "hipaa: Yes", r#""hipaa": "Yes""#),
            ("hipaa=true", "hipaa: true", r#""hipaa": true"#),
            ("hipaa=y", "hipaa: y", r#""hipaa": "y""#),
            ("hipaa= no ", "hipaa: \" no \"", r#""hipaa": " no ""#),
        ] {
            let from_flags =
                flags(&["us_canada=Yes", "outside=off", "analytics=No", flag]).unwrap();
            let yaml = read(
                &format!("us_canada: \"Yes\"\noutside: off\nanalytics: No\n{yaml}\n"),
                Format::Yaml,
            )
            .unwrap();
            let json = read(
                &format!(r#"{{"us_canada": "Yes", "outside": "off", "analytics": "No", {json}}}"#),
                Format::Json,
            )
            .unwrap();
            let walk = walked(&from_flags);
            assert_eq!(walk, walked(&yaml), "{flag}");
            assert_eq!(walk, walked(&json), "{flag}");
            assert!(matches!(
                walk.outcome,
                crate::evaluate::walk::Outcome::Verdict(_)
            ));
        }
        // A value that is no option is FLOW301 underlined in the flags.
        let wrong = flags(&["hipaa=maybe"]).unwrap();
        let errors = crate::evaluate::walk::resolve(&flow, &wrong).unwrap_err();
        assert_eq!(errors[0].code, Code::AnswerNotAnOption);
        let span = errors[0].primary_span().unwrap();
        assert_eq!(&wrong.source.text[span.start..span.end], "maybe");
    }

    /// A malformed file's diagnostic drawn as the CLI draws it, and the position three ways:
    /// from the message (`... at line L column C`), from the heading (`[answers:L:C]`) and from
    /// the underline (the column of the `┬` under the source line L).
    fn positions(text: &str, format: Format) -> [(usize, usize); 3] {
        let diagnostic = read(text, format).unwrap_err();
        let message = &diagnostic.message;
        let said = message
            .rsplit_once(" at line ")
            .and_then(|(_, at)| at.split_once(" column "))
            .map(|(l, c)| (l.parse().unwrap(), c.parse().unwrap()))
            .unwrap_or_else(|| panic!("{text:?}: no position in {message:?}"));
        let mut drawn = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(200)
            .render_report(&mut drawn, &diagnostic)
            .unwrap();
        let heading = drawn
            .split_once("[answers:")
            .and_then(|(_, rest)| rest.split_once(']'))
            .and_then(|(at, _)| at.split_once(':'))
            .map(|(l, c)| (l.parse().unwrap(), c.parse().unwrap()))
            .unwrap_or_else(|| panic!("{text:?}: no heading in\n{drawn}"));
        // ` L │ text`, then `   · ` and spaces up to the `┬` under the character.
        let lines: Vec<&str> = drawn.lines().collect();
        let row = lines
            .iter()
            .position(|l| l.trim_start().starts_with(&format!("{} │", heading.0)))
            .unwrap_or_else(|| panic!("{text:?}: line {} not drawn in\n{drawn}", heading.0));
        let gutter = lines[row].find('│').unwrap();
        let marks = lines[row + 1];
        let mark = marks
            .char_indices()
            .find(|&(i, c)| i > gutter && (c == '┬' || c == '─'))
            .map(|(i, _)| marks[..i].chars().count())
            .unwrap_or_else(|| panic!("{text:?}: no underline in\n{drawn}"));
        let gutter_chars = lines[row][..gutter].chars().count() + 2;
        let underlined = (heading.0, mark - gutter_chars + 1);
        [said, heading, underlined]
    }

    #[test]
    fn the_message_the_heading_and_the_underline_agree_on_where_an_error_is() {
        // (text, format, where the error is: line and column in characters)
        for (text, format, at) in [
            // In the middle of a line.
            ("{\"a\": \"Yes\" \"b\": 1}\n", Format::Json, (1, 13)),
            ("a: \"Yes\" x\n", Format::Yaml, (1, 10)),
            ("a = \"Yes\" x\n", Format::Toml, (1, 11)),
            // After characters of two, three and four bytes: columns count characters.
            ("{\"a\": \"Sí—ö\" \"b\": 1}\n", Format::Json, (1, 14)),
            ("a: \"Sí—ö\" x\n", Format::Yaml, (1, 11)),
            ("a = \"Sí—ö\" x\n", Format::Toml, (1, 12)),
            ("{\"a\": \"S\u{1D4B3}\" \"b\": 1}\n", Format::Json, (1, 12)),
            // At column 1.
            ("{\"a\": \"Yes\",\n}\n", Format::Json, (2, 1)),
            ("{\"a\": 1}\n}\n", Format::Json, (2, 1)),
            ("a: 1\n]\n", Format::Yaml, (2, 1)),
            ("a = 1\nb\n", Format::Toml, (2, 2)),
            ("a = 1\n= 2\n", Format::Toml, (2, 1)),
            // At the end of a line, the file going on: just after the last character.
            ("{\"a\": \"Yés\n\"}\n", Format::Json, (1, 11)),
            ("a = \"Yés\nb = 1\n", Format::Toml, (1, 9)),
            // At the end of the file: just after the last visible character (a space or line
            // break after it), or on it when nothing follows; also after blank lines and after
            // a multi-byte character.
            ("{\"a\": \"Yes\"\n", Format::Json, (1, 12)),
            ("{\"a\": \"Yes\"", Format::Json, (1, 11)),
            ("{\"a\": \"Yes\" ", Format::Json, (1, 12)),
            ("{\"a\": \"Yes\"\n\n\n", Format::Json, (1, 12)),
            ("{\"a\": \"Yé\"\n", Format::Json, (1, 11)),
            ("{\"a\": \"é", Format::Json, (1, 8)),
            ("a: [Yes\n", Format::Yaml, (1, 4)),
            ("a: \"Yé\n", Format::Yaml, (1, 4)),
            ("a = \n", Format::Toml, (1, 4)),
            ("a = \"é\"\nb =", Format::Toml, (2, 3)),
        ] {
            let [said, heading, underlined] = positions(text, format);
            assert_eq!(said, at, "{format:?} {text:?}: the message");
            assert_eq!(heading, at, "{format:?} {text:?}: the heading");
            assert_eq!(underlined, at, "{format:?} {text:?}: the underline");
        }
    }

    #[test]
    fn serde_json_positions_are_bytes_from_one_and_zero_after_a_line_break() {
        let text = "{\"é\": 1,\n\"b\"\n";
        // `"b"` starts line 2; the `1` is at byte column 8 of line 1 (`é` is two bytes).
        assert_eq!(&text[json_offset(text, 1, 8)..][..1], "1");
        assert_eq!(json_offset(text, 2, 1), text.find("\"b").unwrap());
        // Column 0: the line break ending the line before.
        assert_eq!(json_offset(text, 3, 0), text.len() - 1);
        assert_eq!(json_offset(text, 2, 0), text.find('\n').unwrap());
        // Past the end, or inside a character: the character's start, never a panic.
        assert_eq!(json_offset(text, 9, 99), text.len());
        assert_eq!(json_offset(text, 1, 4), 2);
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::for_path("a.JSON").unwrap(), Format::Json);
        assert_eq!(Format::for_path("a.yml").unwrap(), Format::Yaml);
        // Standard input has no extension: its format is sniffed (or given) instead.
        assert!(Format::for_path("-").is_err());
        let err = Format::for_path("a.txt").unwrap_err();
        assert!(err.help.unwrap().contains("--answers-format"));
    }

    #[test]
    fn the_format_of_unnamed_answers_is_sniffed_from_the_text() {
        for (text, format) in [
            // `{` first: JSON.
            ("{\"hipaa\": \"No\"}", Format::Json),
            ("\n  \t{\n  \"hipaa\": false\n}\n", Format::Json),
            ("{hipaa: No}", Format::Json),
            // The first line that is not blank or a comment is `key = value` or `[table]`: TOML.
            ("hipaa = \"No\"\n", Format::Toml),
            ("# answers\n\nhipaa = \"No\"\n", Format::Toml),
            ("a-b.c = 1\n", Format::Toml),
            ("\"a b\" = \"Yes\"\n", Format::Toml),
            ("'a' = \"Yes\"\n", Format::Toml),
            ("hipaa=No\n", Format::Toml),
            ("[answers]\nhipaa = \"No\"\n", Format::Toml),
            ("[[case]]  # a comment\n", Format::Toml),
            // Everything else: YAML.
            ("hipaa: \"No\"\n", Format::Yaml),
            ("# answers\nhipaa: No\n", Format::Yaml),
            ("---\nhipaa: No\n", Format::Yaml),
            ("note: a = b\n", Format::Yaml),
            ("hipaa: No\nlater = 1\n", Format::Yaml),
            ("[\"Yes\", \"No\"]", Format::Yaml),
            ("[Yes, No]", Format::Yaml),
            ("[\"Yes\"]", Format::Yaml),
            ("- Yes\n- No\n", Format::Yaml),
            ("\"Yes\"", Format::Yaml),
            ("", Format::Yaml),
            ("= No\n", Format::Yaml),
        ] {
            assert_eq!(Format::sniff(text), format, "{text:?}");
        }
    }

    #[test]
    fn sniffed_answers_read_the_same_as_named_ones() {
        for text in [
            "{\"hipaa\": \"No\", \"outside\": false}",
            "hipaa: \"No\"\noutside: false\n",
            "# saved by hand\nhipaa = \"No\"\noutside = false\n",
        ] {
            let answers = read(text, Format::sniff(text)).unwrap();
            let mut got: Vec<(String, Value)> = answers
                .entries
                .into_iter()
                .map(|a| (a.question, a.value))
                .collect();
            got.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(
                got,
                [
                    ("hipaa".to_owned(), Value::Text("No".into())),
                    ("outside".to_owned(), Value::Bool(false))
                ],
                "{text:?}"
            );
        }
    }

    #[test]
    fn written_answers_read_back_as_the_same_labels() {
        let answers: Vec<(String, String)> = [
            ("us_canada", "Yes"),
            ("b", "no"),
            ("c", "1"),
            ("d", "null"),
            ("e", "a: b"),
            ("f", "#x, [y]"),
            ("g", "two\nlines"),
            ("h", "\"quoted\" 'too'"),
            ("a-b.c", "true"),
            ("i", " spaced "),
        ]
        .iter()
        .map(|(q, a)| ((*q).to_owned(), (*a).to_owned()))
        .collect();
        for format in [Format::Json, Format::Yaml, Format::Toml] {
            for list in [&answers[..], &[]] {
                let text = to_text(list, format).unwrap();
                let read = read(&text, format).unwrap_or_else(|e| panic!("{text}: {e:?}"));
                // The readers do not all keep the written order, so compare sorted.
                let mut got: Vec<(String, String)> = read
                    .entries
                    .into_iter()
                    .map(|a| (a.question, format!("{:?}", a.value)))
                    .collect();
                let mut want: Vec<(String, String)> = list
                    .iter()
                    .map(|(q, a)| (q.clone(), format!("{:?}", Value::Text(a.clone()))))
                    .collect();
                got.sort();
                want.sort();
                assert_eq!(got, want, "{format:?}:\n{text}");
            }
        }
    }
}
