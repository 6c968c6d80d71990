//! pest errors to diagnostics that say, in words, what was expected.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use crate::checks::rules::Code;
use crate::diagnostic::Diagnostic;
use crate::input::source::Span;

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

/// Turns a pest error from input that starts at `base` in the file into a syntax diagnostic.
pub(super) fn syntax_error(error: &Error<Rule>, input: &str, base: usize) -> Diagnostic {
    let mut pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<String> = Vec::new();
    if let Some(attempts) = error.parse_attempts() {
        pos = attempts.max_position.min(input.len());
        for stack in &attempts.call_stacks {
            let rule = stack.deepest.get_rule().copied().or(stack.parent);
            if let Some(rule) = rule {
                match closer(rule) {
                    Some(close) => expected.push(format!("`{close}` to close the node's text")),
                    None => expected.push(describe(rule).to_owned()),
                }
            }
        }
        let tokens = attempts.expected_tokens();
        // Tokens only print themselves (their type is not public).
        let ends_statement = tokens.iter().any(|t| t.to_string() == "\n");
        if ends_statement {
            expected.retain(|e| e != "a statement");
            expected.push("the end of the statement".to_owned());
        }
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
    // Reading ran into the end of the file: the real mistake is the bracket or quote left
    // open, which may be many lines up.
    if found.is_none()
        && let Some((at, opener)) = unclosed_opener(&input[..pos])
    {
        let (what, close) = match opener {
            '"' => ("the quoted text".to_owned(), "`\"`".to_owned()),
            c => (format!("`{c}`"), format!("`{}`", closing_of(c))),
        };
        return Diagnostic::new(
            Code::SyntaxError,
            format!("{what} opened here is never closed"),
        )
        .label(
            Span::new(base + at, base + at + opener.len_utf8()),
            "opened here",
        )
        .label(span, "the file ends before it is closed")
        .help(format!(
            "close it with {close} on the same statement; to use brackets or quotes inside a \
             text, quote the whole text (`A[\"a (b)\"]`) or write `#quot;`"
        ));
    }
    let message = if expected.is_empty() {
        format!("unexpected {found_words}")
    } else {
        let words: Vec<&str> = expected.iter().map(String::as_str).collect();
        format!("expected {}, found {found_words}", join_or(&words))
    };
    Diagnostic::new(Code::SyntaxError, message)
        .label(span, "flowrun could not read past here")
        .help(hint(
            input,
            pos,
            expected.iter().any(|e| e == "the end of the statement"),
        ))
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

/// The last bracket or quote left open in a statement's text, and where it is.
fn unclosed_opener(text: &str) -> Option<(usize, char)> {
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(_), '"') => quote = None,
            (Some(_), _) => {}
            (None, '"') => quote = Some(i),
            (None, '[' | '(' | '{') => open.push((i, c)),
            (None, ']' | ')' | '}') => {
                open.pop();
            }
            _ => {}
        }
    }
    quote.map(|q| (q, '"')).or_else(|| open.last().copied())
}

fn closing_of(opener: char) -> char {
    match opener {
        '[' => ']',
        '(' => ')',
        _ => '}',
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
