//! What the menu shows and how it fits the terminal: the route so far, the question, its
//! options and the key help, wrapped to the width and cut to the height.

use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

use crate::evaluate::session::Session;
use crate::flow::text::one_line;

use super::keys::Menu;
use crate::cli::ask::question_lines;

/// One line of a frame; `strong` lines are drawn bold where colour is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Line {
    pub(super) text: String,
    pub(super) strong: bool,
}

impl Line {
    pub(super) fn plain(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            strong: false,
        }
    }
}

/// What the menu shows: the route so far, the question, its options, the key help.
pub(super) fn frame(session: &Session, menu: &Menu) -> Frame {
    let flow = session.flow();
    let route = session.route();
    let width = route
        .iter()
        .map(|s| flow.node(s.node).id.width())
        .max()
        .unwrap_or(0);
    let route: Vec<Line> = route
        .iter()
        .map(|step| {
            let node = flow.node(step.node);
            let text = one_line(&node.text);
            let id = pad(&node.id, width);
            Line::plain(match &step.answer {
                Some(answer) => format!("  {id}  {text} -> {}", one_line(answer)),
                None => format!("  {id}  {text}"),
            })
        })
        .collect();
    // A blank line between the route and the question.
    let mut body: Vec<Line> = route.iter().take(1).map(|_| Line::plain("")).collect();
    body.extend(
        question_lines(session)
            .into_iter()
            .map(|text| Line { text, strong: true }),
    );
    let choices = session.choices();
    let mut entries: Vec<String> = choices
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}. {}", i + 1, one_line(&c.label)))
        .collect();
    if session.can_go_back() {
        entries.push("← back".to_owned());
    }
    for (i, entry) in entries.into_iter().enumerate() {
        let selected = i == menu.selected;
        let marker = if selected { '>' } else { ' ' };
        body.push(Line {
            text: format!("  {marker} {entry}"),
            strong: selected,
        });
    }
    body.push(Line::plain(format!(
        "↑/↓ or j/k move · Enter choose · 1-{} pick · Backspace back · Esc or q quit",
        choices.len()
    )));
    if let Some(notice) = &menu.notice {
        body.push(Line::plain(format!("({notice})")));
    }
    Frame { route, body }
}

/// A frame before it is fitted to the terminal: the route may be shortened, the body not.
pub(super) struct Frame {
    pub(super) route: Vec<Line>,
    pub(super) body: Vec<Line>,
}

impl Frame {
    pub(super) fn only(body: Vec<Line>) -> Frame {
        Frame {
            route: Vec::new(),
            body,
        }
    }

    /// The lines to draw on a terminal `columns` wide and `rows` high (0: unknown): long lines
    /// wrapped, so that each drawn line is one row, and the oldest route lines left out when
    /// the whole would not fit, since the frame is redrawn by moving up over it.
    pub(super) fn fit(&self, columns: usize, rows: usize) -> Vec<Line> {
        let wrap = |lines: &[Line]| -> Vec<Line> {
            lines.iter().flat_map(|l| wrap_line(l, columns)).collect()
        };
        let mut route = wrap(&self.route);
        let body = wrap(&self.body);
        if rows > 0 && route.len() + body.len() >= rows {
            let room = rows.saturating_sub(body.len() + 2);
            let hidden = route.len() - room.min(route.len());
            if hidden > 0 {
                route.drain(..hidden);
                route.insert(0, Line::plain(format!("  … {hidden} earlier lines")));
            }
        }
        route.extend(body);
        route
    }
}

/// `text` followed by spaces up to `width` terminal columns.
pub(super) fn pad(text: &str, width: usize) -> String {
    let mut padded = text.to_owned();
    padded.extend(std::iter::repeat_n(' ', width.saturating_sub(text.width())));
    padded
}

/// The columns a character takes on a terminal: 2 for wide ones (CJK, most emoji), 0 for
/// combining marks and other characters drawn over the one before.
fn columns_of(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// A line cut into pieces narrower than the terminal (one column spare, so the cursor never
/// waits at the right margin), measured in terminal columns, not characters: a wide character
/// counted as one would make a piece overflow onto a row the redraw does not know about, and
/// leave it on screen. A character is never split, and one wider than the room has a row
/// to itself.
pub(super) fn wrap_line(line: &Line, columns: usize) -> Vec<Line> {
    if columns < 2 || line.text.width() < columns {
        return vec![line.clone()];
    }
    let room = columns - 1;
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut used = 0;
    for c in line.text.chars() {
        let w = columns_of(c);
        if used + w > room && !piece.is_empty() {
            pieces.push(std::mem::take(&mut piece));
            used = 0;
        }
        piece.push(c);
        used += w;
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
        .into_iter()
        .map(|text| Line {
            text,
            strong: line.strong,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eligibility() -> crate::ValidFlow {
        let source =
            crate::SourceFile::new("e.flow", include_str!("../../../../flows/eligibility.flow"));
        crate::analyze(&source, &crate::Settings::default())
            .into_valid()
            .unwrap()
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn the_frame_shows_the_route_the_question_and_the_options() {
        let flow = eligibility();
        let mut session = Session::new(&flow);
        session.answer(0);
        let menu = Menu {
            selected: 1,
            ..Menu::default()
        };
        let frame = frame(&session, &menu);
        assert_eq!(
            texts(&frame.route),
            [
                "  start      Start",
                "  us_canada  Is your business based in the US or Canada? -> Yes"
            ]
        );
        assert_eq!(
            texts(&frame.body),
            [
                "",
                "outside: Do you send messages to people",
                "         outside the US or Canada?",
                "    1. No",
                "  > 2. Yes",
                "    ← back",
                "↑/↓ or j/k move · Enter choose · 1-2 pick · Backspace back · Esc or q quit",
            ]
        );
        assert!(frame.body[4].strong && !frame.body[3].strong);
    }

    #[test]
    fn a_frame_fits_the_terminal_by_wrapping_and_leaving_out_old_route_lines() {
        let route: Vec<Line> = (0..10).map(|i| Line::plain(format!("step {i}"))).collect();
        let body = vec![Line::plain("0123456789abcdef"), Line::plain("end")];
        let frame = Frame { route, body };
        // Unknown size: as it is.
        assert_eq!(frame.fit(0, 0).len(), 12);
        // Ten columns: the long line in two pieces of nine.
        let wide = frame.fit(10, 0);
        assert_eq!(texts(&wide[10..]), ["012345678", "9abcdef", "end"]);
        // Eight rows: the body (3 rows) and the newest route lines, under a count of the rest.
        let short = frame.fit(10, 8);
        assert!(short.len() < 8, "{short:?}");
        assert_eq!(short[0].text, "  … 7 earlier lines");
        assert_eq!(texts(&short[1..4]), ["step 7", "step 8", "step 9"]);
    }

    #[test]
    fn lines_wrap_by_terminal_columns_not_characters() {
        use unicode_width::UnicodeWidthStr as _;
        // Eight CJK characters are 16 columns: on a 10-column terminal, pieces of 4 (8
        // columns), never 9 characters (18 columns, two rows each).
        let cjk = Line::plain("漢字漢字漢字漢字");
        let pieces = wrap_line(&cjk, 10);
        assert_eq!(texts(&pieces), ["漢字漢字", "漢字漢字"]);
        // Emoji are two columns too; a piece leaves a column free rather than split one.
        let emoji = Line::plain("ab😀😀😀cd");
        let pieces = wrap_line(&emoji, 6);
        assert_eq!(texts(&pieces), ["ab😀", "😀😀c", "d"]);
        for piece in wrap_line(&emoji, 6).iter().chain(&wrap_line(&cjk, 10)) {
            assert!(piece.text.width() < 10, "{piece:?}");
        }
        // A combining accent stays with its letter and takes no column.
        let accents = Line::plain("e\u{301}e\u{301}e\u{301}e\u{301}");
        assert_eq!(wrap_line(&accents, 5).len(), 1);
        assert_eq!(
            texts(&wrap_line(&accents, 3)),
            ["e\u{301}e\u{301}", "e\u{301}e\u{301}"]
        );
        // A wide character on a 2-column terminal (1 column of room) gets a row of its own.
        assert_eq!(texts(&wrap_line(&Line::plain("漢字"), 2)), ["漢", "字"]);
        // A line that fits is left alone: 9 columns on a 10-column terminal.
        assert_eq!(wrap_line(&Line::plain("漢字漢字a"), 10).len(), 1);
    }

    #[test]
    fn route_ids_are_padded_to_the_same_column_whatever_their_width() {
        assert_eq!(pad("問題", 6), "問題  ");
        assert_eq!(pad("ab", 6), "ab    ");
        assert_eq!(pad("toolong", 3), "toolong");
    }
}
