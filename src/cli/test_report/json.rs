//! `--format json`: one object with every flow, test file and case, and coverage per flow.

use crate::analyses::flow_tests::case::End;
use crate::analyses::flow_tests::suite::{FileReport, FlowReport, FlowStatus};
use serde::Serialize;

use super::Report;
use crate::cli::{Exit, output};

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
