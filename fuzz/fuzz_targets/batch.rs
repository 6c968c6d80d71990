//! Batch record parsing and evaluation on the eligibility flow. The first byte picks the input
//! format (JSON Lines or CSV) and the output columns; the rest is the input. Every input is run
//! with one worker and with two workers and tiny chunks, whose outputs must be the same bytes,
//! and once more as a compare against the same flow, where no record may change.
#![no_main]

use std::sync::OnceLock;

use flowrun::evaluate::batch::{self, Columns, CompiledFlow, Flows, InputFormat, OutputFormat};
use libfuzzer_sys::fuzz_target;

fn eligibility() -> &'static CompiledFlow {
    static FLOW: OnceLock<CompiledFlow> = OnceLock::new();
    FLOW.get_or_init(|| {
        let text = include_str!("../../flows/eligibility.flow");
        let source = flowrun::SourceFile::new("eligibility.flow", text);
        let flow = flowrun::analyze(&source, &flowrun::Settings::default())
            .into_valid()
            .expect("the eligibility flow is valid");
        CompiledFlow::new(&flow)
    })
}

fn run(
    input: &[u8],
    options: &batch::Options,
    old: Option<&CompiledFlow>,
) -> Option<(Vec<u8>, batch::Report)> {
    let mut out = Vec::new();
    let mut changed = Vec::new();
    let report = batch::run(
        Flows {
            new: eligibility(),
            old,
        },
        input,
        "fuzz",
        options,
        &mut out,
        old.map(|_| &mut changed as &mut dyn std::io::Write),
        &mut |_, _| {},
    );
    // An input that cannot be read at all (a bad CSV header) is a diagnostic, not a crash.
    report.ok().map(|r| (out, r))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, input)) = data.split_first() else {
        return;
    };
    let extras = pick & 2 != 0;
    let options = batch::Options {
        input: if pick & 1 == 0 {
            InputFormat::Jsonl
        } else {
            InputFormat::Csv
        },
        columns: Columns {
            format: if pick & 4 == 0 {
                OutputFormat::Jsonl
            } else {
                OutputFormat::Csv
            },
            id: extras,
            path: extras,
        },
        changed_format: OutputFormat::Jsonl,
        id: extras.then(|| "id".to_owned()),
        fail_fast: pick & 8 != 0,
        rows: true,
        jobs: 1,
        chunk_bytes: batch::CHUNK_BYTES,
    };
    let serial = run(input, &options, None);
    let parallel = run(
        input,
        &batch::Options {
            jobs: 2,
            chunk_bytes: 16,
            ..options.clone()
        },
        None,
    );
    match (&serial, &parallel) {
        (Some((a, ra)), Some((b, rb))) => {
            assert_eq!(a, b, "two workers wrote other rows than one");
            assert_eq!(ra.new.records, rb.new.records);
        }
        (None, None) => {}
        _ => panic!("one worker and two disagree on whether the input can be read"),
    }
    if let Some((_, report)) = run(input, &options, Some(eligibility())) {
        let transitions = report.transitions.expect("a compare counts transitions");
        assert_eq!(transitions.changed, 0, "a flow compared with itself changed");
    }
});
