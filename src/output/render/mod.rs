//! Drawing a flow: Graphviz DOT, with a walk's route highlighted if asked. Rendering reads the built graph, so it works on flows that
//! fail validation too.

pub mod dot;
pub mod route;
