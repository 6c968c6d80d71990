//! `flowrun render FLOW --to dot|mermaid`: draw a flow, even one that fails validation.

use flowrun::analyze;

use super::files::write_atomically;
use super::{Exit, output};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Target {
    /// Graphviz DOT (`dot -Tsvg` draws it).
    Dot,
    /// Mermaid flowchart text in canonical form, as `flowrun fmt` writes it.
    Mermaid,
}

/// Render a flow as Graphviz DOT, or as canonical Mermaid text.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  flowrun render flows/eligibility.flow > eligibility.dot\n  \
                        flowrun render flows/eligibility.flow -o eligibility.dot\n  \
                        flowrun render flows/eligibility.flow | dot -Tsvg > eligibility.svg\n  \
                        flowrun render flows/eligibility.flow --to mermaid"
)]
pub(crate) struct Args {
    /// The flow file (`-` for standard input).
    flow: String,
    /// The output format.
    #[arg(long, value_enum, default_value = "dot")]
    to: Target,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<String>,
}

pub(crate) fn run(args: &Args) -> Exit {
    let source = match output::read_flow(&args.flow) {
        Ok(source) => source,
        Err(exit) => return exit,
    };
    let analysis = analyze(&source);
    let Some(flow) = analysis.graph() else {
        output::eprint_human(&analysis.diagnostics);
        return Exit::FlowErrors;
    };
    if analysis.has_errors() {
        let errors = analysis.diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "note: `{}` has {errors} error{}; it is drawn anyway (`flowrun check` lists them)",
            source.name,
            if errors == 1 { "" } else { "s" }
        );
    }
    let text = match args.to {
        Target::Dot => flowrun::render::dot::render(flow),
        // The formatter works on the syntax tree, which `analyze` does not keep: read it again,
        // statement by statement.
        Target::Mermaid => match flowrun::format::format_source(&source) {
            Ok(text) => text,
            // The text was read above, so this does not happen; say so rather than panic.
            Err(errors) => {
                output::eprint_human(&errors);
                return Exit::FlowErrors;
            }
        },
    };
    match &args.output {
        None => {
            output::print_out(&text);
            Exit::Ok
        }
        Some(path) => match write_atomically(path, text.as_bytes()) {
            Ok(()) => Exit::Ok,
            Err(d) => {
                output::eprint_human(&[d]);
                Exit::Input
            }
        },
    }
}
