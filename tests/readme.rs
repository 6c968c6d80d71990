//! The README promises things about the project; these tests keep the promises true.

use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

#[test]
fn the_mermaid_block_is_the_eligibility_flow() {
    let readme = readme();
    let start = readme.find("```mermaid\n").expect("a mermaid block") + "```mermaid\n".len();
    let end = start + readme[start..].find("```").expect("closed");
    let flow = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/eligibility.flow"),
    )
    .expect("the flow");
    assert_eq!(
        &readme[start..end],
        flow,
        "README's mermaid block differs from the flow"
    );
}

#[test]
fn every_diagnostic_code_is_in_the_table() {
    let readme = readme();
    for rule in flowrun::rules::RULES {
        let row = format!(
            "| {} | {} | {} |",
            rule.id,
            rule.name,
            rule.severity.as_str()
        );
        assert!(
            readme.contains(&row),
            "README lacks the row for {}: {row}",
            rule.id
        );
    }
}

#[test]
fn the_commands_at_the_top_name_real_files() {
    let readme = readme();
    let first_block = readme.split("```sh\n").nth(1).expect("a sh block");
    let commands = &first_block[..first_block.find("```").expect("closed")];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for word in commands.split_whitespace() {
        if word.contains('/') {
            assert!(root.join(word).exists(), "{word} does not exist");
        }
    }
    assert!(commands.contains("run flows/eligibility.flow"));
    assert!(commands.contains("scripts/test.sh"));
}
