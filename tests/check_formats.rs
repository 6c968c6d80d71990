//! `flowrun check` for CI: every `--format` on a clean and a broken flow, the SARIF output
//! validated against the official SARIF 2.1.0 schema, the JUnit XML parsed back, `--deny
//! warnings`, globs, empty directories, unreadable files and the order of many files checked
//! in parallel. These drive the real `flowrun` binary from the repository root.

use std::path::Path;

use crate::support::{Out, exec, flowrun_in, root};
use quick_xml::events::Event;
use serde_json::Value;

const CLEAN: &str = "flows/eligibility.flow";
const BROKEN: &str = "tests/fixtures/cli/broken.flow";
const WARNING_ONLY: &str = "tests/fixtures/cli/warning-only.flow";
const FIXTURES: &str = "tests/fixtures/cli";
const FORMATS: [&str; 6] = ["human", "short", "json", "sarif", "github", "junit"];

/// Runs `flowrun ARGS...` from the repository root without colour, checks that it did not
/// panic and that it exited with `code`.
fn expect_exit<S: AsRef<std::ffi::OsStr>>(args: &[S], code: i32) -> Out {
    let out = exec(flowrun_in(root()).args(args));
    let shown: Vec<_> = args.iter().map(|a| a.as_ref().to_string_lossy()).collect();
    assert_eq!(out.code, code, "flowrun {}: {out:#?}", shown.join(" "));
    out
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

fn copy_fixture(from: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(root().join(from), to).unwrap();
}

// SARIF

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json"))
        .expect("the vendored SARIF schema is there");
    // The official schema's `run.language` pattern has a stray `]`, which the meta-schema's
    // ECMA-262 `format: regex` check refuses, so the schema would not compile. The file stays as
    // published; the one pattern is corrected in memory to what it means (`en` or `en-US`).
    let broken = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(text.contains(broken), "the vendored schema changed");
    let text = text.replace(broken, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// Parses SARIF output, validates it against the schema and checks what the schema cannot:
/// every result's rule is the one its `ruleIndex` points at, levels match, regions are sane.
fn valid_sarif(validator: &jsonschema::Validator, stdout: &str) -> Value {
    let log: Value = serde_json::from_str(stdout).expect("SARIF output is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    assert_eq!(run["tool"]["driver"]["name"], "flowrun");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), flowrun::checks::rules::RULES.len());
    for (rule, ours) in rules.iter().zip(flowrun::checks::rules::RULES) {
        assert_eq!(rule["id"], ours.id);
        assert_eq!(rule["name"], ours.name);
        assert_eq!(rule["shortDescription"]["text"], ours.summary);
        assert_eq!(rule["fullDescription"]["text"], ours.doc);
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            ours.severity.as_str()
        );
    }
    for result in run["results"].as_array().unwrap() {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.contains('\\') && !uri.starts_with('/'), "{uri}");
        if let Some(region) = location.get("region") {
            let n = |key: &str| region[key].as_u64().unwrap();
            assert!(n("startLine") >= 1 && n("startColumn") >= 1);
            assert!((n("endLine"), n("endColumn")) >= (n("startLine"), n("startColumn")));
        }
    }
    log
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let validator = sarif_validator();
    // The validator does refuse what is not SARIF.
    let mut wrong: Value =
        serde_json::from_str(&expect_exit(&["check", BROKEN, "--format", "sarif"], 1).stdout)
            .unwrap();
    wrong["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&wrong));
    wrong["runs"][0]["results"][0]["level"] = "error".into();
    assert!(validator.is_valid(&wrong));
    wrong["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&wrong));

    let out = expect_exit(&["check", CLEAN, "--format", "sarif"], 0);
    let log = valid_sarif(&validator, &out.stdout);
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));

    let out = expect_exit(&["check", BROKEN, "--format", "sarif"], 1);
    let log = valid_sarif(&validator, &out.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let summary: Vec<_> = results
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            format!(
                "{} {} {} {}:{}-{}:{}",
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "FLOW104 error tests/fixtures/cli/broken.flow 5:11-5:14",
            "FLOW011 warning tests/fixtures/cli/broken.flow 6:11-6:17",
        ]
    );

    // Every fixture of every rule, a missing path (a result without a region), and a file in a
    // directory whose name needs percent-encoding.
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("a dir, 100% é").join("x.flow");
    copy_fixture(BROKEN, &odd);
    let out = expect_exit(
        &[
            "check",
            "tests/fixtures",
            "no-such.flow",
            path_str(&odd),
            "--format",
            "sarif",
        ],
        2,
    );
    let log = valid_sarif(&validator, &out.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 10, "{}", out.stdout);
    let missing = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "no-such.flow"
        })
        .expect("the missing path is a result");
    assert_eq!(missing["ruleId"], "FLOW401");
    assert!(
        missing["locations"][0]["physicalLocation"]
            .get("region")
            .is_none()
    );
    assert!(out.stdout.contains("file:///"), "{}", out.stdout);
    assert!(
        out.stdout.contains("a%20dir,%20100%25%20%C3%A9/x.flow"),
        "{}",
        out.stdout
    );
}

// short, github, junit: snapshots of a directory of broken flows

#[test]
fn short_lists_one_line_per_diagnostic_by_file_then_position() {
    let out = expect_exit(&["check", FIXTURES, "--format", "short"], 1);
    insta::assert_snapshot!("short_fixtures", out.stdout);
    assert_eq!(out.stderr, "checked 4 flows: 3 errors, 2 warnings\n");

    let out = expect_exit(&["check", CLEAN, "--format", "short"], 0);
    assert_eq!(out.stdout, "");
}

#[test]
fn github_prints_workflow_commands() {
    let out = expect_exit(&["check", FIXTURES, "--format", "github"], 1);
    insta::assert_snapshot!("github_fixtures", out.stdout);
    assert_eq!(out.stderr, "");

    let out = expect_exit(&["check", CLEAN, "--format", "github"], 0);
    assert_eq!(out.stdout, "");
}

#[test]
fn github_escapes_properties_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("a,b:c%.flow");
    copy_fixture(BROKEN, &odd);
    let out = expect_exit(&["check", path_str(&odd), "--format", "github"], 1);
    let first = out.stdout.lines().next().unwrap();
    let dir_text = path_str(dir.path()).replace(':', "%3A").replace(',', "%2C");
    assert!(
        first.starts_with(&format!(
            "::error file={dir_text}/a%2Cb%3Ac%25.flow,line=5,col=11,"
        )),
        "{first}"
    );
    // The help is on a second line of the annotation: an escaped line break.
    assert!(first.contains("%0Ahelp: "), "{first}");
    assert_eq!(out.stdout.lines().count(), 2);
}

/// What a JUnit report says, read back with an XML parser: per test case, its name and the
/// kinds of children it has (`failure`, `error`, `system-out`), and its `file` and `line`; the
/// suite's counts. Every suite and case must have a `time` in seconds.
#[derive(Debug, PartialEq)]
struct Junit {
    suites: usize,
    counts: Vec<(String, String)>,
    cases: Vec<(String, Vec<String>)>,
    places: Vec<(String, Option<usize>)>,
}

/// A JUnit report with every `time="..."` value replaced by `T`, for snapshots: durations
/// differ from run to run.
pub(crate) fn without_times(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(" time=\"") {
        let value = at + " time=\"".len();
        out.push_str(&rest[..value]);
        out.push('T');
        let end = rest[value..].find('"').expect("the value is closed") + value;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Records a `<testcase>`: its name, file and line; its time must be seconds.
fn junit_case(
    junit: &mut Junit,
    attr: &dyn Fn(&quick_xml::events::BytesStart<'_>, &str) -> Option<String>,
    e: &quick_xml::events::BytesStart<'_>,
) {
    let name = attr(e, "name").expect("every case has a name");
    assert_seconds(attr(e, "time"), &name);
    let line = attr(e, "line").map(|l| l.parse().expect("line is a number"));
    let file = attr(e, "file").expect("every case has a file");
    junit.places.push((file, line));
    junit.cases.push((name, Vec::new()));
}

/// A `time` attribute: seconds, a number of at least 0.
fn assert_seconds(time: Option<String>, of: &str) {
    let time = time.unwrap_or_else(|| panic!("{of} has no time attribute"));
    let seconds: f64 = time
        .parse()
        .unwrap_or_else(|e| panic!("{of}: time {time:?} is not a number: {e}"));
    assert!(seconds >= 0.0 && seconds.is_finite(), "{of}: time {time}");
}

fn parse_junit(xml: &str) -> Junit {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut junit = Junit {
        suites: 0,
        counts: Vec::new(),
        cases: Vec::new(),
        places: Vec::new(),
    };
    let attr = |e: &quick_xml::events::BytesStart<'_>, name: &str| {
        e.try_get_attribute(name)
            .expect("attributes are well-formed")
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .expect("attribute escapes are valid")
                    .into_owned()
            })
    };
    let mut depth = 0;
    loop {
        match reader
            .read_event()
            .expect("JUnit output is well-formed XML")
        {
            Event::Start(e) | Event::Empty(e)
                if matches!(e.name().as_ref(), "testsuite" | "testsuites") =>
            {
                assert_seconds(attr(&e, "time"), "a suite");
                if e.name().as_ref() == "testsuites" {
                    continue;
                }
                junit.suites += 1;
                for name in ["tests", "failures", "errors"] {
                    junit
                        .counts
                        .push((name.to_owned(), attr(&e, name).unwrap()));
                }
            }
            Event::Start(e) if e.name().as_ref() == "testcase" => {
                junit_case(&mut junit, &attr, &e);
                depth = 1;
            }
            // A case with nothing in it: no children and no end tag.
            Event::Empty(e) if e.name().as_ref() == "testcase" => {
                junit_case(&mut junit, &attr, &e);
            }
            Event::Start(e) if depth == 1 => {
                let tag = e.name().as_ref().to_owned();
                junit.cases.last_mut().unwrap().1.push(tag);
                depth = 2;
            }
            Event::End(e) if e.name().as_ref() == "testcase" => depth = 0,
            Event::End(_) if depth == 2 => depth = 1,
            Event::GeneralRef(r) => {
                let known = r
                    .resolve_char_ref()
                    .expect("character references are valid");
                let name: &str = r.as_ref();
                assert!(
                    known.is_some() || ["lt", "gt", "amp", "quot", "apos"].contains(&name),
                    "unknown entity &{name};"
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    junit
}

fn strings(items: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    items
        .iter()
        .map(|(name, tags)| {
            (
                (*name).to_owned(),
                tags.iter().map(|t| (*t).to_owned()).collect(),
            )
        })
        .collect()
}

#[test]
fn junit_is_well_formed_with_one_case_per_file() {
    let out = expect_exit(&["check", FIXTURES, "--format", "junit"], 1);
    insta::assert_snapshot!("junit_fixtures", without_times(&out.stdout));
    let junit = parse_junit(&out.stdout);
    assert_eq!(junit.suites, 1);
    // Each case points at its file and its first failure (else its first diagnostic).
    let places: Vec<(&str, Option<usize>)> = junit
        .places
        .iter()
        .map(|(file, line)| (file.as_str(), *line))
        .collect();
    assert_eq!(
        places,
        [
            ("tests/fixtures/cli/broken.flow", Some(5)),
            ("tests/fixtures/cli/cycle.flow", Some(4)),
            ("tests/fixtures/cli/sequence.flow", Some(1)),
            ("tests/fixtures/cli/warning-only.flow", Some(5)),
        ]
    );
    assert_eq!(
        junit.cases,
        strings(&[
            ("tests/fixtures/cli/broken.flow", &["failure", "system-out"]),
            ("tests/fixtures/cli/cycle.flow", &["failure"]),
            ("tests/fixtures/cli/sequence.flow", &["failure"]),
            ("tests/fixtures/cli/warning-only.flow", &["system-out"]),
        ])
    );
    let counts = |t: &str, f: &str, e: &str| {
        vec![
            ("tests".to_owned(), t.to_owned()),
            ("failures".to_owned(), f.to_owned()),
            ("errors".to_owned(), e.to_owned()),
        ]
    };
    assert_eq!(junit.counts, counts("4", "3", "0"));

    let out = expect_exit(&["check", CLEAN, "--format", "junit"], 0);
    let junit = parse_junit(&out.stdout);
    assert_eq!(junit.cases, strings(&[(CLEAN, &[])]));
    assert_eq!(junit.counts, counts("1", "0", "0"));

    // A path that cannot be read is an <error>; denied warnings are a <failure>.
    let out = expect_exit(
        &[
            "check",
            WARNING_ONLY,
            "no-such.flow",
            "--format",
            "junit",
            "--deny",
            "warnings",
        ],
        2,
    );
    let junit = parse_junit(&out.stdout);
    assert_eq!(
        junit.cases,
        strings(&[("no-such.flow", &["error"]), (WARNING_ONLY, &["failure"])])
    );
    assert_eq!(junit.counts, counts("2", "1", "1"));
}

#[test]
fn junit_escapes_markup_in_names_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("<a & \"b\">.flow");
    std::fs::write(
        &odd,
        "flowchart TD\n    A[\"x < y & z\"] --> B\n    B --> A\n",
    )
    .unwrap();
    let out = expect_exit(&["check", path_str(&odd), "--format", "junit"], 1);
    let junit = parse_junit(&out.stdout);
    assert_eq!(junit.cases.len(), 1);
    assert_eq!(junit.cases[0].0, path_str(&odd));
    assert_eq!(junit.cases[0].1, ["failure"]);
}

// every format, clean and broken

#[test]
fn every_format_on_a_clean_and_a_broken_flow() {
    for format in FORMATS {
        let clean = expect_exit(&["check", CLEAN, "--format", format], 0);
        let broken = expect_exit(&["check", BROKEN, "--format", format], 1);
        match format {
            "human" => {
                assert_eq!(clean.stdout, "");
                assert_eq!(clean.stderr, "checked 1 flow: no problems\n");
                assert!(broken.stderr.contains("FLOW104"), "{}", broken.stderr);
            }
            "json" => {
                assert_eq!(
                    serde_json::from_str::<Value>(&clean.stdout).unwrap(),
                    Value::Array(vec![])
                );
                let list: Value = serde_json::from_str(&broken.stdout).unwrap();
                assert_eq!(list[0]["code"], "FLOW104");
                assert_eq!(list[0]["file"], BROKEN);
                assert_eq!(list[1]["code"], "FLOW011");
            }
            _ => {
                assert!(
                    broken.stdout.contains("FLOW104"),
                    "{format}: {}",
                    broken.stdout
                );
                assert!(
                    broken.stdout.contains("FLOW011"),
                    "{format}: {}",
                    broken.stdout
                );
            }
        }
    }
}

#[test]
fn lint_is_an_alias_that_takes_the_formats() {
    let out = expect_exit(&["lint", BROKEN, "--format", "short"], 1);
    assert!(
        out.stdout
            .starts_with("tests/fixtures/cli/broken.flow:5:11: error[FLOW104] ")
    );
}

// --deny warnings

#[test]
fn deny_warnings_makes_warnings_fail() {
    for format in FORMATS {
        expect_exit(&["check", WARNING_ONLY, "--format", format], 0);
        expect_exit(
            &[
                "check",
                WARNING_ONLY,
                "--format",
                format,
                "--deny",
                "warnings",
            ],
            1,
        );
    }
    expect_exit(&["check", CLEAN, "--deny", "warnings"], 0);
    // Unreadable paths still outrank failures.
    expect_exit(
        &["check", WARNING_ONLY, "no-such.flow", "--deny", "warnings"],
        2,
    );
    let out = expect_exit(&["check", CLEAN, "--deny", "errors"], 2);
    assert!(out.stderr.contains("warnings"), "{}", out.stderr);
}

// paths: globs, empty directories, unreadable files

#[test]
fn globs_are_expanded_by_flowrun_when_the_shell_did_not() {
    let out = expect_exit(
        &["check", "tests/fixtures/cli/*.flow", "--format", "short"],
        1,
    );
    let by_dir = expect_exit(&["check", FIXTURES, "--format", "short"], 1);
    assert_eq!(out.stdout, by_dir.stdout);

    let dir = tempfile::tempdir().unwrap();
    copy_fixture(CLEAN, &dir.path().join("top.flow"));
    copy_fixture(BROKEN, &dir.path().join("a/b/deep.flow"));
    copy_fixture(BROKEN, &dir.path().join("a/not-a-flow.txt"));
    let all = format!("{}/**/*.flow", path_str(dir.path()));
    let out = expect_exit(&["check", &all, "--format", "junit"], 1);
    let names: Vec<String> = parse_junit(&out.stdout)
        .cases
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let in_dir = |s: &str| format!("{}/{s}", path_str(dir.path()));
    assert_eq!(names, [in_dir("a/b/deep.flow"), in_dir("top.flow")]);

    // `*` does not cross directories.
    let top = format!("{}/*.flow", path_str(dir.path()));
    expect_exit(&["check", &top], 0);

    // A file named twice (by a glob and by itself) is checked once.
    let out = expect_exit(
        &["check", &all, &in_dir("a/b/deep.flow"), "--format", "short"],
        1,
    );
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
}

#[test]
fn a_directory_or_glob_with_no_flows() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a flow").unwrap();
    let path = path_str(dir.path());
    let out = expect_exit(&["check", path], 0);
    assert_eq!(
        out.stderr,
        format!("note: no `.flow` files under `{path}`\nchecked 0 flows: no problems\n")
    );
    // With --require-files the summary says what the exit code says: nothing was checked.
    let out = expect_exit(&["check", path, "--require-files"], 1);
    assert_eq!(
        out.stderr,
        format!(
            "error: no `.flow` files under `{path}` (--require-files)\n\
             error: no flows found, so nothing was checked (--require-files)\n"
        )
    );
    assert!(!out.stderr.contains("no problems"), "{}", out.stderr);
    let out = expect_exit(&["check", path, "--require-files", "--format", "short"], 1);
    assert!(
        out.stderr
            .ends_with("error: no flows found, so nothing was checked (--require-files)\n"),
        "{}",
        out.stderr
    );

    let glob = format!("{path}/**/*.flow");
    expect_exit(&["check", &glob, "--format", "json"], 0);
    let out = expect_exit(&["check", &glob, "--format", "json", "--require-files"], 1);
    assert_eq!(out.stdout.trim(), "[]");

    // With some flows found, only the path that names none fails.
    let out = expect_exit(&["check", CLEAN, path, "--require-files"], 1);
    assert!(
        out.stderr.ends_with(
            "checked 1 flow: no problems; error: 1 path named no flow (--require-files)\n"
        ),
        "{}",
        out.stderr
    );
    expect_exit(&["check", CLEAN, "--require-files"], 0);
}

#[test]
fn an_unreadable_file_in_a_tree_is_reported_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(CLEAN, &dir.path().join("a.flow"));
    copy_fixture(BROKEN, &dir.path().join("c.flow"));
    // A walk follows no link, so a link to nothing in the tree is passed over, not read.
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("b.flow")).unwrap();
    #[cfg(unix)]
    {
        let out = expect_exit(&["check", path_str(dir.path()), "--format", "short"], 1);
        let codes: Vec<&str> = out
            .stdout
            .lines()
            .map(|l| l.split(['[', ']']).nth(1).unwrap())
            .collect();
        assert_eq!(codes, ["FLOW104", "FLOW011"], "{}", out.stdout);
        assert!(!out.stdout.contains("b.flow"), "{}", out.stdout);
        // Named on the command line, the link is read, and that fails.
        let link = dir.path().join("b.flow");
        let out = expect_exit(&["check", path_str(&link), "--format", "short"], 2);
        assert!(
            out.stdout.contains("b.flow: error[FLOW401] cannot read"),
            "{}",
            out.stdout
        );
        std::fs::remove_file(dir.path().join("b.flow")).unwrap();
    }
    // A file without read permission, unless the user reads anyway (root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("b.flow");
        copy_fixture(CLEAN, &locked);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_ok() {
            eprintln!("skipped: permissions do not stop this user (root?) from reading");
            return;
        }
        let out = expect_exit(&["check", path_str(dir.path()), "--format", "json"], 2);
        let list: Value = serde_json::from_str(&out.stdout).unwrap();
        let codes: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["FLOW401", "FLOW104", "FLOW011"]);
        assert!(
            list[0]["message"]
                .as_str()
                .unwrap()
                .contains("permission denied")
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_a_tree_ends() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(CLEAN, &dir.path().join("sub/a.flow"));
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/back")).unwrap();
    let out = expect_exit(&["check", path_str(dir.path())], 0);
    assert!(out.stderr.ends_with("no problems\n"), "{}", out.stderr);
}

// many files, in parallel

#[test]
fn many_files_come_out_in_path_order_every_time() {
    let dir = tempfile::tempdir().unwrap();
    // Created in an order unlike the sorted one, some in subdirectories, some broken.
    let mut names = Vec::new();
    for i in (0..60).rev() {
        let name = match i % 3 {
            0 => format!("f{i:02}.flow"),
            1 => format!("sub{}/g{i}.flow", i % 4),
            _ => format!("h/{i}.flow"),
        };
        let fixture = if i % 2 == 0 {
            BROKEN
        } else {
            "tests/fixtures/cli/cycle.flow"
        };
        copy_fixture(fixture, &dir.path().join(&name));
        names.push(name);
    }
    let path = path_str(dir.path());
    let first = expect_exit(&["check", path, "--format", "short"], 1);
    let files: Vec<&str> = first
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
    assert_eq!(files, sorted);
    let mut distinct = files.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 60);
    // The same as checking the files one by one in that order.
    let one_by_one: String = distinct
        .iter()
        .map(|f| expect_exit(&["check", f, "--format", "short"], 1).stdout)
        .collect();
    assert_eq!(first.stdout, one_by_one);
    for _ in 0..3 {
        assert_eq!(
            expect_exit(&["check", path, "--format", "short"], 1).stdout,
            first.stdout
        );
    }
}
