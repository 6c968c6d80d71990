//! Walking a valid flow with a set of answers, from the start to a verdict or to the first
//! question that has no answer.

use std::collections::HashMap;
use std::sync::Arc;

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::checks::structure::ValidFlow;
use crate::diagnostic::suggest::{MAX_SUGGESTIONS, closest};
use crate::diagnostic::{Code, Diagnostic, Rule, quote};
use crate::evaluate::answers::{Answer, Answers, Value};
use crate::flow::NodeKind;
use crate::flow::text::{match_key, one_line};
use crate::input::source::SourceFile;

pub(crate) const ANSWER_NOT_AN_OPTION: Rule = Rule::new(
    Code::AnswerNotAnOption,
    "an answer is not one of the question's options",
    "\
What it checks: that each answer in an answers file is one of the labels on the question's
edges. Matching ignores case and surrounding space, and `true`/`false` match yes/no-like labels.

Why: an answer that matches no edge cannot be followed; guessing would give a wrong verdict.

Example (the question `hipaa` has the answers Yes and No):
    { \"hipaa\": \"maybe\" }
Fix: use one of the listed options: `{ \"hipaa\": \"No\" }`.",
);

pub(crate) const UNKNOWN_QUESTION: Rule = Rule::new(
    Code::UnknownQuestion,
    "an answers file names a question the flow does not have",
    "\
What it checks: that every key of an answers file is the id of a node in the flow.

Why: a misspelt id leaves its question unanswered; the warning suggests the closest id.

Example:
    { \"hipa\": \"No\" }
Fix: use the question's id as written in the flow: `{ \"hipaa\": \"No\" }`.",
);

pub(crate) const ANSWER_NOT_A_LABEL: Rule = Rule::new(
    Code::AnswerNotALabel,
    "an answer is a list, a map or null instead of a label",
    "\
What it checks: that every answer is a string, a boolean or a number.

Why: an answer selects one edge by its label; a list or a map does not name one.

Example:
    { \"hipaa\": [\"Yes\"] }
Fix: `{ \"hipaa\": \"Yes\" }`.",
);

pub(crate) const ANSWER_FOR_NON_QUESTION: Rule = Rule::new(
    Code::AnswerForNonQuestion,
    "an answers file answers a node that is not a question",
    "\
What it checks: that every key of an answers file names a question (a rhombus), not a step or a
verdict.

Why: only questions read answers, so the entry has no effect; it is usually a wrong id.

Example (where `start` is the flow's start step):
    { \"start\": \"Yes\" }
Fix: remove the entry or use the id of the question meant.",
);

pub(crate) const INVALID_ANSWER_OFF_ROUTE: Rule = Rule::new(
    Code::InvalidAnswerOffRoute,
    "an answer that is no option (or not a label) is ignored: the route never reaches its question",
    "\
What it checks: answers that would be FLOW301 (not one of the options) or FLOW304 (a list, a map
or null) given to a question that the walk never reaches with the other answers. `flowrun run`
reports each as a warning; `flowrun batch` counts the records that have any (the summary's
`ignored answers off the route`, `warnings` in `--summary` JSON).

Why: an answer the route never reads cannot change the verdict, and stale answers to questions
off the route are common in exported or replayed data (a question whose options changed, a
field kept from an old version of the flow). Making each such record an error would hide the
real errors. The same answer to a question the route does reach is still an error (FLOW301,
FLOW304): the walk cannot go on without guessing.

Example (`us_canada = No` goes straight to the verdict `twilio`, so `hipaa` is never asked):
    { \"us_canada\": \"No\", \"hipaa\": \"maybe\" }
Fix: correct or remove the stale answer: `{ \"us_canada\": \"No\" }`. To make it an error
again, set `FLOW308 = \"error\"` in flowrun.toml (`flowrun run` only).",
);

/// Answers checked against the flow: for each answered question, the edge its answer selects.
#[derive(Debug, Default)]
pub struct Resolved {
    chosen: HashMap<NodeIndex, EdgeIndex>,
}

impl Resolved {
    /// Adds `other`'s answers, which replace any given here to the same questions: answers from
    /// `--answer` flags over those of a file.
    pub fn extend(&mut self, other: Resolved) {
        self.chosen.extend(other.chosen);
    }
}

/// Every answer checked against the flow, the invalid ones kept apart by question.
struct Checked {
    resolved: Resolved,
    warnings: Vec<Diagnostic>,
    /// Answers that select no edge (FLOW301, FLOW304), in the order written.
    invalid: Vec<(NodeIndex, Diagnostic)>,
}

/// One hop of a walk: the node, and for a question the answer label that was followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The node reached.
    pub node: NodeIndex,
    /// At a question, the label of the answer taken (the edge's
    /// [`label`](crate::flow::Edge::label)); `None` at a step, at the verdict, and at a question
    /// the walk stopped at.
    pub answer: Option<String>,
}

/// Where a walk ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// At this verdict.
    Verdict(NodeIndex),
    /// At this question: no answer to it was given.
    NeedsAnswer(NodeIndex),
}

/// A walk from the start with the answers given ([`walk`], [`walk_answers`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walk {
    /// The verdict reached, or the question left unanswered.
    pub outcome: Outcome,
    /// From the start to the verdict or the unanswered question, both included.
    pub path: Vec<Step>,
}

const YES_LIKE: &[&str] = &["yes", "y", "true", "on"];
const NO_LIKE: &[&str] = &["no", "n", "false", "off"];

/// Checks every answer against the flow. Returns the resolved answers and the warnings, or every
/// error found (all answers are checked, not only those on the route): the strict reading, for
/// test cases, whose answers are written by hand. `walk_answers` is what `flowrun run` does.
pub fn resolve(
    flow: &ValidFlow,
    answers: &Answers,
) -> Result<(Resolved, Vec<Diagnostic>), Vec<Diagnostic>> {
    let checked = check(flow, answers);
    if checked.invalid.is_empty() {
        Ok((checked.resolved, checked.warnings))
    } else {
        Err(checked.invalid.into_iter().map(|(_, d)| d).collect())
    }
}

/// Resolves and walks, as `flowrun run` (and `flowrun batch`, record by record) does: an answer
/// that selects no edge (FLOW301, FLOW304) is an error only when the walk reaches its question;
/// one to a question off the route is ignored with a FLOW308 warning, since it cannot change the
/// outcome. Returns the walk and the warnings, or the error of the first invalid answer the
/// route reads.
pub fn walk_answers(
    flow: &ValidFlow,
    answers: &Answers,
) -> Result<(Walk, Vec<Diagnostic>), Vec<Diagnostic>> {
    walk_answers_from(flow, std::slice::from_ref(answers))
}

/// [`walk_answers`] with answers from several sources (a file, then `--answer` flags): a later
/// source's answer to a question replaces an earlier one's.
pub fn walk_answers_from(
    flow: &ValidFlow,
    sources: &[Answers],
) -> Result<(Walk, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut resolved = Resolved::default();
    let mut warnings = Vec::new();
    let mut invalid: Vec<(NodeIndex, Diagnostic)> = Vec::new();
    for answers in sources {
        let checked = check(flow, answers);
        // A later answer to a question, valid or not, takes the place of an earlier invalid one.
        invalid.retain(|(q, _)| {
            !checked.resolved.chosen.contains_key(q) && !checked.invalid.iter().any(|(i, _)| i == q)
        });
        resolved.extend(checked.resolved);
        warnings.extend(checked.warnings);
        invalid.extend(checked.invalid);
    }
    let walked = walk(flow, &resolved);
    if let Outcome::NeedsAnswer(stop) = walked.outcome
        && let Some(i) = invalid.iter().position(|(q, _)| *q == stop)
    {
        // The walk stops at a question whose answer it cannot follow.
        return Err(vec![invalid.swap_remove(i).1]);
    }
    warnings.extend(invalid.into_iter().map(|(q, d)| off_route(flow, q, d)));
    Ok((walked, warnings))
}

/// An invalid answer the route never reads, as the FLOW308 warning that says it is ignored.
fn off_route(flow: &ValidFlow, question: NodeIndex, mut d: Diagnostic) -> Diagnostic {
    let id = &flow.node(question).id;
    d.message = format!(
        "{}; it is ignored, since the route does not reach `{id}`",
        d.message
    );
    d.code = Code::InvalidAnswerOffRoute;
    d.severity = Code::InvalidAnswerOffRoute.severity();
    for label in &mut d.labels {
        label.text = format!("ignored: {}", label.text);
    }
    d
}

/// Checks every answer of one source against the flow.
fn check(flow: &ValidFlow, answers: &Answers) -> Checked {
    let mut checked = Checked {
        resolved: Resolved::default(),
        warnings: Vec::new(),
        invalid: Vec::new(),
    };
    for answer in &answers.entries {
        checked.add(flow, answer, &answers.source);
    }
    checked
}

impl Checked {
    /// Checks one answer from `src`: it selects an edge, or is ignored with a warning (an
    /// unknown id, not a question), or is invalid (not a label, not an option).
    fn add(&mut self, flow: &ValidFlow, answer: &Answer, src: &Arc<SourceFile>) {
        let Some(question) = flow.node_index(&answer.question) else {
            let suggest = self.warnings.len() < MAX_SUGGESTIONS;
            self.warnings
                .push(unknown_question(flow, answer, suggest).in_file(src));
            return;
        };
        if !flow.node(question).is_question() {
            self.warnings.push(not_a_question(answer).in_file(src));
            return;
        }
        let given = match &answer.value {
            Value::Text(s) | Value::Number(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Other(kind) => {
                let d = not_a_label(flow, question, answer, kind);
                self.invalid.push((question, d.in_file(src)));
                return;
            }
        };
        match choose(flow, question, &given) {
            Some(edge) => {
                self.resolved.chosen.insert(question, edge);
            }
            None => {
                let d = not_an_option(flow, question, answer, &given);
                self.invalid.push((question, d.in_file(src)));
            }
        }
    }
}

/// `d` underlined at the answer's key (else its value), when the answer has a place.
fn at_key(d: Diagnostic, answer: &Answer, text: &str) -> Diagnostic {
    match answer.key_span.or(answer.value_span) {
        Some(span) => d.label(span, text),
        None => d,
    }
}

/// `d` underlined at the answer's value (else its key), when the answer has a place.
fn at_value(d: Diagnostic, answer: &Answer, text: &str) -> Diagnostic {
    match answer.value_span.or(answer.key_span) {
        Some(span) => d.label(span, text),
        None => d,
    }
}

/// The warning for an answer to an id the flow does not have, with the nearest question id
/// when `suggest` (suggestions stop after a few, each costs a pass over the questions).
fn unknown_question(flow: &ValidFlow, answer: &Answer, suggest: bool) -> Diagnostic {
    let d = Diagnostic::new(
        Code::UnknownQuestion,
        format!("the flow has no question `{}`", quote(&answer.question)),
    );
    let questions = flow
        .graph
        .node_indices()
        .filter(|&n| flow.kind(n) == NodeKind::Question)
        .map(|n| flow.node(n).id.as_str());
    let near = suggest
        .then(|| closest(&answer.question, questions))
        .flatten();
    let help = match near {
        Some(id) => format!("did you mean `{}`?", quote(id)),
        None => "this answer is ignored; check the question ids in the flow".to_owned(),
    };
    at_key(d, answer, "unknown id").help(help)
}

/// The warning for an answer to a node that is not a question.
fn not_a_question(answer: &Answer) -> Diagnostic {
    let d = Diagnostic::new(
        Code::AnswerForNonQuestion,
        format!(
            "`{}` is not a question, so its answer is ignored",
            quote(&answer.question)
        ),
    );
    at_key(d, answer, "not a question").help("only nodes drawn as a rhombus `id{...}` take answers")
}

/// The error for an answer that is a list, a map or null (`kind`) rather than a label.
fn not_a_label(flow: &ValidFlow, question: NodeIndex, answer: &Answer, kind: &str) -> Diagnostic {
    let d = Diagnostic::new(
        Code::AnswerNotALabel,
        format!(
            "the answer to `{}` is {kind}, not a label",
            quote(&answer.question)
        ),
    );
    at_value(d, answer, "expected one answer label").help(format!(
        "answer with one of: {}",
        quoted_options(flow, question)
    ))
}

/// The error for an answer `given` that is none of the question's options.
fn not_an_option(
    flow: &ValidFlow,
    question: NodeIndex,
    answer: &Answer,
    given: &str,
) -> Diagnostic {
    let opts = options(flow, question);
    let mut help = format!("the options are: {}", quoted_options(flow, question));
    if let Some(near) = closest(given, opts.iter().map(String::as_str)) {
        help = format!("did you mean `{}`? {help}", quote(near));
    }
    let d = Diagnostic::new(
        Code::AnswerNotAnOption,
        format!(
            "`{}` is not an answer to `{}` ({})",
            quote(given),
            quote(&answer.question),
            quote(&one_line(&flow.node(question).text))
        ),
    );
    at_value(d, answer, "not one of the options").help(help)
}

/// The edge a given answer selects: by label (ignoring case and surrounding space, a line break
/// in a label read as a space, as `options` prints it), else yes/no-like.
#[must_use]
pub fn choose(flow: &ValidFlow, question: NodeIndex, given: &str) -> Option<EdgeIndex> {
    let key = match_key(given);
    let labelled = || {
        flow.out_edges(question)
            .filter_map(|e| flow.graph[e].label.as_deref().map(|l| (e, match_key(l))))
    };
    if let Some((edge, _)) = labelled().find(|(_, label)| *label == key) {
        return Some(edge);
    }
    let family = [YES_LIKE, NO_LIKE]
        .into_iter()
        .find(|f| f.contains(&key.as_str()))?;
    let mut matches = labelled().filter(|(_, label)| family.contains(&label.as_str()));
    let first = matches.next()?;
    // Two yes-like labels (`Yes` and `Y`) leave the answer ambiguous.
    matches.next().is_none().then_some(first.0)
}

/// The answer labels of a question for a hint: each quoted (cut when long), comma-separated.
fn quoted_options(flow: &ValidFlow, question: NodeIndex) -> String {
    let options = options(flow, question);
    let quoted: Vec<_> = options.iter().map(|o| quote(o)).collect();
    quoted.join(", ")
}

/// The answer labels of a question, in the order they were written.
#[must_use]
pub fn options(flow: &ValidFlow, question: NodeIndex) -> Vec<String> {
    flow.out_edges(question)
        .filter_map(|e| flow.graph[e].label.clone())
        .map(|l| one_line(&l))
        .collect()
}

/// Walks from the start. Iterative; a valid flow has no cycle, so it ends.
#[must_use]
pub fn walk(flow: &ValidFlow, answers: &Resolved) -> Walk {
    let mut path = Vec::new();
    let mut at = flow.start();
    loop {
        match flow.kind(at) {
            NodeKind::Verdict => {
                path.push(Step {
                    node: at,
                    answer: None,
                });
                return Walk {
                    outcome: Outcome::Verdict(at),
                    path,
                };
            }
            NodeKind::Question => {
                let Some(&edge) = answers.chosen.get(&at) else {
                    path.push(Step {
                        node: at,
                        answer: None,
                    });
                    return Walk {
                        outcome: Outcome::NeedsAnswer(at),
                        path,
                    };
                };
                path.push(Step {
                    node: at,
                    answer: flow.graph[edge].label.clone(),
                });
                at = flow.graph.edge_endpoints(edge).expect("edge exists").1;
            }
            NodeKind::Step => {
                path.push(Step {
                    node: at,
                    answer: None,
                });
                let edge = flow.out_edges(at).next().expect("a step has one edge");
                at = flow.graph.edge_endpoints(edge).expect("edge exists").1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SourceFile, analyze};

    fn flow(text: &str) -> ValidFlow {
        let analysis = analyze(
            &SourceFile::new("t.flow", text),
            &crate::Settings::default(),
        );
        analysis.into_valid().expect("a valid flow")
    }

    #[test]
    fn a_label_on_two_lines_is_answered_on_one() {
        let flow =
            flow("flowchart TD\n    q{Ready?} -->|two<br/>words| a[A]\n    q -->|other| b[B]\n");
        let q = flow.node_index("q").expect("q");
        assert_eq!(options(&flow, q), ["two words", "other"]);
        let edge = choose(&flow, q, "Two Words").expect("the two-line label matches");
        assert_eq!(flow.graph[edge].label.as_deref(), Some("two\nwords"));
        assert!(choose(&flow, q, "two\nwords").is_some());
        assert!(choose(&flow, q, "two  words").is_none());
        assert!(choose(&flow, q, "twowords").is_none());
    }

    #[test]
    fn yes_like_answers_pick_the_yes_label() {
        let flow = flow("flowchart TD\n    q{Ready?} -->|Yes| a[A]\n    q -->|No| b[B]\n");
        let q = flow.node_index("q").expect("q");
        let label = |given| choose(&flow, q, given).and_then(|e| flow.graph[e].label.clone());
        assert_eq!(label("true").as_deref(), Some("Yes"));
        assert_eq!(label(" n ").as_deref(), Some("No"));
        assert_eq!(label("maybe"), None);
    }
}
