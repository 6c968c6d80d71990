//! Timings for the data path, printed as Markdown tables (see BENCHMARKS.md):
//!
//! - `flowrun::analyze` (parse + build + validate + lint) on generated flows of 10^3..10^6 nodes in
//!   three shapes (deep chain, wide fan-out, layered DAG): median of a few runs;
//! - the same split into its steps (parse alone, with the pest grammar only and with the fast
//!   path, parse while building, finishing the graph, validate, each lint rule, and dropping the
//!   result), one run each, to show where the time goes;
//! - batches of 10^4 walks on `flows/eligibility.flow` (resolve + walk, and with the JSON
//!   answers parsed too): walks per second.
//!
//! ```text
//! cargo bench --bench check                  # everything
//! cargo bench --bench check -- chain 100000  # only chains, up to 10^5 nodes
//! ```
//!
//! Measured, never asserted: nothing here fails on a slow machine.

#[path = "flowgen/mod.rs"]
mod flowgen;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use flowgen::FlowShape;
use flowrun::evaluate::answers::{self, Answers, Format};
use flowrun::evaluate::walk::{self, Outcome};
use flowrun::syntax;
use flowrun::{Diagnostic, Flow, checks::lint};
use flowrun::{SourceFile, analyze};

const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];
const WALKS: usize = 10_000;

/// What to run: `cargo bench` passes `--bench` and gets everything; `cargo test --all-targets`
/// runs this binary without it and gets a smoke run (10^3 nodes, one run, a few walks) that
/// only checks the benchmark still works.
struct Plan {
    shapes: Vec<FlowShape>,
    max_nodes: usize,
    smoke: bool,
}

impl Plan {
    fn runs_for(&self, nodes: usize) -> usize {
        if self.smoke {
            return 1;
        }
        match nodes {
            0..=1_000 => 21,
            1_001..=10_000 => 11,
            10_001..=100_000 => 5,
            _ => 3,
        }
    }

    fn sizes(&self) -> impl Iterator<Item = usize> + '_ {
        SIZES.into_iter().filter(|&n| n <= self.max_nodes)
    }

    fn walks(&self) -> (usize, usize) {
        if self.smoke { (100, 1) } else { (WALKS, 7) }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = !args.iter().any(|a| a == "--bench");
    let mut plan = Plan {
        shapes: Vec::new(),
        max_nodes: if smoke { SIZES[0] } else { usize::MAX },
        smoke,
    };
    for arg in args.iter().filter(|a| !a.starts_with('-')) {
        if let Some(shape) = FlowShape::from_name(arg) {
            plan.shapes.push(shape);
        } else if let Ok(n) = arg.replace('_', "").parse::<usize>() {
            plan.max_nodes = plan.max_nodes.min(n);
        } else if !smoke {
            eprintln!("usage: check [chain|fan|dag]... [MAX_NODES]");
            std::process::exit(2);
        }
    }
    if plan.shapes.is_empty() {
        plan.shapes = FlowShape::ALL.to_vec();
    }
    if smoke {
        println!("smoke run (no --bench): 10^3 nodes, one run each; `cargo bench` measures\n");
    }
    println!(
        "machine: {} logical CPUs (std::thread::available_parallelism)\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    bench_analyze(&plan);
    bench_phases(&plan);
    bench_walks(&plan);
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn bench_analyze(plan: &Plan) {
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "optimized"
    };
    println!("## flowrun::analyze (parse + build + validate + lint), {build} build\n");
    println!(
        "| shape | nodes (asked) | nodes (built) | edges | source MB | runs | median | min | ns/node | x time vs 10x fewer nodes |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &shape in &plan.shapes {
        let mut previous: Option<Duration> = None;
        for nodes in plan.sizes() {
            let text = flowgen::generate(shape, nodes);
            let source_mb = text.len() as f64 / 1e6;
            let source = SourceFile::new(format!("{}-{nodes}.flow", shape.name()), text);
            let runs = plan.runs_for(nodes);
            let mut times = Vec::with_capacity(runs);
            let mut built = (0, 0);
            for _ in 0..runs {
                let start = Instant::now();
                let analysis =
                    black_box(analyze(black_box(&source), &flowrun::Settings::default()));
                times.push(start.elapsed());
                // Checked (and dropped) outside the timed part.
                if analysis.has_errors() {
                    let first: Vec<String> = analysis
                        .diagnostics
                        .iter()
                        .take(3)
                        .map(ToString::to_string)
                        .collect();
                    panic!(
                        "the generated {} flow of {nodes} nodes has errors: {first:?}",
                        shape.name()
                    );
                }
                let graph = analysis.graph().expect("a valid flow has a graph");
                built = (graph.graph.node_count(), graph.graph.edge_count());
            }
            let min = *times.iter().min().expect("at least one run");
            let med = median(times);
            let growth = previous.map_or_else(
                || "-".to_owned(),
                |p| format!("{:.1}", med.as_secs_f64() / p.as_secs_f64()),
            );
            previous = Some(med);
            println!(
                "| {} | {nodes} | {} | {} | {source_mb:.1} | {runs} | {} | {} | {:.0} | {growth} |",
                shape.name(),
                built.0,
                built.1,
                fmt_duration(med),
                fmt_duration(min),
                med.as_nanos() as f64 / built.0 as f64,
            );
        }
    }
    println!();
}

/// A lint rule that reads any flow.
type Rule = fn(&Flow) -> Vec<Diagnostic>;

/// The lint rules that read any flow, by code, as `flowrun::checks::lint` runs them.
const FLOW_RULES: [(&str, Rule); 7] = [
    ("FLOW201", lint::unreachable_node::check),
    ("FLOW202", lint::single_answer_question::check),
    ("FLOW203", lint::near_duplicate_answer::check),
    ("FLOW204", lint::duplicate_verdict::check),
    ("FLOW206", lint::unused_class_def::check),
    ("FLOW207", lint::typo_id::check),
    ("FLOW208", lint::mangled_label::check),
];

/// One run of each step of `analyze`, timed apart: reading the text with the pest grammar alone
/// and with the fast path (statements dropped as they come), reading it while `flow::Builder`
/// takes each statement (what `analyze` does), then `Builder::finish`, `validate`, the lint
/// rules (each alone in a second table), and dropping the result.
fn bench_phases(plan: &Plan) {
    println!("## the steps of analyze, one run each\n");
    println!(
        "| shape | nodes | parse, grammar only | parse | parse + Builder::add | Builder::finish | validate | lint | drop | analyze path total |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut rule_rows = Vec::new();
    for &shape in &plan.shapes {
        for nodes in plan.sizes() {
            let source = SourceFile::new("phases.flow", flowgen::generate(shape, nodes));

            let t = Instant::now();
            let (outline, diagnostics) =
                syntax::parse_with_grammar_only(&source, |s| drop(black_box(s)));
            let grammar_only = t.elapsed();
            assert!(
                outline.is_some() && diagnostics.is_empty(),
                "{diagnostics:?}"
            );

            let t = Instant::now();
            let (outline, diagnostics) = syntax::parse_with(&source, |s| drop(black_box(s)));
            let parse_only = t.elapsed();
            assert!(
                outline.is_some() && diagnostics.is_empty(),
                "{diagnostics:?}"
            );

            let t = Instant::now();
            let mut builder = flowrun::flow::build::Builder::new(&source);
            let (outline, diagnostics) = syntax::parse_with(&source, |s| builder.add(s));
            let parse_add = t.elapsed();
            let outline = outline.expect("the generated flow parses");
            assert!(diagnostics.is_empty(), "{diagnostics:?}");

            let t = Instant::now();
            let (flow, build_diagnostics) =
                black_box(builder.finish(&outline.header, outline.title));
            let finish = t.elapsed();
            assert!(build_diagnostics.is_empty(), "{build_diagnostics:?}");

            let t = Instant::now();
            let (result, rule_diagnostics) =
                black_box(flowrun::checks::structure::validate(flow, false));
            let validate = t.elapsed();
            assert!(rule_diagnostics.is_empty(), "{rule_diagnostics:?}");
            let valid = result.expect("the generated flow is valid");

            let mut rule_times = Vec::new();
            for (_, rule) in FLOW_RULES {
                let t = Instant::now();
                black_box(rule(black_box(&valid)));
                rule_times.push(t.elapsed());
            }
            let t = Instant::now();
            black_box(lint::repeated_question::check(black_box(&valid)));
            rule_times.push(t.elapsed());
            let lint: Duration = rule_times.iter().sum();

            let t = Instant::now();
            drop(black_box(valid));
            let dropped = t.elapsed();
            println!(
                "| {} | {nodes} | {} | {} | {} | {} | {} | {} | {} | {} |",
                shape.name(),
                fmt_duration(grammar_only),
                fmt_duration(parse_only),
                fmt_duration(parse_add),
                fmt_duration(finish),
                fmt_duration(validate),
                fmt_duration(lint),
                fmt_duration(dropped),
                fmt_duration(parse_add + finish + validate + lint + dropped),
            );
            let cells: Vec<String> = rule_times.into_iter().map(fmt_duration).collect();
            rule_rows.push(format!(
                "| {} | {nodes} | {} |",
                shape.name(),
                cells.join(" | ")
            ));
        }
    }
    println!("\n## the lint rules, one run each\n");
    let names: Vec<&str> = FLOW_RULES.iter().map(|r| r.0).chain(["FLOW205"]).collect();
    println!("| shape | nodes | {} |", names.join(" | "));
    println!("|---|---:|{}", "---:|".repeat(names.len()));
    for row in rule_rows {
        println!("{row}");
    }
    println!();
}

/// Every combination of the four eligibility answers, written a few different ways
/// (`Yes`/`no`/`true`/` YES `), as JSON texts.
fn answer_texts() -> Vec<String> {
    let questions = ["us_canada", "outside", "analytics", "hipaa"];
    let spellings: [[&str; 2]; 4] = [
        ["\"Yes\"", "\"No\""],
        ["\"yes\"", "\"no\""],
        ["true", "false"],
        ["\" YES \"", "\" No\""],
    ];
    let mut texts = Vec::new();
    for combo in 0..16usize {
        for (s, spelling) in spellings.iter().enumerate() {
            let fields: Vec<String> = questions
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let value = spelling[(combo >> i) & 1];
                    // Some answer sets stop early: the walk then needs an answer.
                    format!("\"{q}\": {value}")
                })
                .take(if s == 3 { 1 + combo % 4 } else { 4 })
                .collect();
            texts.push(format!("{{{}}}", fields.join(", ")));
        }
    }
    texts
}

fn bench_walks(plan: &Plan) {
    let (walks, batches) = plan.walks();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/flows/eligibility.flow");
    let text = std::fs::read_to_string(path).expect("flows/eligibility.flow is readable");
    let flow = analyze(
        &SourceFile::new("eligibility.flow", text),
        &flowrun::Settings::default(),
    )
    .into_valid()
    .expect("flows/eligibility.flow is valid");
    let sources: Vec<Arc<SourceFile>> = answer_texts()
        .into_iter()
        .map(|t| SourceFile::new("answers.json", t))
        .collect();
    let parsed: Vec<Answers> = sources
        .iter()
        .map(|s| answers::parse(s, Format::Json).expect("answers parse"))
        .collect();

    println!(
        "## walks on flows/eligibility.flow: batches of {walks} ({} distinct answer sets)\n",
        parsed.len()
    );
    println!("| what | batches | median batch | walks/s | verdicts / needs-answer per batch |");
    println!("|---|---:|---:|---:|---|");

    let mut times = Vec::with_capacity(batches);
    let mut counts = (0, 0);
    for _ in 0..batches {
        counts = (0, 0);
        let start = Instant::now();
        for i in 0..walks {
            let answers = &parsed[i % parsed.len()];
            let (resolved, _warnings) =
                walk::resolve(black_box(&flow), black_box(answers)).expect("answers resolve");
            match black_box(walk::walk(&flow, &resolved)).outcome {
                Outcome::Verdict(_) => counts.0 += 1,
                Outcome::NeedsAnswer(_) => counts.1 += 1,
            }
        }
        times.push(start.elapsed());
    }
    let med = median(times);
    println!(
        "| resolve + walk | {batches} | {} | {:.0} | {} / {} |",
        fmt_duration(med),
        walks as f64 / med.as_secs_f64(),
        counts.0,
        counts.1
    );

    let mut times = Vec::with_capacity(batches);
    for _ in 0..batches {
        let start = Instant::now();
        for i in 0..walks {
            let answers = answers::parse(black_box(&sources[i % sources.len()]), Format::Json)
                .expect("answers parse");
            let (resolved, _warnings) = walk::resolve(&flow, &answers).expect("answers resolve");
            black_box(walk::walk(&flow, &resolved));
        }
        times.push(start.elapsed());
    }
    let med = median(times);
    println!(
        "| JSON parse + resolve + walk | {batches} | {} | {:.0} | same |",
        fmt_duration(med),
        walks as f64 / med.as_secs_f64()
    );
    println!();
}

fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}
