//! The canonical Mermaid text of a flow, written from its syntax tree: what `flowrun fmt` writes
//! and `flowrun render --to mermaid` prints.
//!
//! "As written, normalised": statements stay in their order, one to a line, indented four spaces
//! (four more in each open `subgraph`); arrows get one space on each side and labels the pipe
//! form; texts are quoted only when they need it; comments, directives and front matter are kept
//! as written, and at most one blank line where the source had blank lines. Nothing that changes
//! what flowrun or Mermaid read: formatting the result again gives the same text.

mod text;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::checks::limits::{Guard, Limits};
use crate::diagnostic::Diagnostic;
use crate::input::source::{SourceFile, Span};
use crate::syntax::{
    AccDescr, Chain, ClickAction, ClickStmt, Direction, Document, Head, Header, Link, LinkIndex,
    NodeRef, Shape, Statement, Stroke, SubgraphStmt,
};
use text::{Place, holds_direction, newlines};

const INDENT: &str = "    ";

/// Indentation stops growing past this many nested subgraphs, so that the text of a deeply
/// nested flow stays in proportion to the flow.
const MAX_DEPTH: usize = 16;

/// The canonical text of `document`, parsed from `source_text`.
///
/// `document` should come from a text without syntax errors: statements that failed to parse
/// are not in the syntax tree, so they would be missing from the result.
#[must_use]
pub fn format(source_text: &str, document: &Document) -> String {
    let mut formatter = Formatter::new(source_text);
    for statement in &document.statements {
        formatter.add(statement);
    }
    formatter.finish(document.front_matter, &document.header)
}

/// Parses a flow statement by statement (its syntax tree is never held whole) and writes its
/// canonical text, or gives its syntax errors: statements that do not parse would be lost. The
/// limits apply as they do when a flow is analysed, so a flow too large to check is not
/// formatted either.
pub fn format_source(source: &Arc<SourceFile>, limits: &Limits) -> Result<String, Vec<Diagnostic>> {
    let text: &str = &source.text;
    let mut formatter = Formatter::new(text);
    let mut guard = Guard::new(source, *limits);
    // Node mentions bound the distinct nodes from above: only a flow with more mentions than
    // the node limit needs its distinct ids counted, which is what `analyze` counts.
    let mut mentions = 0u64;
    let (outline, diagnostics) = crate::syntax::parse_with(source, |s| {
        if guard.tripped() {
            return;
        }
        guard.see(&s);
        if guard.tripped() {
            return;
        }
        if let Statement::Chain(chain) = &s {
            mentions += chain.groups.iter().map(|g| g.len() as u64).sum::<u64>();
        }
        formatter.add(&s);
    });
    if !guard.tripped() && mentions > limits.nodes {
        count_nodes(source, &mut guard);
    }
    let errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .chain(guard.finish())
        .filter(Diagnostic::is_error)
        .collect();
    match outline {
        Some(outline) if errors.is_empty() => {
            Ok(formatter.finish(outline.front_matter, &outline.header))
        }
        _ => Err(errors),
    }
}

/// Counts the distinct node ids of a flow in a second reading, and reports the statement that
/// takes them over the node limit as `analyze` does. Only flows with more node mentions than the
/// limit come here, so the common case hashes no id.
fn count_nodes(source: &Arc<SourceFile>, guard: &mut Guard) {
    let text: &str = &source.text;
    let mut ids: HashSet<&str> = HashSet::new();
    crate::syntax::parse_with(source, |s| {
        if guard.tripped() {
            return;
        }
        if let Statement::Chain(chain) = &s {
            for node in chain.groups.iter().flatten() {
                ids.insert(&text[node.id.span.start..node.id.span.end]);
            }
            guard.nodes(ids.len(), s.span());
        }
    });
}

/// Writes the canonical text statement by statement, so that a large flow's syntax tree need
/// not be held whole: give it each statement of [`crate::syntax::parse_with`] in order, then
/// the front matter and header of the outline. [`format()`] does the same with a whole document.
pub struct Formatter<'a> {
    source: &'a str,
    /// The statements written so far.
    out: String,
    /// How many subgraphs are open.
    depth: usize,
    /// Where the first statement starts, and where the last one ends.
    first_start: Option<usize>,
    previous_end: usize,
    previous_was_chain: bool,
    /// The first statement goes on the header's line (`flowchart TD; %%x`).
    on_header_line: bool,
}

impl<'a> Formatter<'a> {
    /// A formatter for the statements of `source_text`.
    #[must_use]
    pub fn new(source_text: &'a str) -> Self {
        Self {
            source: source_text,
            out: String::with_capacity(source_text.len() + source_text.len() / 8 + 64),
            depth: 0,
            first_start: None,
            previous_end: 0,
            previous_was_chain: false,
            on_header_line: false,
        }
    }

    /// Writes the next statement.
    pub fn add(&mut self, statement: &Statement) {
        let span = statement.span();
        if must_share_a_line(self.first_start.map(|_| self.previous_was_chain), statement) {
            if self.first_start.is_none() {
                self.on_header_line = true;
            } else if self.out.ends_with('\n') {
                self.out.pop();
                // `a#R;` would be read as an entity code: keep the `;` apart from such an id.
                if crate::syntax::compat::trailing_entity(&self.out).is_some() {
                    self.out.push(' ');
                }
                self.out.push_str("; ");
            }
        } else {
            // The gap before the first statement is known once the header is.
            if self.first_start.is_some() && self.blank_between(self.previous_end, span.start) {
                self.out.push('\n');
            }
            if let Statement::End(_) = statement {
                self.depth = self.depth.saturating_sub(1);
            }
            self.indent();
        }
        self.statement(statement);
        self.first_start.get_or_insert(span.start);
        self.previous_end = span.end;
        self.previous_was_chain = matches!(statement, Statement::Chain(_));
    }

    /// The whole text: front matter, the comments before the header, the header, and the
    /// statements written.
    #[must_use]
    pub fn finish(self, front_matter: Option<Span>, header: &Header) -> String {
        let mut out = String::with_capacity(self.out.len() + 256);
        preamble(&mut out, self.source, front_matter, header.span.start);
        // `flowchart LR`: the keyword as written, the direction in letters.
        out.push_str(&header.keyword);
        if let Some(direction) = header.direction {
            out.push(' ');
            out.push_str(direction_letters(direction));
        }
        if self.on_header_line {
            out.push_str("; ");
        } else {
            out.push('\n');
            if self
                .first_start
                .is_some_and(|start| self.blank_between(header.span.end, start))
            {
                out.push('\n');
            }
        }
        out.push_str(&self.out);
        out
    }

    /// The source text of a span; empty for a span that does not fit the text.
    fn text(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// Whether the source has a blank line between two offsets.
    fn blank_between(&self, from: usize, to: usize) -> bool {
        self.source
            .get(from..to)
            .is_some_and(|gap| line_breaks(gap) >= 2)
    }

    /// The indentation of a statement: one level, and one more in each open subgraph.
    fn indent(&mut self) {
        self.indent_by(self.depth + 1);
    }

    fn indent_by(&mut self, levels: usize) {
        for _ in 0..levels.min(MAX_DEPTH + 1) {
            self.out.push_str(INDENT);
        }
    }

    fn statement(&mut self, statement: &Statement) {
        let span = statement.span();
        match statement {
            Statement::Comment(_) => {
                let text = comment_text(self.text(span));
                self.out.push_str(&newlines(text));
            }
            // Mermaid reads a line holding `direction LR` as a direction statement wherever the
            // words are; moving a line break or a quote could make it one or stop it being one.
            Statement::Direction(d) if d.swallowed_line => self.verbatim(span),
            Statement::Direction(d) => {
                self.out.push_str("direction ");
                self.out.push_str(direction_letters(d.direction));
            }
            _ if holds_direction(self.text(span)) => self.verbatim(span),
            Statement::Chain(chain) => self.chain(chain),
            Statement::Style(s) => {
                let _ = write!(
                    self.out,
                    "style {} {}",
                    s.target.value,
                    s.styles.value.trim()
                );
            }
            Statement::ClassDef(c) => {
                self.out.push_str("classDef ");
                self.join(c.names.iter().map(|n| n.value.as_str()));
                let _ = write!(self.out, " {}", c.styles.value.trim());
            }
            Statement::Class(c) => {
                self.out.push_str("class ");
                self.join(c.targets.iter().map(|t| t.value.as_str()));
                let _ = write!(self.out, " {}", c.class.value);
            }
            Statement::LinkStyle(l) => {
                self.out.push_str("linkStyle ");
                for (i, index) in l.indexes.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    match &index.value {
                        LinkIndex::Default => self.out.push_str("default"),
                        LinkIndex::Index(n) => {
                            let _ = write!(self.out, "{n}");
                        }
                        LinkIndex::TooLarge(digits) => self.out.push_str(digits),
                    }
                }
                let _ = write!(self.out, " {}", l.styles.value.trim());
            }
            Statement::AccTitle(t) => self.labelled("accTitle:", &t.value),
            Statement::AccDescr(d) => self.acc_descr(d),
            Statement::Subgraph(s) => self.subgraph(s),
            Statement::End(_) => self.out.push_str("end"),
            Statement::Click(c) => self.click(c),
        }
        self.out.push('\n');
        if let Statement::Subgraph(_) = statement {
            self.depth += 1;
        }
    }

    /// A statement's source as written, but for the indentation of its first line.
    fn verbatim(&mut self, span: Span) {
        let text = self.source.get(span.start..span.end).unwrap_or("").trim();
        self.out.push_str(&newlines(text));
    }

    fn join<'s>(&mut self, items: impl Iterator<Item = &'s str>) {
        for (i, item) in items.enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(item);
        }
    }

    /// `accTitle: text`, without a trailing space when the text is empty.
    fn labelled(&mut self, keyword: &str, value: &str) {
        self.out.push_str(keyword);
        let value = value.trim();
        if !value.is_empty() {
            self.out.push(' ');
            self.out.push_str(&newlines(value));
        }
    }

    /// `accDescr: text`, or the block form over several lines: its first line indented one
    /// level in, the others as written (Mermaid drops their indentation; flowrun keeps the text
    /// between the first and the last character as it is).
    fn acc_descr(&mut self, descr: &AccDescr) {
        if !descr.block {
            self.labelled("accDescr:", &descr.text);
            return;
        }
        self.out.push_str("accDescr {\n");
        let text = descr.text.trim();
        if !text.is_empty() {
            self.indent_by(self.depth + 2);
            self.out.push_str(&newlines(text));
            self.out.push('\n');
        }
        self.indent();
        self.out.push('}');
    }

    fn chain(&mut self, chain: &Chain) {
        for (i, group) in chain.groups.iter().enumerate() {
            if i > 0 {
                match chain.links.get(i - 1) {
                    Some(link) => {
                        // `click-->A` is a node `click`; `click -->A` would be a click statement.
                        // Mermaid reads an edge id right after `@{ ... }` only without a space.
                        let before = chain.groups[i - 1].last();
                        let space = if link.id.is_some() {
                            before.is_none_or(|n| n.data.is_none())
                        } else {
                            !before.is_some_and(bare_keyword)
                        };
                        if space {
                            self.out.push(' ');
                        }
                        self.link(link);
                    }
                    // Fewer links than groups: only a syntax tree built by hand has that.
                    None => self.out.push(' '),
                }
            }
            for (j, node) in group.iter().enumerate() {
                if j > 0 {
                    self.out.push_str(" & ");
                }
                self.node(node);
            }
        }
        // A node `click` at the end of a line would start a click statement; `;` ends it.
        if chain
            .groups
            .last()
            .and_then(|g| g.last())
            .is_some_and(bare_keyword)
        {
            self.out.push(';');
        }
    }

    /// `id[text]:::class@{ data }`.
    fn node(&mut self, node: &NodeRef) {
        self.out.push_str(&node.id.value);
        if let Some(shaped) = &node.shape {
            let (open, close) = shaped.shape.delimiters();
            // Only bracket shapes have text to write; `@{ shape: ... }` is in the data.
            if !open.is_empty() {
                self.out.push_str(open);
                if shaped.shape == Shape::Square {
                    // Legacy `A[|borders:lt|text]`: the syntax tree leaves the properties out,
                    // but Mermaid draws them.
                    let props = self
                        .source
                        .get(shaped.span.start + 1..)
                        .and_then(vertex_props);
                    self.out.push_str(props.unwrap_or(""));
                }
                text::write(&mut self.out, &shaped.text, Place::Shape(shaped.shape));
                self.out.push_str(close);
            }
        }
        if let Some(class) = &node.class {
            self.out.push_str(":::");
            self.out.push_str(&class.value);
        }
        if let Some(data) = &node.data {
            let raw = newlines(&data.raw.value);
            let trimmed = raw.trim();
            if raw.contains('\n') {
                // YAML over several lines: its indentation is part of it.
                let _ = write!(self.out, "@{{{raw}}}");
            } else if trimmed.is_empty() {
                self.out.push_str("@{ }");
            } else {
                let _ = write!(self.out, "@{{ {trimmed} }}");
            }
        }
    }

    /// `e1@-->|label| `, the space before it written by the chain: spaces around the arrow keep
    /// a following id that starts with `o` or `x` from reading as an arrowhead; inline labels
    /// (`-- label -->`) take the pipe form.
    fn link(&mut self, link: &Link) {
        if let Some(id) = &link.id {
            self.out.push_str(&id.value);
            self.out.push('@');
        }
        arrow(&mut self.out, link);
        if let Some(label) = &link.label {
            // A blank plain label is no label: flowrun and Mermaid both drop it.
            if label.quoted || !label.raw.trim().is_empty() {
                self.out.push('|');
                text::write(&mut self.out, label, Place::EdgeLabel);
                self.out.push('|');
            }
        }
        self.out.push(' ');
    }

    /// `subgraph id [Title]`, `subgraph Title` or `subgraph`, as written.
    fn subgraph(&mut self, subgraph: &SubgraphStmt) {
        self.out.push_str("subgraph");
        if let Some(id) = &subgraph.id {
            self.out.push(' ');
            self.out.push_str(id.value.trim());
        }
        if let Some(title) = &subgraph.title {
            if subgraph.id.is_some() {
                self.out.push_str(" [");
                text::write(&mut self.out, title, Place::Shape(Shape::Square));
                self.out.push(']');
            } else {
                self.out.push(' ');
                text::write(&mut self.out, title, Place::SubgraphTitle);
            }
        }
    }

    /// `click A callback "tip"`, `click A call f(x) "tip"`, `click A href "url" "tip" _blank`.
    fn click(&mut self, click: &ClickStmt) {
        let _ = write!(self.out, "click {} ", click.target.value);
        let mut window = None;
        match &click.action {
            ClickAction::Callback { name, args, call } => {
                if *call {
                    self.out.push_str("call ");
                }
                self.out.push_str(&name.value);
                if let Some(args) = args {
                    let _ = write!(self.out, "({args})");
                }
            }
            ClickAction::Link { url, href } => {
                if *href {
                    self.out.push_str("href ");
                }
                let _ = write!(self.out, "\"{}\"", url.value);
                // Only a link may name the window to open it in.
                window = click.window.as_ref();
            }
        }
        if let Some(tooltip) = &click.tooltip {
            let _ = write!(self.out, " \"{}\"", tooltip.value);
        }
        if let Some(window) = window {
            let _ = write!(self.out, " {}", window.value);
        }
    }
}

/// Front matter as written, then the comments and directives before the header, one to a line
/// and unindented, with at most one blank line where there were blank lines.
fn preamble(out: &mut String, source: &str, front_matter: Option<Span>, header_start: usize) {
    let mut at = 0;
    // Whether something was written, and the line breaks since it ended.
    let mut written = false;
    if let Some(front) = front_matter {
        let text = source.get(front.start..front.end).unwrap_or("").trim_end();
        out.push_str(&newlines(text));
        out.push('\n');
        written = true;
        at = front.end;
    }
    let mut rest = source.get(at..header_start.max(at)).unwrap_or("");
    let mut breaks = 0;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        let item_len = if rest.starts_with("%%{") {
            rest.find("}%%").map_or(rest.len(), |i| i + 3)
        } else if rest.starts_with("%%") {
            rest.find(['\n', '\r']).unwrap_or(rest.len())
        } else if let Some(after) = rest.strip_prefix("\r\n") {
            breaks += 1;
            rest = after;
            continue;
        } else if let Some(after) = rest.strip_prefix(['\n', '\r']) {
            breaks += 1;
            rest = after;
            continue;
        } else {
            break;
        };
        if written && breaks >= 2 {
            out.push('\n');
        }
        out.push_str(&newlines(comment_text(&rest[..item_len])));
        out.push('\n');
        written = true;
        breaks = 0;
        rest = &rest[item_len..];
    }
    if written && breaks >= 2 {
        out.push('\n');
    }
}

/// Whether a chain must follow the statement before it (`None`: the header) on its line, after
/// a `;`. A chain that starts with a node named `%%x` would be a comment at the start of a line
/// (`A --> B; %%x` is how it was written); one that starts with `&x` or `.-x` would continue a
/// chain on the line before, since an `&` or a link may follow a line break.
fn must_share_a_line(previous_was_chain: Option<bool>, statement: &Statement) -> bool {
    let Statement::Chain(chain) = statement else {
        return false;
    };
    let Some(first) = chain.groups.first().and_then(|g| g.first()) else {
        return false;
    };
    let id = first.id.value.as_str();
    // A dotted link is `.-` or `x.-` and longer; ids cannot hold `--`, `==` or `-.`.
    let dotted = |s: &str| {
        let rest = s.trim_start_matches('.');
        rest.len() < s.len() && rest.starts_with('-')
    };
    let continues =
        id.starts_with('&') || dotted(id) || id.strip_prefix(['x', 'o']).is_some_and(dotted);
    // A bare `%%` alone on its line stays a node; with anything after it, it is a comment.
    let bare_marker = id == "%%"
        && chain.links.is_empty()
        && chain.groups.len() == 1
        && chain.groups[0].len() == 1
        && first.shape.is_none()
        && first.class.is_none()
        && first.data.is_none();
    (id.starts_with("%%") && !bare_marker) || (continues && previous_was_chain == Some(true))
}

/// A node `click`, `call` or `href` with nothing after its id: Mermaid reads these words as
/// keywords when whitespace or the end of the text follows them.
fn bare_keyword(node: &NodeRef) -> bool {
    crate::syntax::keywords::only_before_space(&node.id.value)
        && node.shape.is_none()
        && node.class.is_none()
        && node.data.is_none()
}

/// A comment line without trailing spaces, except that `%% ` stays as written: a bare `%%` is
/// not a comment to Mermaid but a node named `%%`.
fn comment_text(text: &str) -> &str {
    let trimmed = text.trim();
    if trimmed == "%%" {
        text.trim_start().trim_end_matches(['\r', '\n'])
    } else {
        trimmed
    }
}

/// `|borders:lt|` at the start of a square's text, as written.
fn vertex_props(inside: &str) -> Option<&str> {
    let rest = inside.strip_prefix('|')?;
    let end = rest.find(['|', '\n', '\r'])?;
    (rest.as_bytes()[end] == b'|').then(|| &inside[..end + 2])
}

/// `\r\n`, `\n` and `\r` each count as one line break.
fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

fn direction_letters(direction: Direction) -> &'static str {
    match direction {
        Direction::TopDown => "TD",
        Direction::BottomUp => "BT",
        Direction::LeftRight => "LR",
        Direction::RightLeft => "RL",
    }
}

/// The operator for a stroke, heads and length: `-->`, `---`, `<-.->`, `==>`, `~~~`, `--->`...
fn arrow(out: &mut String, link: &Link) {
    let head_char = |head: Head, tail: bool| match head {
        Head::None => None,
        Head::Arrow => Some(if tail { '<' } else { '>' }),
        Head::Circle => Some('o'),
        Head::Cross => Some('x'),
    };
    let length = usize::from(link.length.clamp(1, 10));
    if link.stroke == Stroke::Invisible {
        // `~~~` has no heads.
        out.extend(std::iter::repeat_n('~', length + 2));
        return;
    }
    if let Some(c) = head_char(link.tail, true) {
        out.push(c);
    }
    let head = head_char(link.head, false);
    match link.stroke {
        Stroke::Dotted => {
            out.push('-');
            out.extend(std::iter::repeat_n('.', length));
            out.push('-');
        }
        Stroke::Thick | Stroke::Normal | Stroke::Invisible => {
            let c = if link.stroke == Stroke::Thick {
                '='
            } else {
                '-'
            };
            // An open line is one character longer than an arrow of the same length.
            let count = length + if head.is_some() { 1 } else { 2 };
            out.extend(std::iter::repeat_n(c, count));
        }
    }
    if let Some(c) = head {
        out.push(c);
    }
}

#[cfg(test)]
mod tests;
