use super::*;
use crate::analyses::diff::tests::valid;
use crate::flow::NodeKind;

const ELIGIBILITY: &str = include_str!("../../../../flows/eligibility.flow");

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

/// A small random flow from a seed: up to five questions drawn from a shared pool of ids, each
/// with two or three answers from a shared pool of labels, leading to later questions or to
/// verdicts from a shared pool; only what the start reaches is written, so the flow validates.
fn random_flow(seed: u64) -> String {
    const IDS: [&str; 5] = ["a", "b", "c", "d", "e"];
    const LABELS: [&str; 3] = ["Yes", "No", "Maybe"];
    const VERDICTS: [&str; 3] = ["v1", "v2", "v3"];
    let mut state = seed | 1;
    let mut next = |n: usize| {
        // xorshift: enough to spread a seed over a few small choices.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut ids: Vec<&str> = IDS.to_vec();
    for i in (1..ids.len()).rev() {
        ids.swap(i, next(i + 1));
    }
    let count = 1 + next(IDS.len());
    let questions = &ids[..count];
    // Per question: (label, target) where a target below `count` is a later question.
    let mut edges = Vec::new();
    for i in 0..count {
        let mut labels: Vec<&str> = LABELS.to_vec();
        for k in (1..labels.len()).rev() {
            labels.swap(k, next(k + 1));
        }
        let answers = 2 + next(2);
        let out: Vec<(&str, usize)> = labels[..answers]
            .iter()
            .map(|&l| {
                let later = count - i - 1;
                let pick = next(later + VERDICTS.len());
                let target = if pick < later {
                    i + 1 + pick
                } else {
                    count + pick - later
                };
                (l, target)
            })
            .collect();
        edges.push(out);
    }
    let mut reached = vec![false; count];
    reached[0] = true;
    for i in 0..count {
        if reached[i] {
            for &(_, t) in &edges[i] {
                if t < count {
                    reached[t] = true;
                }
            }
        }
    }
    let name = |t: usize| {
        if t < count {
            questions[t].to_owned()
        } else {
            let v = VERDICTS[t - count];
            format!("{v}[{v}]")
        }
    };
    let mut text = format!("flowchart TD\n  s([Start]) --> {}\n", questions[0]);
    for i in (0..count).filter(|&i| reached[i]) {
        let q = questions[i];
        for (label, t) in &edges[i] {
            text.push_str(&format!("  {q}{{{q}?}} -->|{label}| {}\n", name(*t)));
        }
    }
    text
}

/// Where a flow leads under a full assignment (question id -> answer key): `Ok(verdict)`, or
/// `Err((question, key))` at the first answer the flow does not offer.
fn brute_walk(
    flow: &ValidFlow,
    given: &HashMap<String, String>,
) -> Result<String, (String, String)> {
    let mut at = flow.start();
    loop {
        match flow.kind(at) {
            NodeKind::Verdict => return Ok(flow.node(at).id.clone()),
            NodeKind::Step => {
                let e = flow.out_edges(at).next().expect("a step has one edge");
                at = flow.graph.edge_endpoints(e).expect("edge").1;
            }
            NodeKind::Question => {
                let id = &flow.node(at).id;
                let key = &given[id];
                let Some(e) = flow.out_edges(at).find(|&e| {
                    answer_key(flow.graph[e].label.as_deref().unwrap_or_default()) == *key
                }) else {
                    return Err((id.clone(), key.clone()));
                };
                at = flow.graph.edge_endpoints(e).expect("edge").1;
            }
        }
    }
}

/// Whether the old version asks `question` on its way under `given`.
fn asks(flow: &ValidFlow, given: &HashMap<String, String>, question: &str) -> bool {
    let mut at = flow.start();
    loop {
        match flow.kind(at) {
            NodeKind::Verdict => return false,
            NodeKind::Step => {
                let e = flow.out_edges(at).next().expect("a step has one edge");
                at = flow.graph.edge_endpoints(e).expect("edge").1;
            }
            NodeKind::Question => {
                let id = &flow.node(at).id;
                if id == question {
                    return true;
                }
                let Some(e) = flow.out_edges(at).find(|&e| {
                    answer_key(flow.graph[e].label.as_deref().unwrap_or_default()) == given[id]
                }) else {
                    return false;
                };
                at = flow.graph.edge_endpoints(e).expect("edge").1;
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// Against every full assignment of answers: the walk finds exactly the (old verdict, new
    /// outcome) pairs that some assignment gives, and every listed route decides as it says for
    /// every assignment that agrees with its answers.
    #[test]
    fn the_walk_agrees_with_every_assignment(s1 in proptest::prelude::any::<u64>(), s2 in proptest::prelude::any::<u64>(), same in proptest::prelude::any::<bool>()) {
        let (old_text, new_text) = (random_flow(s1), random_flow(if same { s1 } else { s2 }));
        let (old, new) = (valid(&old_text), valid(&new_text));
        let changes = changed_routes(&old, &new, usize::MAX);
        proptest::prop_assert!(changes.complete);
        proptest::prop_assert_eq!(changes.routes.len() as u128, changes.total);

        let ids = ["a", "b", "c", "d", "e"];
        let keys = ["yes", "no", "maybe"];
        let mut assignments = vec![HashMap::new()];
        for id in ids {
            assignments = assignments
                .into_iter()
                .flat_map(|a: HashMap<String, String>| {
                    keys.iter().map(move |k| {
                        let mut a = a.clone();
                        a.insert(id.to_owned(), (*k).to_owned());
                        a
                    })
                })
                .collect();
        }
        let outcome = |r: Result<String, (String, String)>| match r {
            Ok(v) => format!("verdict {v}"),
            Err((q, k)) => format!("gone {q}={k}"),
        };
        let mut brute = std::collections::BTreeSet::new();
        for given in &assignments {
            // The old version leads: an answer it does not offer takes no route of it.
            let Ok(old_verdict) = brute_walk(&old, given) else { continue };
            let new_outcome = brute_walk(&new, given);
            // An answer is gone only if the old version gave it: a question only the new
            // version asks is answered from its own answers.
            if let Err((q, _)) = &new_outcome
                && !asks(&old, given, q)
            {
                continue;
            }
            if new_outcome.as_ref() != Ok(&old_verdict) {
                brute.insert((old_verdict, outcome(new_outcome)));
            }
        }
        let walked: std::collections::BTreeSet<(String, String)> = changes
            .counts
            .iter()
            .map(|c| {
                let new = match &c.new {
                    NewOutcome::Verdict(v) => format!("verdict {v}"),
                    NewOutcome::AnswerGone { question, answer } => {
                        format!("gone {question}={}", answer_key(answer))
                    }
                };
                (c.old.clone(), new)
            })
            .collect();
        proptest::prop_assert_eq!(&walked, &brute, "old:\n{}\nnew:\n{}", old_text, new_text);

        for route in &changes.routes {
            let expected = match &route.new {
                NewOutcome::Verdict(v) => Ok(v.clone()),
                NewOutcome::AnswerGone { question, answer } => {
                    Err((question.clone(), answer_key(answer)))
                }
            };
            for given in assignments.iter().filter(|g| {
                route.answers.iter().all(|a| g[&a.question] == answer_key(&a.answer))
            }) {
                let Ok(old_verdict) = brute_walk(&old, given) else { continue };
                let new_outcome = brute_walk(&new, given);
                if let Err((q, _)) = &new_outcome
                    && !asks(&old, given, q)
                {
                    continue;
                }
                proptest::prop_assert_eq!(&old_verdict, &route.old, "{:?}", route);
                proptest::prop_assert_eq!(&new_outcome, &expected, "{:?}", route);
            }
        }
    }
}
