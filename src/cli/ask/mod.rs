//! `flowrun ask FLOW [--save FILE] [--force]`: answer a flow's questions one at a time.
//!
//! On a terminal (standard input and standard error both terminals) a menu picks each answer
//! with the keyboard (`tty`); otherwise one answer is read per line (`lines`). Both drive a
//! `crate::evaluate::session::Session`, print the verdict and route as `flowrun run` does on stdout, and
//! write the answers on the final route where `--save` (or the prompt at the end) says.

mod lines;
mod tty;

use std::io::IsTerminal;
use std::path::Path;

use crate::checks::rules::Code;
use crate::evaluate::answers::{self, Format};
use crate::evaluate::session::{Position, Session};
use crate::{Diagnostic, SettingsFinder};

use super::{Exit, files, output};

/// Answer a flow's questions interactively, see the verdict, and save the answers.
#[derive(clap::Args, Debug)]
#[command(
    long_about = "Answer a flow's questions one at a time, then see the verdict and the route.\n\n\
                  On a terminal, pick each answer with the arrow keys (or j/k) and Enter, or type \
                  its number; Backspace (or the `← back` entry) returns to the previous question; \
                  Esc, q or Ctrl-C stop without saving (exit 130). At the verdict, flowrun offers \
                  to save the answers unless --save was given: type a file name and Enter (an \
                  empty name, or Esc, skips saving; Ctrl-C stops, exit 130). When the file exists, \
                  it asks \"Replace it? [y/N]\": type y or n, then Enter (Enter alone is no, and \
                  the name can then be changed); Esc, q or Ctrl-C there stop without writing \
                  anything (exit 130).\n\n\
                  Without a terminal, each question and its numbered options are printed to \
                  standard error and one answer is read per line from standard input: a label \
                  (matched as `flowrun run` matches answers), the option's number, or `back`. \
                  An invalid line stops with FLOW406 (exit 2), since a script cannot retry; input \
                  that ends before a verdict exits 3 naming the question, like `flowrun run`.",
    after_help = "Examples:\n  flowrun ask flows/eligibility.flow\n  \
                  flowrun ask flows/eligibility.flow --save answers.yaml\n  \
                  printf 'Yes\\nNo\\nNo\\nNo\\n' | flowrun ask flows/eligibility.flow --save a.json\n\n\
                  Exit codes: 0 verdict reached, 1 the flow has errors, 2 input error (an invalid \
                  answer, --save onto an existing file without --force), 3 input ended before a \
                  verdict, 130 stopped with Ctrl-C, Esc or q."
)]
pub(crate) struct Args {
    /// The flow file.
    flow: String,
    /// Write the answers on the final route to FILE (JSON, YAML or TOML by extension) once a
    /// verdict is reached. A file that exists is refused before the first question.
    #[arg(long, value_name = "FILE")]
    save: Option<String>,
    /// Let --save replace a file that already exists.
    #[arg(long, requires = "save")]
    force: bool,
}

/// How a session ended.
pub(super) enum Ending {
    /// A verdict was reached (and the answers saved if asked).
    Verdict,
    /// The input ended at a question: the walk needs an answer.
    NeedsAnswer,
    /// Stopped by the user; nothing was written.
    Interrupted,
}

/// Where the answers go: the file, its format, and whether it may be replaced.
pub(super) struct SaveTo {
    pub(super) path: String,
    pub(super) format: Format,
    pub(super) force: bool,
}

pub(crate) fn run(args: &Args, settings: &mut SettingsFinder) -> Exit {
    match ask(args, settings) {
        Ok(Ending::Verdict) => Exit::Ok,
        Ok(Ending::NeedsAnswer) => Exit::NeedsAnswer,
        Ok(Ending::Interrupted) => Exit::Interrupted,
        Err((exit, diagnostics)) => {
            output::eprint_human(&diagnostics);
            exit
        }
    }
}

type Failure = (Exit, Vec<Diagnostic>);

fn ask(args: &Args, settings: &mut SettingsFinder) -> Result<Ending, Failure> {
    let input = |d| (Exit::Input, vec![d]);
    if args.flow == "-" {
        return Err(input(
            Diagnostic::new(
                Code::Io,
                "`flowrun ask` reads the answers from standard input, so the flow must be a file",
            )
            .help("give the flow's path: `flowrun ask flows/eligibility.flow`"),
        ));
    }
    // Checked before the first question, so that no answers are typed in vain.
    let save = match &args.save {
        Some(path) => Some(save_target(path, args.force).map_err(input)?),
        None => None,
    };
    let (flow, warnings) = super::load::valid_flow(settings, &args.flow)?;
    output::eprint_human(&warnings);
    let session = Session::new(&flow);
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        tty::ask(session, save.as_ref())
    } else {
        let stdin = std::io::stdin().lock();
        let (mut prompts, mut report) = (std::io::stderr(), std::io::stdout());
        lines::ask(session, stdin, &mut prompts, &mut report, save.as_ref())
    }
}

/// Checks a `--save` path: a format flowrun writes, not a directory, and not an existing file
/// unless `force`.
fn save_target(path: &str, force: bool) -> Result<SaveTo, Diagnostic> {
    if path == "-" {
        return Err(Diagnostic::new(
            Code::Io,
            "`--save` needs a file name: standard output carries the verdict",
        )
        .help("give a file name, e.g. `--save answers.json`"));
    }
    let format = Format::for_path(path)?;
    let target = Path::new(path);
    if target.is_dir() {
        return Err(Diagnostic::new(
            Code::Io,
            format!("cannot save to `{path}`: it is a directory"),
        )
        .help("give a file name, e.g. `--save answers.json`"));
    }
    if !force && target.exists() {
        return Err(exists(path));
    }
    Ok(SaveTo {
        path: path.to_owned(),
        format,
        force,
    })
}

fn exists(path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::FileExists,
        format!("`{path}` already exists, and `--save` does not replace a file"),
    )
    .help("choose another name, or add `--force` to replace it")
}

/// Writes the session's answers, atomically. The existence check is repeated: the file may
/// have appeared while the questions were answered.
pub(super) fn save(session: &Session, to: &SaveTo) -> Result<(), Diagnostic> {
    if !to.force && Path::new(&to.path).exists() {
        return Err(exists(&to.path));
    }
    let text = answers::to_text(&session.answers(), to.format)?;
    files::write_atomically(&to.path, text.as_bytes())
}

/// The current question's text, one line per line of the node's text, the first after its id
/// and the others under it:
///
/// ```text
/// us_canada: Is your business based
///            in the US or Canada?
/// ```
pub(super) fn question_lines(session: &Session) -> Vec<String> {
    let Position::Question(question) = session.position() else {
        return Vec::new();
    };
    let node = session.flow().node(question);
    // Under the text after `id: `, in terminal columns (a CJK id is twice as wide as long).
    let indent = " ".repeat(unicode_width::UnicodeWidthStr::width(node.id.as_str()) + 2);
    node.text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("{}: {line}", node.id)
            } else {
                format!("{indent}{line}")
            }
        })
        .collect()
}
