//! What changed in the parts of a flow that carry meaning: questions and verdicts matched by id,
//! and each kept question's answers matched by answer key. Layout (styles, comments, the order of
//! lines, edge strokes, direction) and the text of steps are not compared.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::checks::structure::ValidFlow;
use crate::flow::NodeKind;
use crate::flow::text::{answer_key, words};

/// The structural changes between two versions of a flow; every list is sorted by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Structure {
    /// Questions whose id only the new version has.
    pub questions_added: Vec<Item>,
    /// Questions whose id only the old version has.
    pub questions_removed: Vec<Item>,
    /// Questions in both whose text changed (spacing aside).
    pub questions_reworded: Vec<Reworded>,
    /// Kept questions whose answers changed.
    pub answers: Vec<AnswerChanges>,
    /// Verdicts whose id only the new version has.
    pub verdicts_added: Vec<Item>,
    /// Verdicts whose id only the old version has.
    pub verdicts_removed: Vec<Item>,
    /// Verdicts in both whose text changed (spacing aside).
    pub verdicts_reworded: Vec<Reworded>,
}

/// A node present in one version: its id and display text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The node's id.
    pub id: String,
    /// Its display text, runs of white space (line breaks included) made one space.
    pub text: String,
}

/// A question or verdict whose id both versions have, with a different text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reworded {
    /// The node's id.
    pub id: String,
    /// The old version's text, white space normalised as in [`Item::text`].
    pub old: String,
    /// The new version's text, normalised the same way.
    pub new: String,
}

/// The answers of one question that exist in only one version (labels as written there).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerChanges {
    /// The question's id.
    pub question: String,
    /// Answers only the new version offers, matched by label with case and outer spaces
    /// ignored.
    pub added: Vec<String>,
    /// Answers only the old version offered.
    pub removed: Vec<String>,
}

impl Structure {
    /// Whether nothing changed: every list is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self == &Structure::default()
    }
}

/// The questions or the verdicts of a flow by id, with their normalised text.
fn nodes(flow: &ValidFlow, kind: NodeKind) -> BTreeMap<&str, String> {
    flow.graph
        .node_indices()
        .filter(|&ix| flow.kind(ix) == kind)
        .map(|ix| (flow.node(ix).id.as_str(), words(&flow.node(ix).text)))
        .collect()
}

/// A question's answer labels by answer key (one each: a valid flow has no duplicate answer).
fn answers<'a>(flow: &'a ValidFlow, id: &str) -> BTreeMap<String, &'a str> {
    let Some(ix) = flow.node_index(id) else {
        return BTreeMap::new();
    };
    flow.out_edges(ix)
        .filter_map(|e| flow.graph[e].label.as_deref())
        .map(|label| (answer_key(label), label))
        .collect()
}

/// Added, removed and reworded ids between two maps of id -> text.
fn compare(
    old: &BTreeMap<&str, String>,
    new: &BTreeMap<&str, String>,
) -> (Vec<Item>, Vec<Item>, Vec<Reworded>) {
    let only = |a: &BTreeMap<&str, String>, b: &BTreeMap<&str, String>| {
        a.iter()
            .filter(|(id, _)| !b.contains_key(*id))
            .map(|(id, text)| Item {
                id: (*id).to_owned(),
                text: text.clone(),
            })
            .collect()
    };
    let reworded = old
        .iter()
        .filter_map(|(id, old_text)| {
            let new_text = new.get(id)?;
            (new_text != old_text).then(|| Reworded {
                id: (*id).to_owned(),
                old: old_text.clone(),
                new: new_text.clone(),
            })
        })
        .collect();
    (only(new, old), only(old, new), reworded)
}

/// Compares the questions, answers and verdicts of two valid flows.
#[must_use]
pub fn compare_structure(old: &ValidFlow, new: &ValidFlow) -> Structure {
    let (old_q, new_q) = (
        nodes(old, NodeKind::Question),
        nodes(new, NodeKind::Question),
    );
    let (questions_added, questions_removed, questions_reworded) = compare(&old_q, &new_q);
    let answers = old_q
        .keys()
        .filter(|id| new_q.contains_key(*id))
        .filter_map(|id| {
            let (before, after) = (answers(old, id), answers(new, id));
            let keys = |m: &BTreeMap<String, &str>| m.keys().cloned().collect::<BTreeSet<_>>();
            let (kb, ka) = (keys(&before), keys(&after));
            let added: Vec<String> = ka.difference(&kb).map(|k| after[k].to_owned()).collect();
            let removed: Vec<String> = kb.difference(&ka).map(|k| before[k].to_owned()).collect();
            (!added.is_empty() || !removed.is_empty()).then(|| AnswerChanges {
                question: (*id).to_owned(),
                added,
                removed,
            })
        })
        .collect();
    let (verdicts_added, verdicts_removed, verdicts_reworded) = compare(
        &nodes(old, NodeKind::Verdict),
        &nodes(new, NodeKind::Verdict),
    );
    Structure {
        questions_added,
        questions_removed,
        questions_reworded,
        answers,
        verdicts_added,
        verdicts_removed,
        verdicts_reworded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::diff::tests::valid;

    const BASE: &str = "flowchart TD\n  s([Start]) --> a{Is it red?}\n  a -->|Yes| r[Red]\n  \
                        a -->|No| b{Is it big?}\n  b -->|Yes| big[Big]\n  b -->|No| r\n";

    #[test]
    fn layout_is_not_a_change() {
        let moved = "%% a comment\nflowchart LR\n  b{Is it big?} -.->|No| r[Red]\n  \
                     b ==>|yes| big[Big]\n  s([Begin]) --> a{Is it<br/>red?}\n  a -->|Yes| r\n  \
                     a -->|No| b\n  style r fill:#f00\n";
        assert!(compare_structure(&valid(BASE), &valid(moved)).is_empty());
    }

    #[test]
    fn questions_answers_and_verdicts_are_matched_by_id() {
        let edited = "flowchart TD\n  s([Start]) --> a{Is it crimson?}\n  a -->|Yes| r[Red!]\n  \
                      a -->|No| c{Is it cold?}\n  c -->|Yes| ice[Ice]\n  c -->|Maybe| r\n";
        let s = compare_structure(&valid(BASE), &valid(edited));
        let ids = |items: &[Item]| items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&s.questions_added), ["c"]);
        assert_eq!(ids(&s.questions_removed), ["b"]);
        assert_eq!(
            s.questions_reworded,
            [Reworded {
                id: "a".into(),
                old: "Is it red?".into(),
                new: "Is it crimson?".into()
            }]
        );
        assert!(s.answers.is_empty(), "a keeps Yes and No: {:?}", s.answers);
        assert_eq!(ids(&s.verdicts_added), ["ice"]);
        assert_eq!(ids(&s.verdicts_removed), ["big"]);
        assert_eq!(s.verdicts_reworded[0].id, "r");
    }

    #[test]
    fn answers_compare_by_answer_key() {
        let relabelled = BASE
            .replace("a -->|Yes|", "a -->|  YES |")
            .replace("b -->|No|", "b -->|Nope|");
        let s = compare_structure(&valid(BASE), &valid(&relabelled));
        assert_eq!(
            s.answers,
            [AnswerChanges {
                question: "b".into(),
                added: vec!["Nope".into()],
                removed: vec!["No".into()],
            }]
        );
    }
}
