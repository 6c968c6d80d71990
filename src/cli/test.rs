//! `flowrun test [PATH...]`: run the cases in the test files beside flows, report failures and
//! coverage; `flowrun test --generate FLOW` writes a starting test file. The work is in
//! `crate::analyses::flow_tests`; this module reads the arguments, finds the files and picks the report.

use std::path::{Component, Path, PathBuf};

use crate::analyses::flow_tests::{file, generate, suite};
use crate::checks::rules::Code;
use crate::{Diagnostic, SettingsFinder, SourceFile, evaluate::routes};

use super::test_report;
use super::{Exit, discover, files, load, output};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TestFormat {
    /// Each case, failures with expected and actual, coverage tables, a summary line.
    Human,
    /// One JSON object: files, cases with status, expected and actual, coverage per flow.
    Json,
    /// JUnit XML: one testsuite per test file, one testcase per case.
    Junit,
}

/// Run the test cases written beside flows (`X.tests.toml` for `X.flow`) and measure coverage.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "A test file `X.tests.toml` (or `.tests.yaml`, `.tests.yml`) beside `X.flow` holds \
                  `[[case]]` tables: `name`, `answers = { question = \"answer\" }`, and `verdict = \
                  \"ID\"` or `needs = \"QUESTION\"`, optionally `path = [node ids]`. See the README.\n\n\
                  With no PATH, `flowrun test` tests the `flows/` directory of the current \
                  directory, and is a usage error (exit 2) where there is none; it never searches \
                  the whole current directory unless told to with `flowrun test .`.\n\n\
                  Examples:\n  flowrun test\n  flowrun test flows/ --min-coverage 100\n  \
                  flowrun test .\n  \
                  flowrun test flows/eligibility.flow --format junit > report.xml\n  \
                  flowrun test --generate flows/eligibility.flow\n\n\
                  Exit codes: 0 every case passed, 1 a case failed, coverage is below \
                  --min-coverage or a flow has errors, 2 a test file is unreadable or malformed, \
                  or names what the flow does not have, or no PATH was given and there is no \
                  `flows/`."
)]
pub(crate) struct Args {
    /// Flows, test files or directories (searched recursively); `flows/` if none is given.
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: TestFormat,
    /// Fail (exit 1) when the cases of a flow take less than N percent of its answers (the
    /// out-edges of its questions). Verdict coverage is reported but not checked.
    #[arg(long, value_name = "N", value_parser = parse_percent)]
    min_coverage: Option<f64>,
    /// Write a test file for FLOW with one case per route, instead of running tests.
    #[arg(long, value_name = "FLOW", conflicts_with_all = ["paths", "min_coverage"])]
    generate: Option<String>,
    /// With --generate: where to write (`-` for standard output); default `X.tests.toml` beside
    /// the flow.
    #[arg(short, long, value_name = "FILE", requires = "generate")]
    output: Option<String>,
    /// With --generate: replace an existing test file.
    #[arg(long, requires = "generate")]
    force: bool,
    /// With --generate: write at most this many cases (routes past it are counted, not written).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    limit: usize,
}

/// What `flowrun test` tests when given no PATH.
const DEFAULT_DIR: &str = "flows";

fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(n) if (0.0..=100.0).contains(&n) => Ok(n),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

pub(crate) fn run(args: &Args, settings: &mut SettingsFinder) -> Exit {
    if let Some(flow) = &args.generate {
        return generate_file(args, flow, settings);
    }
    let paths = if args.paths.is_empty() {
        // The project's flows, where `flowrun test` is usually run; not the current directory,
        // which may be a home or temporary directory holding thousands of unrelated flows.
        if !Path::new(DEFAULT_DIR).is_dir() {
            return super::usage_error(
                "test",
                "no PATH given, and there is no `flows/` directory here to test by default: name \
                 the flows, test files or directories to test (`flowrun test .` tests everything \
                 under the current directory)",
            );
        }
        vec![DEFAULT_DIR.to_owned()]
    } else {
        args.paths.clone()
    };
    let found = discover::find_matching(&paths, |p| {
        p.extension().is_some_and(|e| e == "flow") || file::is_test_file(p)
    });
    // A file named on the command line is a test file if it is TOML or YAML, else a flow.
    // `./flows/x.flow`, found below `.`, reads better as `flows/x.flow`.
    let (tests, flows): (Vec<PathBuf>, Vec<PathBuf>) = found
        .files
        .into_iter()
        .map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p))
        .partition(|p| file::is_test_file(p) || file::Format::for_path(p).is_some());
    let suite = suite::run(&flows, &tests, settings);
    let report = test_report::Report {
        suite: &suite,
        problems: &found.problems,
        min_coverage: args.min_coverage,
    };
    for arg in found.empty.iter().filter(|_| !super::quiet()) {
        eprintln!("note: `{arg}` holds no flow or test file");
    }
    match args.format {
        TestFormat::Human => test_report::human(&report),
        TestFormat::Json => output::print_json(&test_report::json(&report)),
        TestFormat::Junit => output::print_out(&test_report::junit(&report)),
    }
    report.exit()
}

fn generate_file(args: &Args, flow_path: &str, settings: &mut SettingsFinder) -> Exit {
    let flow = match load::valid_flow(settings, flow_path) {
        Ok((flow, _warnings)) => flow,
        Err((exit, diagnostics)) => {
            output::eprint_human(&diagnostics);
            return exit;
        }
    };
    // Where to write, and how the file names its flow from there.
    let (target, flow_ref) = match args.output.as_deref() {
        Some("-") => (None, None),
        Some(out) => (
            Some(out.to_owned()),
            Some(relative(Path::new(out), Path::new(flow_path))),
        ),
        None if flow_path == "-" => (None, None),
        None => {
            let beside = file::beside(Path::new(flow_path)).swap_remove(0);
            (Some(beside.to_string_lossy().into_owned()), None)
        }
    };
    let routes = routes::list(&flow, args.limit);
    let (_, total) = routes::count(&flow);
    let left_out = total.saturating_sub(routes.len() as u128);
    let text = generate::generate(&flow, &routes, flow_ref.as_deref(), left_out);
    let Some(target) = target else {
        output::print_out(&text);
        note_left_out(left_out);
        return Exit::Ok;
    };
    let same = |a: &str, b: &str| matches!((Path::new(a).canonicalize(), Path::new(b).canonicalize()), (Ok(a), Ok(b)) if a == b);
    if same(&target, flow_path) {
        output::eprint_human(&[Diagnostic::new(
            Code::Io,
            format!("cannot write the test file over the flow `{flow_path}` itself"),
        )
        .help("give -o another file, e.g. `-o flow.tests.toml`")
        .in_file(&SourceFile::new(target.clone(), ""))]);
        return Exit::Input;
    }
    if Path::new(&target).exists() && !args.force {
        output::eprint_human(&[Diagnostic::new(
            Code::FileExists,
            format!("`{target}` already exists; not overwriting it"),
        )
        .help(
            "pass --force to replace it, or -o FILE to write elsewhere (-o - for standard output)",
        )
        .in_file(&SourceFile::new(target.clone(), ""))]);
        return Exit::Input;
    }
    if let Err(d) = files::write_atomically(&target, text.as_bytes()) {
        output::eprint_human(&[d]);
        return Exit::Input;
    }
    if !super::quiet() {
        eprintln!(
            "wrote {} case{} to {target}",
            routes.len(),
            if routes.len() == 1 { "" } else { "s" }
        );
        note_left_out(left_out);
    }
    Exit::Ok
}

fn note_left_out(left_out: u128) {
    if left_out > 0 {
        eprintln!("note: {left_out} more route(s) left out; raise --limit to write them");
    }
}

/// The flow's path as seen from the directory the test file goes to, so `flow = "..."` in it
/// resolves to the same file.
fn relative(test_file: &Path, flow: &Path) -> String {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Lexically, so a directory that does not exist yet still works.
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                c => out.push(c),
            }
        }
        out
    };
    let from = absolute(test_file.parent().unwrap_or(Path::new("")));
    let to = absolute(flow);
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for c in &to_parts[common..] {
        rel.push(c);
    }
    // Forward slashes, so the file reads the same on every system.
    rel.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_lead_from_the_test_file_to_the_flow() {
        assert_eq!(
            relative(Path::new("a/t.toml"), Path::new("a/f.flow")),
            "f.flow"
        );
        assert_eq!(
            relative(Path::new("t/x.toml"), Path::new("flows/f.flow")),
            "../flows/f.flow"
        );
        assert_eq!(
            relative(Path::new("x.toml"), Path::new("./a/../f.flow")),
            "f.flow"
        );
    }

    #[test]
    fn percentages_are_from_0_to_100() {
        assert_eq!(parse_percent("80"), Ok(80.0));
        assert_eq!(parse_percent("99.5%"), Ok(99.5));
        assert!(parse_percent("101").is_err());
        assert!(parse_percent("x").is_err());
    }
}
