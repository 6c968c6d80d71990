//! `flowrun render FLOW --to dot|mermaid|svg|png`: draw a flow, even one that fails validation;
//! with `--answers`, highlight the route a walk takes.

use std::io::IsTerminal as _;

use crate::output::render::route::Route;
use crate::{Flow, FlowState, SettingsFinder};

use super::files::write_atomically;
use super::graphviz::{self, Image};
use super::{Exit, load, output, run};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Target {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart text in canonical form, as `flowrun fmt` writes it.
    Mermaid,
    /// An SVG picture, drawn by Graphviz `dot` (FLOWRUN_DOT names another `dot` program).
    Svg,
    /// A PNG picture, drawn by Graphviz `dot`; to a file or a pipe, never to a terminal.
    Png,
}

/// Render a flow as Graphviz DOT, canonical Mermaid text, or an SVG or PNG picture.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  flowrun render flows/eligibility.flow > eligibility.dot\n  \
                        flowrun render flows/eligibility.flow --to svg -o eligibility.svg\n  \
                        flowrun render flows/eligibility.flow --answers answers.yaml \
                        --to png -o route.png\n  \
                        flowrun render flows/eligibility.flow --to mermaid\n  \
                        flowrun render flows/eligibility.flow --answer us_canada=Yes --to svg \
                        -o route.svg\n\n\
                        SVG and PNG need Graphviz's `dot` on PATH, or the program named by the \
                        FLOWRUN_DOT environment variable.\n\n\
                        Exit codes: 0 drawn, 1 the flow cannot be read (or, with --answers or \
                        --answer, has errors), 2 unreadable or invalid answers (or a malformed \
                        --answer), an unwritable output, or \
                        Graphviz missing or failing."
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
    /// Walk the flow with these answers (JSON, YAML or TOML, `-` for standard input, its format
    /// told from its text) and highlight the route taken; an unanswered question it stops at is
    /// marked apart.
    #[arg(long, value_name = "FILE")]
    answers: Option<String>,
    /// `--answers-format` and `--answer ID=VALUE`, as for `flowrun run`; `--answer` alone walks
    /// the flow too.
    #[command(flatten)]
    answer_options: run::AnswerOptions,
}

pub(crate) fn run(args: &Args, settings: &mut SettingsFinder) -> Exit {
    let image = match args.to {
        Target::Svg => Some(Image::Svg),
        Target::Png => Some(Image::Png),
        Target::Dot | Target::Mermaid => None,
    };
    if let Some(image) = image
        && let Err(d) = graphviz::refuse_binary_on_terminal(
            image,
            args.output.is_some(),
            std::io::stdout().is_terminal(),
        )
    {
        output::eprint_human(&[d]);
        return Exit::Input;
    }
    let walk = args.answers.is_some() || args.answer_options.any();
    let drawing = if walk {
        walked(
            settings,
            &args.flow,
            args.answers.as_deref(),
            &args.answer_options,
        )
    } else {
        any_flow(settings, &args.flow).map(|flow| (flow, None))
    };
    let (flow, route) = match drawing {
        Ok(drawing) => drawing,
        Err(exit) => return exit,
    };
    let bytes = match args.to {
        Target::Dot => {
            crate::output::render::dot::render_with_route(&flow, route.as_ref()).into_bytes()
        }
        // The formatter works on the syntax tree, which `analyze` does not keep: read it again,
        // statement by statement.
        Target::Mermaid => {
            match crate::output::format::format_source(&flow.source, &settings.limits()) {
                Ok(mut text) => {
                    if let Some(route) = &route {
                        text.push_str(&route.mermaid_styles(&flow));
                    }
                    text.into_bytes()
                }
                // The text was read above, so this does not happen; say so rather than panic.
                Err(errors) => {
                    output::eprint_human(&errors);
                    return Exit::FlowErrors;
                }
            }
        }
        Target::Svg | Target::Png => {
            let dot = crate::output::render::dot::render_with_route(&flow, route.as_ref());
            match graphviz::draw(&dot, image.expect("an image target")) {
                Ok(bytes) => bytes,
                Err(d) => {
                    output::eprint_human(&[d]);
                    return Exit::Input;
                }
            }
        }
    };
    match &args.output {
        None => {
            output::print_bytes(&bytes);
            Exit::Ok
        }
        Some(path) => match write_atomically(path, &bytes) {
            Ok(()) => Exit::Ok,
            Err(d) => {
                output::eprint_human(&[d]);
                Exit::Input
            }
        },
    }
}

/// Any flow that parses, with a note on stderr when it has errors.
fn any_flow(settings: &mut SettingsFinder, path: &str) -> Result<Flow, Exit> {
    let analysis = load::analysis(settings, path).map_err(|(exit, diagnostics)| {
        output::eprint_human(&diagnostics);
        exit
    })?;
    let source = std::sync::Arc::clone(&analysis.source);
    let mut codes: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.as_str())
        .collect();
    let errors = codes.len();
    codes.sort_unstable();
    codes.dedup();
    let codes = codes.join(", ");
    let flow = match analysis.state {
        FlowState::Unparsed => {
            output::eprint_human(&analysis.diagnostics);
            return Err(Exit::FlowErrors);
        }
        FlowState::Invalid(flow) => flow,
        FlowState::Valid(valid) => valid.into_flow(),
    };
    if errors > 0 && !super::quiet() {
        eprintln!(
            "note: `{}` has {errors} error{} ({codes}); it is drawn anyway (`flowrun check` lists them)",
            source.name,
            if errors == 1 { "" } else { "s" }
        );
    }
    Ok(flow)
}

/// The flow walked with the answers, as `flowrun run` walks it (same errors and exit codes): a
/// flow with errors has no route, so it is not drawn. Warnings about the answers are printed.
fn walked(
    settings: &mut SettingsFinder,
    flow_path: &str,
    answers_path: Option<&str>,
    options: &run::AnswerOptions,
) -> Result<(Flow, Option<Route>), Exit> {
    let (flow, walk, warnings) = run::evaluate(settings, flow_path, answers_path, options)
        .map_err(|(exit, ds)| {
            output::eprint_human(&ds);
            exit
        })?;
    // The flow's own warnings are `flowrun check`'s business; those about the answers matter here.
    let about_answers: Vec<_> = warnings
        .into_iter()
        .filter(|d| {
            d.source
                .as_ref()
                .is_none_or(|s| !std::sync::Arc::ptr_eq(s, &flow.source))
        })
        .collect();
    output::eprint_human(&about_answers);
    let route = Route::of_walk(&flow, &walk);
    Ok((flow.into_flow(), Some(route)))
}
