//! A hand-written reader for the statement lines large flows are made of (`A --> B`,
//! `q{Text?} -->|Yes| B[Text]`, `A -.->|No| B`, `A & B --> C`), giving exactly the statements
//! the pest grammar gives. It reads a line only when it is sure of it: anything else (quotes,
//! other shapes or arrows, `;`, comments, keywords, non-ASCII ids, a statement running onto
//! the next line) makes it return `None`, and the grammar, which stays the definition of the
//! language, reads the line instead. `tests/fast_path.rs` checks both give the same.

use super::ast::{Chain, Link, NodeRef, Shape, ShapedText, Statement, Text};
use super::keywords;
use super::lower::arrow_parts;
use crate::input::source::Span;

/// Reads the statement line at `start` (`start` is where pest's `statement_line` would begin).
/// On success pushes its statement (none for a blank line) and returns where the next line
/// starts. `direction_rule` is whether the file is read with the `direction` check on every
/// line (see `syntax::parse_with`).
pub(super) fn statement_line(
    text: &str,
    start: usize,
    direction_rule: bool,
    out: &mut Vec<Statement>,
) -> Option<usize> {
    let b = text.as_bytes();
    let i = skip_spaces(b, start);
    match *b.get(i)? {
        b'\n' => return Some(i + 1),
        c if !is_word(c) => return None,
        b's' | b'c' | b'l' | b'a' | b'e' if keywords::starts_with_statement_keyword(&b[i..]) => {
            return None;
        }
        _ => {}
    }
    if direction_rule {
        let line_end = memchr(b'\n', b, i).unwrap_or(b.len());
        if text[i..line_end].contains("direction") {
            return None;
        }
    }
    let chain = chain(text, i)?;
    let end = skip_spaces(b, chain.span.end);
    if b.get(end) != Some(&b'\n') || continues(b, end + 1) {
        return None;
    }
    out.push(Statement::Chain(chain));
    Some(end + 1)
}

/// `node_group (link node_group)*`, all on one line.
fn chain(text: &str, start: usize) -> Option<Chain> {
    let b = text.as_bytes();
    let mut groups = Vec::with_capacity(2);
    let mut links = Vec::with_capacity(1);
    let mut at = start;
    loop {
        let (group, end) = node_group(text, at)?;
        groups.push(group);
        at = end;
        let op = skip_spaces(b, at);
        match b.get(op) {
            Some(b'-' | b'=') => {}
            _ => break,
        }
        let (link, after) = link(text, op)?;
        links.push(link);
        at = skip_spaces(b, after);
    }
    Some(Chain {
        groups,
        links,
        span: Span::new(start, at),
    })
}

/// `node (& node)*`; returns the nodes and where the last one ends. A group is kept as its nodes,
/// never expanded into edges: the edge limit counts a chain's products before they are built.
fn node_group(text: &str, start: usize) -> Option<(Vec<NodeRef>, usize)> {
    let b = text.as_bytes();
    let first = node(text, start)?;
    let mut end = first.span.end;
    let mut group = vec![first];
    loop {
        let amp = skip_spaces(b, end);
        if b.get(amp) != Some(&b'&') {
            return Some((group, end));
        }
        let next = node(text, skip_spaces(b, amp + 1))?;
        end = next.span.end;
        group.push(next);
    }
}

/// An id of ASCII word characters, with a square, round, stadium or diamond text or none.
fn node(text: &str, start: usize) -> Option<NodeRef> {
    let b = text.as_bytes();
    let mut at = start;
    while b.get(at).is_some_and(|&c| is_word(c)) {
        at += 1;
    }
    if at == start {
        return None;
    }
    let id_end = at;
    match b.get(id_end).copied() {
        // Characters the grammar would take into the id, or that open a class or node data.
        Some(
            b'#'
            | b'$'
            | b'%'
            | b'&'
            | b'\''
            | b'*'
            | b'+'
            | b','
            | b'.'
            | b'/'
            | b'!'
            | b'`'
            | b'?'
            | b'\\'
            | b':'
            | b'@'
            | 0x80..,
        ) => return None,
        // A dash is part of the id unless a link starts there.
        Some(b'-') if !matches!(b.get(id_end + 1), Some(b'-' | b'.')) => return None,
        _ => {}
    }
    let shape = match b.get(id_end).copied() {
        Some(b'[') => {
            if matches!(b.get(id_end + 1), Some(b'[' | b'(' | b'/' | b'\\' | b'|')) {
                return None;
            }
            Some(shaped(text, Shape::Square, id_end, 1, b"]")?)
        }
        Some(b'(') => match b.get(id_end + 1) {
            Some(b'(' | b'-') => return None,
            Some(b'[') => Some(shaped(text, Shape::Stadium, id_end, 2, b"])")?),
            _ => Some(shaped(text, Shape::Round, id_end, 1, b")")?),
        },
        Some(b'{') => {
            if b.get(id_end + 1) == Some(&b'{') {
                return None;
            }
            Some(shaped(text, Shape::Diamond, id_end, 1, b"}")?)
        }
        Some(b'>') => return None,
        _ => None,
    };
    let end = shape.as_ref().map_or(id_end, |s| s.span.end);
    if matches!(b.get(end), Some(b':' | b'@')) {
        return None;
    }
    Some(NodeRef {
        id: super::Spanned {
            value: text[start..id_end].to_owned(),
            span: Span::new(start, id_end),
        },
        shape,
        class: None,
        data: None,
        span: Span::new(start, end),
    })
}

/// A plain text between an opener of `open` bytes at `at` and `close`.
fn shaped(text: &str, shape: Shape, at: usize, open: usize, close: &[u8]) -> Option<ShapedText> {
    let start = at + open;
    let end = plain_text_end(text.as_bytes(), start)?;
    if !text.as_bytes()[end..].starts_with(close) {
        return None;
    }
    Some(ShapedText {
        shape,
        text: Text {
            raw: text[start..end].to_owned(),
            quoted: false,
            span: Span::new(start, end),
        },
        span: Span::new(at, end + close.len()),
    })
}

/// Where a non-empty plain text starting at `start` ends: at a bracket, pipe or quote. A line
/// break or a quote gives `None` (the grammar's other readings).
fn plain_text_end(b: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    while let Some(&c) = b.get(at) {
        match c {
            b'[' | b']' | b'(' | b')' | b'{' | b'}' | b'|' => break,
            b'"' | b'\n' | b'\r' => return None,
            _ => at += 1,
        }
    }
    (at > start && at < b.len()).then_some(at)
}

/// `-->`, `--->`, `---`, `-.->`, `-.-`, `==>`, `===` and the like, with an optional `|text|`;
/// returns the link and where it ends.
fn link(text: &str, start: usize) -> Option<(Link, usize)> {
    let b = text.as_bytes();
    let stroke = b[start];
    let run = b[start..].iter().take_while(|&&c| c == stroke).count();
    let op_end = if stroke == b'-' && run == 1 && b.get(start + 1) == Some(&b'.') {
        // `-.->`, `-..-`, `-.-`
        let dots = b[start + 1..].iter().take_while(|&&c| c == b'.').count();
        let dash = start + 1 + dots;
        if b.get(dash) != Some(&b'-') {
            return None;
        }
        match b.get(dash + 1) {
            Some(b'>') => dash + 2,
            Some(b'x' | b'o') => return None,
            _ => dash + 1,
        }
    } else {
        match b.get(start + run) {
            Some(b'>') if run >= 2 => start + run + 1,
            Some(b'x' | b'o') => return None,
            _ if run >= 3 => start + run,
            _ => return None,
        }
    };
    let (stroke, tail, head, length) = arrow_parts(&text[start..op_end]);
    let mut end = op_end;
    let mut label = None;
    let pipe = skip_spaces(b, op_end);
    if b.get(pipe) == Some(&b'|') {
        let text_end = plain_text_end(b, pipe + 1)?;
        if b[text_end] != b'|' {
            return None;
        }
        label = Some(Text {
            raw: text[pipe + 1..text_end].to_owned(),
            quoted: false,
            span: Span::new(pipe + 1, text_end),
        });
        end = text_end + 1;
    }
    let link = Link {
        id: None,
        stroke,
        tail,
        head,
        length,
        label,
        span: Span::new(start, end),
    };
    // The node after the link must be on the same line.
    let next = skip_spaces(b, end);
    b.get(next)
        .is_some_and(|&c| is_word(c))
        .then_some((link, next))
}

/// Whether the grammar would carry the statement ending before `at` on into the following
/// lines: links and `&` take line breaks before them, so a line starting with `&`, a stroke,
/// an arrowhead before a stroke or an edge id (`e1@`) continues the chain.
fn continues(b: &[u8], at: usize) -> bool {
    let mut at = at;
    while matches!(b.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    match b.get(at).copied() {
        None => false,
        Some(b'&' | b'-' | b'=' | b'.' | b'~' | b'<' | 0x80..) => true,
        Some(b'x' | b'o') if matches!(b.get(at + 1), Some(b'-' | b'=' | b'.' | b'~')) => true,
        Some(c) if is_word(c) => {
            let word = b[at..].iter().take_while(|&&c| is_word(c)).count();
            matches!(b.get(at + word), Some(b'@' | 0x80..))
        }
        Some(_) => false,
    }
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn skip_spaces(b: &[u8], mut at: usize) -> usize {
    while matches!(b.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

fn memchr(needle: u8, b: &[u8], from: usize) -> Option<usize> {
    b[from..]
        .iter()
        .position(|&c| c == needle)
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<Vec<Statement>> {
        let mut out = Vec::new();
        statement_line(line, 0, false, &mut out).map(|end| {
            assert_eq!(end, line.find('\n').unwrap() + 1, "{line:?}");
            out
        })
    }

    #[test]
    fn the_common_lines_are_read_here() {
        for line in [
            "    start([Start]) --> q0\n",
            "    q0{Is condition 0 met?} -->|Yes| q1\n",
            "    q0 -.->|No| v0[Stopped at condition 0]\n",
            "A & B --> C(round) --- D\n",
            "A-->B==>C\n",
            "\n",
        ] {
            assert!(read(line).is_some(), "{line:?}");
        }
        let statements = read("  q{Q?} -.->|No| v[V]\n");
        let Some([Statement::Chain(chain)]) = statements.as_deref() else {
            panic!("one chain");
        };
        assert_eq!(chain.span, Span::new(2, 21));
        assert_eq!(chain.links[0].span, Span::new(8, 16));
        assert_eq!(chain.links[0].label.as_ref().unwrap().raw, "No");
        assert_eq!(
            chain.groups[1][0].shape.as_ref().unwrap().text.span,
            Span::new(19, 20)
        );
    }

    #[test]
    fn other_lines_are_left_to_the_grammar() {
        for line in [
            "A[\"quoted\"] --> B\n",
            "A --> B;\n",
            "A --> B\r\n",
            "end --> B\n",
            "style A fill:#fff\n",
            "A:::c --> B\n",
            "A --o B\n",
            "A -- text --> B\n",
            "A((circle)) --> B\n",
            "é --> B\n",
            "A -->\n",
            "%% comment\n",
            "A --> B",
        ] {
            assert!(read(line).is_none(), "{line:?}");
        }
        // The next line carries the statement on.
        let mut out = Vec::new();
        assert!(statement_line("A --> B\n  --> C\n", 0, false, &mut out).is_none());
        assert!(statement_line("A\n & B\n", 0, false, &mut out).is_none());
        assert!(statement_line("A\ne1@--> B\n", 0, false, &mut out).is_none());
        assert!(statement_line("A --> B direction LR\n", 0, true, &mut out).is_none());
    }
}
