//! `flowrun batch` throughput on the eligibility flow, printed as a Markdown table (see
//! BENCHMARKS.md), next to the floor: the time serde_json takes just to parse the same JSON Lines
//! into `serde_json::Value` (and into a `HashMap<String, String>`) and drop it.
//!
//! ```text
//! cargo bench --bench batch              # 10^6 records
//! cargo bench --bench batch -- 100000    # fewer
//! ```
//!
//! The records come from `benches/answersgen/mod.rs` (seed 1), held in memory, so the figures
//! are parsing and evaluation, not the disk; rows go to `io::sink()`. Measured, never asserted.

#[path = "answersgen/mod.rs"]
mod answersgen;

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use answersgen::Shape;
use flowrun::evaluate::batch::{self, Columns, CompiledFlow, Flows, InputFormat, OutputFormat};
use flowrun::{SourceFile, analyze};

const RECORDS: u64 = 1_000_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not and gets a smoke run.
    let smoke = !args.iter().any(|a| a == "--bench");
    let records = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .find_map(|a| a.replace('_', "").parse::<u64>().ok())
        .unwrap_or(if smoke { 1_000 } else { RECORDS });
    let runs = if smoke { 1 } else { 5 };

    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/flows/eligibility.flow"
    ))
    .expect("the eligibility flow");
    let flow = analyze(
        &SourceFile::new("eligibility.flow", text),
        &flowrun::Settings::default(),
    )
    .into_valid()
    .expect("a valid flow");
    let compiled = CompiledFlow::new(&flow);
    let mut jsonl = Vec::new();
    answersgen::generate(&mut jsonl, records, Shape::Jsonl, 1).expect("in memory");
    let mut csv = Vec::new();
    answersgen::generate(&mut csv, records, Shape::Csv, 1).expect("in memory");
    let cores = std::thread::available_parallelism().map_or(1, usize::from);

    println!(
        "{records} records; JSON Lines {:.1} MB, CSV {:.1} MB; {cores} cores; median of {runs}\n",
        mb(jsonl.len()),
        mb(csv.len())
    );
    println!("| what | workers | median | min | records/s | MB/s | vs floor |");
    println!("|---|---:|---:|---:|---:|---:|---:|");

    let floor = measure(runs, || {
        let mut n = 0u64;
        for line in jsonl.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let value: serde_json::Value = serde_json::from_slice(line).expect("valid JSON");
            black_box(&value);
            n += 1;
        }
        n
    });
    row(
        "floor: serde_json::Value per line, dropped",
        1,
        &floor,
        records,
        jsonl.len(),
        None,
    );
    let floor_map = measure(runs, || {
        let mut n = 0u64;
        for line in jsonl.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            // Booleans too, so the values are whatever JSON they are, kept as text.
            let map: HashMap<String, serde_json::Value> =
                serde_json::from_slice(line).expect("valid JSON");
            black_box(&map);
            n += 1;
        }
        n
    });
    row(
        "floor: HashMap<String, Value> per line, dropped",
        1,
        &floor_map,
        records,
        jsonl.len(),
        None,
    );

    let mut cases: Vec<(&str, InputFormat, &[u8], bool)> = vec![
        ("batch JSON Lines", InputFormat::Jsonl, &jsonl, false),
        ("batch CSV", InputFormat::Csv, &csv, false),
        (
            "batch JSON Lines --id id --path",
            InputFormat::Jsonl,
            &jsonl,
            true,
        ),
    ];
    if smoke {
        cases.truncate(2);
    }
    for (name, input, data, extras) in cases {
        let mut workers = vec![1];
        if cores > 1 {
            workers.push(cores);
        }
        for jobs in workers {
            let options = batch::Options {
                input,
                columns: Columns {
                    format: OutputFormat::Jsonl,
                    id: extras,
                    path: extras,
                },
                changed_format: OutputFormat::Jsonl,
                id: extras.then(|| "id".to_owned()),
                fail_fast: false,
                rows: true,
                jobs,
                chunk_bytes: batch::CHUNK_BYTES,
            };
            let times = measure(runs, || {
                let report = batch::run(
                    Flows {
                        new: &compiled,
                        old: None,
                    },
                    data,
                    "bench",
                    &options,
                    &mut std::io::sink(),
                    None,
                    &mut |_, _| {},
                )
                .expect("the batch runs");
                report.new.records
            });
            row(name, jobs, &times, records, data.len(), Some(&floor));
        }
    }
    // The compare: every record on two flows (here the same one twice).
    let options = batch::Options {
        input: InputFormat::Jsonl,
        columns: Columns {
            format: OutputFormat::Jsonl,
            id: false,
            path: false,
        },
        changed_format: OutputFormat::Jsonl,
        id: None,
        fail_fast: false,
        // As with -o FILE: the rows are written too.
        rows: true,
        jobs: cores,
        chunk_bytes: batch::CHUNK_BYTES,
    };
    let times = measure(runs, || {
        batch::run(
            Flows {
                new: &compiled,
                old: Some(&compiled),
            },
            &jsonl[..],
            "bench",
            &options,
            &mut std::io::sink(),
            Some(&mut std::io::sink()),
            &mut |_, _| {},
        )
        .expect("the batch runs")
        .new
        .records
    });
    row(
        "batch JSON Lines --compare (same flow)",
        cores,
        &times,
        records,
        jsonl.len(),
        Some(&floor),
    );
}

/// Sorted durations of `runs` runs; each run must see every record.
fn measure(runs: usize, mut f: impl FnMut() -> u64) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn row(
    what: &str,
    workers: usize,
    times: &[Duration],
    records: u64,
    bytes: usize,
    floor: Option<&[Duration]>,
) {
    let median = times[times.len() / 2];
    let rate = records as f64 / median.as_secs_f64();
    let vs = floor.map_or("-".to_owned(), |f| {
        format!(
            "{:.2}x",
            f[f.len() / 2].as_secs_f64() / median.as_secs_f64()
        )
    });
    println!(
        "| {what} | {workers} | {} | {} | {} | {:.0} | {vs} |",
        fmt(median),
        fmt(times[0]),
        thousands(rate as u64),
        mb(bytes) / median.as_secs_f64()
    );
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn fmt(d: Duration) -> String {
    if d.as_secs_f64() >= 1.0 {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1e3)
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
