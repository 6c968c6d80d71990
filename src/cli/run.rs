//! `flowrun run FLOW ANSWERS`: walk a flow with an answers file to a verdict.

use std::path::Path;

use crate::checks::rules::Code;
use crate::evaluate::answers::{self, Format};
use crate::evaluate::walk::{self, Outcome, Walk};
use crate::flow::text::one_line;
use crate::{Diagnostic, SettingsFinder, ValidFlow};
use serde::Serialize;

use super::{Exit, load, output, why};

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
                        echo '{\"us_canada\": \"Yes\"}' | flowrun run flows/eligibility.flow -\n  \
                        printf 'us_canada: No\\n' | flowrun run flows/eligibility.flow -\n  \
                        flowrun run flows/eligibility.flow --answer us_canada=Yes --answer outside=No\n  \
                        flowrun run flows/eligibility.flow flows/answers/eligible.json --answer hipaa=Yes\n\n\
                        Answers on standard input (`-`) are JSON when they start with `{`, TOML when \
                        their first line (past blank and `#` lines) is `key = value` or `[table]`, \
                        and YAML otherwise; --answers-format says which instead.\n\n\
                        An answer that is not an option (or a list, a map, null) is an error \
                        where the route reads it; to a question the route never reaches it is \
                        ignored with a FLOW308 warning.\n\n\
                        Exit codes: 0 verdict reached, 1 the flow has errors, 2 unreadable or \
                        invalid answers (or a malformed --answer), 3 the answers are incomplete."
)]
pub(crate) struct Args {
    /// The flow file.
    flow: String,
    /// Answers as JSON, YAML or TOML (by extension), or `-` for standard input (format by its
    /// text). May be left out when `--answer` gives the answers.
    #[arg(required_unless_present = "answer")]
    answers: Option<String>,
    #[command(flatten)]
    answer_options: AnswerOptions,
    #[arg(long, value_enum, default_value = "text")]
    format: RunFormat,
    /// Say why: the line of the flow behind each hop, and the smallest set of the given answers
    /// that alone forces the verdict whatever the other answers are.
    #[arg(long)]
    explain: bool,
}

/// The format of an answers file or of standard input, when its name does not say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum AnswersFormat {
    Json,
    Yaml,
    Toml,
}

impl From<AnswersFormat> for Format {
    fn from(format: AnswersFormat) -> Format {
        match format {
            AnswersFormat::Json => Format::Json,
            AnswersFormat::Yaml => Format::Yaml,
            AnswersFormat::Toml => Format::Toml,
        }
    }
}

/// How answers are given besides a file: shared by every verb that reads answers (`run`,
/// `render --answers`).
#[derive(clap::Args, Debug, Default)]
pub(crate) struct AnswerOptions {
    /// The answers file's format, instead of its extension (or, for `-`, instead of guessing it
    /// from the text).
    #[arg(long, value_enum, value_name = "FORMAT", requires = "answers")]
    answers_format: Option<AnswersFormat>,
    /// Answer a question: its id, `=`, and the answer label as an answers file would give it
    /// (`true`/`false` and numbers match as they do there). Repeatable; with an answers file
    /// too, each replaces the file's answer to that question.
    #[arg(long = "answer", value_name = "ID=VALUE")]
    answer: Vec<String>,
}

impl AnswerOptions {
    /// Whether `--answer` gave any answer.
    pub(super) fn any(&self) -> bool {
        !self.answer.is_empty()
    }
}

pub(crate) fn run(args: &Args, settings: &mut SettingsFinder) -> Exit {
    match evaluate(
        settings,
        &args.flow,
        args.answers.as_deref(),
        &args.answer_options,
    ) {
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

/// Reads, checks and walks a flow with an answers file and `--answer` flags (either may be
/// missing): the walk and the warnings, or the exit code and the diagnostics that stopped it.
/// `flowrun render --answers` shares it.
pub(super) fn evaluate(
    settings: &mut SettingsFinder,
    flow_path: &str,
    answers_path: Option<&str>,
    options: &AnswerOptions,
) -> Result<Evaluated, (Exit, Vec<Diagnostic>)> {
    let input = |d| (Exit::Input, vec![d]);
    if flow_path == "-" && answers_path == Some("-") {
        return Err(input(
            Diagnostic::new(
                Code::Io,
                "the flow and the answers cannot both come from standard input",
            )
            // Shared with `render --answers`, so the help names no verb.
            .help("give the flow as a file and only the answers as `-`"),
        ));
    }
    let (flow, mut warnings) = load::valid_flow(settings, flow_path)?;
    // The flow's settings judge the answers too: flowrun.toml may lower or raise FLOW302, and
    // the answers are read within its limits.
    let flow_settings = settings.for_flow(Path::new(flow_path));
    // A hint shows this flow's own first questions, not another flow's.
    let example = answers::Example::of(&flow);
    let flags =
        answers::from_flags(&options.answer, &example).map_err(|errors| (Exit::Input, errors))?;
    let mut sources = Vec::new();
    if let Some(path) = answers_path {
        let mut file = read_answers_file(
            path,
            options.answers_format.map(Format::from),
            &example,
            &flow_settings.limits(),
        )
        .map_err(input)?;
        // An `--answer` replaces the file's answer to its question.
        file.entries
            .retain(|a| !flags.entries.iter().any(|f| f.question == a.question));
        sources.push(file);
    }
    sources.push(flags);
    // An invalid answer is an error where the route reads it; off the route, a FLOW308 warning.
    let (walk, mut answer_warnings) =
        walk::walk_answers_from(&flow, &sources).map_err(|errors| (Exit::Input, errors))?;
    flow_settings.config().apply(&mut answer_warnings);
    if answer_warnings.iter().any(Diagnostic::is_error) {
        return Err((Exit::Input, answer_warnings));
    }
    warnings.extend(answer_warnings);
    Ok((flow, walk, warnings))
}

/// Reads an answers file, or standard input for `-`, in `format` if given, else by the file's
/// extension, or for standard input by its text (`Format::sniff`). A guessed format that does
/// not parse says it was guessed and how to name it.
fn read_answers_file(
    path: &str,
    format: Option<Format>,
    example: &answers::Example,
    limits: &crate::Limits,
) -> Result<answers::Answers, Diagnostic> {
    let source = crate::input::read_answers(path, limits)
        .map_err(crate::input::ReadError::into_diagnostic)?;
    let named = match format {
        Some(format) => Some(format),
        None if path == "-" => None,
        None => Some(Format::for_path(path)?),
    };
    let format = named.unwrap_or_else(|| Format::sniff(&source.text));
    answers::parse_with(&source, format, example).map_err(|mut d| {
        if named.is_none() && d.code == Code::MalformedAnswers {
            let help = d.help.take().unwrap_or_default();
            d.help = Some(format!(
                "{help}; standard input was read as {} from how it starts: give \
                 `--answers-format json|yaml|toml` if it is another format",
                format.name()
            ));
        }
        d
    })
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
