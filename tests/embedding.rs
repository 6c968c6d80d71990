//! The embedding example (`examples/embed.rs`), run as a program embedding flowrun would run
//! it, and kept word for word in the README's "Embedding" section.

use std::process::Command;

use crate::support::embed as example;

fn output() -> String {
    let mut out = Vec::new();
    example::run(&mut out).expect("the example runs");
    String::from_utf8(out).expect("UTF-8")
}

/// Set in the child process that runs the example (see below).
const IN_CHILD: &str = "FLOWRUN_EMBEDDING_CHILD";

/// The example names its flow relative to the repository root, as a program started there
/// would. The current directory belongs to the whole process, and every test of this binary
/// runs in it on parallel threads, so the example is not run after `set_current_dir`: this test
/// runs itself again in a child process, this same test binary with only this test selected,
/// started in the repository root.
#[test]
fn the_example_decides_one_and_many() {
    if std::env::var_os(IN_CHILD).is_some() {
        assert_eq!(
            output(),
            "verdict: twilio\n\
             route: start -> us_canada -> outside -> twilio\n\
             customer: twilio\n\
             customer: needs hipaa\n"
        );
        return;
    }
    // The test's path within this binary: `embedding::the_example_decides_one_and_many`.
    let module = module_path!()
        .split_once("::")
        .map_or(module_path!(), |(_, path)| path);
    let name = format!("{module}::the_example_decides_one_and_many");
    let child = Command::new(std::env::current_exe().expect("the test binary's path"))
        .args([name.as_str(), "--exact"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(IN_CHILD, "1")
        .output()
        .expect("the test binary runs again");
    let stdout = String::from_utf8_lossy(&child.stdout);
    let stderr = String::from_utf8_lossy(&child.stderr);
    assert!(
        child.status.success() && stdout.contains("test result: ok. 1 passed"),
        "the example in a child process ({name}):\n{stdout}\n{stderr}"
    );
}

#[test]
fn the_readme_shows_the_example_as_it_is() {
    let readme = include_str!("../README.md");
    let example = include_str!("../examples/embed.rs");
    let body = example
        .split_once("\nuse ")
        .map(|(_, rest)| format!("use {rest}"))
        .expect("the example has imports");
    assert!(
        readme.contains(&body),
        "README.md's Embedding section differs from examples/embed.rs"
    );
}
