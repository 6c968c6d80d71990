//! Deciding at run time: a valid flow compiled once into a [`Decider`], then asked for any
//! number of decisions, from any number of threads. This is what a service or another program
//! embedding flowrun calls; `flowrun batch` runs the same compiled walk over files.

use crate::checks::structure::ValidFlow;
use crate::diagnostic::Code;
use crate::evaluate::batch::compiled::{CompiledFlow, Key, Outcome, Scratch};

/// A valid flow ready to decide: its questions and answer labels resolved to dense tables, so a
/// decision allocates little and never re-reads the flow. It is `Send` and `Sync`: share one
/// behind an `Arc` between threads.
#[derive(Debug)]
pub struct Decider {
    flow: ValidFlow,
    compiled: CompiledFlow,
}

/// Where a decision ended, and the route that led there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// A verdict, or the question the answers left open.
    pub outcome: Ending,
    /// The ids of the nodes walked, from the start to the outcome's node.
    pub route: Vec<String>,
    /// How many answers named no option of questions the route never reached: they cannot
    /// change the outcome, so they were ignored (`flowrun run` warns of each with FLOW308).
    pub ignored_answers: usize,
}

/// How a decision ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// A verdict was reached.
    Verdict {
        /// The verdict's node id: `eligible` in `eligible[Eligible]`.
        id: String,
        /// Its display text: `Eligible`.
        text: String,
    },
    /// The walk stopped at a question no answer was given for.
    NeedsAnswer {
        /// The question's node id: `hipaa` in `hipaa{Do you need HIPAA compliance?}`.
        id: String,
        /// Its display text: `Do you need HIPAA compliance?`.
        question: String,
    },
}

/// Why answers could not be used: a code of the answers family and a message naming the
/// question (and, for an answer that is not an option, the options).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerError {
    /// [`Code::AnswerNotAnOption`] (`FLOW301`) for an answer that is none of the question's
    /// options, [`Code::MalformedRecord`] (`FLOW306`) for a question answered twice.
    pub code: Code,
    /// What was wrong, e.g. `` `Maybe` is not an answer to `us_canada` (Based in the US or
    /// Canada?); the options are: Yes, No ``.
    pub message: String,
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for AnswerError {}

impl Decider {
    /// Compiles a valid flow (see [`crate::load`] and [`crate::Analysis::into_valid`]).
    #[must_use]
    pub fn new(flow: ValidFlow) -> Self {
        let compiled = CompiledFlow::new(&flow);
        Self { flow, compiled }
    }

    /// The flow it decides with.
    #[must_use]
    pub fn flow(&self) -> &ValidFlow {
        &self.flow
    }

    /// Walks the flow with the given answers, `(question id, answer)` pairs. Answers are matched
    /// as `flowrun run` matches them (case and outer spaces ignored, yes/no words for a
    /// question with one yes-like and one no-like answer); ids that name no question are
    /// ignored, as an answers file's unknown keys are.
    ///
    /// # Errors
    /// When the route reaches a question whose answer is not one of its options (an invalid
    /// answer to a question off the route is ignored and counted), or a question is answered
    /// twice.
    pub fn decide<'a>(
        &self,
        answers: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Decision, AnswerError> {
        self.decide_with(&mut Scratch::default(), answers)
    }

    /// Decides each set of answers, on every core when there are many, and gives the results
    /// in the order of `many`.
    pub fn decide_all<A: AsRef<str> + Sync, B: AsRef<str> + Sync>(
        &self,
        many: &[Vec<(A, B)>],
    ) -> Vec<Result<Decision, AnswerError>> {
        /// Below this many per thread, starting threads costs more than it saves.
        const PER_THREAD: usize = 256;
        let one = |scratch: &mut Scratch, answers: &Vec<(A, B)>| {
            self.decide_with(
                scratch,
                answers.iter().map(|(q, a)| (q.as_ref(), a.as_ref())),
            )
        };
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(many.len() / PER_THREAD)
            .max(1);
        if threads == 1 {
            let mut scratch = Scratch::default();
            return many.iter().map(|a| one(&mut scratch, a)).collect();
        }
        let chunk = many.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let workers: Vec<_> = many
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        let mut scratch = Scratch::default();
                        part.iter()
                            .map(|a| one(&mut scratch, a))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    fn decide_with<'a>(
        &self,
        scratch: &mut Scratch,
        answers: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Decision, AnswerError> {
        self.compiled.begin(scratch);
        for (id, given) in answers {
            if let Key::Question(question) = self.compiled.key(id) {
                self.compiled
                    .answer(scratch, question, given)
                    .map_err(|e| match e.code {
                        // Worded for a batch record; here the caller gave the answers.
                        Code::MalformedRecord => AnswerError {
                            code: e.code,
                            message: format!("`{id}` is answered twice"),
                        },
                        _ => AnswerError {
                            code: e.code,
                            message: e.message,
                        },
                    })?;
            }
        }
        let outcome = self.compiled.walk(scratch, true).map_err(|e| AnswerError {
            code: e.code,
            message: e.message,
        })?;
        let route = scratch
            .path
            .iter()
            .map(|&n| self.compiled.id(n).to_owned())
            .collect();
        let text = |n: u32| {
            let node = petgraph::graph::NodeIndex::new(n as usize);
            self.flow.node(node).text.clone()
        };
        let outcome = match outcome {
            Outcome::Verdict(n) => Ending::Verdict {
                id: self.compiled.id(n).to_owned(),
                text: text(n),
            },
            Outcome::NeedsAnswer(n) => Ending::NeedsAnswer {
                id: self.compiled.id(n).to_owned(),
                question: text(n),
            },
        };
        Ok(Decision {
            outcome,
            route,
            ignored_answers: scratch.ignored(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Settings, SourceFile, analyze};

    fn eligibility() -> Decider {
        let text = include_str!("../../flows/eligibility.flow");
        let flow = analyze(&SourceFile::new("e.flow", text), &Settings::default())
            .into_valid()
            .expect("the example flow is valid");
        Decider::new(flow)
    }

    fn verdict(decision: &Decision) -> &str {
        match &decision.outcome {
            Ending::Verdict { id, .. } => id,
            Ending::NeedsAnswer { id, .. } => panic!("needs {id}"),
        }
    }

    #[test]
    fn decides_as_the_walk_does() {
        let decider = eligibility();
        let all_right = [
            ("us_canada", "Yes"),
            ("outside", "No"),
            ("analytics", "No"),
            ("hipaa", "No"),
        ];
        let decision = decider.decide(all_right).unwrap();
        assert_eq!(verdict(&decision), "eligible");
        assert_eq!(decision.route.first().map(String::as_str), Some("start"));
        assert_eq!(decision.route.last().map(String::as_str), Some("eligible"));
        let decision = decider.decide([("us_canada", "no")]).unwrap();
        assert_eq!(verdict(&decision), "twilio");
    }

    #[test]
    fn open_questions_and_bad_answers() {
        let decider = eligibility();
        let open = decider.decide([("us_canada", "Yes")]).unwrap();
        assert!(matches!(open.outcome, Ending::NeedsAnswer { ref id, .. } if id == "outside"));
        let error = decider.decide([("us_canada", "Maybe")]).unwrap_err();
        assert_eq!(error.code, Code::AnswerNotAnOption);
        assert!(error.message.contains("Yes"), "{error}");
        let twice = decider
            .decide([("us_canada", "Yes"), ("us_canada", "No")])
            .unwrap_err();
        assert_eq!(twice.code, Code::MalformedRecord);
        assert_eq!(twice.message, "`us_canada` is answered twice");
        // Off the route, a bad answer is ignored and counted.
        let off = decider
            .decide([("us_canada", "No"), ("hipaa", "Maybe")])
            .unwrap();
        assert_eq!(verdict(&off), "twilio");
        assert_eq!(off.ignored_answers, 1);
        // Unknown ids are ignored.
        let decision = decider.decide([("color", "blue"), ("us_canada", "No")]);
        assert_eq!(verdict(&decision.unwrap()), "twilio");
    }

    #[test]
    fn many_at_once_keep_their_order() {
        let decider = eligibility();
        let many: Vec<Vec<(&str, &str)>> = (0..2000)
            .map(|i| {
                if i % 3 == 0 {
                    vec![("us_canada", "No")]
                } else {
                    vec![("us_canada", "Yes"), ("outside", "Yes")]
                }
            })
            .collect();
        let results = decider.decide_all(&many);
        assert_eq!(results.len(), many.len());
        for (i, result) in results.iter().enumerate() {
            let one = decider.decide(many[i].iter().copied()).unwrap();
            assert_eq!(result.as_ref().unwrap(), &one, "record {i}");
        }
    }
}
