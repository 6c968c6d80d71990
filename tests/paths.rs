//! `flowrun paths`: every route of a flow, counted per verdict, listed up to `--limit`, in four
//! formats, through the real binary.

use crate::support::{Out, exec, flowrun_in, root};

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

/// A question fanning out to `verdicts` verdicts, after `doubling` questions whose two answers
/// both lead on (so each verdict has 2^doubling routes).
fn fan_flow(dir: &std::path::Path, doubling: usize, verdicts: usize) -> String {
    let mut text = String::from("flowchart TD\n    start([Start]) --> d0\n");
    for i in 0..doubling {
        text.push_str(&format!(
            "    d{i}{{Double {i}?}} -->|Yes| d{next}\n    d{i} -->|No| d{next}\n",
            next = i + 1
        ));
    }
    text.push_str(&format!("    d{doubling}{{Which one?}}\n"));
    for v in 0..verdicts {
        text.push_str(&format!(
            "    d{doubling} -->|Option {v}| v{v}[Verdict {v}]\n"
        ));
    }
    let path = dir.join(format!("fan-{doubling}-{verdicts}.flow"));
    std::fs::write(&path, text).expect("written");
    path.to_string_lossy().into_owned()
}

/// Issue 12: `--limit 2` still printed the count of every verdict (2 MB of summary for 200,002
/// verdicts, 47 MB of JSON), and CSV dropped routes without a word. The listing and the counts
/// are now bounded by the limit, whatever the number of verdicts.
#[test]
fn the_summary_of_a_flow_with_thousands_of_verdicts_is_bounded_by_the_limit() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let flow = fan_flow(dir.path(), 0, 5_000);
    let out = paths(&[&flow, "--limit", "2"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(
        out.stdout,
        "route  verdict  answers\n\
         1      v0       d0=Option 0\n\
         2      v1       d0=Option 1\n\
         5000 routes: v0 1, v1 1, ... and 4998 more verdicts (the first 2 listed; raise --limit \
         for more)\n"
    );
    let out = paths(&[&flow, "--limit", "2", "--format", "markdown"]);
    assert_eq!(out.stdout.lines().count(), 6, "{}", out.stdout);
    assert!(
        out.stdout.contains("... and 4998 more verdicts"),
        "{}",
        out.stdout
    );
    let out = paths(&[&flow, "--limit", "0"]);
    assert_eq!(
        out.stdout,
        "route  verdict  answers\n5000 routes to 5000 verdicts (the first 0 listed; raise --limit \
         for more)\n"
    );
    // JSON: the same fields, `verdicts` bounded, `more_verdicts` counting the rest.
    let out = paths(&[&flow, "--limit", "2", "--format", "json"]);
    assert!(out.stdout.len() < 2_000, "{} bytes", out.stdout.len());
    let json = out.json();
    assert_eq!(json["total_routes"], 5000);
    assert_eq!(json["complete"], false);
    assert_eq!(json["verdicts"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["verdicts"][1]["id"], "v1");
    assert_eq!(json["verdicts"][1]["routes"], 1);
    assert_eq!(json["more_verdicts"], 4998);
    assert_eq!(json["routes"].as_array().map(Vec::len), Some(2));
    // CSV: stdout is the CSV and nothing else; what it leaves out is said on stderr.
    let out = paths(&[&flow, "--limit", "2", "--format", "csv"]);
    assert_eq!(
        out.stdout,
        "route,verdict,answers\n1,v0,d0=Option 0\n2,v1,d0=Option 1\n"
    );
    assert_eq!(
        out.stderr,
        "note: 2 routes listed, 4998 more left out; raise --limit to list more\n"
    );
    // The default limit, 1000, bounds them too.
    let out = paths(&[&flow, "--format", "json"]);
    assert_eq!(out.json()["verdicts"].as_array().map(Vec::len), Some(1000));
    assert_eq!(out.json()["more_verdicts"], 4000);
    // Everything listed: no note, nothing more.
    let out = paths(&[&flow, "--limit", "5000", "--format", "csv"]);
    assert_eq!(out.stdout.lines().count(), 5001);
    assert_eq!(out.stderr, "");
    let out = paths(&["flows/eligibility.flow", "--format", "json"]);
    assert_eq!(out.json()["more_verdicts"], 0);
}

/// From the previous team's notes: when every verdict's count saturates, the summary printed
/// "at least 2^128-1" once per verdict. It is cut short the same way.
#[test]
fn saturated_counts_are_cut_short_too() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // 2^130 routes to each of 3,000 verdicts: every count saturates.
    let flow = fan_flow(dir.path(), 130, 3_000);
    let out = paths(&[&flow, "--limit", "2"]);
    assert_eq!(out.code, 0, "{out:#?}");
    let summary = out.stdout.lines().last().expect("a summary line");
    assert_eq!(summary.matches("at least").count(), 3, "{summary}");
    assert!(summary.len() < 300, "{summary}");
    assert!(
        summary.contains(", ... and 2998 more verdicts"),
        "{summary}"
    );
    let out = paths(&[&flow, "--limit", "2", "--format", "csv"]);
    assert_eq!(out.stdout.lines().count(), 3);
    assert_eq!(
        out.stderr,
        "note: 2 routes listed, at least 2^128 - 1 routes in all; raise --limit to list more\n"
    );
    let json = paths(&[&flow, "--limit", "2", "--format", "json"]).json();
    assert_eq!(json["verdicts"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["more_verdicts"], 2998);
    assert_eq!(
        json["total_routes"].as_u64(),
        None,
        "2^128 - 1 is beyond a u64"
    );
}
