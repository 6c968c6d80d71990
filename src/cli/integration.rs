//! `flowrun completions SHELL` and `flowrun man`: generated from the clap definition, so they
//! always match the verbs and options of this binary.

use clap::CommandFactory;

use super::{Cli, Exit, output};

/// Print a shell completion script on standard output.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  flowrun completions bash > ~/.local/share/bash-completion/completions/flowrun\n  \
                  flowrun completions zsh > \"${fpath[1]}/_flowrun\"\n  \
                  flowrun completions fish > ~/.config/fish/completions/flowrun.fish\n\n\
                  Exit codes: 0 printed, 2 unknown shell."
)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Print flowrun's manual page (roff) on standard output, or the page of one verb.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  flowrun man | man -l -\n  \
                  flowrun man > /usr/local/share/man/man1/flowrun.1\n  \
                  flowrun man check > /usr/local/share/man/man1/flowrun-check.1\n\n\
                  Exit codes: 0 printed, 2 unknown verb.")]
pub(crate) struct ManArgs {
    /// A verb, for its own page (`flowrun-check(1)`); without one, the main page.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(MAN_VERBS))]
    verb: Option<String>,
}

/// The verbs `flowrun man VERB` offers (and completes); a unit test keeps it equal to the verbs
/// the command line has.
const MAN_VERBS: &[&str] = &[
    "run",
    "check",
    "render",
    "paths",
    "fmt",
    "explain",
    "ask",
    "test",
    "diff",
    "batch",
    "completions",
    "man",
];

pub(crate) fn completions(args: &CompletionsArgs) -> Exit {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "flowrun", &mut script);
    output::print_out(&String::from_utf8_lossy(&script));
    Exit::Ok
}

pub(crate) fn man(args: &ManArgs) -> Exit {
    let mut command = Cli::command();
    // Building names each verb `flowrun-VERB`, the page names the main page refers to.
    command.build();
    let command = match &args.verb {
        Some(verb) => match command.find_subcommand(verb) {
            Some(sub) => sub.clone().version(env!("CARGO_PKG_VERSION")),
            None => {
                eprintln!("flowrun: no verb `{verb}`");
                return Exit::Input;
            }
        },
        None => command,
    };
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(command).render(&mut page) {
        eprintln!("flowrun: cannot render the manual page: {e}");
        return Exit::Input;
    }
    output::print_out(&String::from_utf8_lossy(&page));
    Exit::Ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_offers_every_verb() {
        let command = Cli::command();
        let mut verbs: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        let mut offered = MAN_VERBS.to_vec();
        verbs.sort_unstable();
        offered.sort_unstable();
        assert_eq!(offered, verbs, "MAN_VERBS must list every verb");
    }
}
