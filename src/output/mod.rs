//! Outputs: a flow drawn as Graphviz DOT, with a walked route highlighted ([`render`]), and
//! written back as canonical Mermaid text ([`format`](mod@format)).

pub mod format;
pub mod render;
