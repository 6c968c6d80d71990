//! Answering a flow one question at a time, as `flowrun ask` does: where the session stands,
//! the route so far, going back, and the answers given on the route. No terminal code here; the
//! command line drives a `Session` from keys or from lines of input.

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::checks::structure::ValidFlow;
use crate::evaluate::walk::{self, Outcome, Step, Walk};
use crate::flow::NodeKind;

/// Where a session stands: at a question waiting for an answer, or at the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Position {
    Question(NodeIndex),
    Verdict(NodeIndex),
}

/// One answer a question offers: its label as written (display-normalised) and its edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Choice {
    pub label: String,
    pub edge: EdgeIndex,
}

/// A walk through a valid flow driven one answer at a time.
///
/// Every operation costs at most the length of the route it adds or removes: answering walks
/// through the steps after the question, going back cuts the route at the last question.
#[derive(Debug)]
pub(crate) struct Session<'f> {
    flow: &'f ValidFlow,
    /// The nodes passed so far, from the start, the current node excluded; questions carry the
    /// answer chosen there.
    route: Vec<Step>,
    /// Where in `route` each answered question sits, oldest first: what `back` returns to.
    answered: Vec<usize>,
    at: NodeIndex,
}

impl<'f> Session<'f> {
    /// A session at the flow's first question (or its verdict, for a flow without questions).
    #[must_use]
    pub(crate) fn new(flow: &'f ValidFlow) -> Self {
        let mut session = Session {
            flow,
            route: Vec::new(),
            answered: Vec::new(),
            at: flow.start(),
        };
        session.pass_steps();
        session
    }

    #[must_use]
    pub(crate) fn flow(&self) -> &'f ValidFlow {
        self.flow
    }

    #[must_use]
    pub(crate) fn position(&self) -> Position {
        match self.flow.kind(self.at) {
            NodeKind::Question => Position::Question(self.at),
            // `pass_steps` never stops at a step, so anything else is the verdict.
            NodeKind::Verdict | NodeKind::Step => Position::Verdict(self.at),
        }
    }

    /// The answers the current question offers, in the order they were written; none at the
    /// verdict.
    #[must_use]
    pub(crate) fn choices(&self) -> Vec<Choice> {
        if !matches!(self.position(), Position::Question(_)) {
            return Vec::new();
        }
        self.flow
            .out_edges(self.at)
            .filter_map(|edge| {
                let label = self.flow.graph[edge].label.clone()?;
                Some(Choice { label, edge })
            })
            .collect()
    }

    /// The choice a typed answer names: a label matched as `flowrun run` matches answers
    /// (ignoring case and surrounding space, `true`/`false` for yes/no-like labels), else the
    /// option's number counted from 1. A label wins over a number, so a label `2` means itself.
    #[must_use]
    pub(crate) fn find_choice(&self, given: &str) -> Option<usize> {
        let Position::Question(question) = self.position() else {
            return None;
        };
        let choices = self.choices();
        if let Some(edge) = walk::choose(self.flow, question, given) {
            return choices.iter().position(|c| c.edge == edge);
        }
        let number: usize = given.trim().parse().ok()?;
        (1..=choices.len()).contains(&number).then(|| number - 1)
    }

    /// Takes the `choice`-th answer (counted from 0) of the current question and moves on past
    /// any steps. Returns false, changing nothing, at the verdict or for a choice out of range.
    pub(crate) fn answer(&mut self, choice: usize) -> bool {
        let Some(Choice { label, edge }) = self.choices().into_iter().nth(choice) else {
            return false;
        };
        self.answered.push(self.route.len());
        self.route.push(Step {
            node: self.at,
            answer: Some(label),
        });
        self.at = self.target(edge);
        self.pass_steps();
        true
    }

    /// Whether there is an answered question to go back to.
    #[must_use]
    pub(crate) fn can_go_back(&self) -> bool {
        !self.answered.is_empty()
    }

    /// Returns to the last question answered, forgetting its answer and everything after it.
    /// Returns false, changing nothing, when no question has been answered yet.
    pub(crate) fn back(&mut self) -> bool {
        let Some(at) = self.answered.pop() else {
            return false;
        };
        self.at = self.route[at].node;
        self.route.truncate(at);
        true
    }

    /// The nodes passed so far, the current one excluded.
    #[must_use]
    pub(crate) fn route(&self) -> &[Step] {
        &self.route
    }

    /// The answers on the route, oldest first, as (question id, answer label). Answers given and
    /// then gone back over are not here.
    #[must_use]
    pub(crate) fn answers(&self) -> Vec<(String, String)> {
        self.answered
            .iter()
            .map(|&i| {
                let step = &self.route[i];
                let label = step.answer.clone().unwrap_or_default();
                (self.flow.node(step.node).id.clone(), label)
            })
            .collect()
    }

    /// The session as a walk: the route plus the current node, which is the verdict or the
    /// question still waiting for an answer. What `flowrun run` would print for these answers.
    #[must_use]
    pub(crate) fn walk(&self) -> Walk {
        let mut path = self.route.clone();
        path.push(Step {
            node: self.at,
            answer: None,
        });
        let outcome = match self.position() {
            Position::Question(q) => Outcome::NeedsAnswer(q),
            Position::Verdict(v) => Outcome::Verdict(v),
        };
        Walk { outcome, path }
    }

    fn target(&self, edge: EdgeIndex) -> NodeIndex {
        self.flow
            .graph
            .edge_endpoints(edge)
            .expect("an edge of the flow")
            .1
    }

    /// Moves through steps, which ask nothing, to the next question or verdict. Iterative; a
    /// valid flow has no cycle, so it ends.
    fn pass_steps(&mut self) {
        while self.flow.kind(self.at) == NodeKind::Step {
            self.route.push(Step {
                node: self.at,
                answer: None,
            });
            let edge = self
                .flow
                .out_edges(self.at)
                .next()
                .expect("a step has one edge");
            self.at = self.target(edge);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::answers::{self, Format};

    fn valid(text: &str) -> ValidFlow {
        let source = crate::SourceFile::new("t.flow", text);
        crate::analyze(&source, &crate::Settings::default())
            .into_valid()
            .expect("a valid flow")
    }

    fn eligibility() -> ValidFlow {
        valid(include_str!("../../flows/eligibility.flow"))
    }

    fn id(session: &Session) -> String {
        let (Position::Question(n) | Position::Verdict(n)) = session.position();
        session.flow().node(n).id.clone()
    }

    fn route(session: &Session) -> Vec<String> {
        session
            .route()
            .iter()
            .map(|s| {
                let id = &session.flow().node(s.node).id;
                match &s.answer {
                    Some(a) => format!("{id}={a}"),
                    None => id.clone(),
                }
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(q, a)| ((*q).to_owned(), (*a).to_owned()))
            .collect()
    }

    #[test]
    fn starts_at_the_first_question_past_the_start_step() {
        let flow = eligibility();
        let session = Session::new(&flow);
        assert_eq!(id(&session), "us_canada");
        assert!(matches!(session.position(), Position::Question(_)));
        assert_eq!(route(&session), ["start"]);
        let labels: Vec<_> = session.choices().into_iter().map(|c| c.label).collect();
        assert_eq!(labels, ["Yes", "No"]);
        assert!(!session.can_go_back());
        assert!(session.answers().is_empty());
    }

    #[test]
    fn answering_moves_on_and_records_the_route() {
        let flow = eligibility();
        let mut session = Session::new(&flow);
        assert!(session.answer(0));
        assert_eq!(id(&session), "outside");
        assert_eq!(route(&session), ["start", "us_canada=Yes"]);
        assert!(session.answer(1));
        assert_eq!(id(&session), "twilio");
        assert!(matches!(session.position(), Position::Verdict(_)));
        assert!(session.choices().is_empty());
        assert!(!session.answer(0), "nothing to answer at the verdict");
        assert_eq!(
            session.answers(),
            pairs(&[("us_canada", "Yes"), ("outside", "Yes")])
        );
        let walk = session.walk();
        assert_eq!(
            walk.outcome,
            Outcome::Verdict(flow.node_index("twilio").unwrap())
        );
        assert_eq!(walk.path.len(), 4);
    }

    #[test]
    fn a_choice_out_of_range_changes_nothing() {
        let flow = eligibility();
        let mut session = Session::new(&flow);
        assert!(!session.answer(2));
        assert_eq!(id(&session), "us_canada");
        assert_eq!(route(&session), ["start"]);
    }

    #[test]
    fn back_at_the_start_changes_nothing() {
        let flow = eligibility();
        let mut session = Session::new(&flow);
        assert!(!session.back());
        assert_eq!(id(&session), "us_canada");
        assert_eq!(route(&session), ["start"]);
    }

    #[test]
    fn back_returns_over_the_steps_after_a_question() {
        // q1 -> a step -> another step -> q2: back from q2 lands on q1, not on a step.
        let flow = valid(
            "flowchart TD\n\
             s[Start] --> q1{First?}\n\
             q1 -->|Yes| m1[Note] --> m2[Another note] --> q2{Second?}\n\
             q1 -->|No| v1[Done]\n\
             q2 -->|Yes| v2[Yes]\n\
             q2 -->|No| v3[No]\n",
        );
        let mut session = Session::new(&flow);
        assert!(session.answer(0));
        assert_eq!(id(&session), "q2");
        assert_eq!(route(&session), ["s", "q1=Yes", "m1", "m2"]);
        assert!(session.back());
        assert_eq!(id(&session), "q1");
        assert_eq!(route(&session), ["s"]);
        assert!(session.answers().is_empty());
        assert!(!session.back());
    }

    #[test]
    fn answers_are_those_of_the_final_route_after_going_back() {
        let flow = eligibility();
        let mut session = Session::new(&flow);
        assert!(session.answer(0)); // us_canada = Yes
        assert!(session.answer(0)); // outside = No
        assert!(session.answer(0)); // analytics = No
        assert!(session.back()); // to analytics
        assert!(session.back()); // to outside
        assert!(session.back()); // to us_canada
        assert!(session.answer(1)); // us_canada = No: the Twilio verdict at once
        assert_eq!(id(&session), "twilio");
        assert_eq!(session.answers(), pairs(&[("us_canada", "No")]));
        assert_eq!(route(&session), ["start", "us_canada=No"]);

        // Going back from a verdict, then choosing differently, changes the answer.
        assert!(session.back());
        assert!(session.answer(0));
        assert!(session.answer(1)); // outside = Yes
        assert_eq!(
            session.answers(),
            pairs(&[("us_canada", "Yes"), ("outside", "Yes")])
        );
    }

    #[test]
    fn typed_answers_match_labels_like_run_then_numbers() {
        let flow = eligibility();
        let session = Session::new(&flow);
        assert_eq!(session.find_choice("yes"), Some(0));
        assert_eq!(session.find_choice("  NO "), Some(1));
        assert_eq!(session.find_choice("true"), Some(0));
        assert_eq!(session.find_choice("1"), Some(0));
        assert_eq!(session.find_choice("2"), Some(1));
        assert_eq!(session.find_choice("3"), None);
        assert_eq!(session.find_choice("0"), None);
        assert_eq!(session.find_choice("maybe"), None);

        // A label that is a number means itself, not a position.
        let flow =
            valid("flowchart TD\nq{How many?} -->|2| a[Two]\nq -->|1| b[One]\nq -->|3| c[Three]\n");
        let session = Session::new(&flow);
        assert_eq!(session.find_choice("1"), Some(1));
        assert_eq!(session.find_choice("2"), Some(0));
    }

    #[test]
    fn a_flow_without_questions_is_at_its_verdict() {
        let flow = valid("flowchart TD\na[Start] --> b[Only verdict]\n");
        let session = Session::new(&flow);
        assert_eq!(id(&session), "b");
        assert!(session.choices().is_empty());
        assert_eq!(session.find_choice("1"), None);
    }

    #[test]
    fn the_answers_walk_to_the_same_verdict_in_every_format() {
        let flow = eligibility();
        let mut session = Session::new(&flow);
        for _ in 0..4 {
            assert!(session.answer(0));
        }
        assert_eq!(id(&session), "eligible");
        for format in [Format::Json, Format::Yaml, Format::Toml] {
            let text = answers::to_text(&session.answers(), format).unwrap();
            let source = crate::SourceFile::new("saved", text.clone());
            let parsed = answers::parse(&source, format).expect(&text);
            let (resolved, warnings) = walk::resolve(&flow, &parsed).expect(&text);
            assert!(warnings.is_empty(), "{text}");
            assert_eq!(walk::walk(&flow, &resolved), session.walk(), "{text}");
        }
    }
}
