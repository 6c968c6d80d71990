//! `@{ ... }` node data: the YAML Mermaid reads for a node (`shape`, `label`...), checked the way
//! Mermaid checks it, so a flow that Mermaid refuses is refused here too.

use super::ast::{NodeData, Shape, Spanned};
use crate::source::Span;

/// Why Mermaid would refuse a node data block.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct DataError {
    pub(crate) message: String,
    pub(crate) help: String,
    pub(crate) span: Span,
}

/// Reads the YAML of `data.raw` and fills in `shape` and `label`.
pub(crate) fn read(data: &mut NodeData) -> Result<(), DataError> {
    let raw = &data.raw.value;
    let with_breaks = strings_with_breaks(raw);
    // Mermaid wraps one-line data in braces (a YAML flow mapping) and reads several lines as
    // a block mapping.
    let yaml = if raw.contains('\n') {
        format!("{with_breaks}\n")
    } else {
        format!("{{\n{with_breaks}\n}}")
    };
    let value: serde_json::Value = serde_saphyr::from_str(&yaml).map_err(|e| {
        let message = e.to_string();
        let first = message
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ");
        DataError {
            message: format!("the node data is not valid YAML: {first}"),
            help: "write `key: value` pairs separated by commas, e.g. \
                   `A@{ shape: diamond, label: \"Ready?\" }`"
                .to_owned(),
            span: data.raw.span,
        }
    })?;
    let map = match value {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null => return Ok(()),
        _ => {
            return Err(DataError {
                message: "the node data is not a set of `key: value` pairs".to_owned(),
                help: "write e.g. `A@{ shape: diamond, label: \"Ready?\" }`".to_owned(),
                span: data.raw.span,
            });
        }
    };
    if let Some(shape) = map.get("shape").filter(|v| truthy(v)) {
        let span = value_span(&data.raw, "shape");
        let Some(name) = shape.as_str() else {
            return Err(unknown_shape(&shape.to_string(), span));
        };
        if name.to_lowercase() != name || name.contains('_') {
            return Err(DataError {
                message: format!("no such shape: `{name}`; shape names are lower case"),
                help: format!(
                    "write `{}`",
                    closest_shape(&name.to_lowercase().replace('_', "-")).unwrap_or("rect")
                ),
                span,
            });
        }
        let resolved = shape_named(name).ok_or_else(|| unknown_shape(name, span))?;
        data.shape = Some(Spanned {
            value: resolved,
            span,
        });
    }
    data.label = map.get("label").filter(|v| truthy(v)).map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    Ok(())
}

/// JavaScript truthiness, which decides whether Mermaid uses a key at all.
fn truthy(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null => false,
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        serde_json::Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// Mermaid's lexer turns a line break and the indentation after it, inside a quoted string,
/// into `<br/>` before the YAML is read.
fn strings_with_breaks(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_string = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            '\n' | '\r' if in_string => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                out.push_str("<br/>");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Where a key's value is written, for underlining; the whole block when it cannot be found.
fn value_span(raw: &Spanned<String>, key: &str) -> Span {
    let text = &raw.value;
    let found = text.match_indices(key).find_map(|(i, _)| {
        let after = text[i + key.len()..].trim_start();
        let colon = after.strip_prefix(':')?;
        let value = colon.trim_start();
        let start = text.len() - value.len();
        let end = start
            + value
                .find([',', '\n', '}'])
                .unwrap_or(value.len())
                .min(value.trim_end().len());
        Some(Span::new(raw.span.start + start, raw.span.start + end))
    });
    found.unwrap_or(raw.span)
}

fn unknown_shape(name: &str, span: Span) -> DataError {
    let help = match closest_shape(name) {
        Some(near) => {
            format!("did you mean `{near}`? `flowrun explain FLOW005` lists every shape name")
        }
        None => "`flowrun explain FLOW005` lists every shape name".to_owned(),
    };
    DataError {
        message: format!("no such shape: `{name}`"),
        help,
        span,
    }
}

fn closest_shape(name: &str) -> Option<&'static str> {
    crate::suggest::closest(name, SHAPE_NAMES.iter().map(|(n, _)| *n))
}

/// The shape a `shape:` name gives, through Mermaid's short names and aliases.
#[must_use]
pub fn shape_named(name: &str) -> Option<Shape> {
    SHAPE_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, shape)| *shape)
}

/// Every name Mermaid accepts in `@{ shape: ... }` (its short names, aliases and the lower-case
/// undocumented ones), read from mermaid 11.14.0's shape registry. The bracket shapes map to
/// their own variant, so `A@{ shape: diamond }` is a question exactly as `A{...}` is.
pub const SHAPE_NAMES: &[(&str, Shape)] = &[
    ("rect", Shape::Square),
    ("proc", Shape::Square),
    ("process", Shape::Square),
    ("rectangle", Shape::Square),
    ("rounded", Shape::Round),
    ("event", Shape::Round),
    ("stadium", Shape::Stadium),
    ("terminal", Shape::Stadium),
    ("pill", Shape::Stadium),
    ("fr-rect", Shape::Subroutine),
    ("subprocess", Shape::Subroutine),
    ("subproc", Shape::Subroutine),
    ("framed-rectangle", Shape::Subroutine),
    ("subroutine", Shape::Subroutine),
    ("cyl", Shape::Cylinder),
    ("db", Shape::Cylinder),
    ("database", Shape::Cylinder),
    ("cylinder", Shape::Cylinder),
    ("circle", Shape::Circle),
    ("circ", Shape::Circle),
    ("bang", Shape::Named("bang")),
    ("cloud", Shape::Named("cloud")),
    ("diam", Shape::Diamond),
    ("decision", Shape::Diamond),
    ("diamond", Shape::Diamond),
    ("question", Shape::Diamond),
    ("hex", Shape::Hexagon),
    ("hexagon", Shape::Hexagon),
    ("prepare", Shape::Hexagon),
    ("lean-r", Shape::LeanRight),
    ("lean-right", Shape::LeanRight),
    ("in-out", Shape::LeanRight),
    ("lean-l", Shape::LeanLeft),
    ("lean-left", Shape::LeanLeft),
    ("out-in", Shape::LeanLeft),
    ("trap-b", Shape::Trapezoid),
    ("priority", Shape::Trapezoid),
    ("trapezoid-bottom", Shape::Trapezoid),
    ("trapezoid", Shape::Trapezoid),
    ("trap-t", Shape::InvTrapezoid),
    ("manual", Shape::InvTrapezoid),
    ("trapezoid-top", Shape::InvTrapezoid),
    ("inv-trapezoid", Shape::InvTrapezoid),
    ("dbl-circ", Shape::DoubleCircle),
    ("double-circle", Shape::DoubleCircle),
    ("doublecircle", Shape::DoubleCircle),
    ("text", Shape::Named("text")),
    ("notch-rect", Shape::Named("notch-rect")),
    ("card", Shape::Named("notch-rect")),
    ("notched-rectangle", Shape::Named("notch-rect")),
    ("lin-rect", Shape::Named("lin-rect")),
    ("lined-rectangle", Shape::Named("lin-rect")),
    ("lined-process", Shape::Named("lin-rect")),
    ("lin-proc", Shape::Named("lin-rect")),
    ("shaded-process", Shape::Named("lin-rect")),
    ("sm-circ", Shape::Named("sm-circ")),
    ("start", Shape::Named("sm-circ")),
    ("small-circle", Shape::Named("sm-circ")),
    ("fr-circ", Shape::Named("fr-circ")),
    ("stop", Shape::Named("fr-circ")),
    ("framed-circle", Shape::Named("fr-circ")),
    ("fork", Shape::Named("fork")),
    ("join", Shape::Named("fork")),
    ("hourglass", Shape::Named("hourglass")),
    ("collate", Shape::Named("hourglass")),
    ("brace", Shape::Named("brace")),
    ("comment", Shape::Named("brace")),
    ("brace-l", Shape::Named("brace")),
    ("brace-r", Shape::Named("brace-r")),
    ("braces", Shape::Named("braces")),
    ("bolt", Shape::Named("bolt")),
    ("com-link", Shape::Named("bolt")),
    ("lightning-bolt", Shape::Named("bolt")),
    ("doc", Shape::Named("doc")),
    ("document", Shape::Named("doc")),
    ("delay", Shape::Named("delay")),
    ("half-rounded-rectangle", Shape::Named("delay")),
    ("h-cyl", Shape::Named("h-cyl")),
    ("das", Shape::Named("h-cyl")),
    ("horizontal-cylinder", Shape::Named("h-cyl")),
    ("lin-cyl", Shape::Named("lin-cyl")),
    ("disk", Shape::Named("lin-cyl")),
    ("lined-cylinder", Shape::Named("lin-cyl")),
    ("curv-trap", Shape::Named("curv-trap")),
    ("curved-trapezoid", Shape::Named("curv-trap")),
    ("display", Shape::Named("curv-trap")),
    ("div-rect", Shape::Named("div-rect")),
    ("div-proc", Shape::Named("div-rect")),
    ("divided-rectangle", Shape::Named("div-rect")),
    ("divided-process", Shape::Named("div-rect")),
    ("tri", Shape::Named("tri")),
    ("extract", Shape::Named("tri")),
    ("triangle", Shape::Named("tri")),
    ("win-pane", Shape::Named("win-pane")),
    ("internal-storage", Shape::Named("win-pane")),
    ("window-pane", Shape::Named("win-pane")),
    ("f-circ", Shape::Named("f-circ")),
    ("junction", Shape::Named("f-circ")),
    ("filled-circle", Shape::Named("f-circ")),
    ("notch-pent", Shape::Named("notch-pent")),
    ("loop-limit", Shape::Named("notch-pent")),
    ("notched-pentagon", Shape::Named("notch-pent")),
    ("flip-tri", Shape::Named("flip-tri")),
    ("manual-file", Shape::Named("flip-tri")),
    ("flipped-triangle", Shape::Named("flip-tri")),
    ("sl-rect", Shape::Named("sl-rect")),
    ("manual-input", Shape::Named("sl-rect")),
    ("sloped-rectangle", Shape::Named("sl-rect")),
    ("docs", Shape::Named("docs")),
    ("documents", Shape::Named("docs")),
    ("st-doc", Shape::Named("docs")),
    ("stacked-document", Shape::Named("docs")),
    ("st-rect", Shape::Named("st-rect")),
    ("procs", Shape::Named("st-rect")),
    ("processes", Shape::Named("st-rect")),
    ("stacked-rectangle", Shape::Named("st-rect")),
    ("bow-rect", Shape::Named("bow-rect")),
    ("stored-data", Shape::Named("bow-rect")),
    ("bow-tie-rectangle", Shape::Named("bow-rect")),
    ("cross-circ", Shape::Named("cross-circ")),
    ("summary", Shape::Named("cross-circ")),
    ("crossed-circle", Shape::Named("cross-circ")),
    ("tag-doc", Shape::Named("tag-doc")),
    ("tagged-document", Shape::Named("tag-doc")),
    ("tag-rect", Shape::Named("tag-rect")),
    ("tagged-rectangle", Shape::Named("tag-rect")),
    ("tag-proc", Shape::Named("tag-rect")),
    ("tagged-process", Shape::Named("tag-rect")),
    ("flag", Shape::Named("flag")),
    ("paper-tape", Shape::Named("flag")),
    ("odd", Shape::Odd),
    ("lin-doc", Shape::Named("lin-doc")),
    // New in Mermaid 12.
    ("datastore", Shape::Named("datastore")),
    ("lined-document", Shape::Named("lin-doc")),
    ("state", Shape::Named("state")),
    ("choice", Shape::Named("choice")),
    ("note", Shape::Named("note")),
    ("icon", Shape::Named("icon")),
    ("anchor", Shape::Named("anchor")),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn data(raw: &str) -> NodeData {
        NodeData {
            raw: Spanned {
                value: raw.to_owned(),
                span: Span::new(10, 10 + raw.len()),
            },
            shape: None,
            label: None,
            span: Span::new(8, 11 + raw.len()),
        }
    }

    #[test]
    fn one_line_data_gives_shape_and_label() {
        let mut d = data(r#" shape: diamond, label: "Ready?" "#);
        read(&mut d).unwrap();
        assert_eq!(d.shape.unwrap().value, Shape::Diamond);
        assert_eq!(d.label.as_deref(), Some("Ready?"));
    }

    #[test]
    fn question_aliases_all_make_a_question() {
        for name in ["diamond", "diam", "decision", "question"] {
            assert_eq!(shape_named(name), Some(Shape::Diamond), "{name}");
        }
        assert_eq!(shape_named("doc"), Some(Shape::Named("doc")));
        assert_eq!(shape_named("document"), Some(Shape::Named("doc")));
    }

    #[test]
    fn multi_line_data_and_breaks_in_strings() {
        let mut d = data("\n  shape: rect\n  label: \"two\n         lines\"\n");
        read(&mut d).unwrap();
        assert_eq!(d.shape.unwrap().value, Shape::Square);
        assert_eq!(d.label.as_deref(), Some("two<br/>lines"));
    }

    #[test]
    fn unknown_and_upper_case_shapes_are_refused() {
        let mut d = data(" shape: diamondd ");
        let e = read(&mut d).unwrap_err();
        assert!(e.message.contains("no such shape"), "{e:?}");
        assert!(e.help.contains("diamond"), "{e:?}");
        let mut d = data(" shape: Rect ");
        let e = read(&mut d).unwrap_err();
        assert!(e.message.contains("lower case"), "{e:?}");
        let mut d = data(" shape: lean_right ");
        assert!(read(&mut d).is_err());
    }

    #[test]
    fn invalid_yaml_is_refused() {
        let mut d = data(" shape: [rect ");
        let e = read(&mut d).unwrap_err();
        assert!(e.message.contains("not valid YAML"), "{e:?}");
    }

    #[test]
    fn falsy_values_are_ignored_as_mermaid_ignores_them() {
        let mut d = data(r#" label: "", shape: null "#);
        read(&mut d).unwrap();
        assert_eq!((d.shape, d.label), (None, None));
    }
}
