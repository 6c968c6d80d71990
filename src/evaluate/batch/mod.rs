//! `flowrun batch`: many answer records (JSON Lines or CSV) evaluated on a flow, streamed, one
//! result row per record, with counts at the end; with a second flow, the records whose outcome
//! changes between the two.
//!
//! One file per job: `input.rs` reads chunks of whole records, `record.rs` reads one record's
//! answers into `compiled.rs`'s flat form of the flow and walks it, `evaluate.rs` runs chunks on
//! workers and keeps the output in input order, `output.rs` writes rows, `summary.rs` counts.
//!
//! Record rules: keys (JSON) or columns (CSV) that name no question of the flow are ignored, so an
//! id or a timestamp can travel with the answers; an answer that is no option of its question, or
//! that is a list, a map or null, makes the record an error row (FLOW301, FLOW304) when the walk
//! reaches that question, and is ignored (counted, FLOW308) when it does not, as `flowrun run`
//! does; a record that cannot be read (not a JSON object on its line, a CSV row of the wrong
//! width, not UTF-8, a question answered twice) is an error row too (FLOW306). Nothing stops the
//! run but `--fail-fast`.

#![cfg_attr(not(feature = "test-hooks"), allow(unreachable_pub))]

pub mod compiled;
pub mod evaluate;
pub mod input;
pub mod output;
pub mod record;
pub mod summary;

use std::path::Path;

pub use compiled::CompiledFlow;
pub use evaluate::{Flows, run};
pub use output::{Columns, OutputFormat};

use crate::diagnostic::{Code, Diagnostic};
use compiled::RecordError;
use summary::{Tally, Transitions};

/// How the input is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    Jsonl,
    Csv,
}

impl InputFormat {
    /// The format a file's extension names; standard input (`-`) is JSON Lines.
    pub fn for_path(path: &str) -> Result<InputFormat, Diagnostic> {
        if path == "-" {
            return Ok(InputFormat::Jsonl);
        }
        match extension(path).as_deref() {
            Some("jsonl" | "ndjson") => Ok(InputFormat::Jsonl),
            Some("csv") => Ok(InputFormat::Csv),
            _ => Err(Diagnostic::new(
                Code::InvalidBatchInput,
                format!("cannot tell the format of `{path}` from its extension"),
            )
            .help(
                "name the input `.jsonl`, `.ndjson` or `.csv`, or give `--input-format jsonl|csv`",
            )),
        }
    }
}

impl OutputFormat {
    /// The format an output file's extension names, if it names one.
    #[must_use]
    pub fn for_path(path: &str) -> Option<OutputFormat> {
        match extension(path).as_deref() {
            Some("jsonl" | "ndjson" | "json") => Some(OutputFormat::Jsonl),
            Some("csv") => Some(OutputFormat::Csv),
            _ => None,
        }
    }
}

fn extension(path: &str) -> Option<String> {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// How a batch runs.
#[derive(Clone, Debug)]
pub struct Options {
    pub input: InputFormat,
    pub columns: Columns,
    /// The format of the changed records of a compare.
    pub changed_format: OutputFormat,
    /// The key (JSON) or column (CSV) that holds each record's id.
    pub id: Option<String>,
    pub fail_fast: bool,
    /// Whether to write a row per record; without, only the counts (and a compare's changed
    /// records) are kept.
    pub rows: bool,
    /// Worker threads; 1 evaluates on the calling thread.
    pub jobs: usize,
    /// About how many input bytes a chunk holds.
    pub chunk_bytes: usize,
}

/// The default chunk: large enough that handing chunks between threads costs nothing, small
/// enough that a few of them in flight are a few megabytes.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// What a batch found.
#[derive(Debug)]
pub struct Report {
    pub new: Tally,
    /// With a compare: the counts on the old flow, and the changes.
    pub old: Option<Tally>,
    pub transitions: Option<Transitions>,
    /// With `--fail-fast`: the record that stopped the run, and why.
    pub failed: Option<(u64, RecordError)>,
    /// CSV columns that name no question (and are not the id column): ignored.
    pub ignored_columns: Vec<String>,
    /// JSON Lines input whose first line looks like a CSV header (not JSON, with commas): that
    /// line, cut short, for a hint to read the input as CSV.
    pub looks_like_csv: Option<String>,
}

/// Whether a line of a JSON Lines input is rather a CSV header: not a JSON object or list, with
/// a comma, and not valid JSON (`"a","b"` is CSV; `[1,2]` is JSON).
#[must_use]
pub fn looks_like_csv_header(line: &[u8]) -> bool {
    let line = line.trim_ascii();
    !matches!(line.first(), None | Some(b'{' | b'['))
        && line.contains(&b',')
        && serde_json::from_slice::<serde::de::IgnoredAny>(line).is_err()
}

/// Why a batch stopped before its end.
#[derive(Debug)]
pub enum BatchError {
    /// The input cannot be read (or its CSV header is wrong).
    Input(Diagnostic),
    /// Writing the results failed.
    Write(std::io::Error),
}
