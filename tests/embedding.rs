//! The embedding example (`examples/embed.rs`), run as a program embedding flowrun would run
//! it, and kept word for word in the README's "Embedding" section.

// The example's `main` is not called here: `run` is, with a buffer for its output.
#[allow(dead_code)]
#[path = "../examples/embed.rs"]
mod example;

fn output() -> String {
    let mut out = Vec::new();
    example::run(&mut out).expect("the example runs");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn the_example_decides_one_and_many() {
    // The example names its flow relative to the repository root.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    assert_eq!(
        output(),
        "verdict: twilio\n\
         route: start -> us_canada -> outside -> twilio\n\
         customer: twilio\n\
         customer: needs hipaa\n"
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
