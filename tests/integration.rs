//! Editor and CI integration: shell completions, the manual page, the pre-commit hooks.

use std::path::Path;

use assert_cmd::Command;

const VERBS: &[&str] = &[
    "run",
    "check",
    "render",
    "fmt",
    "explain",
    "completions",
    "man",
    "test",
];

fn flowrun(args: &[&str]) -> String {
    let output = Command::cargo_bin("flowrun")
        .expect("the flowrun binary is built")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("flowrun runs");
    assert_eq!(output.status.code(), Some(0), "{args:?}: {output:#?}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn every_shell_gets_a_completion_script_with_every_verb() {
    for (shell, marker) in [
        ("bash", "complete -F _flowrun"),
        ("zsh", "#compdef flowrun"),
        ("fish", "complete -c flowrun"),
    ] {
        let script = flowrun(&["completions", shell]);
        assert!(
            script.contains(marker),
            "{shell}: no `{marker}` in\n{script}"
        );
        for verb in VERBS {
            assert!(
                script.contains(verb),
                "{shell} script does not complete `{verb}`"
            );
        }
        // Options of the verbs are completed too (fish writes `-l format`).
        assert!(script.contains("format"), "{shell}: no --format");
    }
}

#[test]
fn the_manual_page_names_every_verb() {
    let page = flowrun(&["man"]);
    assert!(page.contains(".TH flowrun 1"), "{page}");
    for verb in VERBS {
        // roff escapes the dash: `flowrun\-check(1)`.
        assert!(
            page.contains(&format!("flowrun\\-{verb}(1)")),
            "the page does not list `{verb}`:\n{page}"
        );
    }
}

#[test]
fn each_verb_has_its_own_page() {
    for verb in VERBS {
        let page = flowrun(&["man", verb]);
        assert!(
            page.contains(&format!(".TH flowrun-{verb} 1")),
            "{verb}:\n{page}"
        );
        assert!(page.contains(".SH SYNOPSIS"), "{verb}:\n{page}");
    }
    assert!(flowrun(&["man", "check"]).contains("\\-\\-format"));
}

#[test]
fn the_pre_commit_hooks_run_check_and_fmt_on_flow_files() {
    let hooks = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .expect(".pre-commit-hooks.yaml at the repository root");
    let hooks: serde_json::Value =
        serde_saphyr::from_str(&hooks).expect(".pre-commit-hooks.yaml is YAML");
    let hooks = hooks.as_array().expect("a list of hooks");
    let find = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("no hook `{id}`"))
    };
    for (id, entry) in [
        ("flowrun-check", "flowrun check"),
        ("flowrun-fmt", "flowrun fmt --check"),
    ] {
        let hook = find(id);
        assert_eq!(hook["entry"], entry, "{id}");
        assert_eq!(hook["files"], "\\.flow$", "{id}");
        assert_eq!(hook["language"], "rust", "{id}");
        assert!(hook["name"].is_string(), "{id}");
    }
}
