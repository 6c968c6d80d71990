//! What the menu shows and how it fits the terminal: the route so far, the question, its
//! options and the key help, wrapped to the width and cut to the height.

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
        .map(|s| flow.node(s.node).id.chars().count())
        .max()
        .unwrap_or(0);
    let route: Vec<Line> = route
        .iter()
        .map(|step| {
            let node = flow.node(step.node);
            let text = one_line(&node.text);
            Line::plain(match &step.answer {
                Some(answer) => format!("  {:<width$}  {text} -> {}", node.id, one_line(answer)),
                None => format!("  {:<width$}  {text}", node.id),
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

/// A line cut into pieces narrower than the terminal (one column spare, so the cursor never
/// waits at the right margin).
pub(super) fn wrap_line(line: &Line, columns: usize) -> Vec<Line> {
    let chars: Vec<char> = line.text.chars().collect();
    if columns < 2 || chars.len() < columns {
        return vec![line.clone()];
    }
    chars
        .chunks(columns - 1)
        .map(|piece| Line {
            text: piece.iter().collect(),
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
}
