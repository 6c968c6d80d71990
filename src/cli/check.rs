//! `flowrun check PATH...`: lint flow files, directories of them and glob patterns, and report
//! every problem of every file in one run, in one of several formats (`report`).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::input::ReadError;
use crate::{Diagnostic, Settings, SettingsFinder};

use super::report::{self, Format, Report};
use super::{Exit, discover, files, output};

/// Check flows for errors: syntax, cycles, dead ends and the other rules (`flowrun explain --list`).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  flowrun check flows/eligibility.flow\n  flowrun check flows/\n  \
                        flowrun check 'flows/**/*.flow' --format short\n  \
                        flowrun check flows/ --format sarif > flowrun.sarif\n  \
                        flowrun check flows/ --format github --deny warnings\n  \
                        flowrun check flows/ --format junit -o report.xml --exit-zero\n  \
                        cat draft.flow | flowrun check - --stdin-filename flows/draft.flow\n\n\
                        Exit codes: 0 no errors (warnings allowed; any errors, with \
                        --exit-zero), 1 a flow has errors (or warnings, with --deny warnings; \
                        or no flows, with --require-files), 2 a path or a flowrun.toml could \
                        not be read."
)]
pub(crate) struct Args {
    /// Flow files, directories searched recursively for `*.flow` files, glob patterns
    /// (`'flows/**/*.flow'`, quoted so that the shell leaves them to flowrun), or `-` for a flow
    /// on standard input. Directory walks skip what `.gitignore` ignores, hidden entries and
    /// `node_modules` (see --no-ignore); a path named here is always checked.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// The name of the flow read from standard input (`-`): shown in reports, and where its
    /// `flowrun.toml` is looked for (the nearest to that path, as for a file there).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Write the report to FILE (complete or not at all: through a temporary file and a
    /// rename) instead of standard output or, for `human`, standard error.
    #[arg(short, long, value_name = "FILE")]
    output: Option<String>,
    /// Exit 0 even when a flow has errors (the report still lists them); a path or a
    /// `flowrun.toml` that cannot be read still exits 2.
    #[arg(long)]
    exit_zero: bool,
    /// Walk directories without skipping what `.gitignore` (and `.ignore`) files ignore,
    /// hidden files and folders, or `node_modules`.
    #[arg(long)]
    no_ignore: bool,
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
    let stdin_given = args.paths.iter().any(|p| p == "-");
    if args.stdin_filename.is_some() && !stdin_given {
        return super::usage_error(
            "check",
            "--stdin-filename names the flow on standard input: give `-` as a PATH too",
        );
    }
    let paths: Vec<String> = args.paths.iter().filter(|p| *p != "-").cloned().collect();
    let walk = if args.no_ignore {
        discover::Walk::Everything
    } else {
        discover::Walk::RespectIgnores
    };
    let found = discover::find_with(&paths, walk);
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
        } else if !super::quiet() {
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
    let mut checked_files: Vec<(String, Duration)> = Vec::new();
    if stdin_given {
        let name = args.stdin_filename.as_deref().map(discover::display_name);
        let checked = check_stdin(name.as_deref(), settings);
        checked_files.push((name.unwrap_or_else(|| "<stdin>".to_owned()), checked.time));
        exit = exit.max(checked.exit);
        diagnostics.extend(checked.diagnostics);
    }
    for ((file, _), checked) in jobs.iter().zip(check_all(&jobs)) {
        checked_files.push((file.to_string_lossy().into_owned(), checked.time));
        exit = exit.max(checked.exit);
        diagnostics.extend(checked.diagnostics);
    }
    checked_files.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)));
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
    let (files, times): (Vec<String>, Vec<Duration>) = checked_files.into_iter().unzip();
    let report = Report {
        files: &files,
        times: &times,
        diagnostics: &diagnostics,
        deny_warnings,
    };
    // Without -o, `human` goes to stderr and `json` through the writers every verb uses.
    if args.output.is_none() {
        match args.format {
            Format::Human => output::eprint_human(&diagnostics),
            Format::Json => output::print_json(&output::to_json(&diagnostics)),
            _ => output::print_out(&render(args.format, &report)),
        }
    } else if let Some(path) = &args.output
        && let Err(problem) = files::write_atomically(path, render(args.format, &report).as_bytes())
    {
        output::eprint_human(&[problem]);
        exit = exit.max(Exit::Input);
    }
    if matches!(args.format, Format::Human | Format::Short) && !super::quiet() {
        eprintln!("{}", summary(files.len(), &diagnostics, empty_required));
    }
    if args.exit_zero && exit == Exit::FlowErrors {
        exit = Exit::Ok;
    }
    exit
}

/// The report as text, for stdout or a file: `human` without colour.
fn render(format: Format, report: &Report<'_>) -> String {
    match format {
        Format::Human => {
            let text: String = report
                .diagnostics
                .iter()
                .map(output::render_human)
                .collect();
            strip_escapes(&text)
        }
        Format::Short => report::short::render(report),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&output::to_json(report.diagnostics))
                .expect("plain data serializes");
            text.push('\n');
            text
        }
        Format::Sarif => report::sarif::render(report),
        Format::Github => report::github::render(report),
        Format::Junit => report::junit::render(report),
    }
}

/// Checks the flow on standard input, named `name` (`--stdin-filename`) or `<stdin>`, with the
/// settings of a file of that name.
fn check_stdin(name: Option<&str>, settings: &mut SettingsFinder) -> Checked {
    let start = Instant::now();
    let flow_settings = settings.for_flow(Path::new(name.unwrap_or("-")));
    let read = crate::input::read_source("-", &flow_settings.limits()).map(|source| match name {
        Some(name) => crate::SourceFile::new(name, Arc::clone(&source.text)),
        None => source,
    });
    let mut checked = match read {
        Ok(source) => analysed(crate::analyze(&source, &flow_settings)),
        Err(error) => unreadable(error),
    };
    checked.time = start.elapsed();
    checked
}

/// Text without terminal escape sequences (colours, links), for a report written to a file.
fn strip_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.next() {
            // CSI: parameters up to a final byte in `@`..=`~`.
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            // OSC (hyperlinks): up to BEL or ESC `\`.
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Where a diagnostic goes in the report: by file path, then position.
fn order(d: &Diagnostic) -> (Option<&Path>, Option<(usize, usize)>) {
    let span = d.primary_span().map(|s| (s.start, s.end));
    (d.source.as_ref().map(|s| Path::new(s.name.as_str())), span)
}

/// What checking one file found, and how long it took (JUnit's `time`).
struct Checked {
    diagnostics: Vec<Diagnostic>,
    exit: Exit,
    time: Duration,
}

fn check_file(path: &Path, settings: &Settings) -> Checked {
    let start = Instant::now();
    let mut checked = match crate::load(&path.to_string_lossy(), settings) {
        Ok(analysis) => analysed(analysis),
        Err(error) => unreadable(error),
    };
    checked.time = start.elapsed();
    checked
}

fn analysed(analysis: crate::Analysis) -> Checked {
    Checked {
        exit: if analysis.has_errors() {
            Exit::FlowErrors
        } else {
            Exit::Ok
        },
        diagnostics: analysis.diagnostics,
        time: Duration::ZERO,
    }
}

fn unreadable(error: ReadError) -> Checked {
    let (exit, d) = match error {
        ReadError::NotUtf8(d) => (Exit::FlowErrors, d),
        ReadError::Io(d) => (Exit::Input, d),
    };
    Checked {
        diagnostics: vec![d],
        exit,
        time: Duration::ZERO,
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
    use super::{strip_escapes, summary};
    use crate::Diagnostic;
    use crate::checks::rules::Code;

    #[test]
    fn escapes_are_stripped_from_a_report_written_to_a_file() {
        let coloured =
            "\u{1b}[31;1mFLOW101\u{1b}[0m see \u{1b}]8;;https://x\u{1b}\\link\u{1b}]8;;\u{7} ok";
        assert_eq!(strip_escapes(coloured), "FLOW101 see link ok");
        assert_eq!(strip_escapes("plain │ text"), "plain │ text");
    }

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
