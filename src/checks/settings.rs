//! The settings a flow is read and judged with, as one value: the limits on its size and the
//! severity of each rule (from the nearest `flowrun.toml`). `%% flowrun: allow` comments travel
//! inside the flow itself. Every verb, and every program embedding the library, passes a
//! [`Settings`] into [`crate::analyze`], so the same file is judged the same way everywhere.

use std::path::Path;
use std::sync::Arc;

use crate::checks::config::{Config, Finder};
use crate::checks::limits::Limits;
use crate::diagnostic::Diagnostic;

/// How a flow is read and judged: the limits that bound the cost of reading it, and the
/// severities a `flowrun.toml` sets. [`Settings::default`] is the defaults with no
/// configuration, what an embedding program gets unless it asks for more.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    limits: Limits,
    config: Arc<Config>,
}

impl Settings {
    /// The given limits and no configuration file.
    #[must_use]
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            config: Arc::default(),
        }
    }

    /// These settings with the rule severities of a parsed `flowrun.toml`.
    #[must_use]
    pub fn with_config(mut self, config: Arc<Config>) -> Self {
        self.config = config;
        self
    }

    /// The limits on the size of the flow and of the files read with it.
    #[must_use]
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The rule severities in force.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// Finds the settings of each flow in a tree: one set of limits for all, and for each flow the
/// nearest `flowrun.toml` in its directory or above (each file read once). The problems found
/// in configuration files are collected, each once, for the caller to report.
#[derive(Debug)]
pub struct SettingsFinder {
    limits: Limits,
    configs: Finder,
    /// One configuration for every flow (`--config FILE`, or none with `--isolated`) instead
    /// of the nearest `flowrun.toml` to each.
    fixed: Option<Option<Arc<Config>>>,
    /// Problems of the fixed configuration file, not yet taken.
    problems: Vec<Diagnostic>,
}

impl SettingsFinder {
    /// A finder that gives every flow these limits.
    #[must_use]
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            configs: Finder::new(limits),
            fixed: None,
            problems: Vec::new(),
        }
    }

    /// A finder that gives every flow these limits and the configuration in `file`, wherever
    /// the flow is; no other `flowrun.toml` is read. A file that cannot be read or parsed is
    /// reported by [`SettingsFinder::take_problems`], and the entries that could be read apply.
    #[must_use]
    pub fn with_config_file(limits: Limits, file: &Path) -> Self {
        let mut problems = Vec::new();
        let config = match crate::input::read_source(&file.to_string_lossy(), &limits) {
            Ok(source) => {
                let (config, diagnostics) = Config::parse(&source);
                problems.extend(diagnostics);
                config
            }
            Err(error) => {
                problems.push(error.into_diagnostic());
                Config::default()
            }
        };
        Self {
            fixed: Some(Some(Arc::new(config))),
            problems,
            ..Self::new(limits)
        }
    }

    /// A finder that gives every flow these limits and no configuration: no `flowrun.toml` is
    /// read.
    #[must_use]
    pub fn isolated(limits: Limits) -> Self {
        Self {
            fixed: Some(None),
            ..Self::new(limits)
        }
    }

    /// The limits every flow is given.
    #[must_use]
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The settings of the flow at `path` (`-`, standard input, is configured from the current
    /// directory).
    pub fn for_flow(&mut self, path: &Path) -> Settings {
        let settings = Settings::new(self.limits);
        let found = match &self.fixed {
            Some(fixed) => fixed.clone(),
            None => self.configs.for_flow(path),
        };
        match found {
            Some(config) => settings.with_config(config),
            None => settings,
        }
    }

    /// The problems found in the configuration files read so far, each given once.
    pub fn take_problems(&mut self) -> Vec<Diagnostic> {
        let mut problems = std::mem::take(&mut self.problems);
        problems.extend(self.configs.take_diagnostics());
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::rules::Code;

    #[test]
    fn a_config_file_applies_to_every_flow_and_isolated_reads_none() {
        let dir = tempfile::tempdir().unwrap();
        let nearest = dir.path().join("flows");
        std::fs::create_dir(&nearest).unwrap();
        std::fs::write(nearest.join("flowrun.toml"), "[rules]\nFLOW011 = \"off\"\n").unwrap();
        let chosen = dir.path().join("strict.toml");
        std::fs::write(&chosen, "[rules]\nFLOW011 = \"error\"\n").unwrap();
        let flow = nearest.join("a.flow");

        let setting = |finder: &mut SettingsFinder| {
            finder
                .for_flow(&flow)
                .config()
                .setting(Code::UnknownStyleTarget)
        };
        let searched = setting(&mut SettingsFinder::new(Limits::default()));
        let fixed = setting(&mut SettingsFinder::with_config_file(
            Limits::default(),
            &chosen,
        ));
        let none = setting(&mut SettingsFinder::isolated(Limits::default()));
        assert!(searched.is_some() && fixed.is_some() && searched != fixed);
        assert_eq!(none, None);

        // A file that cannot be read is a problem, given once.
        let mut missing =
            SettingsFinder::with_config_file(Limits::default(), &dir.path().join("none.toml"));
        assert_eq!(setting(&mut missing), None);
        let problems = missing.take_problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("none.toml"));
        assert!(missing.take_problems().is_empty());
    }
}
