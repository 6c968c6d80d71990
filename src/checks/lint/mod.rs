//! The lint rules (FLOW2xx): likely mistakes in a flow that builds. Each rule is its own file
//! with one function from the flow to its diagnostics, `check`, and its documentation, `RULE`:
//! its entry in the catalogue, [`crate::checks::rules`]. Every rule costs time linear in the
//! flow's size (nodes plus edges), and every graph walk is iterative.

#![cfg_attr(not(feature = "test-hooks"), allow(unreachable_pub))]

pub mod duplicate_verdict;
pub mod mangled_label;
pub mod near_duplicate_answer;
pub mod repeated_question;
pub mod single_answer_question;
pub mod typo_id;
pub mod unreachable_node;
pub mod unused_class_def;

use petgraph::graph::NodeIndex;

use crate::checks::structure::ValidFlow;
use crate::diagnostic::Diagnostic;
use crate::flow::Flow;

/// At most this many spans are underlined for one problem; the message says how many more.
const MAX_LABELS: usize = 12;

/// The rules that read any flow that built, valid or not.
const FLOW_RULES: &[fn(&Flow) -> Vec<Diagnostic>] = &[
    unreachable_node::check,
    single_answer_question::check,
    near_duplicate_answer::check,
    duplicate_verdict::check,
    unused_class_def::check,
    typo_id::check,
    mangled_label::check,
];

/// The rules that need a valid flow: one start and no cycle.
const VALID_FLOW_RULES: &[fn(&ValidFlow) -> Vec<Diagnostic>] = &[repeated_question::check];

/// Runs every lint rule that applies: all of them on a valid flow, the [`FLOW_RULES`] on one
/// that built with errors.
#[must_use]
pub fn lint(flow: Result<&ValidFlow, &Flow>) -> Vec<Diagnostic> {
    let plain: &Flow = match flow {
        Ok(valid) => valid,
        Err(flow) => flow,
    };
    let mut out: Vec<Diagnostic> = FLOW_RULES.iter().flat_map(|rule| rule(plain)).collect();
    if let Ok(valid) = flow {
        out.extend(VALID_FLOW_RULES.iter().flat_map(|rule| rule(valid)));
    }
    out
}

/// Text compared as a reader compares it: case, and how much space (or which line break)
/// separates the words, do not count.
fn text_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    write_text_key(text, &mut key);
    key
}

/// [`text_key`] into a buffer the caller reuses.
fn write_text_key(text: &str, key: &mut String) {
    key.clear();
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        if word.is_ascii() {
            key.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            key.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
}

/// [`text_key`] as bytes, into a buffer the caller reuses; ASCII texts (the common case) are
/// done in one pass over their bytes, with no `String` built.
fn write_key_bytes(text: &str, out: &mut Vec<u8>) {
    out.clear();
    if !text.is_ascii() {
        out.extend_from_slice(text_key(text).as_bytes());
        return;
    }
    let mut space = false;
    for &b in text.as_bytes() {
        // The ASCII characters `char::is_whitespace` (and so `split_whitespace`) knows.
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            space = !out.is_empty();
        } else {
            if space {
                out.push(b' ');
                space = false;
            }
            out.push(b.to_ascii_lowercase());
        }
    }
}

/// Groups the nodes whose texts read the same ([`text_key`]), keeping groups of two or more,
/// in the order their first members come (`nodes` must come in index order). Each text is
/// hashed once and the hashes sorted, so a text that no other node has (the common case) costs
/// one hash and no allocation; only texts whose hash repeats build their key. A sorted list
/// rather than a hash table keeps memory at 16 bytes a node and reads it in order.
fn same_text_groups(flow: &Flow, nodes: impl Iterator<Item = NodeIndex>) -> Vec<Vec<NodeIndex>> {
    use std::hash::BuildHasher;
    let hashing = foldhash::fast::FixedState::default();
    let mut key = Vec::new();
    let mut hashed: Vec<(u64, NodeIndex)> = nodes
        .map(|ix| {
            write_key_bytes(&flow.node(ix).text, &mut key);
            (hashing.hash_one(key.as_slice()), ix)
        })
        .collect();
    hashed.sort_unstable();
    let mut groups: Vec<Vec<NodeIndex>> = Vec::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // Texts with the same hash: almost always the same key, but make sure.
        let mut keyed: Vec<(String, NodeIndex)> = run
            .iter()
            .map(|&(_, ix)| (text_key(&flow.node(ix).text), ix))
            .collect();
        keyed.sort_unstable();
        for same in keyed.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
            groups.push(same.iter().map(|&(_, ix)| ix).collect());
        }
    }
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

/// `a, b, c`, or the first [`MAX_LABELS`] and how many more.
fn abbreviate(items: &[String]) -> String {
    if items.len() <= MAX_LABELS {
        items.join(", ")
    } else {
        format!(
            "{}, ... and {} more",
            items[..MAX_LABELS].join(", "),
            items.len() - MAX_LABELS
        )
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::diagnostic::{Code, Diagnostic};
    use crate::input::source::SourceFile;

    /// The diagnostics `analyze` reports for `text` with the given code.
    pub(crate) fn reported(text: &str, code: Code) -> Vec<Diagnostic> {
        crate::analyze(
            &SourceFile::new("t.flow", text),
            &crate::Settings::default(),
        )
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_bytes_are_the_text_key() {
        let mut bytes = Vec::new();
        for text in [
            "  Not\n  Sure ",
            "not sure",
            "A\tB\x0bC\x0cD\rE",
            "\x1c a",
            "",
            "   ",
            "Ünïcode  Wörds",
            "\u{212a}elvin",
            "x\u{a0}y",
        ] {
            write_key_bytes(text, &mut bytes);
            assert_eq!(bytes, text_key(text).as_bytes(), "{text:?}");
        }
    }

    #[test]
    fn text_keys_ignore_case_and_spacing() {
        assert_eq!(text_key("  Not\n  Sure "), text_key("not sure"));
        assert_ne!(text_key("notsure"), text_key("not sure"));
    }
}
