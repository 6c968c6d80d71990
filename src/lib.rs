//! flowrun: decision flows written as Mermaid flowcharts, parsed, checked and walked.
//!
//! A flow is a Mermaid `flowchart`. Its rhombus nodes (`us_canada{Based in the US?}`) are
//! questions, the labelled links out of a question (`-->|Yes|`) are its answers, and the nodes
//! no link leaves are verdicts. flowrun reads a flow, reports what is wrong with it, and walks it
//! with a set of answers from its one start to a verdict.
//!
//! # Embedding flowrun
//!
//! 1. Choose the [`Settings`] a flow is read and judged with. [`Settings::default`] gives the
//!    standard [`Limits`] and no configuration; a [`SettingsFinder`] gives each flow of a tree
//!    the nearest `flowrun.toml`, as the command line does, and collects the problems found in
//!    those files.
//! 2. [`load`] a flow from a path, or [`analyze`] one already in memory (a [`SourceFile`]).
//!    The [`Analysis`] holds every [`Diagnostic`], sorted by position, and the flow as far as
//!    it got ([`FlowState`]).
//! 3. [`Analysis::into_valid`] gives the [`ValidFlow`] when the flow parsed, built and passed
//!    every structural rule: one start, no cycle, every leaf a verdict, every question's
//!    answers labelled and distinct.
//! 4. [`Decider::new`] compiles it once. [`Decider::decide`] takes `(question id, answer)`
//!    pairs and gives a [`Decision`]: its [`Ending`] (a verdict, or the question the answers
//!    left open) and the route of node ids; wrong answers are an [`AnswerError`].
//!    [`Decider::decide_all`] decides many sets of answers on every core. A `Decider` is `Send`
//!    and `Sync`.
//!
//! `examples/embed.rs` does all four steps (`cargo run --example embed`); `tests/embedding.rs`
//! runs it, and the README's "Embedding" section shows it word for word. A program embedding
//! flowrun depends on it with `default-features = false`, which leaves out the command line
//! and its crates (the `cli` feature).
//!
//! Each [`Diagnostic`] has a stable [`Code`] (`FLOW101`) with a default [`Severity`], a
//! message, labelled spans into its [`SourceFile`] and a hint. It implements
//! `miette::Diagnostic`, so [`miette`] can draw it as the command line does;
//! [`checks::rules::rule`] gives the catalogue entry of a code (what `flowrun explain` prints).
//!
//! # The data path
//!
//! The modules follow it:
//! text --[`input`]--> [`SourceFile`] --[`syntax`]--> statements --[`flow`]--> [`Flow`]
//! --[`checks`], with [`Settings`]--> [`ValidFlow`] and [`Diagnostic`]s
//! --[`evaluate`] with answers--> a verdict and its route; [`analyses`] compare versions and
//! run test cases; [`output`] draws a flow and writes it back as Mermaid.
//!
//! Beyond deciding, on a [`ValidFlow`]:
//! - [`evaluate::answers`] reads answers files (JSON, YAML, TOML) with the spans that
//!   diagnostics underline, and [`evaluate::walk`] walks a flow with them, as `flowrun run`
//!   does;
//! - [`evaluate::why`] finds the smallest set of the answers given that forces the verdict;
//! - [`evaluate::routes`] counts every route to each verdict and lists them;
//! - [`analyses::diff`] compares two versions of a flow by meaning: questions, answers and
//!   verdicts added, removed or reworded, and every route whose verdict changed;
//! - [`output::render`] draws a flow as Graphviz DOT, a walked route highlighted, and
//!   [`output::format`] writes its canonical Mermaid text.

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
    /// How far the flow got: unparsed, built with errors, or valid.
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
    /// The flow passed every structural rule: it can be walked (and given to a [`Decider`]).
    Valid(ValidFlow),
}

impl Analysis {
    /// Whether any diagnostic is an error, after configuration and `%% flowrun: allow`
    /// comments: what fails `flowrun check`. A lint rule raised to an error in `flowrun.toml`
    /// counts, though the flow is still [`FlowState::Valid`].
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

    /// The valid flow, to walk or to give to [`Decider::new`]; `None` unless the state is
    /// [`FlowState::Valid`].
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
    builder.limit_edges(limits.edges);
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
