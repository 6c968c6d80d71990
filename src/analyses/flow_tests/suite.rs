//! Running every test file found: group them by the flow they test, analyze each flow once,
//! check and run each file's cases, and measure coverage per flow.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::checks::limits::Limits;
use crate::checks::settings::{Settings, SettingsFinder};
use crate::diagnostic::{Code, Diagnostic};
use crate::input::source::SourceFile;
use crate::input::{ReadError, read_source};

use super::case::{self, CaseResult};
use super::coverage::{Coverage, Tracker};
use super::{check, file};

/// One test file: its cases' results, or why they did not run.
#[derive(Debug)]
pub struct FileReport {
    pub path: String,
    /// Problems with the file itself (unreadable, malformed, bad cases): nothing ran.
    pub errors: Vec<Diagnostic>,
    pub cases: Vec<CaseResult>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowStatus {
    Ok,
    /// The flow could not be read: an input error.
    Unreadable,
    /// The flow has errors, so no case ran.
    Invalid,
}

/// One flow and its test files.
#[derive(Debug)]
pub struct FlowReport {
    pub path: String,
    pub status: FlowStatus,
    /// The flow's own diagnostics when it did not validate, or why it could not be read.
    pub diagnostics: Vec<Diagnostic>,
    pub files: Vec<FileReport>,
    /// Over every case that ran; `None` when none did.
    pub coverage: Option<Coverage>,
}

#[derive(Debug, Default)]
pub struct Suite {
    pub flows: Vec<FlowReport>,
    /// Test files whose flow is unknown (unreadable, or malformed without a `.tests.*` name).
    pub orphans: Vec<FileReport>,
    /// Flows named or found that no test file tests.
    pub untested: Vec<String>,
    /// Problems with the `flowrun.toml` files that apply to the flows: input errors.
    pub config_problems: Vec<Diagnostic>,
}

impl Suite {
    pub fn files(&self) -> impl Iterator<Item = &FileReport> {
        self.flows
            .iter()
            .flat_map(|f| &f.files)
            .chain(&self.orphans)
    }

    pub fn cases(&self) -> impl Iterator<Item = &CaseResult> {
        self.files().flat_map(|f| &f.cases)
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Identity of a path: canonical when it exists, so `a/../x.flow` and `x.flow` are one flow.
fn identity(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// A test file read and parsed, or why not; with the flow it tests when that is known.
struct Loaded {
    path: String,
    parsed: Result<file::TestFile, Diagnostic>,
    flow: Option<PathBuf>,
}

fn load(path: &Path, limits: &Limits) -> Loaded {
    let name = display(path);
    let derived = file::flow_of(path, None);
    let parsed = match read_source(&name, limits) {
        Err(e) => Err(e.into_diagnostic()),
        Ok(source) => match file::Format::for_path(path) {
            None => Err(Diagnostic::new(
                Code::MalformedTestFile,
                format!("cannot tell the format of test file `{name}` from its extension"),
            )
            .help("name test files `X.tests.toml`, `X.tests.yaml` or `X.tests.yml`")
            .in_file(&SourceFile::new(name.clone(), ""))),
            Some(format) => file::parse(&source, format),
        },
    };
    let flow = match &parsed {
        Ok(tests) => file::flow_of(path, tests.flow.as_ref().map(|f| f.value.as_str())),
        Err(_) => derived,
    };
    Loaded {
        path: name,
        parsed,
        flow,
    }
}

/// Runs the test files given and those beside the flows given. Flows with none are listed as
/// untested. Each flow is judged with its settings, as `check` judges it.
#[must_use]
pub fn run(flows: &[PathBuf], test_files: &[PathBuf], settings: &mut SettingsFinder) -> Suite {
    let mut suite = Suite::default();
    let mut seen = HashSet::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    let beside = flows
        .iter()
        .flat_map(|f| file::beside(f))
        .filter(|p| p.is_file());
    for path in test_files.iter().cloned().chain(beside) {
        if seen.insert(identity(&path)) {
            paths.push(path);
        }
    }

    // Test files grouped by the flow they test, in flow path order.
    let mut groups: BTreeMap<PathBuf, (String, Vec<Loaded>)> = BTreeMap::new();
    for path in &paths {
        let loaded = load(path, &settings.limits());
        match &loaded.flow {
            Some(flow) => {
                groups
                    .entry(identity(flow))
                    .or_insert_with(|| (display(flow), Vec::new()))
                    .1
                    .push(loaded);
            }
            None => {
                let error = match loaded.parsed {
                    Err(d) => d,
                    Ok(tests) => Diagnostic::new(
                        Code::MalformedTestFile,
                        format!("cannot tell which flow `{}` tests", loaded.path),
                    )
                    .label(first_line(&tests.source.text), "no `flow = ...` in this file")
                    .help(
                        "name the file `X.tests.toml` beside `X.flow`, or name the flow in it:                          `flow = \"X.flow\"` (relative to the test file)",
                    )
                    .in_file(&tests.source),
                };
                suite.orphans.push(FileReport {
                    path: loaded.path,
                    errors: vec![error],
                    cases: Vec::new(),
                });
            }
        }
    }

    // The nearest flowrun.toml applies to each flow, as in `check` and `run`.
    for (_, (flow_path, loaded)) in groups {
        let flow_settings = settings.for_flow(Path::new(&flow_path));
        suite
            .flows
            .push(run_flow(flow_path, loaded, &flow_settings));
    }
    suite.config_problems = settings.take_problems();

    let tested: HashSet<PathBuf> = suite
        .flows
        .iter()
        .map(|f| identity(Path::new(&f.path)))
        .collect();
    let mut untested_seen = HashSet::new();
    for flow in flows {
        let id = identity(flow);
        if !tested.contains(&id) && untested_seen.insert(id) {
            suite.untested.push(display(flow));
        }
    }
    suite
}

fn run_flow(path: String, loaded: Vec<Loaded>, settings: &Settings) -> FlowReport {
    let mut report = FlowReport {
        path,
        status: FlowStatus::Ok,
        diagnostics: Vec::new(),
        files: Vec::new(),
        coverage: None,
    };
    let not_run = |loaded: Vec<Loaded>| -> Vec<FileReport> {
        loaded
            .into_iter()
            .map(|l| FileReport {
                path: l.path,
                errors: l.parsed.err().into_iter().collect(),
                cases: Vec::new(),
            })
            .collect()
    };
    // Nothing to run: the flow is not read, so a malformed file is not buried under the
    // flow's problems (or under a missing flow its unreadable `flow = ...` would have named).
    if loaded.iter().all(|l| l.parsed.is_err()) {
        report.files = not_run(loaded);
        return report;
    }
    let analysis = match crate::load(&report.path, settings) {
        Ok(analysis) => analysis,
        Err(ReadError::NotUtf8(d)) => {
            report.status = FlowStatus::Invalid;
            report.diagnostics.push(d);
            report.files = not_run(loaded);
            return report;
        }
        Err(ReadError::Io(d)) => {
            report.status = FlowStatus::Unreadable;
            report.diagnostics.push(unreadable_flow(d, &loaded));
            report.files = not_run(loaded);
            return report;
        }
    };
    if analysis.has_errors() {
        report.status = FlowStatus::Invalid;
        report.diagnostics = analysis.diagnostics;
        report.files = not_run(loaded);
        return report;
    }
    let Some(flow) = analysis.into_valid() else {
        report.status = FlowStatus::Invalid;
        report.files = not_run(loaded);
        return report;
    };
    let mut tracker = Tracker::new(&flow);
    let mut ran = false;
    for l in loaded {
        let mut file_report = FileReport {
            path: l.path,
            errors: Vec::new(),
            cases: Vec::new(),
        };
        match l.parsed {
            Err(d) => file_report.errors.push(d),
            Ok(tests) => match check::prepare(&flow, &tests) {
                Err(errors) => file_report.errors = errors,
                Ok(cases) => {
                    ran = true;
                    for c in &cases {
                        let (result, walk) = case::run(&flow, c);
                        tracker.add(&walk);
                        file_report.cases.push(result);
                    }
                }
            },
        }
        report.files.push(file_report);
    }
    if ran {
        report.coverage = Some(tracker.finish());
    }
    report
}

/// The first line of a text, where a missing top-level key would go.
fn first_line(text: &str) -> crate::input::source::Span {
    crate::input::source::Span::new(0, text.find('\n').unwrap_or(text.len()))
}

/// A flow that cannot be read; when a test file names it, the name is underlined there.
fn unreadable_flow(d: Diagnostic, loaded: &[Loaded]) -> Diagnostic {
    let named = loaded.iter().find_map(|l| {
        let tests = l.parsed.as_ref().ok()?;
        let flow = tests.flow.as_ref()?;
        Some((Arc::clone(&tests.source), flow.span?))
    });
    match named {
        Some((source, span)) => Diagnostic {
            labels: Vec::new(),
            ..d
        }
        .label(span, "the flow this test file names")
        .help("the path is relative to the test file; check it and the file's permissions")
        .in_file(&source),
        None => d.help(
            "a test file `X.tests.toml` tests `X.flow` beside it; name another flow with \
             `flow = \"...\"` in the test file",
        ),
    }
}
