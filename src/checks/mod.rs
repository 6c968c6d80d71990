//! Checks: what is wrong with a flow and how much it matters. The catalogue of rules
//! ([`rules`]), the structural rules that make a graph a valid flow (`structure`, which gives
//! [`ValidFlow`](crate::ValidFlow)), the lint rules (`lint`), `%% flowrun: allow` comments
//! (`suppress`), and the settings a flow is judged with: `flowrun.toml` ([`config`]), the
//! resource [`limits`], both in one [`settings::Settings`]. [`analyze`](crate::analyze) runs
//! them all.

pub mod config;
pub mod limits;
test_hook_mod!(lint);
pub mod rules;
pub mod settings;
test_hook_mod!(structure);
pub(crate) mod suppress;
