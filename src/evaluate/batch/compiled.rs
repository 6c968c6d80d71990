//! A flow compiled for batch evaluation: question ids and answer labels resolved to dense indices
//! once, so that answering and walking a record touches only flat tables and a reused scratch.
//!
//! Matching is `walk::choose`'s, exactly: an answer is compared with the labels ignoring case and
//! surrounding space (a line break in a label reads as a space), then as a yes-like or no-like
//! word when one label of the question is of that family. `tests/batch_compiled.rs` checks the two
//! against each other on random answers.
//!
//! An answer that selects no edge (not an option, or a list, a map, null) is kept aside: it makes
//! the record an error only when the walk reaches its question (`walk::walk_answers`'s rule); one
//! to a question off the route is ignored, and the record counts as having ignored answers.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;

use crate::checks::structure::ValidFlow;
use crate::diagnostic::Code;
use crate::evaluate::walk::options;
use crate::flow::NodeKind;
use crate::flow::text::{match_key, match_key_into, one_line};

const NONE: u32 = u32::MAX;
/// In `Scratch::chosen`: the question was answered with something that selects no edge.
const BAD: u32 = u32::MAX - 1;
const YES_LIKE: &[&str] = &["yes", "y", "true", "on"];
const NO_LIKE: &[&str] = &["no", "n", "false", "off"];
/// Above this many answers a question looks its labels up in a hash map, below by a scan.
const SCAN_LIMIT: usize = 8;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// What a key of a record names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A question, by its dense index.
    Question(u32),
    /// A node that is not a question, or no node at all: ignored, like an unknown id.
    Ignored,
}

#[derive(Clone, Copy, Debug)]
enum Hop {
    Verdict,
    Question(u32),
    /// A step: the node it leads to.
    Step(u32),
}

#[derive(Debug)]
enum Labels {
    /// Few answers: (key, target) in the order written, scanned; the first match wins.
    Scan(Vec<(Box<str>, u32)>),
    /// Many answers (a wide fan-out): the first target written for each key.
    Map(FastMap<Box<str>, u32>),
}

#[derive(Debug)]
struct Question {
    node: u32,
    labels: Labels,
    /// The one yes-like (no-like) label's target; none when there is none or more than one.
    yes: Option<u32>,
    no: Option<u32>,
}

/// The outcome of one walk, by node index in the flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Verdict(u32),
    NeedsAnswer(u32),
}

/// Why a record could not be walked: a code from the answer family and a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    pub code: Code,
    pub message: String,
}

impl RecordError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        RecordError {
            code,
            message: message.into(),
        }
    }
}

/// A valid flow in the shape a batch reads it.
#[derive(Debug)]
pub struct CompiledFlow {
    start: u32,
    hops: Vec<Hop>,
    questions: Vec<Question>,
    keys: FastMap<Box<str>, Key>,
    /// Each node's id, and the same as a JSON string (quoted and escaped) for the writers.
    ids: Vec<Box<str>>,
    json_ids: Vec<Box<str>>,
    /// The question texts on one line and their options, for error messages.
    texts: Vec<Box<str>>,
    option_lists: Vec<Box<str>>,
}

/// Per-thread state reused from record to record, so a record allocates nothing (but the message
/// of an invalid answer).
#[derive(Debug, Default)]
pub struct Scratch {
    /// Per question, the node its answer leads to, or `NONE`.
    chosen: Vec<u32>,
    /// The questions answered in this record, to reset only those.
    touched: Vec<u32>,
    /// The answers of this record that select no edge, by question (`BAD` in `chosen`).
    invalid: Vec<(u32, RecordError)>,
    key: String,
    /// The nodes of the last walk, when asked for.
    pub path: Vec<u32>,
}

impl CompiledFlow {
    #[must_use]
    pub fn new(flow: &ValidFlow) -> Self {
        let count = flow.graph.node_count();
        let mut question_of = vec![NONE; count];
        let mut questions = Vec::new();
        for n in flow.graph.node_indices() {
            if flow.kind(n) == NodeKind::Question {
                question_of[n.index()] = index(questions.len());
                questions.push(compile_question(flow, n));
            }
        }
        let hops = flow
            .graph
            .node_indices()
            .map(|n| match flow.kind(n) {
                NodeKind::Verdict => Hop::Verdict,
                NodeKind::Question => Hop::Question(question_of[n.index()]),
                NodeKind::Step => {
                    let edge = flow.out_edges(n).next().expect("a step has one edge");
                    Hop::Step(target(flow, edge))
                }
            })
            .collect();
        let mut keys = FastMap::default();
        let mut ids = Vec::with_capacity(count);
        let mut json_ids = Vec::with_capacity(count);
        let mut texts = Vec::with_capacity(count);
        let mut option_lists = Vec::with_capacity(count);
        for n in flow.graph.node_indices() {
            let node = flow.node(n);
            let key = match question_of[n.index()] {
                NONE => Key::Ignored,
                q => Key::Question(q),
            };
            keys.insert(node.id.as_str().into(), key);
            ids.push(node.id.as_str().into());
            json_ids.push(
                serde_json::to_string(&node.id)
                    .expect("a string serializes")
                    .into(),
            );
            let question = key != Key::Ignored;
            texts.push(if question {
                one_line(&node.text).into()
            } else {
                "".into()
            });
            option_lists.push(if question {
                options(flow, n).join(", ").into()
            } else {
                "".into()
            });
        }
        CompiledFlow {
            start: index(flow.start().index()),
            hops,
            questions,
            keys,
            ids,
            json_ids,
            texts,
            option_lists,
        }
    }

    /// What a record's key names.
    #[must_use]
    pub fn key(&self, id: &str) -> Key {
        self.keys.get(id).copied().unwrap_or(Key::Ignored)
    }

    #[must_use]
    pub fn question_count(&self) -> usize {
        self.questions.len()
    }

    /// A node's id.
    #[must_use]
    pub fn id(&self, node: u32) -> &str {
        &self.ids[node as usize]
    }

    /// A node's id as a JSON string, quotes included.
    #[must_use]
    pub fn json_id(&self, node: u32) -> &str {
        &self.json_ids[node as usize]
    }

    /// The node id of a question, by its dense index.
    #[must_use]
    pub fn question_id(&self, question: u32) -> &str {
        self.id(self.questions[question as usize].node)
    }

    /// Prepares the scratch for a new record.
    pub fn begin(&self, scratch: &mut Scratch) {
        if scratch.chosen.len() != self.questions.len() {
            scratch.chosen.clear();
            scratch.chosen.resize(self.questions.len(), NONE);
            scratch.touched.clear();
        }
        for q in scratch.touched.drain(..) {
            scratch.chosen[q as usize] = NONE;
        }
        scratch.invalid.clear();
    }

    /// Records the answer `given` to question `question`. An answer that is no option is kept
    /// aside for the walk (see `invalid`); the error is a question answered twice.
    pub fn answer(
        &self,
        scratch: &mut Scratch,
        question: u32,
        given: &str,
    ) -> Result<(), RecordError> {
        let q = &self.questions[question as usize];
        match_key_into(given, &mut scratch.key);
        let found = match &q.labels {
            Labels::Scan(labels) => labels
                .iter()
                .find(|(label, _)| **label == *scratch.key)
                .map(|&(_, t)| t),
            Labels::Map(labels) => labels.get(scratch.key.as_str()).copied(),
        };
        let found = found.or_else(|| {
            let key = scratch.key.as_str();
            if YES_LIKE.contains(&key) {
                q.yes
            } else if NO_LIKE.contains(&key) {
                q.no
            } else {
                None
            }
        });
        let Some(to) = found else {
            let error = self.not_an_option(question, given);
            return self.invalid(scratch, question, error);
        };
        self.choose(scratch, question, to)
    }

    fn choose(&self, scratch: &mut Scratch, question: u32, to: u32) -> Result<(), RecordError> {
        let slot = &mut scratch.chosen[question as usize];
        if *slot != NONE {
            return Err(RecordError::new(
                Code::MalformedRecord,
                format!("the record answers `{}` twice", self.question_id(question)),
            ));
        }
        *slot = to;
        scratch.touched.push(question);
        Ok(())
    }

    /// Records an answer to `question` that selects no edge: `error` is the record's error if the
    /// walk reaches the question, and is dropped if it does not. Errs only for a question
    /// answered twice.
    pub fn invalid(
        &self,
        scratch: &mut Scratch,
        question: u32,
        error: RecordError,
    ) -> Result<(), RecordError> {
        self.choose(scratch, question, BAD)?;
        scratch.invalid.push((question, error));
        Ok(())
    }

    /// A question answered with something that names no answer (a list, a map, null).
    #[must_use]
    pub fn not_a_label(&self, question: u32, kind: &str) -> RecordError {
        let node = self.questions[question as usize].node as usize;
        RecordError::new(
            Code::AnswerNotALabel,
            format!(
                "the answer to `{}` is {kind}, not a label (answer with one of: {})",
                self.ids[node], self.option_lists[node]
            ),
        )
    }

    fn not_an_option(&self, question: u32, given: &str) -> RecordError {
        let node = self.questions[question as usize].node as usize;
        RecordError::new(
            Code::AnswerNotAnOption,
            format!(
                "`{}` is not an answer to `{}` ({}); the options are: {}",
                shorten(given),
                self.ids[node],
                self.texts[node],
                self.option_lists[node]
            ),
        )
    }

    /// Walks from the start with the answers recorded since `begin`. With `keep_path` the nodes
    /// visited are left in `scratch.path`. Reaching a question whose answer selects no edge is
    /// that answer's error; the invalid answers the walk does not reach are left in the scratch
    /// (`Scratch::ignored`).
    pub fn walk(&self, scratch: &mut Scratch, keep_path: bool) -> Result<Outcome, RecordError> {
        scratch.path.clear();
        let mut at = self.start;
        loop {
            if keep_path {
                scratch.path.push(at);
            }
            match self.hops[at as usize] {
                Hop::Verdict => return Ok(Outcome::Verdict(at)),
                Hop::Step(next) => at = next,
                Hop::Question(q) => match scratch.chosen[q as usize] {
                    NONE => return Ok(Outcome::NeedsAnswer(at)),
                    BAD => return Err(scratch.take_invalid(q)),
                    next => at = next,
                },
            }
        }
    }
}

impl Scratch {
    /// How many answers of the record just walked select no edge, on questions off its route.
    #[must_use]
    pub fn ignored(&self) -> usize {
        self.invalid.len()
    }

    fn take_invalid(&mut self, question: u32) -> RecordError {
        let i = self
            .invalid
            .iter()
            .position(|(q, _)| *q == question)
            .expect("a question marked invalid has its error");
        self.invalid.swap_remove(i).1
    }
}

/// An answer quoted in a message: a long one cut, so a runaway value makes no runaway row.
fn shorten(given: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 60;
    match given.char_indices().nth(MAX) {
        None => given.into(),
        Some((cut, _)) => format!("{}...", &given[..cut]).into(),
    }
}

fn index(n: usize) -> u32 {
    // `NONE` and `BAD` are no node.
    u32::try_from(n)
        .ok()
        .filter(|&i| i < BAD)
        .expect("a flow has fewer than 2^32 - 2 nodes")
}

fn target(flow: &ValidFlow, edge: petgraph::graph::EdgeIndex) -> u32 {
    index(
        flow.graph
            .edge_endpoints(edge)
            .expect("edge exists")
            .1
            .index(),
    )
}

fn compile_question(flow: &ValidFlow, n: NodeIndex) -> Question {
    let labelled: Vec<(Box<str>, u32)> = flow
        .out_edges(n)
        .filter_map(|e| {
            let label = flow.graph[e].label.as_deref()?;
            Some((match_key(label).into_boxed_str(), target(flow, e)))
        })
        .collect();
    let family = |words: &[&str]| {
        let mut matches = labelled.iter().filter(|(l, _)| words.contains(&&**l));
        let first = matches.next()?;
        // Two labels of one family (`Yes` and `Y`) leave such an answer ambiguous.
        matches.next().is_none().then_some(first.1)
    };
    let yes = family(YES_LIKE);
    let no = family(NO_LIKE);
    let labels = if labelled.len() <= SCAN_LIMIT {
        Labels::Scan(labelled)
    } else {
        let mut map = FastMap::default();
        for (label, to) in labelled {
            map.entry(label).or_insert(to);
        }
        Labels::Map(map)
    };
    Question {
        node: index(n.index()),
        labels,
        yes,
        no,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SourceFile, analyze};

    fn compile(text: &str) -> (ValidFlow, CompiledFlow) {
        let flow = analyze(
            &SourceFile::new("t.flow", text),
            &crate::Settings::default(),
        )
        .into_valid()
        .expect("valid");
        let compiled = CompiledFlow::new(&flow);
        (flow, compiled)
    }

    #[test]
    fn answers_match_like_walk_choose() {
        let (flow, c) = compile(
            "flowchart TD\n  s([S]) --> q{Q?}\n  q -->|Yes| a[A]\n  q -->|Not<br/>sure| b[B]\n  q -->|No| d[D]\n",
        );
        let q = match c.key("q") {
            Key::Question(q) => q,
            Key::Ignored => panic!("q is a question"),
        };
        assert_eq!(c.key("s"), Key::Ignored);
        assert_eq!(c.key("nope"), Key::Ignored);
        let mut s = Scratch::default();
        for (given, want) in [(" YES ", "a"), ("true", "a"), ("not sure", "b"), ("n", "d")] {
            c.begin(&mut s);
            c.answer(&mut s, q, given).unwrap();
            let Ok(Outcome::Verdict(v)) = c.walk(&mut s, true) else {
                panic!("a verdict")
            };
            assert_eq!(c.id(v), want, "{given}");
            assert_eq!(s.path.len(), 3);
            let edge =
                crate::evaluate::walk::choose(&flow, NodeIndex::new(q_node(&c, q)), given).unwrap();
            assert_eq!(
                flow.node(flow.graph.edge_endpoints(edge).unwrap().1).id,
                want
            );
        }
        c.begin(&mut s);
        c.answer(&mut s, q, "maybe").unwrap();
        let e = c.walk(&mut s, false).unwrap_err();
        assert_eq!(e.code, Code::AnswerNotAnOption);
        assert!(e.message.contains("Not sure"), "{}", e.message);
        c.begin(&mut s);
        assert_eq!(
            c.walk(&mut s, false),
            Ok(Outcome::NeedsAnswer(q_node(&c, q) as u32))
        );
        c.answer(&mut s, q, "Yes").unwrap();
        assert_eq!(
            c.answer(&mut s, q, "No").unwrap_err().code,
            Code::MalformedRecord
        );
    }

    fn q_node(c: &CompiledFlow, q: u32) -> usize {
        c.questions[q as usize].node as usize
    }

    #[test]
    fn many_answers_use_a_map_and_keep_the_first_written() {
        let mut text = String::from("flowchart TD\n  s([S]) --> q{Q?}\n");
        for i in 0..20 {
            text.push_str(&format!("  q -->|Option {i}| v{i}[V{i}]\n"));
        }
        let (_, c) = compile(&text);
        let Key::Question(q) = c.key("q") else {
            panic!("a question")
        };
        let mut s = Scratch::default();
        c.begin(&mut s);
        c.answer(&mut s, q, "option 17").unwrap();
        assert_eq!(
            c.walk(&mut s, false),
            Ok(Outcome::Verdict(c.keys_node("v17")))
        );
    }

    #[test]
    fn an_invalid_answer_is_an_error_only_where_the_walk_reads_it() {
        let (_, c) = compile(
            "flowchart TD\n  s([S]) --> a{A?}\n  a -->|Yes| b{B?}\n  a -->|No| x[X]\n  b -->|Yes| y[Y]\n  b -->|No| x\n",
        );
        let (Key::Question(a), Key::Question(b)) = (c.key("a"), c.key("b")) else {
            panic!("two questions")
        };
        let mut s = Scratch::default();
        // Off the route: ignored, and counted.
        c.begin(&mut s);
        c.answer(&mut s, a, "No").unwrap();
        c.answer(&mut s, b, "maybe").unwrap();
        assert_eq!(
            c.walk(&mut s, false),
            Ok(Outcome::Verdict(c.keys_node("x")))
        );
        assert_eq!(s.ignored(), 1);
        // On the route: the record's error.
        c.begin(&mut s);
        assert_eq!(s.ignored(), 0);
        c.answer(&mut s, a, "Yes").unwrap();
        c.invalid(&mut s, b, c.not_a_label(b, "null")).unwrap();
        assert_eq!(
            c.walk(&mut s, false).unwrap_err().code,
            Code::AnswerNotALabel
        );
        // Answered twice is an error however the first answer read.
        c.begin(&mut s);
        c.answer(&mut s, b, "maybe").unwrap();
        assert_eq!(
            c.answer(&mut s, b, "Yes").unwrap_err().code,
            Code::MalformedRecord
        );
    }

    impl CompiledFlow {
        fn keys_node(&self, id: &str) -> u32 {
            index(self.ids.iter().position(|i| &**i == id).unwrap())
        }
    }
}
