//! `flowrun explain CODE`: what a rule checks, why, and an example.

use std::fmt::Write as _;

use crate::Diagnostic;
use crate::checks::rules::{self, Code, RULES};

use super::{Exit, output};

/// Print the documentation of a diagnostic code.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  flowrun explain FLOW101\n  flowrun explain cycle\n  flowrun explain --list\n\n\
                  Exit codes: 0 printed, 2 unknown code or name."
)]
pub(crate) struct Args {
    /// A code such as FLOW101, or a rule name such as `cycle`.
    #[arg(required_unless_present = "list")]
    code: Option<String>,
    /// List every code with its severity and summary.
    #[arg(long, conflicts_with = "code")]
    list: bool,
}

pub(crate) fn run(args: &Args) -> Exit {
    if args.list {
        let mut text = format!("{:<8} {:<26} {:<8} summary\n", "code", "name", "severity");
        for rule in RULES {
            let _ = writeln!(
                text,
                "{:<8} {:<26} {:<8} {}",
                rule.id,
                rule.name,
                rule.severity.as_str(),
                rule.summary
            );
        }
        output::print_out(&text);
        return Exit::Ok;
    }
    let query = args.code.as_deref().unwrap_or_default();
    match rules::lookup(query) {
        Some(rule) => {
            output::print_out(&format!(
                "{} {} ({})\n{}\n\n{}\n",
                rule.id,
                rule.name,
                rule.severity.as_str(),
                rule.summary,
                rule.doc
            ));
            Exit::Ok
        }
        None => {
            let names = RULES.iter().flat_map(|r| [r.id, r.name]);
            let mut help = "`flowrun explain --list` shows every code".to_owned();
            let retired = crate::checks::rules::RETIRED
                .iter()
                .find(|(code, _)| code.eq_ignore_ascii_case(query.trim()));
            if let Some((code, why)) = retired {
                help = format!("{code} is retired: {why}");
            } else if let Some(near) = crate::diagnostic::suggest::closest(query, names) {
                help = format!("did you mean `{near}`? {help}");
            }
            let d = Diagnostic::new(Code::UnknownCode, format!("there is no rule `{query}`"))
                .help(help);
            output::eprint_human(&[d]);
            Exit::Input
        }
    }
}
