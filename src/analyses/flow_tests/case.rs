//! Running one prepared case: walk the flow with its answers and compare the outcome (and the
//! route, when the case gives one) with what it expects.

use petgraph::graph::NodeIndex;

use crate::checks::structure::ValidFlow;
use crate::evaluate::walk::{self, Outcome, Walk};

use super::check::Prepared;

/// How a walk ended, by node id: what a report prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    Verdict(String),
    Needs(String),
}

impl End {
    fn of(flow: &ValidFlow, outcome: &Outcome) -> End {
        match *outcome {
            Outcome::Verdict(n) => End::Verdict(flow.node(n).id.clone()),
            Outcome::NeedsAnswer(n) => End::Needs(flow.node(n).id.clone()),
        }
    }
}

impl std::fmt::Display for End {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            End::Verdict(id) => write!(f, "verdict {id}"),
            End::Needs(id) => write!(f, "needs an answer to {id}"),
        }
    }
}

/// One case's result, in node ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseResult {
    pub name: String,
    /// The line of the case in its test file, when known (JUnit's `line`).
    pub line: Option<usize>,
    /// How long the walk took (JUnit's `time`).
    pub time: std::time::Duration,
    pub expected: End,
    /// The expected route, when the case gives one.
    pub expected_path: Option<Vec<String>>,
    pub actual: End,
    pub actual_path: Vec<String>,
}

impl CaseResult {
    #[must_use]
    pub fn passed(&self) -> bool {
        self.expected == self.actual
            && self
                .expected_path
                .as_ref()
                .is_none_or(|p| *p == self.actual_path)
    }
}

impl CaseResult {
    /// What went wrong, on one line: the outcome when it differs, else the route.
    #[must_use]
    pub fn mismatch(&self) -> Option<String> {
        if self.expected != self.actual {
            return Some(format!("expected {}, got {}", self.expected, self.actual));
        }
        let expected = self.expected_path.as_ref()?;
        (*expected != self.actual_path).then(|| {
            format!(
                "expected the route {}, got {}",
                expected.join(" -> "),
                self.actual_path.join(" -> ")
            )
        })
    }
}

/// Walks the case's answers and returns the result with the walk, which coverage reads.
#[must_use]
pub fn run(flow: &ValidFlow, case: &Prepared) -> (CaseResult, Walk) {
    let start = std::time::Instant::now();
    let walk = walk::walk(flow, &case.resolved);
    let ids = |nodes: &mut dyn Iterator<Item = NodeIndex>| -> Vec<String> {
        nodes.map(|n| flow.node(n).id.clone()).collect()
    };
    let result = CaseResult {
        name: case.name.clone(),
        line: case.line,
        expected: End::of(flow, &case.expected),
        expected_path: case
            .expected_path
            .as_ref()
            .map(|p| ids(&mut p.iter().copied())),
        actual: End::of(flow, &walk.outcome),
        actual_path: ids(&mut walk.path.iter().map(|s| s.node)),
        time: std::time::Duration::ZERO,
    };
    let result = CaseResult {
        time: start.elapsed(),
        ..result
    };
    (result, walk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::flow_tests::{check, file};

    fn eligibility() -> ValidFlow {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/eligibility.flow"),
        )
        .unwrap();
        crate::analyze(
            &crate::SourceFile::new("e.flow", text),
            &crate::Settings::default(),
        )
        .into_valid()
        .unwrap()
    }

    fn results(toml: &str) -> Vec<CaseResult> {
        let flow = eligibility();
        let source = crate::SourceFile::new("t.tests.toml", toml);
        let tests = file::parse(&source, file::Format::Toml).unwrap();
        let cases = check::prepare(&flow, &tests).unwrap();
        cases.iter().map(|c| run(&flow, c).0).collect()
    }

    #[test]
    fn a_case_passes_when_outcome_and_path_match() {
        let r = results(
            "[[case]]\nname = \"abroad\"\nanswers = { us_canada = \"no\" }\nverdict = \
             \"twilio\"\npath = [\"start\", \"us_canada\", \"twilio\"]\n\
             [[case]]\nname = \"stops\"\nanswers = { us_canada = \"Yes\" }\nneeds = \"outside\"\n",
        );
        assert!(r.iter().all(CaseResult::passed), "{r:#?}");
        assert_eq!(r[1].actual, End::Needs("outside".into()));
        assert_eq!(r[1].actual_path, ["start", "us_canada", "outside"]);
    }

    #[test]
    fn a_wrong_outcome_or_a_wrong_path_fails() {
        let r = results(
            "[[case]]\nname = \"wrong verdict\"\nanswers = { us_canada = \"No\" }\nverdict = \
             \"eligible\"\n\
             [[case]]\nname = \"wrong path\"\nanswers = { us_canada = \"No\" }\nverdict = \
             \"twilio\"\npath = [\"start\", \"twilio\"]\n\
             [[case]]\nname = \"wrong needs\"\nanswers = {}\nneeds = \"hipaa\"\n",
        );
        assert!(r.iter().all(|c| !c.passed()), "{r:#?}");
        assert_eq!(r[0].actual, End::Verdict("twilio".into()));
        assert_eq!(r[1].expected, r[1].actual);
        assert_eq!(
            r[1].mismatch().unwrap(),
            "expected the route start -> twilio, got start -> us_canada -> twilio"
        );
        assert_eq!(
            r[0].mismatch().unwrap(),
            "expected verdict eligible, got verdict twilio"
        );
        assert_eq!(r[2].actual, End::Needs("us_canada".into()));
    }
}
