//! Evaluation: a valid flow walked with answers. Answer files ([`answers`]), the walk to a
//! verdict ([`walk`]), decisions on a flow compiled once for a program embedding flowrun
//! ([`decide`]), why the verdict follows ([`why`]), every route through a flow
//! ([`routes`]); for the command line, a question-by-question session (`session`, `flowrun
//! ask`) and many records at once on a compiled flow (`batch`, `flowrun batch`).

pub mod answers;
// Serves the command line: without it, compiled (it holds rule entries) but not used.
test_hook_mod!(
    #[cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]
    batch
);
pub mod decide;
pub mod routes;
// Serves the command line: without it, compiled (it holds rule entries) but not used.
#[cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]
pub(crate) mod session;
pub mod walk;
pub mod why;
