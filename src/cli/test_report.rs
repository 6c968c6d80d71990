//! What `flowrun test` prints: for people (cases, failures with expected and actual, coverage
//! tables, a summary), as one JSON object, or as JUnit XML for CI test reports.

use std::fmt::Write as _;

use flowrun::Diagnostic;
use flowrun::testing::case::{CaseResult, End};
use flowrun::testing::coverage::Coverage;
use flowrun::testing::suite::{FileReport, FlowReport, FlowStatus, Suite};
use serde::Serialize;

use super::report::junit::{escape, lines};
use super::report::one_line;
use super::{Exit, output};

/// One run's results and what the command line asked of them.
pub(crate) struct Report<'a> {
    pub(crate) suite: &'a Suite,
    /// Paths that could not be searched.
    pub(crate) problems: &'a [Diagnostic],
    pub(crate) min_coverage: Option<f64>,
}

impl Report<'_> {
    fn passed(&self) -> usize {
        self.suite.cases().filter(|c| c.passed()).count()
    }

    fn failed(&self) -> usize {
        self.suite.cases().filter(|c| !c.passed()).count()
    }

    fn file_errors(&self) -> usize {
        self.suite.files().filter(|f| !f.errors.is_empty()).count()
    }

    /// Whether a flow's answer coverage is below `--min-coverage`.
    fn below(&self, coverage: &Coverage) -> bool {
        self.min_coverage
            .is_some_and(|min| coverage.answers_percent() + 1e-9 < min)
    }

    pub(crate) fn exit(&self) -> Exit {
        let input = !self.problems.is_empty()
            || !self.suite.config_problems.is_empty()
            || self.file_errors() > 0
            || self
                .suite
                .flows
                .iter()
                .any(|f| f.status == FlowStatus::Unreadable);
        if input {
            return Exit::Input;
        }
        let failing = self.failed() > 0
            || self.suite.flows.iter().any(|f| {
                f.status == FlowStatus::Invalid
                    || f.coverage.as_ref().is_some_and(|c| self.below(c))
            });
        if failing { Exit::FlowErrors } else { Exit::Ok }
    }
}

fn path_text(path: &[String]) -> String {
    path.join(" -> ")
}

fn percent(n: f64) -> String {
    format!("{n:.1}%")
}

/// Cases and coverage on stdout; diagnostics and notes on stderr.
pub(crate) fn human(report: &Report<'_>) {
    output::eprint_human(report.problems);
    output::eprint_human(&report.suite.config_problems);
    let mut out = String::new();
    for flow in &report.suite.flows {
        output::eprint_human(&flow.diagnostics);
        match flow.status {
            FlowStatus::Invalid => {
                let _ = writeln!(
                    out,
                    "{}: the flow has errors; its tests did not run",
                    flow.path
                );
            }
            FlowStatus::Unreadable => {
                let _ = writeln!(
                    out,
                    "{}: cannot read the flow; its tests did not run",
                    flow.path
                );
            }
            FlowStatus::Ok => {}
        }
        for file in &flow.files {
            human_file(&mut out, file, Some(&flow.path));
            if flow.status != FlowStatus::Ok && file.errors.is_empty() {
                let _ = writeln!(out, "  error  not run: the flow could not be used");
            }
        }
        if let Some(coverage) = &flow.coverage {
            human_coverage(&mut out, report, &flow.path, coverage);
        }
    }
    for file in &report.suite.orphans {
        human_file(&mut out, file, None);
    }
    note_untested(&report.suite.untested);
    let mut summary = format!("{} passed, {} failed", report.passed(), report.failed());
    let errors = report.file_errors();
    if errors > 0 {
        let _ = write!(
            summary,
            ", {errors} test file{} with errors",
            if errors == 1 { "" } else { "s" }
        );
    }
    if report.suite.flows.is_empty() && report.suite.orphans.is_empty() {
        summary = "no test files found; 0 passed, 0 failed".to_owned();
    }
    let _ = writeln!(out, "{summary}");
    output::print_out(&out);
}

/// Flows without tests are noted, not failed; a tree of many is summed up in one line.
fn note_untested(untested: &[String]) {
    const LISTED: usize = 5;
    if untested.len() <= LISTED {
        for flow in untested {
            eprintln!(
                "note: {flow} has no test file (`flowrun test --generate {flow}` writes one)"
            );
        }
    } else {
        eprintln!(
            "note: {} flows have no test file, e.g. {} (`flowrun test --generate FLOW` writes one)",
            untested.len(),
            untested[..3].join(", ")
        );
    }
}

fn human_file(out: &mut String, file: &FileReport, flow: Option<&str>) {
    output::eprint_human(&file.errors);
    let _ = match flow {
        Some(flow) => writeln!(out, "{} ({flow})", file.path),
        None => writeln!(out, "{}", file.path),
    };
    if !file.errors.is_empty() {
        let n = file.errors.len();
        let _ = writeln!(
            out,
            "  error  {n} problem{} in the test file (above); no case ran",
            if n == 1 { "" } else { "s" }
        );
    }
    for case in &file.cases {
        if case.passed() {
            let _ = writeln!(out, "  ok     {}", case.name);
            continue;
        }
        let _ = writeln!(out, "  FAIL   {}", case.name);
        let _ = writeln!(out, "           expected: {}", case.expected);
        let _ = writeln!(out, "           actual:   {}", case.actual);
        let expected_path = case
            .expected_path
            .as_deref()
            .map_or_else(|| "(any)".to_owned(), path_text);
        let _ = writeln!(out, "           expected path: {expected_path}");
        let _ = writeln!(
            out,
            "           actual path:   {}",
            path_text(&case.actual_path)
        );
    }
}

fn human_coverage(out: &mut String, report: &Report<'_>, flow: &str, c: &Coverage) {
    let _ = writeln!(
        out,
        "coverage of {flow}: answers {}/{} ({}), verdicts {}/{} ({})",
        c.answers_covered,
        c.answers_total,
        percent(c.answers_percent()),
        c.verdicts_covered,
        c.verdicts_total,
        percent(c.verdicts_percent())
    );
    let rows: Vec<(&str, String)> = c
        .uncovered_answers
        .iter()
        .map(|a| ("answer", a.to_string()))
        .chain(c.uncovered_verdicts.iter().map(|v| ("verdict", v.clone())))
        .collect();
    if !rows.is_empty() {
        let _ = writeln!(out, "  not covered by any case:");
        let _ = writeln!(out, "    kind     what");
        for (kind, what) in rows {
            let _ = writeln!(out, "    {kind:<8} {what}");
        }
    }
    if report.below(c) {
        let _ = writeln!(
            out,
            "  FAIL   answer coverage {} is below --min-coverage {}",
            percent(c.answers_percent()),
            percent(report.min_coverage.unwrap_or(0.0))
        );
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    /// `passed`, `failed` (a case, coverage or a flow failed) or `error` (input errors).
    status: &'static str,
    passed: usize,
    failed: usize,
    min_coverage: Option<f64>,
    flows: Vec<JsonFlow<'a>>,
    /// Test files whose flow is unknown.
    files_without_flow: Vec<JsonFile<'a>>,
    untested_flows: &'a [String],
    /// Paths that could not be searched, and broken `flowrun.toml` files.
    diagnostics: Vec<output::JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonFlow<'a> {
    flow: &'a str,
    /// `ok`, `invalid` (the flow has errors) or `unreadable`.
    status: &'static str,
    diagnostics: Vec<output::JsonDiagnostic<'a>>,
    files: Vec<JsonFile<'a>>,
    coverage: Option<JsonCoverage>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    diagnostics: Vec<output::JsonDiagnostic<'a>>,
    cases: Vec<JsonCase<'a>>,
}

#[derive(Serialize)]
struct JsonCase<'a> {
    name: &'a str,
    status: &'static str,
    expected: JsonEnd<'a>,
    actual: JsonEnd<'a>,
}

#[derive(Serialize)]
struct JsonEnd<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    needs: Option<&'a str>,
    /// Node ids from the start; `null` for an expectation that gives no path.
    path: Option<&'a [String]>,
}

#[derive(Serialize)]
struct JsonCoverage {
    answers: JsonShare,
    verdicts: JsonShare,
    /// `false` when --min-coverage is given and the answer coverage is below it.
    meets_min_coverage: bool,
}

#[derive(Serialize)]
struct JsonShare {
    covered: usize,
    total: usize,
    percent: f64,
    uncovered: Vec<String>,
}

fn json_end<'a>(end: &'a End, path: Option<&'a [String]>) -> JsonEnd<'a> {
    let (verdict, needs) = match end {
        End::Verdict(id) => (Some(id.as_str()), None),
        End::Needs(id) => (None, Some(id.as_str())),
    };
    JsonEnd {
        verdict,
        needs,
        path,
    }
}

fn json_file(file: &FileReport) -> JsonFile<'_> {
    JsonFile {
        file: &file.path,
        diagnostics: output::to_json(&file.errors),
        cases: file
            .cases
            .iter()
            .map(|c| JsonCase {
                name: &c.name,
                status: if c.passed() { "passed" } else { "failed" },
                expected: json_end(&c.expected, c.expected_path.as_deref()),
                actual: json_end(&c.actual, Some(&c.actual_path)),
            })
            .collect(),
    }
}

fn json_flow<'a>(report: &Report<'_>, flow: &'a FlowReport) -> JsonFlow<'a> {
    JsonFlow {
        flow: &flow.path,
        status: match flow.status {
            FlowStatus::Ok => "ok",
            FlowStatus::Invalid => "invalid",
            FlowStatus::Unreadable => "unreadable",
        },
        diagnostics: output::to_json(&flow.diagnostics),
        files: flow.files.iter().map(json_file).collect(),
        coverage: flow.coverage.as_ref().map(|c| JsonCoverage {
            answers: JsonShare {
                covered: c.answers_covered,
                total: c.answers_total,
                percent: c.answers_percent(),
                uncovered: c
                    .uncovered_answers
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            },
            verdicts: JsonShare {
                covered: c.verdicts_covered,
                total: c.verdicts_total,
                percent: c.verdicts_percent(),
                uncovered: c.uncovered_verdicts.clone(),
            },
            meets_min_coverage: !report.below(c),
        }),
    }
}

pub(crate) fn json<'a>(report: &'a Report<'a>) -> impl Serialize + 'a {
    JsonReport {
        status: match report.exit() {
            Exit::Ok => "passed",
            Exit::Input => "error",
            _ => "failed",
        },
        passed: report.passed(),
        failed: report.failed(),
        min_coverage: report.min_coverage,
        flows: report
            .suite
            .flows
            .iter()
            .map(|f| json_flow(report, f))
            .collect(),
        files_without_flow: report.suite.orphans.iter().map(json_file).collect(),
        untested_flows: &report.suite.untested,
        diagnostics: output::to_json(report.problems)
            .into_iter()
            .chain(output::to_json(&report.suite.config_problems))
            .collect(),
    }
}

/// JUnit XML: one `<testsuite>` per test file (named by its path, the flow in a property), one
/// `<testcase>` per case; a failing case has a `<failure>` with expected and actual, a test file
/// that could not run (it or its flow has errors) one `<testcase>` with an `<error>`. Paths that
/// could not be read go in a suite `inputs`, and with --min-coverage each flow's threshold is a
/// case in a suite `coverage`, so a CI report shows every reason the run failed.
pub(crate) fn junit(report: &Report<'_>) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
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
        tests += n;
        failures += f;
        errors += e;
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
                one_line(&first.message)
            } else {
                format!(
                    "{} (and {} more)",
                    one_line(&first.message),
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
            junit_case(&mut suites, &classname, case);
        }
        suites.push_str("  </testsuite>\n");
    }
    // Paths that could not be read and broken configuration: one error each.
    let inputs: Vec<&Diagnostic> = report
        .problems
        .iter()
        .chain(&report.suite.config_problems)
        .collect();
    if !inputs.is_empty() {
        let n = inputs.len();
        tests += n;
        errors += n;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"inputs\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">"
        );
        for d in inputs {
            let name = escape(super::report::file(d).unwrap_or("flowrun test"), true);
            let _ = writeln!(
                suites,
                "    <testcase name=\"{name}\" classname=\"inputs\">\n      \
                 <error message=\"{}\" type=\"{}\">{}</error>\n    </testcase>",
                escape(&one_line(&d.message), true),
                d.code.as_str(),
                escape(&lines(&[d]), false)
            );
        }
        suites.push_str("  </testsuite>\n");
    }
    // --min-coverage: one case per flow whose cases ran, failing below the threshold.
    if let Some(min) = report.min_coverage {
        let flows: Vec<(&FlowReport, &Coverage)> = report
            .suite
            .flows
            .iter()
            .filter_map(|f| f.coverage.as_ref().map(|c| (f, c)))
            .collect();
        let below = flows.iter().filter(|(_, c)| report.below(c)).count();
        tests += flows.len();
        failures += below;
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
