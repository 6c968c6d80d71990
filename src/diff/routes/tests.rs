use super::*;
use crate::diff::tests::valid;

const ELIGIBILITY: &str = include_str!("../../../flows/eligibility.flow");

fn routes(old: &str, new: &str) -> RouteChanges {
    changed_routes(&valid(old), &valid(new), 100)
}

/// `q=a, q=a -> old -> new` for each listed route.
fn lines(changes: &RouteChanges) -> Vec<String> {
    changes
        .routes
        .iter()
        .map(|r| {
            let answers: Vec<String> = r
                .answers
                .iter()
                .map(|a| format!("{}={}", a.question, a.answer))
                .collect();
            let new = match &r.new {
                NewOutcome::Verdict(v) => v.clone(),
                NewOutcome::AnswerGone { question, answer } => format!("gone {question}={answer}"),
            };
            format!("{} -> {} -> {new}", answers.join(", "), r.old)
        })
        .collect()
}

#[test]
fn identical_flows_change_nothing_and_stop_at_once() {
    let changes = routes(ELIGIBILITY, ELIGIBILITY);
    assert!(changes.complete);
    assert_eq!(changes.total, 0);
    assert!(changes.routes.is_empty());
    assert_eq!(changes.visited, 0, "equal shapes at the start end the walk");
}

#[test]
fn layout_changes_are_not_route_changes() {
    let relaid = ELIGIBILITY
        .replace("flowchart TD", "flowchart LR")
        .replace("-.->", "-->")
        .replace("style twilio", "%% style twilio");
    assert_eq!(routes(ELIGIBILITY, &relaid).total, 0);
}

#[test]
fn a_relabelled_answer_is_gone_on_the_routes_that_took_it() {
    let new = ELIGIBILITY.replace("hipaa -->|No|", "hipaa -->|Not needed|");
    let changes = routes(ELIGIBILITY, &new);
    assert_eq!(
        lines(&changes),
        ["us_canada=Yes, outside=No, analytics=No, hipaa=No -> eligible -> gone hipaa=No"]
    );
    assert_eq!(changes.total, 1);
}

#[test]
fn a_swapped_verdict_lists_both_routes() {
    let new = ELIGIBILITY
        .replace("hipaa -->|No| eligible", "hipaa -->|Yes| eligible")
        .replace("hipaa -.->|Yes| twilio", "hipaa -.->|No| twilio");
    let changes = routes(ELIGIBILITY, &new);
    assert_eq!(
        lines(&changes),
        [
            "us_canada=Yes, outside=No, analytics=No, hipaa=No -> eligible -> twilio",
            "us_canada=Yes, outside=No, analytics=No, hipaa=Yes -> twilio -> eligible",
        ]
    );
    let pairs: Vec<(&str, u128)> = changes
        .counts
        .iter()
        .map(|c| (c.old.as_str(), c.routes))
        .collect();
    assert_eq!(pairs, [("eligible", 1), ("twilio", 1)]);
}

#[test]
fn a_question_inserted_in_the_middle_is_branched_on_by_the_new_side() {
    // `consent` now stands between hipaa=No and the eligible verdict.
    let new = ELIGIBILITY.replace(
        "    hipaa -->|No| eligible",
        "    hipaa -->|No| consent{Do you have consent?}\n    consent -->|No| twilio\n    \
         consent -->|Yes| eligible",
    );
    let changes = routes(ELIGIBILITY, &new);
    assert_eq!(
        lines(&changes),
        ["us_canada=Yes, outside=No, analytics=No, hipaa=No, consent=No -> eligible -> twilio"]
    );
    assert!(changes.routes[0].answers[4].new_question);
    assert!(!changes.routes[0].answers[3].new_question);
}

#[test]
fn a_question_removed_leaves_its_answers_out_of_the_new_side() {
    // analytics no longer asked: outside=No leads straight to hipaa.
    let new = ELIGIBILITY
        .replace(
            "outside -->|No| analytics{Do you need analytics like revenue<br/>attribution or \
             sending queues?}",
            "outside -->|No| hipaa",
        )
        .replace(
            "    analytics -->|No| hipaa{Do you need HIPAA compliance?}\n",
            "",
        )
        .replace("    analytics -.->|Yes| twilio\n", "")
        .replace(
            "    hipaa -->|No|",
            "    hipaa{Do you need HIPAA compliance?} -->|No|",
        );
    let changes = routes(ELIGIBILITY, &new);
    assert_eq!(
        lines(&changes),
        ["us_canada=Yes, outside=No, analytics=Yes, hipaa=No -> twilio -> eligible"]
    );
}

#[test]
fn questions_asked_in_the_other_order_decide_the_same() {
    let old = "flowchart TD\n  s([Start]) --> a{A?}\n  a -->|Yes| b{B?}\n  a -->|No| no[No]\n  \
               b -->|Yes| yes[Yes]\n  b -->|No| no\n";
    let new = "flowchart TD\n  s([Start]) --> b{B?}\n  b -->|Yes| a{A?}\n  b -->|No| no[No]\n  \
               a -->|Yes| yes[Yes]\n  a -->|No| no\n";
    let changes = routes(old, new);
    assert!(changes.complete);
    assert_eq!(changes.total, 0, "{:?}", lines(&changes));
    // And a real change in the swapped version is still found.
    let changed = new.replace("a -->|No| no", "a -->|No| yes");
    assert_eq!(lines(&routes(old, &changed)), ["a=No, b=Yes -> no -> yes"]);
}

#[test]
fn answers_that_lead_the_same_way_are_left_out() {
    let old = "flowchart TD\n  s([Start]) --> a{A?}\n  a -->|Yes| b{B?}\n  a -->|No| b\n  \
               b -->|Yes| yes[Yes]\n  b -->|No| no[No]\n";
    let new = old.replace("b -->|No| no[No]", "b -->|No| maybe[Maybe]");
    assert_eq!(lines(&routes(old, &new)), ["b=No -> no -> maybe"]);
}

/// A first question with `width` answers, each leading to its own chain of `depth` questions
/// whose `No` ends in a verdict of its own.
fn wide(width: usize, depth: usize, last_verdict: impl Fn(usize) -> String) -> String {
    let mut text = String::from("flowchart TD\n  s([Start]) --> root{Which?}\n");
    for i in 0..width {
        text.push_str(&format!("  root -->|Option {i}| c{i}_0\n"));
        for j in 0..depth {
            text.push_str(&format!(
                "  c{i}_{j}{{Q {i} {j}?}} -->|No| v{i}_{j}[V]\n  c{i}_{j} -->|Yes| c{i}_{}\n",
                j + 1
            ));
        }
        text.push_str(&format!("  c{i}_{depth}[{}]\n", last_verdict(i)));
    }
    text
}

#[test]
fn pruning_keeps_a_small_edit_on_a_wide_flow_cheap() {
    let (width, depth) = (40, 10);
    let old = wide(width, depth, |_| "End".into());
    // The end of chain 7 becomes another verdict: its id changes.
    let new = old
        .replace(&format!("c7_{depth}[End]"), &format!("c7_{depth}x[End]"))
        .replace(
            &format!("c7_{} -->|Yes| c7_{depth}\n", depth - 1),
            &format!("c7_{} -->|Yes| c7_{depth}x\n", depth - 1),
        );
    let changes = routes(&old, &new);
    assert_eq!(changes.total, 1);
    let answers = &changes.routes[0].answers;
    assert_eq!(answers.len(), depth + 1);
    assert_eq!(answers[0].answer, "Option 7");
    // Without pruning the walk would enter every chain: width * depth states and more.
    assert!(
        changes.visited <= depth + 1,
        "visited {} states for a flow of {} questions",
        changes.visited,
        width * depth + 1
    );
}

#[test]
fn routes_are_counted_per_state_not_listed_one_by_one() {
    // Each level is either `No`, or `Yes` then `Yes` again: 2^n routes to the end.
    let n = 60;
    let mut old = String::from("flowchart TD\n  s([Start]) --> q0\n");
    for i in 0..n {
        old.push_str(&format!(
            "  q{i}{{Q{i}?}} -->|No| q{next}\n  q{i} -->|Yes| y{i}{{Y{i}?}}\n  \
             y{i} -->|Yes| q{next}\n  y{i} -->|No| out[Out]\n",
            next = i + 1
        ));
    }
    old.push_str(&format!("  q{n}[End]\n"));
    let new = old.replace(
        &format!("q{n}[End]"),
        &format!("q{n}[End]\n  q{n} --> fin[Final]"),
    );
    let changes = changed_routes(&valid(&old), &valid(&new), 3);
    assert_eq!(changes.total, 1u128 << n);
    assert_eq!(changes.routes.len(), 3);
    assert!(changes.visited <= 2 * n + 1, "visited {}", changes.visited);
}

#[test]
fn a_spent_budget_is_reported_not_hidden() {
    let new = ELIGIBILITY.replace("hipaa -->|No|", "hipaa -->|Maybe|");
    let changes = changed_routes_within(&valid(ELIGIBILITY), &valid(&new), 100, 1);
    assert!(!changes.complete);
    assert!(changes.routes.is_empty());
    let full = changed_routes_within(&valid(ELIGIBILITY), &valid(&new), 100, STATE_BUDGET);
    assert!(full.complete);
    assert_eq!(full.total, 1);
}

#[test]
fn once_the_new_side_has_its_verdict_later_old_questions_matter_only_to_the_old_side() {
    // New decides a=Yes at once; old then asks b (which new asks only after a=No), then c.
    let old = "flowchart TD\n  s([Start]) --> a{A?}\n  a -->|Yes| b{B?}\n  a -->|No| no[No]\n  \
               b -->|Yes| c{C?}\n  b -->|No| c\n  c -->|Yes| no\n  c -->|No| maybe[Maybe]\n";
    let new = "flowchart TD\n  s([Start]) --> a{A?}\n  a -->|Yes| yes[Yes]\n  a -->|No| b{B?}\n  \
               b -->|Yes| no[No]\n  b -->|No| no\n";
    let changes = routes(old, new);
    assert_eq!(
        lines(&changes),
        ["a=Yes, c=Yes -> no -> yes", "a=Yes, c=No -> maybe -> yes"]
    );
}
