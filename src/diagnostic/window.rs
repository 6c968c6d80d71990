//! What a diagnostic shows of its file when drawn by miette: the lines its labels are on, with a
//! line of context around them, and of a long line only windows around the labels.
//!
//! A flow or an answers file may hold a line of megabytes (a minified JSON file, ten thousand
//! nodes joined by `&`). Drawn whole, such a line floods the terminal, and a label past column
//! 65,535 makes miette's graphical handler panic (it pads with a width that `format!` refuses).
//! [`Drawable`] gives miette a small text instead: each line touched by a label (and the line
//! before and after), a line longer than [`LONG_LINE_CHARS`] characters cut to
//! [`WINDOW_CHARS`] characters on each side of every label's start and end, with `…` where text
//! was left out. Line numbers and the column in the heading are those of the real file.

use std::fmt;
use std::ops::Range;

use super::{Diagnostic, Severity};
use crate::input::source::SourceFile;

/// A line with more characters than this is shown in windows around its labels.
pub(crate) const LONG_LINE_CHARS: usize = 200;

/// How many characters a window keeps on each side of a label's start and of its end.
pub(crate) const WINDOW_CHARS: usize = 40;

/// The most labels drawn for one diagnostic; the primary one is always among them.
pub(crate) const MAX_LABELS: usize = 64;

/// Labels this many lines apart or fewer are drawn in one snippet with the lines between;
/// farther apart, each gets its own.
const GAP_LINES: usize = 12;

/// Where text was left out of a long line.
const MARKER: &str = "…";

/// A diagnostic as miette draws it, with its file's long lines cut to windows around the labels
/// (see the module documentation): what [`Diagnostic::drawable`] gives.
#[derive(Debug)]
pub struct Drawable<'a> {
    diagnostic: &'a Diagnostic,
    view: Option<View>,
}

impl Diagnostic {
    /// This diagnostic, to draw with miette's graphical handler whatever the length of its
    /// lines: long lines are shown as windows around the labels, with `…` where text was left
    /// out, and output stays bounded. The command line draws every diagnostic this way.
    #[must_use]
    pub fn drawable(&self) -> Drawable<'_> {
        Drawable {
            diagnostic: self,
            view: View::new(self),
        }
    }
}

/// One line of the view.
#[derive(Debug)]
struct ViewLine {
    /// 0-based line number in the real file.
    number: usize,
    /// Its bytes in the view's text, line break included.
    range: Range<usize>,
    /// Lines of one block are consecutive in the file; blocks are drawn apart.
    block: usize,
    /// Text copied from the real line, in order.
    pieces: Vec<Piece>,
}

/// A run of the view's text copied from the real file.
#[derive(Debug, Clone, Copy)]
struct Piece {
    view: usize,
    real: usize,
    len: usize,
    /// 0-based character column of `real` in its real line.
    column: usize,
}

/// The text miette is given, and how it maps to the real file.
#[derive(Debug)]
struct View {
    name: String,
    text: String,
    lines: Vec<ViewLine>,
    /// The diagnostic's labels drawn, as spans into `text`, primary first.
    labels: Vec<(Range<usize>, Option<String>)>,
}

/// The real file's lines, by their byte ranges.
struct Lines<'t> {
    text: &'t str,
}

impl Lines<'_> {
    /// Where the line holding `offset` starts.
    fn start_of(&self, offset: usize) -> usize {
        memchr::memrchr(b'\n', &self.text.as_bytes()[..offset]).map_or(0, |i| i + 1)
    }

    /// Where the content of the line starting at `start` ends (its `\n`, or the end of text).
    fn content_end(&self, start: usize) -> usize {
        memchr::memchr(b'\n', &self.text.as_bytes()[start..]).map_or(self.text.len(), |i| start + i)
    }

    /// The start of the next line, if there is one.
    fn next(&self, start: usize) -> Option<usize> {
        let end = self.content_end(start);
        (end < self.text.len()).then_some(end + 1)
    }

    /// The start of the line before, if there is one.
    fn previous(&self, start: usize) -> Option<usize> {
        (start > 0).then(|| self.start_of(start - 1))
    }
}

/// How many characters `bytes` holds (it is whole UTF-8).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// `offset` moved back over up to `n` characters, not before `floor`.
fn back(text: &str, mut offset: usize, n: usize, floor: usize) -> usize {
    for _ in 0..n {
        if offset <= floor {
            return floor;
        }
        offset -= 1;
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
    }
    offset.max(floor)
}

/// `offset` moved on over up to `n` characters, not past `ceiling`.
fn forward(text: &str, mut offset: usize, n: usize, ceiling: usize) -> usize {
    for _ in 0..n {
        if offset >= ceiling {
            return ceiling;
        }
        offset += 1;
        while !text.is_char_boundary(offset) {
            offset += 1;
        }
    }
    offset.min(ceiling)
}

impl View {
    fn new(d: &Diagnostic) -> Option<View> {
        let source = d.source.as_ref()?;
        if d.labels.is_empty() {
            return None;
        }
        let text: &str = &source.text;
        let clamp = |o: usize| {
            let mut o = o.min(text.len());
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            o
        };
        let spans: Vec<(usize, usize, &str)> = d
            .labels
            .iter()
            .take(MAX_LABELS)
            .map(|l| {
                let start = clamp(l.span.start);
                (start, clamp(l.span.end).max(start), l.text.as_str())
            })
            .collect();
        let lines = Lines { text };

        // The starts of the lines to show: every line a label touches, one line around it.
        let mut starts = Vec::new();
        for &(start, end, _) in &spans {
            let first = lines.start_of(start);
            let last = lines.start_of(if end > start { end - 1 } else { start });
            starts.extend(lines.previous(first));
            let mut line = first;
            loop {
                starts.push(line);
                if line >= last {
                    break;
                }
                match lines.next(line) {
                    Some(next) => line = next,
                    None => break,
                }
            }
            starts.extend(lines.next(last));
        }
        starts.sort_unstable();
        starts.dedup();

        // Numbered, with the lines between two shown lines that are close filled in.
        let mut numbered: Vec<(usize, usize)> = Vec::with_capacity(starts.len());
        for start in starts {
            let number = source.line_col(start).0 - 1;
            if let Some(&(last_start, last_number)) = numbered.last() {
                let gap = number - last_number - 1;
                if gap > 0 && gap <= GAP_LINES {
                    let mut line = last_start;
                    for n in last_number + 1..number {
                        line = lines.next(line).expect("a line before a later one");
                        numbered.push((line, n));
                    }
                }
            }
            numbered.push((start, number));
        }

        let mut view = View {
            name: source.name.clone(),
            text: String::new(),
            lines: Vec::with_capacity(numbered.len()),
            labels: Vec::new(),
        };
        let mut block = 0;
        for (i, &(start, number)) in numbered.iter().enumerate() {
            if i > 0 && numbered[i - 1].1 + 1 != number {
                block += 1;
            }
            let points: Vec<usize> = spans
                .iter()
                .flat_map(|&(s, e, _)| [s, e])
                .filter(|&o| o >= start && o <= lines.content_end(start))
                .collect();
            view.push_line(&lines, start, number, block, &points);
        }
        view.labels = spans
            .iter()
            .map(|&(start, end, note)| {
                let from = view.to_view(start);
                let to = view.to_view(end).max(from);
                (from..to, (!note.is_empty()).then(|| note.to_owned()))
            })
            .collect();
        Some(view)
    }

    /// Adds the real line at `start`, cut to windows around `points` when it is long.
    fn push_line(
        &mut self,
        lines: &Lines<'_>,
        start: usize,
        number: usize,
        block: usize,
        points: &[usize],
    ) {
        let text = lines.text;
        let content_end = lines.content_end(start);
        let line_end = (content_end + 1).min(text.len());
        let view_start = self.text.len();
        let mut pieces = Vec::new();
        let long = content_end - start > LONG_LINE_CHARS
            && chars_in(&text.as_bytes()[start..content_end]) > LONG_LINE_CHARS;
        if long {
            let mut windows: Vec<(usize, usize)> = if points.is_empty() {
                vec![(start, forward(text, start, 2 * WINDOW_CHARS, content_end))]
            } else {
                points
                    .iter()
                    .map(|&p| {
                        (
                            back(text, p, WINDOW_CHARS, start),
                            forward(text, p, WINDOW_CHARS, content_end),
                        )
                    })
                    .collect()
            };
            windows.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::with_capacity(windows.len());
            for (from, to) in windows {
                match merged.last_mut() {
                    Some(last) if from <= last.1 + MARKER.len() => last.1 = last.1.max(to),
                    _ => merged.push((from, to)),
                }
            }
            let (mut column, mut at) = (0, start);
            for (i, &(from, to)) in merged.iter().enumerate() {
                if i > 0 || from > start {
                    self.text.push_str(MARKER);
                }
                column += chars_in(&text.as_bytes()[at..from]);
                pieces.push(Piece {
                    view: self.text.len(),
                    real: from,
                    len: to - from,
                    column,
                });
                self.text.push_str(&text[from..to]);
                at = from;
            }
            let last = merged.last().map_or(start, |w| w.1);
            if last < content_end {
                self.text.push_str(MARKER);
            }
            if line_end > content_end {
                pieces.push(Piece {
                    view: self.text.len(),
                    real: content_end,
                    len: 1,
                    column: column + chars_in(&text.as_bytes()[at..content_end]),
                });
                self.text.push('\n');
            }
        } else {
            pieces.push(Piece {
                view: self.text.len(),
                real: start,
                len: line_end - start,
                column: 0,
            });
            self.text.push_str(&text[start..line_end]);
        }
        self.lines.push(ViewLine {
            number,
            range: view_start..self.text.len(),
            block,
            pieces,
        });
    }

    /// The view offset of a real offset on a shown line.
    fn to_view(&self, real: usize) -> usize {
        let pieces = self.lines.iter().flat_map(|l| &l.pieces);
        let mut nearest = 0;
        for p in pieces {
            if (p.real..=p.real + p.len).contains(&real) {
                return p.view + (real - p.real);
            }
            if p.real <= real {
                nearest = p.view + p.len;
            }
        }
        nearest
    }

    /// The index of the shown line holding view offset `offset`.
    fn line_at(&self, offset: usize) -> Option<usize> {
        let i = self.lines.partition_point(|l| l.range.end <= offset);
        if i < self.lines.len() {
            Some(i)
        } else if offset == self.text.len() && !self.lines.is_empty() {
            Some(self.lines.len() - 1)
        } else {
            None
        }
    }

    /// The 0-based character column in the real line of view offset `offset`.
    fn column(&self, line: &ViewLine, offset: usize) -> usize {
        let piece = line
            .pieces
            .iter()
            .rev()
            .find(|p| p.view <= offset)
            .or(line.pieces.first());
        piece.map_or(0, |p| {
            let within = offset.saturating_sub(p.view).min(p.len);
            p.column + chars_in(&self.text.as_bytes()[p.view..p.view + within])
        })
    }
}

impl miette::SourceCode for View {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let start = span.offset();
        let end = start + span.len().saturating_sub(1);
        let first = self
            .line_at(start)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let last = self
            .line_at(end.max(start))
            .ok_or(miette::MietteError::OutOfBounds)?;
        let block = self.lines[first].block;
        if self.lines[last].block != block {
            return Err(miette::MietteError::OutOfBounds);
        }
        let mut from = first;
        while from > 0 && first - from < context_lines_before && self.lines[from - 1].block == block
        {
            from -= 1;
        }
        let mut to = last;
        while to + 1 < self.lines.len()
            && to - last < context_lines_after
            && self.lines[to + 1].block == block
        {
            to += 1;
        }
        let range = self.lines[from].range.start..self.lines[to].range.end;
        let column = if context_lines_before == 0 {
            self.column(&self.lines[first], start)
        } else {
            0
        };
        // The line count as miette's own sources give it, counted from the start of the file:
        // miette then tries to draw labels of one block together, as it would the whole file,
        // and the read of a span across two blocks, refused above, keeps blocks apart.
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[range.clone()],
            miette::SourceSpan::new(range.start.into(), range.len()),
            self.lines[from].number,
            column,
            self.lines[to].number + 1,
        )))
    }
}

impl fmt::Display for Drawable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Drawable<'_> {}

impl miette::Diagnostic for Drawable<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.view.as_ref().map(|v| v as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let view = self.view.as_ref()?;
        Some(Box::new(view.labels.iter().enumerate().map(
            |(i, (range, note))| {
                let span = miette::SourceSpan::new(range.start.into(), range.len());
                if i == 0 {
                    miette::LabeledSpan::new_primary_with_span(note.clone(), span)
                } else {
                    miette::LabeledSpan::new_with_span(note.clone(), span)
                }
            },
        )))
    }
}

/// Whether miette can draw `source` with these labels read straight from the file: each label
/// starts and ends within 60,000 bytes of the start of its line (miette pads to the column with
/// a width `format!` refuses past 65,535).
pub(super) fn drawable_in_place(source: &SourceFile, labels: &[super::Label]) -> bool {
    const MAX_COLUMN_BYTES: usize = 60_000;
    let lines = Lines { text: &source.text };
    labels.iter().all(|l| {
        [l.span.start, l.span.end].iter().all(|&o| {
            let o = o.min(source.text.len());
            o - lines.start_of(o) <= MAX_COLUMN_BYTES
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::input::source::Span;
    use miette::{GraphicalReportHandler, GraphicalTheme};

    fn draw(d: &Diagnostic) -> String {
        let handler =
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
        let mut out = String::new();
        handler.render_report(&mut out, &d.drawable()).unwrap();
        out
    }

    fn at(text: &str, offsets: &[(usize, usize)]) -> Diagnostic {
        let source = SourceFile::new("t.flow", text);
        let mut d = Diagnostic::new(Code::SyntaxError, "bad");
        for &(s, e) in offsets {
            d = d.label(Span::new(s, e), "here");
        }
        d.in_file(&source)
    }

    #[test]
    fn short_lines_draw_as_the_file_reads() {
        let text = "flowchart TD\n    a --> b\n    b --> c\n";
        let d = at(text, &[(17, 18)]);
        let mut plain = String::new();
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .render_report(&mut plain, &d)
            .unwrap();
        assert_eq!(draw(&d), plain);
    }

    #[test]
    fn labels_a_few_lines_apart_draw_as_the_file_reads() {
        let text = "l1\n[[case]]\nname = \"a\"\nx\ny\nz\n[[case]]\nname = \"a\"\nend\n";
        let first = text.find("\"a\"").unwrap();
        let second = text.rfind("\"a\"").unwrap();
        let d = at(text, &[(second, second + 3), (first, first + 3)]);
        let mut plain = String::new();
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .render_report(&mut plain, &d)
            .unwrap();
        assert_eq!(draw(&d), plain);
    }

    #[test]
    fn a_label_far_out_on_a_long_line_is_drawn_in_a_window_with_its_real_position() {
        let mut text = "flowchart TD\n    a --> b".to_owned();
        text.push_str(&" ".repeat(70_000));
        let at_bracket = text.len() + 5;
        text.push_str(" --> ]]\nnext\n");
        let out = draw(&at(&text, &[(at_bracket, at_bracket + 2)]));
        assert!(out.contains("[t.flow:2:70017]"), "{out}");
        assert!(out.contains("…"), "{out}");
        assert!(out.contains("--> ]]"), "{out}");
        assert!(out.len() < 2_000, "{out}");
        assert!(out.contains(" 3 │ next"), "{out}");
    }

    #[test]
    fn windows_keep_multibyte_text_whole_and_columns_in_characters() {
        let text = format!("{}x{}\n", "é".repeat(300), "ü".repeat(300));
        let x = "é".len() * 300;
        let out = draw(&at(&text, &[(x, x + 1)]));
        assert!(out.contains("[t.flow:1:301]"), "{out}");
        assert!(
            out.contains(&format!("…{}x{}…", "é".repeat(40), "ü".repeat(40))),
            "{out}"
        );
    }

    #[test]
    fn far_apart_labels_are_drawn_apart_with_true_line_numbers() {
        let mut text = String::from("first\n");
        for i in 0..100 {
            text.push_str(&format!("line {i}\n"));
        }
        let last = text.len();
        text.push_str("last\n");
        let out = draw(&at(&text, &[(0, 5), (last, last + 4)]));
        assert!(out.contains(" 1 │ first"), "{out}");
        assert!(out.contains("102 │ last"), "{out}");
        assert!(!out.contains("line 50"), "{out}");
    }

    #[test]
    fn in_place_drawing_is_refused_past_the_columns_miette_pads_to() {
        let text = format!("{}x", " ".repeat(70_000));
        let source = SourceFile::new("t", text.as_str());
        let label = |o| super::super::Label {
            span: Span::new(o, o + 1),
            text: String::new(),
        };
        assert!(drawable_in_place(&source, &[label(5)]));
        assert!(!drawable_in_place(&source, &[label(70_000)]));
    }
}
