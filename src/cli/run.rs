//! `flowrun run FLOW ANSWERS`: walk a flow with an answers file to a verdict.

use std::path::Path;

use flowrun::answers::{self, Format};
use flowrun::config::Finder;
use flowrun::rules::Code;
use flowrun::walk::{self, Outcome, Walk, one_line};
use flowrun::{Diagnostic, ValidFlow, analyze};
use serde::Serialize;

use super::{Exit, output, why};
use flowrun::input::{ReadError, read_source};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RunFormat {
    /// The verdict and the route, for people.
    Text,
    /// One JSON object on stdout (see the README), for programs.
    Json,
}

/// Walk a flow with a set of answers and print the verdict and the route taken.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  flowrun run flows/eligibility.flow flows/answers/eligible.json\n  \
                        flowrun run flows/eligibility.flow answers.yaml --format json\n  \
                        flowrun run flows/eligibility.flow flows/answers/needs-hipaa.yaml --explain\n  \
                        echo '{\"us_canada\": \"Yes\"}' | flowrun run flows/eligibility.flow -\n\n\
                        An answer that is not an option (or a list, a map, null) is an error \
                        where the route reads it; to a question the route never reaches it is \
                        ignored with a FLOW308 warning.\n\n\
                        Exit codes: 0 verdict reached, 1 the flow has errors, 2 unreadable or \
                        invalid answers, 3 the answers are incomplete."
)]
pub(crate) struct Args {
    /// The flow file.
    flow: String,
    /// Answers as JSON, YAML or TOML (by extension), or `-` for JSON on standard input.
    answers: String,
    #[arg(long, value_enum, default_value = "text")]
    format: RunFormat,
    /// Say why: the line of the flow behind each hop, and the smallest set of the given answers
    /// that alone forces the verdict whatever the other answers are.
    #[arg(long)]
    explain: bool,
}

pub(crate) fn run(args: &Args) -> Exit {
    match evaluate(&args.flow, &args.answers) {
        Ok((flow, walk, warnings)) => {
            let exit = match walk.outcome {
                Outcome::Verdict(_) => Exit::Ok,
                Outcome::NeedsAnswer(_) => Exit::NeedsAnswer,
            };
            match args.format {
                RunFormat::Text => {
                    output::eprint_human(&warnings);
                    output::print_out(&text_report(&flow, &walk, args.explain));
                }
                RunFormat::Json => {
                    let mut report = json_report(&flow, &walk, &warnings);
                    report.explanation = args.explain.then(|| why::json(&flow, &walk));
                    output::print_json(&report);
                }
            }
            exit
        }
        Err((exit, diagnostics)) => {
            match args.format {
                RunFormat::Text => output::eprint_human(&diagnostics),
                RunFormat::Json => output::print_json(&JsonError {
                    status: "error",
                    diagnostics: output::to_json(&diagnostics),
                }),
            }
            exit
        }
    }
}

pub(super) type Evaluated = (ValidFlow, Walk, Vec<Diagnostic>);

/// Reads, checks and walks a flow with an answers file: the walk and the warnings, or the exit
/// code and the diagnostics that stopped it. `flowrun render --answers` shares it.
pub(super) fn evaluate(
    flow_path: &str,
    answers_path: &str,
) -> Result<Evaluated, (Exit, Vec<Diagnostic>)> {
    let input = |d| (Exit::Input, vec![d]);
    if flow_path == "-" && answers_path == "-" {
        return Err(input(
            Diagnostic::new(
                Code::Io,
                "the flow and the answers cannot both come from standard input",
            )
            // Shared with `render --answers`, so the help names no verb.
            .help("give the flow as a file and only the answers as `-`"),
        ));
    }
    let source = read_source(flow_path).map_err(|e| match e {
        ReadError::Io(d) => (Exit::Input, vec![d]),
        ReadError::NotUtf8(d) => (Exit::FlowErrors, vec![d]),
    })?;
    let mut analysis = analyze(&source);
    // The nearest flowrun.toml turns warnings off or into errors; a broken one is an input error.
    let mut configs = Finder::new();
    configs.apply(Path::new(flow_path), &mut analysis.diagnostics);
    let config_problems = configs.take_diagnostics();
    if !config_problems.is_empty() {
        return Err((Exit::Input, config_problems));
    }
    if analysis.has_errors() {
        return Err((Exit::FlowErrors, analysis.diagnostics));
    }
    let mut warnings = analysis.diagnostics.clone();
    // Configuration never lowers an error that makes a flow invalid, so this holds; should it
    // not, the flow's diagnostics are reported rather than a panic.
    let Some(flow) = analysis.into_valid() else {
        return Err((Exit::FlowErrors, warnings));
    };

    let answers_source =
        flowrun::input::read_answers(answers_path).map_err(|e| input(e.into_diagnostic()))?;
    let format = Format::for_path(answers_path).map_err(input)?;
    let answers = answers::parse(&answers_source, format).map_err(input)?;
    // An invalid answer is an error where the route reads it; off the route, a FLOW308 warning.
    let (walk, mut answer_warnings) =
        walk::walk_answers(&flow, &answers).map_err(|errors| (Exit::Input, errors))?;
    configs.apply(Path::new(flow_path), &mut answer_warnings);
    if answer_warnings.iter().any(Diagnostic::is_error) {
        return Err((Exit::Input, answer_warnings));
    }
    warnings.extend(answer_warnings);
    Ok((flow, walk, warnings))
}

/// The outcome, then the route: the plain `path:` list, or with `--explain` the hops with the
/// lines of the flow behind them and why the verdict follows.
pub(crate) fn text_report(flow: &ValidFlow, walk: &Walk, explain: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    match walk.outcome {
        Outcome::Verdict(v) => {
            let node = flow.node(v);
            let _ = writeln!(out, "verdict: {}", node.id);
            for line in node.text.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        Outcome::NeedsAnswer(q) => {
            let node = flow.node(q);
            let _ = writeln!(out, "needs an answer: {}", node.id);
            let _ = writeln!(out, "  {}", one_line(&node.text));
            let _ = writeln!(out, "  options: {}", walk::options(flow, q).join(", "));
        }
    }
    if explain {
        out.push_str(&why::text(flow, walk));
        return out;
    }
    out.push_str("path:\n");
    let width = walk
        .path
        .iter()
        .map(|s| flow.node(s.node).id.chars().count())
        .max()
        .unwrap_or(0);
    for step in &walk.path {
        let node = flow.node(step.node);
        let text = one_line(&node.text);
        match &step.answer {
            Some(answer) => {
                let _ = writeln!(out, "  {:<width$}  {text} -> {}", node.id, one_line(answer));
            }
            None => {
                let _ = writeln!(out, "  {:<width$}  {text}", node.id);
            }
        }
    }
    out
}

#[derive(Serialize)]
struct JsonNode {
    id: String,
    label: String,
}

#[derive(Serialize)]
struct JsonNeeds {
    id: String,
    question: String,
    options: Vec<String>,
}

#[derive(Serialize)]
struct JsonStep {
    node: String,
    answer: Option<String>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<JsonNode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    needs: Option<JsonNeeds>,
    path: Vec<JsonStep>,
    warnings: Vec<output::JsonDiagnostic<'a>>,
    /// With `--explain` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<why::JsonExplanation>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    status: &'static str,
    diagnostics: Vec<output::JsonDiagnostic<'a>>,
}

fn json_report<'a>(flow: &ValidFlow, walk: &Walk, warnings: &'a [Diagnostic]) -> JsonReport<'a> {
    let (status, verdict, needs) = match walk.outcome {
        Outcome::Verdict(v) => {
            let node = flow.node(v);
            let verdict = JsonNode {
                id: node.id.clone(),
                label: node.text.clone(),
            };
            ("verdict", Some(verdict), None)
        }
        Outcome::NeedsAnswer(q) => {
            let node = flow.node(q);
            let needs = JsonNeeds {
                id: node.id.clone(),
                question: node.text.clone(),
                options: walk::options(flow, q),
            };
            ("needs_answer", None, Some(needs))
        }
    };
    JsonReport {
        status,
        verdict,
        needs,
        path: walk
            .path
            .iter()
            .map(|s| JsonStep {
                node: flow.node(s.node).id.clone(),
                answer: s.answer.clone(),
            })
            .collect(),
        warnings: output::to_json(warnings),
        explanation: None,
    }
}
