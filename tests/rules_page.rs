//! `docs/rules.md` is generated from the rule catalogue (`flowrun::checks::rules::RULES`), so the page
//! and `flowrun explain` never disagree. This test renders the page and fails when the file on
//! disk differs; `UPDATE_RULES_PAGE=1 cargo test --test integration rules_page::`
//! rewrites it.

use std::fmt::Write as _;
use std::path::Path;

use flowrun::checks::rules::{RULES, Rule};

const PAGE: &str = "docs/rules.md";

/// The page: a header, a table of every rule, then each rule's full documentation.
fn render() -> String {
    let mut page = String::from(
        "# flowrun rules\n\n\
         <!-- Generated from src/checks/rules.rs by tests/rules_page.rs; do not edit by hand. To \
         update it after changing a rule: UPDATE_RULES_PAGE=1 cargo test --test integration \
         rules_page:: -->\n\n\
         Every problem flowrun reports has a stable code. `FLOW0xx`: reading and parsing; \
         `FLOW01x`: building the graph; `FLOW1xx`: the structure of the decision graph; \
         `FLOW2xx`: lint, likely mistakes in a flow that builds; `FLOW3xx`: answer files; \
         `FLOW4xx`: files and the command line; `FLOW5xx`: configuration and suppression \
         comments; `FLOW6xx`: test files; `FLOW7xx`: limits, inputs too large to read safely. \
         Codes are never reused. `flowrun explain CODE` prints the documentation below for one \
         code.\n\n\
         | code | name | severity | summary |\n| --- | --- | --- | --- |\n",
    );
    for rule in RULES {
        writeln!(
            page,
            "| [{}](#{}) | {} | {} | {} |",
            rule.id,
            anchor(rule),
            rule.name,
            rule.severity.as_str(),
            rule.summary.replace('|', "\\|")
        )
        .expect("writing to a String does not fail");
    }
    for rule in RULES {
        write!(
            page,
            "\n## {} {}\n\n{}: {}\n\n```text\n{}\n```\n",
            rule.id,
            rule.name,
            rule.severity.as_str(),
            rule.summary,
            rule.doc
        )
        .expect("writing to a String does not fail");
    }
    page
}

/// The anchor GitHub gives the heading `## FLOW201 unreachable-node`.
fn anchor(rule: &Rule) -> String {
    format!("{}-{}", rule.id.to_lowercase(), rule.name)
}

#[test]
fn the_rules_page_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PAGE);
    let page = render();
    if std::env::var_os("UPDATE_RULES_PAGE").is_some() {
        std::fs::write(&path, &page).expect("writing docs/rules.md");
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk != page {
        let line = on_disk
            .lines()
            .zip(page.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| on_disk.lines().count().min(page.lines().count()));
        panic!(
            "{PAGE} is stale (first difference at line {}): run \
             `UPDATE_RULES_PAGE=1 cargo test --test integration rules_page::` and commit the \
             result",
            line + 1
        );
    }
}

#[test]
fn every_rule_is_on_the_page_with_its_whole_doc() {
    let page = render();
    for rule in RULES {
        assert!(page.contains(&format!("\n## {} {}\n", rule.id, rule.name)));
        assert!(page.contains(rule.doc), "{}", rule.id);
        assert!(
            !rule.doc.contains("```"),
            "{}: a fence in a doc would end its block",
            rule.id
        );
    }
}
