//! Source text and byte spans into it.

use std::sync::{Arc, OnceLock};

/// A half-open byte range `[start, end)` into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The offset of the first byte.
    pub start: usize,
    /// The offset just past the last byte.
    pub end: usize,
}

impl Span {
    /// The bytes from `start` up to, not including, `end`.
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// How many bytes it covers.
    #[must_use]
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether it covers no byte (a position between two).
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.end == self.start
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start, span.len()).into()
    }
}

/// A named text: a flow file, an answers file, or standard input.
#[derive(Debug)]
pub struct SourceFile {
    /// What reports call it: the path as given (`flows/eligibility.flow`), `<stdin>`, or
    /// `<command line>` for `--answer` flags.
    pub name: String,
    /// The whole text, which every [`Span`] into this source indexes.
    pub text: Arc<str>,
    /// Built on first use: where each line starts, so that finding a line never rescans the file
    /// (a file with many diagnostics would otherwise cost the square of its size).
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    /// A source named `name` holding `text`, shared: flows, their diagnostics and their
    /// answers all keep an `Arc` of the text they point into.
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Arc<Self> {
        Arc::new(Self {
            name: name.into(),
            text: text.into(),
            lines: OnceLock::new(),
        })
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines().line_col(&self.text, offset)
    }
}

impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        // miette reads from the start of the text it is given; give it the text from a line
        // before the first line of context on (so a span never starts the window, where miette
        // reads an empty span differently), and shift what it finds back into place.
        let first_line = self
            .lines()
            .line_of(span.offset())
            .saturating_sub(context_lines_before + 1);
        let window_start = self.lines().starts[first_line];
        let window = &self.text.as_bytes()[window_start..];
        let shifted = miette::SourceSpan::new((span.offset() - window_start).into(), span.len());
        let inner = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        let found = inner.span();
        // miette counts the column in bytes (it is the one in the `file:line:column` heading);
        // flowrun counts characters everywhere, so a heading after `é` agrees with the message
        // and with `--format json`.
        let column = if inner.column() == 0 {
            0
        } else {
            self.line_col(span.offset()).1 - 1
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            miette::SourceSpan::new((found.offset() + window_start).into(), found.len()),
            inner.line() + first_line,
            column,
            inner.line_count() + first_line,
        )))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Maps byte offsets to lines quickly when many diagnostics point into one large file.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Finds where every line of `text` starts (one pass over it).
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        Self { starts }
    }

    /// 0-based line of a byte offset.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let file = SourceFile::new("t", "ab\nçd e\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        // `e` is after a two-byte `ç`.
        assert_eq!(file.line_col(7), (2, 4));
        assert_eq!(file.line_col(100), (3, 1));
    }

    #[test]
    fn the_column_of_a_span_read_alone_counts_characters() {
        use miette::SourceCode;
        // What miette prints in a drawing's `file:line:column` heading, read with no context.
        let file = SourceFile::new("t", "a\n\u{e9}\u{2014}\u{1D4B3} x\n");
        for (offset, column) in [(0, 0), (2, 0), (4, 1), (7, 2), (11, 3), (12, 4)] {
            let span = miette::SourceSpan::new(offset.into(), 1);
            let contents = file.read_span(&span, 0, 0).unwrap();
            assert_eq!(contents.column(), column, "offset {offset}");
            assert_eq!(file.line_col(offset).1, column + 1, "offset {offset}");
        }
    }

    #[test]
    fn spans_read_from_a_window_match_reading_the_whole_text() {
        use miette::SourceCode;
        let text = "l1\nl2 with text\nl3 xx\nl4\n\nl6 end";
        let file = SourceFile::new("t", text);
        for start in 0..text.len() {
            for len in [0, 1, 4] {
                let len = len.min(text.len() - start);
                let span = miette::SourceSpan::new(start.into(), len);
                for (before, after) in [(0, 0), (1, 1), (2, 3)] {
                    let ours = file.read_span(&span, before, after).unwrap();
                    let whole = text.read_span(&span, before, after).unwrap();
                    assert_eq!(ours.data(), whole.data(), "{start} {len} {before}");
                    assert_eq!(ours.span(), whole.span(), "{start} {len} {before}");
                    assert_eq!(ours.line(), whole.line(), "{start} {len} {before}");
                    assert_eq!(ours.column(), whole.column(), "{start} {len} {before}");
                }
            }
        }
    }
}
