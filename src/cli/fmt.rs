//! `flowrun fmt [--check] [FILE...]`: rewrite flows in their canonical Mermaid form.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use crate::SettingsFinder;
use crate::output::format::format_source;

use super::files::write_atomically;
use super::{Exit, load, output};

/// Format flows: one canonical Mermaid text, written in place.
///
/// Statements stay in their order, one to a line, indented four spaces (four more in each open
/// subgraph); arrows get a space on each side and labels the pipe form `-->|label|`; texts are
/// quoted only when they need it; comments are kept. The flow itself never changes.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  flowrun fmt flows/                     format every flow under flows/ \
                  in place\n  flowrun fmt --check flows/             list the flows that are not \
                  formatted (for CI)\n  flowrun fmt < draft.flow > clean.flow  format standard \
                  input to standard output\n  flowrun fmt - < draft.flow             the same, \
                  with `-` naming standard input\n\n\
                  A file is written only when its text changes, through a temporary file and a \
                  rename. A file with syntax errors is left as it is and its errors are shown. A \
                  symbolic link named here is formatted at the file it leads to (the link stays); \
                  links found inside a directory are not followed. With \
                  no FILE, standard input is read only when it is a pipe or a file: on a terminal \
                  `flowrun fmt` stops with a usage error (exit 2) instead of waiting for a flow to \
                  be typed; `flowrun fmt -` reads a terminal too.\n\n\
                  Exit codes: 0 done (with --check: every flow is formatted), 1 a flow is not \
                  formatted (--check) or has syntax errors, 2 a path could not be read or written, or \
                  no FILE was given on a terminal, 130 or 143 stopped by SIGINT or SIGTERM (the file \
                  being written is left as it was, and its temporary file removed)."
)]
pub(crate) struct Args {
    /// Flow files, or directories searched recursively for `*.flow` files; `-` reads standard
    /// input and writes standard output, and so does nothing when standard input is a pipe or a
    /// file (with nothing on a terminal, it is a usage error).
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// Write nothing: list the flows that are not formatted (on standard output, with the first
    /// difference on standard error) and exit 1 if there are any.
    #[arg(long)]
    check: bool,
}

/// How many flows were looked at, and how many were (or, with `--check`, would be) rewritten.
#[derive(Default)]
struct Tally {
    files: usize,
    changed: usize,
}

pub(crate) fn run(args: &Args, settings: &mut SettingsFinder) -> Exit {
    let stdin = ["-".to_owned()];
    let paths = if args.files.is_empty() {
        // Nothing named and nothing piped: waiting for a flow to be typed would look like a hang.
        if std::io::stdin().is_terminal() {
            return super::usage_error(
                "fmt",
                "no flow to format: name the files or directories to format (`flowrun fmt \
                 flows/`), or pipe a flow to standard input (`flowrun fmt < draft.flow`; `-` \
                 reads standard input explicitly)",
            );
        }
        &stdin[..]
    } else {
        &args.files[..]
    };
    let mut exit = Exit::Ok;
    let mut tally = Tally::default();
    for path in paths {
        if path == "-" {
            exit = exit.max(format_one(
                settings,
                args.check,
                Input::Stdin,
                &mut Tally::default(),
            ));
            continue;
        }
        // A directory named here (or a link to one) is walked; what is found inside it is
        // written only where no link leads (see `Origin`).
        let named = Path::new(path.as_str());
        let walked = named.is_dir();
        let files = match super::discover::collect(path) {
            Ok(files) => files,
            Err(d) => {
                output::eprint_human(&[d]);
                exit = exit.max(Exit::Input);
                continue;
            }
        };
        if files.is_empty() {
            eprintln!("note: no `.flow` files under `{path}`");
        }
        for file in files {
            let origin = if walked {
                Origin::Walked(named)
            } else {
                Origin::Named
            };
            exit = exit.max(format_one(
                settings,
                args.check,
                Input::File(&file, origin),
                &mut tally,
            ));
        }
    }
    if tally.files > 0 && !super::quiet() {
        let flows = |n: usize| format!("{n} flow{}", if n == 1 { "" } else { "s" });
        if tally.changed == 0 {
            eprintln!("{} already formatted", flows(tally.files));
        } else if args.check {
            eprintln!(
                "{} of {} not formatted; `flowrun fmt` formats them",
                tally.changed,
                flows(tally.files)
            );
        } else {
            eprintln!("formatted {} of {}", tally.changed, flows(tally.files));
        }
    }
    exit
}

/// What to format: standard input (to standard output), or a file in place.
enum Input<'a> {
    Stdin,
    File(&'a Path, Origin<'a>),
}

/// How a file came to be formatted, which decides what may be written.
#[derive(Clone, Copy)]
enum Origin<'a> {
    /// Named on the command line: a symbolic link is formatted at the file it points to, and
    /// stays a link, as the user asked for that file.
    Named,
    /// Found by walking the directory named here: formatted only when neither the file nor a
    /// directory between it and the named one is a symbolic link, so nothing outside the named
    /// tree (or reached twice within it) is written.
    Walked(&'a Path),
}

/// The first symbolic link on the way from `root` down to `file` (`file` included), or `file`
/// itself when it is not below `root`: then nothing there is written.
fn linked_component(root: &Path, file: &Path) -> Option<PathBuf> {
    // The walk gives paths in display form (no `./`, relative to the current directory when
    // inside it): compare in that form.
    let cwd = std::env::current_dir().ok();
    let root = super::discover::display_path(root, cwd.as_deref());
    let (below, mut at) = if root == Path::new(".") && file.is_relative() {
        (file, PathBuf::new())
    } else {
        let Ok(below) = file.strip_prefix(&root) else {
            return Some(file.to_path_buf());
        };
        (below, root.clone())
    };
    for part in below.components() {
        at.push(part);
        let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return Some(at);
        }
    }
    None
}

/// Where a formatted file is written: for a named link, the regular file it leads to (renaming
/// over the link itself would replace it with a copy); otherwise the path itself. `None` when
/// that is not a regular file.
fn write_target(path: &Path, origin: Origin<'_>) -> Option<PathBuf> {
    let target = match origin {
        Origin::Named => std::fs::canonicalize(path).ok()?,
        Origin::Walked(_) => path.to_path_buf(),
    };
    std::fs::symlink_metadata(&target)
        .is_ok_and(|m| m.is_file())
        .then_some(target)
}

/// Formats one file, or standard input.
fn format_one(settings: &SettingsFinder, check: bool, input: Input<'_>, tally: &mut Tally) -> Exit {
    if let Input::File(path, Origin::Walked(root)) = input
        && let Some(link) = linked_component(root, path)
    {
        eprintln!(
            "note: `{}` is skipped: `{}` is a symbolic link, and `flowrun fmt` follows none \
             inside a directory it walks (name the file to format it)",
            path.display(),
            link.display()
        );
        return Exit::Ok;
    }
    // Read within the limits every verb applies; formatting needs the syntax alone, so the
    // graph is not built (the same limits are applied while formatting).
    let limits = settings.limits();
    let read = match input {
        Input::Stdin => crate::input::read_source("-", &limits),
        Input::File(path, _) => crate::input::read_source_path(path, &limits),
    };
    let source = match read {
        Ok(source) => source,
        Err(error) => {
            let (exit, diagnostics) = load::refusal(error);
            output::eprint_human(&diagnostics);
            return exit;
        }
    };
    let formatted = match format_source(&source, &limits) {
        Ok(formatted) => formatted,
        Err(errors) => {
            output::eprint_human(&errors);
            eprintln!(
                "note: `{}` is left as it is: it has syntax errors",
                source.name
            );
            return Exit::FlowErrors;
        }
    };
    // Counted once formatted: a file left alone for its syntax errors is neither formatted
    // nor "already formatted".
    tally.files += 1;
    let file = match input {
        Input::Stdin => None,
        Input::File(path, origin) => Some((path, origin)),
    };
    let to_stdout = file.is_none();
    if formatted == *source.text {
        if to_stdout && !check {
            output::print_out(&formatted);
        }
        return Exit::Ok;
    }
    tally.changed += 1;
    if check {
        output::print_out(&format!("{}\n", source.name));
        eprint!(
            "{}",
            first_difference(&source.name, &source.text, &formatted)
        );
        return Exit::FlowErrors;
    }
    let Some((path, origin)) = file else {
        output::print_out(&formatted);
        return Exit::Ok;
    };
    let Some(target) = write_target(path, origin) else {
        output::eprint_human(&[crate::Diagnostic::new(
            crate::Code::Io,
            format!(
                "cannot write `{}`: it is not a regular file (or a link to one)",
                path.display()
            ),
        )
        .help("`flowrun fmt` rewrites regular files only")]);
        return Exit::Input;
    };
    match write_atomically(&target, formatted.as_bytes()) {
        Ok(()) => Exit::Ok,
        Err(d) => {
            output::eprint_human(&[d]);
            Exit::Input
        }
    }
}

/// Lines of context around a difference, and the most changed lines shown on each side.
const CONTEXT: usize = 2;
const MAX_SHOWN: usize = 8;
/// How far ahead to look for the lines where the two texts agree again.
const RESYNC: usize = 24;

/// The first place where `old` and `new` differ, as one hunk of a unified diff.
fn first_difference(name: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let Some(start) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) else {
        return format!("{name}: only line breaks differ\n");
    };
    // The nearest pair of lines after the difference from which both texts agree again.
    let (mut end_a, mut end_b) = (a.len(), b.len());
    'search: for distance in 1..=RESYNC * 2 {
        for i in 0..=distance {
            let (ja, jb) = (start + i, start + distance - i);
            if ja < a.len() && jb < b.len() && a[ja] == b[jb] {
                (end_a, end_b) = (ja, jb);
                break 'search;
            }
        }
    }
    let from = start.saturating_sub(CONTEXT);
    let after_a = (end_a + CONTEXT).min(a.len());
    let after_b = (end_b + CONTEXT).min(b.len());
    let mut out = format!(
        "--- {name}\n+++ {name} (formatted)\n@@ -{},{} +{},{} @@\n",
        from + 1,
        after_a - from,
        from + 1,
        after_b - from
    );
    let mut push = |mark: char, lines: &[&str]| {
        for line in lines.iter().take(MAX_SHOWN) {
            out.push(mark);
            out.push_str(line);
            out.push('\n');
        }
        if lines.len() > MAX_SHOWN {
            out.push_str(&format!("{mark}... {} more\n", lines.len() - MAX_SHOWN));
        }
    };
    push(' ', &a[from..start]);
    push('-', &a[start..end_a]);
    push('+', &b[start..end_b]);
    push(' ', &a[end_a..after_a]);
    out
}

#[cfg(test)]
mod tests {
    use super::first_difference;

    #[test]
    fn the_first_difference_is_one_hunk_with_context() {
        let old = "flowchart TD\nA-->B\nB-->C\nC --> D\nD --> E\nE --> F\n";
        let new = "flowchart TD\n    A --> B\n    B --> C\n    C --> D\n    D --> E\n";
        let diff = first_difference("f.flow", old, new);
        assert!(
            diff.starts_with("--- f.flow\n+++ f.flow (formatted)\n@@ -1,"),
            "{diff}"
        );
        assert!(diff.contains("\n flowchart TD\n-A-->B\n"), "{diff}");
        assert!(diff.contains("\n+    A --> B\n"), "{diff}");
        let diff = first_difference("f.flow", "a\nb\nc\nd\ne\n", "a\nb\nX\nd\ne\n");
        assert_eq!(
            diff,
            "--- f.flow\n+++ f.flow (formatted)\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+X\n d\n e\n"
        );
        assert_eq!(
            first_difference("f.flow", "a\r\n", "a\n"),
            "f.flow: only line breaks differ\n"
        );
    }
}
