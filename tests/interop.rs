//! Real Mermaid's verdict on flowrun's files: `mermaid.parse` from the npm package pinned in
//! `interop/package-lock.json`, asked through `interop/mermaid-verdict.mjs` once per test for a
//! whole batch of files. Checked: every `flows/**/*.flow`, the shared corpus
//! `../shared/mermaid-corpus/` (read in place) against its `oracle` column, and the hand-written
//! cases in `tests/mermaid/valid/` and `tests/mermaid/invalid/`.
//!
//! Without Node.js or `interop/node_modules` these tests print that they skipped, unless
//! `FLOWRUN_REQUIRE_MERMAID` is set (as `scripts/test.sh` does), in which case they fail.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::sync::OnceLock;

use assert_cmd::Command;

use crate::support;

/// Corpus diagrams where the pinned Mermaid and the `oracle` column disagree, and why.
const VERSION_DIFFERENCES: &[(&str, &str)] = &[(
    "docs-032.mmd",
    "the `datastore` shape is new in Mermaid 12 (the oracle's version); the pinned 11.14.0 says \
     `No such shape: datastore.`, and 12.x requires Node.js 22",
)];

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn harness() -> PathBuf {
    manifest_path("interop/mermaid-verdict.mjs")
}

/// Whether Node.js runs and the harness's packages are installed. When not: panics if
/// `FLOWRUN_REQUIRE_MERMAID` is set (to anything but empty or `0`), otherwise prints that `test`
/// is skipped and returns false.
fn mermaid_available(test: &str) -> bool {
    static MISSING: OnceLock<Option<String>> = OnceLock::new();
    let missing = MISSING.get_or_init(|| {
        let node = StdCommand::new("node").arg("--version").output();
        if !node.is_ok_and(|o| o.status.success()) {
            return Some("Node.js (`node`) is not on PATH".to_owned());
        }
        ["mermaid", "jsdom"]
            .iter()
            .find(|package| {
                !manifest_path(&format!("interop/node_modules/{package}/package.json")).exists()
            })
            .map(|package| format!("interop/node_modules/{package} is not installed"))
    });
    let Some(missing) = missing else {
        return true;
    };
    let required =
        std::env::var_os("FLOWRUN_REQUIRE_MERMAID").is_some_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "{missing} but FLOWRUN_REQUIRE_MERMAID is set: run `bash scripts/test.sh` (it installs \
         Node.js and runs `npm ci --prefix interop`) or unset FLOWRUN_REQUIRE_MERMAID to skip"
    );
    println!("skipped {test}: {missing} (set FLOWRUN_REQUIRE_MERMAID=1 to fail)");
    false
}

/// Mermaid's verdict on each file: accepted, or rejected with the first line of its error.
/// One Node.js process for the whole batch; panics if the harness fails or skips a file.
fn mermaid_verdicts(files: &[PathBuf]) -> HashMap<PathBuf, (bool, Option<String>)> {
    let mut input = String::new();
    for file in files {
        let file = file.to_str().expect("UTF-8 path");
        assert!(!file.contains('\n'), "a path with a line break: {file:?}");
        input.push_str(file);
        input.push('\n');
    }
    let mut child = StdCommand::new("node")
        .arg(harness())
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    // Write from another thread so the verdicts on stdout cannot deadlock against our write.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("run the harness");
    writer.join().expect("writer thread").expect("write paths");
    // 0: all accepted, 1: some rejected; anything else is the harness failing.
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "the harness failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 verdicts");
    let verdicts: HashMap<_, _> = stdout
        .lines()
        .map(|line| {
            let (file, valid, error) = parse_verdict(line)
                .unwrap_or_else(|| panic!("not a verdict line from the harness: {line}"));
            (PathBuf::from(file), (valid, error))
        })
        .collect();
    for file in files {
        assert!(
            verdicts.contains_key(file),
            "no verdict for {}",
            file.display()
        );
    }
    verdicts
}

/// One verdict line of the harness: `{"file": "...", "valid": true|false, "error": "..."|null}`.
#[derive(serde::Deserialize)]
struct VerdictLine {
    file: String,
    valid: bool,
    error: Option<String>,
}

fn parse_verdict(line: &str) -> Option<(String, bool, Option<String>)> {
    let v: VerdictLine = serde_json::from_str(line).ok()?;
    Some((v.file, v.valid, v.error))
}

/// Every file under `dir`, recursively, whose name ends with `suffix`, sorted.
fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.to_str().is_some_and(|p| p.ends_with(suffix)) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn flows() -> Vec<PathBuf> {
    let flows = files_under(&manifest_path("flows"), ".flow");
    assert!(!flows.is_empty(), "no flows/**/*.flow");
    flows
}

/// The hand-written cases in `tests/mermaid/valid/` or `tests/mermaid/invalid/`.
fn cases(kind: &str) -> Vec<PathBuf> {
    let cases = files_under(&manifest_path(&format!("tests/mermaid/{kind}")), "");
    assert!(!cases.is_empty(), "tests/mermaid/{kind}/ is empty");
    cases
}

/// The corpus's diagrams with the oracle's verdict (true: Mermaid accepts), or None when the
/// corpus is not beside the repository (which CI must not allow).
fn corpus() -> Option<Vec<(PathBuf, bool)>> {
    let dir = support::mermaid_corpus()?;
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("the manifest");
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().expect("manifest header").split('\t').collect();
    let column = |name| header.iter().position(|h| *h == name).expect(name);
    let (file, oracle) = (column("file"), column("oracle"));
    let cases: Vec<(PathBuf, bool)> = lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let verdict = fields[oracle];
            assert!(
                verdict == "valid" || verdict.starts_with("invalid"),
                "oracle neither valid nor invalid: {line}"
            );
            (dir.join(fields[file]), verdict == "valid")
        })
        .collect();
    assert!(
        cases.len() > 1000,
        "the manifest lists {} diagrams",
        cases.len()
    );
    Some(cases)
}

/// Checks that Mermaid accepts each of `files` (when `accepts`) or rejects each; a list of the
/// files where it does not.
fn wrong_verdicts(
    verdicts: &HashMap<PathBuf, (bool, Option<String>)>,
    files: &[PathBuf],
    accepts: bool,
) -> Vec<String> {
    files
        .iter()
        .filter_map(|file| match &verdicts[file] {
            (valid, _) if *valid == accepts => None,
            (_, Some(error)) => Some(format!("{}: Mermaid rejects it: {error}", file.display())),
            (_, None) => Some(format!("{}: Mermaid accepts it", file.display())),
        })
        .collect()
}

#[test]
fn flows_are_valid_mermaid() {
    if !mermaid_available("flows_are_valid_mermaid") {
        return;
    }
    let flows = flows();
    let wrong = wrong_verdicts(&mermaid_verdicts(&flows), &flows, true);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn hand_written_cases_get_their_verdict() {
    if !mermaid_available("hand_written_cases_get_their_verdict") {
        return;
    }
    let (valid, invalid) = (cases("valid"), cases("invalid"));
    let verdicts = mermaid_verdicts(&[valid.as_slice(), invalid.as_slice()].concat());
    let mut wrong = wrong_verdicts(&verdicts, &valid, true);
    wrong.extend(wrong_verdicts(&verdicts, &invalid, false));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn corpus_verdicts_match_the_oracle() {
    if !mermaid_available("corpus_verdicts_match_the_oracle") {
        return;
    }
    let Some(corpus) = corpus() else {
        return;
    };
    let files: Vec<PathBuf> = corpus.iter().map(|(file, _)| file.clone()).collect();
    let verdicts = mermaid_verdicts(&files);
    let mut wrong = Vec::new();
    for (file, accepts) in &corpus {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name");
        let known = VERSION_DIFFERENCES.iter().any(|(f, _)| *f == name);
        let (valid, error) = &verdicts[file];
        match (valid == accepts, known) {
            (false, false) => wrong.push(format!(
                "{name}: the oracle says {}, Mermaid {}",
                if *accepts { "valid" } else { "invalid" },
                error
                    .as_deref()
                    .map_or("accepts it".to_owned(), |e| format!("rejects it: {e}"))
            )),
            (true, true) => wrong.push(format!(
                "{name}: listed in VERSION_DIFFERENCES but Mermaid now agrees with the oracle; \
                 remove it"
            )),
            _ => {}
        }
    }
    for (name, _) in VERSION_DIFFERENCES {
        assert!(
            corpus.iter().any(|(file, _)| file.ends_with(name)),
            "{name} is not in the manifest"
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// What `flowrun render --to mermaid` writes must be Mermaid too: for every flow, hand-written
/// valid case and valid corpus diagram that flowrun renders, Mermaid accepts the output.
/// Inputs flowrun itself refuses (exit 1) are counted, not failed, except `flows/`, which must
/// all render; inputs the pinned Mermaid rejects anyway (`VERSION_DIFFERENCES`) are skipped.
#[test]
fn formatted_flows_stay_valid_mermaid() {
    if !mermaid_available("formatted_flows_stay_valid_mermaid") {
        return;
    }
    let flows = flows();
    let mut inputs = flows.clone();
    inputs.extend(cases("valid"));
    if let Some(corpus) = corpus() {
        inputs.extend(
            corpus
                .into_iter()
                .filter(|(_, valid)| *valid)
                .map(|(f, _)| f),
        );
    }
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("interop-render-mermaid");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir).expect("create the output directory");

    let mut outputs = Vec::new();
    let mut source_of = HashMap::new();
    let mut refused = 0;
    for (i, input) in inputs.iter().enumerate() {
        let name = input
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name");
        let output = out_dir.join(format!("{i:04}-{name}.mmd"));
        let run = Command::cargo_bin("flowrun")
            .expect("the flowrun binary")
            .arg("render")
            .arg(input)
            .args(["--to", "mermaid", "-o"])
            .arg(&output)
            .output()
            .expect("run flowrun render");
        match run.status.code() {
            Some(0) => {
                source_of.insert(output.clone(), input);
                outputs.push(output);
            }
            Some(1) if !flows.contains(input) => refused += 1,
            _ => panic!(
                "flowrun render {} --to mermaid failed ({}):\n{}",
                input.display(),
                run.status,
                String::from_utf8_lossy(&run.stderr)
            ),
        }
    }
    println!(
        "rendered {} of {} inputs; flowrun refused {}",
        outputs.len(),
        inputs.len(),
        refused
    );
    let verdicts = mermaid_verdicts(&outputs);
    let wrong: Vec<String> = outputs
        .iter()
        .filter_map(|output| match &verdicts[output] {
            (true, _) => None,
            // Rejected by the pinned Mermaid before formatting too.
            (false, _)
                if VERSION_DIFFERENCES
                    .iter()
                    .any(|(f, _)| source_of[output].ends_with(f)) =>
            {
                None
            }
            (false, error) => Some(format!(
                "{} (rendered from {}): Mermaid rejects it: {}",
                output.display(),
                source_of[output].display(),
                error.as_deref().unwrap_or("")
            )),
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `flowrun render --answers FILE --to mermaid` appends `style` and `linkStyle` lines that colour
/// the route; Mermaid must still accept the result, for every example answer file (a walk that
/// needs an answer included) and a flow whose links share lines.
#[test]
fn highlighted_routes_are_valid_mermaid() {
    if !mermaid_available("highlighted_routes_are_valid_mermaid") {
        return;
    }
    let out_dir = tempfile::tempdir().expect("temp dir");
    let eligibility = manifest_path("flows/eligibility.flow");
    let mut cases: Vec<(PathBuf, PathBuf)> = files_under(&manifest_path("flows/answers"), "")
        .into_iter()
        .map(|answers| (eligibility.clone(), answers))
        .collect();
    assert!(cases.len() >= 6, "{cases:?}");
    // Links Mermaid counts one by one on a line, a `~~~` link and a subgraph.
    cases.push((
        manifest_path("tests/fixtures/render_answers/tricky.flow"),
        manifest_path("tests/fixtures/render_answers/tricky.json"),
    ));
    let mut outputs = Vec::new();
    for (i, (flow, file)) in cases.iter().enumerate() {
        let name = file.file_name().and_then(|n| n.to_str()).expect("name");
        let output = out_dir.path().join(format!("{i}-{name}.mmd"));
        let run = Command::cargo_bin("flowrun")
            .expect("the flowrun binary")
            .arg("render")
            .arg(flow)
            .arg("--answers")
            .arg(file)
            .args(["--to", "mermaid", "-o"])
            .arg(&output)
            .output()
            .expect("run flowrun render");
        assert!(
            run.status.success(),
            "render --answers {name} failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let text = std::fs::read_to_string(&output).expect("written");
        assert!(text.contains("linkStyle "), "no route styles:\n{text}");
        outputs.push(output);
    }
    let wrong = wrong_verdicts(&mermaid_verdicts(&outputs), &outputs, true);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn verdict_lines_are_read_back() {
    assert_eq!(
        parse_verdict(r#"{"file":"a \"b\".flow","valid":true,"error":null}"#),
        Some((r#"a "b".flow"#.to_owned(), true, None))
    );
    assert_eq!(
        parse_verdict(r#"{"file":"x","valid":false,"error":"No \u00e9"}"#),
        Some(("x".to_owned(), false, Some("No é".to_owned())))
    );
    assert_eq!(parse_verdict("not json"), None);
}
