//! Text to syntax tree. The grammar lives in `grammar/flow.pest`; pest stays inside this module.

pub mod ast;
pub(crate) mod errors;
pub(crate) mod keywords;
mod lower;
pub(crate) mod misreadings;
pub mod node_data;
mod shapes;
#[cfg(test)]
pub(crate) use shapes::shape_named;
mod plain_lines;

use std::sync::Arc;

use pest::Parser as _;

use crate::diagnostic::{Code, Diagnostic};
use crate::input::source::{SourceFile, Span};
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
    each: impl FnMut(Statement),
) -> (Option<Outline>, Vec<Diagnostic>) {
    parse_with_reader(source, Reader::FastPath, each)
}

/// How statements are read: the hand-written fast path for the common lines with the grammar
/// for the rest, or the grammar alone. Both give the same statements and diagnostics
/// (`tests/fast_path.rs` compares them); the choice is there for that test.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    FastPath,
    GrammarOnly,
}

/// [`parse`] with the reader chosen: for the test that compares the two.
#[doc(hidden)]
#[must_use]
pub fn parse_using(source: &Arc<SourceFile>, reader: Reader) -> Parsed {
    let mut statements = Vec::new();
    let (outline, diagnostics) = parse_with_reader(source, reader, |s| statements.push(s));
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

/// [`parse_with`] with the reader chosen: for the test that compares the two and for the
/// benchmark that times them.
#[doc(hidden)]
pub fn parse_with_reader(
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
    let title = front_matter.and_then(|span| front_matter_title(&text[span.start..span.end]));
    if let Some(span) = front_matter
        && let Some(diagnostic) = invalid_front_matter(text, span)
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
    let mut checks = StatementChecks::new(source);
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
                    checks.check(&mut statement, &mut diagnostics);
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
                    checks.check(&mut statement, &mut diagnostics);
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

/// Mermaid reads the front matter as YAML and refuses the chart when it is not.
fn invalid_front_matter(text: &str, span: Span) -> Option<Diagnostic> {
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

/// The reserved word an id starts with, if Mermaid would read it as that keyword.
fn reserved_prefix(text: &str, id: &Spanned<String>) -> Option<&'static str> {
    // Every keyword starts with one of these; most ids are done after one comparison.
    if !id
        .value
        .starts_with(['f', 'g', 's', 'e', 'l', 'c', 'i', '_', 'h'])
    {
        return None;
    }
    let after = text[id.span.end..].chars().next();
    keywords::read_as_keyword(&id.value, after.is_none_or(char::is_whitespace))
}

/// Checks on each statement as it is read that pest's grammar does not make: reserved words
/// in ids, node data, subgraphs opened and closed, and Mermaid's silent surprises.
struct StatementChecks<'a> {
    source: &'a Arc<SourceFile>,
    /// The `subgraph` lines still open.
    open_subgraphs: Vec<Span>,
}

impl<'a> StatementChecks<'a> {
    fn new(source: &'a Arc<SourceFile>) -> Self {
        Self {
            source,
            open_subgraphs: Vec::new(),
        }
    }

    fn check(&mut self, statement: &mut Statement, out: &mut Vec<Diagnostic>) {
        let text: &str = &self.source.text;
        match statement {
            Statement::Chain(chain) => {
                for node in chain.groups.iter_mut().flatten() {
                    self.reserved(text, &node.id, out);
                    self.entity_in_id(text, &node.id, out);
                    if node.id.value.starts_with("%%") {
                        out.push(comment_read_as_node(
                            &node.id.value,
                            node.id.span,
                            self.source,
                        ));
                    }
                    if let Some(data) = &mut node.data
                        && let Err(e) = node_data::read(data)
                    {
                        out.push(
                            Diagnostic::new(Code::InvalidNodeData, e.message)
                                .label(e.span, "Mermaid refuses this")
                                .help(e.help)
                                .in_file(self.source),
                        );
                    }
                }
                self.arrowheads_taking_ids(text, chain, out);
                self.lexer_traps(text, chain, out);
            }
            Statement::Style(style) => {
                self.reserved(text, &style.target, out);
                self.entity_before_semicolon(text, style.styles.span, out);
            }
            Statement::ClassDef(class_def) => {
                self.entity_before_semicolon(text, class_def.styles.span, out);
            }
            Statement::Class(class) => {
                for target in &class.targets {
                    self.reserved(text, target, out);
                }
            }
            Statement::Comment(span) if !starts_line(text, span.start) => {
                if let Some(node) = self.comment_after_statement(text, *span, out) {
                    *statement = node;
                }
            }
            Statement::Subgraph(subgraph) => {
                self.open_subgraphs.push(subgraph.span);
                if subgraph.id.is_none() && subgraph.title.is_none() {
                    out.push(
                        Diagnostic::new(Code::SyntaxError, "a subgraph needs an id or a title")
                            .label(subgraph.span, "Mermaid 11 fails on a bare `subgraph`")
                            .help("name the group: `subgraph checks [Eligibility checks]`")
                            .in_file(self.source),
                    );
                }
            }
            Statement::End(span) if self.open_subgraphs.pop().is_none() => {
                out.push(
                    Diagnostic::new(Code::SyntaxError, "`end` without a subgraph to close")
                        .label(*span, "no `subgraph` is open here")
                        .help(
                            "remove the `end`, or open the group with `subgraph id [Title]`; \
                             a node cannot be called `end`",
                        )
                        .in_file(self.source),
                );
            }
            Statement::Direction(direction) if direction.swallowed_line => {
                out.push(
                    Diagnostic::new(
                        Code::DirectionSwallowsLine,
                        "Mermaid reads this whole line as a `direction` statement",
                    )
                    .label(direction.span, "dropped by Mermaid, and so by flowrun")
                    .help(
                        "Mermaid's lexer takes any line holding `direction` and a direction \
                         (`LR`, `TB`...) as a direction statement; to show those words write \
                         `direction#32;LR` or put them in lower case",
                    )
                    .in_file(self.source),
                );
            }
            _ => {}
        }
    }

    /// Mermaid drops `%%` comments only on lines of their own. After `A --> B;` on the same
    /// line, `%%note` is a node id and `%% a note` a syntax error; `%%{...}%%` directives are
    /// dropped anywhere.
    fn comment_after_statement(
        &self,
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
                .in_file(self.source),
            );
            return None;
        };
        let first = &chain.groups[0][0].id;
        out.push(comment_read_as_node(&first.value, first.span, self.source));
        Some(Statement::Chain(chain))
    }

    /// Two places where Mermaid's lexer reads text as something else and fails: a first word
    /// holding `@` (from the id, or the `|` of an edge label) is an edge id (`A[a@b]`), and a
    /// text starting with `~~~` is an invisible link (`A[~~~]`).
    fn lexer_traps(&self, text: &str, chain: &Chain, out: &mut Vec<Diagnostic>) {
        let unquoted =
            || {
                chain.groups.iter().flatten().filter_map(|node| {
                    Some((node, node.shape.as_ref().filter(|s| !s.text.quoted)?))
                })
            };
        for (_, shape) in unquoted() {
            if shape.text.raw.trim_start().starts_with("~~~") {
                out.push(
                    Diagnostic::new(
                        Code::SyntaxError,
                        "Mermaid reads `~~~` at the start of a text as an invisible link",
                    )
                    .label(shape.text.span, "read as a link")
                    .help("quote the text: `A[\"~~~\"]`")
                    .in_file(self.source),
                );
            }
        }
        // The first words: after the id of a node with an unquoted text, after a link's `|`.
        let words =
            unquoted()
                .map(|(node, _)| node.id.span.start)
                .chain(chain.links.iter().filter_map(|link| {
                    let label = link.label.as_ref().filter(|l| !l.quoted)?;
                    text[..label.span.start]
                        .ends_with('|')
                        .then(|| label.span.start - 1)
                }));
        for start in words {
            let word_len = text[start..]
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(text.len() - start);
            let word = &text[start..start + word_len];
            let Some(at) = word.find('@') else { continue };
            if word[at + 1..].starts_with(['{', '"']) || at + 1 == word.len() {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::SyntaxError,
                    format!("Mermaid reads `{}` as an edge id", &word[..=at]),
                )
                .label(Span::new(start, start + at + 1), "read as an edge id")
                .help("quote the text (`A[\"a@b\"]`), or put a space before the word with `@`")
                .in_file(self.source),
            );
        }
    }

    /// Mermaid replaces `#word;` with an entity code before parsing; inside an id that is an
    /// error (`A#35;B`).
    fn entity_in_id(&self, text: &str, id: &Spanned<String>, out: &mut Vec<Diagnostic>) {
        if !text[id.span.end..].starts_with(';') {
            return;
        }
        let Some(entity) = trailing_entity(&id.value) else {
            return;
        };
        let start = id.span.end - entity;
        out.push(
            Diagnostic::new(
                Code::SyntaxError,
                format!(
                    "Mermaid reads `{};` as an entity code, which cannot be part of a node id",
                    &text[start..id.span.end]
                ),
            )
            .label(Span::new(start, id.span.end + 1), "read as an entity code")
            .help("entity codes belong in text: `A[#35; 1]`; ids may not hold them")
            .in_file(self.source),
        );
    }

    /// Before parsing, Mermaid drops the last `;` of a `style` or `classDef` line and reads every
    /// other `#word;` as an entity code, which breaks `style A fill:#fff;style B ...;`.
    fn entity_before_semicolon(&self, text: &str, styles: Span, out: &mut Vec<Diagnostic>) {
        let line_end = text[styles.end..]
            .find('\n')
            .map_or(text.len(), |i| styles.end + i);
        let after = &text[styles.end..line_end];
        if !after.starts_with(';') || !after[1..].contains(';') {
            return;
        }
        let Some(entity) = trailing_entity(&text[styles.start..styles.end]) else {
            return;
        };
        let start = styles.end - entity;
        out.push(
            Diagnostic::new(
                Code::SyntaxError,
                format!(
                    "Mermaid reads `{};` as an entity code, not as a colour and a separator",
                    &text[start..styles.end]
                ),
            )
            .label(Span::new(start, styles.end + 1), "read as an entity code")
            .help("put each `style` or `classDef` statement on a line of its own")
            .in_file(self.source),
        );
    }

    /// Subgraphs left open at the end of the file.
    fn finish(&mut self, out: &mut Vec<Diagnostic>) {
        for span in self.open_subgraphs.drain(..).rev() {
            out.push(
                Diagnostic::new(Code::SyntaxError, "this subgraph is never closed")
                    .label(span, "opened here")
                    .help("close the subgraph with a line `end` after its nodes")
                    .in_file(self.source),
            );
        }
    }

    fn reserved(&self, text: &str, id: &Spanned<String>, out: &mut Vec<Diagnostic>) {
        let Some(keyword) = reserved_prefix(text, id) else {
            return;
        };
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
            .in_file(self.source),
        );
    }

    /// `A---oB` is `A --o B`: the `o` (or `x`) right after the dashes is read as an arrowhead.
    fn arrowheads_taking_ids(&self, text: &str, chain: &Chain, out: &mut Vec<Diagnostic>) {
        for (i, link) in chain.links.iter().enumerate() {
            let Some(next) = chain.groups.get(i + 1).and_then(|g| g.first()) else {
                continue;
            };
            let op = &text[link.span.start..link.span.end];
            let head = op.chars().last();
            if link.label.is_none()
                && matches!(head, Some('o' | 'x'))
                && link.span.end == next.id.span.start
            {
                let head = head.unwrap_or('o');
                out.push(
                    Diagnostic::new(
                        Code::ArrowheadTakesId,
                        format!(
                            "Mermaid reads `{op}{}` as the arrow `{op}` to `{}`",
                            next.id.value, next.id.value
                        ),
                    )
                    .label(link.span, format!("the `{head}` is read as an arrowhead"))
                    .help(format!(
                        "if the node is `{head}{}`, put a space after the arrow: `{} {head}{}`",
                        next.id.value,
                        &op[..op.len() - 1],
                        next.id.value
                    ))
                    .in_file(self.source),
                );
            }
        }
    }
}

/// The length of the `#word` a text ends with, if it does: followed by `;`, Mermaid reads it as
/// an entity code.
fn trailing_entity(text: &str) -> Option<usize> {
    let word = text.len()
        - text
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len();
    (word > 0 && text[..text.len() - word].ends_with('#')).then_some(word + 1)
}

fn comment_read_as_node(id: &str, span: Span, source: &Arc<SourceFile>) -> Diagnostic {
    Diagnostic::new(
        Code::CommentReadAsNode,
        format!("Mermaid reads `{id}` here as a node, not as a comment"),
    )
    .label(span, "a node with this id")
    .help(
        "a comment is a line of its own starting with `%%` and holding more text: \
         `%% a note`",
    )
    .in_file(source)
}

/// Whether only spaces come before `at` on its line.
fn starts_line(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .rev()
        .take_while(|&c| c != '\n' && c != '\r')
        .all(|c| c == ' ' || c == '\t')
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
