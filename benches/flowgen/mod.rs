//! Deterministic Mermaid flows of a given size for benchmarks (shared by `benches/check.rs`,
//! `benches/check_dir.rs`, `examples/gen_flow.rs` and the integration tests, which include it in
//! `tests/support/mod.rs`). Every generated flow is a valid decision flow: one start, no cycle,
//! every leaf a verdict, every question's answers labelled and distinct.

use std::fmt::Write as _;

/// The shape of a generated flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FlowShape {
    /// A start, then a chain of questions: `Yes` goes on to the next question, `No` to a verdict
    /// of its own. About n/2 questions deep, the worst case for anything recursive.
    Chain,
    /// A start and one question with n-2 answers, each to its own verdict.
    Fan,
    /// A layered DAG about sqrt(n) wide and sqrt(n) deep: a root question answers into the first
    /// layer, every question answers `Yes`/`No` into two nodes of the next layer (so paths
    /// reconverge and their number grows exponentially), the last layer is verdicts.
    Dag,
}

impl FlowShape {
    pub(crate) const ALL: [FlowShape; 3] = [FlowShape::Chain, FlowShape::Fan, FlowShape::Dag];

    pub(crate) fn name(self) -> &'static str {
        match self {
            FlowShape::Chain => "chain",
            FlowShape::Fan => "fan",
            FlowShape::Dag => "dag",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<FlowShape> {
        FlowShape::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Mermaid text for a flow of about `nodes` nodes (at least a handful) in the given shape.
pub(crate) fn generate(shape: FlowShape, nodes: usize) -> String {
    let mut out = String::with_capacity(nodes * 48 + 64);
    let _ = writeln!(
        out,
        "%% generated: {} flow of about {nodes} nodes",
        shape.name()
    );
    out.push_str("flowchart TD\n");
    match shape {
        FlowShape::Chain => chain(&mut out, nodes),
        FlowShape::Fan => fan(&mut out, nodes),
        FlowShape::Dag => dag(&mut out, nodes),
    }
    out.push_str("    style done fill:#dff5e1,stroke:#1e8449\n");
    out
}

/// start, q0..q{k-1}, v0..v{k-1}, done: 2k + 2 nodes.
fn chain(out: &mut String, nodes: usize) {
    let k = (nodes.saturating_sub(2) / 2).max(1);
    out.push_str("    start([Start]) --> q0\n");
    for i in 0..k {
        let next = if i + 1 == k {
            "done[Done: every answer was Yes]".to_owned()
        } else {
            format!("q{}", i + 1)
        };
        let _ = writeln!(out, "    q{i}{{Is condition {i} met?}} -->|Yes| {next}");
        let _ = writeln!(out, "    q{i} -.->|No| v{i}[Stopped at condition {i}]");
    }
}

/// start, pick, v0..v{k-1}, done: k + 3 nodes.
fn fan(out: &mut String, nodes: usize) {
    let k = nodes.saturating_sub(3).max(1);
    out.push_str("    start([Start]) --> pick{Which option applies?}\n");
    for i in 0..k {
        let _ = writeln!(out, "    pick -->|Option {i}| v{i}[Verdict for option {i}]");
    }
    out.push_str("    pick -->|None of them| done[Done]\n");
}

/// start, root, `layers` layers of `width` (the last are verdicts), done: 2 + width * layers + 1.
fn dag(out: &mut String, nodes: usize) {
    let width = (nodes as f64).sqrt().round().max(2.0) as usize;
    let layers = (nodes.saturating_sub(3) / width).max(2);
    out.push_str("    start([Start]) --> root{Which lane?}\n");
    for j in 0..width {
        let _ = writeln!(out, "    root -->|Lane {j}| n0_{j}");
    }
    out.push_str("    root -->|No lane| done[Done]\n");
    for l in 0..layers - 1 {
        for j in 0..width {
            let _ = writeln!(out, "    n{l}_{j}{{Layer {l}, lane {j}: go on?}}");
            let _ = writeln!(out, "    n{l}_{j} -->|Yes| n{}_{j}", l + 1);
            let _ = writeln!(out, "    n{l}_{j} -.->|No| n{}_{}", l + 1, (j + 1) % width);
        }
    }
    let last = layers - 1;
    for j in 0..width {
        let _ = writeln!(out, "    n{last}_{j}[Verdict at lane {j}]");
    }
}
