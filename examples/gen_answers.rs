//! Prints answer records for the eligibility flow (the same ones `cargo bench --bench batch`
//! times), e.g. to measure `flowrun batch` end to end:
//!
//! ```text
//! cargo run --release --example gen_answers -- 1000000 jsonl > /tmp/answers.jsonl
//! /usr/bin/time -v target/release/flowrun batch flows/eligibility.flow /tmp/answers.jsonl -o /tmp/out.jsonl
//! ```
//!
//! Usage: `gen_answers RECORDS [jsonl|csv] [SEED]` (default jsonl, seed 1). The output depends
//! on the arguments only.

#[path = "../benches/answersgen/mod.rs"]
mod answersgen;

use std::process::ExitCode;

use answersgen::Shape;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let records = args
        .first()
        .and_then(|n| n.replace('_', "").parse::<u64>().ok());
    let shape = args
        .get(1)
        .map_or(Some(Shape::Jsonl), |s| Shape::from_name(s));
    let seed = args.get(2).map_or(Some(1), |s| s.parse::<u64>().ok());
    let (Some(records), Some(shape), Some(seed), true) = (records, shape, seed, args.len() <= 3)
    else {
        eprintln!("usage: gen_answers RECORDS [jsonl|csv] [SEED]   (e.g. gen_answers 1000000 csv)");
        return ExitCode::from(2);
    };
    let stdout = std::io::stdout();
    match answersgen::generate(&mut stdout.lock(), records, shape, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_answers: {e}");
            ExitCode::FAILURE
        }
    }
}
