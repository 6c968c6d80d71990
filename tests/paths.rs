//! `flowrun paths`: every route of a flow, counted per verdict, listed up to `--limit`, in four
//! formats, through the real binary.

mod common;
use common::{Out, exec, flowrun_in, root};

fn paths(args: &[&str]) -> Out {
    exec(flowrun_in(root()).arg("paths").args(args))
}

/// 60 questions in a row whose two answers both lead on: 2^60 routes to one verdict.
fn doubling_flow(dir: &std::path::Path) -> String {
    let mut text = String::from("flowchart TD\n    start([Start]) --> q0\n");
    for i in 0..60 {
        text.push_str(&format!(
            "    q{i}{{Question {i}?}} -->|Yes| q{next}\n    q{i} -->|No| q{next}\n",
            next = i + 1
        ));
    }
    text.push_str("    q60[Done]\n");
    let path = dir.join("doubling.flow");
    std::fs::write(&path, text).expect("written");
    path.to_string_lossy().into_owned()
}

#[test]
fn the_eligibility_flow_has_five_routes_one_to_eligible() {
    let out = paths(&["flows/eligibility.flow"]);
    assert_eq!(out.code, 0, "{out:#?}");
    insta::assert_snapshot!(out.stdout, @r"
    route  verdict   answers
    1      eligible  us_canada=Yes, outside=No, analytics=No, hipaa=No
    2      twilio    us_canada=Yes, outside=No, analytics=No, hipaa=Yes
    3      twilio    us_canada=Yes, outside=No, analytics=Yes
    4      twilio    us_canada=Yes, outside=Yes
    5      twilio    us_canada=No
    5 routes: twilio 4, eligible 1
    ");
}

#[test]
fn csv_reads_back_as_one_record_per_route() {
    let out = paths(&["flows/eligibility.flow", "--format", "csv"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV record");
            (r[1].to_owned(), r[2].to_owned())
        })
        .collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(
        rows[0],
        (
            "eligible".to_owned(),
            "us_canada=Yes, outside=No, analytics=No, hipaa=No".to_owned()
        )
    );
    assert_eq!(rows[4], ("twilio".to_owned(), "us_canada=No".to_owned()));
}

#[test]
fn json_counts_every_route_and_lists_them_with_their_steps() {
    let out = paths(&["flows/eligibility.flow", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let json = out.json();
    assert_eq!(json["total_routes"], 5);
    assert_eq!(json["complete"], true);
    assert_eq!(json["verdicts"][0]["id"], "twilio");
    assert_eq!(json["verdicts"][0]["routes"], 4);
    let first = &json["routes"][0];
    assert_eq!(first["verdict"], "eligible");
    assert_eq!(first["path"][0]["node"], "start");
    assert_eq!(first["path"][0]["answer"], serde_json::Value::Null);
    assert_eq!(first["path"][1]["answer"], "Yes");
}

#[test]
fn exponentially_many_routes_are_counted_and_listing_stops_at_the_limit() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let flow = doubling_flow(dir.path());
    let out = paths(&[&flow, "--format", "json", "--limit", "3"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let json = out.json();
    assert_eq!(json["total_routes"].as_u64(), Some(1u64 << 60));
    assert_eq!(json["complete"], false);
    assert_eq!(json["routes"].as_array().map(Vec::len), Some(3));
    let out = paths(&[&flow, "--limit", "2", "--format", "markdown"]);
    assert!(
        out.stdout
            .contains("1152921504606846976 routes: q60 1152921504606846976 (the first 2 listed"),
        "{out:#?}"
    );
}

#[test]
fn a_flow_with_errors_and_a_missing_file_exit_as_documented() {
    let out = paths(&["tests/fixtures/FLOW101_cycle.flow"]);
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stderr.contains("FLOW101"), "{out:#?}");
    let out = paths(&["no/such.flow"]);
    assert_eq!(out.code, 2, "{out:#?}");
}
