//! `--format human`: cases and coverage on stdout; diagnostics and notes on stderr.

use std::fmt::Write as _;

use crate::analyses::flow_tests::coverage::Coverage;
use crate::analyses::flow_tests::suite::{FileReport, FlowStatus};

use super::{Report, path_text, percent};
use crate::cli::output;

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
    if crate::cli::quiet() {
        output::print_out(&out);
        return;
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
