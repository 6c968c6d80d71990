//! The hand-written fast path for common statement lines (`src/syntax/plain_lines.rs`) must read every
//! text exactly as the pest grammar alone does: the same statements, spans included, and the
//! same diagnostics. Checked on the conformance corpus, the hand-written Mermaid cases, the
//! example flows, generated flows of every construct, punctuation soup, and lines made of the
//! pieces the fast path reads and of their near misses.

use std::path::{Path, PathBuf};

use flowrun::SourceFile;
use flowrun::syntax::{Parsed, parse, parse_with_grammar_only_whole};
use proptest::prelude::*;

use crate::support::{self, generate};

/// What a reading gives, as text to compare and print: the document and every diagnostic with
/// its code, message, labels and help.
fn reading(text: &str, read: fn(&std::sync::Arc<SourceFile>) -> Parsed) -> String {
    let source = SourceFile::new("same.flow", text);
    let parsed = read(&source);
    let diagnostics: Vec<String> = parsed
        .diagnostics
        .iter()
        .map(|d| format!("{:?} {} {:?} {:?}", d.code, d.message, d.labels, d.help))
        .collect();
    format!("{:#?}\n{diagnostics:#?}", parsed.document)
}

fn same_reading(text: &str) -> Result<(), String> {
    let fast = reading(text, parse);
    let grammar = reading(text, parse_with_grammar_only_whole);
    if fast == grammar {
        Ok(())
    } else {
        Err(format!(
            "the fast path reads {text:?} differently:\n--- fast path\n{fast}\n--- grammar\n{grammar}"
        ))
    }
}

fn flow_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            flow_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "flow" || e == "mmd") {
            out.push(path);
        }
    }
}

#[test]
fn every_file_at_hand_reads_the_same_with_and_without_the_fast_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    // The corpus is skipped when missing, except under CI, where that fails.
    if let Some(corpus) = support::mermaid_corpus() {
        flow_files(&corpus, &mut files);
    }
    for dir in ["tests/mermaid", "flows", "tests/fixtures"] {
        flow_files(&root.join(dir), &mut files);
    }
    assert!(
        files.len() > 300,
        "only {} flow files found under tests/ and flows/",
        files.len()
    );
    let mut differences = Vec::new();
    let mut read = 0;
    for path in &files {
        // Files that are not UTF-8 are refused before parsing.
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        read += 1;
        if let Err(e) = same_reading(&text) {
            differences.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {read} files differ:\n{}",
        differences.len(),
        differences.join("\n\n")
    );
}

#[test]
fn the_generated_benchmark_lines_read_the_same() {
    let text = "flowchart TD\n    start([Start]) --> q0\n    q0{Is condition 0 met?} -->|Yes| q1\n    \
                q0 -.->|No| v0[Stopped at condition 0]\n    pick -->|Option 7| v7[Verdict for \
                option 7]\n    n0_1{Layer 0, lane 1: go on?}\n    n0_1 -->|Yes| n1_1\n\n    \
                style done fill:#dff5e1,stroke:#1e8449\n";
    same_reading(text).unwrap();
}

/// The pieces the fast path reads, and pieces just beside them that it must leave to the
/// grammar: other shapes and arrows, quotes, keywords, ids with other characters, comments,
/// `;`, `\r`, links and `&` at the start of the next line.
const PIECES: &[&str] = &[
    "q0",
    "A",
    "B_1",
    "x1",
    "o1",
    "x",
    "o",
    "end",
    "style",
    "classy",
    "clicks",
    "A-b",
    "é",
    "e1@",
    "{Is it?}",
    "{ spaced }",
    "[Text]",
    "[ padded ]",
    "[x: y, z]",
    "(round)",
    "([Start])",
    "((circle))",
    "{{hex}}",
    "[\"quoted\"]",
    "[/lean/]",
    "[]",
    " ",
    " ",
    "  ",
    "\t",
    "-->",
    "--->",
    "---",
    "--",
    "-.->",
    "-..->",
    "-.-",
    "==>",
    "===",
    "--x",
    "--o",
    "<-->",
    "~~~",
    "-- text -->",
    "|Yes|",
    "| No |",
    "|\"q\"|",
    "||",
    "&",
    " & ",
    "\n",
    "\n",
    "\n",
    "\n    ",
    ";",
    ":::c",
    "@{ shape: doc }",
    "%% note",
    "direction LR",
    "\r\n",
    "#",
    "-",
    ".",
    ":",
];

fn piece_lines() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..24)
        .prop_map(|pieces| format!("flowchart TD\n{}", pieces.concat()))
}

/// Lines in the shapes of large generated flows, with the near misses mixed in.
fn common_lines() -> impl Strategy<Value = String> {
    let node = prop_oneof![
        Just("q1".to_owned()),
        Just("v2[Stopped at 2]".to_owned()),
        Just("q3{Is condition 3 met?}".to_owned()),
        Just("start([Start])".to_owned()),
        Just("r(Round)".to_owned()),
        prop::sample::select(PIECES).prop_map(str::to_owned),
    ];
    let link = prop_oneof![
        Just(" --> ".to_owned()),
        Just(" -->|Yes| ".to_owned()),
        Just(" -.->|No| ".to_owned()),
        Just("-->".to_owned()),
        Just(" ==> ".to_owned()),
        Just(" --- ".to_owned()),
        prop::sample::select(PIECES).prop_map(str::to_owned),
    ];
    let line =
        (node.clone(), prop::collection::vec((link, node), 0..3)).prop_map(|(first, rest)| {
            let mut line = format!("    {first}");
            for (link, node) in rest {
                line.push_str(&link);
                line.push_str(&node);
            }
            line
        });
    prop::collection::vec(line, 1..8)
        .prop_map(|lines| format!("flowchart TD\n{}\n", lines.join("\n")))
}

fn cases() -> u32 {
    std::env::var("FLOWRUN_FAST_PATH_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2048)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn generated_flows_read_the_same(text in generate::flow()) {
        same_reading(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn punctuation_reads_the_same(body in generate::punctuation()) {
        same_reading(&format!("flowchart TD\n{body}")).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn pieces_of_common_lines_read_the_same(text in piece_lines()) {
        same_reading(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn common_lines_and_near_misses_read_the_same(text in common_lines()) {
        same_reading(&text).map_err(TestCaseError::fail)?;
    }
}
