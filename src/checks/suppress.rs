//! Suppression comments: Mermaid `%%` comment lines that turn diagnostics off where they are
//! written, so the flow stays valid Mermaid.
//!
//! ```text
//! %% flowrun: allow FLOW014                  the next statement
//! %% flowrun: allow-file FLOW011, FLOW013    the whole file
//! %% flowrun: allow arrowhead-takes-id -- the o is a node, on purpose
//! ```
//!
//! A diagnostic is suppressed when its code is listed and, for `allow`, its primary span starts
//! within the next statement that is not a comment (for a comment before the header, the
//! header). Codes may be rule names, separated by commas or spaces; a reason may follow ` -- `.
//! Unknown codes and verbs are FLOW504, rules that cannot be turned off FLOW503, and codes that
//! suppress nothing FLOW505.

use std::sync::Arc;

use crate::checks::config::{can_lower, not_configurable};
use crate::checks::rules::{self, RULES};
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::input::source::{SourceFile, Span};
use crate::syntax::Statement;

pub(crate) const INVALID_SUPPRESSION: Rule = Rule::new(
    Code::InvalidSuppression,
    "a `%% flowrun:` comment is not a suppression flowrun understands",
    "\
What it checks: that every comment line starting `%% flowrun:` reads `allow CODES` (the next
statement) or `allow-file CODES` (the whole file), where CODES are codes or rule names from
`flowrun explain --list`, separated by commas; a reason may follow ` -- `.

Why: a misspelt code or verb suppresses nothing, and the diagnostic it was meant for would come
back unexplained. The warning points at the word flowrun did not understand.

Example:
    %% flowrun: allow FLOW14
    A---oB
Fix: `%% flowrun: allow FLOW014`.",
);

pub(crate) const UNUSED_SUPPRESSION: Rule = Rule::new(
    Code::UnusedSuppression,
    "a `%% flowrun: allow` comment suppresses nothing",
    "\
What it checks: that every code in a `%% flowrun: allow` or `allow-file` comment suppresses at
least one diagnostic.

Why: a suppression left behind after the problem was fixed hides the next problem of that kind.
Turn this warning off in `flowrun.toml` (`unused-suppression = \"off\"`) if you prefer.

Example:
    %% flowrun: allow FLOW014
    A --> B
Fix: remove the comment, or the code that no longer applies.",
);

const MARKER: &str = "flowrun:";

/// Gathers the suppression comments of a file as its statements go by, and the statement each
/// `allow` applies to. Only the comments are kept, never the statements.
#[derive(Debug)]
pub(crate) struct Collector<'a> {
    text: &'a str,
    /// Comments waiting for the statement they apply to.
    pending: Vec<Span>,
    /// Each suppression comment and the statement after it (`None`: nothing followed).
    found: Vec<(Span, Option<Span>)>,
}

impl<'a> Collector<'a> {
    #[must_use]
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            pending: Vec::new(),
            found: Vec::new(),
        }
    }

    /// Looks at one statement, in file order.
    pub(crate) fn see(&mut self, statement: &Statement) {
        match statement {
            Statement::Comment(span) if marker_at(&self.text[span.start..span.end]).is_some() => {
                self.pending.push(*span);
            }
            Statement::Comment(_) => {}
            other if !self.pending.is_empty() => {
                let target = other.span();
                self.found
                    .extend(self.pending.drain(..).map(|c| (c, Some(target))));
            }
            _ => {}
        }
    }

    /// The suppressions found. `preamble` is the front matter's span and the header's span when
    /// the header was read: `%%` lines before the header are suppression comments too.
    #[must_use]
    pub(crate) fn finish(mut self, preamble: Option<(Option<Span>, Span)>) -> Suppressions {
        let mut comments = Vec::new();
        if let Some((front_matter, header)) = preamble {
            let mut offset = 0;
            for line in self.text[..header.start].split_inclusive('\n') {
                let start = offset;
                offset += line.len();
                if front_matter.is_some_and(|f| start >= f.start && start < f.end) {
                    continue;
                }
                let trimmed = line.trim();
                if marker_at(trimmed).is_some() {
                    let lead = line.len() - line.trim_start().len();
                    let span = Span::new(start + lead, start + lead + trimmed.len());
                    comments.push((span, Some(header)));
                }
            }
        }
        comments.extend(self.found);
        comments.extend(self.pending.drain(..).map(|c| (c, None)));
        let mut suppressions = Suppressions::default();
        for (comment, target) in comments {
            suppressions.read(self.text, comment, target);
        }
        suppressions
    }
}

/// Where `flowrun:` starts after the `%%` of a comment, if the comment is a suppression.
fn marker_at(comment: &str) -> Option<usize> {
    let rest = comment.strip_prefix("%%")?;
    let body = rest.trim_start();
    body.starts_with(MARKER).then(|| comment.len() - body.len())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    File,
    /// The statement after the comment, if there was one.
    Next(Option<Span>),
}

#[derive(Debug)]
struct Entry {
    code: Code,
    /// Where the code is written in the comment.
    span: Span,
    scope: Scope,
    used: bool,
}

/// The suppressions of one file, and the problems found in writing them.
#[derive(Debug, Default)]
pub(crate) struct Suppressions {
    entries: Vec<Entry>,
    problems: Vec<Diagnostic>,
}

impl Suppressions {
    /// Reads one `%% flowrun: VERB CODES [-- reason]` comment.
    fn read(&mut self, text: &str, comment: Span, target: Option<Span>) {
        let line = &text[comment.start..comment.end];
        let Some(marker) = marker_at(line) else {
            return;
        };
        let body_start = marker + MARKER.len();
        let body = &line[body_start..];
        let body = body.split_once("--").map_or(body, |(codes, _reason)| codes);
        let mut words = words(body).map(|(at, w)| (comment.start + body_start + at, w));
        let Some((verb_at, verb)) = words.next() else {
            self.problems.push(
                Diagnostic::new(
                    Code::InvalidSuppression,
                    "this `flowrun:` comment says nothing",
                )
                .label(comment, "no `allow` or `allow-file`")
                .help("write `%% flowrun: allow FLOW014` (next statement) or `allow-file` (whole file)"),
            );
            return;
        };
        let verb_span = Span::new(verb_at, verb_at + verb.len());
        let scope = match verb {
            "allow" => Scope::Next(target),
            "allow-file" => Scope::File,
            _ => {
                self.problems.push(unknown_verb(verb, verb_span));
                return;
            }
        };
        let mut any = false;
        for (at, word) in words {
            any = true;
            self.read_code(word, Span::new(at, at + word.len()), scope);
        }
        if !any {
            self.problems.push(
                Diagnostic::new(Code::InvalidSuppression, format!("`{verb}` names no rule"))
                    .label(verb_span, "allows nothing")
                    .help(format!(
                        "name the codes after it: `%% flowrun: {verb} FLOW014`"
                    )),
            );
        }
    }

    /// Reads one code (or rule name) of a comment, written at `span`, allowed in `scope`.
    fn read_code(&mut self, word: &str, span: Span, scope: Scope) {
        match rules::lookup(word) {
            None => self.problems.push(unknown_rule(word, span)),
            Some(rule) if !can_lower(rule.code) => {
                self.problems
                    .push(not_configurable(rule.code, span, "cannot be suppressed"));
            }
            Some(rule) => self.entries.push(Entry {
                code: rule.code,
                span,
                scope,
                used: false,
            }),
        }
    }

    /// Removes the diagnostics the comments suppress, then adds the problems found in the
    /// comments themselves and, when `report_unused`, a FLOW505 for each code that suppressed
    /// nothing. Diagnostics are expected in any order; the cost is linear in their number (times
    /// the log of the number of comments).
    pub(crate) fn apply(
        mut self,
        source: &Arc<SourceFile>,
        diagnostics: &mut Vec<Diagnostic>,
        report_unused: bool,
    ) {
        if !self.entries.is_empty() {
            self.suppress(diagnostics);
        }
        let mut added = std::mem::take(&mut self.problems);
        if report_unused {
            added.extend(self.entries.iter().filter(|e| !e.used).map(unused));
        }
        diagnostics.extend(added.into_iter().map(|d| d.in_file(source)));
    }

    /// Removes the diagnostics some entry suppresses, and marks the entries that did.
    fn suppress(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        // Statement-scoped entries by where their statement starts (comments come in file
        // order, so this is nearly sorted already).
        let mut by_target: Vec<(Span, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e.scope {
                Scope::Next(Some(target)) => Some((target, i)),
                _ => None,
            })
            .collect();
        by_target.sort_by_key(|(t, _)| t.start);
        let file: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.entries[i].scope == Scope::File)
            .collect();
        let entries = &mut self.entries;
        diagnostics.retain(|d| {
            // Both kinds are looked at, so that every entry that applies is marked used.
            let in_file = suppress_in_file(entries, &file, d);
            let in_statement = suppress_in_statement(entries, &by_target, d);
            !(in_file || in_statement)
        });
    }
}

/// Whether a file-wide entry (indices `file`) suppresses `d`; each one that does is marked used.
fn suppress_in_file(entries: &mut [Entry], file: &[usize], d: &Diagnostic) -> bool {
    let mut suppressed = false;
    for &i in file {
        if entries[i].code == d.code {
            entries[i].used = true;
            suppressed = true;
        }
    }
    suppressed
}

/// Whether an entry for the statement `d` starts in suppresses it; each one that does is marked
/// used. `by_target` holds the statement-scoped entries sorted by where their statement starts.
fn suppress_in_statement(
    entries: &mut [Entry],
    by_target: &[(Span, usize)],
    d: &Diagnostic,
) -> bool {
    let Some(at) = d.primary_span().map(|s| s.start) else {
        return false;
    };
    let mut suppressed = false;
    // The statements that start at or before `at`, nearest first.
    let end = by_target.partition_point(|(t, _)| t.start <= at);
    let mut k = end;
    while k > 0 {
        k -= 1;
        let (target, i) = by_target[k];
        if target.start != by_target[end - 1].0.start {
            break;
        }
        if at < target.end.max(target.start + 1) && entries[i].code == d.code {
            entries[i].used = true;
            suppressed = true;
        }
    }
    suppressed
}

/// The FLOW504 error for a verb other than `allow` and `allow-file`.
fn unknown_verb(verb: &str, span: Span) -> Diagnostic {
    let mut help =
        "the verbs are `allow` (next statement) and `allow-file` (whole file)".to_owned();
    if let Some(near) = crate::diagnostic::suggest::closest(verb, ["allow", "allow-file"]) {
        help = format!("did you mean `{near}`? {help}");
    }
    Diagnostic::new(
        Code::InvalidSuppression,
        format!("`{verb}` is not a suppression"),
    )
    .label(span, "unknown verb")
    .help(help)
}

/// The FLOW504 error for a code or name no rule has.
fn unknown_rule(word: &str, span: Span) -> Diagnostic {
    let mut help = "`flowrun explain --list` lists every code and name".to_owned();
    let candidates = RULES.iter().flat_map(|r| [r.id, r.name]);
    if let Some(near) = crate::diagnostic::suggest::closest(word, candidates) {
        help = format!("did you mean `{near}`? {help}");
    }
    Diagnostic::new(
        Code::InvalidSuppression,
        format!("there is no rule `{word}`"),
    )
    .label(span, "unknown rule")
    .help(help)
}

/// The FLOW505 warning for an entry that suppressed nothing.
fn unused(entry: &Entry) -> Diagnostic {
    let rule = entry.code.rule();
    let (label, help) = match entry.scope {
        Scope::File => (
            format!("no {} in this file", rule.id),
            "remove the code, or the comment if it allows nothing else",
        ),
        Scope::Next(Some(_)) => (
            format!("no {} in the next statement", rule.id),
            "`allow` applies to the statement right after the comment; move it there, or \
             remove it",
        ),
        Scope::Next(None) => (
            "no statement follows".to_owned(),
            "`allow` applies to the statement right after the comment",
        ),
    };
    Diagnostic::new(
        Code::UnusedSuppression,
        format!(
            "this suppression of {} ({}) suppresses nothing",
            rule.id, rule.name
        ),
    )
    .label(entry.span, label)
    .help(help)
}

/// The words of a list separated by commas and whitespace, with their byte offsets.
fn words(list: &str) -> impl Iterator<Item = (usize, &str)> {
    let separator = |c: char| c == ',' || c.is_whitespace();
    let mut rest = 0;
    std::iter::from_fn(move || {
        let from = rest + list[rest..].find(|c: char| !separator(c))?;
        let to = list[from..]
            .find(separator)
            .map_or(list.len(), |i| from + i);
        rest = to;
        Some((from, &list[from..to]))
    })
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::input::source::SourceFile;

    fn codes(text: &str) -> Vec<&'static str> {
        let analysis = analyze(
            &SourceFile::new("t.flow", text),
            &crate::Settings::default(),
        );
        analysis
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    const FLOW: &str = "    a([A]) ---ob{B?}\n    b -->|Yes| c[C]\n    b -->|No| d[D]\n";

    #[test]
    fn allow_takes_the_next_statement_and_allow_file_all() {
        assert_eq!(codes(&format!("flowchart TD\n{FLOW}")), ["FLOW014"]);
        let next = format!("flowchart TD\n    %% flowrun: allow FLOW014\n{FLOW}");
        assert!(codes(&next).is_empty());
        let late = format!("flowchart TD\n{FLOW}    %% flowrun: allow FLOW014\n");
        assert_eq!(codes(&late), ["FLOW014", "FLOW505"]);
        let file = format!("flowchart TD\n{FLOW}    %%flowrun: allow-file FLOW014\n");
        assert!(codes(&file).is_empty());
        let before_header = format!("%% flowrun: allow-file FLOW014\nflowchart TD\n{FLOW}");
        assert!(codes(&before_header).is_empty());
    }

    #[test]
    fn words_lists_and_reasons() {
        let text = format!(
            "flowchart TD\n    %% flowrun: allow  arrowhead-takes-id,FLOW011 -- why\n{FLOW}"
        );
        // FLOW011 suppresses nothing; the reason is not read as codes.
        assert_eq!(codes(&text), ["FLOW505"]);
        let empty = format!("flowchart TD\n    %% flowrun: allow\n{FLOW}");
        assert_eq!(codes(&empty), ["FLOW504", "FLOW014"]);
        let nothing = format!("flowchart TD\n    %% flowrun:\n{FLOW}");
        assert_eq!(codes(&nothing), ["FLOW504", "FLOW014"]);
        // Other comments and directives are left alone.
        let other =
            format!("flowchart TD\n    %% flowrun is great\n    %%{{init: {{}}}}%%\n{FLOW}");
        assert_eq!(codes(&other), ["FLOW014"]);
    }
}
