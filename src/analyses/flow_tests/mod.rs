//! Test files for flows (`flowrun test`): cases of answers with the verdict (or the unanswered
//! question) each should reach, checked against the flow, run, and measured for coverage.
//!
//! One module per job: [`file`] reads test files (TOML or YAML, with spans), [`check`] checks
//! each case against the flow, [`case`] runs one case, [`coverage`] tracks answers and verdicts
//! reached, [`suite`] runs whole sets of files grouped by flow, and [`generate`] writes a
//! starting test file from a flow's routes.

#![cfg_attr(not(feature = "test-hooks"), allow(unreachable_pub))]

pub mod case;
pub mod check;
pub mod coverage;
pub mod file;
pub mod generate;
pub mod suite;
