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

/// Parses a flow file. Each statement is parsed on its own, so a syntax error in one statement
/// is reported and parsing goes on at the next line.
#[must_use]
pub fn parse(source: &Arc<SourceFile>) -> Parsed {
    let text: &str = &source.text;
    let mut diagnostics = Vec::new();

    if text.trim().is_empty() {
        let diagnostic = Diagnostic::new(Code::NotAFlowchart, "the file is empty")
            .label(Span::new(0, text.len()), "no flowchart here")
            .help("start the file with a header such as `flowchart TD`, then the nodes and edges")
            .in_file(source);
        return Parsed {
            document: None,
            diagnostics: vec![diagnostic],
        };
    }

    let header_pairs = match FlowGrammar::parse(Rule::preamble_and_header, text) {
        Ok(pairs) => pairs,
        Err(error) => {
            let diagnostic = if FlowGrammar::parse(Rule::header_keyword_probe, text).is_ok() {
                errors::syntax_error(&detailed(Rule::preamble_and_header, text, error), text, 0)
            } else {
                errors::not_a_flowchart(text)
            };
            return Parsed {
                document: None,
                diagnostics: vec![diagnostic.in_file(source)],
            };
        }
    };
    let (front_matter, header, mut offset) = lower::preamble_and_header(header_pairs);

    let mut statements = Vec::new();
    while offset < text.len() {
        let rest = &text[offset..];
        match FlowGrammar::parse(Rule::statement_line, rest) {
            Ok(pairs) => {
                let consumed = lower::statement_line(pairs, offset, &mut statements);
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

    // One diagnostic per unsupported block: the `end` of a reported `subgraph` is not another.
    let mut open_subgraphs = 0usize;
    for statement in &statements {
        if let Statement::Unsupported { keyword, span } = statement {
            match keyword.as_str() {
                "subgraph" => open_subgraphs += 1,
                "end" if open_subgraphs > 0 => {
                    open_subgraphs -= 1;
                    continue;
                }
                _ => {}
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::UnsupportedSyntax,
                    format!("`{keyword}` is valid Mermaid but flowrun does not read it yet"),
                )
                .label(*span, "not supported yet")
                .help(
                    "write the nodes and edges without it; see `flowrun explain FLOW002` for \
                     what flowrun reads",
                )
                .in_file(source),
            );
        }
    }

    Parsed {
        document: Some(Document {
            front_matter,
            header,
            statements,
        }),
        diagnostics,
    }
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
