//! Reading the input in chunks of whole records, so that workers can evaluate chunks while the
//! input is read, and memory holds a few chunks (or one over-long line) whatever the input's size.
//!
//! JSON Lines are cut at line breaks without being parsed; a record's number is its line number
//! (blank lines are skipped but counted). CSV is parsed here, on the reading thread, with one
//! reused `ByteRecord`, and its rows packed into one flat buffer per chunk; a record's number is
//! its row number after the header.

use std::io::{ErrorKind, Read};

use super::record::Role;
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::input::io_error;

pub(crate) const INVALID_BATCH_INPUT: Rule = Rule::new(
    Code::InvalidBatchInput,
    "a batch input as a whole cannot be read as records",
    "\
What it checks: that the input of `flowrun batch` can be read as records at all: its format is
known (from the extension `.jsonl`, `.ndjson` or `.csv`, or `--input-format`), a CSV input has a
header row naming each column once, the `--id` column is in that header, and the input holds at
least one record.

Why: without a format or a header no record can be read, and an empty input is almost always a
failed export rather than a batch of nothing.

Example:
    flowrun batch flows/eligibility.flow customers.txt
Fix: name the file `customers.jsonl` or `customers.csv`, or give `--input-format jsonl|csv`.",
);

/// A chunk of records to evaluate, numbered in input order.
#[derive(Debug)]
pub struct Unit {
    pub seq: u64,
    /// Input bytes this chunk covers, for the progress bar.
    pub bytes: u64,
    pub kind: UnitKind,
}

#[derive(Debug)]
pub enum UnitKind {
    /// Whole lines; the first is line `first_line` (1-based).
    Lines {
        first_line: u64,
        data: Vec<u8>,
    },
    Rows(CsvRows),
}

/// CSV rows packed flat: every field's bytes in `data`, where each field ends in `field_ends`, and
/// where each row's fields end in `row_ends`.
#[derive(Debug, Default)]
pub struct CsvRows {
    pub first_row: u64,
    pub data: Vec<u8>,
    pub field_ends: Vec<usize>,
    pub row_ends: Vec<usize>,
}

impl CsvRows {
    /// Each row as the range of its fields' indices.
    pub fn rows(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let mut start = 0;
        self.row_ends.iter().map(move |&end| {
            let row = start..end;
            start = end;
            row
        })
    }

    /// The bytes of field `i` (counting over all rows).
    #[must_use]
    pub fn field(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.field_ends[i - 1] };
        &self.data[start..self.field_ends[i]]
    }
}

/// Where records come from.
pub enum Source<R: Read> {
    Lines(LineChunks<R>),
    Csv(CsvChunks<R>),
}

impl<R: Read> Source<R> {
    pub fn next_unit(&mut self) -> Option<Result<Unit, Diagnostic>> {
        match self {
            Source::Lines(s) => s.next_unit(),
            Source::Csv(s) => s.next_unit(),
        }
    }

    /// Whether everything has been read: then the input was one chunk.
    pub fn exhausted(&self) -> bool {
        match self {
            Source::Lines(s) => s.eof && s.carry.is_empty(),
            Source::Csv(s) => s.eof,
        }
    }
}

/// JSON Lines in chunks of about `chunk_bytes`, cut after a line break.
pub struct LineChunks<R> {
    reader: R,
    name: String,
    chunk_bytes: usize,
    carry: Vec<u8>,
    lines: u64,
    seq: u64,
    eof: bool,
    started: bool,
}

impl<R: Read> LineChunks<R> {
    pub fn new(reader: R, name: &str, chunk_bytes: usize) -> Self {
        LineChunks {
            reader,
            name: name.to_owned(),
            chunk_bytes: chunk_bytes.max(1),
            carry: Vec::new(),
            lines: 0,
            seq: 0,
            eof: false,
            started: false,
        }
    }

    fn next_unit(&mut self) -> Option<Result<Unit, Diagnostic>> {
        if self.eof && self.carry.is_empty() {
            return None;
        }
        let mut buf = std::mem::take(&mut self.carry);
        // The last line break seen, searched for in newly read bytes only, so that a very long
        // line is scanned once.
        let mut last_break = memchr::memrchr(b'\n', &buf);
        let mut bytes = 0u64;
        while !self.eof && (buf.len() < self.chunk_bytes || last_break.is_none()) {
            let start = buf.len();
            // Chunk-sized reads, doubling while one line outgrows the buffer.
            let want = self.chunk_bytes.max(start);
            buf.resize(start + want, 0);
            match self.reader.read(&mut buf[start..]) {
                Ok(0) => {
                    buf.truncate(start);
                    self.eof = true;
                }
                Ok(n) => {
                    buf.truncate(start + n);
                    bytes += n as u64;
                    if let Some(i) = memchr::memrchr(b'\n', &buf[start..]) {
                        last_break = Some(start + i);
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => buf.truncate(start),
                Err(e) => return Some(Err(io_error(&self.name, "read", &e))),
            }
        }
        if !self.eof
            && let Some(cut) = last_break
        {
            self.carry = buf[cut + 1..].to_vec();
            buf.truncate(cut + 1);
        }
        if !self.started {
            self.started = true;
            // A byte-order mark is not part of the first record.
            if buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
            }
        }
        if buf.is_empty() {
            return None;
        }
        let first_line = self.lines + 1;
        self.lines += memchr::memchr_iter(b'\n', &buf).count() as u64;
        let seq = self.seq;
        self.seq += 1;
        Some(Ok(Unit {
            seq,
            bytes,
            kind: UnitKind::Lines {
                first_line,
                data: buf,
            },
        }))
    }
}

/// CSV rows in chunks, parsed with one reused `ByteRecord`.
pub struct CsvChunks<R: Read> {
    reader: csv::Reader<R>,
    name: String,
    chunk_bytes: usize,
    record: csv::ByteRecord,
    rows: u64,
    seq: u64,
    position: u64,
    eof: bool,
    /// The number of header columns, which every row must have.
    pub width: usize,
}

/// The header of a CSV input, read before any row.
pub struct CsvHeader {
    pub columns: Vec<String>,
}

impl<R: Read> CsvChunks<R> {
    /// Reads the header; an input without one (empty, or not UTF-8) is an error.
    pub fn new(reader: R, name: &str, chunk_bytes: usize) -> Result<(Self, CsvHeader), Diagnostic> {
        let mut reader = csv::ReaderBuilder::new()
            .buffer_capacity(64 * 1024)
            .flexible(true)
            .has_headers(true)
            .from_reader(reader);
        let header = reader.byte_headers().map_err(|e| csv_error(name, &e))?;
        if header.is_empty() {
            return Err(Diagnostic::new(
                Code::InvalidBatchInput,
                format!("`{name}` is empty: a CSV input needs a header row naming its columns"),
            )
            .help(
                "start the file with the question ids, e.g. `id,us_canada,outside,analytics,hipaa`",
            ));
        }
        let mut columns = Vec::with_capacity(header.len());
        for (i, field) in header.iter().enumerate() {
            let Ok(text) = std::str::from_utf8(field) else {
                return Err(Diagnostic::new(
                    Code::InvalidBatchInput,
                    format!(
                        "column {} of the header of `{name}` is not UTF-8 text",
                        i + 1
                    ),
                )
                .help("save the input as UTF-8"));
            };
            // Some spreadsheets start the file with a byte-order mark.
            let text = if i == 0 {
                text.trim_start_matches('\u{feff}')
            } else {
                text
            };
            columns.push(text.trim().to_owned());
        }
        let position = reader.position().byte();
        let width = columns.len();
        Ok((
            CsvChunks {
                reader,
                name: name.to_owned(),
                chunk_bytes: chunk_bytes.max(1),
                record: csv::ByteRecord::new(),
                rows: 0,
                seq: 0,
                position,
                eof: false,
                width,
            },
            CsvHeader { columns },
        ))
    }

    fn next_unit(&mut self) -> Option<Result<Unit, Diagnostic>> {
        if self.eof {
            return None;
        }
        let mut rows = CsvRows {
            first_row: self.rows + 1,
            ..CsvRows::default()
        };
        let start = self.position;
        while rows.data.len() < self.chunk_bytes {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => {
                    self.eof = true;
                    break;
                }
                Ok(true) => {
                    for field in &self.record {
                        rows.data.extend_from_slice(field);
                        rows.field_ends.push(rows.data.len());
                    }
                    rows.row_ends.push(rows.field_ends.len());
                    self.rows += 1;
                }
                Err(e) => return Some(Err(csv_error(&self.name, &e))),
            }
        }
        self.position = self.reader.position().byte();
        if rows.row_ends.is_empty() {
            return None;
        }
        let seq = self.seq;
        self.seq += 1;
        Some(Ok(Unit {
            seq,
            bytes: self.position - start,
            kind: UnitKind::Rows(rows),
        }))
    }
}

fn csv_error(name: &str, e: &csv::Error) -> Diagnostic {
    match e.kind() {
        csv::ErrorKind::Io(io) => io_error(name, "read", io),
        _ => Diagnostic::new(
            Code::InvalidBatchInput,
            format!("`{name}` cannot be read as CSV: {e}"),
        )
        .help("write the input as CSV with a header row of question ids"),
    }
}

/// Each CSV column's role: the question it answers (by the flow's question ids), and whether it
/// is the `--id` column. Returns the roles and the columns that are neither.
pub fn roles(
    columns: &[String],
    flow: &super::compiled::CompiledFlow,
    id: Option<&str>,
) -> Result<(Vec<Role>, Vec<String>), Diagnostic> {
    let mut roles = Vec::with_capacity(columns.len());
    let mut ignored = Vec::new();
    let mut seen = vec![false; flow.question_count()];
    for name in columns {
        let question = match flow.key(name) {
            super::compiled::Key::Question(q) => {
                if std::mem::replace(&mut seen[q as usize], true) {
                    return Err(Diagnostic::new(
                        Code::InvalidBatchInput,
                        format!("the CSV header names the column `{name}` twice"),
                    )
                    .help("keep one column per question"));
                }
                Some(q)
            }
            super::compiled::Key::Ignored => None,
        };
        let is_id = id == Some(name.as_str());
        if question.is_none() && !is_id {
            ignored.push(name.clone());
        }
        roles.push(Role {
            question,
            id: is_id,
        });
    }
    Ok((roles, ignored))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader that hands out at most `step` bytes per read, like a pipe.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    proptest! {
        /// Chunks are whole lines, in order, covering the input; each knows its first line.
        #[test]
        fn line_chunks_cut_after_line_breaks(
            lines in prop::collection::vec("[a-z{}\"]{0,40}", 0..60),
            trailing_break in any::<bool>(),
            chunk in 1usize..200,
            step in 1usize..100,
        ) {
            let mut input = lines.join("\n");
            if trailing_break && !input.is_empty() {
                input.push('\n');
            }
            let mut chunks = LineChunks::new(Trickle { data: input.as_bytes(), step }, "t", chunk);
            let mut joined = Vec::new();
            let mut next_line = 1;
            let mut seq = 0;
            while let Some(unit) = chunks.next_unit() {
                let unit = unit.unwrap();
                prop_assert_eq!(unit.seq, seq);
                seq += 1;
                let UnitKind::Lines { first_line, data } = unit.kind else {
                    panic!("lines")
                };
                prop_assert_eq!(first_line, next_line);
                prop_assert!(!data.is_empty());
                // Every chunk but the last ends with a line break.
                if joined.len() + data.len() < input.len() {
                    prop_assert_eq!(data.last(), Some(&b'\n'));
                }
                next_line += memchr::memchr_iter(b'\n', &data).count() as u64;
                joined.extend_from_slice(&data);
            }
            prop_assert_eq!(joined, input.as_bytes());
        }
    }

    #[test]
    fn csv_rows_keep_their_fields() {
        let input = "a,b\n1,2\n\"x,y\",\n3\n";
        let (mut chunks, header) = CsvChunks::new(input.as_bytes(), "t", 4).unwrap();
        assert_eq!(header.columns, ["a", "b"]);
        let mut rows = Vec::new();
        while let Some(unit) = chunks.next_unit() {
            let UnitKind::Rows(r) = unit.unwrap().kind else {
                panic!("rows")
            };
            for row in r.rows() {
                rows.push(
                    row.map(|i| String::from_utf8(r.field(i).to_vec()).unwrap())
                        .collect::<Vec<_>>(),
                );
            }
        }
        assert_eq!(rows, [vec!["1", "2"], vec!["x,y", ""], vec!["3"]]);
    }
}
