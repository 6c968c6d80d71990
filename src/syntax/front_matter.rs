//! The YAML front matter before the header: its `title:`, and whether Mermaid can read it.

use crate::checks::rules::Code;
use crate::diagnostic::Diagnostic;
use crate::input::source::Span;

use super::node_data;

/// Mermaid reads the front matter as YAML and refuses the chart when it is not.
pub(super) fn invalid_front_matter(text: &str, span: Span) -> Option<Diagnostic> {
    let block = &text[span.start..span.end];
    let body_start = block.find('\n')? + 1;
    let body_end = block.rfind("\n---").unwrap_or(block.len());
    let body = block.get(body_start..body_end).unwrap_or("");
    let error = serde_saphyr::from_str::<serde_json::Value>(body).err()?;
    let first = node_data::yaml_error_line(&error);
    Some(
        Diagnostic::new(
            Code::SyntaxError,
            format!("the front matter is not valid YAML: {first}"),
        )
        .label(span, "Mermaid refuses this front matter")
        .help(
            "front matter holds YAML such as `title: My flow`; quote values with `[`, `{` or `:`",
        ),
    )
}

/// The top-level `title:` of YAML front matter; the other keys configure Mermaid's drawing.
pub(super) fn title(front_matter: &str) -> Option<String> {
    let value = front_matter
        .lines()
        .find_map(|line| line.strip_prefix("title:"))?
        .trim();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
        .unwrap_or(value);
    (!unquoted.is_empty()).then(|| unquoted.to_owned())
}
