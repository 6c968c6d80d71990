//! `flowrun batch` through the binary: rows, formats, summaries, exit codes, compare, the order
//! of the output with several workers, and bad input of every kind.

use std::io::Write as _;
use std::path::Path;

use crate::support::{self, exec, flowrun_in, root};

const FLOW: &str = "flows/eligibility.flow";
const JSONL: &str = "tests/fixtures/batch/customers.jsonl";
const CSV: &str = "tests/fixtures/batch/customers.csv";

fn batch(args: &[&str]) -> support::Out {
    exec(flowrun_in(root()).arg("batch").args(args))
}

fn batch_in(dir: &Path, args: &[&str]) -> support::Out {
    let flow = root().join(FLOW);
    exec(flowrun_in(dir).arg("batch").arg(flow).args(args))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("write a test file");
}

#[test]
fn jsonl_records_get_a_row_each_and_a_summary() {
    let out = batch(&[FLOW, JSONL, "--id", "id"]);
    assert_eq!(out.code, 2, "one record has an error: {out:#?}");
    assert_eq!(
        out.stdout,
        concat!(
            r#"{"record":1,"id":"c1","status":"verdict","verdict":"eligible"}"#,
            "\n",
            r#"{"record":2,"id":"c2","status":"verdict","verdict":"twilio"}"#,
            "\n",
            r#"{"record":3,"id":"c3","status":"verdict","verdict":"twilio"}"#,
            "\n",
            r#"{"record":4,"id":"c4","status":"needs_answer","needs":"hipaa"}"#,
            "\n",
            r#"{"record":5,"id":"c5","status":"error","code":"FLOW301","error":"`maybe` is not an answer to `outside` (Do you send messages to people outside the US or Canada?); the options are: No, Yes"}"#,
            "\n",
        )
    );
    assert_eq!(
        out.stderr,
        "records       5\n\
         verdict       3  twilio 2, eligible 1\n\
         needs_answer  1  hipaa 1\n\
         error         1  FLOW301 1\n"
    );
}

#[test]
fn csv_input_gives_the_same_results_as_jsonl() {
    for format in ["jsonl", "csv"] {
        let from_jsonl = batch(&[
            FLOW,
            JSONL,
            "--id",
            "id",
            "--path",
            "--output-format",
            format,
        ]);
        let from_csv = batch(&[FLOW, CSV, "--id", "id", "--path", "--output-format", format]);
        assert_eq!(from_jsonl.stdout, from_csv.stdout, "{format}");
        assert_eq!(from_jsonl.stderr, from_csv.stderr);
        assert_eq!(from_csv.code, 2);
    }
    let out = batch(&[FLOW, CSV, "--output-format", "csv", "--path"]);
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some("record,status,result,error,path"));
    assert_eq!(
        lines.next(),
        Some("1,verdict,eligible,,start>us_canada>outside>analytics>hipaa>eligible")
    );
    assert_eq!(
        lines.nth(2),
        Some("4,needs_answer,hipaa,,start>us_canada>outside>analytics>hipaa")
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("5,error,FLOW301,\"`maybe` is not an answer")
    );
}

#[test]
fn exit_codes_follow_the_worst_record() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.jsonl", b"{\"us_canada\": \"No\"}\n");
    write(
        dir.path(),
        "needs.jsonl",
        b"{\"us_canada\": \"No\"}\n{\"us_canada\": \"Yes\"}\n",
    );
    write(
        dir.path(),
        "both.jsonl",
        b"{\"us_canada\": \"Yes\"}\n{\"us_canada\": \"Maybe\"}\n",
    );
    assert_eq!(batch_in(dir.path(), &["ok.jsonl"]).code, 0);
    assert_eq!(batch_in(dir.path(), &["needs.jsonl"]).code, 3);
    // An error outranks a missing answer.
    assert_eq!(batch_in(dir.path(), &["both.jsonl"]).code, 2);
    // A flow with errors: its diagnostics, and nothing evaluated.
    write(
        dir.path(),
        "broken.flow",
        b"flowchart TD\n  a --> b\n  b --> a\n",
    );
    let out = exec(flowrun_in(dir.path()).args(["batch", "broken.flow", "ok.jsonl"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("FLOW101"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn output_file_and_summary_file() {
    let dir = tempfile::tempdir().unwrap();
    // A relative name, so the snapshot below reads the same on every machine.
    std::fs::copy(root().join(JSONL), dir.path().join("customers.jsonl")).unwrap();
    let jsonl = "customers.jsonl";
    let out = batch_in(
        dir.path(),
        &[
            jsonl,
            "-o",
            "results.csv",
            "--summary",
            "summary.json",
            "--id",
            "id",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:#?}");
    let results = std::fs::read_to_string(dir.path().join("results.csv")).unwrap();
    assert!(results.starts_with("record,id,status,result,error\n1,c1,verdict,eligible,\n"));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(
        summary,
        serde_json::json!({
            "records": 5,
            "status": {"verdict": 3, "needs_answer": 1, "error": 1},
            "verdicts": {"twilio": 2, "eligible": 1},
            "needs": {"hipaa": 1},
            "errors": {"FLOW301": 1},
            "warnings": {}
        })
    );
    // Failing fast leaves the output file as it was, and names the record.
    let out = batch_in(dir.path(), &[jsonl, "-o", "results.csv", "--fail-fast"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("results.csv")).unwrap(),
        results
    );
    insta::assert_snapshot!("fail_fast", out.transcript());
}

#[test]
fn fail_fast_to_stdout_keeps_the_rows_before_the_bad_record() {
    let out = batch(&[FLOW, JSONL, "--fail-fast"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout.lines().count(), 5, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("record 5 of `tests/fixtures/batch/customers.jsonl`: `maybe`"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("records "),
        "no summary: {}",
        out.stderr
    );
}

#[test]
fn standard_input_is_json_lines() {
    let out = exec(
        flowrun_in(root())
            .args(["batch", FLOW, "-"])
            .write_stdin("{\"us_canada\": \"No\"}\n"),
    );
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        "{\"record\":1,\"status\":\"verdict\",\"verdict\":\"twilio\"}\n"
    );
    // A byte-order mark is not part of the first record.
    let out = exec(
        flowrun_in(root())
            .args(["batch", FLOW, "-"])
            .write_stdin("\u{feff}{\"us_canada\": \"No\"}\n"),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    let out = exec(
        flowrun_in(root())
            .args(["batch", FLOW, "-", "--input-format", "csv"])
            .write_stdin("us_canada\nNo\n"),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(out.stdout.contains("twilio"));
}

#[test]
fn unknown_keys_are_ignored_and_a_misspelt_column_is_pointed_out() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.jsonl",
        b"{\"customer\": 17, \"us_canada\": \"No\", \"when\": [1]}\n",
    );
    let out = batch_in(dir.path(), &["a.jsonl", "--id", "customer"]);
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(
        out.stdout,
        "{\"record\":1,\"id\":\"17\",\"status\":\"verdict\",\"verdict\":\"twilio\"}\n"
    );
    write(dir.path(), "a.csv", b"customer,us_canda,note\n17,No,x\n");
    let out = batch_in(dir.path(), &["a.csv", "--id", "customer"]);
    assert_eq!(out.code, 3, "us_canda answers nothing: {out:#?}");
    assert!(out.stderr.contains("FLOW302"), "{}", out.stderr);
    assert!(
        out.stderr.contains("did you mean `us_canada`?"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("`note`"), "{}", out.stderr);
    let out = batch_in(dir.path(), &["a.csv", "--id", "client"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no column `client`"), "{}", out.stderr);
}

#[test]
fn compare_counts_changes_and_writes_the_changed_records() {
    let dir = tempfile::tempdir().unwrap();
    // The new rules: HIPAA customers are eligible too.
    let flow = std::fs::read_to_string(root().join(FLOW)).unwrap();
    let new = flow.replace("hipaa -.->|Yes| twilio", "hipaa -.->|Yes| eligible");
    assert_ne!(new, flow);
    write(dir.path(), "new.flow", new.as_bytes());
    let old = root().join(FLOW);
    let jsonl = root().join(JSONL);
    let out = exec(flowrun_in(dir.path()).args([
        "batch",
        "new.flow",
        jsonl.to_str().unwrap(),
        "--compare",
        old.to_str().unwrap(),
        "--id",
        "id",
        "--changed",
        "changed.csv",
        "--summary",
        "compare.json",
    ]));
    assert_eq!(out.code, 2, "{out:#?}");
    let changed = std::fs::read_to_string(dir.path().join("changed.csv")).unwrap();
    assert_eq!(changed, "record,id,old,new\n2,c2,twilio,eligible\n");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("compare.json")).unwrap())
            .unwrap();
    assert_eq!(summary["changed"], 1);
    assert_eq!(summary["unchanged"], 4);
    assert_eq!(
        summary["transitions"],
        serde_json::json!([{"old": "twilio", "new": "eligible", "records": 1}])
    );
    assert_eq!(summary["old"]["verdicts"]["twilio"], 2);
    assert_eq!(summary["new"]["verdicts"]["eligible"], 2);
    // The table on stdout, and nothing else: no rows.
    let out = exec(flowrun_in(dir.path()).args([
        "batch",
        "new.flow",
        jsonl.to_str().unwrap(),
        "--compare",
        old.to_str().unwrap(),
    ]));
    assert_eq!(
        out.stdout,
        "5 records: 1 changed, 4 unchanged\nold     new       records\ntwilio  eligible  1\n"
    );
    assert_eq!(out.stderr, "");
    // A status change: the old flow has no `hipaa` question, so its records stop there.
    let cut: String = flow
        .replace(
            "analytics -->|No| hipaa{Do you need HIPAA compliance?}",
            "analytics -->|No| eligible",
        )
        .lines()
        .filter(|l| !l.trim_start().starts_with("hipaa "))
        .map(|l| format!("{l}\n"))
        .collect();
    write(dir.path(), "cut.flow", cut.as_bytes());
    let out = exec(flowrun_in(dir.path()).args([
        "batch",
        old.to_str().unwrap(),
        jsonl.to_str().unwrap(),
        "--compare",
        "cut.flow",
        "--changed",
        "changed.jsonl",
    ]));
    assert!(
        out.stdout
            .contains("eligible  needs:hipaa  1\neligible  twilio       1\n"),
        "{}",
        out.stdout
    );
    let changed = std::fs::read_to_string(dir.path().join("changed.jsonl")).unwrap();
    assert_eq!(
        changed,
        "{\"record\":2,\"old\":\"eligible\",\"new\":\"twilio\"}\n\
         {\"record\":4,\"old\":\"eligible\",\"new\":\"needs:hipaa\"}\n"
    );
}

/// Found by the `batch` fuzz target: an id that is not UTF-8 made the record malformed for the
/// new flow only, so comparing a flow with itself reported a change.
#[test]
fn a_record_malformed_by_its_id_is_malformed_on_both_sides_of_a_compare() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "in.csv",
        b"id,us_canada,outside,analytics,hipaa\nc1,Yes,No,No,No\nc4\xab,true,false,false,\n",
    );
    write(
        dir.path(),
        "in.jsonl",
        b"{\"id\": \"c1\", \"us_canada\": \"No\"}\n{\"id\": [1], \"us_canada\": \"No\"}\n",
    );
    let flow = root().join(FLOW);
    for input in ["in.csv", "in.jsonl"] {
        let out = batch_in(
            dir.path(),
            &[input, "--compare", flow.to_str().unwrap(), "--id", "id"],
        );
        assert!(
            out.stdout.contains("0 changed"),
            "{input}: a flow compared with itself changed: {out:#?}"
        );
    }
}

/// Many varied records, as JSON Lines and CSV.
fn many_records(n: usize) -> (String, String) {
    let answers = [
        "Yes", "No", "yes", "maybe", "", "Yes", "No", "no", "Yes", "No",
    ];
    let questions = ["us_canada", "outside", "analytics", "hipaa"];
    let mut jsonl = String::new();
    let mut csv = String::from("id,us_canada,outside,analytics,hipaa\n");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n {
        let mut fields = vec![format!("\"id\": \"r{i}\"")];
        let mut cells = vec![format!("r{i}")];
        for q in questions {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let a = answers[(x % answers.len() as u64) as usize];
            if !a.is_empty() {
                fields.push(format!("\"{q}\": \"{a}\""));
            }
            cells.push(a.to_owned());
        }
        if i % 997 == 5 {
            jsonl.push_str("{\"us_canada\": \"Ye\n");
            csv.push_str("only,two\n");
        } else {
            jsonl.push_str(&format!("{{{}}}\n", fields.join(", ")));
            csv.push_str(&cells.join(","));
            csv.push('\n');
        }
    }
    (jsonl, csv)
}

#[test]
fn output_order_is_the_input_order_whatever_the_workers() {
    let dir = tempfile::tempdir().unwrap();
    let (jsonl, csv) = many_records(20_000);
    write(dir.path(), "many.jsonl", jsonl.as_bytes());
    write(dir.path(), "many.csv", csv.as_bytes());
    for input in ["many.jsonl", "many.csv"] {
        let serial = batch_in(dir.path(), &[input, "--jobs", "1", "--id", "id", "--path"]);
        assert_eq!(serial.stdout.lines().count(), 20_000);
        for jobs in ["2", "3"] {
            let parallel = batch_in(
                dir.path(),
                &[
                    input,
                    "--jobs",
                    jobs,
                    "--chunk-size",
                    "4096",
                    "--id",
                    "id",
                    "--path",
                ],
            );
            assert_eq!(parallel.code, serial.code);
            assert!(
                parallel.stdout == serial.stdout,
                "{input} with {jobs} workers"
            );
            assert_eq!(parallel.stderr, serial.stderr);
        }
        let numbers: Vec<u64> = serial
            .stdout
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["record"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        assert_eq!(numbers, (1..=20_000).collect::<Vec<_>>());
        // Failing fast with several workers stops at the same record, rows up to it written.
    }
}

#[test]
fn failing_fast_with_several_workers_stops_at_the_same_record() {
    let dir = tempfile::tempdir().unwrap();
    let good = "{\"us_canada\": \"No\"}\n".repeat(5_000);
    let input = format!("{good}{{\"us_canada\": \"maybe\"}}\n{good}");
    write(dir.path(), "late.jsonl", input.as_bytes());
    let row = "{\"record\":1,\"status\":\"verdict\",\"verdict\":\"twilio\"}\n";
    for jobs in ["1", "2", "3"] {
        let out = batch_in(
            dir.path(),
            &[
                "late.jsonl",
                "--jobs",
                jobs,
                "--chunk-size",
                "512",
                "--fail-fast",
            ],
        );
        assert_eq!(out.code, 2);
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.len(), 5_001, "{jobs} workers");
        assert_eq!(lines[0], row.trim_end());
        assert!(lines[5_000].starts_with("{\"record\":5001,\"status\":\"error\""));
        assert!(
            out.stderr.contains("record 5001 of `late.jsonl`"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn bad_records_get_error_rows_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.jsonl",
        b"{\"us_canada\": \"No\"}\n\
          \n\
          [\"Yes\", \"No\"]\n\
          {\"us_canada\": \"Ye\n\
          {\"us_canada\": \"N\xffo\"}\n\
          {\"us_canada\": \"No\", \"us_canada\": \"Yes\"}\n\
          {\"us_canada\": null}\n\
          {\"us_canada\": \"No\"}",
    );
    let out = batch_in(dir.path(), &["bad.jsonl"]);
    assert_eq!(out.code, 2);
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each row is JSON"))
        .collect();
    let brief: Vec<(u64, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["record"].as_u64().unwrap(),
                r["status"].as_str().unwrap(),
                r["code"].as_str().or(r["verdict"].as_str()).unwrap(),
            )
        })
        .collect();
    // The blank line 2 is no record; the last line, without a line break, is one.
    assert_eq!(
        brief,
        [
            (1, "verdict", "twilio"),
            (3, "error", "FLOW306"),
            (4, "error", "FLOW306"),
            (5, "error", "FLOW306"),
            (6, "error", "FLOW306"),
            (7, "error", "FLOW304"),
            (8, "verdict", "twilio"),
        ]
    );
    assert!(
        rows[1]["error"]
            .as_str()
            .unwrap()
            .contains("a list, not an object")
    );
    assert_eq!(
        rows[2]["error"],
        "the record is not valid JSON: EOF while parsing a string at column 17"
    );
    assert!(rows[3]["error"].as_str().unwrap().contains("not UTF-8"));
    assert!(
        rows[4]["error"]
            .as_str()
            .unwrap()
            .contains("answers `us_canada` twice")
    );
    let out = batch_in(dir.path(), &["bad.jsonl", "--fail-fast"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("malformed_record_fail_fast", out.transcript());

    write(
        dir.path(),
        "bad.csv",
        b"id,us_canada,outside\nr1,No\nr2,No,No,extra\nr3,\"No\",\nr4,N\xffo,\nr5,\"Yes\",\"Nope",
    );
    let out = batch_in(
        dir.path(),
        &["bad.csv", "--id", "id", "--output-format", "csv"],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stdout,
        "record,id,status,result,error\n\
         1,r1,error,FLOW306,\"the row has 2 fields, the header 3\"\n\
         2,r2,error,FLOW306,\"the row has 4 fields, the header 3\"\n\
         3,r3,verdict,twilio,\n\
         4,r4,error,FLOW306,field 2 is not UTF-8 text\n\
         5,r5,error,FLOW301,\"`Nope` is not an answer to `outside` (Do you send messages to people outside the US or Canada?); the options are: No, Yes\"\n"
    );
}

#[test]
fn empty_and_unreadable_inputs_are_diagnosed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.jsonl", b"");
    write(dir.path(), "blank.jsonl", b"\n  \n");
    write(dir.path(), "empty.csv", b"");
    write(dir.path(), "header.csv", b"us_canada,us_canada\nNo,No\n");
    write(dir.path(), "answers.txt", b"{}\n");
    for (input, message) in [
        ("empty.jsonl", "`empty.jsonl` holds no records"),
        ("blank.jsonl", "`blank.jsonl` holds no records"),
        ("empty.csv", "a CSV input needs a header row"),
        ("header.csv", "names the column `us_canada` twice"),
        ("answers.txt", "cannot tell the format of `answers.txt`"),
        ("missing.jsonl", "cannot read `missing.jsonl`"),
    ] {
        let out = batch_in(dir.path(), &[input, "-o", "out.jsonl"]);
        assert_eq!(out.code, 2, "{input}");
        assert!(out.stderr.contains(message), "{input}: {}", out.stderr);
        assert!(!dir.path().join("out.jsonl").exists(), "{input}");
    }
    let out = batch_in(dir.path(), &["empty.jsonl"]);
    insta::assert_snapshot!("empty_input", out.transcript());
}

#[test]
fn a_100_mb_line_is_evaluated_or_gets_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let pad = vec![b'x'; 1 << 20];
        f.write_all(b"{\"us_canada\": \"No\", \"note\": \"")
            .unwrap();
        for _ in 0..100 {
            f.write_all(&pad).unwrap();
        }
        f.write_all(b"\"}\n{\"us_canada\": \"").unwrap();
        f.write_all(&pad).unwrap();
        f.write_all(b"\"}\n{\"us_canada\": \"No\"}\n").unwrap();
    }
    let out = batch_in(dir.path(), &["long.jsonl"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        "{\"record\":1,\"status\":\"verdict\",\"verdict\":\"twilio\"}"
    );
    assert!(lines[1].starts_with("{\"record\":2,\"status\":\"error\",\"code\":\"FLOW301\""));
    // The message quotes the start of the answer only.
    assert!(lines[1].len() < 400, "{}", &lines[1][..400]);
    assert_eq!(
        lines[2],
        "{\"record\":3,\"status\":\"verdict\",\"verdict\":\"twilio\"}"
    );
}

/// On a terminal, stderr shows a progress bar while records come in, and only the summary once
/// the run ends; elsewhere (every other test here) nothing but the summary.
#[cfg(unix)]
#[test]
fn a_terminal_gets_a_progress_bar() {
    let dir = tempfile::tempdir().unwrap();
    let flow = root().join(FLOW);
    // Records arrive in two bursts a second apart, so the bar is drawn between them.
    let script = format!(
        "(printf '{{\"us_canada\": \"No\"}}\\n'; sleep 1; printf '{{\"us_canada\": \"Yes\"}}\\n') \
         | '{}' batch '{}' - --chunk-size 8 -o out.jsonl",
        env!("CARGO_BIN_EXE_flowrun"),
        flow.display()
    );
    let mut cmd = std::process::Command::new("sh");
    cmd.current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .arg("-c")
        .arg(script);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("starts on a pty");
    p.exp_string("1 records")
        .expect("the bar counts the first record");
    p.exp_string("needs_answer  1  outside 1")
        .expect("the summary at the end");
    p.exp_eof().expect("the run ends");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap(),
        "{\"record\":1,\"status\":\"verdict\",\"verdict\":\"twilio\"}\n\
         {\"record\":2,\"status\":\"needs_answer\",\"needs\":\"outside\"}\n"
    );
}

fn batch_stdin(args: &[&str], input: &str) -> support::Out {
    exec(
        flowrun_in(root())
            .arg("batch")
            .arg(FLOW)
            .arg("-")
            .args(args)
            .write_stdin(input.to_owned()),
    )
}

/// `run` with the text as a JSON answers file on standard input (named JSON: standard input's
/// format is otherwise guessed from the text, and `not json` would read as YAML).
fn run_stdin(input: &str) -> support::Out {
    exec(
        flowrun_in(root())
            .args([
                "run",
                FLOW,
                "-",
                "--answers-format",
                "json",
                "--format",
                "json",
            ])
            .write_stdin(input.to_owned()),
    )
}

/// Issue 12: a line that is not JSON was described by its first character (`not json` was "the
/// record is null", `trust me` "a boolean", `-x` "a number"). Now it is the JSON syntax error
/// with its column, in the words `flowrun run` uses for the same text as an answers file.
#[test]
fn a_line_that_is_not_json_gets_its_syntax_error_as_run_words_it() {
    let lines = [
        "not json",
        "trust me",
        "-x",
        "nul",
        "12 13",
        "{\"us_canada\": \"No\"} x",
    ];
    let out = batch_stdin(&[], &lines.join("\n"));
    assert_eq!(out.code, 2, "{out:#?}");
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each row is JSON"))
        .collect();
    assert_eq!(rows.len(), lines.len());
    let errors: Vec<&str> = rows.iter().map(|r| r["error"].as_str().unwrap()).collect();
    assert_eq!(
        errors,
        [
            "the record is not valid JSON: expected ident at column 2",
            "the record is not valid JSON: expected ident at column 4",
            "the record is not valid JSON: invalid number at column 2",
            "the record is not valid JSON: EOF while parsing a value at column 3",
            "the record is not valid JSON: trailing characters at column 4",
            "the record is not valid JSON: trailing characters at column 21",
        ]
    );
    for ((line, error), row) in lines.iter().zip(&errors).zip(&rows) {
        assert_eq!(row["code"], "FLOW306");
        // `run` reads the same text as an answers file: the same reader's message, `at line 1
        // column N` where a record, one line, says `at column N`.
        let run = run_stdin(line);
        assert_eq!(run.code, 2, "{line}: {run:#?}");
        let message = run.json()["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        let detail = error
            .strip_prefix("the record is not valid JSON: ")
            .unwrap();
        assert_eq!(
            message,
            format!(
                "the answers file is not valid JSON: {}",
                detail.replace("at column", "at line 1 column")
            ),
            "{line}"
        );
    }
    // Valid JSON that is no object still says what it is.
    let out = batch_stdin(&[], "null\ntrue\n-1.5\n\"text\"\n[1, 2]\n");
    let kinds: Vec<String> = out
        .stdout
        .lines()
        .map(|l| {
            let row: serde_json::Value = serde_json::from_str(l).unwrap();
            row["error"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        ["null", "a boolean", "a number", "a string", "a list"]
            .map(|k| format!("the record is {k}, not an object of question ids and answers"))
    );
    assert!(!out.stderr.contains("hint:"), "{}", out.stderr);
}

/// Issue 12: CSV piped to `-` without `--input-format csv` was read as JSON Lines, every row an
/// error with nothing to say why. The first line looks like a CSV header, so stderr says what to
/// pass; `--fail-fast` says it in the diagnostic's help.
#[test]
fn csv_on_standard_input_without_input_format_gets_a_hint() {
    let csv = std::fs::read_to_string(root().join(CSV)).unwrap();
    let out = batch_stdin(&[], &csv);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout.lines().count(), 6, "{}", out.stdout);
    assert!(
        out.stderr.contains("error         6  FLOW306 6\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with(
            "hint: `<stdin>` looks like CSV (its first line `id,us_canada,outside,analytics,hipaa` \
             reads as a header, not a JSON object), but standard input is read as JSON Lines \
             unless told otherwise: pass `--input-format csv`\n"
        ),
        "{}",
        out.stderr
    );
    // With --summary FILE the counts go to the file, the hint still to stderr.
    let dir = tempfile::tempdir().unwrap();
    let out = exec(
        flowrun_in(dir.path())
            .args(["batch", root().join(FLOW).to_str().unwrap(), "-"])
            .args(["--summary", "s.json"])
            .write_stdin(csv.clone()),
    );
    assert!(out.stderr.starts_with("hint: "), "{}", out.stderr);
    let out = batch_stdin(&["--fail-fast"], &csv);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("record 1 of `<stdin>`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--input-format csv"), "{}", out.stderr);
    // Read as CSV, as the hint says, the same text gives the README's rows.
    let out = batch_stdin(&["--input-format", "csv", "--id", "id"], &csv);
    assert_eq!(out.stdout, batch(&[FLOW, CSV, "--id", "id"]).stdout);
    assert!(!out.stderr.contains("hint:"), "{}", out.stderr);
    // A quoted header is CSV too; JSON with commas, or one bad JSON line, is not.
    let out = batch_stdin(&[], "\"us_canada\",\"outside\"\n\"No\",\"No\"\n");
    assert!(out.stderr.contains("hint: "), "{}", out.stderr);
    for input in ["[1, 2]\n", "{\"us_canada\": \"No\",}\n", "nope\n"] {
        let out = batch_stdin(&[], input);
        assert_eq!(out.code, 2, "{input}");
        assert!(!out.stderr.contains("hint:"), "{input}: {}", out.stderr);
    }
}

/// Issue 12: an answer that is no option, to a question the record's route never reaches (a stale
/// field of a replayed export), made the record an error; 2,071 of 5,002 records of a replay were
/// such. Now it is ignored and counted, as `flowrun run` ignores it with a FLOW308 warning; the
/// same answer on the route is still the record's error, in batch and run alike.
#[test]
fn invalid_answers_off_the_route_are_ignored_and_counted_as_run_does() {
    let stale = [
        // us_canada=No goes straight to twilio: outside, analytics and hipaa are off the route.
        r#"{"us_canada": "No", "hipaa": "maybe"}"#,
        r#"{"us_canada": "No", "outside": null, "analytics": ["Yes"], "hipaa": 7}"#,
        r#"{"us_canada": "Yes", "outside": "Yes", "analytics": "perhaps"}"#,
        // Stops at analytics, which needs an answer; hipaa is off the route.
        r#"{"us_canada": "Yes", "outside": "No", "hipaa": "maybe"}"#,
    ];
    let on_route = [
        (
            r#"{"us_canada": "Yes", "outside": "No", "analytics": "No", "hipaa": "maybe"}"#,
            "FLOW301",
        ),
        (
            r#"{"us_canada": "Yes", "outside": null, "hipaa": "maybe"}"#,
            "FLOW304",
        ),
    ];
    let mut input: Vec<&str> = stale.to_vec();
    input.extend(on_route.iter().map(|(line, _)| *line));
    let out = batch_stdin(&[], &(input.join("\n") + "\n"));
    assert_eq!(out.code, 2, "{out:#?}");
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let brief: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            let status = r["status"].as_str().unwrap();
            let what = r["verdict"].as_str().or(r["needs"].as_str());
            (status, what.or(r["code"].as_str()).unwrap())
        })
        .collect();
    assert_eq!(
        brief,
        [
            ("verdict", "twilio"),
            ("verdict", "twilio"),
            ("verdict", "twilio"),
            ("needs_answer", "analytics"),
            ("error", "FLOW301"),
            ("error", "FLOW304"),
        ]
    );
    assert_eq!(
        out.stderr,
        "records       6\n\
         verdict       3  twilio 3\n\
         needs_answer  1  analytics 1\n\
         error         2  FLOW301 1, FLOW304 1\n\
         ignored answers off the route: 4 records (FLOW308)\n"
    );
    // `run` agrees, record by record: the outcome, and a FLOW308 warning per ignored answer.
    for (line, row) in input.iter().zip(&rows) {
        let run = run_stdin(line);
        let json = run.json();
        match row["status"].as_str().unwrap() {
            "error" => {
                assert_eq!(run.code, 2, "{line}");
                assert_eq!(json["diagnostics"][0]["code"], row["code"], "{line}");
                assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1, "{line}");
            }
            status => {
                assert_eq!(json["status"], status, "{line}");
                let warnings = json["warnings"].as_array().unwrap();
                assert!(!warnings.is_empty(), "{line}");
                assert!(warnings.iter().all(|w| w["code"] == "FLOW308"), "{line}");
            }
        }
    }
    let run = exec(
        flowrun_in(root())
            .args(["run", FLOW, "-"])
            .write_stdin(stale[1]),
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(run.stderr.matches("FLOW308").count(), 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("route does not reach `hipaa`"),
        "{}",
        run.stderr
    );
    // In the JSON counts: a warning per code, as errors are.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "stale.jsonl", stale.join("\n").as_bytes());
    let out = batch_in(
        dir.path(),
        &["stale.jsonl", "--summary", "s.json", "--fail-fast"],
    );
    assert_eq!(out.code, 3, "no record is an error: {out:#?}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("s.json")).unwrap()).unwrap();
    assert_eq!(summary["warnings"], serde_json::json!({"FLOW308": 4}));
    assert_eq!(summary["errors"], serde_json::json!({}));
}

/// A replay of 5,002 records of which about 2,000 carry a stale answer to a question off their
/// route: none is an error.
#[test]
fn a_replay_with_many_stale_answers_has_no_errors() {
    let mut input = String::new();
    for i in 0..5_002 {
        input.push_str(if i % 5 < 2 {
            "{\"us_canada\": \"No\", \"hipaa\": \"unsure\"}\n"
        } else {
            "{\"us_canada\": \"No\"}\n"
        });
    }
    let out = batch_stdin(&["--jobs", "2", "--chunk-size", "4096"], &input);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .ends_with("error         0\nignored answers off the route: 2002 records (FLOW308)\n"),
        "{}",
        out.stderr
    );
}

/// Issue 12: `--compare` wrote every row of the new flow to stdout, then the counts. Now stdout
/// is the comparison alone; rows go to `-o FILE`, changed records to `--changed FILE`.
#[test]
fn compare_prints_the_comparison_on_stdout_and_rows_only_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let old = root().join("tests/fixtures/batch/old.flow");
    let jsonl = root().join(JSONL);
    let compare = |extra: &[&str]| {
        exec(
            flowrun_in(dir.path())
                .args(["batch", root().join(FLOW).to_str().unwrap()])
                .arg(&jsonl)
                .arg("--compare")
                .arg(&old)
                .args(extra),
        )
    };
    let table = "5 records: 1 changed, 4 unchanged\n\
                 old       new     records\n\
                 eligible  twilio  1\n";
    let out = compare(&[]);
    assert_eq!(out.code, 2, "record 5 is an error on both flows: {out:#?}");
    assert_eq!(out.stdout, table);
    assert_eq!(out.stderr, "");
    // Rows when asked, in the file; the comparison stays on stdout, its JSON in --summary.
    let out = compare(&[
        "-o",
        "rows.csv",
        "--path",
        "--changed",
        "changed.csv",
        "--summary",
        "c.json",
    ]);
    assert_eq!(out.stdout, table);
    let rows = std::fs::read_to_string(dir.path().join("rows.csv")).unwrap();
    assert_eq!(rows.lines().count(), 6, "{rows}");
    assert!(
        rows.starts_with("record,status,result,error,path\n"),
        "{rows}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("changed.csv")).unwrap(),
        "record,old,new\n2,eligible,twilio\n"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("c.json")).unwrap()).unwrap();
    assert_eq!(summary["changed"], 1);
    // Options that shape rows, without a file for them, are a usage error.
    for flag in [&["--path"][..], &["--output-format", "csv"][..]] {
        let out = compare(flag);
        assert_eq!(out.code, 2, "{flag:?}");
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr
                .contains("which --compare writes only to -o FILE"),
            "{}",
            out.stderr
        );
    }
    // A stale answer the old flow reads but the new one does not: a change, not two errors.
    write(
        dir.path(),
        "stale.jsonl",
        b"{\"us_canada\": \"No\", \"hipaa\": \"maybe\"}\n",
    );
    let out = exec(
        flowrun_in(dir.path())
            .args(["batch", root().join(FLOW).to_str().unwrap(), "stale.jsonl"])
            .arg("--compare")
            .arg(&old),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(
        out.stdout,
        "1 records: 0 changed, 1 unchanged\n\
         ignored answers off the route: 1 record on the old flow (FLOW308)\n\
         ignored answers off the route: 1 record on the new flow (FLOW308)\n"
    );
}
