//! Text to syntax tree. The grammar lives in `grammar/flow.pest`; pest stays inside this module.

pub mod ast;
pub(crate) mod compat;
pub(crate) mod errors;
mod front_matter;
pub(crate) mod keywords;
mod lower;
pub(crate) mod node_data;
mod shapes;
#[cfg(test)]
pub(crate) use shapes::shape_named;
mod plain_lines;
mod resolve;

use std::sync::Arc;

use pest::Parser as _;

use crate::diagnostic::{Code, Diagnostic};
use crate::input::source::{SourceFile, Span};
pub use ast::*;

/// pest's parser, in a module of its own so that the `Rule` enum pest generates for it (`pub`,
/// one variant per grammar rule) stays inside `syntax` rather than in the public API.
mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "grammar/flow.pest"]
    pub(super) struct FlowGrammar;
}

use grammar::{FlowGrammar, Rule};

/// What parsing produced: a document when the header could be read (statements with syntax
/// errors are left out of it), and every syntax problem found.
#[derive(Debug)]
pub struct Parsed {
    /// The syntax tree; `None` when no flowchart header could be read: an empty file or one
    /// that is not a flowchart (FLOW003), or a syntax error before the first statement (FLOW001).
    pub document: Option<Document>,
    /// Every syntax problem, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// The parts of a document read before its statements.
#[derive(Clone, Debug)]
pub struct Outline {
    /// The `---` ... `---` YAML block before the header, both fences included, if there is one.
    pub front_matter: Option<Span>,
    /// The front matter's `title:`, which Mermaid shows above the chart.
    pub title: Option<String>,
    /// The `flowchart TD` (or `graph LR`...) line.
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
    each: impl FnMut(Statement),
) -> (Option<Outline>, Vec<Diagnostic>) {
    parse_with_reader(source, Reader::FastPath, each)
}

/// How statements are read: the plain-line reader for the common lines with the grammar for
/// the rest, or the grammar alone. Both give the same statements and diagnostics; the choice is
/// there for the test that compares them and the benchmark that times them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "test-hooks"), allow(dead_code))]
enum Reader {
    FastPath,
    GrammarOnly,
}

/// [`parse_with`] with the grammar alone, for flowrun's own tests and benchmarks (the
/// `test-hooks` feature): it must give what [`parse_with`] gives.
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub fn parse_with_grammar_only(
    source: &Arc<SourceFile>,
    each: impl FnMut(Statement),
) -> (Option<Outline>, Vec<Diagnostic>) {
    parse_with_reader(source, Reader::GrammarOnly, each)
}

/// [`parse`] with the grammar alone (see [`parse_with_grammar_only`]).
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
#[must_use]
pub fn parse_with_grammar_only_whole(source: &Arc<SourceFile>) -> Parsed {
    let mut statements = Vec::new();
    let (outline, diagnostics) = parse_with_grammar_only(source, |s| statements.push(s));
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

/// [`parse_with`] with the reader chosen.
fn parse_with_reader(
    source: &Arc<SourceFile>,
    reader: Reader,
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
                errors::syntax_error(&detailed(Rule::preamble_and_header, text, error), source, 0).0
            } else {
                errors::not_a_flowchart(text)
            };
            return (None, vec![diagnostic.in_file(source)]);
        }
    };
    let (front_matter, header, mut offset) = lower::preamble_and_header(header_pairs);
    let title = front_matter.and_then(|span| front_matter::title(&text[span.start..span.end]));
    if let Some(span) = front_matter
        && let Some(diagnostic) = front_matter::invalid_front_matter(text, span)
    {
        diagnostics.push(diagnostic.in_file(source));
    }

    // Mermaid reads any line holding `direction LR` as a direction statement; only files with
    // the word pay for checking every statement for it.
    let direction_rule = text[offset..].contains("direction");
    let (chunk_rule, line_rule) = if direction_rule {
        (Rule::statement_chunk_dir, Rule::statement_line_dir)
    } else {
        (Rule::statement_chunk, Rule::statement_line)
    };
    let mut checks = compat::StatementChecks::new(source);
    let mut batch = Vec::new();
    // Lines the fast path could not read in a row: after two, the grammar reads whole chunks
    // again, so a file of lines it does not know costs what it cost before it.
    let mut misses = 0;
    while offset < text.len() {
        if reader == Reader::FastPath && misses < 2 {
            if let Some(next) =
                plain_lines::statement_line(text, offset, direction_rule, &mut batch)
            {
                for mut statement in batch.drain(..) {
                    settle(&mut statement, source, &mut checks, &mut diagnostics);
                    each(statement);
                }
                offset = next;
                misses = 0;
                continue;
            }
            misses += 1;
        } else {
            misses = 0;
        }
        let rest = &text[offset..];
        // Many statements at once while they parse; one alone where one fails, to report it.
        // Right after the fast path gave up on a line, only that statement.
        let parsed = if reader == Reader::FastPath && misses == 1 {
            FlowGrammar::parse(line_rule, rest)
        } else {
            FlowGrammar::parse(chunk_rule, rest).or_else(|_| FlowGrammar::parse(line_rule, rest))
        };
        match parsed {
            Ok(pairs) => {
                let consumed = lower::statement_line(pairs, offset, &mut batch);
                for mut statement in batch.drain(..) {
                    settle(&mut statement, source, &mut checks, &mut diagnostics);
                    each(statement);
                }
                if consumed == 0 {
                    break;
                }
                offset += consumed;
            }
            Err(error) => {
                let (diagnostic, failed_at) =
                    errors::syntax_error(&detailed(line_rule, rest, error), source, offset);
                // Resume on the line after the one where reading failed (which may be lines
                // below where the diagnostic points, at a bracket left open).
                offset = text[failed_at..]
                    .find('\n')
                    .map_or(text.len(), |i| failed_at + i + 1);
                diagnostics.push(diagnostic.in_file(source));
            }
        }
    }
    checks.finish(&mut diagnostics);
    (
        Some(Outline {
            front_matter,
            title,
            header,
        }),
        diagnostics,
    )
}

/// Settles a statement as Mermaid reads it, then runs the compatibility checks on it.
fn settle(
    statement: &mut Statement,
    source: &Arc<SourceFile>,
    checks: &mut compat::StatementChecks<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if !resolve::statement(statement, source, out) {
        checks.check(statement, out);
    }
}

/// Parses failed input again with pest's attempt tracking on, which finds the furthest point
/// reached and what was expected there. It costs time, so it is only on for input that failed.
fn detailed(rule: Rule, input: &str, plain: pest::error::Error<Rule>) -> pest::error::Error<Rule> {
    // pest's error detail is one switch for the whole process: without the lock, a thread
    // checking another file (or another test) could turn it off in the middle of this parse,
    // and the same error would be reported differently from run to run.
    static DETAIL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _only_one = DETAIL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    pest::set_error_detail(true);
    let again = FlowGrammar::parse(rule, input);
    pest::set_error_detail(false);
    again.err().unwrap_or(plain)
}

#[cfg(test)]
mod tests;
