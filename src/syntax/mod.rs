//! Text to syntax tree. The grammar lives in `grammar/flow.pest`; pest stays inside this module.

pub mod ast;
mod errors;
mod lower;

use std::sync::Arc;

use pest::Parser as _;

use crate::diagnostic::Diagnostic;
use crate::rules::Code;
use crate::source::{SourceFile, Span};
pub use ast::*;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/flow.pest"]
struct FlowGrammar;

/// What parsing produced: a document when the header could be read (statements with syntax
/// errors are left out of it), and every syntax problem found.
#[derive(Debug)]
pub struct Parsed {
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The parts of a document read before its statements.
#[derive(Clone, Debug)]
pub struct Outline {
    pub front_matter: Option<Span>,
    /// The front matter's `title:`, which Mermaid shows above the chart.
    pub title: Option<String>,
    pub header: Header,
}

/// Parses a flow file into a whole syntax tree.
#[must_use]
pub fn parse(source: &Arc<SourceFile>) -> Parsed {
    let mut statements = Vec::new();
    let (outline, diagnostics) = parse_with(source, |s| statements.push(s));
    Parsed {
        document: outline.map(|o| Document {
            front_matter: o.front_matter,
            title: o.title,
            header: o.header,
            statements,
        }),
        diagnostics,
    }
}

/// Parses a flow file, handing each statement to `each` as soon as it is read, so a large flow
/// never holds its whole syntax tree in memory. Each statement is parsed on its own: a syntax
/// error in one is reported and parsing goes on at the next line. Returns the outline when the
/// header could be read, and every syntax problem found.
pub fn parse_with(
    source: &Arc<SourceFile>,
    mut each: impl FnMut(Statement),
) -> (Option<Outline>, Vec<Diagnostic>) {
    let text: &str = &source.text;
    let mut diagnostics = Vec::new();

    if text.trim().is_empty() {
        let diagnostic = Diagnostic::new(Code::NotAFlowchart, "the file is empty")
            .label(Span::new(0, text.len()), "no flowchart here")
            .help("start the file with a header such as `flowchart TD`, then the nodes and edges")
            .in_file(source);
        return (None, vec![diagnostic]);
    }

    let header_pairs = match FlowGrammar::parse(Rule::preamble_and_header, text) {
        Ok(pairs) => pairs,
        Err(error) => {
            let diagnostic = if FlowGrammar::parse(Rule::header_keyword_probe, text).is_ok() {
                errors::syntax_error(&detailed(Rule::preamble_and_header, text, error), text, 0)
            } else {
                errors::not_a_flowchart(text)
            };
            return (None, vec![diagnostic.in_file(source)]);
        }
    };
    let (front_matter, header, mut offset) = lower::preamble_and_header(header_pairs);
    let title = front_matter.and_then(|span| front_matter_title(&text[span.start..span.end]));

    let mut batch = Vec::new();
    // One diagnostic per unsupported block: the `end` of a reported `subgraph` is not another.
    let mut open_subgraphs = 0usize;
    while offset < text.len() {
        let rest = &text[offset..];
        // Many statements at once while they parse; one alone where one fails, to report it.
        let parsed = FlowGrammar::parse(Rule::statement_chunk, rest)
            .or_else(|_| FlowGrammar::parse(Rule::statement_line, rest));
        match parsed {
            Ok(pairs) => {
                let consumed = lower::statement_line(pairs, offset, &mut batch);
                for statement in batch.drain(..) {
                    check_reserved_ids(text, &statement, source, &mut diagnostics);
                    if let Statement::Unsupported { keyword, span } = &statement {
                        match keyword.as_str() {
                            "subgraph" => open_subgraphs += 1,
                            "end" if open_subgraphs > 0 => {
                                open_subgraphs -= 1;
                                continue;
                            }
                            _ => {}
                        }
                        diagnostics.push(unsupported(keyword, *span, source));
                    }
                    each(statement);
                }
                if consumed == 0 {
                    break;
                }
                offset += consumed;
            }
            Err(error) => {
                let diagnostic = errors::syntax_error(
                    &detailed(Rule::statement_line, rest, error),
                    rest,
                    offset,
                );
                // Resume on the line after the one where reading failed, or after the whole
                // `@{ ... }` block that flowrun does not read yet.
                let failed_at = diagnostic.primary_span().map_or(offset, |s| s.start);
                let resume_from = if text[failed_at..].starts_with("@{") {
                    text[failed_at..]
                        .find('}')
                        .map_or(text.len(), |i| failed_at + i)
                } else {
                    failed_at
                };
                offset = text[resume_from..]
                    .find('\n')
                    .map_or(text.len(), |i| resume_from + i + 1);
                diagnostics.push(diagnostic.in_file(source));
            }
        }
    }
    (
        Some(Outline {
            front_matter,
            title,
            header,
        }),
        diagnostics,
    )
}

/// The top-level `title:` of YAML front matter; the other keys configure Mermaid's drawing.
fn front_matter_title(front_matter: &str) -> Option<String> {
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

fn unsupported(keyword: &str, span: Span, source: &Arc<SourceFile>) -> Diagnostic {
    Diagnostic::new(
        Code::UnsupportedSyntax,
        format!("`{keyword}` is valid Mermaid but flowrun does not read it yet"),
    )
    .label(span, "not supported yet")
    .help("write the nodes and edges without it; see `flowrun explain FLOW002` for what flowrun reads")
    .in_file(source)
}

/// Words Mermaid's lexer reads as keywords when a non-word character follows them.
const RESERVED: &[&str] = &[
    "flowchart-elk",
    "flowchart",
    "graph",
    "subgraph",
    "end",
    "style",
    "linkStyle",
    "classDef",
    "class",
    "interpolate",
    "_self",
    "_blank",
    "_parent",
    "_top",
];

/// The reserved word an id starts with, if Mermaid would read it as that keyword.
fn reserved_prefix(text: &str, id: &Spanned<String>) -> Option<&'static str> {
    // Every keyword starts with one of these; most ids are done after one comparison.
    if !id
        .value
        .starts_with(['f', 'g', 's', 'e', 'l', 'c', 'i', '_', 'h'])
    {
        return None;
    }
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let keyword = RESERVED.iter().find(|kw| {
        id.value
            .strip_prefix(**kw)
            .is_some_and(|rest| !rest.starts_with(is_word))
    });
    if keyword.is_some() {
        return keyword.copied();
    }
    // `click`, `call` and `href` are keywords only when whitespace or the end follows them.
    let after = text[id.span.end..].chars().next();
    ["click", "call", "href"]
        .into_iter()
        .find(|kw| id.value == *kw && after.is_none_or(char::is_whitespace))
}

fn check_reserved_ids(
    text: &str,
    statement: &Statement,
    source: &Arc<SourceFile>,
    out: &mut Vec<Diagnostic>,
) {
    let ids: Vec<&Spanned<String>> = match statement {
        Statement::Chain(chain) => chain.groups.iter().flatten().map(|n| &n.id).collect(),
        Statement::Style(style) => vec![&style.target],
        Statement::Class(class) => class.targets.iter().collect(),
        _ => return,
    };
    for id in ids {
        if let Some(keyword) = reserved_prefix(text, id) {
            out.push(
                Diagnostic::new(
                    Code::SyntaxError,
                    format!(
                        "`{keyword}` is a Mermaid keyword and cannot start the node id `{}`",
                        id.value
                    ),
                )
                .label(id.span, "read as a keyword by Mermaid")
                .help(format!(
                    "rename the node; ids such as `{keyword}_node` or `{}` are fine",
                    capitalize(keyword)
                ))
                .in_file(source),
            );
        }
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Parses failed input again with pest's attempt tracking on, which finds the furthest point
/// reached and what was expected there. It costs time, so it is only on for input that failed.
fn detailed(rule: Rule, input: &str, plain: pest::error::Error<Rule>) -> pest::error::Error<Rule> {
    pest::set_error_detail(true);
    let again = FlowGrammar::parse(rule, input);
    pest::set_error_detail(false);
    again.err().unwrap_or(plain)
}

#[cfg(test)]
mod tests;
