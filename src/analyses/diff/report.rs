//! A diff for people (text), for a pull request (Markdown) and for programs (JSON).

use std::fmt::Write as _;

use serde::Serialize;

use super::Diff;
use super::routes::{ChangedRoute, NewOutcome, PairCount, RouteChanges};
use super::structure::{AnswerChanges, Item, Reworded, Structure};
use crate::flow::text::one_line;

/// A diff with the names of the two versions compared.
pub(crate) struct Report<'a> {
    pub old: &'a str,
    pub new: &'a str,
    pub diff: &'a Diff,
    /// The `--limit` the routes were listed with, for the hint when the list is cut.
    pub limit: usize,
}

/// `q=a, q=a` for the answers asked by the old version, or by the new one only.
fn answers(route: &ChangedRoute, new_side: bool) -> String {
    route
        .answers
        .iter()
        .filter(|a| a.new_question == new_side)
        .map(|a| format!("{}={}", a.question, one_line(&a.answer)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn outcome(new: &NewOutcome, quote: &str) -> String {
    match new {
        NewOutcome::Verdict(v) => format!("{quote}{v}{quote}"),
        NewOutcome::AnswerGone { question, answer } => format!(
            "no answer {q}{}{q} to {quote}{question}{quote}",
            one_line(answer),
            q = if quote.is_empty() { "\"" } else { quote }
        ),
    }
}

fn pair(count: &PairCount, quote: &str) -> String {
    let arrow = if quote.is_empty() { "->" } else { "→" };
    format!(
        "{quote}{}{quote} {arrow} {}: {}",
        count.old,
        outcome(&count.new, quote),
        number(count.routes)
    )
}

/// A count, or "at least ..." when it saturated.
fn number(n: u128) -> String {
    if n == u128::MAX {
        format!("at least {n}")
    } else {
        n.to_string()
    }
}

fn plural(n: u128, word: &str) -> String {
    format!("{} {word}{}", number(n), if n == 1 { "" } else { "s" })
}

/// What the routes section says before or instead of the list.
fn routes_summary(routes: &RouteChanges, limit: usize, quote: &str) -> Vec<String> {
    if !routes.complete {
        return vec![format!(
            "Routes not compared: the walk stopped after {} states, the two versions differ in \
             too many places to compare every route.",
            routes.visited
        )];
    }
    if routes.total == 0 {
        return vec!["No route changes its verdict.".to_owned()];
    }
    let mut lines = vec![format!(
        "{} changed: {}",
        plural(routes.total, "route"),
        routes
            .counts
            .iter()
            .map(|c| pair(c, quote))
            .collect::<Vec<_>>()
            .join(", ")
    )];
    if (routes.routes.len() as u128) < routes.total {
        lines.push(format!(
            "The first {} are listed (--limit {limit}); raise --limit for more.",
            routes.routes.len()
        ));
    }
    lines
}

impl Report<'_> {
    #[must_use]
    pub(crate) fn text(&self) -> String {
        let s = &self.diff.structure;
        let mut out = format!("Comparing {} with {}\n", self.old, self.new);
        if !self.diff.changed() {
            out.push_str("No change in meaning.\n");
            return out;
        }
        let items = |out: &mut String, title: &str, items: &[Item]| {
            if !items.is_empty() {
                let _ = writeln!(out, "\n{title}:");
                for i in items {
                    let _ = writeln!(out, "  {}  {}", i.id, one_line(&i.text));
                }
            }
        };
        let reworded = |out: &mut String, title: &str, items: &[Reworded]| {
            if !items.is_empty() {
                let _ = writeln!(out, "\n{title}:");
                for r in items {
                    let _ = writeln!(out, "  {}  {:?} -> {:?}", r.id, r.old, r.new);
                }
            }
        };
        items(&mut out, "Questions added", &s.questions_added);
        items(&mut out, "Questions removed", &s.questions_removed);
        reworded(&mut out, "Questions reworded", &s.questions_reworded);
        if !s.answers.is_empty() {
            out.push_str("\nAnswers changed:\n");
            for a in &s.answers {
                let mut parts = Vec::new();
                if !a.added.is_empty() {
                    parts.push(format!("added {}", labels(&a.added)));
                }
                if !a.removed.is_empty() {
                    parts.push(format!("removed {}", labels(&a.removed)));
                }
                let _ = writeln!(out, "  {}  {}", a.question, parts.join("; "));
            }
        }
        items(&mut out, "Verdicts added", &s.verdicts_added);
        items(&mut out, "Verdicts removed", &s.verdicts_removed);
        reworded(&mut out, "Verdicts reworded", &s.verdicts_reworded);
        out.push('\n');
        let routes = &self.diff.routes;
        for line in routes_summary(routes, self.limit, "") {
            let _ = writeln!(out, "{line}");
        }
        for route in &routes.routes {
            let old = answers(route, false);
            let new = answers(route, true);
            let _ = writeln!(
                out,
                "  {} -> {} -> {}{}",
                if old.is_empty() {
                    "(any answers)"
                } else {
                    &old
                },
                route.old,
                if new.is_empty() {
                    String::new()
                } else {
                    format!("{new} -> ")
                },
                outcome(&route.new, "")
            );
        }
        out
    }

    #[must_use]
    pub(crate) fn markdown(&self) -> String {
        let s = &self.diff.structure;
        let mut out = format!(
            "## flowrun diff\n\n`{}` → `{}`\n\n",
            cell(self.old),
            cell(self.new)
        );
        if !self.diff.changed() {
            out.push_str("No change in meaning.\n");
            return out;
        }
        markdown_nodes(
            &mut out,
            "Questions",
            "question",
            &s.questions_added,
            &s.questions_removed,
            &s.questions_reworded,
        );
        markdown_answers(&mut out, &s.answers);
        markdown_nodes(
            &mut out,
            "Verdicts",
            "verdict",
            &s.verdicts_added,
            &s.verdicts_removed,
            &s.verdicts_reworded,
        );
        markdown_routes(&mut out, &self.diff.routes, self.limit);
        out
    }

    #[must_use]
    pub(crate) fn json(&self) -> JsonDiff<'_> {
        let routes = &self.diff.routes;
        JsonDiff {
            old: self.old,
            new: self.new,
            changed: self.diff.changed(),
            structure: &self.diff.structure,
            routes: JsonRoutes {
                compared: routes.complete,
                total: routes.total,
                all_listed: routes.routes.len() as u128 == routes.total,
                counts: &routes.counts,
                listed: &routes.routes,
            },
        }
    }
}

/// A Markdown section of the questions (or verdicts) added, removed and reworded, if any.
fn markdown_nodes(
    out: &mut String,
    title: &str,
    kind: &str,
    added: &[Item],
    removed: &[Item],
    reworded: &[Reworded],
) {
    if added.is_empty() && removed.is_empty() && reworded.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "### {title}\n\n| change | {kind} | text |\n| --- | --- | --- |\n"
    );
    for (change, list) in [("added", added), ("removed", removed)] {
        for i in list {
            let _ = writeln!(out, "| {change} | `{}` | {} |", cell(&i.id), cell(&i.text));
        }
    }
    for r in reworded {
        let _ = writeln!(
            out,
            "| reworded | `{}` | {} → {} |",
            cell(&r.id),
            cell(&r.old),
            cell(&r.new)
        );
    }
    out.push('\n');
}

/// A Markdown section of the answers added and removed, question by question, if any.
fn markdown_answers(out: &mut String, answers: &[AnswerChanges]) {
    if answers.is_empty() {
        return;
    }
    out.push_str("### Answers\n\n| question | added | removed |\n| --- | --- | --- |\n");
    for a in answers {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            cell(&a.question),
            cell(&labels(&a.added)),
            cell(&labels(&a.removed))
        );
    }
    out.push('\n');
}

/// The Markdown section of the changed routes: the summary, then a table of those listed.
fn markdown_routes(out: &mut String, routes: &RouteChanges, limit: usize) {
    out.push_str("### Changed routes\n\n");
    for line in routes_summary(routes, limit, "`") {
        let _ = writeln!(out, "{line}\n");
    }
    if routes.routes.is_empty() {
        return;
    }
    out.push_str("| # | answers | old verdict | new verdict |\n| ---: | --- | --- | --- |\n");
    for (i, route) in routes.routes.iter().enumerate() {
        let old = answers(route, false);
        let new = answers(route, true);
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {}{} |",
            i + 1,
            if old.is_empty() {
                "(any)".to_owned()
            } else {
                cell(&old)
            },
            cell(&route.old),
            cell(&outcome(&route.new, "`")),
            if new.is_empty() {
                String::new()
            } else {
                format!(" after {}", cell(&new))
            }
        );
    }
}

/// `"Yes", "No"`: labels as written, quoted.
fn labels(labels: &[String]) -> String {
    labels
        .iter()
        .map(|l| format!("{:?}", one_line(l)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text for a Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// The JSON document `flowrun diff --format json` prints.
#[derive(Serialize)]
pub(crate) struct JsonDiff<'a> {
    pub old: &'a str,
    pub new: &'a str,
    /// Whether the meaning changed (exit code 1).
    pub changed: bool,
    pub structure: &'a Structure,
    pub routes: JsonRoutes<'a>,
}

#[derive(Serialize)]
pub(crate) struct JsonRoutes<'a> {
    /// False when the walk gave up (see the text output); then nothing is counted.
    pub compared: bool,
    pub total: u128,
    pub all_listed: bool,
    pub counts: &'a [PairCount],
    pub listed: &'a [ChangedRoute],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::diff::routes::RouteChanges;

    fn report_of(diff: &Diff) -> (String, String) {
        let report = Report {
            old: "a.flow",
            new: "b.flow",
            diff,
            limit: 1,
        };
        (report.text(), report.markdown())
    }

    #[test]
    fn a_walk_that_gave_up_says_so_and_counts_as_a_change() {
        let diff = Diff {
            structure: Structure::default(),
            routes: RouteChanges {
                visited: 7,
                complete: false,
                ..RouteChanges::default()
            },
        };
        assert!(diff.changed());
        let (text, markdown) = report_of(&diff);
        assert!(
            text.contains("Routes not compared: the walk stopped after 7 states"),
            "{text}"
        );
        assert!(markdown.contains("Routes not compared"), "{markdown}");
    }

    #[test]
    fn a_cut_list_says_how_to_see_more() {
        let route = ChangedRoute {
            answers: Vec::new(),
            old: "no".into(),
            new: NewOutcome::Verdict("yes".into()),
        };
        let diff = Diff {
            structure: Structure::default(),
            routes: RouteChanges {
                counts: vec![PairCount {
                    old: "no".into(),
                    new: NewOutcome::Verdict("yes".into()),
                    routes: 3,
                }],
                total: 3,
                routes: vec![route],
                visited: 1,
                complete: true,
            },
        };
        let (text, markdown) = report_of(&diff);
        assert!(text.contains("3 routes changed: no -> yes: 3"), "{text}");
        assert!(text.contains("  (any answers) -> no -> yes"), "{text}");
        assert!(
            text.contains("The first 1 are listed (--limit 1)"),
            "{text}"
        );
        assert!(
            markdown.contains("| 1 | (any) | `no` | `yes` |"),
            "{markdown}"
        );
    }

    #[test]
    fn no_change_is_one_line() {
        let diff = Diff {
            structure: Structure::default(),
            routes: RouteChanges {
                complete: true,
                ..RouteChanges::default()
            },
        };
        let (text, markdown) = report_of(&diff);
        assert_eq!(
            text,
            "Comparing a.flow with b.flow\nNo change in meaning.\n"
        );
        assert!(markdown.ends_with("No change in meaning.\n"), "{markdown}");
    }
}
