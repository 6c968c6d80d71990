//! `flowrun check PATH...`: lint flow files and directories of them.

use std::path::{Path, PathBuf};

use flowrun::{Diagnostic, analyze};

use super::{DiagnosticFormat, Exit, output};
use flowrun::input::{ReadError, io_error, read_source};

/// Check flows for errors: syntax, cycles, dead ends and the other rules (`flowrun explain --list`).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  flowrun check flows/eligibility.flow\n  flowrun check flows/\n  \
                        flowrun check flows/ --format json\n\n\
                        Exit codes: 0 no errors (warnings allowed), 1 a flow has errors, \
                        2 a path could not be read."
)]
pub(crate) struct Args {
    /// Flow files, or directories searched recursively for `*.flow` files.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// `human` for people, `json` for a list of diagnostics on stdout.
    #[arg(long, value_enum, default_value = "human")]
    format: DiagnosticFormat,
}

pub(crate) fn run(args: &Args) -> Exit {
    let mut diagnostics = Vec::new();
    let mut exit = Exit::Ok;
    let mut checked = 0usize;
    let mut config = config_hook::Hook::default();
    for path in &args.paths {
        let files = match collect(path) {
            Ok(files) => files,
            Err(d) => {
                diagnostics.push(d);
                exit = exit.max(Exit::Input);
                continue;
            }
        };
        if files.is_empty() {
            eprintln!("note: no `.flow` files under `{path}`");
        }
        for file in files {
            let name = file.to_string_lossy().into_owned();
            checked += 1;
            match read_source(&name) {
                Ok(source) => {
                    let mut analysis = analyze(&source);
                    config.apply(&file, &mut analysis.diagnostics);
                    if analysis.has_errors() {
                        exit = exit.max(Exit::FlowErrors);
                    }
                    diagnostics.extend(analysis.diagnostics);
                }
                Err(ReadError::NotUtf8(d)) => {
                    exit = exit.max(Exit::FlowErrors);
                    diagnostics.push(d);
                }
                Err(ReadError::Io(d)) => {
                    exit = exit.max(Exit::Input);
                    diagnostics.push(d);
                }
            }
        }
    }
    exit = exit.max(config.finish(&mut diagnostics));
    match args.format {
        DiagnosticFormat::Json => output::print_json(&output::to_json(&diagnostics)),
        DiagnosticFormat::Human => {
            output::eprint_human(&diagnostics);
            eprintln!("{}", summary(checked, &diagnostics));
        }
    }
    exit
}

fn summary(checked: usize, diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if diagnostics.is_empty() {
        format!("checked {}: no problems", plural(checked, "flow"))
    } else {
        format!(
            "checked {}: {}, {}",
            plural(checked, "flow"),
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}

/// The flow files a path names: the file itself, or every `*.flow` below a directory, sorted.
pub(super) fn collect(path: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let root = Path::new(path);
    let meta = std::fs::metadata(root).map_err(|e| io_error(path, "read", &e))?;
    if !meta.is_dir() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    // Directories already entered, by canonical path, so symlink loops end.
    let mut visited = std::collections::HashSet::new();
    while let Some(dir) = pending.pop() {
        if let Ok(canonical) = dir.canonicalize()
            && !visited.insert(canonical)
        {
            continue;
        }
        let entries =
            std::fs::read_dir(&dir).map_err(|e| io_error(&dir.to_string_lossy(), "read", &e))?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                pending.push(p);
            } else if p.extension().is_some_and(|e| e == "flow") {
                found.push(p);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `flowrun.toml` for `check`: the nearest one above each file changes its diagnostics, and the
/// problems in the configuration files come first in the output (and are input errors).
mod config_hook {
    use std::path::Path;

    use flowrun::Diagnostic;
    use flowrun::config::Finder;

    use super::Exit;

    #[derive(Default)]
    pub(super) struct Hook(Finder);

    impl Hook {
        pub(super) fn apply(&mut self, flow: &Path, diagnostics: &mut Vec<Diagnostic>) {
            self.0.apply(flow, diagnostics);
        }

        pub(super) fn finish(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Exit {
            let problems = self.0.take_diagnostics();
            let exit = if problems.iter().any(Diagnostic::is_error) {
                Exit::Input
            } else {
                Exit::Ok
            };
            diagnostics.splice(0..0, problems);
            exit
        }
    }
}
