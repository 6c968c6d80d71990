//! What `flowrun test` prints, one module per format: `human` (cases, failures with expected
//! and actual, coverage tables, a summary), `json` (one object) and `junit` (XML for CI test
//! reports). All read the same [`Report`].

mod human;
mod json;
mod junit;

pub(crate) use human::human;
pub(crate) use json::json;
pub(crate) use junit::junit;

use crate::Diagnostic;
use crate::analyses::flow_tests::coverage::Coverage;
use crate::analyses::flow_tests::suite::{FlowStatus, Suite};

use super::Exit;

/// One run's results and what the command line asked of them.
pub(crate) struct Report<'a> {
    pub(crate) suite: &'a Suite,
    /// Paths that could not be searched.
    pub(crate) problems: &'a [Diagnostic],
    pub(crate) min_coverage: Option<f64>,
}

impl Report<'_> {
    pub(super) fn passed(&self) -> usize {
        self.suite.cases().filter(|c| c.passed()).count()
    }

    pub(super) fn failed(&self) -> usize {
        self.suite.cases().filter(|c| !c.passed()).count()
    }

    pub(super) fn file_errors(&self) -> usize {
        self.suite.files().filter(|f| !f.errors.is_empty()).count()
    }

    /// Whether a flow's answer coverage is below `--min-coverage`.
    pub(super) fn below(&self, coverage: &Coverage) -> bool {
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

pub(super) fn path_text(path: &[String]) -> String {
    path.join(" -> ")
}

pub(super) fn percent(n: f64) -> String {
    format!("{n:.1}%")
}
