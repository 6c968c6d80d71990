//! Mermaid compatibility checks on each statement as it is read: what pest's grammar accepts but
//! Mermaid reads otherwise or refuses (reserved words in ids, entity codes, arrowheads that take
//! an id, lexer traps, subgraphs left open, a line read as `direction`).

use std::sync::Arc;

use super::ast::{Chain, Spanned, Statement};
use super::keywords;
use crate::checks::rules::Code;
use crate::diagnostic::{Diagnostic, Rule};
use crate::input::source::{SourceFile, Span};

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
/// in ids, subgraphs opened and closed, and Mermaid's silent surprises. They read the
/// statements and never change them.
pub(super) struct StatementChecks<'a> {
    source: &'a Arc<SourceFile>,
    /// The `subgraph` lines still open.
    open_subgraphs: Vec<Span>,
}

impl<'a> StatementChecks<'a> {
    pub(super) fn new(source: &'a Arc<SourceFile>) -> Self {
        Self {
            source,
            open_subgraphs: Vec::new(),
        }
    }

    pub(super) fn check(&mut self, statement: &Statement, out: &mut Vec<Diagnostic>) {
        let text: &str = &self.source.text;
        match statement {
            Statement::Chain(chain) => {
                for node in chain.groups.iter().flatten() {
                    self.reserved(text, &node.id, out);
                    self.entity_in_id(text, &node.id, out);
                    if node.id.value.starts_with("%%") {
                        out.push(comment_read_as_node(
                            &node.id.value,
                            node.id.span,
                            self.source,
                        ));
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
    pub(super) fn finish(&mut self, out: &mut Vec<Diagnostic>) {
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
pub(crate) fn trailing_entity(text: &str) -> Option<usize> {
    let word = text.len()
        - text
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len();
    (word > 0 && text[..text.len() - word].ends_with('#')).then_some(word + 1)
}

pub(super) fn comment_read_as_node(id: &str, span: Span, source: &Arc<SourceFile>) -> Diagnostic {
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
pub(super) fn starts_line(text: &str, at: usize) -> bool {
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

// The catalogue entries of the warnings these checks give for text Mermaid reads otherwise
// than it looks (FLOW013-015).

pub(crate) const DIRECTION_SWALLOWS_LINE: Rule = Rule::new(
    Code::DirectionSwallowsLine,
    "Mermaid reads a line holding `direction LR` as a direction statement",
    "\
What it checks: lines that hold the word `direction` followed by a direction (`TB`, `TD`, `BT`,
`LR`, `RL`) but are not just a `direction` statement, for example a label that says
`Change direction LR?`.

Why: Mermaid's lexer reads such a line, quoted text and all, as a `direction` statement and
silently drops every node and edge on it. flowrun reads the line as Mermaid does, so the flow
runs as it is drawn, and warns, because the author surely meant something else.

Example:
    flowchart TD
        A{Change direction LR?} -->|Yes| B[Turn]
Fix: write the words another way: `direction#32;LR`, lower case, or a line break between them.",
);

pub(crate) const ARROWHEAD_TAKES_ID: Rule = Rule::new(
    Code::ArrowheadTakesId,
    "an `o` or `x` right after an arrow is read as its head, not as the node's id",
    "\
What it checks: arrows written without a space before a node whose id starts with `o` or `x`,
such as `A---oB` or `A--xray`.

Why: Mermaid reads `A---oB` as the arrow `---o` (a circle head) to node `B`, not as `---` to
`oB`. flowrun reads it the same way, and warns, because the other reading is usually meant.

Example:
    flowchart TD
        A---oB
Fix: put spaces around arrows: `A --- oB`, or `A --o B` if the circle head is meant.",
);

pub(crate) const COMMENT_READ_AS_NODE: Rule = Rule::new(
    Code::CommentReadAsNode,
    "a `%%` comment after a statement on its line is read as a node",
    "\
What it checks: `%%` comments that follow a statement on the same line, such as
`A --> B;%%todo`.

Why: Mermaid only drops comments that are on a line of their own. After a statement, `%%todo`
is read as the id of a new, unconnected node (and `%% two words` is a syntax error). flowrun
reads it as Mermaid does, so the stray node also shows up in its checks, and warns.

Example:
    flowchart TD
        A{Ready?} -->|Yes| B[Go];%%check
Fix: put the comment on its own line above the statement.",
);
