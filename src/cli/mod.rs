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
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// The options every verb takes, before or after its name (`flowrun --quiet check` or
/// `flowrun check --quiet`).
#[derive(clap::Args, Debug)]
struct Global {
    /// When to colour diagnostics: `auto` colours on a terminal unless `NO_COLOR` is set (and
    /// also off a terminal when `CLICOLOR_FORCE` or `FORCE_COLOR` is set to anything but `0`);
    /// `always` and `never` override the environment.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto",
        help_heading = "Global options"
    )]
    color: ColorWhen,
    /// Print only diagnostics and what the verb was asked for (reports, verdicts, files): no
    /// summary lines, notes, hints or progress bars. The exit code is unchanged.
    #[arg(short, long, global = true, help_heading = "Global options")]
    quiet: bool,
    /// Judge every flow with this `flowrun.toml` instead of the nearest one to each flow.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        conflicts_with = "isolated",
        help_heading = "Global options"
    )]
    config: Option<std::path::PathBuf>,
    /// Read no `flowrun.toml` at all: every rule at its default severity.
    #[arg(long, global = true, help_heading = "Global options")]
    isolated: bool,
}

/// `--color WHEN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// Colour on a terminal, unless `NO_COLOR` is set; `CLICOLOR_FORCE`/`FORCE_COLOR` force it.
    Auto,
    /// Always colour, even into a pipe or a file.
    Always,
    /// Never colour.
    Never,
}

/// What the global options chose for this process, set once before a verb runs.
struct Chosen {
    colour: bool,
    quiet: bool,
}

static CHOSEN: std::sync::OnceLock<Chosen> = std::sync::OnceLock::new();

/// Whether diagnostics on stderr are coloured (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`,
/// `FORCE_COLOR`, and whether stderr is a terminal).
pub(crate) fn colour() -> bool {
    CHOSEN.get().map_or_else(
        || colour_for(ColorWhen::Auto, &env_var, stderr_is_terminal()),
        |c| c.colour,
    )
}

/// `--quiet`: leave out summaries, notes, hints and progress.
pub(crate) fn quiet() -> bool {
    CHOSEN.get().is_some_and(|c| c.quiet)
}

fn env_var(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name)
}

fn stderr_is_terminal() -> bool {
    use std::io::IsTerminal as _;
    std::io::stderr().is_terminal()
}

/// Whether to colour, for `--color WHEN` with these environment variables and terminal.
/// `NO_COLOR` (non-empty) wins over `CLICOLOR_FORCE` and `FORCE_COLOR` (anything but empty or
/// `0`), as in anstream; the flag wins over both.
fn colour_for(
    when: ColorWhen,
    var: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    terminal: bool,
) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            let set = |name: &str| var(name).is_some_and(|v| !v.is_empty());
            let forced = |name: &str| var(name).is_some_and(|v| !v.is_empty() && v != "0");
            if set("NO_COLOR") {
                false
            } else if forced("CLICOLOR_FORCE") || forced("FORCE_COLOR") {
                true
            } else {
                terminal && var("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
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

/// The command line, parsed; `--color` applies to clap's own help and errors too, so it is
/// looked for before parsing (the last one given wins, as clap takes it).
fn parse() -> Cli {
    use clap::{CommandFactory as _, FromArgMatches as _};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut when = None;
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let value = match word.to_str() {
            Some("--") => break,
            Some("--color") => words.next().and_then(|v| v.to_str()),
            Some(w) => w.strip_prefix("--color="),
            None => None,
        };
        match value {
            Some("always") => when = Some(clap::ColorChoice::Always),
            Some("never") => when = Some(clap::ColorChoice::Never),
            Some("auto") => when = Some(clap::ColorChoice::Auto),
            _ => {}
        }
    }
    let mut command = Cli::command();
    if let Some(when) = when {
        command = command.color(when);
    }
    let matches = command.get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Runs the `flowrun` command with the process's arguments and environment, and gives its exit
/// code: what the `flowrun` binary does.
#[must_use]
pub fn main() -> std::process::ExitCode {
    let cli = parse();
    let _ = CHOSEN.set(Chosen {
        colour: colour_for(cli.global.color, &env_var, stderr_is_terminal()),
        quiet: cli.global.quiet,
    });
    // The limits are read once, before any input; a bad value stops every verb. They travel
    // with the settings of each flow, found by `settings` beside its `flowrun.toml`.
    let limits = match crate::checks::limits::Limits::from_env() {
        Ok(limits) => limits,
        Err(problems) => {
            output::eprint_human(&problems);
            return std::process::ExitCode::from(Exit::Input as u8);
        }
    };
    let settings = &mut match (&cli.global.config, cli.global.isolated) {
        (Some(file), _) => crate::SettingsFinder::with_config_file(limits, file),
        (None, true) => crate::SettingsFinder::isolated(limits),
        (None, false) => crate::SettingsFinder::new(limits),
    };
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

#[cfg(test)]
mod tests {
    use super::{ColorWhen, colour_for};
    use std::ffi::OsString;

    /// `colour_for` with these variables set and nothing else.
    fn with(when: ColorWhen, vars: &[(&str, &str)], terminal: bool) -> bool {
        let var = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        };
        colour_for(when, &var, terminal)
    }

    #[test]
    fn colour_is_the_flag_then_no_color_then_forcing_then_the_terminal() {
        use ColorWhen::{Always, Auto, Never};
        assert!(with(Auto, &[], true));
        assert!(!with(Auto, &[], false));
        assert!(!with(Auto, &[("TERM", "dumb")], true));
        assert!(!with(Auto, &[("NO_COLOR", "1")], true));
        // An empty NO_COLOR does not count (no-color.org).
        assert!(with(Auto, &[("NO_COLOR", "")], true));
        assert!(with(Auto, &[("FORCE_COLOR", "1")], false));
        assert!(with(Auto, &[("CLICOLOR_FORCE", "yes")], false));
        assert!(!with(Auto, &[("FORCE_COLOR", "0")], false));
        assert!(!with(Auto, &[("CLICOLOR_FORCE", "")], false));
        assert!(!with(
            Auto,
            &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")],
            false
        ));
        assert!(with(Always, &[("NO_COLOR", "1")], false));
        assert!(!with(Never, &[("FORCE_COLOR", "1")], true));
    }
}
