//! `flowrun test --generate`: a starting test file with one case per route, named by the
//! answers it gives, expecting the verdict the route reaches.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::checks::structure::ValidFlow;
use crate::evaluate::routes::Route;
use crate::flow::text::one_line;

/// A TOML string, quoted and escaped.
fn string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A TOML key: bare when it can be, quoted otherwise.
fn key(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { text.to_owned() } else { string(text) }
}

/// The test file's text. `flow` is written when given (a path relative to where the file goes);
/// `left_out` routes past the limit are mentioned in a comment.
#[must_use]
pub fn generate(
    flow: &ValidFlow,
    routes: &[Route],
    flow_ref: Option<&str>,
    left_out: u128,
) -> String {
    let mut out = String::from(
        "# One case per route, written by `flowrun test --generate`. Rename each case to say what\n\
         # it tests; `flowrun test` runs them. See the README for the fields.\n",
    );
    if left_out > 0 {
        let _ = writeln!(
            out,
            "# {left_out} more route(s) were left out (raise --limit to write them)."
        );
    }
    if let Some(flow_ref) = flow_ref {
        let _ = writeln!(out, "flow = {}", string(flow_ref));
    }
    let mut names = HashSet::new();
    for route in routes {
        let answers: Vec<(String, String)> = route
            .iter()
            .filter_map(|s| {
                s.answer
                    .as_ref()
                    .map(|a| (flow.node(s.node).id.clone(), a.clone()))
            })
            .collect();
        let Some(end) = route.last() else {
            continue;
        };
        let verdict = &flow.node(end.node).id;
        let said: Vec<String> = answers
            .iter()
            .map(|(q, a)| format!("{q} {}", one_line(a)))
            .collect();
        let base = if said.is_empty() {
            format!("no answers: {verdict}")
        } else {
            format!("{}: {verdict}", said.join(", "))
        };
        // Routes differ in their answers, but two labels can read alike on one line.
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base} ({n})");
            n += 1;
        }
        let table: Vec<String> = answers
            .iter()
            .map(|(q, a)| format!("{} = {}", key(q), string(a)))
            .collect();
        let _ = write!(
            out,
            "\n[[case]]\nname = {}\nanswers = {{ {} }}\nverdict = {}\n",
            string(&name),
            table.join(", "),
            string(verdict)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_case_per_route_that_reads_back() {
        let text = "flowchart TD\nstart --> q{Q?}\nq -->|Yes| r{\"R?\"}\nq -->|\"No way\"| no[No]\n\
                    r -->|Yes| yes[Yes]\nr -->|No| no\n";
        let flow = crate::analyze(
            &crate::SourceFile::new("t.flow", text),
            &crate::Settings::default(),
        )
        .into_valid()
        .unwrap();
        let routes = crate::evaluate::routes::list(&flow, 10);
        let generated = generate(&flow, &routes, Some("t.flow"), 0);
        let source = crate::SourceFile::new("t.tests.toml", generated.clone());
        let file = super::super::file::parse(&source, super::super::file::Format::Toml)
            .unwrap_or_else(|d| panic!("{d}: {generated}"));
        assert_eq!(file.cases.len(), 3);
        assert_eq!(file.flow.unwrap().value, "t.flow");
        assert_eq!(file.cases[0].name.value, "q Yes, r Yes: yes");
        assert_eq!(file.cases[2].name.value, "q No way: no");
        assert!(generate(&flow, &routes[..1], None, 2).contains("2 more route(s)"));
    }

    #[test]
    fn keys_are_quoted_only_when_they_must_be() {
        assert_eq!(key("us_canada"), "us_canada");
        assert_eq!(key("a.b"), "\"a.b\"");
    }
}
