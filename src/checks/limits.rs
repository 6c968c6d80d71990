//! Resource limits: how large an input flowrun accepts before refusing it with a diagnostic
//! (FLOW701-FLOW706) rather than running out of memory or time.
//!
//! Each limit is set by an environment variable read once when the command starts, never by a
//! file next to the flows: whoever runs flowrun (a CI job, a service) decides how much it may
//! spend, not the possibly untrusted files it reads. The defaults let flows of a million nodes
//! (about 100 MB of text) check.

use std::sync::Arc;

use crate::checks::rules::Code;
use crate::diagnostic::Diagnostic;
use crate::input::source::{SourceFile, Span};
use crate::syntax::{Chain, Statement};

/// One limit: its environment variable, its default and the code reported when it is hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The size in bytes of a flow file (and of the other files flowrun reads: test files,
    /// `flowrun.toml`), answers files excepted.
    FlowBytes,
    /// The number of nodes of a flow.
    Nodes,
    /// The length in bytes of one node id, node text, answer label or subgraph title.
    LabelBytes,
    /// How deeply subgraphs nest.
    SubgraphDepth,
    /// The size in bytes of an answers file.
    AnswersBytes,
}

impl Limit {
    pub const ALL: [Limit; 5] = [
        Limit::FlowBytes,
        Limit::Nodes,
        Limit::LabelBytes,
        Limit::SubgraphDepth,
        Limit::AnswersBytes,
    ];

    /// The environment variable that sets it.
    #[must_use]
    pub const fn variable(self) -> &'static str {
        match self {
            Limit::FlowBytes => "FLOWRUN_MAX_FLOW_BYTES",
            Limit::Nodes => "FLOWRUN_MAX_NODES",
            Limit::LabelBytes => "FLOWRUN_MAX_LABEL_BYTES",
            Limit::SubgraphDepth => "FLOWRUN_MAX_SUBGRAPH_DEPTH",
            Limit::AnswersBytes => "FLOWRUN_MAX_ANSWERS_BYTES",
        }
    }

    #[must_use]
    pub const fn default_value(self) -> u64 {
        match self {
            // A million-node flow is about 100 MB.
            Limit::FlowBytes => 512 << 20,
            Limit::Nodes => 5_000_000,
            Limit::LabelBytes => 4 << 20,
            Limit::SubgraphDepth => 50_000,
            Limit::AnswersBytes => 64 << 20,
        }
    }

    #[must_use]
    pub const fn code(self) -> Code {
        match self {
            Limit::FlowBytes => Code::FlowTooLarge,
            Limit::Nodes => Code::TooManyNodes,
            Limit::LabelBytes => Code::LabelTooLong,
            Limit::SubgraphDepth => Code::SubgraphsTooDeep,
            Limit::AnswersBytes => Code::AnswersTooLarge,
        }
    }

    /// How to raise it, for a diagnostic's help.
    #[must_use]
    pub fn how_to_raise(self) -> String {
        format!(
            "set the environment variable {}=N to raise the limit (`flowrun explain {}`)",
            self.variable(),
            self.code().rule().id
        )
    }
}

/// The value of every limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub flow_bytes: u64,
    pub nodes: u64,
    pub label_bytes: u64,
    pub subgraph_depth: u64,
    pub answers_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            flow_bytes: Limit::FlowBytes.default_value(),
            nodes: Limit::Nodes.default_value(),
            label_bytes: Limit::LabelBytes.default_value(),
            subgraph_depth: Limit::SubgraphDepth.default_value(),
            answers_bytes: Limit::AnswersBytes.default_value(),
        }
    }
}

impl Limits {
    #[must_use]
    pub fn get(&self, limit: Limit) -> u64 {
        match limit {
            Limit::FlowBytes => self.flow_bytes,
            Limit::Nodes => self.nodes,
            Limit::LabelBytes => self.label_bytes,
            Limit::SubgraphDepth => self.subgraph_depth,
            Limit::AnswersBytes => self.answers_bytes,
        }
    }

    fn slot(&mut self, limit: Limit) -> &mut u64 {
        match limit {
            Limit::FlowBytes => &mut self.flow_bytes,
            Limit::Nodes => &mut self.nodes,
            Limit::LabelBytes => &mut self.label_bytes,
            Limit::SubgraphDepth => &mut self.subgraph_depth,
            Limit::AnswersBytes => &mut self.answers_bytes,
        }
    }

    /// The defaults, with each limit whose variable `lookup` gives replaced by that value: a
    /// whole number, optionally with a `K`, `M` or `G` suffix (powers of 1024). An empty
    /// variable means the default. Every bad value is a FLOW706 diagnostic.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Limits, Vec<Diagnostic>> {
        let mut limits = Limits::default();
        let mut problems = Vec::new();
        for limit in Limit::ALL {
            let Some(text) = lookup(limit.variable()) else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            match parse_amount(&text) {
                Some(value) if value > 0 => *limits.slot(limit) = value,
                _ => problems.push(
                    Diagnostic::new(
                        Code::InvalidLimit,
                        format!(
                            "{}={text:?} is not a limit: it should be a whole number above 0",
                            limit.variable()
                        ),
                    )
                    .help(format!(
                        "for example {}={} (the default); K, M and G multiply by 1024, 1024² and 1024³",
                        limit.variable(),
                        limit.default_value()
                    )),
                ),
            }
        }
        if problems.is_empty() {
            Ok(limits)
        } else {
            Err(problems)
        }
    }

    /// The limits set by the process's environment.
    pub fn from_env() -> Result<Limits, Vec<Diagnostic>> {
        Limits::from_lookup(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
    }
}

fn parse_amount(text: &str) -> Option<u64> {
    let text = text.trim();
    let (digits, shift) = match text.as_bytes().last()? {
        b'k' | b'K' => (&text[..text.len() - 1], 10),
        b'm' | b'M' => (&text[..text.len() - 1], 20),
        b'g' | b'G' => (&text[..text.len() - 1], 30),
        _ => (text, 0),
    };
    let value: u64 = digits.trim().parse().ok()?;
    value.checked_mul(1 << shift)
}

/// How much of a long line a limit diagnostic shows after the position it points at.
const SHOWN_LINE_BYTES: usize = 200;

/// The diagnostic for a file over a size limit; it is not read, so it has no text to show.
/// `size` is the file's size, or 0 when only reading it showed it was too large.
#[must_use]
pub fn file_too_large(name: &str, size: u64, limit: Limit, max: u64) -> Diagnostic {
    let what = if limit == Limit::AnswersBytes {
        "answers file"
    } else {
        "file"
    };
    // A size of 0 means unknown: standard input or a pipe, read up to the limit.
    let size = if size > max {
        format!("is {size} bytes, over")
    } else {
        "is larger than".to_owned()
    };
    Diagnostic::new(
        limit.code(),
        format!(
            "the {what} `{name}` {size} the limit of {max} bytes ({})",
            limit.variable()
        ),
    )
    .help(limit.how_to_raise())
    .in_file(&SourceFile::new(name, ""))
}

/// Checks a flow's statements against the limits as they are parsed: the first statement over
/// a limit is reported (once per limit), and the flow is not built any further.
#[derive(Debug)]
pub struct Guard {
    limits: Limits,
    source: Arc<SourceFile>,
    depth: u64,
    hit: Vec<Limit>,
    diagnostics: Vec<Diagnostic>,
}

impl Guard {
    #[must_use]
    pub fn new(source: &Arc<SourceFile>, limits: Limits) -> Self {
        Self {
            limits,
            source: Arc::clone(source),
            depth: 0,
            hit: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Whether a limit was hit: then nothing more should be built.
    #[must_use]
    pub fn tripped(&self) -> bool {
        !self.hit.is_empty()
    }

    /// Looks at one statement before it is built.
    pub fn see(&mut self, statement: &Statement) {
        match statement {
            Statement::Chain(chain) => self.see_chain(chain),
            Statement::Subgraph(s) => {
                self.depth += 1;
                if self.depth > self.limits.subgraph_depth {
                    self.report(
                        Limit::SubgraphDepth,
                        s.span,
                        format!(
                            "subgraphs nest {} deep here, over the limit of {} ({})",
                            self.depth,
                            self.limits.subgraph_depth,
                            Limit::SubgraphDepth.variable()
                        ),
                        "this subgraph is one too deep",
                    );
                }
                if let Some(title) = &s.title {
                    self.label(&title.raw, title.span);
                }
                if let Some(id) = &s.id {
                    self.label(&id.value, id.span);
                }
            }
            Statement::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// Checks the node count of the graph built so far.
    pub fn nodes(&mut self, count: usize, at: Span) {
        let count = count as u64;
        if count > self.limits.nodes {
            self.report(
                Limit::Nodes,
                at,
                format!(
                    "the flow has more than {} nodes, the limit ({})",
                    self.limits.nodes,
                    Limit::Nodes.variable()
                ),
                "this statement declares one node too many",
            );
        }
    }

    fn see_chain(&mut self, chain: &Chain) {
        for node in chain.groups.iter().flatten() {
            self.label(&node.id.value, node.id.span);
            if let Some(shape) = &node.shape {
                self.label(&shape.text.raw, shape.text.span);
            }
            if let Some(data) = &node.data {
                self.label(&data.raw.value, data.raw.span);
            }
        }
        for link in &chain.links {
            if let Some(label) = &link.label {
                self.label(&label.raw, label.span);
            }
        }
    }

    fn label(&mut self, text: &str, span: Span) {
        let len = text.len() as u64;
        if len > self.limits.label_bytes {
            self.report(
                Limit::LabelBytes,
                span,
                format!(
                    "a label of {len} bytes, over the limit of {} bytes ({})",
                    self.limits.label_bytes,
                    Limit::LabelBytes.variable()
                ),
                "this text is too long",
            );
        }
    }

    fn report(&mut self, limit: Limit, span: Span, message: String, label: &str) {
        if self.hit.contains(&limit) {
            return;
        }
        self.hit.push(limit);
        // A label spanning megabytes would print them all: point at its first character.
        let start = span.start;
        let end = self.source.text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        // Reports show the whole line around a label, so a line of megabytes is cut short in
        // the text the diagnostic shows (the positions before the cut are unchanged).
        let text = &self.source.text;
        let line_end = text[start..]
            .bytes()
            .take(SHOWN_LINE_BYTES)
            .position(|b| b == b'\n');
        let shown = match line_end {
            None if text.len() - start > SHOWN_LINE_BYTES => {
                let mut cut = start + SHOWN_LINE_BYTES;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                SourceFile::new(self.source.name.clone(), format!("{} ...", &text[..cut]))
            }
            _ => Arc::clone(&self.source),
        };
        self.diagnostics.push(
            Diagnostic::new(limit.code(), message)
                .label(Span::new(start, end), label)
                .help(limit.how_to_raise())
                .in_file(&shown),
        );
    }

    /// The limits hit, one diagnostic each.
    #[must_use]
    pub fn finish(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn variables_override_defaults_with_suffixes() {
        let limits = Limits::from_lookup(lookup(&[
            ("FLOWRUN_MAX_FLOW_BYTES", "2M"),
            ("FLOWRUN_MAX_NODES", " 10 "),
            ("FLOWRUN_MAX_LABEL_BYTES", ""),
        ]))
        .unwrap();
        assert_eq!(limits.flow_bytes, 2 << 20);
        assert_eq!(limits.nodes, 10);
        assert_eq!(
            limits.label_bytes,
            Limit::LabelBytes.default_value(),
            "empty means default"
        );
    }

    #[test]
    fn bad_values_are_flow706_each() {
        let errors = Limits::from_lookup(lookup(&[
            ("FLOWRUN_MAX_NODES", "many"),
            ("FLOWRUN_MAX_SUBGRAPH_DEPTH", "0"),
            ("FLOWRUN_MAX_ANSWERS_BYTES", "99999999999999999999G"),
        ]))
        .unwrap_err();
        assert_eq!(errors.len(), 3);
        assert!(errors.iter().all(|d| d.code == Code::InvalidLimit));
        assert!(errors[0].message.contains("FLOWRUN_MAX_NODES"));
    }

    fn codes(text: &str, limits: Limits) -> Vec<&'static str> {
        let analysis = crate::analyze(
            &SourceFile::new("t.flow", text),
            &crate::Settings::new(limits),
        );
        analysis
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    const FLOW: &str = "flowchart TD\n  subgraph outer [Outer]\n    subgraph inner\n      \
                        q{Go?} -->|Yes| y[Yes]\n    end\n  end\n  subgraph side\n    q -->|No| n[No]\n  \
                        end\n";

    #[test]
    fn each_limit_is_exact() {
        let fits = Limits {
            nodes: 3,
            label_bytes: 5,
            subgraph_depth: 2,
            ..Limits::default()
        };
        assert!(codes(FLOW, fits).is_empty(), "{:?}", codes(FLOW, fits));
        let nodes = Limits { nodes: 2, ..fits };
        assert_eq!(codes(FLOW, nodes), ["FLOW702"]);
        // `Outer` is 5 bytes; `Go?`, `Yes`, `No` and the ids are shorter.
        let label = Limits {
            label_bytes: 4,
            ..fits
        };
        assert_eq!(codes(FLOW, label), ["FLOW703"]);
        // Depth goes back down at each `end`: `side` is at depth 1.
        let depth = Limits {
            subgraph_depth: 1,
            ..fits
        };
        assert_eq!(codes(FLOW, depth), ["FLOW704"]);
    }

    #[test]
    fn answer_labels_and_node_data_count_as_labels() {
        let limits = Limits {
            label_bytes: 8,
            ..Limits::default()
        };
        let edge = "flowchart TD\n  q{Go?} -->|Yes please| y[Y]\n  q -->|No| n[N]\n";
        assert_eq!(codes(edge, limits), ["FLOW703"]);
        let data = "flowchart TD\n  q@{ shape: diam, label: \"Go?\" } -->|Y| y\n  q -->|N| n\n";
        assert_eq!(codes(data, limits), ["FLOW703"]);
    }

    #[test]
    fn a_flow_over_a_limit_is_not_built_and_each_limit_is_reported_once() {
        let limits = Limits {
            nodes: 1,
            label_bytes: 1,
            ..Limits::default()
        };
        let analysis = crate::analyze(
            &SourceFile::new("t.flow", FLOW),
            &crate::Settings::new(limits),
        );
        assert!(matches!(analysis.state, crate::FlowState::Unparsed));
        // The first label over the limit stops the building: the node limit is never reached.
        let got: Vec<_> = analysis
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(got, ["FLOW703"]);
    }

    #[test]
    fn a_long_line_is_cut_short_in_the_report() {
        let limits = Limits {
            label_bytes: 10,
            ..Limits::default()
        };
        let text = format!(
            "flowchart TD\n  q{{Go?}} -->|Y| y[{}]\n  q -->|N| n\n",
            "é".repeat(5000)
        );
        let analysis = crate::analyze(
            &SourceFile::new("t.flow", text.as_str()),
            &crate::Settings::new(limits),
        );
        let diagnostic = &analysis.diagnostics[0];
        let shown = diagnostic.source.as_ref().expect("a source");
        assert!(shown.text.len() < 500, "{}", shown.text.len());
        // The position is the same in the cut text.
        let span = diagnostic.labels[0].span;
        assert_eq!(&shown.text[span.start..span.end], "é");
        assert_eq!(shown.line_col(span.start), (2, 19));
    }

    #[test]
    fn every_limit_has_its_own_code_and_variable() {
        let mut codes: Vec<_> = Limit::ALL.iter().map(|l| l.code().rule().id).collect();
        codes.dedup();
        assert_eq!(codes.len(), Limit::ALL.len());
        for limit in Limit::ALL {
            assert!(limit.how_to_raise().contains(limit.variable()));
        }
    }
}
