//! `flowrun ask` on a terminal: a small menu drawn on standard error in raw mode, redrawn in
//! place after every key. The route so far sits above the current question; the verdict and
//! route go to standard output as `flowrun run` prints them. `Terminal` restores the terminal
//! (raw mode off, cursor shown) when dropped, so every way out, errors and panics included,
//! leaves it as it was.

use std::io::{self, IsTerminal, Write};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::Attribute;
use crossterm::{cursor, queue, terminal};
use flowrun::Diagnostic;
use flowrun::checks::rules::Code;
use flowrun::evaluate::session::{Position, Session};
use flowrun::flow::text::one_line;

use super::{Ending, Failure, SaveTo, question_lines, save, save_target};
use crate::cli::{Exit, run::text_report};

/// Runs a session with the keyboard, then prints the outcome and saves the answers.
pub(super) fn ask(mut session: Session, save_to: Option<&SaveTo>) -> Result<Ending, Failure> {
    let mut term = Terminal::start().map_err(terminal_error)?;
    if answer_questions(&mut term, &mut session).map_err(terminal_error)? == Flow::Stop {
        return stopped(&mut term);
    }
    term.erase().map_err(terminal_error)?;
    term.print_out(&text_report(session.flow(), &session.walk(), false));
    match save_to {
        Some(to) => {
            save(&session, to).map_err(|d| (Exit::Input, vec![d]))?;
            term.say(&format!("saved the answers to `{}`", to.path))
                .map_err(terminal_error)?;
        }
        None => {
            if offer_to_save(&mut term, &session).map_err(terminal_error)? == Flow::Stop {
                return stopped(&mut term);
            }
        }
    }
    Ok(Ending::Verdict)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

fn stopped(term: &mut Terminal) -> Result<Ending, Failure> {
    term.erase().map_err(terminal_error)?;
    term.say("stopped: no answers were saved")
        .map_err(terminal_error)?;
    Ok(Ending::Interrupted)
}

fn terminal_error(e: io::Error) -> Failure {
    let d = Diagnostic::new(Code::Io, format!("cannot use the terminal: {e}")).help(
        "pipe the answers to `flowrun ask` instead, one per line: `printf 'Yes\\nNo\\n' | flowrun \
         ask FLOW`",
    );
    (Exit::Input, vec![d])
}

/// What a key does in the menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Up,
    Down,
    First,
    Last,
    Choose,
    Digit(usize),
    Back,
    Quit,
    Ignore,
}

fn action(key: KeyEvent) -> Action {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c' | 'd') if ctrl => Action::Quit,
        KeyCode::Char('p') if ctrl => Action::Up,
        KeyCode::Char('n') if ctrl => Action::Down,
        // Ctrl-H is Backspace on some terminals; Ctrl-J and Ctrl-M are Enter.
        KeyCode::Char('h') if ctrl => Action::Back,
        KeyCode::Char('j' | 'm') if ctrl => Action::Choose,
        _ if ctrl => Action::Ignore,
        KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => Action::Up,
        KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => Action::Down,
        KeyCode::Home | KeyCode::PageUp | KeyCode::Char('g') => Action::First,
        KeyCode::End | KeyCode::PageDown | KeyCode::Char('G') => Action::Last,
        KeyCode::Enter | KeyCode::Char(' ') | KeyCode::Right | KeyCode::Char('l') => Action::Choose,
        KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') => Action::Back,
        KeyCode::Esc | KeyCode::Char('q') => Action::Quit,
        KeyCode::Char(c) => c
            .to_digit(10)
            .map_or(Action::Ignore, |d| Action::Digit(d as usize)),
        _ => Action::Ignore,
    }
}

/// The menu's state at one question.
#[derive(Debug, Default)]
struct Menu {
    /// The highlighted entry: an option, or one past the last for `← back`.
    selected: usize,
    /// Digits typed so far, for flows with ten or more options.
    number: usize,
    notice: Option<String>,
}

enum Outcome {
    Stay,
    Answer(usize),
    Back,
    Quit,
}

impl Menu {
    /// Applies one action at a question with `options` answers; `back` says whether the
    /// `← back` entry is shown.
    fn apply(&mut self, action: Action, options: usize, back: bool) -> Outcome {
        let entries = options + usize::from(back);
        if !matches!(action, Action::Digit(_)) {
            self.number = 0;
        }
        self.notice = None;
        match action {
            Action::Up => self.selected = (self.selected + entries - 1) % entries,
            Action::Down => self.selected = (self.selected + 1) % entries,
            Action::First => self.selected = 0,
            Action::Last => self.selected = entries - 1,
            Action::Choose if self.selected == options => return Outcome::Back,
            Action::Choose => return Outcome::Answer(self.selected),
            Action::Back if back => return Outcome::Back,
            Action::Back => self.notice = Some("this is the first question".to_owned()),
            Action::Quit => return Outcome::Quit,
            Action::Digit(d) => return self.digit(d, options),
            Action::Ignore => {}
        }
        Outcome::Stay
    }

    /// A typed number picks its option at once when no longer number could follow (`3` of 12
    /// could become `3`0, so `1` of 12 waits for Enter or another digit).
    fn digit(&mut self, digit: usize, options: usize) -> Outcome {
        let mut number = self.number * 10 + digit;
        if !(1..=options).contains(&number) {
            number = digit;
        }
        if !(1..=options).contains(&number) {
            self.number = 0;
            self.notice = Some(format!("there is no option {digit}"));
            return Outcome::Stay;
        }
        self.selected = number - 1;
        if number * 10 > options {
            self.number = 0;
            Outcome::Answer(number - 1)
        } else {
            self.number = number;
            Outcome::Stay
        }
    }
}

/// Asks until the verdict, or until the user quits.
fn answer_questions(term: &mut Terminal, session: &mut Session) -> io::Result<Flow> {
    // The option chosen at each answered question, to highlight it again after going back.
    let mut chosen: Vec<usize> = Vec::new();
    let mut menu = Menu::default();
    while let Position::Question(_) = session.position() {
        let options = session.choices().len();
        let back = session.can_go_back();
        term.draw(&frame(session, &menu))?;
        let Some(key) = term.key()? else {
            continue; // resized: draw again
        };
        match menu.apply(action(key), options, back) {
            Outcome::Stay => {}
            Outcome::Answer(choice) => {
                if session.answer(choice) {
                    chosen.push(choice);
                    menu = Menu::default();
                }
            }
            Outcome::Back => {
                if session.back() {
                    menu = Menu {
                        selected: chosen.pop().unwrap_or(0),
                        ..Menu::default()
                    };
                }
            }
            Outcome::Quit => return Ok(Flow::Stop),
        }
    }
    Ok(Flow::Go)
}

/// One line of a frame; `strong` lines are drawn bold where colour is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Line {
    text: String,
    strong: bool,
}

impl Line {
    fn plain(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            strong: false,
        }
    }
}

/// What the menu shows: the route so far, the question, its options, the key help.
fn frame(session: &Session, menu: &Menu) -> Frame {
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
struct Frame {
    route: Vec<Line>,
    body: Vec<Line>,
}

impl Frame {
    fn only(body: Vec<Line>) -> Frame {
        Frame {
            route: Vec::new(),
            body,
        }
    }

    /// The lines to draw on a terminal `columns` wide and `rows` high (0: unknown): long lines
    /// wrapped, so that each drawn line is one row, and the oldest route lines left out when
    /// the whole would not fit, since the frame is redrawn by moving up over it.
    fn fit(&self, columns: usize, rows: usize) -> Vec<Line> {
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
fn wrap_line(line: &Line, columns: usize) -> Vec<Line> {
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

/// After the verdict: asks for a file to save the answers to (empty: don't).
fn offer_to_save(term: &mut Terminal, session: &Session) -> io::Result<Flow> {
    let mut notice: Option<String> = None;
    let mut typed = String::new();
    loop {
        let Some(line) = read_line(term, notice.take(), typed)? else {
            return Ok(Flow::Stop);
        };
        // Kept, so that a name that did not work can be corrected rather than typed again.
        typed = line;
        let path = typed.trim();
        if path.is_empty() {
            term.erase()?;
            term.say("the answers were not saved")?;
            return Ok(Flow::Go);
        }
        let checked = match save_target(path, false) {
            Err(d) if d.code == Code::FileExists => match confirm_replace(term, path)? {
                Some(true) => save_target(path, true),
                Some(false) => {
                    notice = Some(format!("`{path}` was left as it is; give another name"));
                    continue;
                }
                None => return Ok(Flow::Stop),
            },
            checked => checked,
        };
        let target = match checked {
            Ok(target) => target,
            Err(d) => {
                notice = Some(describe(&d));
                continue;
            }
        };
        match save(session, &target) {
            Ok(()) => {
                term.erase()?;
                term.say(&format!("saved the answers to `{path}`"))?;
                return Ok(Flow::Go);
            }
            Err(d) => notice = Some(describe(&d)),
        }
    }
}

fn describe(d: &Diagnostic) -> String {
    format!("{} ({})", d.message, d.code.as_str())
}

/// Reads a file name with a minimal line editor; `None` when the user stops (Ctrl-C).
fn read_line(
    term: &mut Terminal,
    notice: Option<String>,
    mut text: String,
) -> io::Result<Option<String>> {
    term.show_cursor(true)?;
    loop {
        let mut lines = vec![Line::plain(
            "Save the answers? File name (.json, .yaml, .yml or .toml), empty to skip:",
        )];
        if let Some(notice) = &notice {
            lines.push(Line::plain(format!("({notice})")));
        }
        lines.push(Line::plain(format!("> {text}")));
        term.draw(&Frame::only(lines))?;
        let Some(key) = term.key()? else {
            continue;
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c' | 'd') if ctrl => break,
            KeyCode::Char('u') if ctrl => text.clear(),
            KeyCode::Char('j' | 'm') if ctrl => {
                term.show_cursor(false)?;
                return Ok(Some(text));
            }
            KeyCode::Enter => {
                term.show_cursor(false)?;
                return Ok(Some(text));
            }
            // Esc skips saving, as an empty name does.
            KeyCode::Esc => {
                term.show_cursor(false)?;
                return Ok(Some(String::new()));
            }
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char('h') if ctrl => {
                text.pop();
            }
            KeyCode::Char(c) if !ctrl => text.push(c),
            _ => {}
        }
    }
    term.show_cursor(false)?;
    Ok(None)
}

/// Asks whether to replace an existing file: `Some(yes)`, or `None` when the user stops.
///
/// Line-based, like the file name just typed: `y` or `n` is shown and Enter submits it (Enter
/// alone is the default, No), so no key is left over to fall into the prompt that follows. Esc,
/// `q`, Ctrl-C and Ctrl-D stop at once, as they do in the menu.
fn confirm_replace(term: &mut Terminal, path: &str) -> io::Result<Option<bool>> {
    let mut confirm = Confirm::default();
    term.show_cursor(true)?;
    let reply = loop {
        let mut lines = vec![Line::plain(format!(
            "`{path}` exists. Replace it? [y/N] (y or n, then Enter; Esc or q quit)"
        ))];
        if let Some(notice) = &confirm.notice {
            lines.push(Line::plain(format!("({notice})")));
        }
        lines.push(Line::plain(format!("> {}", confirm.typed)));
        term.draw(&Frame::only(lines))?;
        let Some(key) = term.key()? else {
            continue;
        };
        if let Some(reply) = confirm.key(key) {
            break reply;
        }
    };
    term.show_cursor(false)?;
    Ok(match reply {
        Reply::Yes => Some(true),
        Reply::No => Some(false),
        Reply::Quit => None,
    })
}

/// The answer to "Replace it?", as typed so far.
#[derive(Debug, Default)]
struct Confirm {
    typed: String,
    notice: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reply {
    Yes,
    No,
    Quit,
}

impl Confirm {
    /// Applies one key: the reply once Enter submits a `y` or `n` (or nothing, which is No), or
    /// at once for a key that quits.
    fn key(&mut self, key: KeyEvent) -> Option<Reply> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.notice = None;
        match key.code {
            KeyCode::Char('c' | 'd') if ctrl => return Some(Reply::Quit),
            KeyCode::Esc | KeyCode::Char('q' | 'Q') if !ctrl => return Some(Reply::Quit),
            KeyCode::Char('u') if ctrl => self.typed.clear(),
            KeyCode::Char('h') if ctrl => {
                self.typed.pop();
            }
            KeyCode::Backspace => {
                self.typed.pop();
            }
            KeyCode::Enter => return self.submit(),
            KeyCode::Char('j' | 'm') if ctrl => return self.submit(),
            KeyCode::Char(c) if !ctrl => self.typed.push(c),
            _ => {}
        }
        None
    }

    fn submit(&mut self) -> Option<Reply> {
        match self.typed.trim().to_lowercase().as_str() {
            "y" | "yes" => Some(Reply::Yes),
            "" | "n" | "no" => Some(Reply::No),
            _ => {
                self.typed.clear();
                self.notice = Some("type y or n, then Enter".to_owned());
                None
            }
        }
    }
}

/// The terminal in raw mode with the cursor hidden, and the frame last drawn on it.
struct Terminal {
    out: io::Stderr,
    /// Rows of the frame on screen; the cursor is at the end of its last row.
    drawn: usize,
    columns: usize,
    rows: usize,
    colour: bool,
}

impl Terminal {
    fn start() -> io::Result<Terminal> {
        terminal::enable_raw_mode()?;
        // From here on, dropping `term` restores the terminal.
        let mut term = Terminal {
            out: io::stderr(),
            drawn: 0,
            columns: 0,
            rows: 0,
            colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        term.measure();
        queue!(term.out, cursor::Hide)?;
        term.out.flush()?;
        Ok(term)
    }

    /// The terminal's size; 0 where it is not known (a pseudo-terminal nobody sized).
    fn measure(&mut self) {
        let (columns, rows) = terminal::size().unwrap_or((0, 0));
        self.columns = usize::from(columns);
        self.rows = usize::from(rows);
    }

    /// The next key pressed, or `None` after the terminal was resized.
    fn key(&mut self) -> io::Result<Option<KeyEvent>> {
        loop {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => return Ok(Some(key)),
                Event::Resize(..) => {
                    self.measure();
                    return Ok(None);
                }
                _ => {}
            }
        }
    }

    /// Replaces the frame on screen with `frame`.
    fn draw(&mut self, frame: &Frame) -> io::Result<()> {
        self.clear()?;
        let lines = frame.fit(self.columns, self.rows);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b"\r\n")?;
            }
            if line.strong && self.colour {
                write!(
                    self.out,
                    "{}{}{}",
                    Attribute::Bold,
                    line.text,
                    Attribute::Reset
                )?;
            } else {
                self.out.write_all(line.text.as_bytes())?;
            }
        }
        self.drawn = lines.len();
        self.out.flush()
    }

    /// Removes the frame on screen, leaving the cursor where it started.
    fn erase(&mut self) -> io::Result<()> {
        self.clear()?;
        self.out.flush()
    }

    fn clear(&mut self) -> io::Result<()> {
        if self.drawn > 0 {
            queue!(self.out, cursor::MoveToColumn(0))?;
            if self.drawn > 1 {
                let up = u16::try_from(self.drawn - 1).unwrap_or(u16::MAX);
                queue!(self.out, cursor::MoveUp(up))?;
            }
            queue!(
                self.out,
                terminal::Clear(terminal::ClearType::FromCursorDown)
            )?;
            self.drawn = 0;
        }
        Ok(())
    }

    /// A line of its own on standard error, below anything drawn.
    fn say(&mut self, text: &str) -> io::Result<()> {
        self.clear()?;
        write!(self.out, "{text}\r\n")?;
        self.out.flush()
    }

    /// Standard output, where the verdict goes; raw mode needs `\r\n` on a terminal.
    fn print_out(&mut self, text: &str) {
        if io::stdout().is_terminal() {
            crate::cli::output::print_out(&text.replace('\n', "\r\n"));
        } else {
            crate::cli::output::print_out(text);
        }
    }

    fn show_cursor(&mut self, show: bool) -> io::Result<()> {
        if show {
            queue!(self.out, cursor::Show)?;
        } else {
            queue!(self.out, cursor::Hide)?;
        }
        self.out.flush()
    }
}

impl Drop for Terminal {
    /// Cursor shown, then raw mode off: the last bytes written are the cursor's `ESC [ ? 25 h`.
    fn drop(&mut self) {
        let _ = queue!(self.out, cursor::Show);
        let _ = self.out.flush();
        let _ = terminal::disable_raw_mode();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eligibility() -> flowrun::ValidFlow {
        let source =
            flowrun::SourceFile::new("e.flow", include_str!("../../../flows/eligibility.flow"));
        flowrun::analyze(&source, &flowrun::Settings::default())
            .into_valid()
            .unwrap()
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn keys_map_to_actions() {
        assert_eq!(action(key(KeyCode::Down)), Action::Down);
        assert_eq!(action(key(KeyCode::Char('j'))), Action::Down);
        assert_eq!(action(key(KeyCode::Up)), Action::Up);
        assert_eq!(action(key(KeyCode::Char('k'))), Action::Up);
        assert_eq!(action(key(KeyCode::Enter)), Action::Choose);
        assert_eq!(action(key(KeyCode::Backspace)), Action::Back);
        assert_eq!(action(ctrl('h')), Action::Back);
        assert_eq!(action(ctrl('c')), Action::Quit);
        assert_eq!(action(key(KeyCode::Esc)), Action::Quit);
        assert_eq!(action(key(KeyCode::Char('q'))), Action::Quit);
        assert_eq!(action(key(KeyCode::Char('3'))), Action::Digit(3));
        assert_eq!(action(ctrl('x')), Action::Ignore);
        assert_eq!(action(key(KeyCode::Char('x'))), Action::Ignore);
    }

    /// Feeds keys to a fresh confirmation; the reply, if the keys gave one.
    fn confirm(keys: &[KeyEvent]) -> (Option<Reply>, Confirm) {
        let mut confirm = Confirm::default();
        for (i, &key) in keys.iter().enumerate() {
            if let Some(reply) = confirm.key(key) {
                assert_eq!(i, keys.len() - 1, "a reply before the last key: {keys:?}");
                return (Some(reply), confirm);
            }
        }
        (None, confirm)
    }

    #[test]
    fn the_replace_confirmation_needs_enter_and_quits_like_the_menu() {
        let chars = |text: &str| -> Vec<KeyEvent> {
            text.chars()
                .map(|c| match c {
                    '\r' => key(KeyCode::Enter),
                    '\x7f' => key(KeyCode::Backspace),
                    c => key(KeyCode::Char(c)),
                })
                .collect()
        };
        // A letter alone answers nothing: Enter does, so no Enter is left for the next prompt.
        assert_eq!(confirm(&chars("n")).0, None);
        assert_eq!(confirm(&chars("y")).0, None);
        assert_eq!(confirm(&chars("n\r")).0, Some(Reply::No));
        assert_eq!(confirm(&chars("y\r")).0, Some(Reply::Yes));
        assert_eq!(confirm(&chars("YES\r")).0, Some(Reply::Yes));
        assert_eq!(confirm(&chars(" No \r")).0, Some(Reply::No));
        // Enter alone is the default shown in capitals, No.
        assert_eq!(confirm(&chars("\r")).0, Some(Reply::No));
        // Backspace corrects: `n`, Backspace, `y`, Enter is Yes.
        assert_eq!(confirm(&chars("n\x7fy\r")).0, Some(Reply::Yes));
        // Anything else asks again, with a notice, and what was typed cleared.
        let (reply, state) = confirm(&chars("x\r"));
        assert_eq!(reply, None);
        assert_eq!(state.typed, "");
        assert!(state.notice.as_deref().unwrap().contains("y or n"));
        // Esc, q, Ctrl-C and Ctrl-D stop at once, as in the menu, even after a letter.
        for quit in [
            key(KeyCode::Esc),
            key(KeyCode::Char('q')),
            ctrl('c'),
            ctrl('d'),
        ] {
            assert_eq!(confirm(&[quit]).0, Some(Reply::Quit), "{quit:?}");
            assert_eq!(
                confirm(&[key(KeyCode::Char('y')), quit]).0,
                Some(Reply::Quit),
                "{quit:?}"
            );
        }
        // Ctrl-M is Enter on some terminals.
        assert_eq!(
            confirm(&[key(KeyCode::Char('y')), ctrl('m')]).0,
            Some(Reply::Yes)
        );
    }

    #[test]
    fn the_selection_wraps_and_includes_back() {
        let mut menu = Menu::default();
        assert!(matches!(menu.apply(Action::Up, 2, true), Outcome::Stay));
        assert_eq!(menu.selected, 2, "Up from the first entry goes to `← back`");
        assert!(matches!(menu.apply(Action::Choose, 2, true), Outcome::Back));
        assert!(matches!(menu.apply(Action::Down, 2, true), Outcome::Stay));
        assert_eq!(menu.selected, 0);
        assert!(matches!(menu.apply(Action::Down, 2, false), Outcome::Stay));
        assert!(matches!(
            menu.apply(Action::Choose, 2, false),
            Outcome::Answer(1)
        ));
        // No way back at the first question: a notice instead.
        assert!(matches!(menu.apply(Action::Back, 2, false), Outcome::Stay));
        assert!(menu.notice.is_some());
    }

    #[test]
    fn numbers_pick_at_once_unless_a_longer_number_could_follow() {
        let mut menu = Menu::default();
        assert!(matches!(
            menu.apply(Action::Digit(2), 3, false),
            Outcome::Answer(1)
        ));
        assert!(matches!(
            menu.apply(Action::Digit(4), 3, false),
            Outcome::Stay
        ));
        assert!(menu.notice.as_deref().unwrap().contains("no option 4"));
        // Twelve options: `1` waits (it may become 10-12), `12` picks.
        let mut menu = Menu::default();
        assert!(matches!(
            menu.apply(Action::Digit(1), 12, false),
            Outcome::Stay
        ));
        assert_eq!(menu.selected, 0);
        assert!(matches!(
            menu.apply(Action::Digit(2), 12, false),
            Outcome::Answer(11)
        ));
        // `1` then Enter picks the first; `1` then `3` starts again at `3`.
        assert!(matches!(
            menu.apply(Action::Digit(1), 12, false),
            Outcome::Stay
        ));
        assert!(matches!(
            menu.apply(Action::Choose, 12, false),
            Outcome::Answer(0)
        ));
        assert!(matches!(
            menu.apply(Action::Digit(1), 12, false),
            Outcome::Stay
        ));
        assert!(matches!(
            menu.apply(Action::Digit(3), 12, false),
            Outcome::Answer(2)
        ));
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
