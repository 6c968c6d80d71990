//! The command line. Each verb lives in its own module with a `run(args) -> Exit` function.

mod ask;
mod batch;
mod check;
mod diff;
mod discover;
mod explain;
mod files;
mod fmt;
mod graphviz;
mod integration;
mod load;
mod output;
mod paths;
mod render;
mod report;
mod run;
mod test;
mod test_report;
mod why;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes: the contract scripts rely on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Exit {
    /// A verdict was reached, or no errors were found.
    Ok = 0,
    /// The flow has errors.
    FlowErrors = 1,
    /// Usage or input error: an unreadable file, malformed answers, an answer that is no option.
    Input = 2,
    /// The answers are incomplete: the walk needs an answer.
    NeedsAnswer = 3,
    /// An interactive session was stopped (Ctrl-C, Esc, q) before it finished: 128 + SIGINT,
    /// what a shell reports for a program stopped by Ctrl-C.
    Interrupted = 130,
}

#[derive(Parser, Debug)]
#[command(
    name = "flowrun",
    version,
    about = "Run decision flows written as Mermaid flowcharts",
    long_about = "flowrun reads decision rules drawn as Mermaid flowcharts (`.flow` files), checks \
                  them, walks them against answer files to a verdict (or asks the questions \
                  interactively), runs test cases with coverage, compares two versions by \
                  meaning, renders them as Graphviz DOT, SVG or PNG, and formats them as \
                  canonical Mermaid.",
    after_help = "Examples:\n  flowrun run flows/eligibility.flow flows/answers/eligible.json\n  \
                  flowrun run flows/eligibility.flow flows/answers/needs-hipaa.yaml --explain\n  \
                  flowrun check flows/\n  flowrun test flows/\n  \
                  flowrun diff flows/eligibility.flow --rev HEAD~1\n  \
                  flowrun ask flows/eligibility.flow --save answers.json\n  \
                  flowrun render flows/eligibility.flow -o eligibility.dot\n  \
                  flowrun fmt flows/\n  flowrun explain FLOW101\n  \
                  flowrun completions bash\n  flowrun man | man -l -\n\n\
                  Exit codes: 0 ok, 1 the flow has errors (for `test` a case failed, for `diff` the \
                  meaning changed), 2 usage or input error, 3 needs an answer, 130 interrupted."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Run(run::Args),
    #[command(alias = "lint")]
    Check(check::Args),
    Render(render::Args),
    Paths(paths::Args),
    Fmt(fmt::Args),
    Explain(explain::Args),
    Completions(integration::CompletionsArgs),
    Man(integration::ManArgs),
    Ask(ask::Args),
    Test(test::Args),
    Diff(diff::Args),
    Batch(batch::Args),
}

/// How diagnostics (and for `run`, the outcome) are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiagnosticFormat {
    /// Source snippets with the problem underlined (colour on a terminal unless NO_COLOR is set).
    Human,
    /// One JSON list of diagnostics on stdout.
    Json,
}

/// A usage error found after parsing (it depends on more than the arguments, such as whether
/// standard input is a terminal), printed the way clap prints its own: the message, the verb's
/// usage line and a pointer to `--help`. Exit 2, like every usage error.
pub(crate) fn usage_error(verb: &str, message: &str) -> Exit {
    use clap::CommandFactory as _;
    let mut cli = Cli::command();
    cli.build();
    let error = match cli.find_subcommand_mut(verb) {
        Some(sub) => sub.error(clap::error::ErrorKind::MissingRequiredArgument, message),
        None => cli.error(clap::error::ErrorKind::MissingRequiredArgument, message),
    };
    let _ = error.print();
    Exit::Input
}

/// Runs the `flowrun` command with the process's arguments and environment, and gives its exit
/// code: what the `flowrun` binary does.
#[must_use]
pub fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // The limits are read once, before any input; a bad value stops every verb. They travel
    // with the settings of each flow, found by `settings` beside its `flowrun.toml`.
    let limits = match crate::checks::limits::Limits::from_env() {
        Ok(limits) => limits,
        Err(problems) => {
            output::eprint_human(&problems);
            return std::process::ExitCode::from(Exit::Input as u8);
        }
    };
    let settings = &mut crate::SettingsFinder::new(limits);
    let exit = match cli.command {
        Command::Run(args) => run::run(&args, settings),
        Command::Check(args) => check::run(&args, settings),
        Command::Render(args) => render::run(&args, settings),
        Command::Paths(args) => paths::run(&args, settings),
        Command::Fmt(args) => fmt::run(&args, settings),
        Command::Explain(args) => explain::run(&args),
        Command::Completions(args) => integration::completions(&args),
        Command::Man(args) => integration::man(&args),
        Command::Ask(args) => ask::run(&args, settings),
        Command::Test(args) => test::run(&args, settings),
        Command::Diff(args) => diff::run(&args, settings),
        Command::Batch(args) => batch::run(&args, settings),
    };
    std::process::ExitCode::from(exit as u8)
}
