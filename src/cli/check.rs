//! `flowrun check PATH...`: lint flow files, directories of them and glob patterns, and report
//! every problem of every file in one run, in one of several formats (`report`).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::input::ReadError;
use crate::{Diagnostic, Settings, SettingsFinder};

use super::report::{self, Format, Report};
use super::{Exit, discover, output};

/// Check flows for errors: syntax, cycles, dead ends and the other rules (`flowrun explain --list`).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  flowrun check flows/eligibility.flow\n  flowrun check flows/\n  \
                        flowrun check 'flows/**/*.flow' --format short\n  \
                        flowrun check flows/ --format sarif > flowrun.sarif\n  \
                        flowrun check flows/ --format github --deny warnings\n\n\
                        Exit codes: 0 no errors (warnings allowed), 1 a flow has errors (or \
                        warnings, with --deny warnings; or no flows, with --require-files), \
                        2 a path could not be read."
)]
pub(crate) struct Args {
    /// Flow files, directories searched recursively for `*.flow` files, or glob patterns
    /// (`'flows/**/*.flow'`, quoted so that the shell leaves them to flowrun).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// How to report: `human` (snippets on stderr), `short` (one line each), `json`, `sarif`
    /// (GitHub code scanning), `github` (Actions annotations) or `junit` (XML test report).
    /// Every format but `human` prints on stdout.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// `--deny warnings`: warnings fail the check (exit 1) like errors.
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Vec<Deny>,
    /// Fail (exit 1) when a PATH names no flow file: an empty directory, a glob matching none.
    #[arg(long)]
    require_files: bool,
}

/// What `--deny` turns into failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Deny {
    /// Every warning.
    Warnings,
}

/// Below this many files, checking them one after another is as fast as starting threads.
const PARALLEL_FROM: usize = 8;

pub(crate) fn run(args: &Args, settings: &mut SettingsFinder) -> Exit {
    let deny_warnings = args.deny.contains(&Deny::Warnings);
    let found = discover::find(&args.paths);
    let mut exit = if found.problems.is_empty() {
        Exit::Ok
    } else {
        Exit::Input
    };
    // With --require-files, each path that names no flow is an error of its own, counted in the
    // summary so that it agrees with the exit code.
    let mut empty_required = 0;
    for path in &found.empty {
        if args.require_files {
            empty_required += 1;
            eprintln!("error: no `.flow` files under `{path}` (--require-files)");
            exit = exit.max(Exit::FlowErrors);
        } else {
            eprintln!("note: no `.flow` files under `{path}`");
        }
    }
    let mut diagnostics = found.problems;
    // Each flow is judged with its own settings (the nearest `flowrun.toml`), found here once
    // per directory so that the flows can be checked on several threads.
    let jobs: Vec<(&Path, Settings)> = found
        .files
        .iter()
        .map(|file| (file.as_path(), settings.for_flow(file)))
        .collect();
    for checked in check_all(&jobs) {
        exit = exit.max(checked.exit);
        diagnostics.extend(checked.diagnostics);
    }
    if deny_warnings && !diagnostics.iter().all(Diagnostic::is_error) {
        exit = exit.max(Exit::FlowErrors);
    }
    // By file path, then position; a stable sort keeps each file's own order for ties.
    diagnostics.sort_by(|a, b| order(a).cmp(&order(b)));
    // Problems in `flowrun.toml` files come first: they change what the rest means. The flows
    // are still checked with the entries that could be read.
    let config_problems = settings.take_problems();
    if config_problems.iter().any(Diagnostic::is_error) {
        exit = exit.max(Exit::Input);
    }
    diagnostics.splice(0..0, config_problems);
    let files: Vec<String> = found
        .files
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    let report = Report {
        files: &files,
        diagnostics: &diagnostics,
        deny_warnings,
    };
    match args.format {
        Format::Human => {
            output::eprint_human(&diagnostics);
            eprintln!("{}", summary(files.len(), &diagnostics, empty_required));
        }
        Format::Short => {
            output::print_out(&report::short::render(&report));
            eprintln!("{}", summary(files.len(), &diagnostics, empty_required));
        }
        Format::Json => output::print_json(&output::to_json(&diagnostics)),
        Format::Sarif => output::print_out(&report::sarif::render(&report)),
        Format::Github => output::print_out(&report::github::render(&report)),
        Format::Junit => output::print_out(&report::junit::render(&report)),
    }
    exit
}

/// Where a diagnostic goes in the report: by file path, then position.
fn order(d: &Diagnostic) -> (Option<&Path>, Option<(usize, usize)>) {
    let span = d.primary_span().map(|s| (s.start, s.end));
    (d.source.as_ref().map(|s| Path::new(s.name.as_str())), span)
}

/// What checking one file found.
struct Checked {
    diagnostics: Vec<Diagnostic>,
    exit: Exit,
}

fn check_file(path: &Path, settings: &Settings) -> Checked {
    match crate::load(&path.to_string_lossy(), settings) {
        Ok(analysis) => Checked {
            exit: if analysis.has_errors() {
                Exit::FlowErrors
            } else {
                Exit::Ok
            },
            diagnostics: analysis.diagnostics,
        },
        Err(ReadError::NotUtf8(d)) => Checked {
            diagnostics: vec![d],
            exit: Exit::FlowErrors,
        },
        Err(ReadError::Io(d)) => Checked {
            diagnostics: vec![d],
            exit: Exit::Input,
        },
    }
}

/// Checks every file with its settings, on as many threads as there are cores when there are
/// enough files; the results come back in the order of `files` whatever order the threads
/// finish in.
fn check_all(files: &[(&Path, Settings)]) -> Vec<Checked> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(files.len() / (PARALLEL_FROM / 2).max(1));
    if files.len() < PARALLEL_FROM || threads < 2 {
        return files.iter().map(|(f, s)| check_file(f, s)).collect();
    }
    // Each thread takes the next unchecked file, so one large flow does not hold up a share.
    let next = AtomicUsize::new(0);
    let mut numbered: Vec<(usize, Checked)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((file, settings)) = files.get(i) else {
                            break;
                        };
                        done.push((i, check_file(file, settings)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    numbered.sort_by_key(|&(i, _)| i);
    numbered.into_iter().map(|(_, checked)| checked).collect()
}

/// The last line of a human or short report. `empty_required` counts the paths that named no
/// flow under `--require-files`: each is an error, so the line never says "no problems" then.
fn summary(checked: usize, diagnostics: &[Diagnostic], empty_required: usize) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let problems = if diagnostics.is_empty() {
        "no problems".to_owned()
    } else {
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    match (checked, empty_required) {
        (_, 0) => format!("checked {}: {problems}", plural(checked, "flow")),
        (0, _) if diagnostics.is_empty() => {
            "error: no flows found, so nothing was checked (--require-files)".to_owned()
        }
        (_, empty) => format!(
            "checked {}: {problems}; error: {} named no flow (--require-files)",
            plural(checked, "flow"),
            plural(empty, "path")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::summary;
    use crate::Diagnostic;
    use crate::checks::rules::Code;

    #[test]
    fn the_summary_agrees_with_the_exit_code() {
        assert_eq!(summary(2, &[], 0), "checked 2 flows: no problems");
        // Only paths that named no flow, under --require-files: nothing was checked, an error.
        assert_eq!(
            summary(0, &[], 1),
            "error: no flows found, so nothing was checked (--require-files)"
        );
        assert_eq!(
            summary(1, &[], 2),
            "checked 1 flow: no problems; error: 2 paths named no flow (--require-files)"
        );
        let error = Diagnostic::new(Code::Io, "cannot read");
        assert_eq!(
            summary(0, &[error], 1),
            "checked 0 flows: 1 error, 0 warnings; error: 1 path named no flow (--require-files)"
        );
    }
}
