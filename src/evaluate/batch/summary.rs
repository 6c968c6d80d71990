//! Counting outcomes: per status, per verdict, per needed question and per error code, and with
//! `--compare` the old -> new transitions. Counts are kept per chunk and merged in order, so the
//! memory they take depends on the flows, never on the number of records.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::compiled::{CompiledFlow, Outcome};
use super::record::Status;
use crate::diagnostic::Code;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// An outcome as counted: by node index in its own flow, or by error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    Verdict(u32),
    Needs(u32),
    Error(Code),
}

impl Label {
    #[must_use]
    pub fn of(status: &Status) -> Label {
        match status {
            Status::Walked(Outcome::Verdict(v)) => Label::Verdict(*v),
            Status::Walked(Outcome::NeedsAnswer(q)) => Label::Needs(*q),
            Status::Error(e) => Label::Error(e.code),
        }
    }

    /// `eligible`, `needs:hipaa` or `error:FLOW301`: how the compare table and the changed
    /// records name an outcome.
    #[must_use]
    pub fn name(self, flow: &CompiledFlow) -> String {
        match self {
            Label::Verdict(v) => flow.id(v).to_owned(),
            Label::Needs(q) => format!("needs:{}", flow.id(q)),
            Label::Error(code) => format!("error:{}", code.as_str()),
        }
    }

    /// Whether two outcomes, each on its own flow, are the same (verdicts and questions by id).
    #[must_use]
    pub fn same(self, flow: &CompiledFlow, other: Label, other_flow: &CompiledFlow) -> bool {
        match (self, other) {
            (Label::Verdict(a), Label::Verdict(b)) | (Label::Needs(a), Label::Needs(b)) => {
                flow.id(a) == other_flow.id(b)
            }
            (Label::Error(a), Label::Error(b)) => a == b,
            _ => false,
        }
    }
}

/// The counts of one run of records on one flow.
#[derive(Debug, Default)]
pub struct Tally {
    pub records: u64,
    pub verdict: u64,
    pub needs_answer: u64,
    pub error: u64,
    /// Records walked with invalid answers to questions off their route, ignored (FLOW308).
    pub ignored_off_route: u64,
    counts: FastMap<Label, u64>,
}

impl Tally {
    /// Counts a record; `ignored` is how many of its invalid answers the walk did not read.
    pub fn add(&mut self, status: &Status, ignored: usize) {
        self.records += 1;
        match status {
            Status::Walked(Outcome::Verdict(_)) => self.verdict += 1,
            Status::Walked(Outcome::NeedsAnswer(_)) => self.needs_answer += 1,
            Status::Error(_) => self.error += 1,
        }
        if ignored > 0 && matches!(status, Status::Walked(_)) {
            self.ignored_off_route += 1;
        }
        *self.counts.entry(Label::of(status)).or_default() += 1;
    }

    pub fn merge(&mut self, other: &Tally) {
        self.records += other.records;
        self.verdict += other.verdict;
        self.needs_answer += other.needs_answer;
        self.error += other.error;
        self.ignored_off_route += other.ignored_off_route;
        for (label, n) in &other.counts {
            *self.counts.entry(*label).or_default() += n;
        }
    }

    /// The summary as written: counts by name, largest first, then by name.
    #[must_use]
    pub fn summary(&self, flow: &CompiledFlow) -> Summary {
        let mut verdicts = Vec::new();
        let mut needs = Vec::new();
        let mut errors = Vec::new();
        for (label, &n) in &self.counts {
            match label {
                Label::Verdict(v) => verdicts.push((flow.id(*v).to_owned(), n)),
                Label::Needs(q) => needs.push((flow.id(*q).to_owned(), n)),
                Label::Error(code) => errors.push((code.as_str().to_owned(), n)),
            }
        }
        for list in [&mut verdicts, &mut needs, &mut errors] {
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        let mut warnings = Vec::new();
        if self.ignored_off_route > 0 {
            warnings.push((
                Code::InvalidAnswerOffRoute.as_str().to_owned(),
                self.ignored_off_route,
            ));
        }
        Summary {
            records: self.records,
            status: StatusCounts {
                verdict: self.verdict,
                needs_answer: self.needs_answer,
                error: self.error,
            },
            verdicts: Counts(verdicts),
            needs: Counts(needs),
            errors: Counts(errors),
            warnings: Counts(warnings),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StatusCounts {
    pub verdict: u64,
    pub needs_answer: u64,
    pub error: u64,
}

/// Named counts, serialized as a JSON object in their order.
#[derive(Debug)]
pub struct Counts(pub Vec<(String, u64)>);

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl Counts {
    fn line(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What `--summary FILE` holds for a plain batch.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub records: u64,
    pub status: StatusCounts,
    pub verdicts: Counts,
    pub needs: Counts,
    pub errors: Counts,
    /// Records per warning code: `FLOW308`, records whose invalid answers off the route were
    /// ignored. Empty when there are none.
    pub warnings: Counts,
}

impl Summary {
    /// The summary for a person, e.g. for stderr.
    #[must_use]
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "records       {}", self.records);
        for (name, n, counts) in [
            ("verdict", self.status.verdict, &self.verdicts),
            ("needs_answer", self.status.needs_answer, &self.needs),
            ("error", self.status.error, &self.errors),
        ] {
            let detail = counts.line();
            let _ = writeln!(out, "{:<13} {n}{}{detail}", name, sep(&detail));
        }
        if let Some(n) = self.ignored_off_route() {
            let _ = writeln!(out, "{}", ignored_line(n, ""));
        }
        out
    }

    /// Records with invalid answers off their route (FLOW308), when there are any.
    fn ignored_off_route(&self) -> Option<u64> {
        let code = Code::InvalidAnswerOffRoute.as_str();
        self.warnings.0.iter().find(|(c, _)| c == code).map(|c| c.1)
    }
}

/// `ignored answers off the route: 3 records (FLOW308)`, with `what` after the count.
fn ignored_line(records: u64, what: &str) -> String {
    format!(
        "ignored answers off the route: {records} record{}{what} ({})",
        if records == 1 { "" } else { "s" },
        Code::InvalidAnswerOffRoute.as_str()
    )
}

fn sep(detail: &str) -> &'static str {
    if detail.is_empty() { "" } else { "  " }
}

/// Old -> new outcome counts of `--compare`.
#[derive(Debug, Default)]
pub struct Transitions {
    pub changed: u64,
    counts: FastMap<(Label, Label), u64>,
}

impl Transitions {
    pub fn add(&mut self, old: Label, new: Label, changed: bool) {
        if changed {
            self.changed += 1;
            *self.counts.entry((old, new)).or_default() += 1;
        }
    }

    pub fn merge(&mut self, other: &Transitions) {
        self.changed += other.changed;
        for (k, n) in &other.counts {
            *self.counts.entry(*k).or_default() += n;
        }
    }

    /// The comparison as written, transitions largest first.
    #[must_use]
    pub fn comparison(
        &self,
        old_flow: &CompiledFlow,
        new_flow: &CompiledFlow,
        old: &Tally,
        new: &Tally,
    ) -> Comparison {
        let mut transitions: Vec<Transition> = self
            .counts
            .iter()
            .map(|(&(o, n), &records)| Transition {
                old: o.name(old_flow),
                new: n.name(new_flow),
                records,
            })
            .collect();
        transitions.sort_by(|a, b| {
            b.records
                .cmp(&a.records)
                .then_with(|| (&a.old, &a.new).cmp(&(&b.old, &b.new)))
        });
        Comparison {
            records: new.records,
            changed: self.changed,
            unchanged: new.records - self.changed,
            transitions,
            old: old.summary(old_flow),
            new: new.summary(new_flow),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Transition {
    pub old: String,
    pub new: String,
    pub records: u64,
}

/// What `--summary FILE` holds with `--compare`.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub records: u64,
    pub changed: u64,
    pub unchanged: u64,
    pub transitions: Vec<Transition>,
    pub old: Summary,
    pub new: Summary,
}

impl Comparison {
    /// The table for a person: each old -> new pair with its count.
    #[must_use]
    pub fn text(&self) -> String {
        let mut out = format!(
            "{} records: {} changed, {} unchanged\n",
            self.records, self.changed, self.unchanged
        );
        if self.transitions.is_empty() {
            out.push_str(&self.ignored_text());
            return out;
        }
        let w_old = self
            .transitions
            .iter()
            .map(|t| t.old.chars().count())
            .max()
            .unwrap_or(0)
            .max(3);
        let w_new = self
            .transitions
            .iter()
            .map(|t| t.new.chars().count())
            .max()
            .unwrap_or(0)
            .max(3);
        let _ = writeln!(out, "{:<w_old$}  {:<w_new$}  records", "old", "new");
        for t in &self.transitions {
            let _ = writeln!(out, "{:<w_old$}  {:<w_new$}  {}", t.old, t.new, t.records);
        }
        out.push_str(&self.ignored_text());
        out
    }

    /// The FLOW308 counts of both flows, a line each, when there are any.
    fn ignored_text(&self) -> String {
        let mut out = String::new();
        for (summary, flow) in [(&self.old, "old"), (&self.new, "new")] {
            if let Some(n) = summary.ignored_off_route() {
                let _ = writeln!(out, "{}", ignored_line(n, &format!(" on the {flow} flow")));
            }
        }
        out
    }
}
