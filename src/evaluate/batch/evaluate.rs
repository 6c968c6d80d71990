//! Evaluating chunks of records, on worker threads when the input is large, and writing their
//! rows in input order: the output is the same, byte for byte, whatever the number of workers.
//!
//! One thread reads the input into chunks (`input.rs`), workers evaluate whole chunks into row
//! bytes and counts, and the calling thread puts the chunks back in order and writes them. Every
//! channel is bounded, so memory holds a few chunks whatever the length of the input.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use super::compiled::{CompiledFlow, RecordError, Scratch};
use super::input::{CsvChunks, LineChunks, Source, Unit, UnitKind, roles};
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

impl Job<'_> {
    fn evaluate(&self, unit: Unit, work: &mut Work) -> Done {
        let mut done = Done {
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
        };
        let keep_path = self.columns.path;
        match &unit.kind {
            UnitKind::Lines { first_line, data } => {
                let mut number = *first_line;
                let mut rest = &data[..];
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
                    if !self.record(&mut done, work, this, status, old) {
                        break;
                    }
                }
            }
            UnitKind::Rows(rows) => {
                for (this, row) in (rows.first_row..).zip(rows.rows()) {
                    let (status, old) = if row.len() == self.width {
                        let fields = row.clone().map(|i| rows.field(i));
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
                    } else {
                        // The id is still worth showing when its column is there.
                        work.id.clear();
                        if let Some(i) = self.roles_new.iter().position(|r| r.id)
                            && i < row.len()
                        {
                            work.id.present = true;
                            work.id.text =
                                String::from_utf8_lossy(rows.field(row.start + i)).into_owned();
                        }
                        let bad = Status::Error(RecordError::new(
                            crate::diagnostic::Code::MalformedRecord,
                            format!(
                                "the row has {} fields, the header {}",
                                row.len(),
                                self.width
                            ),
                        ));
                        (bad.clone(), self.flows.old.map(|_| bad))
                    };
                    if !self.record(&mut done, work, this, status, old) {
                        break;
                    }
                }
            }
        }
        done
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
    let mut job = Job {
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
    };
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
        InputFormat::Csv => {
            let (chunks, header) =
                CsvChunks::new(input, name, options.chunk_bytes).map_err(BatchError::Input)?;
            let (new_roles, ignored) = roles(&header.columns, flows.new, options.id.as_deref())
                .map_err(BatchError::Input)?;
            if let Some(id) = &options.id
                && !header.columns.contains(id)
            {
                return Err(BatchError::Input(
                    crate::Diagnostic::new(
                        crate::diagnostic::Code::InvalidBatchInput,
                        format!("the CSV header of `{name}` has no column `{id}` for --id"),
                    )
                    .help(format!("the columns are: {}", header.columns.join(", "))),
                ));
            }
            if let Some(old) = flows.old {
                // With the id column, as for the new flow: see the JSON Lines case above.
                job.roles_old = roles(&header.columns, old, options.id.as_deref())
                    .map_err(BatchError::Input)?
                    .0;
            }
            job.roles_new = new_roles;
            job.width = chunks.width;
            report.ignored_columns = ignored;
            Source::Csv(chunks)
        }
    };
    let columns = options.columns;
    if options.rows {
        out.write_all(&columns.header())
            .map_err(BatchError::Write)?;
    }
    let mut changed = changed;
    if let Some(c) = changed.as_mut() {
        c.write_all(&job.changed_columns.changed_header())
            .map_err(BatchError::Write)?;
    }
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
    let first = match source.next_unit() {
        None => return Ok(writer.report),
        Some(unit) => unit.map_err(BatchError::Input)?,
    };
    if let UnitKind::Lines { data, .. } = &first.kind {
        writer.report.looks_like_csv = first_line(data)
            .filter(|line| super::looks_like_csv_header(line))
            .map(|line| shorten(&String::from_utf8_lossy(line.trim_ascii())));
    }
    if options.jobs <= 1 || source.exhausted() {
        // One core, or input that fits one chunk: no threads.
        let mut work = Work::default();
        let mut unit = Some(first);
        while let Some(u) = unit {
            if !writer.take(job.evaluate(u, &mut work))? {
                break;
            }
            unit = source.next_unit().transpose().map_err(BatchError::Input)?;
        }
        return Ok(writer.report);
    }
    parallel(&job, source, first, options.jobs, &mut writer)?;
    Ok(writer.report)
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
