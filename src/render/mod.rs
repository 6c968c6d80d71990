//! Drawing a flow: Graphviz DOT. Rendering reads the built graph, so it works on flows that
//! fail validation too.

pub mod dot;
