//! How a text is written in canonical form: plain where plain text reads back the same in flowrun
//! and in Mermaid, otherwise in double quotes.

use std::borrow::Cow;

use crate::input::source::SourceFile;
use crate::syntax::{Shape, Statement, SubgraphStmt, Text};

/// Where a text stands: each place has its own characters that would end or change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// Between a node's brackets.
    Shape(Shape),
    /// Between an edge's pipes.
    EdgeLabel,
    /// `subgraph Title words`, with no brackets.
    SubgraphTitle,
}

/// Writes the text in canonical form, with quotes when it needs them.
pub(super) fn write(out: &mut String, text: &Text, place: Place) {
    let raw = newlines(&text.raw);
    if text.quoted {
        let end_trimmed = raw.trim_end();
        if is_markdown(end_trimmed) {
            // "`**md**`" is a markdown string only inside quotes: it stays as written, without
            // the spaces that may follow its closing quote.
            out.push('"');
            out.push_str(end_trimmed);
            out.push('"');
        } else if plain_ok(&raw, place)
            // `"`a`"`b`` reads as `` `a``b` ``, whose backticks are dropped for display
            // however it is written; in quotes it would not parse.
            || (raw.starts_with('`') && is_backticked(end_trimmed) && plain_readable(end_trimmed, place))
        {
            out.push_str(if plain_ok(&raw, place) {
                &raw
            } else {
                end_trimmed
            });
        } else {
            quote(out, &raw);
        }
        return;
    }
    let trimmed = raw.trim();
    // Mermaid derives a subgraph's id from a title without whitespace, and spaces after the
    // title count: `subgraph One ` gets a generated id. Quotes keep them visible. Spaces before
    // the title are only the gap after `subgraph`.
    if place == Place::SubgraphTitle
        && raw.trim_start() != trimmed
        && !trimmed.contains(char::is_whitespace)
    {
        quote(out, raw.trim_start());
        return;
    }
    if trimmed.is_empty() {
        // Blank plain text: flowrun reads it as an empty text; quotes keep it readable.
        quote(out, &raw);
    } else if is_backticked(trimmed) || plain_ok(trimmed, place) {
        // Plain text in backticks is literal text; quoting it would make it a markdown string.
        out.push_str(trimmed);
    } else {
        quote(out, trimmed);
    }
}

/// `"text"`, with any `"` written as the entity `#quot;` (a quoted string cannot hold `"`), and
/// a leading backtick as `#96;`: Mermaid reads ``"` `` as the start of a markdown string.
fn quote(out: &mut String, text: &str) {
    // `""` does not parse; a blank text reads the same with one space.
    let text = if text.is_empty() { " " } else { text };
    out.push('"');
    let text = match text.strip_prefix('`') {
        Some(rest) if !is_markdown(text) => {
            out.push_str("#96;");
            rest
        }
        _ => text,
    };
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.push_str("#quot;");
        }
        out.push_str(part);
    }
    out.push('"');
}

fn is_backticked(text: &str) -> bool {
    text.len() >= 2 && text.starts_with('`') && text.ends_with('`')
}

/// A markdown string's text: in backticks, with no other backtick or quote inside.
fn is_markdown(text: &str) -> bool {
    text.len() > 2 && is_backticked(text) && !text[1..text.len() - 1].contains(['`', '"'])
}

/// Whether `text`, written without quotes at `place`, reads back as exactly this text in
/// flowrun's grammar and in Mermaid's.
pub(super) fn plain_ok(text: &str, place: Place) -> bool {
    if text.is_empty()
        || text.trim() != text
        || text.contains(['[', ']', '(', ')', '{', '}', '|', '"'])
    {
        return false;
    }
    // Mermaid's lexer reads `~~~` as a link even in a text.
    if text.contains("~~~") {
        return false;
    }
    // Mermaid's lexer reads `word@` at the start of a text as an edge id (`A[a@b]` fails).
    let first_word = text.split(char::is_whitespace).next().unwrap_or("");
    if first_word.contains('@') {
        return false;
    }
    match place {
        Place::Shape(shape) => shape_text_ok(text, shape),
        Place::EdgeLabel => true,
        Place::SubgraphTitle => title_words_ok(text),
    }
}

/// Whether flowrun's grammar reads `text` back as plain text at `place` (Mermaid may not).
fn plain_readable(text: &str, place: Place) -> bool {
    !text.contains(['[', ']', '(', ')', '{', '}', '|', '"'])
        && (place != Place::SubgraphTitle || title_words_ok(text))
}

/// Texts that would open or close a different shape than the one they are in.
fn shape_text_ok(text: &str, shape: Shape) -> bool {
    let starts = |set: &[char]| text.starts_with(set);
    let ends = |set: &[char]| text.ends_with(set);
    match shape {
        // `A[/x]` would start a parallelogram; Mermaid rejects it.
        Shape::Square => !starts(&['/', '\\']),
        // `A(-x)` and `A((-x))` start an ellipse in Mermaid's lexer.
        Shape::Round | Shape::Circle => !starts(&['-']),
        // Mermaid and flowrun agree on these, but the slash that closes them is easily misread.
        Shape::LeanRight | Shape::LeanLeft | Shape::Trapezoid | Shape::InvTrapezoid => {
            !starts(&['/', '\\']) && !ends(&['/', '\\'])
        }
        Shape::Ellipse => !starts(&['-']) && !ends(&['-']),
        _ => true,
    }
}

/// `subgraph Title words`: letters, digits, single spaces and a few marks that flowrun's grammar
/// and Mermaid's lexer both read as title text, and no keyword.
fn title_words_ok(text: &str) -> bool {
    // Beyond ASCII, flowrun's grammar takes letters and marks but not other symbols; its parser
    // knows the Unicode categories, so ask it.
    if !text.is_ascii() && !reads_as_title(text) {
        return false;
    }
    let mut previous = ' ';
    for c in text.chars() {
        let ok = c.is_alphanumeric()
            || matches!(c, '_' | '.' | '\'' | '!' | '?' | '/' | '*' | '+' | '&' | '#' | '`')
            // `--`, `-.`, `.-` and `:::` would start a link or a class.
            || (c == '-' && !matches!(previous, '-' | '.'))
            || (c == ':' && previous != ':')
            || (c == ' ' && previous != ' ');
        if !ok || (previous == '-' && c == '.') {
            return false;
        }
        previous = c;
    }
    !text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(crate::syntax::keywords::breaks_titles)
}

/// Whether flowrun reads `subgraph TEXT` with `TEXT` as the plain title.
fn reads_as_title(text: &str) -> bool {
    let source = SourceFile::new("", format!("flowchart TD\nsubgraph {text}\nend\n"));
    let parsed = crate::syntax::parse(&source);
    parsed.diagnostics.iter().all(|d| !d.is_error())
        && parsed.document.is_some_and(|d| {
            matches!(d.statements.first(), Some(Statement::Subgraph(SubgraphStmt {
                id: None,
                title: Some(Text { raw, quoted: false, .. }),
                ..
            })) if raw == text)
        })
}

/// Mermaid reads any line holding `direction` and a direction (`direction LR`, even inside a text
/// or across a line break) as a direction statement: such text must keep its lines as written.
pub(super) fn holds_direction(text: &str) -> bool {
    text.match_indices("direction").any(|(i, word)| {
        let rest = &text[i + word.len()..];
        let after = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        after.len() < rest.len()
            && ["TB", "BT", "RL", "LR", "TD"]
                .iter()
                .any(|d| after.starts_with(d))
    })
}

/// Line breaks as `\n`: Mermaid turns `\r\n` and `\r` into `\n` before reading.
pub(super) fn newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}
