//! flowrun's integration tests, as one test binary (`[[test]] integration` in Cargo.toml): what
//! the tests share is in `support`, and each feature has its own module, a file beside this one.
//! Run one part with a filter on its module path, `cargo test --test integration rules_page::`.
//!
//! Every module runs in the same process, on parallel threads: a test must not change what the
//! whole process shares (the current directory, environment variables). A test that needs that
//! runs the part in a child process, as `embedding` does.
//!
//! This file is not called `main.rs` on purpose: proptest walks up from a test's source for a
//! `main.rs` or `lib.rs`, and finding one here it would look for `tests/fmt.rs`'s regressions in
//! `proptest-regressions/fmt.txt` instead of `tests/fmt.proptest-regressions`. The test below
//! keeps the files beside the sources read.

mod support;

mod ask;
mod batch;
mod batch_compiled;
mod bounded_output;
mod check_formats;
mod cli;
mod config;
mod conformance;
mod diff;
mod dot;
mod edges;
mod eligibility;
mod embedding;
mod explain_run;
mod fast_path;
mod files;
mod fmt;
mod integration;
mod interop;
mod limits;
mod lint_conventions;
mod mermaid_bad_input;
mod paths;
mod properties;
mod readme;
mod render_answers;
mod rules;
mod rules_page;
mod settings;
mod stack_safety;
mod test_verb;

/// Each `tests/NAME.proptest-regressions` is the regressions file proptest reads for the
/// properties in `tests/NAME.rs`: the seeds it loads with the configuration the tests use are
/// the ones the file holds.
#[test]
fn proptest_reads_the_regressions_beside_each_source() {
    use proptest::test_runner::Config;

    let Some(persistence) = Config::default().failure_persistence else {
        eprintln!(
            "skipped: proptest's failure persistence is off (PROPTEST_DISABLE_FAILURE_PERSISTENCE)"
        );
        return;
    };
    let tests = support::root().join("tests");
    let mut files = 0;
    for entry in std::fs::read_dir(&tests).expect("tests/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "proptest-regressions") {
            continue;
        }
        let stem = path.file_stem().expect("a file name").to_string_lossy();
        // As `file!()` names the source in the `proptest!` macro: relative to the package root.
        let source = format!("tests/{stem}.rs");
        assert!(
            support::root().join(&source).is_file(),
            "{} has no source {source}",
            path.display()
        );
        let seeds = std::fs::read_to_string(&path)
            .expect("the regressions file")
            .lines()
            .filter(|line| line.starts_with("cc "))
            .count();
        let loaded = persistence.load_persisted_failures2(Some(Box::leak(source.into_boxed_str())));
        assert_eq!(
            loaded.len(),
            seeds,
            "proptest does not read {} for tests/{stem}.rs",
            path.display()
        );
        files += 1;
    }
    assert!(files >= 3, "only {files} regressions files in tests/");
}

/// With `autotests = false`, a file of `tests/` that this one does not declare is never built:
/// each must be a module here.
#[test]
fn every_file_of_tests_is_a_module_of_this_binary() {
    let suite = include_str!("suite.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(support::root().join("tests")).expect("tests/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = path.file_stem().expect("a file name").to_string_lossy();
        if stem != "suite" && !suite.contains(&format!("\nmod {stem};\n")) {
            missing.push(format!("mod {stem};"));
        }
    }
    assert!(
        missing.is_empty(),
        "tests/suite.rs lacks {}",
        missing.join(" ")
    );
}

/// insta names a snapshot after the test's module path, `integration::cli` for `tests/cli.rs`:
/// a snapshot named for a test binary of its own (`cli__...`, from before the tests were one
/// binary) would never be read.
#[test]
fn every_snapshot_is_named_for_this_binary() {
    let dir = support::root().join("tests/snapshots");
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/snapshots/ is readable")
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".snap") && !name.starts_with("integration__"))
        .collect();
    assert!(
        stale.is_empty(),
        "snapshots not named integration__<file>__<name>.snap: {stale:?}"
    );
}
