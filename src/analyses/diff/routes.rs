//! The routes whose outcome changed between two versions of a flow, found by walking both graphs
//! together rather than listing the routes of either.
//!
//! A state is (old node, new node, answers the old side fixed that the new side may still ask).
//! The old side leads: at an unanswered question it branches over its answers; the new side
//! follows the answers already fixed (questions matched by id, answers by answer key), and only
//! branches on a question of its own once the old side has reached its verdict. Three things keep
//! the walk small:
//! - a structural id per node, shared by both graphs (hash-consed bottom-up: a verdict is its id,
//!   a question its id and its (answer key, child id) pairs, a step its child's id): two nodes
//!   with the same id decide identically under any answers, so the walk stops there;
//! - an answer fixed by the old side leaves the state once the new side has used it, or at once
//!   if the new flow has no such question, so states that reconverge are equal;
//! - equal states are counted once (memoised), so counting changed routes costs the number of
//!   distinct states, not the number of routes. A second walk lists routes, descending only into
//!   states known to hold a changed route, and stops at the limit.
//!
//! A question whose every answer leads to the same state does not matter on that route: it is
//! not branched on, and left out of the route's answers.
//!
//! Why the new side moves as soon as it can, instead of waiting for the old side's verdict: a
//! new side still at its start never meets the old side at an equal shape, so nothing could be
//! pruned before a verdict. And why the new side branches on a question of its own instead of
//! stopping with "needs an answer": the route then says which answer to it changes the verdict,
//! and an added question whose every answer keeps the old verdict changes no route (the
//! structural diff still lists it).

use std::collections::HashMap;

use petgraph::graph::{EdgeIndex, NodeIndex};

use serde::Serialize;

use crate::checks::structure::ValidFlow;
use crate::flow::{NodeKind, text::answer_key};

/// The walk gives up after this many distinct states (see [`RouteChanges::complete`]). A state,
/// its stack entries and its counts take about half a kilobyte, so this bounds the memory near
/// 150 MB; only versions that ask many shared questions in different orders come near it.
pub const STATE_BUDGET: usize = 250_000;

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// What the new version does with a route the old version takes to a verdict.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NewOutcome {
    /// It reaches this verdict (by id).
    Verdict(String),
    /// The route answers `question` with `answer`, which the new version no longer offers.
    AnswerGone {
        /// The question's id.
        question: String,
        /// The answer's label, as the old version writes it.
        answer: String,
    },
}

/// One answer on a changed route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteAnswer {
    /// The question's id.
    pub question: String,
    /// The label as written in the version that asks it.
    pub answer: String,
    /// Asked by the new version only (on this route, after the old one reached its verdict).
    pub new_question: bool,
}

/// One route, a set of answers, whose verdict differs between the two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangedRoute {
    /// The answers that matter, in the order they are asked.
    pub answers: Vec<RouteAnswer>,
    /// The id of the verdict the old version reaches.
    pub old: String,
    /// What the new version does with the same answers.
    pub new: NewOutcome,
}

/// How many changed routes go from one old verdict to one new outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PairCount {
    /// The id of the old verdict.
    pub old: String,
    /// What the new version does instead.
    pub new: NewOutcome,
    /// Saturates at 2^128 - 1.
    pub routes: u128,
}

/// Every route whose outcome changed between two versions ([`changed_routes`]): counted in
/// full, listed up to a limit.
#[derive(Clone, Debug, Default)]
pub struct RouteChanges {
    /// Per (old verdict, new outcome), sorted.
    pub counts: Vec<PairCount>,
    /// How many routes changed in all (saturating): the sum of the counts.
    pub total: u128,
    /// The first changed routes, up to the limit.
    pub routes: Vec<ChangedRoute>,
    /// Distinct states the counting walk expanded: what the pruning keeps small.
    pub visited: usize,
    /// False when the walk stopped at [`STATE_BUDGET`]: then nothing is counted or listed.
    pub complete: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Verdict,
    Step(u32),
    Question,
}

/// Strings to small numbers, shared by both graphs so equal numbers mean equal strings.
#[derive(Default)]
struct Interner {
    ids: Map<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn get(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = u32::try_from(self.names.len()).expect("fewer than 2^32 names");
        self.ids.insert(s.to_owned(), i);
        self.names.push(s.to_owned());
        i
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum ShapeKey {
    Verdict(u32),
    Question(u32, Vec<(u32, u32)>),
}

/// One version of the flow, in numbers.
struct Graph<'a> {
    flow: &'a ValidFlow,
    start: u32,
    kind: Vec<Kind>,
    /// The node's id, interned.
    name: Vec<u32>,
    /// A question's answers in written order: (answer key, child, edge).
    answers: Vec<Vec<(u32, u32, EdgeIndex)>>,
    /// A question's (answer key, child), sorted by key: following a fixed answer is a binary
    /// search, not a scan (a scan per answer made a question of many answers quadratic).
    by_key: Vec<Vec<(u32, u32)>>,
    /// The structural id: equal ids decide identically.
    shape: Vec<u32>,
}

fn ix(n: NodeIndex) -> u32 {
    u32::try_from(n.index()).expect("fewer than 2^32 nodes")
}

impl<'a> Graph<'a> {
    fn new(
        flow: &'a ValidFlow,
        names: &mut Interner,
        keys: &mut Interner,
        shapes: &mut Map<ShapeKey, u32>,
    ) -> Self {
        let count = flow.graph.node_count();
        let mut g = Graph {
            flow,
            start: ix(flow.start()),
            kind: vec![Kind::Verdict; count],
            name: vec![0; count],
            answers: vec![Vec::new(); count],
            by_key: vec![Vec::new(); count],
            shape: vec![0; count],
        };
        // Children before parents, so every child's shape is known.
        for &node in flow.topological_order().iter().rev() {
            let i = node.index();
            g.name[i] = names.get(&flow.node(node).id);
            let key = match flow.kind(node) {
                NodeKind::Step => {
                    let edge = flow.out_edges(node).next().expect("a step has one edge");
                    let child = ix(flow.graph.edge_endpoints(edge).expect("edge exists").1);
                    g.kind[i] = Kind::Step(child);
                    g.shape[i] = g.shape[child as usize];
                    continue;
                }
                NodeKind::Verdict => ShapeKey::Verdict(g.name[i]),
                NodeKind::Question => {
                    g.kind[i] = Kind::Question;
                    g.answers[i] = flow
                        .out_edges(node)
                        .map(|e| {
                            let label = flow.graph[e].label.as_deref().unwrap_or_default();
                            let child = flow.graph.edge_endpoints(e).expect("edge exists").1;
                            (keys.get(&answer_key(label)), ix(child), e)
                        })
                        .collect();
                    let mut by_key: Vec<(u32, u32)> =
                        g.answers[i].iter().map(|&(k, c, _)| (k, c)).collect();
                    by_key.sort_unstable();
                    g.by_key[i] = by_key;
                    let mut pairs: Vec<(u32, u32)> = g.answers[i]
                        .iter()
                        .map(|&(k, c, _)| (k, g.shape[c as usize]))
                        .collect();
                    pairs.sort_unstable();
                    ShapeKey::Question(g.name[i], pairs)
                }
            };
            let next = u32::try_from(shapes.len()).expect("fewer than 2^32 shapes");
            g.shape[i] = *shapes.entry(key).or_insert(next);
        }
        g
    }

    /// The child a question's answer leads to, if it has that answer.
    fn follow(&self, question: u32, key: u32) -> Option<u32> {
        let answers = &self.by_key[question as usize];
        answers
            .binary_search_by_key(&key, |a| a.0)
            .ok()
            .map(|at| answers[at].1)
    }

    fn label(&self, edge: EdgeIndex) -> String {
        self.flow.graph[edge].label.clone().unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum NewAt {
    Node(u32),
    /// The new side met a fixed answer its question does not have.
    Gone {
        question: u32,
        answer: u32,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct State {
    old: u32,
    new: NewAt,
    /// (question, answer key) fixed by the old side that the new side may still ask, by question.
    live: Vec<(u32, u32)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Outcome {
    Verdict(u32),
    Gone(u32, u32),
}

/// A state after every forced move, or how it ends.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Next {
    /// Both sides decide the same from here, whatever the answers.
    Same,
    /// Both sides ended, differently: an index into the pairs.
    Changed(u32),
    Open(State),
}

/// Which side asks, the question's id, and each answer (none when all answers lead the same
/// way) with where it leads.
struct Branch {
    new_side: bool,
    question: u32,
    children: Vec<(Option<EdgeIndex>, Next)>,
}

type Counts = Vec<(u32, u128)>;

struct Walker<'a> {
    old: Graph<'a>,
    new: Graph<'a>,
    names: Interner,
    keys: Interner,
    /// Per interned id: whether the new flow has a question with that id.
    new_question: Vec<bool>,
    pairs: Vec<(u32, Outcome)>,
    pair_ids: Map<(u32, Outcome), u32>,
}

impl Walker<'_> {
    fn pair(&mut self, old: u32, new: Outcome) -> u32 {
        let next = u32::try_from(self.pairs.len()).expect("fewer than 2^32 pairs");
        *self.pair_ids.entry((old, new)).or_insert_with(|| {
            self.pairs.push((old, new));
            next
        })
    }

    /// Makes the moves that need no choice: steps on both sides, and new-side questions the old
    /// side already answered.
    fn settle(&mut self, mut s: State) -> Next {
        while let Kind::Step(child) = self.old.kind[s.old as usize] {
            s.old = child;
        }
        if let NewAt::Node(mut n) = s.new {
            loop {
                match self.new.kind[n as usize] {
                    Kind::Step(child) => n = child,
                    Kind::Verdict => {
                        // A new side that has decided asks nothing more.
                        s.live.clear();
                        break;
                    }
                    Kind::Question => {
                        let name = self.new.name[n as usize];
                        let Ok(at) = s.live.binary_search_by_key(&name, |e| e.0) else {
                            break;
                        };
                        let (_, key) = s.live.remove(at);
                        if let Some(child) = self.new.follow(n, key) {
                            n = child;
                        } else {
                            s.new = NewAt::Gone {
                                question: name,
                                answer: key,
                            };
                            // Nothing the new side could still ask matters now.
                            s.live.clear();
                            break;
                        }
                    }
                }
            }
            if matches!(s.new, NewAt::Node(_)) {
                s.new = NewAt::Node(n);
            }
        }
        let o = s.old as usize;
        let old_done = self.old.kind[o] == Kind::Verdict;
        match s.new {
            NewAt::Node(n) if self.old.shape[o] == self.new.shape[n as usize] => Next::Same,
            NewAt::Node(n) if old_done && self.new.kind[n as usize] == Kind::Verdict => {
                // Different shapes of two verdicts: different ids.
                let pair = self.pair(
                    self.old.name[o],
                    Outcome::Verdict(self.new.name[n as usize]),
                );
                Next::Changed(pair)
            }
            NewAt::Gone { question, answer } if old_done => {
                Next::Changed(self.pair(self.old.name[o], Outcome::Gone(question, answer)))
            }
            _ => Next::Open(s),
        }
    }

    /// The branches out of an open state: the old side's question if it is at one, else the new
    /// side's.
    fn expand(&mut self, s: &State) -> Branch {
        let o = s.old as usize;
        let mut children = Vec::new();
        let (new_side, question) = if self.old.kind[o] == Kind::Question {
            let name = self.old.name[o];
            // The answer is kept for the new side unless it cannot ask the question any more:
            // it has no such question, has reached its verdict, or has stopped at a gone answer.
            let keep = self.new_question[name as usize]
                && matches!(s.new, NewAt::Node(n) if self.new.kind[n as usize] == Kind::Question);
            for &(key, child, edge) in &self.old.answers[o].clone() {
                let mut live = s.live.clone();
                if keep {
                    let at = live.partition_point(|e| e.0 < name);
                    live.insert(at, (name, key));
                }
                let next = self.settle(State {
                    old: child,
                    new: s.new.clone(),
                    live,
                });
                children.push((Some(edge), next));
            }
            (false, name)
        } else {
            let NewAt::Node(n) = s.new else {
                unreachable!("an open state with the old side done has the new side at a node")
            };
            for &(_, child, edge) in &self.new.answers[n as usize].clone() {
                let next = self.settle(State {
                    old: s.old,
                    new: NewAt::Node(child),
                    live: s.live.clone(),
                });
                children.push((Some(edge), next));
            }
            (true, self.new.name[n as usize])
        };
        if children.len() > 1 && children.iter().all(|c| c.1 == children[0].1) {
            children.truncate(1);
            children[0].0 = None;
        }
        Branch {
            new_side,
            question,
            children,
        }
    }

    /// Counts the changed routes below every open state reachable from `root`, bottom-up with an
    /// explicit stack. `None` when the budget ran out.
    fn count(&mut self, root: &Next, budget: usize) -> (Option<Map<State, Counts>>, usize) {
        enum Frame {
            Enter(State),
            Exit(State, Vec<Next>),
        }
        let mut memo: Map<State, Counts> = Map::default();
        let mut visited = 0;
        let mut stack = Vec::new();
        if let Next::Open(s) = root {
            stack.push(Frame::Enter(s.clone()));
        }
        while let Some(frame) = stack.pop() {
            match frame {
                Frame::Enter(s) => {
                    if memo.contains_key(&s) {
                        continue;
                    }
                    if visited == budget {
                        return (None, visited);
                    }
                    visited += 1;
                    let kids: Vec<Next> =
                        self.expand(&s).children.into_iter().map(|c| c.1).collect();
                    let open: Vec<State> = kids
                        .iter()
                        .filter_map(|k| match k {
                            Next::Open(k) if !memo.contains_key(k) => Some(k.clone()),
                            _ => None,
                        })
                        .collect();
                    stack.push(Frame::Exit(s, kids));
                    stack.extend(open.into_iter().map(Frame::Enter));
                }
                Frame::Exit(s, kids) => {
                    let mut counts: Counts = Vec::new();
                    let mut add = |pair: u32, n: u128| match counts.iter_mut().find(|c| c.0 == pair)
                    {
                        Some(c) => c.1 = c.1.saturating_add(n),
                        None => counts.push((pair, n)),
                    };
                    for kid in &kids {
                        match kid {
                            Next::Same => {}
                            Next::Changed(pair) => add(*pair, 1),
                            Next::Open(k) => {
                                for &(pair, n) in &memo[k] {
                                    add(pair, n);
                                }
                            }
                        }
                    }
                    memo.insert(s, counts);
                }
            }
        }
        (Some(memo), visited)
    }

    /// The first `limit` changed routes in written order, descending only into states that hold
    /// one.
    fn list(&mut self, root: Next, memo: &Map<State, Counts>, limit: usize) -> Vec<ChangedRoute> {
        let mut routes = Vec::new();
        let mut route: Vec<RouteAnswer> = Vec::new();
        let mut stack = vec![(root, 0, None)];
        while let Some((next, len, answer)) = stack.pop() {
            if routes.len() >= limit {
                break;
            }
            route.truncate(len);
            route.extend(answer);
            match next {
                Next::Same => {}
                Next::Changed(pair) => {
                    let (old, new) = self.pairs[pair as usize];
                    routes.push(ChangedRoute {
                        answers: route.clone(),
                        old: self.names.names[old as usize].clone(),
                        new: self.outcome(new),
                    });
                }
                Next::Open(s) => {
                    if memo.get(&s).is_none_or(Vec::is_empty) {
                        continue;
                    }
                    let branch = self.expand(&s);
                    let side = if branch.new_side {
                        &self.new
                    } else {
                        &self.old
                    };
                    let question = &self.names.names[branch.question as usize];
                    for (edge, kid) in branch.children.into_iter().rev() {
                        let answer = edge.map(|e| RouteAnswer {
                            question: question.clone(),
                            answer: side.label(e),
                            new_question: branch.new_side,
                        });
                        stack.push((kid, route.len(), answer));
                    }
                }
            }
        }
        routes
    }

    fn outcome(&self, outcome: Outcome) -> NewOutcome {
        match outcome {
            Outcome::Verdict(v) => NewOutcome::Verdict(self.names.names[v as usize].clone()),
            Outcome::Gone(question, key) => {
                let id = &self.names.names[question as usize];
                // The old side fixed the answer, so the old question has it.
                let answer = self
                    .old
                    .flow
                    .node_index(id)
                    .and_then(|q| {
                        self.old.answers[q.index()]
                            .iter()
                            .find(|a| a.0 == key)
                            .map(|a| self.old.label(a.2))
                    })
                    .unwrap_or_else(|| self.keys.names[key as usize].clone());
                NewOutcome::AnswerGone {
                    question: id.clone(),
                    answer,
                }
            }
        }
    }
}

/// Every route whose verdict differs between `old` and `new`, counted per (old verdict, new
/// outcome) and listed up to `limit`.
#[must_use]
pub fn changed_routes(old: &ValidFlow, new: &ValidFlow, limit: usize) -> RouteChanges {
    changed_routes_within(old, new, limit, STATE_BUDGET)
}

fn changed_routes_within(
    old: &ValidFlow,
    new: &ValidFlow,
    limit: usize,
    budget: usize,
) -> RouteChanges {
    let (mut names, mut keys, mut shapes) =
        (Interner::default(), Interner::default(), Map::default());
    let old_graph = Graph::new(old, &mut names, &mut keys, &mut shapes);
    let new_graph = Graph::new(new, &mut names, &mut keys, &mut shapes);
    drop(shapes);
    let mut new_question = vec![false; names.names.len()];
    for (i, kind) in new_graph.kind.iter().enumerate() {
        if *kind == Kind::Question {
            new_question[new_graph.name[i] as usize] = true;
        }
    }
    let mut walker = Walker {
        new_question,
        names,
        keys,
        pairs: Vec::new(),
        pair_ids: Map::default(),
        old: old_graph,
        new: new_graph,
    };
    let root = walker.settle(State {
        old: walker.old.start,
        new: NewAt::Node(walker.new.start),
        live: Vec::new(),
    });
    let (memo, visited) = walker.count(&root, budget);
    let Some(memo) = memo else {
        return RouteChanges {
            visited,
            ..RouteChanges::default()
        };
    };
    let root_counts: Counts = match &root {
        Next::Same => Vec::new(),
        Next::Changed(pair) => vec![(*pair, 1)],
        Next::Open(s) => memo[s].clone(),
    };
    let mut counts: Vec<PairCount> = root_counts
        .iter()
        .map(|&(pair, routes)| {
            let (old, new) = walker.pairs[pair as usize];
            PairCount {
                old: walker.names.names[old as usize].clone(),
                new: walker.outcome(new),
                routes,
            }
        })
        .collect();
    counts.sort_by(|a, b| (&a.old, &a.new).cmp(&(&b.old, &b.new)));
    let total = counts
        .iter()
        .fold(0u128, |sum, c| sum.saturating_add(c.routes));
    let routes = walker.list(root, &memo, limit);
    RouteChanges {
        counts,
        total,
        routes,
        visited,
        complete: true,
    }
}

#[cfg(test)]
mod tests;
