//! Reading test files (`X.tests.toml`, `X.tests.yaml`, `X.tests.yml`): a list of cases, each
//! value kept with its span so a wrong id is underlined in the test file.
//!
//! TOML:
//! ```toml
//! flow = "eligibility.flow"          # optional; relative to the test file
//! [[case]]
//! name = "based abroad: Twilio"
//! answers = { us_canada = "No" }
//! verdict = "twilio"
//! path = ["start", "us_canada", "twilio"]   # optional
//! ```
//! YAML has the same fields: `flow:` and `case:` holding a list of maps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::evaluate::answers::{self, Answer};
use crate::input::source::{SourceFile, Span};

pub(crate) const MALFORMED_TEST_FILE: Rule = Rule::new(
    Code::MalformedTestFile,
    "a test file is not valid TOML or YAML, or not in the shape of a test file",
    "\
What it checks: that a test file (`X.tests.toml`, `X.tests.yaml` or `X.tests.yml`) parses, and
holds an optional `flow` (a path relative to the test file) and a list of `case` tables, each
with a `name`, optional `answers` (question id to answer label), `verdict` or `needs`, and an
optional `path` (a list of node ids). Unknown fields are refused, so a misspelt field is not
silently ignored.

Why: `flowrun test` cannot tell which cases were meant from a file it cannot read. It exits 2.

Example:
    [[case]]
    name = \"eligible\"
    verdit = \"eligible\"
Fix: `verdict = \"eligible\"`.",
);

/// A value from the test file and where it is written (when the reader says).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Option<Span>,
}

/// One case as written.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: Located<String>,
    /// Question id to answer, with spans, as an answers file holds them.
    pub answers: Vec<Answer>,
    pub verdict: Option<Located<String>>,
    pub needs: Option<Located<String>>,
    /// The expected route: node ids from the start to the end, both included.
    pub path: Option<Vec<Located<String>>>,
}

#[derive(Debug)]
pub struct TestFile {
    pub source: Arc<SourceFile>,
    /// The flow named by the file, as written (relative to the test file).
    pub flow: Option<Located<String>>,
    pub cases: Vec<Case>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// The suffixes that make a file a test file, beside `X.flow`.
pub const SUFFIXES: [&str; 3] = [".tests.toml", ".tests.yaml", ".tests.yml"];

impl Format {
    /// The format a file's extension names, if it is TOML or YAML.
    #[must_use]
    pub fn for_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Format::Toml),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }
}

/// Whether a path is named like a test file (`*.tests.toml`, `*.tests.yaml`, `*.tests.yml`).
#[must_use]
pub fn is_test_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| SUFFIXES.iter().any(|s| n.ends_with(s)))
}

/// The test files that may sit beside a flow: `X.tests.toml`, `X.tests.yaml`, `X.tests.yml`.
#[must_use]
pub fn beside(flow: &Path) -> Vec<PathBuf> {
    let stem = flow.file_stem().map(|s| s.to_string_lossy().into_owned());
    let Some(stem) = stem else {
        return Vec::new();
    };
    SUFFIXES
        .iter()
        .map(|suffix| flow.with_file_name(format!("{stem}{suffix}")))
        .collect()
}

/// The flow a test file tests: the one it names (relative to the test file), else `X.flow`
/// for `X.tests.*`. `None` when neither applies.
#[must_use]
pub fn flow_of(test_file: &Path, named: Option<&str>) -> Option<PathBuf> {
    if let Some(named) = named {
        let dir = test_file.parent().unwrap_or(Path::new(""));
        return Some(dir.join(named));
    }
    let name = test_file.file_name()?.to_str()?;
    let stem = SUFFIXES.iter().find_map(|s| name.strip_suffix(s))?;
    Some(test_file.with_file_name(format!("{stem}.flow")))
}

/// Values that carry their own span, from either reader.
trait Spanned<T> {
    fn parts(self, text: &str) -> (T, Option<Span>);
}

impl<T> Spanned<T> for toml::Spanned<T> {
    fn parts(self, _text: &str) -> (T, Option<Span>) {
        let r = self.span();
        (self.into_inner(), Some(Span::new(r.start, r.end)))
    }
}

impl<T> Spanned<T> for serde_saphyr::Spanned<T> {
    fn parts(self, text: &str) -> (T, Option<Span>) {
        // A span past the end of the text would panic when drawn.
        let span = answers::saphyr_span(&self.referenced).filter(|s| s.end <= text.len());
        (self.value, span)
    }
}

fn located<T>(value: impl Spanned<T>, text: &str) -> Located<T> {
    let (value, span) = value.parts(text);
    Located { value, span }
}

/// The raw shape of a test file for one reader: the same fields, each in that reader's spanned
/// wrapper, with answers in that reader's value type.
macro_rules! raw_shape {
    ($module:ident, $wrapper:ty, $value:ty, $to_answer:path) => {
        mod $module {
            use super::*;

            type S<T> = $wrapper;

            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub(super) struct File {
                flow: Option<S<String>>,
                #[serde(default)]
                case: Vec<Case>,
            }

            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Case {
                name: S<String>,
                #[serde(default)]
                answers: BTreeMap<String, S<$value>>,
                verdict: Option<S<String>>,
                needs: Option<S<String>>,
                path: Option<Vec<S<String>>>,
            }

            impl File {
                pub(super) fn lower(
                    self,
                    text: &str,
                ) -> (Option<Located<String>>, Vec<super::Case>) {
                    let flow = self.flow.map(|f| located(f, text));
                    let cases = self
                        .case
                        .into_iter()
                        .map(|c| super::Case {
                            name: located(c.name, text),
                            answers: c
                                .answers
                                .into_iter()
                                .map(|(key, value)| {
                                    let (value, span) = value.parts(text);
                                    answers::answer(text, &key, $to_answer(&value), span)
                                })
                                .collect(),
                            verdict: c.verdict.map(|v| located(v, text)),
                            needs: c.needs.map(|v| located(v, text)),
                            path: c
                                .path
                                .map(|p| p.into_iter().map(|v| located(v, text)).collect()),
                        })
                        .collect();
                    (flow, cases)
                }
            }
        }
    };
}

raw_shape!(
    toml_shape,
    toml::Spanned<T>,
    toml::Value,
    answers::from_toml
);
raw_shape!(
    yaml_shape,
    serde_saphyr::Spanned<T>,
    serde_json::Value,
    answers::from_json
);

fn malformed(format: Format, message: &str, at: Span) -> Diagnostic {
    let (name, help) = match format {
        Format::Toml => (
            "TOML",
            "a test file holds `[[case]]` tables, each with `name`, `answers = { question = \
             \"answer\" }` and `verdict = \"id\"` or `needs = \"question\"` (optionally `path = \
             [...]`); see the README",
        ),
        Format::Yaml => (
            "YAML",
            "a test file holds `case:`, a list of maps, each with `name`, `answers` (question: \
             answer) and `verdict: id` or `needs: question` (optionally `path: [...]`); see the \
             README",
        ),
    };
    Diagnostic::new(
        Code::MalformedTestFile,
        format!("the test file is not a valid {name} test file: {message}"),
    )
    .label(at, "here")
    .help(help)
}

/// Reads a test file's text in the given format.
pub fn parse(source: &Arc<SourceFile>, format: Format) -> Result<TestFile, Diagnostic> {
    let text: &str = &source.text;
    let (flow, cases) = match format {
        Format::Toml => toml::from_str::<toml_shape::File>(text)
            .map(|file| file.lower(text))
            .map_err(|e| {
                let (message, at) = answers::toml_error(text, &e);
                malformed(format, &message, at)
            }),
        Format::Yaml if text.trim().is_empty() => Ok((None, Vec::new())),
        Format::Yaml => serde_saphyr::from_str::<yaml_shape::File>(text)
            .map(|file| file.lower(text))
            .map_err(|e| {
                let (message, at) = answers::yaml_error(text, &e);
                malformed(format, &message, at)
            }),
    }
    .map_err(|d| d.in_file(source))?;
    if cases.is_empty() {
        let end = text.trim_end().len();
        return Err(Diagnostic::new(
            Code::MalformedTestFile,
            "the test file has no cases",
        )
        .label(Span::new(0, end), "no `case` here")
        .help(
            "add a case, e.g. `[[case]]` with `name = \"...\"`, `answers = { ... }` and `verdict \
             = \"...\"`; `flowrun test --generate FLOW` writes one case per route",
        )
        .in_file(source));
    }
    Ok(TestFile {
        source: Arc::clone(source),
        flow,
        cases,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::answers::Value;

    fn read(text: &str, format: Format) -> Result<TestFile, Diagnostic> {
        parse(&SourceFile::new("t", text), format)
    }

    fn slice(file: &TestFile, span: Option<Span>) -> &str {
        let span = span.expect("a span");
        &file.source.text[span.start..span.end]
    }

    #[test]
    fn toml_and_yaml_read_the_same_cases_with_spans() {
        let toml = read(
            "flow = \"e.flow\"\n[[case]]\nname = \"abroad\"\nanswers = { us_canada = \"No\" }\n\
             verdict = \"twilio\"\npath = [\"start\", \"us_canada\", \"twilio\"]\n",
            Format::Toml,
        )
        .unwrap();
        let yaml = read(
            "flow: e.flow\ncase:\n  - name: abroad\n    answers:\n      us_canada: \"No\"\n    \
             verdict: twilio\n    path: [start, us_canada, twilio]\n",
            Format::Yaml,
        )
        .unwrap();
        for file in [&toml, &yaml] {
            assert_eq!(file.flow.as_ref().unwrap().value, "e.flow");
            let case = &file.cases[0];
            assert_eq!(case.name.value, "abroad");
            assert!(slice(file, case.name.span).contains("abroad"));
            assert_eq!(case.answers[0].question, "us_canada");
            assert_eq!(case.answers[0].value, Value::Text("No".into()));
            assert_eq!(slice(file, case.answers[0].key_span), "us_canada");
            let verdict = case.verdict.as_ref().unwrap();
            assert!(slice(file, verdict.span).contains("twilio"));
            let path = case.path.as_ref().unwrap();
            assert_eq!(path.len(), 3);
            assert!(slice(file, path[1].span).contains("us_canada"));
            assert!(case.needs.is_none());
        }
    }

    #[test]
    fn malformed_empty_and_misspelt_files_are_flow601() {
        for (text, format) in [
            ("[[case]\n", Format::Toml),
            ("", Format::Toml),
            ("", Format::Yaml),
            ("[[case]]\nname = \"a\"\nverdit = \"x\"\n", Format::Toml),
            ("[[case]]\nverdict = \"x\"\n", Format::Toml),
            ("case:\n  - name: a\n    verdit: x\n", Format::Yaml),
            ("case: [a\n", Format::Yaml),
            (
                "[[case]]\nname = \"a\"\nanswers = { q = \"Yes\", q = \"No\" }\n",
                Format::Toml,
            ),
        ] {
            let err = read(text, format).unwrap_err();
            assert_eq!(err.code, Code::MalformedTestFile, "{text:?}");
            assert!(err.primary_span().is_some(), "{text:?}");
        }
    }

    #[test]
    fn test_files_and_flows_find_each_other_by_name() {
        assert!(is_test_file(Path::new("a/x.tests.toml")));
        assert!(is_test_file(Path::new("x.tests.yml")));
        assert!(!is_test_file(Path::new("x.toml")));
        assert_eq!(
            flow_of(Path::new("a/x.tests.yaml"), None),
            Some(PathBuf::from("a/x.flow"))
        );
        assert_eq!(
            flow_of(Path::new("a/t.toml"), Some("../f.flow")),
            Some(PathBuf::from("a/../f.flow"))
        );
        assert_eq!(flow_of(Path::new("a/t.toml"), None), None);
        assert_eq!(
            beside(Path::new("a/x.flow"))[0],
            PathBuf::from("a/x.tests.toml")
        );
    }
}
