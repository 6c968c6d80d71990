//! Very large and very deep flows on a small stack: a chain of a million nodes, a question with
//! a hundred thousand answers, ten thousand nested subgraphs and a one-megabyte label are each
//! checked, walked, rendered (DOT and Mermaid), explained (`why`), their routes counted and
//! listed, and diffed against a changed version, on a thread with a 2 MB stack (the default
//! size of a spawned thread). Any recursion on the depth or width of a flow would overflow it.
//!
//! The texts are built into one preallocated string. The sizes are the full ones in debug builds
//! too; the chain dominates the run time, since a debug build parses its 12 MB in about 20 s and
//! the test parses it three times (check, Mermaid, and the changed version for the diff); each
//! test prints how long each step took (`--nocapture`).

use std::fmt::Write as _;
use std::time::Instant;

use flowrun::evaluate::answers::{self, Format};
use flowrun::evaluate::walk::{self, Outcome};
use flowrun::output::render::route::Route;
use flowrun::{SourceFile, ValidFlow};

/// The stack of the threads the work runs on.
const STACK: usize = 2 << 20;

const CHAIN: usize = 1_000_000;
const FAN_OUT: usize = 100_000;
const NESTING: usize = 10_000;
const LABEL: usize = 1 << 20;

/// Runs `work` on a thread with a 2 MB stack; an overflow aborts the test binary.
fn on_small_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("small-stack".to_owned())
        .stack_size(STACK)
        .spawn(work)
        .expect("a thread starts")
        .join()
        .expect("the work does not panic")
}

fn valid(name: &str, text: String) -> ValidFlow {
    let analysis = flowrun::analyze(&SourceFile::new(name, text), &flowrun::Settings::default());
    assert!(
        !analysis.has_errors(),
        "{name}: {:?}",
        analysis
            .diagnostics
            .iter()
            .take(3)
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    analysis.into_valid().expect("no errors means valid")
}

/// What each shape is put through; `answers` is a JSON answers file, `verdict` the id the walk
/// must end at, `routes` how many routes the flow has, `changed` a version that means something
/// else.
struct Case {
    name: &'static str,
    text: String,
    answers: String,
    verdict: &'static str,
    routes: u128,
    changed: String,
}

fn exercise(case: Case) {
    let name = case.name;
    let clock = Instant::now();
    let flow = valid(name, case.text);
    let mut lap = Instant::now();
    let mut laps = vec![("check", clock.elapsed())];
    let mut mark = |what: &'static str| {
        laps.push((what, lap.elapsed()));
        lap = Instant::now();
    };

    // Walk.
    let source = SourceFile::new("answers.json", case.answers);
    let given = answers::parse(&source, Format::Json).expect("the answers parse");
    let (resolved, warnings) = walk::resolve(&flow, &given).expect("the answers resolve");
    assert!(warnings.is_empty(), "{name}: {warnings:?}");
    let route = walk::walk(&flow, &resolved);
    let end = match route.outcome {
        Outcome::Verdict(v) => flow.node(v).id.clone(),
        Outcome::NeedsAnswer(q) => panic!("{name}: needs {}", flow.node(q).id),
    };
    assert_eq!(end, case.verdict, "{name}");
    mark("walk");

    // Render: DOT, with and without the route, and Mermaid (the canonical text, and the route's
    // highlighting styles).
    let dot = flowrun::output::render::dot::render(&flow);
    assert!(dot.starts_with("digraph"), "{name}");
    let marked = Route::of_walk(&flow, &route);
    let dot_route = flowrun::output::render::dot::render_with_route(&flow, Some(&marked));
    assert!(dot_route.len() >= dot.len(), "{name}");
    mark("dot");
    let mermaid = flowrun::output::format::format_source(
        &flow.source,
        &flowrun::checks::limits::Limits::default(),
    )
    .expect("a valid flow formats");
    assert!(mermaid.contains("flowchart"), "{name}");
    let _ = marked.mermaid_styles(&flow);
    mark("mermaid");

    // Explain.
    let hops = flowrun::evaluate::why::hops(&flow, &route);
    assert_eq!(hops.len(), route.path.len(), "{name}");
    let forcing =
        flowrun::evaluate::why::forcing(&flow, &route).expect("the walk ends in a verdict");
    assert!(forcing.len() <= hops.len(), "{name}");
    mark("why");

    // Count and list the routes.
    let (_, total) = flowrun::evaluate::routes::count(&flow);
    assert_eq!(total, case.routes, "{name}");
    let listed = flowrun::evaluate::routes::list(&flow, 10);
    assert_eq!(listed.len() as u128, case.routes.min(10), "{name}");
    mark("paths");

    // Diff against a version with one more route.
    let changed = valid(name, case.changed);
    mark("check changed");
    let diff = flowrun::analyses::diff::diff(&flow, &changed, 10);
    assert!(diff.changed(), "{name}");
    let same = flowrun::analyses::diff::diff(&flow, &flow, 10);
    assert!(!same.changed(), "{name}");
    mark("diff");
    eprintln!("{name}: {:?} in all; {laps:?}", clock.elapsed());
}

/// `q{Go?}` answered Yes leads through `CHAIN` steps to the verdict `end`; No stops at once.
/// The steps are written a hundred links to a line (`n99 --> n100 --> ... --> n199`): a debug build
/// parses that in half the time of one link a line, and a long chain statement is a case of
/// its own.
fn chain(end: &str) -> String {
    let mut text = String::with_capacity(CHAIN * 12);
    text.push_str("flowchart TD\nq{Go?} -->|Yes| n0\nq -->|No| stop[Stop]\n");
    text.push_str("n0");
    for i in 1..CHAIN {
        if i % 100 == 0 {
            // A new line starts where the last one ended.
            write!(text, "\nn{}", i - 1).unwrap();
        }
        write!(text, " --> n{i}").unwrap();
    }
    writeln!(text, " --> {end}[Done]").unwrap();
    text
}

#[test]
fn a_chain_of_a_million_nodes() {
    on_small_stack(|| {
        exercise(Case {
            name: "chain",
            text: chain("done"),
            answers: r#"{"q": "Yes"}"#.to_owned(),
            verdict: "done",
            routes: 2,
            // The verdict at the far end renamed: the diff follows the whole chain to find it.
            changed: chain("finished"),
        });
    });
}

/// One question with `FAN_OUT` answers, each to its own verdict.
fn fan_out(answers: usize) -> String {
    let mut text = String::with_capacity(answers * 24);
    text.push_str("flowchart LR\nq{Which?}\n");
    for i in 0..answers {
        writeln!(text, "q -->|a{i}| v{i}[V{i}]").unwrap();
    }
    text
}

#[test]
fn a_question_with_a_hundred_thousand_answers() {
    on_small_stack(|| {
        exercise(Case {
            name: "fan-out",
            text: fan_out(FAN_OUT),
            answers: r#"{"q": "a77777"}"#.to_owned(),
            verdict: "v77777",
            routes: FAN_OUT as u128,
            changed: fan_out(FAN_OUT + 1),
        });
    });
}

/// A two-answer question inside `NESTING` nested subgraphs.
fn nested(answers: &[&str]) -> String {
    let mut text = String::with_capacity(NESTING * 32);
    text.push_str("flowchart TD\n");
    for i in 0..NESTING {
        writeln!(text, "subgraph s{i} [Level {i}]").unwrap();
    }
    for answer in answers {
        writeln!(text, "q{{Go?}} -->|{answer}| {answer}_v[{answer}]").unwrap();
    }
    for _ in 0..NESTING {
        text.push_str("end\n");
    }
    text
}

#[test]
fn ten_thousand_nested_subgraphs() {
    on_small_stack(|| {
        exercise(Case {
            name: "nested",
            text: nested(&["Yes", "No"]),
            answers: r#"{"q": "No"}"#.to_owned(),
            verdict: "No_v",
            routes: 2,
            changed: nested(&["Yes", "No", "Maybe"]),
        });
    });
}

/// A question whose Yes answer is `LABEL` bytes long, leading to a verdict with a `LABEL`-byte
/// text.
fn long_label(extra: bool) -> (String, String) {
    let label = "ab ".repeat(LABEL / 3);
    let label = label.trim();
    let mut text = String::with_capacity(3 * LABEL);
    text.push_str("flowchart TD\nq{Go?} -->|");
    text.push_str(label);
    text.push_str("| y[");
    text.push_str(label);
    text.push_str("]\nq -->|No| n[No]\n");
    if extra {
        text.push_str("q -->|Maybe| n\n");
    }
    let answers = serde_json::json!({ "q": label }).to_string();
    (text, answers)
}

#[test]
fn a_one_megabyte_label() {
    on_small_stack(|| {
        let (text, answers) = long_label(false);
        exercise(Case {
            name: "label",
            text,
            answers,
            verdict: "y",
            routes: 2,
            changed: long_label(true).0,
        });
    });
}

/// The command line on the nested flow: `check`, `run`, `render --to mermaid` and `paths` add no
/// recursion of their own (the binary's main thread has the platform's stack, 8 MB on Linux).
#[test]
fn the_cli_handles_the_nested_flow() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("nested.flow"), nested(&["Yes", "No"])).unwrap();
    std::fs::write(dir.path().join("a.json"), r#"{"q": "Yes"}"#).unwrap();
    for (args, code) in [
        (&["check", "nested.flow"][..], 0),
        (&["run", "nested.flow", "a.json"], 0),
        (&["render", "nested.flow", "--to", "mermaid"], 0),
        (&["paths", "nested.flow"], 0),
    ] {
        let out = assert_cmd::Command::cargo_bin("flowrun")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {out:?}");
    }
}
