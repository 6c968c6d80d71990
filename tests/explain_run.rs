//! `flowrun run --explain`: the hops with the lines of the flow behind them and the smallest set
//! of the given answers that forces the verdict, for every example answer file, as text and JSON,
//! through the real binary.

use crate::support::{Out, exec, flowrun_in, root};

fn run(args: &[&str]) -> Out {
    exec(flowrun_in(root()).arg("run").args(args))
}

/// Every example answer file, with the exit code `run` gives it.
const EXAMPLES: &[(&str, i32)] = &[
    ("eligible.json", 0),
    ("incomplete.json", 3),
    ("messages-outside.toml", 0),
    ("needs-analytics.json", 0),
    ("needs-hipaa.yaml", 0),
    ("not-us-canada.yaml", 0),
];

#[test]
fn every_example_answer_file_is_listed_here() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("flows/answers"))
        .expect("flows/answers")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let listed: Vec<&str> = EXAMPLES.iter().map(|(f, _)| *f).collect();
    assert_eq!(files, listed);
}

#[test]
fn explain_text_for_each_example() {
    for (file, code) in EXAMPLES {
        let answers = format!("flows/answers/{file}");
        let out = run(&["flows/eligibility.flow", &answers, "--explain"]);
        assert_eq!(out.code, *code, "{file}: {out:#?}");
        assert_eq!(out.stderr, "", "{file}");
        insta::assert_snapshot!(format!("text_{file}"), out.stdout);
    }
}

#[test]
fn explain_json_for_each_example() {
    for (file, code) in EXAMPLES {
        let answers = format!("flows/answers/{file}");
        let out = run(&[
            "flows/eligibility.flow",
            &answers,
            "--explain",
            "--format",
            "json",
        ]);
        assert_eq!(out.code, *code, "{file}: {out:#?}");
        let explanation =
            serde_json::to_string_pretty(&out.json()["explanation"]).expect("serializes");
        insta::assert_snapshot!(format!("json_{file}"), explanation);
    }
}

#[test]
fn hipaa_yes_alone_forces_twilio() {
    let out = run(&[
        "flows/eligibility.flow",
        "flows/answers/needs-hipaa.yaml",
        "--explain",
    ]);
    assert!(
        out.stdout
            .contains("Enough on its own: Do you need HIPAA compliance? -> Yes\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("line 6: us_canada -->|Yes| outside\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn json_keeps_every_field_of_the_plain_report() {
    for (file, _) in EXAMPLES {
        let answers = format!("flows/answers/{file}");
        let plain = run(&["flows/eligibility.flow", &answers, "--format", "json"]).json();
        let mut explained = run(&[
            "flows/eligibility.flow",
            &answers,
            "--format",
            "json",
            "--explain",
        ])
        .json();
        assert!(plain.get("explanation").is_none(), "{file}: {plain}");
        let explanation = explained
            .as_object_mut()
            .expect("an object")
            .remove("explanation");
        assert!(explanation.is_some(), "{file}");
        assert_eq!(plain, explained, "{file}");
    }
}

#[test]
fn the_forcing_set_of_a_needs_answer_walk_is_null_and_the_question_is_named() {
    let out = run(&[
        "flows/eligibility.flow",
        "flows/answers/incomplete.json",
        "--explain",
        "--format",
        "json",
    ]);
    let json = out.json();
    assert!(json["explanation"]["forcing"].is_null(), "{json}");
    let text = run(&[
        "flows/eligibility.flow",
        "flows/answers/incomplete.json",
        "--explain",
    ]);
    assert!(
        text.stdout.contains(
            "Needed next: Do you need analytics like revenue attribution or sending queues? \
             (analytics), one of: No, Yes"
        ),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("Enough"), "{}", text.stdout);
}

#[test]
fn a_flow_where_one_answer_does_not_matter() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Both answers of `b` lead to `c`'s question or straight to `v`; only `a` and `c` decide.
    std::fs::write(
        dir.path().join("f.flow"),
        "flowchart TD\n  a{A?} -->|x| b{B?}\n  a -->|y| w[W]\n  b -->|x| c{C?}\n  \
         b -->|y| v[V]\n  c -->|x| v\n  c -->|y| w\n",
    )
    .expect("written");
    std::fs::write(
        dir.path().join("a.json"),
        r#"{"a": "x", "b": "x", "c": "x"}"#,
    )
    .expect("written");
    let out = exec(
        flowrun_in(dir.path())
            .args(["run", "f.flow", "a.json", "--explain"])
            .args(["--format", "json"]),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    let forcing: Vec<(String, String)> = out.json()["explanation"]["forcing"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| {
            (
                a["question"].as_str().expect("id").to_owned(),
                a["answer"].as_str().expect("label").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        forcing,
        [
            ("a".to_owned(), "x".to_owned()),
            ("c".to_owned(), "x".to_owned())
        ]
    );
}

#[test]
fn invalid_answers_still_fail_as_without_explain() {
    let out = run(&[
        "flows/eligibility.flow",
        "tests/fixtures/answers/FLOW301_answer-not-an-option.json",
        "--explain",
    ]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW301"), "{}", out.stderr);
    assert_eq!(out.stdout, "");
}
