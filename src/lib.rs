//! flowrun: decision flows written as Mermaid flowcharts, parsed, checked and walked.
//!
//! The modules follow the data path:
//! text --[`input`]--> [`SourceFile`] --[`syntax`]--> statements --[`flow`]--> [`Flow`]
//! --[`checks`], with [`Settings`]--> [`ValidFlow`] and [`Diagnostic`]s
//! --[`evaluate`] with answers--> a verdict and its route; [`analyses`] compare versions and
//! run test cases; [`output`] draws a flow and writes it back as Mermaid.

/// Declares a module that is public only to flowrun's own tests, benchmarks and fuzz targets
/// (the `test-hooks` feature, hidden from the docs) and crate-private otherwise. Its items are
/// `pub` so those can reach them; it allows `unreachable_pub` when the feature is off.
macro_rules! test_hook_mod {
    ($(#[$attr:meta])* $name:ident) => {
        #[cfg(feature = "test-hooks")]
        #[doc(hidden)]
        $(#[$attr])*
        pub mod $name;
        #[cfg(not(feature = "test-hooks"))]
        $(#[$attr])*
        pub(crate) mod $name;
    };
}

pub mod analyses;
pub mod checks;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diagnostic;
pub mod evaluate;
pub mod flow;
pub mod input;
pub mod output;
pub mod syntax;

use std::sync::Arc;

pub use checks::limits::Limits;
pub use checks::settings::{Settings, SettingsFinder};
pub use checks::structure::ValidFlow;
pub use diagnostic::{Code, Diagnostic, Severity};
pub use evaluate::decide::{AnswerError, Decider, Decision, Ending};
pub use flow::Flow;
pub use input::source::SourceFile;

/// Everything known about one flow file after parsing, building and validating it.
#[derive(Debug)]
pub struct Analysis {
    /// The text that was analysed.
    pub source: Arc<SourceFile>,
    pub state: FlowState,
    /// Every problem found, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// How far a flow got along the data path.
#[derive(Debug)]
pub enum FlowState {
    /// The text could not be read as a flowchart (syntax errors).
    Unparsed,
    /// The graph was built but has errors.
    Invalid(Flow),
    Valid(ValidFlow),
}

impl Analysis {
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The built graph whether or not it validated: what `render` draws.
    #[must_use]
    pub fn graph(&self) -> Option<&Flow> {
        match &self.state {
            FlowState::Unparsed => None,
            FlowState::Invalid(flow) => Some(flow),
            FlowState::Valid(valid) => Some(valid),
        }
    }

    #[must_use]
    pub fn into_valid(self) -> Option<ValidFlow> {
        match self.state {
            FlowState::Valid(valid) => Some(valid),
            _ => None,
        }
    }
}

/// Reads the flow at `path` (`-` is standard input) within the settings' limits and analyses it
/// with those settings: the one way every verb loads a flow.
///
/// # Errors
/// When the file cannot be read, or is not UTF-8.
pub fn load(path: &str, settings: &Settings) -> Result<Analysis, input::ReadError> {
    let source = input::read_source(path, &settings.limits())?;
    Ok(analyze(&source, settings))
}

/// Parses, builds, validates and lints a flow with the given settings. Syntax errors stop before
/// building, since a flow with statements missing would only produce misleading structural
/// errors. A flow over a limit is reported like one with syntax errors: nothing after the
/// statement that went over is built. The configuration's severities apply last, after the
/// flow's own `%% flowrun: allow` comments.
#[must_use]
pub fn analyze(source: &Arc<SourceFile>, settings: &Settings) -> Analysis {
    let limits = settings.limits();
    // The graph is built while parsing, so a large flow's syntax tree is never held whole.
    let mut builder = flow::Builder::new(source);
    // `%% flowrun: allow` comments, and the statement after each.
    let mut suppressions = checks::suppress::Collector::new(&source.text);
    let mut guard = checks::limits::Guard::new(source, limits);
    let (outline, mut diagnostics) = syntax::parse_with(source, |s| {
        if guard.tripped() {
            return;
        }
        guard.see(&s);
        if guard.tripped() {
            return;
        }
        suppressions.see(&s);
        let span = s.span();
        builder.add(s);
        guard.nodes(builder.node_count(), span);
    });
    diagnostics.extend(guard.finish());
    let suppressions =
        suppressions.finish(outline.as_ref().map(|o| (o.front_matter, o.header.span)));
    let outline = match outline {
        Some(outline) if !diagnostics.iter().any(Diagnostic::is_error) => outline,
        _ => {
            // Syntax errors cannot be suppressed, and with statements missing whether a
            // suppression is used says nothing.
            suppressions.apply(source, &mut diagnostics, false);
            settings.config().apply(&mut diagnostics);
            return Analysis {
                source: Arc::clone(source),
                state: FlowState::Unparsed,
                diagnostics,
            };
        }
    };
    let (flow, build_diagnostics) = builder.finish(&outline.header, outline.title);
    let build_errors = build_diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(build_diagnostics);
    let (result, rule_diagnostics) = checks::structure::validate(flow, build_errors);
    diagnostics.extend(rule_diagnostics);
    diagnostics.extend(checks::lint::lint(result.as_ref()));
    // After every rule, lint included, so that `%% flowrun: allow` reaches them all.
    suppressions.apply(source, &mut diagnostics, true);
    settings.config().apply(&mut diagnostics);
    diagnostic::sort_by_position(&mut diagnostics);
    Analysis {
        source: Arc::clone(source),
        state: match result {
            Ok(valid) => FlowState::Valid(valid),
            Err(flow) => FlowState::Invalid(flow),
        },
        diagnostics,
    }
}
