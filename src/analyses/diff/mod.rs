//! What changed in meaning between two versions of a flow: the structure (questions, answers and
//! verdicts matched by id, [`structure`]) and every route whose verdict changed ([`routes`]).

// Serves the command line: without it, compiled (it holds rule entries) but not used.
#[cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]
pub(crate) mod git;
#[cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]
pub(crate) mod report;
pub mod routes;
pub mod structure;

pub use routes::{ChangedRoute, NewOutcome, PairCount, RouteAnswer, RouteChanges, changed_routes};
pub use structure::{Structure, compare_structure};

use crate::checks::structure::ValidFlow;

/// What [`diff`] finds between an old and a new version of a flow.
#[derive(Clone, Debug)]
pub struct Diff {
    /// Questions, answers and verdicts added, removed or reworded.
    pub structure: Structure,
    /// The routes whose verdict changed, counted and (up to the limit) listed.
    pub routes: RouteChanges,
}

impl Diff {
    /// Whether the meaning changed. A walk that ran out of budget only happens when the graphs
    /// differ, so it counts as a change.
    #[must_use]
    pub fn changed(&self) -> bool {
        !self.structure.is_empty() || self.routes.total > 0 || !self.routes.complete
    }
}

/// Compares two valid flows; at most `limit` changed routes are listed (all are counted).
#[must_use]
pub fn diff(old: &ValidFlow, new: &ValidFlow, limit: usize) -> Diff {
    Diff {
        structure: compare_structure(old, new),
        routes: changed_routes(old, new, limit),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::{SourceFile, ValidFlow, analyze};

    /// A flow that must validate.
    pub(crate) fn valid(text: &str) -> ValidFlow {
        let analysis = analyze(
            &SourceFile::new("test.flow", text),
            &crate::Settings::default(),
        );
        let errors: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect();
        analysis
            .into_valid()
            .unwrap_or_else(|| panic!("the test flow is valid: {errors:?}\n{text}"))
    }
}
