//! The one diagnostic type: a rule code, a message, labelled spans into a source, and a hint.

#[cfg(feature = "cli")]
pub(crate) mod cap;
pub mod code;
pub(crate) mod suggest;
pub(crate) mod text;
pub(crate) mod window;

use std::fmt;
use std::sync::Arc;

use crate::input::source::{SourceFile, Span};
pub use code::{Code, Rule};
pub(crate) use text::quote;
pub use window::Drawable;

/// How serious a diagnostic is. Errors fail `check` and stop `run`; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Reported; `flowrun check` still passes unless given `--deny warnings`.
    Warning,
    /// Fails `flowrun check`, and `flowrun run` does not walk a flow that has one.
    Error,
}

impl Severity {
    /// The word used in reports and in `flowrun.toml`: `warning` or `error`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A span with the short text drawn under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// What is underlined, in the diagnostic's [`source`](Diagnostic::source).
    pub span: Span,
    /// The note drawn under it (`first given here`); may be empty.
    pub text: String,
}

/// One problem found in a flow, an answers file, a configuration or a test file: what
/// [`analyze`](crate::analyze) and every other check report. It renders through
/// [`miette`] (it implements `miette::Diagnostic`) or as plain data.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The rule that found it: `FLOW101`, the catalogue's key.
    pub code: Code,
    /// The rule's default severity, or the one `flowrun.toml` gives the rule.
    pub severity: Severity,
    /// One sentence saying what is wrong: ``node `q` is given two different texts or shapes``.
    pub message: String,
    /// The spans to underline, the primary one first.
    pub labels: Vec<Label>,
    /// How to fix it, when there is something to suggest.
    pub help: Option<String>,
    /// The file the labels point into; `None` for problems with no text to show (a missing file).
    pub source: Option<Arc<SourceFile>>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity. A message longer than 2,000 characters
    /// is cut there, with a marker.
    #[must_use]
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: text::bound(message.into(), text::MESSAGE_CHARS),
            labels: Vec::new(),
            help: None,
            source: None,
        }
    }

    /// With one more span underlined; the first label added is the primary one. A note longer
    /// than 200 characters is cut there.
    #[must_use]
    pub fn label(mut self, span: Span, note: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text::bound(note.into(), text::LABEL_CHARS),
        });
        self
    }

    /// With this fix suggested, replacing any given before; cut like the message.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(text::bound(help.into(), text::MESSAGE_CHARS));
        self
    }

    /// Pointing into `source`: the file its labels' spans are offsets in.
    #[must_use]
    pub fn in_file(mut self, source: &Arc<SourceFile>) -> Self {
        self.source = Some(Arc::clone(source));
        self
    }

    /// Whether its severity, after configuration, is [`Severity::Error`].
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where the diagnostic points first: its primary label.
    #[must_use]
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    /// 1-based line and column of the primary label, if there is a file to point into.
    #[must_use]
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let source = self.source.as_ref()?;
        Some(source.line_col(self.primary_span()?.start))
    }
}

/// Sorts diagnostics by file position, so output reads top to bottom.
pub fn sort_by_position(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.primary_span().map(|s| (s.start, s.end)), d.code));
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        None
    }

    /// The whole file, unless a label is too far out on its line for miette to draw (then no
    /// snippet); [`Diagnostic::drawable`] draws windows of long lines instead.
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source
            .as_deref()
            .filter(|s| window::drawable_in_place(s, &self.labels))
            .map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let source = self.source.as_ref()?;
        if self.labels.is_empty() || !window::drawable_in_place(source, &self.labels) {
            return None;
        }
        Some(Box::new(self.labels.iter().enumerate().map(|(i, l)| {
            let text = (!l.text.is_empty()).then(|| l.text.clone());
            if i == 0 {
                miette::LabeledSpan::new_primary_with_span(text, l.span)
            } else {
                miette::LabeledSpan::new_with_span(text, l.span)
            }
        })))
    }
}
