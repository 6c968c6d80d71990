//! Evaluating chunks of records, on worker threads when the input is large, and writing their
//! rows in input order: the output is the same, byte for byte, whatever the number of workers.
//!
//! One thread reads the input into chunks (`input.rs`), workers evaluate whole chunks into row
//! bytes and counts, and the calling thread puts the chunks back in order and writes them. Every
//! channel is bounded, so memory holds a few chunks whatever the length of the input.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::ops::Range;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use super::compiled::{CompiledFlow, RecordError, Scratch};
use super::input::{CsvChunks, CsvRows, LineChunks, Source, Unit, UnitKind, roles};
use super::output::Columns;
use super::record::{Id, Role, Status, eval_csv, eval_json};
use super::summary::{Label, Tally, Transitions};
use super::{BatchError, InputFormat, Options, Report};

/// The flows a batch runs on: the one evaluated, and with `--compare` the one it replaces.
#[derive(Clone, Copy)]
pub struct Flows<'a> {
    pub new: &'a CompiledFlow,
    pub old: Option<&'a CompiledFlow>,
}

/// What every worker reads.
struct Job<'a> {
    flows: Flows<'a>,
    columns: Columns,
    changed_columns: Columns,
    id_key: Option<&'a str>,
    fail_fast: bool,
    rows: bool,
    width: usize,
    roles_new: Vec<Role>,
    roles_old: Vec<Role>,
}

/// One worker's reused state.
#[derive(Default)]
struct Work {
    new: Scratch,
    old: Scratch,
    id: Id,
    old_id: Id,
}

/// A chunk evaluated: its rows and counts.
struct Done {
    seq: u64,
    bytes: u64,
    out: Vec<u8>,
    changed: Vec<u8>,
    new: Tally,
    old: Tally,
    transitions: Transitions,
    /// With `--fail-fast`: the first bad record, and how much of `out` and `changed` precedes
    /// the rows after it.
    failed: Option<(u64, RecordError, usize, usize)>,
}

impl Done {
    /// Nothing evaluated yet, with room for the rows of `unit` so that the buffer rarely grows.
    fn for_unit(unit: &Unit) -> Done {
        Done {
            seq: unit.seq,
            bytes: unit.bytes,
            out: Vec::with_capacity(match &unit.kind {
                UnitKind::Lines { data, .. } => data.len(),
                UnitKind::Rows(rows) => rows.data.len() * 2,
            }),
            changed: Vec::new(),
            new: Tally::default(),
            old: Tally::default(),
            transitions: Transitions::default(),
            failed: None,
        }
    }
}

impl<'a> Job<'a> {
    /// The job of `options` on `flows`; a CSV input sets the width and roles from its header
    /// (`csv_source`).
    fn new(flows: Flows<'a>, options: &'a Options) -> Self {
        Job {
            flows,
            columns: options.columns,
            changed_columns: Columns {
                format: options.changed_format,
                ..options.columns
            },
            id_key: options.id.as_deref(),
            fail_fast: options.fail_fast,
            rows: options.rows,
            width: 0,
            roles_new: Vec::new(),
            roles_old: Vec::new(),
        }
    }
}

impl Job<'_> {
    /// Evaluates a chunk: every record, or those up to the first bad one with `--fail-fast`.
    fn evaluate(&self, unit: Unit, work: &mut Work) -> Done {
        let mut done = Done::for_unit(&unit);
        match &unit.kind {
            UnitKind::Lines { first_line, data } => {
                self.evaluate_lines(&mut done, work, *first_line, data);
            }
            UnitKind::Rows(rows) => self.evaluate_rows(&mut done, work, rows),
        }
        done
    }

    /// The records of a JSON Lines chunk whose first line is number `first_line`; blank lines
    /// are counted but hold no record.
    fn evaluate_lines(&self, done: &mut Done, work: &mut Work, first_line: u64, data: &[u8]) {
        let keep_path = self.columns.path;
        let mut number = first_line;
        let mut rest = data;
        while !rest.is_empty() {
            let (line, next) = match memchr::memchr(b'\n', rest) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &[][..]),
            };
            rest = next;
            let this = number;
            number += 1;
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let status = eval_json(
                self.flows.new,
                &mut work.new,
                line,
                self.id_key,
                &mut work.id,
                keep_path,
            );
            // The old flow reads the id too, so that a record the id makes malformed
            // is malformed on both sides, not a change of verdict.
            let old = self.flows.old.map(|old| {
                eval_json(
                    old,
                    &mut work.old,
                    line,
                    self.id_key,
                    &mut work.old_id,
                    false,
                )
            });
            if !self.record(done, work, this, status, old) {
                break;
            }
        }
    }

    /// The records of a CSV chunk, one a row.
    fn evaluate_rows(&self, done: &mut Done, work: &mut Work, rows: &CsvRows) {
        for (this, row) in (rows.first_row..).zip(rows.rows()) {
            let (status, old) = if row.len() == self.width {
                self.evaluate_row(work, rows, row)
            } else {
                self.malformed_row(work, rows, row)
            };
            if !self.record(done, work, this, status, old) {
                break;
            }
        }
    }

    /// One CSV row (as the range of its fields) on the new flow and, with a compare, the old.
    fn evaluate_row(
        &self,
        work: &mut Work,
        rows: &CsvRows,
        row: Range<usize>,
    ) -> (Status, Option<Status>) {
        let keep_path = self.columns.path;
        let fields = row.map(|i| rows.field(i));
        let status = eval_csv(
            self.flows.new,
            &mut work.new,
            &self.roles_new,
            fields.clone(),
            &mut work.id,
            keep_path,
        );
        let old = self.flows.old.map(|old| {
            eval_csv(
                old,
                &mut work.old,
                &self.roles_old,
                fields,
                &mut work.old_id,
                false,
            )
        });
        (status, old)
    }

    /// A CSV row with more or fewer fields than the header: an error on both flows.
    fn malformed_row(
        &self,
        work: &mut Work,
        rows: &CsvRows,
        row: Range<usize>,
    ) -> (Status, Option<Status>) {
        // The id is still worth showing when its column is there.
        work.id.clear();
        if let Some(i) = self.roles_new.iter().position(|r| r.id)
            && i < row.len()
        {
            work.id.present = true;
            work.id.text = String::from_utf8_lossy(rows.field(row.start + i)).into_owned();
        }
        let bad = Status::Error(RecordError::new(
            crate::checks::rules::Code::MalformedRecord,
            format!(
                "the row has {} fields, the header {}",
                row.len(),
                self.width
            ),
        ));
        (bad.clone(), self.flows.old.map(|_| bad))
    }

    /// Writes and counts one record; false when `--fail-fast` stops at it.
    fn record(
        &self,
        done: &mut Done,
        work: &mut Work,
        number: u64,
        status: Status,
        old: Option<Status>,
    ) -> bool {
        let new_flow = self.flows.new;
        if self.rows {
            self.columns.row(
                &mut done.out,
                new_flow,
                number,
                &work.id,
                &status,
                &work.new.path,
            );
        }
        done.new.add(&status, work.new.ignored());
        let mut error = match &status {
            Status::Error(e) => Some(e.clone()),
            Status::Walked(_) => None,
        };
        if let (Some(old), Some(old_flow)) = (old, self.flows.old) {
            done.old.add(&old, work.old.ignored());
            let (o, n) = (Label::of(&old), Label::of(&status));
            let changed = !o.same(old_flow, n, new_flow);
            done.transitions.add(o, n, changed);
            if changed {
                self.changed_columns.changed_row(
                    &mut done.changed,
                    number,
                    &work.id,
                    o,
                    old_flow,
                    n,
                    new_flow,
                );
            }
            if let (None, Status::Error(e)) = (&error, old) {
                error = Some(RecordError::new(
                    e.code,
                    format!("on the old flow: {}", e.message),
                ));
            }
        }
        match error {
            Some(e) if self.fail_fast => {
                done.failed = Some((number, e, done.out.len(), done.changed.len()));
                false
            }
            _ => true,
        }
    }
}

/// Puts evaluated chunks back in order and writes them.
struct Writer<'w> {
    out: &'w mut dyn Write,
    changed: Option<&'w mut dyn Write>,
    report: Report,
    next: u64,
    pending: BTreeMap<u64, Done>,
    records: u64,
    bytes: u64,
    progress: &'w mut dyn FnMut(u64, u64),
}

impl Writer<'_> {
    /// The CSV headers (JSON Lines has none) of the rows and, with a compare, the changed rows.
    fn headers(&mut self, job: &Job<'_>) -> Result<(), BatchError> {
        if job.rows {
            self.out
                .write_all(&job.columns.header())
                .map_err(BatchError::Write)?;
        }
        if let Some(c) = self.changed.as_mut() {
            c.write_all(&job.changed_columns.changed_header())
                .map_err(BatchError::Write)?;
        }
        Ok(())
    }

    /// Takes a chunk; false once the run must stop (a write failed, or `--fail-fast`).
    fn take(&mut self, done: Done) -> Result<bool, BatchError> {
        self.pending.insert(done.seq, done);
        while let Some(done) = self.pending.remove(&self.next) {
            self.next += 1;
            let (out_len, changed_len) = done
                .failed
                .as_ref()
                .map_or((done.out.len(), done.changed.len()), |f| (f.2, f.3));
            self.out
                .write_all(&done.out[..out_len])
                .map_err(BatchError::Write)?;
            if let Some(changed) = self.changed.as_mut() {
                changed
                    .write_all(&done.changed[..changed_len])
                    .map_err(BatchError::Write)?;
            }
            self.report.new.merge(&done.new);
            if let Some(old) = self.report.old.as_mut() {
                old.merge(&done.old);
            }
            if let Some(t) = self.report.transitions.as_mut() {
                t.merge(&done.transitions);
            }
            self.records += done.new.records;
            self.bytes += done.bytes;
            (self.progress)(self.records, self.bytes);
            if let Some((record, error, _, _)) = done.failed {
                self.report.failed = Some((record, error));
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Runs a batch: reads `input` (named `name` in messages), evaluates every record, writes a row
/// per record to `out` and with a compare the changed records to `changed`, and calls `progress`
/// with the records and bytes done so far after each chunk.
pub fn run<'w, R: Read + Send>(
    flows: Flows<'_>,
    input: R,
    name: &str,
    options: &Options,
    out: &'w mut dyn Write,
    changed: Option<&'w mut dyn Write>,
    progress: &'w mut dyn FnMut(u64, u64),
) -> Result<Report, BatchError> {
    let mut job = Job::new(flows, options);
    let mut report = Report {
        new: Tally::default(),
        old: flows.old.map(|_| Tally::default()),
        transitions: flows.old.map(|_| Transitions::default()),
        failed: None,
        ignored_columns: Vec::new(),
        looks_like_csv: None,
    };
    let mut source = match options.input {
        InputFormat::Jsonl => Source::Lines(LineChunks::new(input, name, options.chunk_bytes)),
        InputFormat::Csv => csv_source(input, name, options, &mut job, &mut report)?,
    };
    let mut writer = Writer {
        out,
        changed,
        report,
        next: 0,
        pending: BTreeMap::new(),
        records: 0,
        bytes: 0,
        progress,
    };
    writer.headers(&job)?;
    let first = match source.next_unit() {
        None => return Ok(writer.report),
        Some(unit) => unit.map_err(BatchError::Input)?,
    };
    writer.report.looks_like_csv = looks_like_csv(&first);
    if options.jobs <= 1 || source.exhausted() {
        // One core, or input that fits one chunk: no threads.
        sequential(&job, source, first, &mut writer)?;
    } else {
        parallel(&job, source, first, options.jobs, &mut writer)?;
    }
    Ok(writer.report)
}

/// CSV input: its header read, which gives the job its width and each column's role, and the
/// report the columns it ignores.
fn csv_source<R: Read>(
    input: R,
    name: &str,
    options: &Options,
    job: &mut Job<'_>,
    report: &mut Report,
) -> Result<Source<R>, BatchError> {
    let flows = job.flows;
    let (chunks, header) =
        CsvChunks::new(input, name, options.chunk_bytes).map_err(BatchError::Input)?;
    let (new_roles, ignored) =
        roles(&header.columns, flows.new, options.id.as_deref()).map_err(BatchError::Input)?;
    if let Some(id) = &options.id
        && !header.columns.contains(id)
    {
        return Err(BatchError::Input(
            crate::Diagnostic::new(
                crate::checks::rules::Code::InvalidBatchInput,
                format!("the CSV header of `{name}` has no column `{id}` for --id"),
            )
            .help(format!("the columns are: {}", header.columns.join(", "))),
        ));
    }
    if let Some(old) = flows.old {
        // With the id column, as for the new flow: see `Job::evaluate_lines`.
        job.roles_old = roles(&header.columns, old, options.id.as_deref())
            .map_err(BatchError::Input)?
            .0;
    }
    job.roles_new = new_roles;
    job.width = chunks.width;
    report.ignored_columns = ignored;
    Ok(Source::Csv(chunks))
}

/// For the hint to read the input as CSV: the first line of JSON Lines input, shortened, when
/// it looks like a CSV header.
fn looks_like_csv(first: &Unit) -> Option<String> {
    let UnitKind::Lines { data, .. } = &first.kind else {
        return None;
    };
    first_line(data)
        .filter(|line| super::looks_like_csv_header(line))
        .map(|line| shorten(&String::from_utf8_lossy(line.trim_ascii())))
}

/// Evaluates the chunks one after the other on this thread.
fn sequential<R: Read>(
    job: &Job<'_>,
    mut source: Source<R>,
    first: Unit,
    writer: &mut Writer<'_>,
) -> Result<(), BatchError> {
    let mut work = Work::default();
    let mut unit = Some(first);
    while let Some(u) = unit {
        if !writer.take(job.evaluate(u, &mut work))? {
            break;
        }
        unit = source.next_unit().transpose().map_err(BatchError::Input)?;
    }
    Ok(())
}

/// The first line of a chunk that is not blank.
fn first_line(data: &[u8]) -> Option<&[u8]> {
    data.split(|&b| b == b'\n')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace))
}

/// A line quoted in a hint, cut after 60 characters.
fn shorten(line: &str) -> String {
    match line.char_indices().nth(60) {
        None => line.to_owned(),
        Some((cut, _)) => format!("{}...", &line[..cut]),
    }
}

fn parallel<R: Read + Send>(
    job: &Job<'_>,
    mut source: Source<R>,
    first: Unit,
    jobs: usize,
    writer: &mut Writer<'_>,
) -> Result<(), BatchError> {
    std::thread::scope(|scope| {
        let (work_tx, work_rx) = sync_channel::<Unit>(jobs * 2);
        // Owned by the workers only: when the last one stops, the reader's sends fail and it
        // stops too, rather than waiting on a full channel.
        let work_rx: Arc<Mutex<Receiver<Unit>>> = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = sync_channel::<Done>(jobs * 2);
        // One token per chunk between reading and writing: a chunk that takes long (a huge
        // line) holds the writer back, and the tokens stop the reader too, rather than letting
        // finished chunks pile up behind it.
        let (token_tx, token_rx) = sync_channel::<()>(jobs * 4);
        let reader = scope.spawn(move || -> Result<(), BatchError> {
            let mut unit = Some(first);
            while let Some(u) = unit {
                if token_tx.send(()).is_err() || work_tx.send(u).is_err() {
                    break;
                }
                unit = source.next_unit().transpose().map_err(BatchError::Input)?;
            }
            Ok(())
        });
        for _ in 0..jobs {
            let rx = Arc::clone(&work_rx);
            let tx = done_tx.clone();
            scope.spawn(move || {
                let mut work = Work::default();
                loop {
                    let unit = rx.lock().map(|r| r.recv());
                    let Ok(Ok(unit)) = unit else { break };
                    if tx.send(job.evaluate(unit, &mut work)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(work_rx);
        drop(done_tx);
        let mut result = Ok(());
        for done in done_rx.iter() {
            let before = writer.next;
            let taken = writer.take(done);
            for _ in before..writer.next {
                let _ = token_rx.try_recv();
            }
            match taken {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        // Stops the workers (their sends fail), then the reader.
        drop(done_rx);
        drop(token_rx);
        let read = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        result.and(if writer.report.failed.is_some() {
            Ok(())
        } else {
            read
        })
    })
}
