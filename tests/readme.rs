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
    for rule in flowrun::checks::rules::RULES {
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

/// One `$ command` in a README block and the lines printed under it.
struct Transcript {
    line: usize,
    command: String,
    output: String,
}

/// Every `console` or `text` block that starts with `$ flowrun` (or `$ printf ... | flowrun`):
/// each `$` line is a command, the lines up to the next `$` what it printed.
fn transcripts(readme: &str) -> Vec<Transcript> {
    let mut found = Vec::new();
    let mut lines = readme.lines().enumerate().peekable();
    while let Some((_, line)) = lines.next() {
        let fence = line.trim_start();
        if fence != "```console" && fence != "```text" {
            continue;
        }
        let indent = line.len() - fence.len();
        let mut block = Vec::new();
        for (n, line) in lines.by_ref() {
            if line.trim_start() == "```" {
                break;
            }
            block.push((n + 1, line.get(indent..).unwrap_or(line.trim_start())));
        }
        if !block.first().is_some_and(|(_, l)| l.starts_with("$ ")) {
            continue;
        }
        for (n, text) in block {
            match text.strip_prefix("$ ") {
                Some(command) => found.push(Transcript {
                    line: n,
                    command: command.to_owned(),
                    output: String::new(),
                }),
                None => {
                    let last = found.last_mut().expect("a command comes first");
                    last.output.push_str(text);
                    last.output.push('\n');
                }
            }
        }
    }
    found
}

/// The README's example sessions are what the binary prints: each command runs in a scratch
/// directory that sees the repository's `flows/` and `tests/` (so files it writes land there),
/// with stderr merged into stdout as a terminal shows them.
#[cfg(unix)]
#[test]
fn the_example_sessions_print_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = readme();
    let sessions = transcripts(&readme);
    let verbs: Vec<&str> = sessions
        .iter()
        .filter_map(|t| {
            t.command
                .split(" flowrun ")
                .nth(1)
                .or(t.command.strip_prefix("flowrun "))
        })
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    for verb in ["run", "paths", "test", "diff", "ask", "batch"] {
        assert!(
            verbs.contains(&verb),
            "no README session runs `flowrun {verb}`"
        );
    }
    let binary = assert_cmd::cargo::cargo_bin("flowrun");
    let bin_dir = binary.parent().expect("the binary is in a directory");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH joins");
    let scratch = tempfile::tempdir().expect("a scratch directory");
    for dir in ["flows", "tests"] {
        std::os::unix::fs::symlink(root.join(dir), scratch.path().join(dir)).expect("symlink");
    }
    for t in &sessions {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{} 2>&1", t.command))
            .current_dir(scratch.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("sh runs");
        let printed = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            printed.trim_end(),
            t.output.trim_end(),
            "README.md line {}: `{}` printed something else",
            t.line,
            t.command
        );
    }
}
