//! Prints a generated flow (the same ones `cargo bench --bench check` times), e.g. to measure
//! `flowrun check`'s peak memory on a big flow:
//!
//! ```text
//! cargo run --release --example gen_flow -- chain 1000000 > /tmp/chain.flow
//! /usr/bin/time -v target/release/flowrun check /tmp/chain.flow
//! ```
//!
//! Shapes: `chain` (questions n/2 deep), `fan` (one question, n answers), `dag` (layered,
//! sqrt(n) wide and deep).

#[path = "../benches/flowgen/mod.rs"]
mod flowgen;

use std::io::Write as _;
use std::process::ExitCode;

use flowgen::FlowShape;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [shape, nodes] => FlowShape::from_name(shape).zip(nodes.replace('_', "").parse().ok()),
        _ => None,
    };
    let Some((shape, nodes)) = parsed else {
        eprintln!("usage: gen_flow chain|fan|dag NODES   (e.g. gen_flow chain 1000000)");
        return ExitCode::from(2);
    };
    let text = flowgen::generate(shape, nodes);
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        eprintln!("gen_flow: cannot write the flow: {e}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
