//! Checking a test file against its flow before anything runs: every id a case names must be in
//! the flow, every answer one of its question's options, and each case must expect one outcome.
//! Every problem of every case is reported at once, underlined in the test file.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;

use crate::checks::structure::ValidFlow;
use crate::diagnostic::suggest::{MAX_SUGGESTIONS, closest};
use crate::diagnostic::{Code, Diagnostic, Rule, sort_by_position};
use crate::evaluate::answers::{Answer, Answers};
use crate::evaluate::walk::{self, Outcome, Resolved};
use crate::flow::NodeKind;
use crate::input::source::SourceFile;

use super::file::{Case, Located, TestFile};

pub(crate) const UNKNOWN_QUESTION_IN_TEST: Rule = Rule::new(
    Code::UnknownQuestionInTest,
    "a test case answers a question the flow does not have",
    "\
What it checks: that every key of a case's `answers` is the id of a question (a rhombus) in the
flow under test.

Why: in an answers file an unknown id is only a warning (FLOW302), but a test that answers a
question the flow does not have tests something other than what its author meant. The
diagnostic suggests the closest question id.

Example:
    answers = { us_canda = \"Yes\" }
Fix: `answers = { us_canada = \"Yes\" }`.",
);

pub(crate) const ANSWER_NOT_AN_OPTION_IN_TEST: Rule = Rule::new(
    Code::AnswerNotAnOptionInTest,
    "a test case gives an answer that is not one of the question's options",
    "\
What it checks: that each answer in a case matches one of the labels on the question's edges,
as `flowrun run` matches them (case and surrounding space ignored, `true`/`false` for yes/no
labels), and is a label at all (not a list or a map).

Why: an answer that matches no edge cannot be followed, so the case could not run.

Example (the question `hipaa` has the answers Yes and No):
    answers = { hipaa = \"Yse\" }
Fix: `answers = { hipaa = \"Yes\" }`.",
);

pub(crate) const UNKNOWN_VERDICT_IN_TEST: Rule = Rule::new(
    Code::UnknownVerdictInTest,
    "a test case expects a verdict the flow does not have",
    "\
What it checks: that the `verdict` a case expects is the id of a verdict node (a node with no
way out) of the flow.

Why: a case expecting a verdict that cannot be reached would always fail, for a reason that has
nothing to do with the answers. The diagnostic suggests the closest verdict id.

Example:
    verdict = \"eligable\"
Fix: `verdict = \"eligible\"`.",
);

pub(crate) const UNKNOWN_PATH_NODE: Rule = Rule::new(
    Code::UnknownPathNode,
    "a test case's expected path names a node the flow does not have",
    "\
What it checks: that every id in a case's `path` is a node of the flow.

Why: a path through a node that does not exist can never match; it is a typo or a node that was
renamed. The diagnostic suggests the closest id.

Example:
    path = [\"start\", \"us_canda\", \"twilio\"]
Fix: `path = [\"start\", \"us_canada\", \"twilio\"]`.",
);

pub(crate) const NEEDS_NOT_A_QUESTION: Rule = Rule::new(
    Code::NeedsNotAQuestion,
    "a test case's `needs` names something that is not a question",
    "\
What it checks: that the `needs` of a case (\"the walk stops, needing an answer to this\")
names a question of the flow.

Why: only a question can need an answer; any other id would make the case fail whatever the
answers. The diagnostic suggests the closest question id.

Example:
    needs = \"twilio\"
Fix: name a question, e.g. `needs = \"outside\"`, or expect the verdict: `verdict = \"twilio\"`.",
);

pub(crate) const AMBIGUOUS_EXPECTATION: Rule = Rule::new(
    Code::AmbiguousExpectation,
    "a test case expects both a verdict and a question, or neither",
    "\
What it checks: that every case has exactly one expected outcome: `verdict = \"ID\"` (the walk
ends at this verdict) or `needs = \"QUESTION\"` (the walk stops at this unanswered question).

Why: a walk ends in one way only, so a case with both can never pass, and a case with neither
tests nothing.

Example:
    [[case]]
    name = \"not in the US\"
    answers = { us_canada = \"No\" }
Fix: add `verdict = \"twilio\"`.",
);

pub(crate) const DUPLICATE_CASE_NAME: Rule = Rule::new(
    Code::DuplicateCaseName,
    "two cases of a test file have the same name",
    "\
What it checks: that the cases of a test file have different names.

Why: reports (and CI test pages fed by `--format junit`) name a case by its name; two with one
name cannot be told apart, and one usually is a copy that was meant to be edited.

Example:
    [[case]]
    name = \"eligible\"
    ...
    [[case]]
    name = \"eligible\"
Fix: give the second case a name that says what it tests.",
);

/// A case ready to run: its answers resolved against the flow, its expectations as nodes.
#[derive(Debug)]
pub struct Prepared {
    pub name: String,
    /// The line of the case's name in the test file, when the reader gave its place.
    pub line: Option<usize>,
    pub resolved: Resolved,
    pub expected: Outcome,
    pub expected_path: Option<Vec<NodeIndex>>,
}

/// Suggestions cost a comparison with every candidate; past this many, none are made.
struct Suggester {
    made: usize,
}

impl Suggester {
    fn near<'a>(
        &mut self,
        word: &str,
        candidates: impl Iterator<Item = &'a str>,
    ) -> Option<String> {
        if self.made >= MAX_SUGGESTIONS {
            return None;
        }
        self.made += 1;
        closest(word, candidates).map(str::to_owned)
    }
}

fn ids_of_kind(flow: &ValidFlow, kind: NodeKind) -> impl Iterator<Item = &str> {
    flow.graph
        .node_indices()
        .filter(move |&n| flow.kind(n) == kind)
        .map(|n| flow.node(n).id.as_str())
}

fn at<T>(d: Diagnostic, value: &Located<T>, text: &str) -> Diagnostic {
    match value.span {
        Some(span) => d.label(span, text),
        None => d,
    }
}

/// Every case prepared, or every problem found in the file.
pub fn prepare(flow: &ValidFlow, file: &TestFile) -> Result<Vec<Prepared>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut prepared = Vec::new();
    let mut suggest = Suggester { made: 0 };
    let mut names: HashMap<&str, &Located<String>> = HashMap::new();
    for case in &file.cases {
        // Each repeat points back at the first case of that name.
        if let Some(first) = names.get(case.name.value.as_str()).copied() {
            let mut d = at(
                Diagnostic::new(
                    Code::DuplicateCaseName,
                    format!("two cases are named `{}`", case.name.value),
                ),
                &case.name,
                "named again here",
            );
            if let Some(span) = first.span {
                d = d.label(span, "first named here");
            }
            errors.push(
                d.help("give each case a name that says what it tests; reports name cases by it")
                    .in_file(&file.source),
            );
        } else {
            names.insert(&case.name.value, &case.name);
        }
        match prepare_case(flow, &file.source, case, &mut suggest) {
            Ok(case) => prepared.push(case),
            Err(mut found) => errors.append(&mut found),
        }
    }
    if errors.is_empty() {
        Ok(prepared)
    } else {
        sort_by_position(&mut errors);
        Err(errors)
    }
}

/// One case prepared, or every problem found in it.
fn prepare_case(
    flow: &ValidFlow,
    source: &std::sync::Arc<SourceFile>,
    case: &Case,
    suggest: &mut Suggester,
) -> Result<Prepared, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let resolved = resolve_answers(flow, source, case, suggest, &mut errors);
    let expected = expect(flow, source, case, suggest, &mut errors);
    let expected_path = case
        .path
        .as_ref()
        .map(|path| expect_path(flow, source, path, suggest, &mut errors));
    match (resolved, expected) {
        (Some(resolved), Some(expected)) if errors.is_empty() => Ok(Prepared {
            name: case.name.value.clone(),
            line: case.name.span.map(|span| source.line_col(span.start).0),
            resolved,
            expected,
            expected_path,
        }),
        _ => Err(errors),
    }
}

/// The case's answers resolved against the flow. Unknown ids and non-questions are checked
/// here; the options by `walk::resolve`, exactly as `flowrun run` checks them.
fn resolve_answers(
    flow: &ValidFlow,
    source: &std::sync::Arc<SourceFile>,
    case: &Case,
    suggest: &mut Suggester,
    errors: &mut Vec<Diagnostic>,
) -> Option<Resolved> {
    let mut known = Vec::new();
    for answer in &case.answers {
        let is_question = flow
            .node_index(&answer.question)
            .is_some_and(|n| flow.kind(n) == NodeKind::Question);
        if is_question {
            known.push(answer.clone());
        } else {
            errors.push(not_a_question(flow, answer, suggest).in_file(source));
        }
    }
    let answers = Answers {
        source: std::sync::Arc::clone(source),
        entries: known,
    };
    match walk::resolve(flow, &answers) {
        Ok((resolved, _warnings)) => Some(resolved),
        Err(found) => {
            // The same problems `run` reports, under the test-file code.
            errors.extend(found.into_iter().map(|mut d| {
                d.code = Code::AnswerNotAnOptionInTest;
                d.severity = Code::AnswerNotAnOptionInTest.severity();
                d
            }));
            None
        }
    }
}

/// The error for a case's answer to an id that is not a question of the flow.
fn not_a_question(flow: &ValidFlow, answer: &Answer, suggest: &mut Suggester) -> Diagnostic {
    let questions = || ids_of_kind(flow, NodeKind::Question);
    let message = if flow.node_index(&answer.question).is_some() {
        format!(
            "`{}` is not a question, so it takes no answer",
            answer.question
        )
    } else {
        format!("the flow has no question `{}`", answer.question)
    };
    let help = match suggest.near(&answer.question, questions()) {
        Some(id) => format!("did you mean `{id}`?"),
        None => format!("the questions are: {}", list(questions())),
    };
    let mut d = Diagnostic::new(Code::UnknownQuestionInTest, message);
    if let Some(span) = answer.key_span.or(answer.value_span) {
        d = d.label(span, "not a question of the flow");
    }
    d.help(help)
}

/// The outcome the case expects: a verdict or a question that needs an answer, one of them.
fn expect(
    flow: &ValidFlow,
    source: &std::sync::Arc<SourceFile>,
    case: &Case,
    suggest: &mut Suggester,
    errors: &mut Vec<Diagnostic>,
) -> Option<Outcome> {
    match (&case.verdict, &case.needs) {
        (Some(verdict), None) => expect_verdict(flow, source, verdict, suggest, errors),
        (None, Some(needs)) => expect_needs(flow, source, needs, suggest, errors),
        (Some(verdict), Some(needs)) => {
            let mut d = at(
                Diagnostic::new(
                    Code::AmbiguousExpectation,
                    format!(
                        "case `{}` expects both a verdict and a question that needs an answer",
                        case.name.value
                    ),
                ),
                needs,
                "second expectation",
            );
            if let Some(span) = verdict.span {
                d = d.label(span, "first expectation");
            }
            errors.push(
                d.help("a walk ends at a verdict or at an unanswered question, not both: keep one")
                    .in_file(source),
            );
            None
        }
        (None, None) => {
            errors.push(
                at(
                    Diagnostic::new(
                        Code::AmbiguousExpectation,
                        format!("case `{}` expects no outcome", case.name.value),
                    ),
                    &case.name,
                    "this case has neither `verdict` nor `needs`",
                )
                .help(
                    "add `verdict = \"ID\"` (the walk ends at this verdict) or `needs = \
                     \"QUESTION\"` (the walk stops there, needing an answer)",
                )
                .in_file(source),
            );
            None
        }
    }
}

/// The nodes of the path the case expects, those the flow has (each other id is an error).
fn expect_path(
    flow: &ValidFlow,
    source: &std::sync::Arc<SourceFile>,
    path: &[Located<String>],
    suggest: &mut Suggester,
    errors: &mut Vec<Diagnostic>,
) -> Vec<NodeIndex> {
    let mut nodes = Vec::with_capacity(path.len());
    for id in path {
        if let Some(n) = flow.node_index(&id.value) {
            nodes.push(n);
            continue;
        }
        let all = flow.graph.node_indices().map(|n| flow.node(n).id.as_str());
        let help = match suggest.near(&id.value, all) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "a path lists node ids from the start to the verdict or question the walk \
                     ends at; `flowrun paths FLOW` lists routes"
                .to_owned(),
        };
        errors.push(
            at(
                Diagnostic::new(
                    Code::UnknownPathNode,
                    format!("the flow has no node `{}`", id.value),
                ),
                id,
                "not a node of the flow",
            )
            .help(help)
            .in_file(source),
        );
    }
    nodes
}

fn expect_verdict(
    flow: &ValidFlow,
    source: &std::sync::Arc<SourceFile>,
    verdict: &Located<String>,
    suggest: &mut Suggester,
    errors: &mut Vec<Diagnostic>,
) -> Option<Outcome> {
    let node = flow.node_index(&verdict.value);
    if let Some(n) = node.filter(|&n| flow.kind(n) == NodeKind::Verdict) {
        return Some(Outcome::Verdict(n));
    }
    let verdicts = || ids_of_kind(flow, NodeKind::Verdict);
    let message = if node.is_some() {
        format!("`{}` is not a verdict of the flow", verdict.value)
    } else {
        format!("the flow has no verdict `{}`", verdict.value)
    };
    let mut help = format!("the verdicts are: {}", list(verdicts()));
    if let Some(near) = suggest.near(&verdict.value, verdicts()) {
        help = format!("did you mean `{near}`? {help}");
    } else if node.is_some_and(|n| flow.kind(n) == NodeKind::Question) {
        help = format!("to expect the walk to stop at this question, write `needs`; {help}");
    }
    errors.push(
        at(
            Diagnostic::new(Code::UnknownVerdictInTest, message),
            verdict,
            "not a verdict",
        )
        .help(help)
        .in_file(source),
    );
    None
}

fn expect_needs(
    flow: &ValidFlow,
    source: &std::sync::Arc<SourceFile>,
    needs: &Located<String>,
    suggest: &mut Suggester,
    errors: &mut Vec<Diagnostic>,
) -> Option<Outcome> {
    let node = flow.node_index(&needs.value);
    if let Some(n) = node.filter(|&n| flow.kind(n) == NodeKind::Question) {
        return Some(Outcome::NeedsAnswer(n));
    }
    let questions = || ids_of_kind(flow, NodeKind::Question);
    let message = match node.map(|n| flow.kind(n)) {
        Some(NodeKind::Verdict) => format!(
            "`{}` is a verdict, not a question that can need an answer",
            needs.value
        ),
        Some(_) => format!("`{}` is not a question", needs.value),
        None => format!("the flow has no question `{}`", needs.value),
    };
    let mut help = format!("the questions are: {}", list(questions()));
    if node.is_some_and(|n| flow.kind(n) == NodeKind::Verdict) {
        help = format!("to expect this verdict, write `verdict` instead of `needs`; {help}");
    } else if let Some(near) = suggest.near(&needs.value, questions()) {
        help = format!("did you mean `{near}`? {help}");
    }
    errors.push(
        at(
            Diagnostic::new(Code::NeedsNotAQuestion, message),
            needs,
            "not a question",
        )
        .help(help)
        .in_file(source),
    );
    None
}

/// `a, b, c`, or the first few and a count, so a large flow's help stays one line.
fn list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    const SHOWN: usize = 10;
    let mut shown: Vec<&str> = Vec::new();
    let mut more = 0usize;
    for id in ids {
        if shown.len() < SHOWN {
            shown.push(id);
        } else {
            more += 1;
        }
    }
    let mut text = shown.join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::flow_tests::file::{Format, parse};

    fn problems(toml: &str) -> Vec<(Code, String)> {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/eligibility.flow"),
        )
        .unwrap();
        let flow = crate::analyze(
            &SourceFile::new("e.flow", text),
            &crate::Settings::default(),
        )
        .into_valid()
        .unwrap();
        let source = SourceFile::new("t.tests.toml", toml);
        let file = parse(&source, Format::Toml).unwrap();
        match prepare(&flow, &file) {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|d| {
                    let span = d.primary_span().expect("every problem is underlined");
                    (d.code, toml[span.start..span.end].to_owned())
                })
                .collect(),
        }
    }

    #[test]
    fn every_problem_of_every_case_is_found_and_underlined() {
        let found = problems(
            "[[case]]\nname = \"a\"\nanswers = { hipa = \"No\", start = \"Yes\", us_canada = \"Maybe\" }\n\
             verdict = \"outside\"\npath = [\"start\", \"nowhere\"]\n\
             [[case]]\nname = \"a\"\nneeds = \"twilio\"\n\
             [[case]]\nname = \"a\"\nneeds = \"nothing\"\n",
        );
        assert_eq!(
            found,
            [
                (Code::UnknownQuestionInTest, "hipa".to_owned()),
                (Code::UnknownQuestionInTest, "start".to_owned()),
                (Code::AnswerNotAnOptionInTest, "\"Maybe\"".to_owned()),
                (Code::UnknownVerdictInTest, "\"outside\"".to_owned()),
                (Code::UnknownPathNode, "\"nowhere\"".to_owned()),
                (Code::DuplicateCaseName, "\"a\"".to_owned()),
                (Code::NeedsNotAQuestion, "\"twilio\"".to_owned()),
                (Code::DuplicateCaseName, "\"a\"".to_owned()),
                (Code::NeedsNotAQuestion, "\"nothing\"".to_owned()),
            ]
        );
    }

    #[test]
    fn a_repeated_name_points_back_at_the_first_case() {
        let toml = "[[case]]\nname = \"a\"\nverdict = \"twilio\"\n\
                    [[case]]\nname = \"a\"\nverdict = \"twilio\"\n\
                    [[case]]\nname = \"a\"\nverdict = \"twilio\"\n";
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/eligibility.flow"),
        )
        .unwrap();
        let flow = crate::analyze(
            &SourceFile::new("e.flow", text),
            &crate::Settings::default(),
        )
        .into_valid()
        .unwrap();
        let file = parse(&SourceFile::new("t", toml), Format::Toml).unwrap();
        let errors = prepare(&flow, &file).unwrap_err();
        assert_eq!(errors.len(), 2);
        let first = file.cases[0].name.span.unwrap();
        for d in &errors {
            assert_eq!(d.labels[1].span, first);
        }
    }

    #[test]
    fn a_valid_case_is_prepared_with_its_expectations() {
        assert!(
            problems(
                "[[case]]\nname = \"a\"\nanswers = { us_canada = \"yes\" }\nneeds = \"outside\"\n\
             path = [\"start\", \"us_canada\", \"outside\"]\n"
            )
            .is_empty()
        );
    }
}
