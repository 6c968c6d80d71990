//! The terminal in raw mode: keys in, frames drawn in place on standard error, and everything
//! restored when dropped.

use std::io::{self, IsTerminal, Write};

use crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use crossterm::style::Attribute;
use crossterm::{cursor, queue, terminal};

use super::layout::Frame;

/// The terminal in raw mode with the cursor hidden, and the frame last drawn on it.
pub(super) struct Terminal {
    out: io::Stderr,
    /// Rows of the frame on screen; the cursor is at the end of its last row.
    drawn: usize,
    columns: usize,
    rows: usize,
    colour: bool,
}

impl Terminal {
    pub(super) fn start() -> io::Result<Terminal> {
        terminal::enable_raw_mode()?;
        // From here on, dropping `term` restores the terminal.
        let mut term = Terminal {
            out: io::stderr(),
            drawn: 0,
            columns: 0,
            rows: 0,
            colour: crate::cli::colour(),
        };
        term.measure();
        queue!(term.out, cursor::Hide)?;
        term.out.flush()?;
        Ok(term)
    }

    /// The terminal's size; 0 where it is not known (a pseudo-terminal nobody sized).
    pub(super) fn measure(&mut self) {
        let (columns, rows) = terminal::size().unwrap_or((0, 0));
        self.columns = usize::from(columns);
        self.rows = usize::from(rows);
    }

    /// The next key pressed, or `None` after the terminal was resized.
    pub(super) fn key(&mut self) -> io::Result<Option<KeyEvent>> {
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
    pub(super) fn draw(&mut self, frame: &Frame) -> io::Result<()> {
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
    pub(super) fn erase(&mut self) -> io::Result<()> {
        self.clear()?;
        self.out.flush()
    }

    pub(super) fn clear(&mut self) -> io::Result<()> {
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
    pub(super) fn say(&mut self, text: &str) -> io::Result<()> {
        self.clear()?;
        write!(self.out, "{text}\r\n")?;
        self.out.flush()
    }

    /// Standard output, where the verdict goes; raw mode needs `\r\n` on a terminal.
    pub(super) fn print_out(&mut self, text: &str) {
        if io::stdout().is_terminal() {
            crate::cli::output::print_out(&text.replace('\n', "\r\n"));
        } else {
            crate::cli::output::print_out(text);
        }
    }

    pub(super) fn show_cursor(&mut self, show: bool) -> io::Result<()> {
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
