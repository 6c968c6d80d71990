//! `@{ ... }` node data: the YAML Mermaid reads for a node (`shape`, `label`...), checked the way
//! Mermaid checks it, so a flow that Mermaid refuses is refused here too.

use super::ast::{NodeData, Spanned};
use super::shapes::{SHAPE_NAMES, shape_named};
use crate::diagnostic::{Code, Rule};
use crate::input::source::Span;

pub(crate) const INVALID_NODE_DATA: Rule = Rule::new(
    Code::InvalidNodeData,
    "`@{ ... }` node data is not valid YAML or names no shape",
    "\
What it checks: that the data after a node id, `A@{ shape: diamond, label: \"Ready?\" }`, is a
YAML map and that its `shape` is one of Mermaid's shape names, in lower case.

Why: Mermaid refuses to draw a chart with invalid node data or an unknown shape. The shape also
decides what a node means: `diamond`, `diam`, `decision` and `question` make a question, exactly
as `A{...}` does; the other shapes make steps or verdicts.

Shape names (with their aliases): rect (proc, process, rectangle), rounded (event), stadium
(terminal, pill), fr-rect (subprocess, subproc, framed-rectangle, subroutine), cyl (db, database,
cylinder), circle (circ), diam (decision, diamond, question), hex (hexagon, prepare), lean-r
(lean-right, in-out), lean-l (lean-left, out-in), trap-b (priority, trapezoid-bottom, trapezoid),
trap-t (manual, trapezoid-top, inv-trapezoid), dbl-circ (double-circle, doublecircle), odd, and
bang, cloud, text, notch-rect, lin-rect, sm-circ, fr-circ, fork, hourglass, brace, brace-r,
braces, bolt, doc, delay, h-cyl, lin-cyl, curv-trap, div-rect, tri, win-pane, f-circ, notch-pent,
flip-tri, sl-rect, docs, st-rect, bow-rect, cross-circ, tag-doc, tag-rect, flag, lin-doc, state,
choice, note, icon, anchor.

Example:
    flowchart TD
        A@{ shape: diamnod, label: \"Ready?\" }
Fix: `A@{ shape: diamond, label: \"Ready?\" }`.",
);

/// Why Mermaid would refuse a node data block.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct DataError {
    pub(crate) message: String,
    pub(crate) help: String,
    pub(crate) span: Span,
}

/// Reads the YAML of `data.raw` and fills in `shape` and `label`.
pub(crate) fn read(data: &mut NodeData) -> Result<(), DataError> {
    // Mermaid turns `\r\n` and a lone `\r` into `\n` before it reads anything, so data
    // broken by `\r` alone is read over several lines too.
    let normalised;
    let raw = if data.raw.value.contains('\r') {
        normalised = data.raw.value.replace("\r\n", "\n").replace('\r', "\n");
        &normalised
    } else {
        &data.raw.value
    };
    let with_breaks = strings_with_breaks(raw);
    // Mermaid wraps one-line data in braces (a YAML flow mapping) and reads several lines as
    // a block mapping.
    let yaml = if raw.contains('\n') {
        format!("{with_breaks}\n")
    } else {
        format!("{{\n{with_breaks}\n}}")
    };
    let value: serde_json::Value = serde_saphyr::from_str(&yaml).map_err(|e| {
        let first = yaml_error_line(&e);
        DataError {
            message: format!("the node data is not valid YAML: {first}"),
            help: "write `key: value` pairs separated by commas, e.g. \
                   `A@{ shape: diamond, label: \"Ready?\" }`"
                .to_owned(),
            span: data.raw.span,
        }
    })?;
    // Mermaid looks up `shape` and `label` on whatever the YAML gives: a text or a list has
    // neither, but nothing (data of blank lines only) cannot be looked into at all.
    let map = match value {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null if raw.contains('\n') => {
            return Err(DataError {
                message: "node data over several lines must hold at least one `key: value` pair"
                    .to_owned(),
                help: "write e.g. `A@{ shape: diamond, label: \"Ready?\" }`, or `A@{ }` for none"
                    .to_owned(),
                span: data.raw.span,
            });
        }
        _ => return Ok(()),
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

/// The first line of a YAML reader's message, without its `error: ` prefix.
pub(crate) fn yaml_error_line(error: &serde_saphyr::Error) -> String {
    let message = error.to_string();
    let first = message.lines().next().unwrap_or("");
    first.trim_start_matches("error: ").to_owned()
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
    crate::diagnostic::suggest::closest(name, SHAPE_NAMES.iter().map(|(n, _)| *n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Shape;

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
        let doc = shape_named("doc").unwrap();
        assert!(matches!(doc, Shape::Named(n) if n.name() == "doc"));
        assert_eq!(shape_named("document"), Some(doc));
    }

    #[test]
    fn every_name_resolves_and_named_shapes_name_themselves() {
        for (name, shape) in SHAPE_NAMES {
            assert_eq!(shape_named(name), Some(*shape));
            if let Shape::Named(n) = shape {
                // The canonical name is itself a name that gives the same shape.
                assert_eq!(shape_named(n.name()), Some(*shape), "{name}");
            }
        }
    }

    /// Found by the `render_format` fuzz target: `A@{ sha\r\r }` was read as one line (a
    /// flow mapping), and the formatter's `\n` in place of each `\r` made it another reading
    /// (then refused). Mermaid turns every `\r` into `\n` first.
    #[test]
    fn a_lone_carriage_return_breaks_the_data_as_a_line_feed_does() {
        for raw in [" \r\r ", " \n\n ", " \r\n\r\n "] {
            let error = read(&mut data(raw)).unwrap_err();
            assert!(error.message.contains("key: value"), "{raw:?}: {error:?}");
        }
        read(&mut data(" ")).unwrap();
        let mut d = data("\r  shape: rect\r  label: two\r");
        read(&mut d).unwrap();
        assert_eq!(d.label.as_deref(), Some("two"));
    }

    /// As `mermaid.parse` does: a text or a list is data without a shape or a label; empty
    /// data over several lines is refused (Mermaid fails reading `shape` of nothing).
    #[test]
    fn data_that_is_not_a_mapping_is_read_as_mermaid_reads_it() {
        for raw in [" sha ", "\n sha\n", "\n  - a\n", " 5 "] {
            let mut d = data(raw);
            read(&mut d).unwrap();
            assert!(d.shape.is_none() && d.label.is_none(), "{raw:?}");
        }
        assert!(read(&mut data("\n\n ")).is_err());
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
