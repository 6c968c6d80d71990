//! `flowrun paths FLOW`: every route from the start to a verdict, with the answers that take it.

use crate::evaluate::routes::{self, Route};
use crate::flow::text::one_line;
use crate::{SettingsFinder, ValidFlow};
use serde::Serialize;

use super::{Exit, load, output};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PathsFormat {
    /// Aligned columns for people.
    Table,
    /// One row per route: `route,verdict,answers`.
    Csv,
    /// One object with the counts per verdict and the routes listed.
    Json,
    /// A Markdown table, e.g. for a pull request.
    Markdown,
}

/// List every route through a flow, with the answers that take it, and count routes per verdict.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Routes are counted per verdict for any flow, however many there are (a DAG can \
                  have exponentially many); at most --limit of them are listed, and the counts of \
                  at most --limit verdicts (`... and N more verdicts`; in JSON `more_verdicts`). \
                  With --format csv, standard output is only the CSV: how many routes were left \
                  out is said on standard error.\n\n\
                  Examples:\n  flowrun paths flows/eligibility.flow\n  \
                  flowrun paths flows/eligibility.flow --format csv > routes.csv\n  \
                  flowrun paths big.flow --limit 20 --format markdown\n\n\
                  Exit codes: 0 listed, 1 the flow has errors, 2 the flow could not be read."
)]
pub(crate) struct Args {
    /// The flow file (`-` for standard input).
    flow: String,
    #[arg(long, value_enum, default_value = "table")]
    format: PathsFormat,
    /// List at most this many routes, and the route counts of at most this many verdicts (the
    /// total always covers them all).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    limit: usize,
}

pub(crate) fn run(args: &Args, settings: &mut SettingsFinder) -> Exit {
    // The flow's warnings are `check`'s business; its errors stop the listing.
    let flow = match load::valid_flow(settings, &args.flow) {
        Ok((flow, _warnings)) => flow,
        Err((exit, diagnostics)) => {
            output::eprint_human(&diagnostics);
            return exit;
        }
    };
    let (counts, total) = routes::count(&flow);
    let routes = routes::list(&flow, args.limit);
    let report = Report {
        flow: &flow,
        counts: &counts,
        total,
        routes: &routes,
        limit: args.limit,
    };
    let text = match args.format {
        PathsFormat::Table => report.table(),
        PathsFormat::Csv => match report.csv() {
            Ok(text) => {
                // Standard output stays pure CSV; what it leaves out is said beside it.
                if let Some(note) = report.left_out().filter(|_| !super::quiet()) {
                    eprintln!("note: {note}");
                }
                text
            }
            Err(e) => {
                eprintln!("error: cannot write CSV: {e}");
                return Exit::Input;
            }
        },
        PathsFormat::Json => {
            output::print_json(&report.json());
            return Exit::Ok;
        }
        PathsFormat::Markdown => report.markdown(),
    };
    output::print_out(&text);
    Exit::Ok
}

struct Report<'a> {
    flow: &'a ValidFlow,
    counts: &'a [routes::VerdictCount],
    total: u128,
    routes: &'a [Route],
    /// At most this many routes are listed, and at most this many verdicts' counts.
    limit: usize,
}

impl Report<'_> {
    fn verdict_of(&self, route: &Route) -> String {
        route
            .last()
            .map(|s| self.flow.node(s.node).id.clone())
            .unwrap_or_default()
    }

    /// `q1=Yes, q2=No`: the answers a route takes.
    fn answers(&self, route: &Route) -> String {
        route
            .iter()
            .filter_map(|s| {
                s.answer
                    .as_ref()
                    .map(|a| format!("{}={}", self.flow.node(s.node).id, one_line(a)))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The verdicts whose counts are shown: at most `limit`, in the order declared.
    fn shown_counts(&self) -> &[routes::VerdictCount] {
        &self.counts[..self.counts.len().min(self.limit)]
    }

    /// How many verdicts' counts are not shown.
    fn more_verdicts(&self) -> usize {
        self.counts.len() - self.shown_counts().len()
    }

    /// `5 routes: twilio 4, eligible 1`, at most `limit` verdicts (`..., and 7 more verdicts`),
    /// and how many routes are listed when not all are. Its length is bounded by the limit,
    /// whatever the number of verdicts.
    fn summary(&self) -> String {
        let per: Vec<String> = self
            .shown_counts()
            .iter()
            .map(|c| format!("{} {}", self.flow.node(c.verdict).id, number(c.routes)))
            .collect();
        let routes = format!(
            "{} route{}",
            number(self.total),
            if self.total == 1 { "" } else { "s" }
        );
        let more = self.more_verdicts();
        let mut line = match (per.is_empty(), more) {
            (_, 0) => format!("{routes}: {}", per.join(", ")),
            (true, more) => format!("{routes} to {more} verdict{}", plural(more)),
            (false, more) => format!(
                "{routes}: {}, ... and {more} more verdict{}",
                per.join(", "),
                plural(more)
            ),
        };
        if (self.routes.len() as u128) < self.total {
            line.push_str(&format!(
                " (the first {} listed; raise --limit for more)",
                self.routes.len()
            ));
        }
        line
    }

    /// For CSV, which has no summary line: how many routes the listing leaves out, if any.
    fn left_out(&self) -> Option<String> {
        let listed = self.routes.len() as u128;
        if listed >= self.total {
            return None;
        }
        let more = if self.total == u128::MAX {
            "at least 2^128 - 1 routes in all".to_owned()
        } else {
            format!("{} more left out", self.total - listed)
        };
        Some(format!(
            "{listed} route{} listed, {more}; raise --limit to list more",
            plural(self.routes.len())
        ))
    }

    fn table(&self) -> String {
        let rows: Vec<[String; 3]> = self
            .routes
            .iter()
            .enumerate()
            .map(|(i, r)| [(i + 1).to_string(), self.verdict_of(r), self.answers(r)])
            .collect();
        let header = ["route", "verdict", "answers"].map(str::to_owned);
        let width = |col: usize| {
            rows.iter()
                .chain([&header])
                .map(|r| r[col].chars().count())
                .max()
                .unwrap_or(0)
        };
        let (w0, w1) = (width(0), width(1));
        let mut out = String::new();
        for row in [&header].into_iter().chain(&rows) {
            out.push_str(&format!("{:<w0$}  {:<w1$}  {}\n", row[0], row[1], row[2]));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    fn csv(&self) -> Result<String, csv::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["route", "verdict", "answers"])?;
        for (i, route) in self.routes.iter().enumerate() {
            writer.write_record([
                (i + 1).to_string(),
                self.verdict_of(route),
                self.answers(route),
            ])?;
        }
        let bytes = writer.into_inner().map_err(|e| e.into_error())?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    fn markdown(&self) -> String {
        let cell = |text: &str| text.replace('|', "\\|");
        let mut out = String::from("| route | verdict | answers |\n| ---: | --- | --- |\n");
        for (i, route) in self.routes.iter().enumerate() {
            out.push_str(&format!(
                "| {} | `{}` | {} |\n",
                i + 1,
                cell(&self.verdict_of(route)),
                cell(&self.answers(route))
            ));
        }
        out.push('\n');
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    fn json(&self) -> JsonPaths {
        JsonPaths {
            total_routes: self.total,
            complete: self.routes.len() as u128 == self.total,
            more_verdicts: self.more_verdicts(),
            verdicts: self
                .shown_counts()
                .iter()
                .map(|c| JsonVerdict {
                    id: self.flow.node(c.verdict).id.clone(),
                    label: self.flow.node(c.verdict).text.clone(),
                    routes: c.routes,
                })
                .collect(),
            routes: self
                .routes
                .iter()
                .map(|r| JsonRoute {
                    verdict: self.verdict_of(r),
                    path: r
                        .iter()
                        .map(|s| JsonStep {
                            node: self.flow.node(s.node).id.clone(),
                            answer: s.answer.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A count, or "at least ..." when it saturated.
fn number(n: u128) -> String {
    if n == u128::MAX {
        format!("at least {n}")
    } else {
        n.to_string()
    }
}

#[derive(Serialize)]
struct JsonPaths {
    /// Saturates at 2^128 - 1.
    total_routes: u128,
    /// Whether every route is listed.
    complete: bool,
    /// The routes per verdict, for at most `--limit` verdicts in the order declared.
    verdicts: Vec<JsonVerdict>,
    /// How many verdicts reached by some route `verdicts` leaves out (0: it lists them all).
    more_verdicts: usize,
    routes: Vec<JsonRoute>,
}

#[derive(Serialize)]
struct JsonVerdict {
    id: String,
    label: String,
    routes: u128,
}

#[derive(Serialize)]
struct JsonRoute {
    verdict: String,
    path: Vec<JsonStep>,
}

#[derive(Serialize)]
struct JsonStep {
    node: String,
    answer: Option<String>,
}
