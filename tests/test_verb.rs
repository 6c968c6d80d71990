//! `flowrun test`: test files beside flows, run through the real binary. Fixtures are in
//! `tests/fixtures/test_verb/` (a copy of the eligibility flow, with test files good and bad).

use std::path::Path;

use crate::support::{Out, exec, flowrun_in, root};
use quick_xml::events::Event;

const DIR: &str = "tests/fixtures/test_verb";

fn test(args: &[&str]) -> Out {
    exec(flowrun_in(root()).arg("test").args(args))
}

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

#[test]
fn the_shipped_eligibility_tests_pass_with_full_coverage() {
    let out = test(&["--min-coverage", "100", "flows/"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stdout.contains("6 passed, 0 failed"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("answers 8/8 (100.0%), verdicts 2/2 (100.0%)"),
        "{}",
        out.stdout
    );
    // Named by the flow, or by the test file, the same cases run.
    for path in ["flows/eligibility.flow", "flows/eligibility.tests.toml"] {
        let again = test(&[path]);
        assert_eq!(again.code, 0, "{again:#?}");
        assert!(again.stdout.contains("6 passed, 0 failed"));
    }
}

/// With no PATH, `flowrun test` tests `flows/` and nothing else; where there is no `flows/`
/// it is a usage error, not a walk of the whole current directory.
#[test]
fn with_no_path_it_tests_flows_or_says_what_it_expected() {
    let dir = tempfile::tempdir().unwrap();
    // A flow outside `flows/`, with a failing test file: not looked at.
    let failing = std::fs::read_to_string(root().join(fixture("failing.tests.toml"))).unwrap();
    std::fs::copy(
        root().join(fixture("eligibility.flow")),
        dir.path().join("eligibility.flow"),
    )
    .unwrap();
    std::fs::write(dir.path().join("x.tests.toml"), failing).unwrap();

    let out = exec(flowrun_in(dir.path()).arg("test"));
    assert_eq!(out.code, 2, "{out:#?}");
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with(
            "error: no PATH given, and there is no `flows/` directory here to test by default"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("`flowrun test .`"), "{}", out.stderr);
    assert!(out.stderr.contains("Usage: flowrun test"), "{}", out.stderr);

    std::fs::create_dir(dir.path().join("flows")).unwrap();
    for name in ["eligibility.flow", "eligibility.tests.toml"] {
        std::fs::copy(
            root().join("flows").join(name),
            dir.path().join("flows").join(name),
        )
        .unwrap();
    }
    let out = exec(flowrun_in(dir.path()).arg("test"));
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stdout
            .starts_with("flows/eligibility.tests.toml (flows/eligibility.flow)\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("6 passed, 0 failed"), "{}", out.stdout);
    assert!(!out.stdout.contains("x.tests.toml"), "{}", out.stdout);
    // `.` is still there for whoever means the whole directory: the failing file fails.
    let out = exec(flowrun_in(dir.path()).args(["test", "."]));
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stdout.contains("x.tests.toml"), "{}", out.stdout);

    // `flows` that is a file is no directory to test.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("flows"), "").unwrap();
    let out = exec(flowrun_in(other.path()).arg("test"));
    assert_eq!(out.code, 2, "{out:#?}");
}

#[test]
fn a_yaml_test_file_reads_like_the_toml_one() {
    let out = test(&[&fixture("eligibility.tests.yaml")]);
    assert_eq!(out.code, 0, "{out:#?}");
    insta::assert_snapshot!(out.stdout, @r"
    tests/fixtures/test_verb/eligibility.tests.yaml (tests/fixtures/test_verb/eligibility.flow)
      ok     based abroad
      ok     eligible
      ok     waits for the analytics answer
    coverage of tests/fixtures/test_verb/eligibility.flow: answers 5/8 (62.5%), verdicts 2/2 (100.0%)
      not covered by any case:
        kind     what
        answer   outside -> Yes
        answer   analytics -> Yes
        answer   hipaa -> Yes
    3 passed, 0 failed
    ");
}

#[test]
fn failing_cases_show_expected_and_actual_and_exit_1() {
    let out = test(&[&fixture("failing.tests.toml")]);
    assert_eq!(out.code, 1, "{out:#?}");
    insta::assert_snapshot!(out.stdout, @r"
    tests/fixtures/test_verb/failing.tests.toml (tests/fixtures/test_verb/eligibility.flow)
      FAIL   abroad is eligible (wrong)
               expected: verdict eligible
               actual:   verdict twilio
               expected path: (any)
               actual path:   start -> us_canada -> twilio
      FAIL   right verdict, wrong route
               expected: verdict twilio
               actual:   verdict twilio
               expected path: start -> us_canada -> twilio
               actual path:   start -> us_canada -> outside -> twilio
      FAIL   stops at the wrong question
               expected: needs an answer to hipaa
               actual:   needs an answer to outside
               expected path: (any)
               actual path:   start -> us_canada -> outside
      ok     passes
    coverage of tests/fixtures/test_verb/eligibility.flow: answers 3/8 (37.5%), verdicts 1/2 (50.0%)
      not covered by any case:
        kind     what
        answer   outside -> No
        answer   analytics -> No
        answer   analytics -> Yes
        answer   hipaa -> No
        answer   hipaa -> Yes
        verdict  eligible
    1 passed, 3 failed
    ");
}

/// Each bad test file: exit 2, its diagnostic with the test file's line underlined, and no
/// case run.
fn bad_input(file: &str, code: &str) {
    let out = test(&[&fixture(file)]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains(code), "{}", out.stderr);
    assert!(out.stdout.contains("no case ran"), "{}", out.stdout);
    insta::assert_snapshot!(file, out.stderr);
}

#[test]
fn flow601_malformed_toml() {
    bad_input("FLOW601_malformed-test-file.tests.toml", "FLOW601");
}

#[test]
fn flow601_malformed_yaml() {
    bad_input("FLOW601_malformed-test-file_yaml.tests.yaml", "FLOW601");
}

#[test]
fn flow602_unknown_question() {
    bad_input("FLOW602_unknown-question-in-test.tests.toml", "FLOW602");
}

#[test]
fn flow602_unknown_question_in_yaml() {
    bad_input(
        "FLOW602_unknown-question-in-test_yaml.tests.yaml",
        "FLOW602",
    );
}

#[test]
fn flow603_answer_not_an_option() {
    bad_input("FLOW603_answer-not-an-option-in-test.tests.toml", "FLOW603");
}

#[test]
fn flow604_unknown_verdict() {
    bad_input("FLOW604_unknown-verdict-in-test.tests.toml", "FLOW604");
}

#[test]
fn flow605_unknown_path_node() {
    bad_input("FLOW605_unknown-path-node.tests.toml", "FLOW605");
}

#[test]
fn flow606_needs_not_a_question() {
    bad_input("FLOW606_needs-not-a-question.tests.toml", "FLOW606");
}

#[test]
fn flow607_both_or_neither_expectation() {
    bad_input("FLOW607_ambiguous-expectation.tests.toml", "FLOW607");
}

#[test]
fn flow608_duplicate_case_name() {
    bad_input("FLOW608_duplicate-case-name.tests.toml", "FLOW608");
}

#[test]
fn every_test_file_code_has_a_fixture_here() {
    let names: Vec<String> = std::fs::read_dir(root().join(DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for rule in flowrun::checks::rules::RULES
        .iter()
        .filter(|r| r.id.starts_with("FLOW6"))
    {
        let prefix = format!("{}_{}", rule.id, rule.name);
        assert!(
            names.iter().any(|n| n.starts_with(&prefix)),
            "no fixture {prefix}* in {DIR}"
        );
    }
}

#[test]
fn a_flow_with_errors_shows_its_diagnostics_and_exits_1() {
    let out = test(&[&fixture("broken")]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stderr.contains("FLOW104"), "{}", out.stderr);
    assert!(
        out.stdout
            .contains("the flow has errors; its tests did not run")
    );
}

#[test]
fn a_flow_without_tests_is_noted_not_failed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("flows/eligibility.flow"),
        dir.path().join("e.flow"),
    )
    .unwrap();
    // `.`: everything under the directory (with no path, only `flows/` would be tested).
    let out = exec(flowrun_in(dir.path()).args(["test", "."]));
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stderr.contains("note: e.flow has no test file"),
        "{}",
        out.stderr
    );
    // A missing path is an input error.
    let out = test(&["no/such/dir"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW401"));
}

#[test]
fn min_coverage_fails_below_and_passes_at_the_threshold() {
    let yaml = fixture("eligibility.tests.yaml");
    let at = test(&[&yaml, "--min-coverage", "62.5"]);
    assert_eq!(at.code, 0, "{at:#?}");
    let below = test(&[&yaml, "--min-coverage", "63"]);
    assert_eq!(below.code, 1, "{below:#?}");
    assert!(
        below
            .stdout
            .contains("answer coverage 62.5% is below --min-coverage 63.0%"),
        "{}",
        below.stdout
    );
    let json = test(&[&yaml, "--min-coverage", "63", "--format", "json"]).json();
    assert_eq!(json["status"], "failed");
    assert_eq!(json["flows"][0]["coverage"]["meets_min_coverage"], false);
    // In JUnit the threshold is a case of its own, so a CI report shows why the run failed.
    let junit = test(&[&yaml, "--min-coverage", "63", "--format", "junit"]);
    assert_eq!(junit.code, 1, "{junit:#?}");
    let parsed = parse_junit(&junit.stdout);
    assert_eq!(parsed.suites.last().unwrap().0, "coverage");
    let (name, kinds) = parsed.cases.last().unwrap();
    assert_eq!(
        name,
        &format!(
            "answer coverage of {} >= 63.0%",
            fixture("eligibility.flow")
        )
    );
    assert_eq!(kinds, &["failure"]);
    assert!(
        parsed
            .failure_texts
            .last()
            .unwrap()
            .contains("outside -> Yes")
    );
    let bad = test(&[&yaml, "--min-coverage", "150"]);
    assert_eq!(bad.code, 2, "{bad:#?}");
}

#[test]
fn json_holds_cases_expected_actual_and_coverage() {
    let out = test(&[&fixture("failing.tests.toml"), "--format", "json"]);
    assert_eq!(out.code, 1, "{out:#?}");
    let json = out.json();
    assert_eq!(json["status"], "failed");
    assert_eq!(json["passed"], 1);
    assert_eq!(json["failed"], 3);
    let flow = &json["flows"][0];
    assert_eq!(flow["flow"], fixture("eligibility.flow"));
    assert_eq!(flow["status"], "ok");
    let cases = flow["files"][0]["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    assert_eq!(cases[0]["name"], "abroad is eligible (wrong)");
    assert_eq!(cases[0]["status"], "failed");
    assert_eq!(cases[0]["expected"]["verdict"], "eligible");
    assert!(cases[0]["expected"]["path"].is_null());
    assert_eq!(cases[0]["actual"]["verdict"], "twilio");
    assert_eq!(
        cases[0]["actual"]["path"],
        serde_json::json!(["start", "us_canada", "twilio"])
    );
    assert_eq!(cases[2]["expected"]["needs"], "hipaa");
    assert_eq!(cases[2]["actual"]["needs"], "outside");
    assert_eq!(cases[3]["status"], "passed");
    let coverage = &flow["coverage"];
    assert_eq!(coverage["answers"]["covered"], 3);
    assert_eq!(coverage["answers"]["total"], 8);
    assert_eq!(coverage["answers"]["percent"], 37.5);
    assert_eq!(coverage["answers"]["uncovered"][0], "outside -> No");
    assert_eq!(
        coverage["verdicts"]["uncovered"],
        serde_json::json!(["eligible"])
    );

    // A bad test file: its diagnostics in place of cases, status `error`.
    let bad = test(&[
        &fixture("FLOW604_unknown-verdict-in-test.tests.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(bad.code, 2);
    let json = bad.json();
    assert_eq!(json["status"], "error");
    assert_eq!(
        json["flows"][0]["files"][0]["diagnostics"][0]["code"],
        "FLOW604"
    );
    assert_eq!(json["flows"][0]["files"][0]["diagnostics"][0]["line"], 6);
}

/// Per test suite: its name and counts; per test case: its name and child elements.
#[derive(Debug, Default)]
struct Junit {
    suites: Vec<(String, String, String, String)>,
    cases: Vec<(String, Vec<String>)>,
    failure_texts: Vec<String>,
}

fn parse_junit(xml: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut junit = Junit::default();
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| {
        e.try_get_attribute(name)
            .expect("attributes are well-formed")
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("attribute escapes are valid")
                    .into_owned()
            })
            .unwrap_or_default()
    };
    let mut in_failure = false;
    loop {
        match reader
            .read_event()
            .expect("JUnit output is well-formed XML")
        {
            Event::Start(e) if e.name().as_ref() == "testsuite" => junit.suites.push((
                attr(&e, "name"),
                attr(&e, "tests"),
                attr(&e, "failures"),
                attr(&e, "errors"),
            )),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "testcase" => {
                junit.cases.push((attr(&e, "name"), Vec::new()));
            }
            Event::Start(e) if matches!(e.name().as_ref(), "failure" | "error") => {
                let tag = e.name().as_ref().to_owned();
                junit.cases.last_mut().expect("inside a case").1.push(tag);
                junit.failure_texts.push(String::new());
                in_failure = true;
            }
            Event::Text(t) if in_failure => {
                let text = t.xml10_content().into_owned();
                junit.failure_texts.last_mut().unwrap().push_str(&text);
            }
            Event::GeneralRef(r) if in_failure => {
                let name: &str = r.as_ref();
                let c = match name {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity &{other};"),
                };
                junit.failure_texts.last_mut().unwrap().push_str(c);
            }
            Event::End(e) if matches!(e.name().as_ref(), "failure" | "error") => {
                in_failure = false;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    junit
}

#[test]
fn junit_has_a_suite_per_test_file_and_a_case_per_case() {
    let out = test(&[
        &fixture("failing.tests.toml"),
        &fixture("eligibility.tests.yaml"),
        &fixture("FLOW602_unknown-question-in-test.tests.toml"),
        "--format",
        "junit",
    ]);
    assert_eq!(out.code, 2, "{out:#?}");
    let junit = parse_junit(&out.stdout);
    let suites: Vec<(&str, &str, &str, &str)> = junit
        .suites
        .iter()
        .map(|(n, t, f, e)| (n.as_str(), t.as_str(), f.as_str(), e.as_str()))
        .collect();
    assert_eq!(
        suites,
        [
            (
                &*fixture("FLOW602_unknown-question-in-test.tests.toml"),
                "1",
                "0",
                "1"
            ),
            (&*fixture("eligibility.tests.yaml"), "3", "0", "0"),
            (&*fixture("failing.tests.toml"), "4", "3", "0"),
        ]
    );
    let kinds: Vec<(&str, Vec<&str>)> = junit
        .cases
        .iter()
        .map(|(n, k)| (n.as_str(), k.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        kinds[0],
        (
            &*fixture("FLOW602_unknown-question-in-test.tests.toml"),
            vec!["error"]
        )
    );
    assert_eq!(kinds[1], ("based abroad", vec![]));
    assert_eq!(kinds[4], ("abroad is eligible (wrong)", vec!["failure"]));
    assert_eq!(kinds[7], ("passes", vec![]));
    assert!(
        junit.failure_texts[0].contains("FLOW602"),
        "{:?}",
        junit.failure_texts
    );
    assert_eq!(
        junit.failure_texts[1],
        "expected: verdict eligible\nactual:   verdict twilio\nexpected path: (any)\n\
         actual path:   start -> us_canada -> twilio\n"
    );
}

#[test]
fn generate_writes_a_file_that_passes_with_full_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("eligibility.flow");
    std::fs::copy(root().join("flows/eligibility.flow"), &flow).unwrap();
    let out = exec(flowrun_in(dir.path()).args(["test", "--generate", "eligibility.flow"]));
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stderr
            .contains("wrote 5 cases to eligibility.tests.toml"),
        "{}",
        out.stderr
    );
    let written = std::fs::read_to_string(dir.path().join("eligibility.tests.toml")).unwrap();
    assert_eq!(written.matches("[[case]]").count(), 5);
    assert!(written.contains(
        "name = \"us_canada Yes, outside No, analytics No, hipaa No: eligible\"\n\
         answers = { us_canada = \"Yes\", outside = \"No\", analytics = \"No\", hipaa = \"No\" }\n\
         verdict = \"eligible\"\n"
    ));
    let run = exec(flowrun_in(dir.path()).args(["test", ".", "--min-coverage", "100"]));
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.stdout.contains("5 passed, 0 failed"));
    assert!(
        run.stdout
            .contains("answers 8/8 (100.0%), verdicts 2/2 (100.0%)")
    );

    // Elsewhere with -o: the file names its flow relative to itself, and still passes.
    let out = exec(flowrun_in(dir.path()).args([
        "test",
        "--generate",
        "eligibility.flow",
        "-o",
        "sub/cases.tests.toml",
    ]));
    assert_eq!(out.code, 2, "the directory does not exist: {out:#?}");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let out = exec(flowrun_in(dir.path()).args([
        "test",
        "--generate",
        "eligibility.flow",
        "-o",
        "sub/cases.tests.toml",
    ]));
    assert_eq!(out.code, 0, "{out:#?}");
    let written = std::fs::read_to_string(dir.path().join("sub/cases.tests.toml")).unwrap();
    assert!(
        written.contains("flow = \"../eligibility.flow\"\n"),
        "{written}"
    );
    let run = exec(flowrun_in(dir.path()).args(["test", "sub/cases.tests.toml"]));
    assert_eq!(run.code, 0, "{run:#?}");

    // Standard output, with a limit: the routes left out are counted.
    let out = exec(flowrun_in(dir.path()).args([
        "test",
        "--generate",
        "eligibility.flow",
        "-o",
        "-",
        "--limit",
        "2",
    ]));
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(out.stdout.matches("[[case]]").count(), 2);
    assert!(out.stdout.contains("# 3 more route(s) were left out"));
    assert!(
        out.stderr.contains("3 more route(s) left out"),
        "{}",
        out.stderr
    );
}

#[test]
fn generate_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("flows/eligibility.flow"),
        dir.path().join("e.flow"),
    )
    .unwrap();
    let existing = dir.path().join("e.tests.toml");
    std::fs::write(&existing, "# hand-written cases\n").unwrap();
    let out = exec(flowrun_in(dir.path()).args(["test", "--generate", "e.flow"]));
    assert_eq!(out.code, 2, "{out:#?}");
    insta::assert_snapshot!(out.stderr, @r"
    FLOW405

      × `e.tests.toml` already exists; not overwriting it
      help: pass --force to replace it, or -o FILE to write elsewhere (-o - for standard output)
    ");
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "# hand-written cases\n"
    );
    // Not even --force writes over the flow itself.
    let out = exec(flowrun_in(dir.path()).args([
        "test",
        "--generate",
        "e.flow",
        "-o",
        "e.flow",
        "--force",
    ]));
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        std::fs::read_to_string(dir.path().join("e.flow"))
            .unwrap()
            .starts_with("%%")
    );
    let out = exec(flowrun_in(dir.path()).args(["test", "--generate", "e.flow", "--force"]));
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        std::fs::read_to_string(&existing)
            .unwrap()
            .contains("[[case]]")
    );
    assert!(!Path::new(&dir.path().join("e.tests.toml.tmp")).exists());
}

#[test]
fn a_test_file_that_names_no_flow_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cases.toml"),
        "[[case]]\nname = \"a\"\nanswers = { us_canada = \"No\" }\nverdict = \"twilio\"\n",
    )
    .unwrap();
    let out = exec(flowrun_in(dir.path()).args(["test", "cases.toml"]));
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr
            .contains("cannot tell which flow `cases.toml` tests"),
        "{}",
        out.stderr
    );
    // Naming a flow that is not there underlines the name in the test file.
    std::fs::write(
        dir.path().join("cases.toml"),
        "flow = \"missing.flow\"\n[[case]]\nname = \"a\"\nverdict = \"twilio\"\n",
    )
    .unwrap();
    let out = exec(flowrun_in(dir.path()).args(["test", "cases.toml"]));
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("cases.toml:1:8"), "{}", out.stderr);
}

#[test]
fn the_flows_configuration_applies_and_a_broken_one_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("flows/eligibility.flow"),
        dir.path().join("e.flow"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("e.tests.toml"),
        "[[case]]\nname = \"a\"\nanswers = { us_canada = \"No\" }\nverdict = \"twilio\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("flowrun.toml"),
        "[rules]\nFLOW014 = \"of\"\n",
    )
    .unwrap();
    let out = exec(flowrun_in(dir.path()).args(["test", "."]));
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW501"), "{}", out.stderr);
}
