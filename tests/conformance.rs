//! Agreement with real Mermaid on the conformance corpus in `../shared/mermaid-corpus/`, read in
//! place. Each diagram carries Mermaid's own verdict (`MANIFEST.tsv`, column `oracle`).
//!
//! What Mermaid accepts, flowrun must read without a syntax error; what Mermaid rejects, flowrun
//! must refuse with an error. Every disagreement is listed in `KNOWN_DIFFERENCES` with its
//! reason. (A valid diagram may still fail flowrun's decision rules, a cycle say: that is not a
//! disagreement about the language.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use flowrun::checks::rules::Code;
use flowrun::input::{ReadError, read_source};

use crate::support;

/// Diagrams where flowrun and Mermaid knowingly disagree, and why.
/// Diagrams where flowrun and Mermaid knowingly disagree, and why. None today; an entry must say
/// why the difference is right for flowrun.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    Accepts,
    Refuses,
}

fn verdict(path: &Path) -> Verdict {
    let source = match read_source(
        path.to_str().expect("UTF-8 path"),
        &flowrun::checks::limits::Limits::default(),
    ) {
        Ok(source) => source,
        Err(ReadError::NotUtf8(_)) => return Verdict::Refuses,
        Err(ReadError::Io(d)) => panic!("{}: {}", path.display(), d.message),
    };
    let codes: Vec<Code> = flowrun::analyze(&source, &flowrun::Settings::default())
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect();
    // Syntax and everything Mermaid itself throws on (a `linkStyle` past the last link, bad
    // node data).
    let refused = [
        Code::SyntaxError,
        Code::NotAFlowchart,
        Code::NotUtf8,
        Code::LinkStyleOutOfRange,
        Code::InvalidNodeData,
    ];
    if codes.iter().any(|c| refused.contains(c)) {
        Verdict::Refuses
    } else {
        Verdict::Accepts
    }
}

#[test]
fn flowrun_agrees_with_mermaid_on_the_corpus() {
    // Skipped when the corpus is missing, except under CI, where that fails.
    let Some(dir) = support::mermaid_corpus() else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("manifest");
    let mut counts: BTreeMap<(bool, String), usize> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut known_seen = Vec::new();
    for line in manifest.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (file, oracle) = (fields[0], fields[3]);
        let mermaid_accepts = oracle == "valid";
        let ours = verdict(&dir.join(file));
        *counts
            .entry((mermaid_accepts, format!("{ours:?}")))
            .or_default() += 1;
        let agrees = (ours == Verdict::Accepts) == mermaid_accepts;
        let known = KNOWN_DIFFERENCES.iter().any(|(f, _)| *f == file);
        if known {
            known_seen.push(file.to_owned());
        }
        if !agrees && !known {
            disagreements.push(format!("{file}: Mermaid says {oracle}, flowrun {ours:?}"));
        }
        if agrees && known {
            disagreements.push(format!(
                "{file}: listed as a known difference but flowrun now agrees; remove it"
            ));
        }
    }
    eprintln!("corpus verdicts (Mermaid accepts?, flowrun): {counts:?}");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    for (file, _) in KNOWN_DIFFERENCES {
        assert!(
            known_seen.iter().any(|f| f == file),
            "{file} is not in the manifest"
        );
    }
    let total: usize = counts.values().sum();
    assert!(total > 1000, "the manifest lists {total} diagrams");
}

/// Hand-written cases in `tests/mermaid/valid/` and `tests/mermaid/invalid/`, each placed by real
/// Mermaid's verdict (`tests/interop.rs` keeps them honest), where flowrun knowingly disagrees.
///
/// Where both accept a chart but read it differently, flowrun follows what the chart says, not
/// the quirk of Mermaid's lexer; those differences in meaning are:
/// - `subgraph Ab end` or `subgraph click Ab`: Mermaid's lexer takes the keyword out of the
///   title (and drops the nodes after it); flowrun reads the whole line as the title.
/// - `A -- xo--o B`: Mermaid reads the label `x` and a `o--o` link; flowrun the label `xo` and
///   a `--o` link.
/// - `A[\ "x"\]`: with a space before the quote Mermaid keeps a lone `"` as the text; flowrun
///   reads the quoted string.
/// - `A x-- text --> B`: Mermaid gives the link an invalid type; flowrun draws a plain arrow.
const KNOWN_CASE_DIFFERENCES: &[(&str, &str)] = &[
    (
        "valid/ellipse-legacy-01.flow",
        "`A(-./)`: Mermaid's ellipse lexer closes on `/)` and reads the text `.`; flowrun asks \
         for `-)` (the ellipse is legacy, and Mermaid marks it as broken)",
    ),
    (
        "invalid/nodedata-21.flow",
        "the `datastore` shape is new in Mermaid 12, which the shared corpus follows \
         (docs-032.mmd); the pinned 11.14.0 refuses it",
    ),
    (
        "invalid/shape-28.flow",
        "in `A[|k:v|text]` Mermaid's lexer reads the lone `v` as its `DOWN` token and refuses the \
         props; flowrun reads legacy props (ignored anyway) with any value",
    ),
];

#[test]
fn flowrun_agrees_with_mermaid_on_the_hand_written_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mermaid");
    let mut disagreements = Vec::new();
    let mut counted = 0;
    for (kind, mermaid_accepts) in [("valid", true), ("invalid", false)] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(kind))
            .expect("tests/mermaid holds the cases")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "flow"))
            .collect();
        files.sort();
        for path in files {
            counted += 1;
            let name = format!(
                "{kind}/{}",
                path.file_name()
                    .and_then(|n| n.to_str())
                    .expect("UTF-8 name")
            );
            let agrees = (verdict(&path) == Verdict::Accepts) == mermaid_accepts;
            let known = KNOWN_CASE_DIFFERENCES.iter().any(|(f, _)| *f == name);
            if agrees == known {
                disagreements.push(if known {
                    format!("{name}: listed as a known difference but flowrun now agrees")
                } else {
                    format!("{name}: Mermaid says {kind}, flowrun disagrees")
                });
            }
        }
    }
    assert!(counted > 100, "only {counted} cases in tests/mermaid");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
