//! What Mermaid makes of a statement beyond what the grammar gives, settled before the statement
//! is checked or built: `@{ ... }` node data read into a shape and a label, and a `%%` comment
//! after a statement on the same line read as the node Mermaid sees there.

use std::sync::Arc;

use pest::Parser as _;

use super::ast::Statement;
use super::compat::{comment_read_as_node, starts_line};
use super::{FlowGrammar, Rule, lower, node_data};
use crate::checks::rules::Code;
use crate::diagnostic::Diagnostic;
use crate::input::source::{SourceFile, Span};

/// Settles one statement in place. Returns whether it was a comment turned into a node, whose
/// problems are reported here: such a statement is not checked again.
pub(super) fn statement(
    statement: &mut Statement,
    source: &Arc<SourceFile>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let text: &str = &source.text;
    match statement {
        Statement::Chain(chain) => {
            for node in chain.groups.iter_mut().flatten() {
                if let Some(data) = &mut node.data
                    && let Err(e) = node_data::read(data)
                {
                    out.push(
                        Diagnostic::new(Code::InvalidNodeData, e.message)
                            .label(e.span, "Mermaid refuses this")
                            .help(e.help)
                            .in_file(source),
                    );
                }
            }
            false
        }
        Statement::Comment(span) if !starts_line(text, span.start) => {
            if let Some(node) = comment_after_statement(source, text, *span, out) {
                *statement = node;
            }
            true
        }
        _ => false,
    }
}

/// Mermaid drops `%%` comments only on lines of their own. After `A --> B;` on the same
/// line, `%%note` is a node id and `%% a note` a syntax error; `%%{...}%%` directives are
/// dropped anywhere.
fn comment_after_statement(
    source: &Arc<SourceFile>,
    text: &str,
    span: Span,
    out: &mut Vec<Diagnostic>,
) -> Option<Statement> {
    let comment = text[span.start..span.end].trim_end();
    if comment.starts_with("%%{") {
        return None;
    }
    let chain = FlowGrammar::parse(Rule::lone_chain, comment)
        .ok()
        .and_then(|pairs| lower::lone_chain(pairs, span.start));
    let Some(chain) = chain else {
        out.push(
            Diagnostic::new(
                Code::SyntaxError,
                "a `%%` comment must be on a line of its own",
            )
            .label(span, "Mermaid cannot read this after a statement")
            .help("move the comment to its own line above the statement")
            .in_file(source),
        );
        return None;
    };
    let first = &chain.groups[0][0].id;
    out.push(comment_read_as_node(&first.value, first.span, source));
    Some(Statement::Chain(chain))
}
