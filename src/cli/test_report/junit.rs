//! `--format junit`: JUnit XML for CI test reports.

use std::fmt::Write as _;

use crate::Diagnostic;
use crate::analyses::flow_tests::case::CaseResult;
use crate::analyses::flow_tests::coverage::Coverage;
use crate::analyses::flow_tests::suite::{FlowReport, FlowStatus};

use super::{Report, path_text, percent};
use crate::cli::report::file;
use crate::cli::report::junit::{escape, lines};
use crate::flow::text::message_line;

/// JUnit XML: one `<testsuite>` per test file (named by its path, the flow in a property), one
/// `<testcase>` per case; a failing case has a `<failure>` with expected and actual, a test file
/// that could not run (it or its flow has errors) one `<testcase>` with an `<error>`. Paths that
/// could not be read go in a suite `inputs`, and with --min-coverage each flow's threshold is a
/// case in a suite `coverage`, so a CI report shows every reason the run failed.
pub(crate) fn junit(report: &Report<'_>) -> String {
    let mut suites = String::new();
    let mut totals = Totals::default();
    file_suites(report, &mut suites, &mut totals);
    inputs_suite(report, &mut suites, &mut totals);
    coverage_suite(report, &mut suites, &mut totals);
    let Totals {
        tests,
        failures,
        errors,
    } = totals;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"flowrun test\" tests=\"{tests}\" failures=\"{failures}\" \
         errors=\"{errors}\" skipped=\"0\">"
    );
    out.push_str(&suites);
    out.push_str("</testsuites>\n");
    out
}

/// The counts of the whole report, summed over its suites.
#[derive(Default)]
struct Totals {
    tests: usize,
    failures: usize,
    errors: usize,
}

impl Totals {
    fn add(&mut self, tests: usize, failures: usize, errors: usize) {
        self.tests += tests;
        self.failures += failures;
        self.errors += errors;
    }
}

/// One suite per test file: its cases, or one error saying why none ran.
fn file_suites(report: &Report<'_>, suites: &mut String, totals: &mut Totals) {
    let flows = report
        .suite
        .flows
        .iter()
        .flat_map(|f| f.files.iter().map(move |file| (Some(f), file)));
    let orphans = report.suite.orphans.iter().map(|file| (None, file));
    for (flow, file) in flows.chain(orphans) {
        // Why nothing ran: the file's own problems, else its flow's.
        let blocking: Vec<&Diagnostic> = if file.errors.is_empty() {
            flow.filter(|f| f.status != FlowStatus::Ok)
                .map(|f| f.diagnostics.iter().filter(|d| d.is_error()).collect())
                .unwrap_or_default()
        } else {
            file.errors.iter().collect()
        };
        let (n, f, e) = if blocking.is_empty() {
            let failed = file.cases.iter().filter(|c| !c.passed()).count();
            (file.cases.len(), failed, 0)
        } else {
            (1, 0, 1)
        };
        totals.add(n, f, e);
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{f}\" errors=\"{e}\" skipped=\"0\">",
            escape(&file.path, true)
        );
        if let Some(flow) = flow {
            let _ = writeln!(
                suites,
                "    <properties>\n      <property name=\"flow\" value=\"{}\"/>\n    </properties>",
                escape(&flow.path, true)
            );
        }
        let classname = escape(&file.path, true);
        if let Some(first) = blocking.first() {
            let summary = if blocking.len() == 1 {
                message_line(&first.message)
            } else {
                format!(
                    "{} (and {} more)",
                    message_line(&first.message),
                    blocking.len() - 1
                )
            };
            let _ = writeln!(
                suites,
                "    <testcase name=\"{classname}\" classname=\"{classname}\">\n      \
                 <error message=\"{}\" type=\"{}\">{}</error>\n    </testcase>",
                escape(&summary, true),
                first.code.as_str(),
                escape(&lines(&blocking), false)
            );
        }
        for case in &file.cases {
            junit_case(suites, &classname, case);
        }
        suites.push_str("  </testsuite>\n");
    }
}

/// Paths that could not be read and broken configuration, one error each, in a suite `inputs`.
fn inputs_suite(report: &Report<'_>, suites: &mut String, totals: &mut Totals) {
    let inputs: Vec<&Diagnostic> = report
        .problems
        .iter()
        .chain(&report.suite.config_problems)
        .collect();
    if inputs.is_empty() {
        return;
    }
    let n = inputs.len();
    totals.add(n, 0, n);
    let _ = writeln!(
        suites,
        "  <testsuite name=\"inputs\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">"
    );
    for d in inputs {
        let name = escape(file(d).unwrap_or("flowrun test"), true);
        let _ = writeln!(
            suites,
            "    <testcase name=\"{name}\" classname=\"inputs\">\n      \
             <error message=\"{}\" type=\"{}\">{}</error>\n    </testcase>",
            escape(&message_line(&d.message), true),
            d.code.as_str(),
            escape(&lines(&[d]), false)
        );
    }
    suites.push_str("  </testsuite>\n");
}

/// With --min-coverage, a suite `coverage`: one case per flow whose cases ran, failing below
/// the threshold.
fn coverage_suite(report: &Report<'_>, suites: &mut String, totals: &mut Totals) {
    let Some(min) = report.min_coverage else {
        return;
    };
    let flows: Vec<(&FlowReport, &Coverage)> = report
        .suite
        .flows
        .iter()
        .filter_map(|f| f.coverage.as_ref().map(|c| (f, c)))
        .collect();
    let below = flows.iter().filter(|(_, c)| report.below(c)).count();
    totals.add(flows.len(), below, 0);
    let _ = writeln!(
        suites,
        "  <testsuite name=\"coverage\" tests=\"{}\" failures=\"{below}\" errors=\"0\" \
         skipped=\"0\">",
        flows.len()
    );
    for (flow, c) in flows {
        let name = escape(
            &format!("answer coverage of {} >= {}", flow.path, percent(min)),
            true,
        );
        if report.below(c) {
            let uncovered: Vec<String> = c
                .uncovered_answers
                .iter()
                .map(ToString::to_string)
                .collect();
            let _ = writeln!(
                suites,
                "    <testcase name=\"{name}\" classname=\"coverage\">\n      \
                 <failure message=\"{}\" type=\"coverage\">not covered: {}</failure>\n    \
                 </testcase>",
                escape(
                    &format!("answer coverage is {}", percent(c.answers_percent())),
                    true
                ),
                escape(&uncovered.join(", "), false)
            );
        } else {
            let _ = writeln!(
                suites,
                "    <testcase name=\"{name}\" classname=\"coverage\"/>"
            );
        }
    }
    suites.push_str("  </testsuite>\n");
}

fn junit_case(out: &mut String, classname: &str, case: &CaseResult) {
    let name = escape(&case.name, true);
    if case.passed() {
        let _ = writeln!(
            out,
            "    <testcase name=\"{name}\" classname=\"{classname}\"/>"
        );
        return;
    }
    let message = case.mismatch().unwrap_or_default();
    let expected_path = case
        .expected_path
        .as_deref()
        .map_or_else(|| "(any)".to_owned(), path_text);
    let body = format!(
        "expected: {}\nactual:   {}\nexpected path: {expected_path}\nactual path:   {}\n",
        case.expected,
        case.actual,
        path_text(&case.actual_path)
    );
    let _ = writeln!(
        out,
        "    <testcase name=\"{name}\" classname=\"{classname}\">\n      \
         <failure message=\"{}\" type=\"assertion\">{}</failure>\n    </testcase>",
        escape(&message, true),
        escape(&body, false)
    );
}
