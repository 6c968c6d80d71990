//! Analyses over whole flows: what changed in meaning between two versions ([`diff`]), and the
//! test cases written beside a flow with the coverage they reach ([`flow_tests`], the
//! `flowrun test` verb).

pub mod diff;
pub mod flow_tests;
