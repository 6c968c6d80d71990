//! pest errors to diagnostics that say, in words, what was expected.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use crate::diagnostic::{self, Code, Diagnostic};
use crate::input::source::{SourceFile, Span};

pub(crate) const SYNTAX_ERROR: diagnostic::Rule = diagnostic::Rule::new(
    Code::SyntaxError,
    "the text is not valid Mermaid flowchart syntax",
    "\
What it checks: that every statement of the flow is Mermaid flowchart syntax that flowrun reads:
nodes with their shapes, edges with their labels, chains, `&`, `style`, `classDef`, `class`,
`linkStyle`, `accTitle`/`accDescr` and `%%` comment lines.

Why: a flow that does not parse cannot be walked, and usually does not render in Mermaid either.
The diagnostic points at the first character flowrun could not read and says what it expected.
When a bracket or quote left open made a text run on (`B{Ready?` with no `}`), it points where
that bracket or quote opens instead, and also where reading stopped.

Example:
    flowchart TD
        A[Start] -> B{Ready?}
Fix: Mermaid arrows have two dashes: `A[Start] --> B{Ready?}`.",
);

pub(crate) const NOT_A_FLOWCHART: diagnostic::Rule = diagnostic::Rule::new(
    Code::NotAFlowchart,
    "the file is empty or is not a Mermaid flowchart",
    "\
What it checks: that the file starts (after optional front matter, `%%` comments and blank lines)
with a flowchart header: `flowchart` or `graph`, optionally followed by a direction (TD, TB, BT,
LR, RL), then a line break or `;`.

Why: flowrun only runs flowcharts; an empty file or another Mermaid diagram (a `sequenceDiagram`,
say) has no decisions to walk.

Example:
    sequenceDiagram
        Alice->>Bob: Hi
Fix: start the file with `flowchart TD`.",
);

/// What a grammar rule is called in a message to a flow author.
fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::header | Rule::keyword_graph | Rule::preamble_and_header => {
            "a `flowchart` or `graph` header"
        }
        Rule::direction => "a direction (TD, TB, BT, LR or RL)",
        Rule::statement_line | Rule::statement_line_dir => "a statement",
        Rule::subgraph_stmt | Rule::subgraph_id | Rule::subgraph_title | Rule::subgraph_words => {
            "a subgraph id or title"
        }
        Rule::click_stmt | Rule::click_target => "a `click` statement: `click A \"url\"`",
        Rule::click_link | Rule::href | Rule::click_call | Rule::click_callback => {
            "a link `\"url\"`, `href \"url\"` or a callback name"
        }
        Rule::callback_name | Rule::callback_args => "a callback `call name(args)`",
        Rule::link_window => "a link target (`_self`, `_blank`, `_parent` or `_top`)",
        Rule::node_data | Rule::node_data_body => "node data closed by `}`",
        Rule::chain | Rule::node_group | Rule::node | Rule::node_id | Rule::list_id => "a node id",
        Rule::link | Rule::arrow | Rule::inline_link => "an arrow such as `-->`",
        Rule::inline_open_normal | Rule::inline_open_dotted | Rule::inline_open_thick => {
            "an arrow such as `-- text -->`"
        }
        Rule::inline_close_normal => "the end of the arrow, `-->`",
        Rule::inline_close_dotted => "the end of the arrow, `.->`",
        Rule::inline_close_thick => "the end of the arrow, `==>`",
        Rule::inline_text_normal | Rule::inline_text_dotted | Rule::inline_text_thick => {
            "the arrow's text"
        }
        Rule::pipe_label => "an edge label `|text|`",
        Rule::label | Rule::label_slanted | Rule::label_ellipse => "the node's text",
        Rule::plain_text | Rule::slanted_text | Rule::ellipse_text => {
            "text (without brackets, `|` or `\"`; quote it to use them)"
        }
        Rule::quoted | Rule::quoted_text | Rule::quoted_tail => "the text",
        Rule::double_circle
        | Rule::circle
        | Rule::stadium
        | Rule::ellipse
        | Rule::round
        | Rule::subroutine
        | Rule::cylinder
        | Rule::lean_right
        | Rule::trapezoid
        | Rule::lean_left
        | Rule::inv_trapezoid
        | Rule::square
        | Rule::hexagon
        | Rule::diamond
        | Rule::odd => "a node shape such as `[text]` or `{question}`",
        Rule::style_text => "style properties such as `fill:#f9f,stroke:#333`",
        Rule::class_name | Rule::class_names | Rule::inline_class => "a class name",
        Rule::class_targets => "a node id",
        Rule::link_index | Rule::link_indexes => "a link number or `default`",
        Rule::comment | Rule::directive => "a `%%` comment",
        Rule::front_matter => "front matter closed by `---`",
        _ => "a statement",
    }
}

/// The bracket that closes a shape's text.
fn closer(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::double_circle => ")))",
        Rule::circle => "))",
        Rule::stadium => "])",
        Rule::ellipse => "-)",
        Rule::round => ")",
        Rule::subroutine => "]]",
        Rule::cylinder => ")]",
        Rule::lean_right | Rule::inv_trapezoid => "/]",
        Rule::lean_left | Rule::trapezoid => "\\]",
        Rule::square | Rule::odd => "]",
        Rule::hexagon => "}}",
        Rule::diamond => "}",
        _ => return None,
    })
}

/// Turns a pest error from the file's text from `base` on into a syntax diagnostic. Also returns
/// where reading gave up, a byte offset into the file: parsing goes on at the line after it, even
/// when the diagnostic points further up (at a bracket left open), so no text is read twice.
pub(super) fn syntax_error(
    error: &Error<Rule>,
    source: &SourceFile,
    base: usize,
) -> (Diagnostic, usize) {
    let input = &source.text[base..];
    let mut pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<String> = Vec::new();
    let mut inside = Inside::default();
    if let Some(attempts) = error.parse_attempts() {
        pos = attempts.max_position.min(input.len());
        for stack in &attempts.call_stacks {
            let rule = stack.deepest.get_rule().copied().or(stack.parent);
            if let Some(rule) = rule {
                match closer(rule) {
                    Some(close) => expected.push(format!("`{close}` to close the node's text")),
                    None => expected.push(describe(rule).to_owned()),
                }
                inside.quote |= matches!(rule, Rule::quoted | Rule::quoted_text);
                inside.node_data |= matches!(rule, Rule::node_data | Rule::node_data_body);
            }
        }
        let tokens = attempts.expected_tokens();
        // Tokens only print themselves (their type is not public).
        let tokens: Vec<String> = tokens.iter().map(ToString::to_string).collect();
        let ends_statement = tokens.iter().any(|t| t == "\n");
        if ends_statement {
            expected.retain(|e| e != "a statement");
            expected.push("the end of the statement".to_owned());
        }
        inside.closers = BRACKETS
            .iter()
            .map(|(_, close)| *close)
            .filter(|close| tokens.iter().any(|t| t == close))
            .collect();
    } else if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        expected.extend(positives.iter().map(|r| describe(*r).to_owned()));
    }
    expected.sort_unstable();
    expected.dedup();

    let found = input[pos..].chars().next();
    let width = found.map_or(0, |c| {
        if c == '\n' || c == '\r' {
            0
        } else {
            c.len_utf8()
        }
    });
    // `->` with one dash fails at the `>`; underline the whole would-be arrow.
    let back = usize::from(found == Some('>') && input[..pos].ends_with('-'));
    let span = Span::new(base + pos - back, base + pos + width);
    let found_words = match found {
        None => "the end of the file".to_owned(),
        Some('\n' | '\r') => "the end of the line".to_owned(),
        Some(c) => format!("`{c}`"),
    };
    // Reading stopped inside a text (or node data) because its bracket or quote was never
    // closed: the real mistake is where it opens, which may be lines up.
    if let Some(open) = unclosed(input, pos, &inside) {
        return (unclosed_diagnostic(source, base, pos, &open), base + pos);
    }
    let message = if expected.is_empty() {
        format!("unexpected {found_words}")
    } else {
        let words: Vec<&str> = expected.iter().map(String::as_str).collect();
        format!("expected {}, found {found_words}", join_or(&words))
    };
    let diagnostic = Diagnostic::new(Code::SyntaxError, message)
        .label(span, "flowrun could not read past here")
        .help(hint(
            input,
            pos,
            expected.iter().any(|e| e == "the end of the statement"),
        ));
    (diagnostic, base + pos)
}

/// The brackets of node shapes (as `grammar/flow.pest` has them) and of edge labels, each
/// opener with a closer that ends it. A slanted shape `[/` or `[\` has two.
const BRACKETS: &[(&str, &str)] = &[
    ("(((", ")))"),
    ("((", "))"),
    ("([", "])"),
    ("(-", "-)"),
    ("(", ")"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("[/", "/]"),
    ("[/", "\\]"),
    ("[\\", "\\]"),
    ("[\\", "/]"),
    ("[", "]"),
    ("{{", "}}"),
    ("{", "}"),
    ("|", "|"),
];

/// What pest was reading when it gave up, as far as an unclosed bracket or quote goes.
#[derive(Default)]
struct Inside {
    /// Closers of [`BRACKETS`] pest would have taken where it stopped: it was in that text.
    closers: Vec<&'static str>,
    /// In a quoted string.
    quote: bool,
    /// In `@{ ... }` node data.
    node_data: bool,
}

/// A bracket or quote left open: where it is (relative to the statement), what it is, and
/// what closes it.
struct Open {
    at: Span,
    kind: OpenKind,
    closers: Vec<&'static str>,
}

enum OpenKind {
    /// A shape's or an edge label's bracket.
    Bracket(&'static str),
    /// The `@{` of node data.
    NodeData,
    /// A quote never closed.
    Quote,
    /// A quote closed only on a later line, after which reading failed.
    QuoteOnItsLine,
}

/// The bracket or quote whose text reading was in when it stopped at `pos` (relative to the
/// statement `input`), if the statement leaves it open. Pest tells what it was in (`inside`);
/// one pass over the statement up to `pos` finds where that opened, and one over the rest of the
/// line tells an unclosed bracket from a stray character in a text closed later on the line
/// (`A[a (b) c]`). Both passes are linear in the text they cover.
fn unclosed(input: &str, pos: usize, inside: &Inside) -> Option<Open> {
    if inside.closers.is_empty() && !inside.quote && !inside.node_data {
        return None;
    }
    let scan = Scan::of(&input[..pos]);
    if let Some(quote) = scan.quote {
        // A quoted string runs on to the next quote: one left open ends only at the end.
        return ((inside.quote || inside.node_data) && pos == input.len()).then(|| Open {
            at: Span::new(quote, quote + 1),
            kind: OpenKind::Quote,
            closers: vec!["\""],
        });
    }
    let (at, kind, closers) = if let Some(data) = scan.node_data {
        if !inside.node_data {
            return None;
        }
        // Point at the `{` of `@{`.
        (Span::new(data + 1, data + 2), OpenKind::NodeData, vec!["}"])
    } else {
        let bracket = scan.bracket?;
        let (opener, start) = BRACKETS
            .iter()
            .filter(|(_, close)| inside.closers.contains(close))
            .filter_map(|(open, _)| {
                // The opener's last bracket character is the last one before the text.
                let last = open.rfind(['[', '(', '{', '|'])?;
                let start = bracket.checked_sub(last)?;
                input.as_bytes()[start..]
                    .starts_with(open.as_bytes())
                    .then_some((*open, start))
            })
            .max_by_key(|(open, _)| open.len())?;
        let closers: Vec<&'static str> = BRACKETS
            .iter()
            .filter(|(open, close)| *open == opener && inside.closers.contains(close))
            .map(|(_, close)| *close)
            .collect();
        (
            Span::new(start, start + opener.len()),
            OpenKind::Bracket(opener),
            closers,
        )
    };
    let line_end = input[pos..].find('\n').map_or(input.len(), |i| pos + i);
    // A text that already ran onto another line is followed by statements of its own, whose
    // brackets pair up; on its own line, any closer after the stray character closes it.
    let ran_on = input[at.end..pos].contains('\n');
    let later = closed_later(&input[pos..line_end], &closers, ran_on);
    // A quoted part of the text that ran onto another line: its quote was meant to close on
    // its own line, and the quote that closed it opened the next text.
    if matches!(kind, OpenKind::Bracket(_)) && later != Closed::Yes {
        let text = &input[at.end..pos];
        if let Some(first) = text.find('"')
            && let Some(second) = text[first + 1..].find('"')
            && text[first..first + 1 + second].contains('\n')
        {
            let quote = at.end + first;
            return Some(Open {
                at: Span::new(quote, quote + 1),
                kind: OpenKind::QuoteOnItsLine,
                closers: vec!["\""],
            });
        }
    }
    (later == Closed::No).then_some(Open { at, kind, closers })
}

/// Where a statement's text up to the point reading stopped leaves things: quotes pair up as in
/// the grammar (no construct nests them), node data hides its brackets.
#[derive(Default)]
struct Scan {
    /// A quote that opens and does not close.
    quote: Option<usize>,
    /// The `@` of node data that does not close.
    node_data: Option<usize>,
    /// The last bracket or `|` outside quotes and node data.
    bracket: Option<usize>,
}

impl Scan {
    fn of(text: &str) -> Scan {
        let b = text.as_bytes();
        let mut scan = Scan::default();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'"' => match text[i + 1..].find('"') {
                    Some(j) => {
                        i += j + 2;
                        continue;
                    }
                    None => {
                        scan.quote = Some(i);
                        break;
                    }
                },
                b'}' if scan.node_data.is_some() => {
                    scan.node_data = None;
                    scan.bracket = Some(i);
                }
                _ if scan.node_data.is_some() => {}
                b'@' if b.get(i + 1) == Some(&b'{') => {
                    scan.node_data = Some(i);
                    i += 2;
                    continue;
                }
                b'[' | b']' | b'(' | b')' | b'{' | b'}' | b'|' => scan.bracket = Some(i),
                _ => {}
            }
            i += 1;
        }
        scan
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Closed {
    Yes,
    No,
    /// A quote opens on the rest of the line and does not close: it cannot be told.
    StrayQuote,
}

/// Whether one of `closers` comes in the rest of a line, outside quotes; with `nested`, only
/// one outside the brackets opened and closed on the line.
fn closed_later(rest: &str, closers: &[&str], nested: bool) -> Closed {
    let b = rest.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            match rest[i + 1..].find('"') {
                Some(j) => i += j + 2,
                None => return Closed::StrayQuote,
            }
            continue;
        }
        if depth == 0 && closers.iter().any(|c| b[i..].starts_with(c.as_bytes())) {
            return Closed::Yes;
        }
        if nested {
            match b[i] {
                b'[' | b'(' | b'{' => depth += 1,
                b']' | b')' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    Closed::No
}

/// The diagnostic for a bracket or quote left open, pointing where it opens.
fn unclosed_diagnostic(source: &SourceFile, base: usize, pos: usize, open: &Open) -> Diagnostic {
    let input = &source.text[base..];
    let (line, _) = source.line_col(base + open.at.start);
    let closers: Vec<String> = open.closers.iter().map(|c| format!("`{c}`")).collect();
    let close = join_or(&closers.iter().map(String::as_str).collect::<Vec<_>>());
    let (message, help) = match open.kind {
        OpenKind::Bracket("|") => (
            format!("the edge label's `|` opened on line {line} is not closed"),
            format!(
                "close it with {close}: `A -->|Yes| B`; to use brackets or `|` in a label, quote it: \
                 `A -->|\"a (b)\"| B`"
            ),
        ),
        OpenKind::Bracket(opener) => (
            format!("`{opener}` opened on line {line} is not closed"),
            format!(
                "close it with {close}; to use brackets or quotes inside a text, quote the whole \
                 text (`A[\"a (b)\"]`) or write `#quot;`"
            ),
        ),
        OpenKind::NodeData => (
            format!("the node data `@{{` opened on line {line} is not closed"),
            "close it with `}`: `A@{ shape: diamond, label: \"Ready?\" }`".to_owned(),
        ),
        OpenKind::Quote => (
            format!("the quote opened on line {line} is not closed"),
            "close it with `\"`; to show a quote inside a quoted text, write `#quot;`".to_owned(),
        ),
        OpenKind::QuoteOnItsLine => (
            format!("the quote opened on line {line} is not closed on its line"),
            "close it with `\"` where its text ends; the next quote closed it instead. To show a \
             quote inside a quoted text, write `#quot;`"
                .to_owned(),
        ),
    };
    let opened = Span::new(base + open.at.start, base + open.at.end);
    let diagnostic = Diagnostic::new(Code::SyntaxError, message)
        .label(opened, "opened here")
        .help(help);
    // A second label where reading gave up; at the end of the file, on its last line break
    // (a label on nothing at the very end is not drawn).
    match input[pos..].chars().next() {
        Some(c) => diagnostic.label(
            Span::new(base + pos, base + pos + c.len_utf8()),
            "flowrun could not read past here",
        ),
        None if input.ends_with('\n') && base + pos > opened.end => diagnostic.label(
            Span::new(base + pos - 1, base + pos),
            "the file ends before it is closed",
        ),
        None => diagnostic,
    }
}

/// A hint for the mistakes flow authors make most, else a pointer to the language reference.
fn hint(input: &str, pos: usize, after_node: bool) -> String {
    let line_start = input[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line_end = input[pos..].find('\n').map_or(input.len(), |i| pos + i);
    let line = &input[line_start..line_end];
    let here = &input[pos..line_end];
    if here.starts_with("->") || (line.contains("->") && !line.contains("-->")) {
        "Mermaid arrows have two dashes: `-->` (or `-.->` dotted, `==>` thick)".to_owned()
    } else if after_node && here.starts_with(['[', '(', '{']) && input[..pos].ends_with(' ') {
        "there must be no space between a node id and its shape: `A[text]`".to_owned()
    } else if here.starts_with([']', ')', '}']) && input[..pos].ends_with(['[', '(', '{']) {
        "a node's text may not be empty: write `A[text]`, or just `A`".to_owned()
    } else if line.contains('"') {
        "a quoted text must close on the same statement and may not contain `\"`; use `#quot;`"
            .to_owned()
    } else if here.starts_with(['(', ')', '[', ']', '{', '}', '|']) {
        "to use brackets or `|` inside a text, put the whole text in double quotes: `A[\"a (b)\"]`"
            .to_owned()
    } else if here.trim_start().starts_with("%%") {
        "a `%%` comment must be on a line of its own".to_owned()
    } else {
        "see the README's \"The flow language\" section for what a statement may contain".to_owned()
    }
}

fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The file does not start with a flowchart header at all.
pub(super) fn not_a_flowchart(text: &str) -> Diagnostic {
    let start = first_content_offset(text);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let first_word = text[start..end].split_whitespace().next().unwrap_or("");
    // Where a `%%{` directive before the header opens and never closes, if one does.
    let mut line_start = 0;
    let mut unclosed_directive = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !(trimmed.trim().is_empty() || trimmed.starts_with("%%")) {
            break;
        }
        if trimmed.starts_with("%%{") && !line.contains("}%%") {
            let at = line_start + line.len() - trimmed.len();
            unclosed_directive = Some(Span::new(at, line_start + line.trim_end().len()));
            break;
        }
        line_start += line.len();
    }
    if let Some(span) = unclosed_directive {
        return Diagnostic::new(
            Code::NotAFlowchart,
            "a `%%{` directive before the header is never closed with `}%%`",
        )
        .label(span, "opened here")
        .help("end the directive with `}%%` on the same line, e.g. `%%{init: {\"theme\": \"dark\"}}%%`");
    }
    let message = if text.trim_start().starts_with("---") && !text[3..].contains("\n---") {
        "the front matter that opens with `---` is never closed".to_owned()
    } else if text.trim_start().starts_with("---") {
        "the front matter between the `---` lines is empty or badly formed".to_owned()
    } else if first_word == "flowchart" || first_word == "graph" {
        format!("the `{first_word}` header cannot be read")
    } else if first_word.eq_ignore_ascii_case("flowchart")
        || first_word.eq_ignore_ascii_case("graph")
    {
        format!("`{first_word}` must be written in lower case")
    } else {
        format!("this is not a Mermaid flowchart: it starts with `{first_word}`")
    };
    Diagnostic::new(Code::NotAFlowchart, message)
        .label(
            Span::new(start, end),
            "expected `flowchart` or `graph` here",
        )
        .help("a flow starts with a header such as `flowchart TD` (after optional `%%` comments)")
}

/// Skips blank lines, `%%` comments and front matter.
fn first_content_offset(text: &str) -> usize {
    let mut offset = 0;
    let mut in_front_matter = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if i == 0 && trimmed == "---" {
            in_front_matter = true;
        } else if in_front_matter {
            if trimmed == "---" {
                in_front_matter = false;
            }
        } else if !trimmed.is_empty() && !trimmed.starts_with("%%") {
            return offset + (line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    if in_front_matter {
        0
    } else {
        offset.min(text.len())
    }
}
