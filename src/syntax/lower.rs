//! pest pairs to the syntax tree: one function per grammar rule that carries meaning.

use pest::iterators::{Pair, Pairs};

use super::Rule;
use super::ast::*;
use crate::input::source::Span;

type P<'i> = Pair<'i, Rule>;

fn span(pair: &P<'_>, base: usize) -> Span {
    let s = pair.as_span();
    Span::new(base + s.start(), base + s.end())
}

fn spanned(pair: &P<'_>, base: usize) -> Spanned<String> {
    Spanned {
        value: pair.as_str().to_owned(),
        span: span(pair, base),
    }
}

/// Returns the front matter span, the header, and the offset where statements begin.
pub(super) fn preamble_and_header(mut pairs: Pairs<'_, Rule>) -> (Option<Span>, Header, usize) {
    let top = pairs.next().expect("the rule matched");
    let end = top.as_span().end();
    let mut front_matter = None;
    let mut header = None;
    for pair in top.into_inner() {
        match pair.as_rule() {
            Rule::front_matter => front_matter = Some(span(&pair, 0)),
            Rule::header => header = Some(lower_header(pair)),
            _ => {}
        }
    }
    (
        front_matter,
        header.expect("the grammar requires a header"),
        end,
    )
}

fn lower_header(pair: P<'_>) -> Header {
    let whole = span(&pair, 0);
    let mut keyword = String::new();
    let mut direction = None;
    let mut end = whole.end;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::keyword_graph => {
                keyword = inner.as_str().to_owned();
                end = inner.as_span().end();
            }
            Rule::direction => {
                direction = Some(match inner.as_str() {
                    "BT" | "^" => Direction::BottomUp,
                    "LR" | ">" => Direction::LeftRight,
                    "RL" | "<" => Direction::RightLeft,
                    _ => Direction::TopDown,
                });
                end = inner.as_span().end();
            }
            _ => {}
        }
    }
    Header {
        keyword,
        direction,
        span: Span::new(whole.start, end),
    }
}

/// Lowers a `statement_line` or `statement_chunk` parsed at `base`; returns how many bytes it
/// consumed.
pub(super) fn statement_line(
    mut pairs: Pairs<'_, Rule>,
    base: usize,
    out: &mut Vec<Statement>,
) -> usize {
    let line = pairs.next().expect("the rule matched");
    let consumed = line.as_span().end();
    for pair in line.into_inner() {
        let statement = match pair.as_rule() {
            Rule::comment | Rule::directive => Statement::Comment(span(&pair, base)),
            Rule::chain => Statement::Chain(chain(pair, base)),
            Rule::style_stmt => style(pair, base),
            Rule::class_def_stmt => class_def(pair, base),
            Rule::class_stmt => class(pair, base),
            Rule::link_style_stmt => link_style(pair, base),
            Rule::acc_title_stmt => {
                let start = span(&pair, base).start;
                let mut title = acc_text(pair, base);
                if title.value.is_empty() {
                    // No text at all: the statement is the keyword, not the line breaks after it.
                    title.span = Span::new(start, start + "accTitle".len());
                }
                Statement::AccTitle(title)
            }
            Rule::acc_descr_stmt | Rule::acc_descr_block => {
                let block = pair.as_rule() == Rule::acc_descr_block;
                let whole = span(&pair, base);
                Statement::AccDescr(AccDescr {
                    text: acc_text(pair, base).value,
                    block,
                    span: whole,
                })
            }
            Rule::subgraph_stmt => Statement::Subgraph(subgraph(pair, base)),
            Rule::end_stmt => Statement::End(span(&pair, base)),
            Rule::direction_line => Statement::Direction(direction_line(&pair, base)),
            Rule::click_stmt => Statement::Click(click(pair, base)),
            _ => continue,
        };
        out.push(statement);
    }
    consumed
}

fn acc_text(pair: P<'_>, base: usize) -> Spanned<String> {
    let text = pair
        .into_inner()
        .find(|p| matches!(p.as_rule(), Rule::acc_text | Rule::acc_block_text))
        .expect("accessibility statements have text");
    let mut s = spanned(&text, base);
    s.value = s.value.trim().to_owned();
    s
}

fn subgraph(pair: P<'_>, base: usize) -> SubgraphStmt {
    let whole = span(&pair, base);
    let mut id = None;
    let mut title = None;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::subgraph_id => {
                // Mermaid trims an explicit id: `subgraph  one [T]` is `one`.
                let mut sid = trim_spanned(spanned(&inner, base));
                let lead = sid.value.len() - sid.value.trim_start().len();
                sid.value.drain(..lead);
                sid.span.start += lead;
                id = Some(sid);
            }
            Rule::label => title = Some(label_text(inner, base)),
            Rule::subgraph_title => {
                let t = inner.into_inner().next().expect("a title holds text");
                title = Some(text(t, base));
            }
            _ => {}
        }
    }
    SubgraphStmt {
        id,
        title,
        span: whole,
    }
}

/// A line holding `direction XX`: the statement itself, or a line Mermaid swallows whole.
fn direction_line(pair: &P<'_>, base: usize) -> DirectionStmt {
    let whole = span(pair, base);
    let word = pair
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::direction_word)
        .expect("the line holds a direction");
    let direction = match word.as_str() {
        "BT" => Direction::BottomUp,
        "LR" => Direction::LeftRight,
        "RL" => Direction::RightLeft,
        _ => Direction::TopDown,
    };
    let text = pair.as_str();
    let statement_only = text
        .strip_prefix("direction")
        .is_some_and(|rest| rest.trim() == word.as_str() && rest.starts_with([' ', '\t']));
    DirectionStmt {
        direction,
        swallowed_line: !statement_only,
        span: whole,
    }
}

fn click(pair: P<'_>, base: usize) -> ClickStmt {
    let whole = span(&pair, base);
    let mut target = None;
    let mut action = None;
    let mut tooltip = None;
    let mut window = None;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::click_target => target = Some(spanned(&inner, base)),
            Rule::click_link => {
                let mut href = false;
                let mut url = None;
                for part in inner.into_inner() {
                    match part.as_rule() {
                        Rule::href => href = true,
                        Rule::quoted => url = Some(quoted_value(part, base)),
                        _ => {}
                    }
                }
                action = Some(ClickAction::Link {
                    url: url.expect("a link has a URL"),
                    href,
                });
            }
            Rule::click_call => {
                let mut name = None;
                let mut args = None;
                for part in inner.into_inner() {
                    match part.as_rule() {
                        Rule::callback_name => name = Some(spanned(&part, base)),
                        Rule::callback_args => args = Some(part.as_str().to_owned()),
                        _ => {}
                    }
                }
                action = Some(ClickAction::Callback {
                    name: name.expect("a call names its callback"),
                    args,
                    call: true,
                });
            }
            Rule::click_callback => {
                action = Some(ClickAction::Callback {
                    name: spanned(&inner, base),
                    args: None,
                    call: false,
                });
            }
            Rule::quoted => tooltip = Some(quoted_value(inner, base)),
            Rule::link_window => window = Some(spanned(&inner, base)),
            _ => {}
        }
    }
    ClickStmt {
        target: target.expect("click names a node"),
        action: action.expect("click has an action"),
        tooltip,
        window,
        span: whole,
    }
}

/// The text inside a `quoted` pair, without the quotes.
fn quoted_value(pair: P<'_>, base: usize) -> Spanned<String> {
    let inner = pair.into_inner().next().expect("quotes hold text");
    spanned(&inner, base)
}

/// Lowers a `lone_chain` parsed at `base`.
pub(super) fn lone_chain(mut pairs: Pairs<'_, Rule>, base: usize) -> Option<Chain> {
    let top = pairs.next()?;
    let chain_pair = top.into_inner().find(|p| p.as_rule() == Rule::chain)?;
    Some(chain(chain_pair, base))
}

fn chain(pair: P<'_>, base: usize) -> Chain {
    let whole = span(&pair, base);
    let mut groups = Vec::new();
    let mut links = Vec::new();
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::node_group => groups.push(inner.into_inner().map(|n| node(n, base)).collect()),
            Rule::link => links.push(link(inner, base)),
            _ => {}
        }
    }
    Chain {
        groups,
        links,
        span: whole,
    }
}

fn node(pair: P<'_>, base: usize) -> NodeRef {
    let whole = span(&pair, base);
    let mut id = None;
    let mut shape = None;
    let mut class = None;
    let mut data = None;
    for inner in pair.into_inner() {
        match inner.as_rule() {
            Rule::node_id => id = Some(spanned(&inner, base)),
            Rule::inline_class => class = Some(spanned(&inner, base)),
            Rule::node_data => {
                let whole = span(&inner, base);
                let body = inner.into_inner().next().expect("node data has a body");
                data = Some(NodeData {
                    raw: spanned(&body, base),
                    shape: None,
                    label: None,
                    span: whole,
                });
            }
            rule => shape = shaped_text(rule, inner, base),
        }
    }
    NodeRef {
        id: id.expect("a node starts with its id"),
        shape,
        class,
        data,
        span: whole,
    }
}

fn shaped_text(rule: Rule, pair: P<'_>, base: usize) -> Option<ShapedText> {
    let shape = match rule {
        Rule::double_circle => Shape::DoubleCircle,
        Rule::circle => Shape::Circle,
        Rule::stadium => Shape::Stadium,
        Rule::ellipse => Shape::Ellipse,
        Rule::round => Shape::Round,
        Rule::subroutine => Shape::Subroutine,
        Rule::cylinder => Shape::Cylinder,
        Rule::lean_right => Shape::LeanRight,
        Rule::trapezoid => Shape::Trapezoid,
        Rule::lean_left => Shape::LeanLeft,
        Rule::inv_trapezoid => Shape::InvTrapezoid,
        Rule::square => Shape::Square,
        Rule::hexagon => Shape::Hexagon,
        Rule::diamond => Shape::Diamond,
        Rule::odd => Shape::Odd,
        _ => return None,
    };
    let whole = span(&pair, base);
    let label = pair.into_inner().next().expect("a shape holds a label");
    Some(ShapedText {
        shape,
        text: label_text(label, base),
        span: whole,
    })
}

/// A `label`-like pair: plain text, or a quoted string with perhaps plain text after it.
fn label_text(label: P<'_>, base: usize) -> Text {
    let mut parts = label.into_inner();
    let mut text = text(parts.next().expect("a label holds text"), base);
    if let Some(tail) = parts.next() {
        // `"x" y` reads as `x y`; an empty `""` adds nothing.
        text.raw.push_str(&tail.as_str().replace("\"\"", ""));
        text.span.end = base + tail.as_span().end();
    }
    text
}

fn text(pair: P<'_>, base: usize) -> Text {
    if pair.as_rule() == Rule::quoted {
        let quoted_text = pair.into_inner().next().expect("quotes hold text");
        Text {
            raw: quoted_text.as_str().to_owned(),
            quoted: true,
            span: span(&quoted_text, base),
        }
    } else {
        Text {
            raw: pair.as_str().to_owned(),
            quoted: false,
            span: span(&pair, base),
        }
    }
}

fn link(pair: P<'_>, base: usize) -> Link {
    let mut inner = pair.into_inner().peekable();
    let id = inner.next_if(|p| p.as_rule() == Rule::edge_id).map(|p| {
        let mut id = spanned(&p, base);
        id.value.pop(); // the `@`
        id.span.end -= 1;
        id
    });
    let first = inner.next().expect("a link has an operator");
    if first.as_rule() == Rule::inline_link {
        return Link {
            id,
            ..inline_link(first, base)
        };
    }
    let arrow_span = span(&first, base);
    let form = arrow_form(first.as_str());
    let label = inner.next().map(|pipe| label_text(pipe, base));
    let end = label.as_ref().map_or(arrow_span.end, |l| l.span.end + 1);
    Link {
        id,
        stroke: form.stroke,
        tail: form.tail,
        head: form.head,
        length: form.length,
        label,
        span: Span::new(arrow_span.start, end),
    }
}

/// `A -- text --> B`: the opening stroke gives the tail, the closing one the head and length.
fn inline_link(pair: P<'_>, base: usize) -> Link {
    let whole = span(&pair, base);
    let mut parts = pair.into_inner();
    let open = parts.next().expect("opening stroke");
    let text_pair = parts.next().expect("inline text");
    let close = parts.next().expect("closing stroke");
    // The opening stroke carries no head of its own, so its first character is the tail.
    let opening = open.as_str().trim_end();
    let tail = if opening.starts_with(['x', 'o', '<']) {
        head_of(opening.chars().next())
    } else {
        Head::None
    };
    let closing = arrow_form(close.as_str());
    // A tail that does not match the head makes Mermaid's link type invalid; it is not drawn.
    let tail = if tail == closing.head {
        tail
    } else {
        Head::None
    };
    Link {
        id: None,
        stroke: closing.stroke,
        tail,
        head: closing.head,
        length: closing.length,
        label: Some(inline_text(&text_pair, base)),
        span: whole,
    }
}

/// Inline link text is matched atomically: trim it and take off quotes here.
fn inline_text(pair: &P<'_>, base: usize) -> Text {
    let raw = pair.as_str();
    let start = base + pair.as_span().start();
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    let (body, quoted, offset) =
        if trimmed.len() >= 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
            (&trimmed[1..trimmed.len() - 1], true, lead + 1)
        } else {
            (trimmed, false, lead)
        };
    Text {
        raw: body.to_owned(),
        quoted,
        span: Span::new(start + offset, start + offset + body.len()),
    }
}

/// The stroke, tail, head and length of an operator such as `-->`, for the fast path.
pub(super) fn arrow_parts(op: &str) -> (Stroke, Head, Head, u8) {
    let form = arrow_form(op);
    (form.stroke, form.tail, form.head, form.length)
}

struct ArrowForm {
    stroke: Stroke,
    tail: Head,
    head: Head,
    length: u8,
}

fn head_of(c: Option<char>) -> Head {
    match c {
        Some('>' | '<') => Head::Arrow,
        Some('o') => Head::Circle,
        Some('x') => Head::Cross,
        _ => Head::None,
    }
}

/// Reads an operator such as `-->`, `<-.->`, `===`, `x--x`, `~~~` or a closing `.->`.
fn arrow_form(op: &str) -> ArrowForm {
    let mut body = op;
    let tail = if body.len() > 1 && body.starts_with(['x', 'o', '<']) {
        let t = head_of(body.chars().next());
        body = &body[1..];
        t
    } else {
        Head::None
    };
    let head = head_of(body.chars().last());
    if head != Head::None {
        body = &body[..body.len() - 1];
    }
    // Mermaid keeps a tail only when it matches the head (`<-->`, `x--x`, `o--o`); otherwise
    // the tail's character counts as one more stroke (`x---` is `---` of length 2).
    let (tail, extra) = if tail != Head::None && tail != head {
        (Head::None, 1)
    } else {
        (tail, 0)
    };
    let count = |c: char| body.chars().filter(|&x| x == c).count() + extra;
    let (stroke, length) = if body.contains('~') {
        (Stroke::Invisible, count('~').saturating_sub(2))
    } else if body.contains('=') {
        (
            Stroke::Thick,
            count('=').saturating_sub(1 + usize::from(head == Head::None)),
        )
    } else if body.contains('.') {
        // Dots count, and a dropped tail is no dot.
        (Stroke::Dotted, body.chars().filter(|&x| x == '.').count())
    } else {
        (
            Stroke::Normal,
            count('-').saturating_sub(1 + usize::from(head == Head::None)),
        )
    };
    ArrowForm {
        stroke,
        tail,
        head,
        length: u8::try_from(length.clamp(1, 10)).unwrap_or(10),
    }
}

fn style(pair: P<'_>, base: usize) -> Statement {
    let whole = span(&pair, base);
    let mut inner = pair.into_inner();
    let target = spanned(&inner.next().expect("style target"), base);
    let styles = spanned(&inner.next().expect("style text"), base);
    Statement::Style(StyleStmt {
        target,
        styles: trim_spanned(styles),
        span: whole,
    })
}

fn class_def(pair: P<'_>, base: usize) -> Statement {
    let whole = span(&pair, base);
    let mut inner = pair.into_inner();
    let names = inner
        .next()
        .expect("class names")
        .into_inner()
        .map(|n| spanned(&n, base))
        .collect();
    let styles = spanned(&inner.next().expect("style text"), base);
    Statement::ClassDef(ClassDefStmt {
        names,
        styles: trim_spanned(styles),
        span: whole,
    })
}

fn class(pair: P<'_>, base: usize) -> Statement {
    let whole = span(&pair, base);
    let mut inner = pair.into_inner();
    let targets = inner
        .next()
        .expect("class targets")
        .into_inner()
        .map(|n| spanned(&n, base))
        .collect();
    let class = spanned(&inner.next().expect("class name"), base);
    Statement::Class(ClassStmt {
        targets,
        class,
        span: whole,
    })
}

fn link_style(pair: P<'_>, base: usize) -> Statement {
    let whole = span(&pair, base);
    let mut inner = pair.into_inner();
    let indexes = inner
        .next()
        .expect("link indexes")
        .into_inner()
        .map(|i| Spanned {
            value: link_index(i.as_str()),
            span: span(&i, base),
        })
        .collect();
    let styles = spanned(&inner.next().expect("style text"), base);
    Statement::LinkStyle(LinkStyleStmt {
        indexes,
        styles: trim_spanned(styles),
        span: whole,
    })
}

/// A `link_index` as the grammar reads it: `default`, or digits. Digits past what a `usize`
/// holds are still a number, one no flow reaches, never `default`.
fn link_index(text: &str) -> LinkIndex {
    if text == "default" {
        return LinkIndex::Default;
    }
    text.parse()
        .map_or_else(|_| LinkIndex::TooLarge(text.to_owned()), LinkIndex::Index)
}

fn trim_spanned(mut s: Spanned<String>) -> Spanned<String> {
    let trimmed = s.value.trim_end();
    s.span.end = s.span.start + trimmed.len();
    s.value.truncate(trimmed.len());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_forms_give_stroke_heads_and_length() {
        let f = arrow_form("-->");
        assert_eq!(
            (f.stroke, f.tail, f.head, f.length),
            (Stroke::Normal, Head::None, Head::Arrow, 1)
        );
        let f = arrow_form("---");
        assert_eq!(
            (f.stroke, f.head, f.length),
            (Stroke::Normal, Head::None, 1)
        );
        let f = arrow_form("---->");
        assert_eq!(f.length, 3);
        let f = arrow_form("<-.->");
        assert_eq!(
            (f.stroke, f.tail, f.head, f.length),
            (Stroke::Dotted, Head::Arrow, Head::Arrow, 1)
        );
        let f = arrow_form("-..->");
        assert_eq!((f.stroke, f.length), (Stroke::Dotted, 2));
        let f = arrow_form("x==x");
        assert_eq!(
            (f.stroke, f.tail, f.head),
            (Stroke::Thick, Head::Cross, Head::Cross)
        );
        let f = arrow_form("---o");
        assert_eq!((f.head, f.length), (Head::Circle, 2));
        let f = arrow_form("~~~");
        assert_eq!(
            (f.stroke, f.head, f.length),
            (Stroke::Invisible, Head::None, 1)
        );
        let f = arrow_form(".->");
        assert_eq!((f.stroke, f.head), (Stroke::Dotted, Head::Arrow));
    }
}
