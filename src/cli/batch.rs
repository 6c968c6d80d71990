//! `flowrun batch FLOW INPUT`: evaluate many answer records, one result row each; the work is in
//! `crate::evaluate::batch`, this reads the arguments and files and reports.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use crate::checks::rules::Code;
use crate::evaluate::batch::{
    self, BatchError, Columns, CompiledFlow, Flows, InputFormat, OutputFormat, Report,
};
use crate::input::io_error;
use crate::{Diagnostic, SettingsFinder, ValidFlow};

use super::files::{AtomicFile, write_atomically};
use super::{Exit, load, output};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// JSON Lines: one JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Evaluate a file of answer records (JSON Lines or CSV) on a flow: one result row per record,
/// counts at the end.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Each record maps question ids to answers: a JSON object per line, or a CSV row \
                  under a header of question ids (an empty cell is no answer). Keys and columns \
                  that name no question are ignored. A record that cannot be evaluated gets an \
                  error row and the run goes on. An answer that is no option is an error only \
                  when the record's route reaches its question; off the route it is ignored and \
                  counted (FLOW308, `ignored answers off the route` in the counts).\n\n\
                  With --compare, standard output is the comparison: how many records change \
                  outcome and the table of old -> new counts. The rows of the new flow go only \
                  to -o FILE, and the changed records only to --changed FILE.\n\n\
                  Examples:\n  flowrun batch flows/eligibility.flow customers.jsonl -o results.csv\n  \
                  flowrun batch flows/eligibility.flow customers.csv --id customer --summary counts.json\n  \
                  flowrun batch new.flow customers.jsonl --compare old.flow --changed changed.jsonl\n  \
                  export-customers | flowrun batch flows/eligibility.flow - > results.jsonl\n  \
                  export-customers-csv | flowrun batch flows/eligibility.flow - --input-format csv\n\n\
                  Exit codes: 0 every record reached a verdict, 1 a flow has errors, 2 some \
                  record had an error (or the input cannot be read), 3 some record needs an \
                  answer. 2 wins over 3; with --compare, over the records on both flows."
)]
pub(crate) struct Args {
    /// The flow file.
    flow: String,
    /// The records: `.jsonl`/`.ndjson` or `.csv`, or `-` for standard input (JSON Lines unless
    /// --input-format says otherwise; piped CSV needs `--input-format csv`).
    input: String,
    /// The input's format, when its extension does not say.
    #[arg(long, value_enum)]
    input_format: Option<Format>,
    /// Write the results to FILE (complete or not at all) instead of standard output. With
    /// --compare, the only way to get the rows.
    #[arg(short, long, value_name = "FILE")]
    output: Option<String>,
    /// The results' format [default: from -o's extension, else jsonl].
    #[arg(long, value_enum)]
    output_format: Option<Format>,
    /// The key or column that identifies a record, copied into each result row.
    #[arg(long, value_name = "COLUMN")]
    id: Option<String>,
    /// Add each record's route (the node ids from the start) to its row.
    #[arg(long)]
    path: bool,
    /// Write the counts as JSON to FILE instead of printing them on standard error (with
    /// --compare: the comparison as JSON; the table still goes to standard output).
    #[arg(long, value_name = "FILE")]
    summary: Option<String>,
    /// Stop at the first record with an error (exit 2), naming it.
    #[arg(long)]
    fail_fast: bool,
    /// Also evaluate every record on OLD and print, on standard output, how many change outcome
    /// and the table of old -> new counts (no rows unless -o FILE).
    #[arg(long, value_name = "OLD")]
    compare: Option<String>,
    /// With --compare: write the records whose outcome changes to FILE (format by extension).
    #[arg(long, value_name = "FILE", requires = "compare")]
    changed: Option<String>,
    /// Worker threads [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Bytes of input per chunk of work (for tests of the ordering).
    #[arg(long, hide = true, default_value_t = batch::CHUNK_BYTES)]
    chunk_size: usize,
}

impl From<Format> for InputFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Jsonl => InputFormat::Jsonl,
            Format::Csv => InputFormat::Csv,
        }
    }
}

impl From<Format> for OutputFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Jsonl => OutputFormat::Jsonl,
            Format::Csv => OutputFormat::Csv,
        }
    }
}

pub(crate) fn run(args: &Args, settings: &mut SettingsFinder) -> Exit {
    if args.compare.is_some()
        && args.output.is_none()
        && (args.path || args.output_format.is_some())
    {
        // Standard output is the comparison: rows, and so their columns, need a file.
        let which = if args.path {
            "--path"
        } else {
            "--output-format"
        };
        clap::Error::raw(
            clap::error::ErrorKind::ArgumentConflict,
            format!(
                "{which} shapes the result rows, which --compare writes only to -o FILE \
                 (standard output holds the comparison)\n\n\
                 tip: add `-o results.jsonl` (or `.csv`)\n"
            ),
        )
        .exit();
    }
    match run_batch(args, settings) {
        Ok(exit) => exit,
        Err((exit, diagnostics)) => {
            output::eprint_human(&diagnostics);
            exit
        }
    }
}

type Failure = (Exit, Vec<Diagnostic>);

fn input_error(d: Diagnostic) -> Failure {
    (Exit::Input, vec![d])
}

fn run_batch(args: &Args, settings: &mut SettingsFinder) -> Result<Exit, Failure> {
    let new = load::valid_flow(settings, &args.flow)?;
    let old = args
        .compare
        .as_deref()
        .map(|path| load::valid_flow(settings, path))
        .transpose()?;
    let options = options(args)?;
    let (input, size) = open_input(&args.input)?;
    let new_c = CompiledFlow::new(&new.0);
    let old_c = old.as_ref().map(|o| CompiledFlow::new(&o.0));
    let mut warnings = new.1;
    if let Some(old) = &old {
        warnings.extend(old.1.iter().cloned());
    }
    output::eprint_human(&warnings);

    let create = |path: Option<&str>| path.map(AtomicFile::create).transpose();
    let mut out_file = create(args.output.as_deref()).map_err(input_error)?;
    let mut changed_file = create(args.changed.as_deref()).map_err(input_error)?;
    let flows = Flows {
        new: &new_c,
        old: old_c.as_ref(),
    };
    let Some(report) = evaluate(
        args,
        flows,
        (input, size),
        &options,
        out_file.as_mut(),
        changed_file.as_mut(),
    )?
    else {
        // A reader that stopped early (`flowrun batch ... | head`) is not an error.
        return Ok(Exit::Ok);
    };
    conclude(args, &report, &new.0)?;
    for file in [out_file, changed_file].into_iter().flatten() {
        file.commit().map_err(input_error)?;
    }
    report_summary(args, &report, &new_c, old_c.as_ref())?;
    if let Some(line) = report.looks_like_csv.as_deref().filter(|_| !super::quiet()) {
        eprintln!("hint: {}", csv_hint(&args.input, line));
    }
    Ok(exit_code(&report))
}

/// The batch options the arguments give.
fn options(args: &Args) -> Result<batch::Options, Failure> {
    let input_format = match args.input_format {
        Some(f) => f.into(),
        None => InputFormat::for_path(&args.input).map_err(input_error)?,
    };
    let output_format = args
        .output_format
        .map(OutputFormat::from)
        .or_else(|| args.output.as_deref().and_then(OutputFormat::for_path))
        .unwrap_or(OutputFormat::Jsonl);
    let changed_format = args
        .changed
        .as_deref()
        .and_then(OutputFormat::for_path)
        .unwrap_or(OutputFormat::Jsonl);
    // With a compare, stdout holds the comparison; rows are written only to a file.
    let rows = args.compare.is_none() || args.output.is_some();
    Ok(batch::Options {
        input: input_format,
        columns: Columns {
            format: output_format,
            id: args.id.is_some(),
            path: args.path,
        },
        changed_format,
        id: args.id.clone(),
        fail_fast: args.fail_fast,
        rows,
        jobs: args.jobs.map_or_else(
            || std::thread::available_parallelism().map_or(1, usize::from),
            usize::from,
        ),
        chunk_bytes: args.chunk_size,
    })
}

/// The input to read (`-` is standard input), with its size when it is a file.
type Input = (Box<dyn Read + Send>, Option<u64>);

fn open_input(name: &str) -> Result<Input, Failure> {
    if name == "-" {
        return Ok((Box::new(std::io::stdin()), None));
    }
    let path = Path::new(name);
    if path.is_dir() {
        return Err(input_error(
            Diagnostic::new(Code::Io, format!("`{name}` is a directory, not a file"))
                .help("give the path of a JSON Lines or CSV file"),
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| input_error(io_error(name, "read", &e)))?;
    let size = file.metadata().ok().map(|m| m.len());
    Ok((Box::new(file), size))
}

/// Runs the batch, rows to `-o` (or standard output), with a progress bar on a terminal. `None`
/// when standard output was closed by its reader before the end.
fn evaluate(
    args: &Args,
    flows: Flows<'_>,
    (input, size): Input,
    options: &batch::Options,
    out_file: Option<&mut AtomicFile>,
    changed_file: Option<&mut AtomicFile>,
) -> Result<Option<Report>, Failure> {
    let to_file = out_file.is_some();
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::with_capacity(256 * 1024, stdout.lock());
    let mut sink = std::io::sink();
    let out: &mut dyn Write = match out_file {
        Some(f) => f.writer(),
        None if !options.rows => &mut sink,
        None => &mut stdout,
    };
    let bar = progress_bar(size);
    let mut progress = |records: u64, bytes: u64| {
        if let Some(bar) = &bar {
            bar.set_position(bytes);
            let seconds = bar.elapsed().as_secs_f64();
            let rate = if seconds > 0.0 {
                format!(", {:.0} records/s", records as f64 / seconds)
            } else {
                String::new()
            };
            bar.set_message(format!("{records} records{rate}"));
        }
    };
    let result = batch::run(
        flows,
        input,
        display_name(&args.input),
        options,
        out,
        changed_file.map(AtomicFile::writer),
        &mut progress,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let flushed = stdout.flush();
    let report = match result {
        Ok(report) => report,
        Err(BatchError::Input(d)) => return Err(input_error(d)),
        Err(BatchError::Write(e)) => {
            if !to_file && e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(None);
            }
            let target = args.output.as_deref().unwrap_or("standard output");
            return Err(input_error(io_error(target, "write", &e)));
        }
    };
    if let Err(e) = flushed
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(input_error(io_error("standard output", "write", &e)));
    }
    Ok(Some(report))
}

/// What stops a finished batch from being kept: a record that failed under `--fail-fast`, or
/// an input with no records. Unknown columns are warned of here.
fn conclude(args: &Args, report: &Report, flow: &ValidFlow) -> Result<(), Failure> {
    let csv_hint = report
        .looks_like_csv
        .as_deref()
        .map(|line| csv_hint(&args.input, line));
    if let Some((record, error)) = &report.failed {
        let d = Diagnostic::new(
            error.code,
            format!(
                "record {record} of `{}`: {}",
                display_name(&args.input),
                error.message
            ),
        )
        .help(csv_hint.unwrap_or_else(|| {
            "fix the record, or run without --fail-fast to get an error row for each bad \
             record and go on"
                .to_owned()
        }));
        return Err(input_error(d));
    }
    output::eprint_human(&ignored_columns(report, flow));
    if report.new.records == 0 {
        return Err(input_error(
            Diagnostic::new(
                Code::InvalidBatchInput,
                format!("`{}` holds no records", display_name(&args.input)),
            )
            .help("give a file with one JSON object per line, or a CSV header and rows"),
        ));
    }
    Ok(())
}

/// What to say when a JSON Lines input looks like CSV (its first line, `line`, a header).
fn csv_hint(input: &str, line: &str) -> String {
    let read_as = if input == "-" {
        "standard input is read as JSON Lines unless told otherwise"
    } else {
        "it was read as JSON Lines"
    };
    format!(
        "`{}` looks like CSV (its first line `{line}` reads as a header, not a JSON object), \
         but {read_as}: pass `--input-format csv`",
        display_name(input)
    )
}

/// 2 when any record had an error, else 3 when any needs an answer, else 0; with a compare,
/// over both flows.
fn exit_code(report: &Report) -> Exit {
    let tallies = std::iter::once(&report.new).chain(report.old.as_ref());
    let (mut errors, mut needs) = (0, 0);
    for t in tallies {
        errors += t.error;
        needs += t.needs_answer;
    }
    if errors > 0 {
        Exit::Input
    } else if needs > 0 {
        Exit::NeedsAnswer
    } else {
        Exit::Ok
    }
}

fn report_summary(
    args: &Args,
    report: &Report,
    new: &CompiledFlow,
    old: Option<&CompiledFlow>,
) -> Result<(), Failure> {
    let (json, text) = match (old, &report.old, &report.transitions) {
        (Some(old), Some(old_tally), Some(transitions)) => {
            let comparison = transitions.comparison(old, new, old_tally, &report.new);
            // The comparison is what a compare prints: on stdout, whatever --summary says.
            output::print_out(&comparison.text());
            let json = serde_json::to_string_pretty(&comparison);
            return match &args.summary {
                Some(path) => {
                    let json = json.expect("plain data serializes") + "\n";
                    write_atomically(path, json.as_bytes()).map_err(input_error)
                }
                None => Ok(()),
            };
        }
        _ => {
            let summary = report.new.summary(new);
            (serde_json::to_string_pretty(&summary), summary.text())
        }
    };
    match &args.summary {
        Some(path) => {
            let json = json.expect("plain data serializes") + "\n";
            write_atomically(path, json.as_bytes()).map_err(input_error)
        }
        None => {
            eprint!("{text}");
            Ok(())
        }
    }
}

/// CSV columns that answer nothing are ignored; a warning each, in case one is a misspelt id.
fn ignored_columns(report: &Report, flow: &ValidFlow) -> Vec<Diagnostic> {
    let questions: Vec<&str> = flow
        .graph
        .node_indices()
        .filter(|&n| flow.kind(n) == crate::flow::NodeKind::Question)
        .map(|n| flow.node(n).id.as_str())
        .collect();
    report
        .ignored_columns
        .iter()
        .filter_map(|column| {
            let near = crate::diagnostic::suggest::closest(column, questions.iter().copied())?;
            Some(
                Diagnostic::new(
                    Code::UnknownQuestion,
                    format!(
                        "the column `{column}` names no question of the flow, so it is ignored"
                    ),
                )
                .help(format!("did you mean `{near}`?")),
            )
        })
        .collect()
}

fn display_name(input: &str) -> &str {
    if input == "-" { "<stdin>" } else { input }
}

/// A progress bar on a terminal (records, rate, bytes read); nothing otherwise.
fn progress_bar(size: Option<u64>) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || super::quiet() {
        return None;
    }
    let bar = match size {
        Some(total) => indicatif::ProgressBar::new(total).with_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} {msg} ({elapsed})",
            )
            .ok()?,
        ),
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bytes} {bytes_per_sec} {msg} ({elapsed})",
            )
            .ok()?,
        ),
    };
    Some(bar)
}
