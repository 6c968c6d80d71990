//! `flowrun ask` on a terminal: a small menu drawn on standard error in raw mode, redrawn in
//! place after every key. The route so far sits above the current question; the verdict and
//! route go to standard output as `flowrun run` prints them. `Terminal` restores the terminal
//! (raw mode off, cursor shown) when dropped, so every way out, errors and panics included,
//! leaves it as it was.

use std::io;

use crate::Diagnostic;
use crate::checks::rules::Code;
use crate::evaluate::session::{Position, Session};
use crossterm::event::{KeyCode, KeyModifiers};

use super::{Ending, Failure, SaveTo, save, save_target};
use crate::cli::{Exit, run::text_report};

mod keys;
mod layout;
mod terminal;

use keys::{Confirm, Menu, Outcome, Reply, action};
use layout::{Frame, Line, frame};
use terminal::Terminal;

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
