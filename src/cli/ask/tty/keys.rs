//! Keys and what they do: the menu's actions and selection, and the "Replace it?" answer being
//! typed. Pure state, no terminal: the tests drive it with key events.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key does in the menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Action {
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

pub(super) fn action(key: KeyEvent) -> Action {
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
pub(super) struct Menu {
    /// The highlighted entry: an option, or one past the last for `← back`.
    pub(super) selected: usize,
    /// Digits typed so far, for flows with ten or more options.
    pub(super) number: usize,
    pub(super) notice: Option<String>,
}

pub(super) enum Outcome {
    Stay,
    Answer(usize),
    Back,
    Quit,
}

impl Menu {
    /// Applies one action at a question with `options` answers; `back` says whether the
    /// `← back` entry is shown.
    pub(super) fn apply(&mut self, action: Action, options: usize, back: bool) -> Outcome {
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

/// The answer to "Replace it?", as typed so far.
#[derive(Debug, Default)]
pub(super) struct Confirm {
    pub(super) typed: String,
    pub(super) notice: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reply {
    Yes,
    No,
    Quit,
}

impl Confirm {
    /// Applies one key: the reply once Enter submits a `y` or `n` (or nothing, which is No), or
    /// at once for a key that quits.
    pub(super) fn key(&mut self, key: KeyEvent) -> Option<Reply> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
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
}
