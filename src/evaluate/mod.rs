//! Evaluation: a valid flow walked with answers. Answer files ([`answers`]), the walk to a
//! verdict ([`walk`]), decisions on a flow compiled once for a program embedding flowrun
//! ([`decide`]), why the verdict follows ([`why`]), every route through a flow
//! ([`routes`]), a question-by-question session ([`session`]), and many records at once on a
//! compiled flow ([`batch`]).

pub mod answers;
pub mod batch;
pub mod decide;
pub mod routes;
pub mod session;
pub mod walk;
pub mod why;
