//! Per-project configuration: `flowrun.toml`, found by walking up from each flow's directory
//! (the nearest one wins; they are not merged).
//!
//! ```toml
//! [rules]
//! FLOW014 = "off"               # or "warning" / "error"
//! comment-read-as-node = "error"
//! ```
//!
//! Only rules that do not stop a flow from being read or walked can be turned off or lowered
//! (see [`can_lower`]); every problem in the file is a diagnostic pointing into it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::checks::limits::Limits;
use crate::checks::rules::{self, RULES};
use crate::diagnostic::{Code, Diagnostic, Rule, Severity};
use crate::input::read_source;
use crate::input::source::{SourceFile, Span};

pub(crate) const INVALID_CONFIG: Rule = Rule::new(
    Code::InvalidConfig,
    "a flowrun.toml is not valid TOML or not in the expected shape",
    "\
What it checks: that the `flowrun.toml` nearest above a flow is valid TOML holding only a
`[rules]` table, whose values are \"off\", \"warning\" or \"error\", each rule given once.

Why: a configuration flowrun cannot read would silently change nothing; the diagnostic points
into the TOML file. `check` and `run` exit 2 (an input error) while it is broken.

Example:
    [rules]
    FLOW014 = \"of\"
Fix: `FLOW014 = \"off\"`.",
);

pub(crate) const UNKNOWN_RULE_IN_CONFIG: Rule = Rule::new(
    Code::UnknownRuleInConfig,
    "a flowrun.toml names a rule that does not exist",
    "\
What it checks: that every key of `[rules]` in `flowrun.toml` is a code (`FLOW014`) or a rule
name (`arrowhead-takes-id`) from `flowrun explain --list`.

Why: a misspelt code would turn nothing off; the diagnostic suggests the closest code.

Example:
    [rules]
    FLOW14 = \"off\"
Fix: `FLOW014 = \"off\"`.",
);

pub(crate) const RULE_NOT_CONFIGURABLE: Rule = Rule::new(
    Code::RuleNotConfigurable,
    "a configuration or suppression tries to turn off a rule that cannot be",
    "\
What it checks: that `flowrun.toml` and `%% flowrun: allow` comments only turn off or lower
rules that can be. Errors that stop a flow from being read, built or walked cannot: syntax
(FLOW001, FLOW003, FLOW004, FLOW005), building (FLOW010, FLOW012, FLOW016), the structure of the
decision graph (FLOW101-FLOW107), unreadable or invalid answers (FLOW301, FLOW303, FLOW304),
files and the command line (FLOW401-FLOW403, FLOW405, FLOW406), Graphviz (FLOW407,
FLOW408), configuration itself (FLOW501-FLOW503) and the limits (FLOW701-FLOW707). Setting
one of them to \"error\" is allowed and changes nothing.

Why: a flow with such an error has no meaning to walk; hiding the error would only move the
failure to `flowrun run`.

Example:
    [rules]
    cycle = \"off\"
Fix: remove the line, and fix the cycle in the flow.",
);

/// The name of the configuration file.
pub const FILE_NAME: &str = "flowrun.toml";

/// What a configuration does with one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// `rule = "off"`: the rule's diagnostics are dropped.
    Off,
    /// `rule = "warning"` or `rule = "error"`: the rule's diagnostics get this severity.
    Level(Severity),
}

impl Setting {
    fn parse(word: &str) -> Option<Self> {
        match word {
            "off" => Some(Setting::Off),
            "warning" => Some(Setting::Level(Severity::Warning)),
            "error" => Some(Setting::Level(Severity::Error)),
            _ => None,
        }
    }
}

/// The rules a flow's diagnostics cannot be turned off or lowered for: each stops the flow from
/// being read, built or walked (or is about the configuration itself). They can still be set to
/// `"error"`, which changes nothing.
pub const FIXED: &[Code] = &[
    Code::SyntaxError,
    Code::NotAFlowchart,
    Code::NotUtf8,
    Code::InvalidNodeData,
    Code::ConflictingText,
    Code::LinkStyleOutOfRange,
    Code::AmbiguousSubgraphEndpoint,
    Code::Cycle,
    Code::QuestionWithoutAnswers,
    Code::BranchingStep,
    Code::UnlabelledAnswer,
    Code::DuplicateAnswer,
    Code::NoStart,
    Code::SeveralStarts,
    Code::AnswerNotAnOption,
    Code::MalformedAnswers,
    Code::AnswerNotALabel,
    Code::Io,
    Code::UnknownCode,
    Code::InvalidConfig,
    Code::UnknownRuleInConfig,
    Code::RuleNotConfigurable,
    Code::FileExists,
    Code::InvalidTypedAnswer,
    Code::UnreadableRevision,
    // Graphviz missing or failing: nothing is drawn, so there is nothing to lower.
    Code::GraphvizNotFound,
    Code::GraphvizFailed,
    // An input over a limit was not read or built: there is nothing to check.
    Code::FlowTooLarge,
    Code::TooManyNodes,
    Code::LabelTooLong,
    Code::SubgraphsTooDeep,
    Code::AnswersTooLarge,
    Code::InvalidLimit,
];

/// Whether a rule's diagnostics may be turned off or made warnings.
#[must_use]
pub fn can_lower(code: Code) -> bool {
    !FIXED.contains(&code)
}

/// A parsed `flowrun.toml`: the setting of each rule it names.
#[derive(Debug, Default)]
pub struct Config {
    rules: BTreeMap<Code, Setting>,
}

impl Config {
    /// Reads a configuration. Every problem is a diagnostic pointing into the file; the entries
    /// that are valid are kept, so one typo does not undo the rest.
    #[must_use]
    pub fn parse(source: &Arc<SourceFile>) -> (Config, Vec<Diagnostic>) {
        let mut config = Config::default();
        let mut diagnostics = Vec::new();
        let text: &str = &source.text;
        let root = match DeTable::parse(text) {
            Ok(root) => root,
            Err(error) => {
                let span = error
                    .span()
                    .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
                let message = error.message().trim().to_owned();
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidConfig,
                        format!("{FILE_NAME} is not valid TOML"),
                    )
                    .label(span, message)
                    .help("write `[rules]` and then lines such as `FLOW014 = \"off\"`")
                    .in_file(source),
                );
                return (config, diagnostics);
            }
        };
        for (key, value) in root.get_ref() {
            let key_span = span_of(key);
            match (key.get_ref().as_ref(), value.get_ref()) {
                ("rules", DeValue::Table(table)) => {
                    config.read_rules(table, source, &mut diagnostics);
                }
                ("rules", _) => diagnostics.push(
                    Diagnostic::new(Code::InvalidConfig, "`rules` should be a table")
                        .label(span_of(value), "not a table")
                        .help("write `[rules]` on a line of its own, then one rule per line")
                        .in_file(source),
                ),
                (other, _) => diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidConfig,
                        format!("{FILE_NAME} has no setting `{other}`"),
                    )
                    .label(key_span, "unknown key")
                    .help("the only table is `[rules]`")
                    .in_file(source),
                ),
            }
        }
        diagnostic_sort(&mut diagnostics);
        (config, diagnostics)
    }

    fn read_rules(
        &mut self,
        table: &DeTable<'_>,
        source: &Arc<SourceFile>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        // Which key set each rule, to report a rule given twice (as a code and as a name).
        let mut seen: HashMap<Code, Span> = HashMap::new();
        for (key, value) in table {
            let name: &str = key.get_ref();
            let key_span = span_of(key);
            let Some(rule) = rules::lookup(name) else {
                let mut help = "`flowrun explain --list` lists every code and name".to_owned();
                let candidates = RULES.iter().flat_map(|r| [r.id, r.name]);
                if let Some(near) = crate::diagnostic::suggest::closest(name, candidates) {
                    help = format!("did you mean `{near}`? {help}");
                }
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownRuleInConfig,
                        format!("there is no rule `{name}`"),
                    )
                    .label(key_span, "unknown rule")
                    .help(help)
                    .in_file(source),
                );
                continue;
            };
            let setting = match value.get_ref() {
                DeValue::String(word) => Setting::parse(word),
                _ => None,
            };
            let Some(setting) = setting else {
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidConfig,
                        format!("`{name}` should be \"off\", \"warning\" or \"error\""),
                    )
                    .label(span_of(value), "not a severity")
                    .help(format!("for example `{name} = \"off\"`"))
                    .in_file(source),
                );
                continue;
            };
            if let Some(first) = seen.insert(rule.code, key_span) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidConfig,
                        format!("{} ({}) is set twice", rule.id, rule.name),
                    )
                    .label(key_span, "set again here")
                    .label(first, "first set here")
                    .help("keep one of the two lines")
                    .in_file(source),
                );
                continue;
            }
            if setting != Setting::Level(Severity::Error) && !can_lower(rule.code) {
                diagnostics.push(
                    not_configurable(rule.code, key_span, "cannot be turned off or lowered")
                        .in_file(source),
                );
                continue;
            }
            self.rules.insert(rule.code, setting);
        }
    }

    /// What the configuration says about a rule, if anything.
    #[must_use]
    pub fn setting(&self, code: Code) -> Option<Setting> {
        self.rules.get(&code).copied()
    }

    /// Drops the diagnostics of rules turned off and sets the severity of the others.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.rules.is_empty() {
            return;
        }
        diagnostics.retain_mut(|d| match self.setting(d.code) {
            Some(Setting::Off) => false,
            Some(Setting::Level(severity)) => {
                d.severity = severity;
                true
            }
            None => true,
        });
    }
}

/// FLOW503 for a rule that must stay an error.
pub(crate) fn not_configurable(code: Code, span: Span, label: &str) -> Diagnostic {
    let rule = code.rule();
    Diagnostic::new(
        Code::RuleNotConfigurable,
        format!("{} ({}) cannot be turned off", rule.id, rule.name),
    )
    .label(span, label)
    .help(format!(
        "a flow with this error cannot be read or walked; fix it instead (`flowrun explain {}`)",
        rule.id
    ))
}

fn span_of<T>(spanned: &Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

fn diagnostic_sort(diagnostics: &mut [Diagnostic]) {
    crate::diagnostic::sort_by_position(diagnostics);
}

/// Finds and reads the configuration of each flow, reading each `flowrun.toml` once.
#[derive(Debug)]
pub struct Finder {
    /// Where relative names are shown from: configuration files under it are named relative to it.
    cwd: Option<PathBuf>,
    /// The configuration file found for each directory asked about.
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// Each configuration file read, by path.
    loaded: HashMap<PathBuf, Arc<Config>>,
    /// Problems found in configuration files, not yet taken.
    diagnostics: Vec<Diagnostic>,
    /// Bound the size of the configuration files read.
    limits: Limits,
}

impl Finder {
    /// A finder that has read nothing yet; configuration files are read within `limits`.
    #[must_use]
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            cwd: std::env::current_dir()
                .ok()
                .and_then(|d| d.canonicalize().ok()),
            by_dir: HashMap::new(),
            loaded: HashMap::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The configuration that applies to a flow file (`-` means standard input, configured from
    /// the current directory): the nearest `flowrun.toml` in its directory or above.
    pub fn for_flow(&mut self, flow: &Path) -> Option<Arc<Config>> {
        let dir = match flow.parent() {
            _ if flow == Path::new("-") => Path::new("."),
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let file = self.find(&dir)?;
        if let Some(config) = self.loaded.get(&file) {
            return Some(Arc::clone(config));
        }
        let name = match &self.cwd {
            Some(cwd) => file.strip_prefix(cwd).unwrap_or(&file),
            None => &file,
        };
        let config = match read_source(&name.to_string_lossy(), &self.limits) {
            Ok(source) => {
                let (config, diagnostics) = Config::parse(&source);
                self.diagnostics.extend(diagnostics);
                config
            }
            Err(error) => {
                self.diagnostics.push(error.into_diagnostic());
                Config::default()
            }
        };
        let config = Arc::new(config);
        self.loaded.insert(file, Arc::clone(&config));
        Some(config)
    }

    /// Applies the configuration of `flow` to its diagnostics.
    pub fn apply(&mut self, flow: &Path, diagnostics: &mut Vec<Diagnostic>) {
        if let Some(config) = self.for_flow(flow) {
            config.apply(diagnostics);
        }
    }

    /// The problems found in the configuration files read so far, each reported once.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics)
    }

    /// The nearest configuration file at or above `dir`, remembering the answer for every
    /// directory on the way so that many flows in one tree cost one walk.
    fn find(&mut self, dir: &Path) -> Option<PathBuf> {
        let mut walked = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(known) = self.by_dir.get(ancestor) {
                found.clone_from(known);
                break;
            }
            walked.push(ancestor.to_path_buf());
            let candidate = ancestor.join(FILE_NAME);
            if candidate.is_file() {
                found = Some(candidate);
                break;
            }
        }
        for dir in walked {
            self.by_dir.insert(dir, found.clone());
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Config, Vec<&'static str>) {
        let (config, diagnostics) = Config::parse(&SourceFile::new(FILE_NAME, text));
        (
            config,
            diagnostics.iter().map(|d| d.code.as_str()).collect(),
        )
    }

    #[test]
    fn codes_and_names_set_severities() {
        let (config, codes) =
            parse("[rules]\nFLOW014 = \"off\"\ncomment-read-as-node = \"error\"\n");
        assert!(codes.is_empty(), "{codes:?}");
        assert_eq!(config.setting(Code::ArrowheadTakesId), Some(Setting::Off));
        assert_eq!(
            config.setting(Code::CommentReadAsNode),
            Some(Setting::Level(Severity::Error))
        );
        assert_eq!(config.setting(Code::Cycle), None);
    }

    #[test]
    fn problems_point_into_the_file() {
        assert_eq!(parse("[rules\n").1, ["FLOW501"]);
        assert_eq!(parse("[rules]\nFLOW14 = \"off\"\n").1, ["FLOW502"]);
        assert_eq!(parse("[rules]\nFLOW014 = \"of\"\n").1, ["FLOW501"]);
        assert_eq!(parse("[rules]\nFLOW014 = false\n").1, ["FLOW501"]);
        assert_eq!(parse("[rule]\nFLOW014 = \"off\"\n").1, ["FLOW501"]);
        assert_eq!(parse("rules = 1\n").1, ["FLOW501"]);
        assert_eq!(
            parse("[rules]\nFLOW014 = \"off\"\narrowhead-takes-id = \"error\"\n").1,
            ["FLOW501"]
        );
        assert_eq!(parse("[rules]\ncycle = \"off\"\n").1, ["FLOW503"]);
        assert_eq!(parse("[rules]\nFLOW001 = \"warning\"\n").1, ["FLOW503"]);
        assert!(parse("[rules]\nFLOW001 = \"error\"\n").1.is_empty());
    }

    #[test]
    fn apply_drops_and_changes() {
        let (config, _) = parse("[rules]\nFLOW014 = \"off\"\nFLOW011 = \"error\"\n");
        let mut diagnostics = vec![
            Diagnostic::new(Code::ArrowheadTakesId, "a"),
            Diagnostic::new(Code::UnknownStyleTarget, "b"),
            Diagnostic::new(Code::Cycle, "c"),
        ];
        config.apply(&mut diagnostics);
        let got: Vec<_> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                (Code::UnknownStyleTarget, Severity::Error),
                (Code::Cycle, Severity::Error)
            ]
        );
    }

    #[test]
    fn graphviz_errors_cannot_be_turned_off() {
        let (_, codes) = parse("[rules]\ngraphviz-not-found = \"off\"\nFLOW408 = \"warning\"\n");
        assert_eq!(codes, ["FLOW503", "FLOW503"]);
    }
}
