//! Rules as units: one fixture per diagnostic code, and a snapshot of what a flow author sees.
//!
//! Flow fixtures are `tests/fixtures/<CODE>_<rule-name>[_<variant>].flow`. Answer fixtures are
//! `tests/fixtures/answers/<CODE>_<rule-name>[_<variant>].<json|yaml|toml>`, run against
//! `flows/eligibility.flow`. Configuration fixtures (`flowrun.toml` contents) are
//! `tests/fixtures/config/<CODE>_<rule-name>[_<variant>].toml`. Each fixture's diagnostics are rendered as the CLI renders them
//! (miette, unicode, no colour, 80 columns) and pinned in
//! `tests/snapshots/rules__<fixture file name>.snap`.
//!
//! To add a rule: add its fixture, list it in `fixtures!` below, run
//! `INSTA_UPDATE=always cargo test --test rules`, and read the new `.snap` before committing it.
//! Then add its row to the README's "Diagnostic codes" table (tests/readme.rs checks) and
//! regenerate `docs/rules.md` with `UPDATE_RULES_PAGE=1 cargo test --test rules_page`.

use std::collections::BTreeSet;
use std::sync::Arc;

use flowrun::checks::rules::{self, RULES};
use flowrun::evaluate::answers::{self, Format};
use flowrun::input::{ReadError, read_source};
use flowrun::{Diagnostic, SourceFile, ValidFlow, analyze, evaluate::walk};
use miette::{GraphicalReportHandler, GraphicalTheme};

/// Paths are relative to the package root, where cargo runs integration tests, so the file
/// names printed in the snapshots do not depend on where the repository is checked out.
const FLOW_DIR: &str = "tests/fixtures";
const ANSWERS_DIR: &str = "tests/fixtures/answers";
const CONFIG_DIR: &str = "tests/fixtures/config";
const SNAPSHOT_DIR: &str = "tests/snapshots";
/// The flow every answer fixture is run against.
const ANSWERS_FLOW: &str = "flows/eligibility.flow";

/// The codes that have no fixture here, and why. Everything else in `rules::RULES` must have one.
const NO_FIXTURE: &[(&str, &str)] = &[
    (
        "FLOW601",
        "a test-file code: its fixtures are test files in tests/fixtures/test_verb/, run by `flowrun test` and snapshotted in tests/test_verb.rs",
    ),
    (
        "FLOW602",
        "a test-file code: its fixtures are test files in tests/fixtures/test_verb/, run by `flowrun test` and snapshotted in tests/test_verb.rs",
    ),
    (
        "FLOW603",
        "a test-file code: its fixtures are test files in tests/fixtures/test_verb/, run by `flowrun test` and snapshotted in tests/test_verb.rs",
    ),
    (
        "FLOW604",
        "a test-file code: its fixtures are test files in tests/fixtures/test_verb/, run by `flowrun test` and snapshotted in tests/test_verb.rs",
    ),
    (
        "FLOW605",
        "a test-file code: its fixtures are test files in tests/fixtures/test_verb/, run by `flowrun test` and snapshotted in tests/test_verb.rs",
    ),
    (
        "FLOW606",
        "a test-file code: its fixtures are test files in tests/fixtures/test_verb/, run by `flowrun test` and snapshotted in tests/test_verb.rs",
    ),
    (
        "FLOW607",
        "a test-file code: its fixtures are test files in tests/fixtures/test_verb/, run by `flowrun test` and snapshotted in tests/test_verb.rs",
    ),
    (
        "FLOW608",
        "a test-file code: its fixtures are test files in tests/fixtures/test_verb/, run by `flowrun test` and snapshotted in tests/test_verb.rs",
    ),
    (
        "FLOW401",
        "io-error is about a path that cannot be read or written, which no fixture file can be; \
         the CLI tests (tests/cli.rs) run it with missing files and directories",
    ),
    (
        "FLOW402",
        "unknown-code is about a code typed on the command line (`flowrun explain FLOW1O1`), not \
         about a file; the CLI tests (tests/cli.rs) run it",
    ),
    (
        "FLOW405",
        "file-exists is about a path given to `flowrun ask --save` or `flowrun test --generate`, \
         not about a file's contents; tests/ask.rs and tests/test_verb.rs run it and pin the \
         diagnostic in insta snapshots",
    ),
    (
        "FLOW406",
        "invalid-typed-answer is about a line typed to `flowrun ask`, not about a file; \
         tests/ask.rs runs it and pins the diagnostic in an insta snapshot",
    ),
    (
        "FLOW403",
        "unreadable-revision is about git failing to give a file's past version (`diff --rev`), \
         which no fixture file can be; the CLI tests (tests/diff.rs) run it against a temporary \
         repository",
    ),
    (
        "FLOW407",
        "graphviz-not-found is about a program missing from the machine, not about a file; \
         tests/render_answers.rs runs it with FLOWRUN_DOT naming a missing program and with an \
         empty PATH, and pins the diagnostic in a snapshot",
    ),
    (
        "FLOW408",
        "graphviz-failed is about the `dot` program failing, not about a file; \
         tests/render_answers.rs runs it with FLOWRUN_DOT naming a script that fails, and pins \
         the diagnostic in a snapshot",
    ),
    (
        "FLOW306",
        "malformed-record is about a record of a `flowrun batch` input, reported in its result \
         row; tests/batch.rs runs bad JSON Lines and CSV records through the binary and pins the \
         --fail-fast diagnostic in an insta snapshot",
    ),
    (
        "FLOW307",
        "invalid-batch-input is about a `flowrun batch` input as a whole (its name, its CSV \
         header, no records); tests/batch.rs runs each case and pins the diagnostic for an empty \
         input in an insta snapshot",
    ),
    (
        "FLOW701",
        "a limit code: with the default limits it needs an input of megabytes (or a bad environment variable), which no fixture file should be; tests/limits.rs lowers each limit with its FLOWRUN_MAX_* variable, runs the CLI and snapshots the diagnostic",
    ),
    (
        "FLOW702",
        "a limit code: with the default limits it needs an input of megabytes (or a bad environment variable), which no fixture file should be; tests/limits.rs lowers each limit with its FLOWRUN_MAX_* variable, runs the CLI and snapshots the diagnostic",
    ),
    (
        "FLOW703",
        "a limit code: with the default limits it needs an input of megabytes (or a bad environment variable), which no fixture file should be; tests/limits.rs lowers each limit with its FLOWRUN_MAX_* variable, runs the CLI and snapshots the diagnostic",
    ),
    (
        "FLOW704",
        "a limit code: with the default limits it needs an input of megabytes (or a bad environment variable), which no fixture file should be; tests/limits.rs lowers each limit with its FLOWRUN_MAX_* variable, runs the CLI and snapshots the diagnostic",
    ),
    (
        "FLOW705",
        "a limit code: with the default limits it needs an input of megabytes (or a bad environment variable), which no fixture file should be; tests/limits.rs lowers each limit with its FLOWRUN_MAX_* variable, runs the CLI and snapshots the diagnostic",
    ),
    (
        "FLOW706",
        "a limit code: with the default limits it needs an input of megabytes (or a bad environment variable), which no fixture file should be; tests/limits.rs lowers each limit with its FLOWRUN_MAX_* variable, runs the CLI and snapshots the diagnostic",
    ),
    (
        "FLOW707",
        "a limit code: with the default limit it needs ten million edges; tests/edges.rs lowers FLOWRUN_MAX_EDGES, runs the CLI and snapshots the diagnostic, and runs the issue's 158 KB product under the default",
    ),
];

/// Declares the fixtures: one `#[test]` each (so a failure names its fixture and
/// `cargo test --test rules flow101` runs one), plus the lists the coverage tests read.
macro_rules! fixtures {
    (
        flows { $($flow_test:ident: $flow_file:literal,)* }
        answers { $($answers_test:ident: $answers_file:literal,)* }
        configs { $($config_test:ident: $config_file:literal,)* }
    ) => {
        const FLOW_FIXTURES: &[&str] = &[$($flow_file),*];
        const ANSWER_FIXTURES: &[&str] = &[$($answers_file),*];
        const CONFIG_FIXTURES: &[&str] = &[$($config_file),*];
        $(
            #[test]
            fn $flow_test() {
                check_flow_fixture($flow_file);
            }
        )*
        $(
            #[test]
            fn $answers_test() {
                check_answers_fixture($answers_file);
            }
        )*
        $(
            #[test]
            fn $config_test() {
                check_config_fixture($config_file);
            }
        )*
    };
}

fixtures! {
    flows {
        flow001_syntax_error: "FLOW001_syntax-error.flow",
        flow001_syntax_error_unclosed_bracket: "FLOW001_syntax-error_unclosed-bracket.flow",
        flow001_syntax_error_unclosed_shape: "FLOW001_syntax-error_unclosed-shape.flow",
        flow001_syntax_error_unclosed_label: "FLOW001_syntax-error_unclosed-label.flow",
        flow001_syntax_error_unclosed_quote: "FLOW001_syntax-error_unclosed-quote.flow",
        flow003_not_a_flowchart: "FLOW003_not-a-flowchart.flow",
        flow004_not_utf8: "FLOW004_not-utf8.flow",
        flow005_invalid_node_data: "FLOW005_invalid-node-data.flow",
        flow010_conflicting_text: "FLOW010_conflicting-text.flow",
        flow011_unknown_style_target: "FLOW011_unknown-style-target.flow",
        flow012_link_style_out_of_range: "FLOW012_link-style-out-of-range.flow",
        flow013_direction_swallows_line: "FLOW013_direction-swallows-line.flow",
        flow014_arrowhead_takes_id: "FLOW014_arrowhead-takes-id.flow",
        flow015_comment_read_as_node: "FLOW015_comment-read-as-node.flow",
        flow016_ambiguous_subgraph_endpoint: "FLOW016_ambiguous-subgraph-endpoint.flow",
        flow101_cycle: "FLOW101_cycle.flow",
        flow102_question_without_answers: "FLOW102_question-without-answers.flow",
        flow103_branching_step: "FLOW103_branching-step.flow",
        flow104_unlabelled_answer: "FLOW104_unlabelled-answer.flow",
        flow105_duplicate_answer: "FLOW105_duplicate-answer.flow",
        flow106_no_start: "FLOW106_no-start.flow",
        flow107_several_starts: "FLOW107_several-starts.flow",
        flow201_unreachable_node: "FLOW201_unreachable-node.flow",
        flow202_single_answer_question: "FLOW202_single-answer-question.flow",
        flow203_near_duplicate_answer: "FLOW203_near-duplicate-answer.flow",
        flow204_duplicate_verdict: "FLOW204_duplicate-verdict.flow",
        flow205_repeated_question: "FLOW205_repeated-question.flow",
        flow206_unused_class_def: "FLOW206_unused-class-def.flow",
        flow207_typo_id: "FLOW207_typo-id.flow",
        flow208_mangled_label: "FLOW208_mangled-label.flow",
        flow503_rule_not_configurable: "FLOW503_rule-not-configurable.flow",
        flow504_invalid_suppression: "FLOW504_invalid-suppression.flow",
        flow505_unused_suppression: "FLOW505_unused-suppression.flow",
    }
    answers {
        flow301_answer_not_an_option: "FLOW301_answer-not-an-option.json",
        flow302_unknown_question: "FLOW302_unknown-question.yaml",
        flow303_malformed_answers_json: "FLOW303_malformed-answers.json",
        flow303_malformed_answers_yaml: "FLOW303_malformed-answers.yaml",
        flow303_malformed_answers_toml: "FLOW303_malformed-answers.toml",
        flow303_malformed_answers_top_level_list: "FLOW303_malformed-answers_top-level-list.json",
        flow303_malformed_answers_empty: "FLOW303_malformed-answers_empty.json",
        flow303_malformed_answers_multibyte_json: "FLOW303_malformed-answers_multibyte.json",
        flow303_malformed_answers_multibyte_toml: "FLOW303_malformed-answers_multibyte.toml",
        flow303_malformed_answers_end_of_file: "FLOW303_malformed-answers_end-of-file.json",
        flow304_answer_not_a_label: "FLOW304_answer-not-a-label.toml",
        flow305_answer_for_non_question: "FLOW305_answer-for-non-question.json",
        flow308_invalid_answer_off_route: "FLOW308_invalid-answer-off-route.json",
    }
    configs {
        flow501_invalid_config: "FLOW501_invalid-config.toml",
        flow501_invalid_config_not_toml: "FLOW501_invalid-config_not-toml.toml",
        flow502_unknown_rule_in_config: "FLOW502_unknown-rule-in-config.toml",
    }
}

fn check_flow_fixture(file: &str) {
    let path = format!("{FLOW_DIR}/{file}");
    let diagnostics = match read_source(&path, &flowrun::checks::limits::Limits::default()) {
        Ok(source) => analyze(&source, &flowrun::Settings::default()).diagnostics,
        // FLOW004 is found while reading, before there is any text to analyze.
        Err(ReadError::NotUtf8(diagnostic)) => vec![diagnostic],
        Err(ReadError::Io(diagnostic)) => panic!("cannot read the fixture: {diagnostic}"),
    };
    check_and_snapshot(file, &path, None, &diagnostics);
}

fn check_answers_fixture(file: &str) {
    let flow = eligibility_flow();
    let path = format!("{ANSWERS_DIR}/{file}");
    let source = read_text(&path);
    let format = Format::for_path(&path).expect("answer fixtures are .json, .yaml or .toml");
    // As `flowrun run` reads them: hints give examples from the flow the answers are for.
    let example = answers::Example::of(&flow);
    let diagnostics = match answers::parse_with(&source, format, &example) {
        Err(malformed) => vec![malformed],
        // As `flowrun run` checks them: an invalid answer off the route is a warning (FLOW308).
        Ok(answers) => match walk::walk_answers(&flow, &answers) {
            Ok((_walk, warnings)) => warnings,
            Err(errors) => errors,
        },
    };
    let description = format!("answers run against {ANSWERS_FLOW}");
    check_and_snapshot(file, &path, Some(&description), &diagnostics);
}

fn check_config_fixture(file: &str) {
    let path = format!("{CONFIG_DIR}/{file}");
    let (_config, diagnostics) = flowrun::checks::config::Config::parse(&read_text(&path));
    let description = "the contents of a flowrun.toml";
    check_and_snapshot(file, &path, Some(description), &diagnostics);
}

fn eligibility_flow() -> ValidFlow {
    let analysis = analyze(&read_text(ANSWERS_FLOW), &flowrun::Settings::default());
    let codes = codes_of(&analysis.diagnostics);
    analysis
        .into_valid()
        .unwrap_or_else(|| panic!("{ANSWERS_FLOW} should be valid, but has {codes:?}"))
}

fn read_text(path: &str) -> Arc<SourceFile> {
    match read_source(path, &flowrun::checks::limits::Limits::default()) {
        Ok(source) => source,
        Err(error) => panic!("cannot read `{path}`: {}", error.into_diagnostic()),
    }
}

/// Codes whose fixture also reports another code, and why: a problem that brings another with it.
/// A code may have several companions.
const COMPANIONS: &[(&str, &str, &str)] = &[
    (
        "FLOW015",
        "FLOW107",
        "the comment Mermaid reads as a node is a node with no edges, so it is a second start",
    ),
    (
        "FLOW107",
        "FLOW202",
        "the misspelt id takes one of the question's two answers away, leaving it one",
    ),
    (
        "FLOW201",
        "FLOW107",
        "in a flow without cycles, a node the start does not reach hangs below a second start",
    ),
];

/// Checks that the fixture reports its own code and nothing else (but a listed companion), then
/// pins the rendering.
fn check_and_snapshot(
    file: &str,
    path: &str,
    description: Option<&str>,
    diagnostics: &[Diagnostic],
) {
    let (code, _) = code_and_name(file);
    let codes = codes_of(diagnostics);
    assert!(
        codes.contains(&code),
        "`{path}` should report {code}, but reported {codes:?}"
    );
    let companions: Vec<&str> = COMPANIONS
        .iter()
        .filter(|(c, _, _)| *c == code)
        .map(|(_, companion, _)| *companion)
        .collect();
    assert!(
        codes.iter().all(|c| *c == code || companions.contains(c)),
        "`{path}` should report only {code}, but reported {codes:?}"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_input_file(path);
    settings.set_omit_expression(true);
    if let Some(description) = description {
        settings.set_description(description);
    }
    settings.bind(|| insta::assert_snapshot!(file, render(diagnostics)));
}

fn codes_of(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// Every diagnostic as the CLI draws it, one after the other.
fn render(diagnostics: &[Diagnostic]) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(80);
    let mut out = String::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        handler
            .render_report(&mut out, diagnostic)
            .expect("rendering into a String does not fail");
    }
    out
}

/// `FLOW303_malformed-answers_top-level-list.json` -> (`FLOW303`, `malformed-answers`).
fn code_and_name(file: &str) -> (&str, &str) {
    let stem = file.split('.').next().unwrap_or(file);
    let mut parts = stem.splitn(3, '_');
    let code = parts.next().unwrap_or("");
    let name = parts.next().unwrap_or("");
    (code, name)
}

#[test]
fn every_code_has_a_fixture_or_a_reason() {
    let fixtures: Vec<&str> = FLOW_FIXTURES
        .iter()
        .chain(ANSWER_FIXTURES)
        .chain(CONFIG_FIXTURES)
        .copied()
        .collect();
    let missing: Vec<&str> = RULES
        .iter()
        .map(|rule| rule.id)
        .filter(|id| !NO_FIXTURE.iter().any(|(code, _)| code == id))
        .filter(|id| !fixtures.iter().any(|f| code_and_name(f).0 == *id))
        .collect();
    assert!(
        missing.is_empty(),
        "these codes have no fixture in {FLOW_DIR} or {ANSWERS_DIR}: {missing:?}; add one (see \
         the top of tests/rules.rs), or list the code in NO_FIXTURE with the reason"
    );
    for (code, reason) in NO_FIXTURE {
        assert!(
            rules::lookup(code).is_some(),
            "NO_FIXTURE lists {code}, which is not a code"
        );
        assert!(!reason.is_empty());
        assert!(
            !fixtures.iter().any(|f| code_and_name(f).0 == *code),
            "{code} has a fixture now; remove it from NO_FIXTURE"
        );
    }
}

#[test]
fn fixture_names_match_the_catalogue() {
    for (fixtures, dir) in [
        (FLOW_FIXTURES, FLOW_DIR),
        (ANSWER_FIXTURES, ANSWERS_DIR),
        (CONFIG_FIXTURES, CONFIG_DIR),
    ] {
        for file in fixtures {
            let (code, name) = code_and_name(file);
            let rule = rules::lookup(code)
                .filter(|rule| rule.id == code)
                .unwrap_or_else(|| panic!("`{file}` does not start with a known code"));
            assert_eq!(
                name, rule.name,
                "`{file}` should be named `{code}_{}...`",
                rule.name
            );
            // Answer codes are FLOW3xx, configuration codes FLOW501-FLOW502 (FLOW503-FLOW505
            // are about flows too); everything else is about a flow file.
            let expected_dir = if code.starts_with("FLOW3") {
                ANSWERS_DIR
            } else if code == "FLOW501" || code == "FLOW502" {
                CONFIG_DIR
            } else {
                FLOW_DIR
            };
            assert_eq!(dir, expected_dir, "`{file}` is in the wrong list");
            if dir == FLOW_DIR {
                assert!(file.ends_with(".flow"), "`{file}`: wrong extension");
            } else if dir == CONFIG_DIR {
                assert!(file.ends_with(".toml"), "`{file}`: wrong extension");
            } else {
                assert!(!file.ends_with(".flow"), "`{file}`: wrong extension");
            }
        }
    }
}

/// Every `FLOW*` file in the fixture directories is listed above, so none goes untested.
/// (Other files there belong to other test suites.)
#[test]
fn every_fixture_file_is_listed() {
    for (dir, listed) in [
        (FLOW_DIR, FLOW_FIXTURES),
        (ANSWERS_DIR, ANSWER_FIXTURES),
        (CONFIG_DIR, CONFIG_FIXTURES),
    ] {
        let on_disk = file_names(dir, |name| name.starts_with("FLOW"));
        let listed: BTreeSet<String> = listed.iter().map(|f| (*f).to_owned()).collect();
        assert_eq!(
            on_disk, listed,
            "the FLOW* files in {dir} and the fixtures listed in tests/rules.rs differ"
        );
    }
}

/// Every `rules__*` snapshot belongs to a listed fixture, so renamed fixtures leave nothing stale.
#[test]
fn every_snapshot_has_a_fixture() {
    let snapshots = file_names(SNAPSHOT_DIR, |name| {
        name.starts_with("rules__") && name.ends_with(".snap")
    });
    let expected: BTreeSet<String> = FLOW_FIXTURES
        .iter()
        .chain(ANSWER_FIXTURES)
        .chain(CONFIG_FIXTURES)
        .map(|f| format!("rules__{f}.snap"))
        .collect();
    let stale: Vec<&String> = snapshots.difference(&expected).collect();
    assert!(
        stale.is_empty(),
        "these snapshots have no fixture; delete them: {stale:?}"
    );
}

fn file_names(dir: &str, keep: impl Fn(&str) -> bool) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file())
        .filter_map(|path| Some(path.file_name()?.to_str()?.to_owned()))
        .filter(|name| keep(name))
        .collect()
}
