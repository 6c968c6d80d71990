//! `--format junit`: JUnit XML for CI test reports, written with quick-xml.

use std::time::Duration;

use crate::Diagnostic;
use crate::analyses::flow_tests::case::CaseResult;
use crate::analyses::flow_tests::coverage::Coverage;
use crate::analyses::flow_tests::suite::{FlowReport, FlowStatus};

use super::{Report, path_text, percent};
use crate::cli::report::junit::{Xml, lines, seconds};
use crate::cli::report::{self, position};
use crate::flow::text::message_line;

/// JUnit XML: one `<testsuite>` per test file (named by its path, the flow in a property), one
/// `<testcase>` per case; a failing case has a `<failure>` with expected and actual, a test file
/// that could not run (it or its flow has errors) one `<testcase>` with an `<error>`. Paths that
/// could not be read go in a suite `inputs`, and with --min-coverage each flow's threshold is a
/// case in a suite `coverage`, so a CI report shows every reason the run failed.
///
/// Every `<testcase>` has `file` (the test file; the file at fault for `inputs`, the flow for
/// `coverage`), `line` where known (the case's `name` in its test file, the first problem's
/// line), and `time` in seconds (a case's walk); each suite's `time` is its cases' sum.
pub(crate) fn junit(report: &Report<'_>) -> String {
    let mut suites = Vec::new();
    file_suites(report, &mut suites);
    inputs_suite(report, &mut suites);
    coverage_suite(report, &mut suites);
    let tests = suites.iter().map(|s| s.cases.len()).sum::<usize>();
    let failures = suites.iter().map(Suite::failures).sum::<usize>();
    let errors = suites.iter().map(Suite::errors).sum::<usize>();
    let time = suites.iter().map(Suite::time).sum::<Duration>();
    let mut xml = Xml::new();
    xml.open(
        "testsuites",
        &[
            ("name", "flowrun test".to_owned()),
            ("tests", tests.to_string()),
            ("failures", failures.to_string()),
            ("errors", errors.to_string()),
            ("skipped", "0".to_owned()),
            ("time", seconds(time)),
        ],
    );
    for suite in &suites {
        suite.write(&mut xml);
    }
    xml.close("testsuites");
    xml.finish()
}

/// One `<testsuite>` before it is written.
struct Suite {
    name: String,
    /// The flow a test file tests (a property).
    flow: Option<String>,
    cases: Vec<Case>,
}

/// One `<testcase>` before it is written.
struct Case {
    name: String,
    classname: String,
    file: Option<String>,
    line: Option<usize>,
    time: Duration,
    outcome: Option<Outcome>,
}

/// A `<failure>` or `<error>`: its tag, `message`, `type` and text.
struct Outcome {
    tag: &'static str,
    message: String,
    kind: String,
    text: String,
}

impl Suite {
    fn failures(&self) -> usize {
        self.count("failure")
    }

    fn errors(&self) -> usize {
        self.count("error")
    }

    fn count(&self, tag: &str) -> usize {
        self.cases
            .iter()
            .filter(|c| c.outcome.as_ref().is_some_and(|o| o.tag == tag))
            .count()
    }

    fn time(&self) -> Duration {
        self.cases.iter().map(|c| c.time).sum()
    }

    fn write(&self, xml: &mut Xml) {
        xml.open(
            "testsuite",
            &[
                ("name", self.name.clone()),
                ("tests", self.cases.len().to_string()),
                ("failures", self.failures().to_string()),
                ("errors", self.errors().to_string()),
                ("skipped", "0".to_owned()),
                ("time", seconds(self.time())),
            ],
        );
        if let Some(flow) = &self.flow {
            xml.open("properties", &[]);
            xml.empty(
                "property",
                &[("name", "flow".to_owned()), ("value", flow.clone())],
            );
            xml.close("properties");
        }
        for case in &self.cases {
            let mut attributes = vec![
                ("name", case.name.clone()),
                ("classname", case.classname.clone()),
            ];
            if let Some(file) = &case.file {
                attributes.push(("file", file.clone()));
            }
            if let Some(line) = case.line {
                attributes.push(("line", line.to_string()));
            }
            attributes.push(("time", seconds(case.time)));
            match &case.outcome {
                None => xml.empty("testcase", &attributes),
                Some(outcome) => {
                    xml.open("testcase", &attributes);
                    xml.element(
                        outcome.tag,
                        &[
                            ("message", outcome.message.clone()),
                            ("type", outcome.kind.clone()),
                        ],
                        &outcome.text,
                    );
                    xml.close("testcase");
                }
            }
        }
        xml.close("testsuite");
    }
}

/// An `<error>` for diagnostics: the first one's message (and how many more), all as text.
fn error(diagnostics: &[&Diagnostic]) -> Option<Outcome> {
    let first = diagnostics.first()?;
    let message = if diagnostics.len() == 1 {
        message_line(&first.message)
    } else {
        format!(
            "{} (and {} more)",
            message_line(&first.message),
            diagnostics.len() - 1
        )
    };
    Some(Outcome {
        tag: "error",
        message,
        kind: first.code.as_str().to_owned(),
        text: lines(diagnostics),
    })
}

/// One suite per test file: its cases, or one error saying why none ran.
fn file_suites(run: &Report<'_>, suites: &mut Vec<Suite>) {
    let flows = run
        .suite
        .flows
        .iter()
        .flat_map(|f| f.files.iter().map(move |file| (Some(f), file)));
    let orphans = run.suite.orphans.iter().map(|file| (None, file));
    for (flow, file) in flows.chain(orphans) {
        // Why nothing ran: the file's own problems, else its flow's.
        let blocking: Vec<&Diagnostic> = if file.errors.is_empty() {
            flow.filter(|f| f.status != FlowStatus::Ok)
                .map(|f| f.diagnostics.iter().filter(|d| d.is_error()).collect())
                .unwrap_or_default()
        } else {
            file.errors.iter().collect()
        };
        let mut cases = Vec::new();
        if let Some(outcome) = error(&blocking) {
            cases.push(Case {
                name: file.path.clone(),
                classname: file.path.clone(),
                file: Some(file.path.clone()),
                // The line of the first problem when it is in the test file itself.
                line: blocking
                    .first()
                    .filter(|d| report::file(d) == Some(file.path.as_str()))
                    .and_then(|d| position(d))
                    .map(|p| p.line),
                time: Duration::ZERO,
                outcome: Some(outcome),
            });
        } else {
            cases.extend(file.cases.iter().map(|c| case(&file.path, c)));
        }
        suites.push(Suite {
            name: file.path.clone(),
            flow: flow.map(|f| f.path.clone()),
            cases,
        });
    }
}

/// Paths that could not be read and broken configuration, one error each, in a suite `inputs`.
fn inputs_suite(report: &Report<'_>, suites: &mut Vec<Suite>) {
    let cases: Vec<Case> = report
        .problems
        .iter()
        .chain(&report.suite.config_problems)
        .map(|d| Case {
            name: report::file(d).unwrap_or("flowrun test").to_owned(),
            classname: "inputs".to_owned(),
            file: report::file(d).map(str::to_owned),
            line: position(d).map(|p| p.line),
            time: Duration::ZERO,
            outcome: error(&[d]),
        })
        .collect();
    if !cases.is_empty() {
        suites.push(Suite {
            name: "inputs".to_owned(),
            flow: None,
            cases,
        });
    }
}

/// With --min-coverage, a suite `coverage`: one case per flow whose cases ran, failing below
/// the threshold.
fn coverage_suite(report: &Report<'_>, suites: &mut Vec<Suite>) {
    let Some(min) = report.min_coverage else {
        return;
    };
    let flows: Vec<(&FlowReport, &Coverage)> = report
        .suite
        .flows
        .iter()
        .filter_map(|f| f.coverage.as_ref().map(|c| (f, c)))
        .collect();
    let cases = flows
        .into_iter()
        .map(|(flow, c)| Case {
            name: format!("answer coverage of {} >= {}", flow.path, percent(min)),
            classname: "coverage".to_owned(),
            file: Some(flow.path.clone()),
            line: None,
            time: Duration::ZERO,
            outcome: report.below(c).then(|| {
                let uncovered: Vec<String> = c
                    .uncovered_answers
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                Outcome {
                    tag: "failure",
                    message: format!("answer coverage is {}", percent(c.answers_percent())),
                    kind: "coverage".to_owned(),
                    text: format!("not covered: {}", uncovered.join(", ")),
                }
            }),
        })
        .collect();
    suites.push(Suite {
        name: "coverage".to_owned(),
        flow: None,
        cases,
    });
}

fn case(file: &str, case: &CaseResult) -> Case {
    let outcome = (!case.passed()).then(|| {
        let expected_path = case
            .expected_path
            .as_deref()
            .map_or_else(|| "(any)".to_owned(), path_text);
        Outcome {
            tag: "failure",
            message: case.mismatch().unwrap_or_default(),
            kind: "assertion".to_owned(),
            text: format!(
                "expected: {}\nactual:   {}\nexpected path: {expected_path}\nactual path:   {}\n",
                case.expected,
                case.actual,
                path_text(&case.actual_path)
            ),
        }
    });
    Case {
        name: case.name.clone(),
        classname: file.to_owned(),
        file: Some(file.to_owned()),
        line: case.line,
        time: case.time,
        outcome,
    }
}
