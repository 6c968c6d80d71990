//! Analyses over whole flows: what changed in meaning between two versions ([`diff`]), and the
//! test cases written beside a flow with the coverage they reach (`flow_tests`, the
//! `flowrun test` verb, which only the command line uses).

pub mod diff;
// Serves the command line: without it, compiled (it holds rule entries) but not used.
test_hook_mod!(
    #[cfg_attr(not(feature = "cli"), allow(dead_code, unused_imports))]
    flow_tests
);
