//! `flowrun completions SHELL` and `flowrun man`: generated from the clap definition, so they
//! always match the verbs and options of this binary.

use std::fmt::Write as _;

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
    match page(command) {
        Ok(page) => {
            output::print_out(&page);
            Exit::Ok
        }
        Err(e) => {
            eprintln!("flowrun: cannot render the manual page: {e}");
            Exit::Input
        }
    }
}

/// The manual page of a command: clap_mangen's sections, with the examples and exit codes of
/// its `--help` (`Examples:` and `Exit codes:` in its after-help text) as the EXAMPLES and EXIT
/// STATUS sections before VERSION, instead of one untitled block of text.
fn page(command: clap::Command) -> std::io::Result<String> {
    let after = command
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    let (examples, exit_codes) = after_help_parts(&after);
    let command = command
        .after_help(None::<&str>)
        .after_long_help(None::<&str>);
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    let mut page = String::from_utf8_lossy(&page).into_owned();
    let mut sections = String::new();
    if !exit_codes.is_empty() {
        sections.push_str(".SH \"EXIT STATUS\"\n");
        for (code, meaning) in &exit_codes {
            let _ = write!(sections, ".TP\n\\fB{code}\\fR\n{}\n", roff_text(meaning));
        }
    }
    if !examples.is_empty() {
        sections.push_str(".SH EXAMPLES\n.PP\n.nf\n.RS 4\n");
        for example in &examples {
            let _ = writeln!(sections, "{}", roff_text(example));
        }
        sections.push_str(".RE\n.fi\n");
    }
    match page.find(".SH VERSION") {
        Some(at) => page.insert_str(at, &sections),
        None => page.push_str(&sections),
    }
    Ok(page)
}

/// The example command lines and the exit codes (code, meaning) of an after-help text of the
/// form `Examples:\n  LINE\n  LINE\n\nExit codes: 0 MEANING, 1 MEANING.`; a comma inside
/// parentheses does not end a meaning.
fn after_help_parts(text: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut examples = Vec::new();
    let mut exit_codes = Vec::new();
    for block in text.split("\n\n") {
        if let Some(rest) = block.strip_prefix("Examples:") {
            examples.extend(
                rest.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned),
            );
        } else if let Some(rest) = block.strip_prefix("Exit codes:") {
            let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
            let rest = rest.trim_end_matches('.');
            let mut depth = 0_i32;
            let mut start = 0;
            let mut items = Vec::new();
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    ',' if depth == 0
                        && rest[i + 1..]
                            .trim_start()
                            .starts_with(|c: char| c.is_ascii_digit()) =>
                    {
                        items.push(&rest[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(&rest[start..]);
            for item in items {
                let item = item.trim();
                if let Some((code, meaning)) = item.split_once(' ')
                    && code.chars().all(|c| c.is_ascii_digit())
                {
                    exit_codes.push((code.to_owned(), meaning.to_owned()));
                }
            }
        }
    }
    (examples, exit_codes)
}

/// Text for a roff line: backslashes and hyphens escaped, and a leading `.` or `'` kept from
/// being read as a request.
fn roff_text(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_help_text_gives_examples_and_exit_codes() {
        let (examples, codes) = after_help_parts(
            "Examples:\n  flowrun check a.flow\n  flowrun check -\n\n\
             Exit codes: 0 no errors (warnings allowed, or any, with --exit-zero), 1 a flow \
             has errors, 2 a path could not be read.",
        );
        assert_eq!(examples, ["flowrun check a.flow", "flowrun check -"]);
        assert_eq!(
            codes,
            [
                (
                    "0".to_owned(),
                    "no errors (warnings allowed, or any, with --exit-zero)".to_owned()
                ),
                ("1".to_owned(), "a flow has errors".to_owned()),
                ("2".to_owned(), "a path could not be read".to_owned()),
            ]
        );
        assert_eq!(roff_text(".hidden \\ x-y"), "\\&.hidden \\e x\\-y");
    }

    #[test]
    fn every_page_has_examples_and_an_exit_status() {
        let mut command = Cli::command();
        command.build();
        let mut pages = vec![command.clone()];
        // `help`, which clap adds, has no page (`MAN_VERBS`).
        pages.extend(
            command
                .get_subcommands()
                .filter(|c| c.get_name() != "help")
                .cloned(),
        );
        for command in pages {
            let name = command.get_name().to_owned();
            let page = page(command).unwrap();
            for section in [".SH EXAMPLES", ".SH \"EXIT STATUS\"", ".TP\n\\fB0\\fR"] {
                assert!(page.contains(section), "{name}: no {section}:\n{page}");
            }
            assert!(!page.contains("Exit codes:"), "{name}: {page}");
        }
    }

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
