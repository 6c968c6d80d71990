//! `flowrun diff OLD NEW` and `flowrun diff FILE --rev REV`: what changed in meaning between two
//! versions of a flow. The comparison is `crate::analyses::diff`; this reads the two versions and prints.

use std::sync::Arc;

use crate::analyses::diff::{self, git, report::Report};
use crate::checks::rules::Code;
use crate::input::{ReadError, read_source};
use crate::{Diagnostic, SettingsFinder, SourceFile, ValidFlow};
use serde::Serialize;

use super::{Exit, load, output};

/// Exit code 1: the two versions differ in meaning (the code `check` uses for flow errors).
const CHANGED: Exit = Exit::FlowErrors;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DiffFormat {
    /// The changes and the changed routes, for people.
    Text,
    /// One JSON object on stdout, for programs.
    Json,
    /// Headings and tables, e.g. for a pull request comment.
    Markdown,
}

/// Show what changed in meaning between two versions of a flow.
///
/// Questions, answers and verdicts added, removed or reworded, and every route whose verdict
/// changed.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Layout is not meaning: styles, comments, the order of lines, dotted or solid \
                  edges and the direction change nothing. Questions and verdicts are matched by \
                  id, answers by label ignoring case. A changed route reads `old answers -> old \
                  verdict -> new verdict`, with only the answers that matter on it.\n\n\
                  Examples:\n  flowrun diff old.flow flows/eligibility.flow\n  \
                  flowrun diff flows/eligibility.flow --rev HEAD~1\n  \
                  flowrun diff flows/eligibility.flow --rev main --format markdown > comment.md\n\n\
                  Exit codes: 0 no change in meaning, 1 the meaning changed, 2 a version could \
                  not be read (a missing file, a bad revision) or does not validate."
)]
pub(crate) struct Args {
    /// The old version; with --rev, the file in the working tree to compare with its past.
    #[arg(value_name = "OLD")]
    old: String,
    /// The new version.
    #[arg(value_name = "NEW", required_unless_present = "rev")]
    new: Option<String>,
    /// Compare the file as it was at this git revision (a commit, branch or tag) with the file
    /// as it is now.
    #[arg(long, value_name = "REV", conflicts_with = "new")]
    rev: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// List at most this many changed routes (the counts always cover them all).
    #[arg(long, default_value_t = 100, value_name = "N")]
    limit: usize,
}

/// Why a version could not be compared: which side, and its diagnostics.
struct Trouble {
    side: &'static str,
    name: String,
    diagnostics: Vec<Diagnostic>,
}

pub(crate) fn run(args: &Args, settings: &mut SettingsFinder) -> Exit {
    match compare(args, settings) {
        Ok((old, new, diff)) => {
            let report = Report {
                old: &old,
                new: &new,
                diff: &diff,
                limit: args.limit,
            };
            match args.format {
                DiffFormat::Text => output::print_out(&report.text()),
                DiffFormat::Markdown => output::print_out(&report.markdown()),
                DiffFormat::Json => output::print_json(&report.json()),
            }
            if diff.changed() { CHANGED } else { Exit::Ok }
        }
        Err(trouble) => {
            match args.format {
                DiffFormat::Json => output::print_json(&JsonError {
                    status: "error",
                    side: trouble.side,
                    file: &trouble.name,
                    diagnostics: output::to_json(&trouble.diagnostics),
                }),
                DiffFormat::Text | DiffFormat::Markdown => {
                    eprintln!(
                        "error: the {} version ({}) cannot be compared:",
                        trouble.side, trouble.name
                    );
                    output::eprint_human(&trouble.diagnostics);
                }
            }
            Exit::Input
        }
    }
}

fn compare(
    args: &Args,
    settings: &mut SettingsFinder,
) -> Result<(String, String, diff::Diff), Trouble> {
    let limits = settings.limits();
    let read = |side, path: &str, result: Result<Arc<SourceFile>, ReadError>| {
        result.map_err(|e| Trouble {
            side,
            name: path.to_owned(),
            diagnostics: vec![e.into_diagnostic()],
        })
    };
    let (old, new) = match (&args.rev, &args.new) {
        (Some(rev), _) => {
            // The working tree first: a missing file is reported as such, not as a git error.
            // Standard input has no history: git.rs says so before anything is read.
            let new = if args.old == "-" {
                None
            } else {
                Some(read("new", &args.old, read_source(&args.old, &limits))?)
            };
            let name = format!("{rev}:{}", args.old);
            let old = read("old", &name, git::read_at_revision(&args.old, rev, &limits))?;
            let new = match new {
                Some(new) => new,
                None => read("new", &args.old, read_source(&args.old, &limits))?,
            };
            (old, new)
        }
        (None, Some(new)) => {
            if args.old == "-" && new == "-" {
                return Err(Trouble {
                    side: "new",
                    name: "-".to_owned(),
                    diagnostics: vec![
                        Diagnostic::new(
                            Code::Io,
                            "the two versions cannot both come from standard input",
                        )
                        .help("give at least one of them as a file"),
                    ],
                });
            }
            (
                read("old", &args.old, read_source(&args.old, &limits))?,
                read("new", new, read_source(new, &limits))?,
            )
        }
        (None, None) => unreachable!("clap requires NEW unless --rev is given"),
    };
    // Both versions are judged by the settings of the file named: `--rev` compares a file with
    // its own past, and two files are most often two versions in one tree.
    let new_path = args.new.as_deref().unwrap_or(&args.old);
    let old_flow = valid("old", &args.old, &old, settings)?;
    let new_flow = valid("new", new_path, &new, settings)?;
    let diff = diff::diff(&old_flow, &new_flow, args.limit);
    Ok((old.name.clone(), new.name.clone(), diff))
}

/// The flow, or its diagnostics (errors first) when it does not validate.
fn valid(
    side: &'static str,
    path: &str,
    source: &Arc<SourceFile>,
    settings: &mut SettingsFinder,
) -> Result<ValidFlow, Trouble> {
    let trouble = |diagnostics| Trouble {
        side,
        name: source.name.clone(),
        diagnostics,
    };
    let analysis = load::analysis_of(settings, path, source).map_err(|(_, ds)| trouble(ds))?;
    if analysis.has_errors() {
        let errors = analysis
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        return Err(trouble(errors));
    }
    let diagnostics = analysis.diagnostics.clone();
    analysis.into_valid().ok_or_else(|| trouble(diagnostics))
}

#[derive(Serialize)]
struct JsonError<'a> {
    status: &'static str,
    /// `old` or `new`.
    side: &'static str,
    file: &'a str,
    diagnostics: Vec<output::JsonDiagnostic<'a>>,
}
