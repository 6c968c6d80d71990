//! The cap on repeated diagnostics. A file can hold a million of one mistake (fifty thousand
//! unused `classDef`s, a million unknown answer keys); printing each would bury the report and
//! cost far more than the input. Every output format therefore shows the first
//! [`PER_CODE_AND_FILE`] diagnostics of each code in each file and, in place of the rest, one
//! diagnostic of the same code and severity saying how many more there are. Exit codes and the
//! error and warning counts are computed from every diagnostic, shown or not.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Diagnostic;

/// How many diagnostics of one code in one file are shown.
pub(crate) const PER_CODE_AND_FILE: usize = 100;

/// The diagnostics to show, in their order: the first [`PER_CODE_AND_FILE`] of each code in
/// each file, and in place of the next one, a diagnostic counting it and every later one of
/// that code and file.
#[must_use]
pub(crate) fn shown(diagnostics: &[Diagnostic]) -> Vec<Cow<'_, Diagnostic>> {
    shown_with(diagnostics, PER_CODE_AND_FILE)
}

/// [`shown`] with another cap, `per` (at least 1).
#[must_use]
pub(crate) fn shown_with(diagnostics: &[Diagnostic], per: usize) -> Vec<Cow<'_, Diagnostic>> {
    let per = per.max(1);
    let mut totals: HashMap<_, usize> = HashMap::new();
    for d in diagnostics {
        *totals.entry(key(d)).or_default() += 1;
    }
    if totals.values().all(|&n| n <= per) {
        return diagnostics.iter().map(Cow::Borrowed).collect();
    }
    let mut seen: HashMap<_, usize> = HashMap::new();
    let mut out = Vec::new();
    for d in diagnostics {
        let k = key(d);
        let count = seen.entry(k).or_default();
        *count += 1;
        if *count <= per {
            out.push(Cow::Borrowed(d));
        } else if *count == per + 1 {
            out.push(Cow::Owned(omitted(d, totals[&k] - per, per)));
        }
    }
    out
}

/// What the cap counts by: the file and the code.
fn key(d: &Diagnostic) -> (Option<&str>, super::Code) {
    (d.source.as_ref().map(|s| s.name.as_str()), d.code)
}

/// The diagnostic standing for `rest` more like `first` (the first of them) in its file.
fn omitted(first: &Diagnostic, rest: usize, per: usize) -> Diagnostic {
    let code = first.code.as_str();
    let (noun, verb) = if rest == 1 {
        ("diagnostic", "is")
    } else {
        ("diagnostics", "are")
    };
    let mut d = Diagnostic::new(
        first.code,
        format!(
            "{rest} more {code} {noun} in this file {verb} not shown (flowrun shows the first \
             {per} of each code in a file)"
        ),
    )
    .help(format!(
        "fix the ones shown and run flowrun again to see the rest; `flowrun explain {code}` \
         says what the rule checks"
    ));
    d.severity = first.severity;
    d.source.clone_from(&first.source);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Severity};
    use crate::input::source::{SourceFile, Span};

    #[test]
    fn the_first_of_each_code_and_file_are_shown_then_one_count_of_the_rest() {
        let a = SourceFile::new("a.flow", "x\n".repeat(20));
        let b = SourceFile::new("b.flow", "x\n");
        let mut all = Vec::new();
        for i in 0..10 {
            all.push(
                Diagnostic::new(Code::UnusedClassDef, format!("unused {i}"))
                    .label(Span::new(i, i + 1), "")
                    .in_file(&a),
            );
        }
        all.push(Diagnostic::new(Code::Cycle, "cycle").in_file(&a));
        all.push(Diagnostic::new(Code::UnusedClassDef, "in b").in_file(&b));
        let mut raised = Diagnostic::new(Code::UnusedClassDef, "raised").in_file(&a);
        raised.severity = Severity::Error;
        all.push(raised);

        let shown = shown_with(&all, 3);
        let messages: Vec<&str> = shown.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 6, "{messages:?}");
        assert_eq!(&messages[..3], ["unused 0", "unused 1", "unused 2"]);
        assert!(
            messages[3].starts_with("8 more FLOW206 diagnostics in this file are not shown"),
            "{}",
            messages[3]
        );
        assert!(shown[3].labels.is_empty());
        assert_eq!(shown[3].source.as_ref().unwrap().name, "a.flow");
        assert_eq!(shown[3].severity, Severity::Warning);
        assert_eq!(&messages[4..], ["cycle", "in b"]);

        // Under the cap, nothing changes.
        assert_eq!(shown_with(&all, 11).len(), all.len());
    }
}
