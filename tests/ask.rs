//! `flowrun ask`: one answer per line through a pipe, and the keyboard menu through a
//! pseudo-terminal (rexpect), driven like a person would, with the files it saves read back by
//! `flowrun run`.

use std::path::{Path, PathBuf};

use crate::support::{Out, exec, flowrun_in, root};

fn flow() -> PathBuf {
    root().join("flows/eligibility.flow")
}

/// `flowrun ask FLOW ARGS...` in `dir` with `input` on standard input (not a terminal).
fn ask_lines(dir: &Path, args: &[&str], input: &str) -> Out {
    exec(
        flowrun_in(dir)
            .arg("ask")
            .arg(flow())
            .args(args)
            .write_stdin(input),
    )
}

fn run(dir: &Path, answers: &str) -> Out {
    exec(flowrun_in(dir).arg("run").arg(flow()).arg(answers))
}

// ---------------------------------------------------------------- line mode

#[test]
fn lines_reach_the_verdict_and_print_what_run_prints() {
    let out = ask_lines(root(), &[], "Yes\nno\n1\n  NO \n");
    assert_eq!(out.code, 0, "{out:#?}");
    let expected = run(root(), "flows/answers/eligible.json");
    assert_eq!(expected.code, 0);
    assert_eq!(out.stdout, expected.stdout);
    // Each question and its numbered options were shown on stderr.
    assert!(
        out.stderr
            .contains("hipaa: Do you need HIPAA compliance?\n  1. No\n  2. Yes\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn back_returns_to_the_previous_question() {
    // outside = No leads to analytics; `back` asks outside again, and Yes ends at Twilio.
    let out = ask_lines(root(), &[], "Yes\nNo\nback\nYes\n");
    assert_eq!(out.code, 0, "{out:#?}");
    assert!(
        out.stdout.starts_with("verdict: twilio\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("outside    Do you send"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("-> Yes\n  twilio"), "{}", out.stdout);
    assert!(!out.stdout.contains("analytics"), "{}", out.stdout);
    assert_eq!(out.stderr.matches("outside: Do you send").count(), 2);
}

#[test]
fn the_end_of_input_before_a_verdict_needs_an_answer_like_run() {
    let out = ask_lines(root(), &[], "Yes\nNo\n");
    assert_eq!(out.code, 3, "{out:#?}");
    let expected = run(root(), "flows/answers/incomplete.json");
    assert_eq!(expected.code, 3);
    assert_eq!(out.stdout, expected.stdout);
    assert!(out.stdout.starts_with("needs an answer: analytics\n"));
}

#[test]
fn an_invalid_line_stops_with_exit_2_naming_the_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = ask_lines(dir.path(), &["--save", "a.json"], "Yes\nYse\nNo\nNo\nNo\n");
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stdout.is_empty());
    assert!(!dir.path().join("a.json").exists());
    let diagnostic = &out.stderr[out.stderr.find("FLOW406").expect("FLOW406")..];
    insta::assert_snapshot!("invalid_typed_answer", diagnostic);
}

#[test]
fn back_at_the_first_question_is_an_error() {
    let out = ask_lines(root(), &[], "back\nYes\n");
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("FLOW406"), "{}", out.stderr);
    assert!(
        out.stderr.contains("nothing to go back to"),
        "{}",
        out.stderr
    );
}

#[test]
fn saved_answers_in_each_format_give_run_the_same_verdict() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.json", "a.yaml", "a.yml", "a.toml"] {
        // Answered up to analytics, then back twice, and us_canada = No: only that is saved.
        let out = ask_lines(dir.path(), &["--save", name], "1\n1\nback\nback\nNo\n");
        assert_eq!(out.code, 0, "{out:#?}");
        assert!(
            out.stdout.starts_with("verdict: twilio\n"),
            "{}",
            out.stdout
        );
        assert!(
            out.stderr
                .contains(&format!("saved the answers to `{name}`"))
        );
        let replay = run(dir.path(), name);
        assert_eq!(replay.code, 0, "{name}: {replay:#?}");
        assert_eq!(replay.stdout, out.stdout, "{name}");
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(
            text.contains("us_canada") && !text.contains("outside"),
            "{text}"
        );
    }
    let json = std::fs::read_to_string(dir.path().join("a.json")).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap(),
        serde_json::json!({"us_canada": "No"})
    );
}

#[test]
fn saving_onto_an_existing_file_is_refused_before_any_question() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("kept.json");
    std::fs::write(&saved, "{\"us_canada\": \"No\"}\n").unwrap();
    let out = ask_lines(dir.path(), &["--save", "kept.json"], "Yes\nNo\nNo\nNo\n");
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stdout.is_empty());
    assert!(
        !out.stderr.contains("us_canada:"),
        "asked a question: {}",
        out.stderr
    );
    insta::assert_snapshot!("file_exists", out.stderr);
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap(),
        "{\"us_canada\": \"No\"}\n"
    );

    let out = ask_lines(
        dir.path(),
        &["--save", "kept.json", "--force"],
        "Yes\nNo\nNo\nNo\n",
    );
    assert_eq!(out.code, 0, "{out:#?}");
    let replay = run(dir.path(), "kept.json");
    assert!(
        replay.stdout.starts_with("verdict: eligible\n"),
        "{replay:#?}"
    );
}

#[test]
fn save_arguments_are_checked_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub.json")).unwrap();
    for (args, code) in [
        (&["--save", "answers.txt"][..], "FLOW303"),
        (&["--save", "sub.json", "--force"][..], "FLOW401"),
        (&["--save", "-"][..], "FLOW401"),
    ] {
        let out = ask_lines(dir.path(), args, "Yes\n");
        assert_eq!(out.code, 2, "{args:?}: {out:#?}");
        assert!(out.stderr.contains(code), "{args:?}: {}", out.stderr);
        assert!(
            !out.stderr.contains("us_canada:"),
            "{args:?}: {}",
            out.stderr
        );
    }
    // --force only means something with --save.
    let out = ask_lines(dir.path(), &["--force"], "Yes\n");
    assert_eq!(out.code, 2, "{out:#?}");
}

#[test]
fn the_flow_must_be_a_valid_file() {
    let out = exec(flowrun_in(root()).args(["ask", "-"]).write_stdin("Yes\n"));
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(
        out.stderr.contains("the flow must be a file"),
        "{}",
        out.stderr
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.flow"),
        "flowchart TD\n  a --> b --> a\n",
    )
    .unwrap();
    let out = exec(
        flowrun_in(dir.path())
            .args(["ask", "bad.flow"])
            .write_stdin("Yes\n"),
    );
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stderr.contains("FLOW101"), "{}", out.stderr);
}

// ---------------------------------------------------------------- terminal

/// Through a pseudo-terminal, as a person at a keyboard would use it.
#[cfg(unix)]
mod terminal {
    use super::*;
    use rexpect::process::WaitStatus;
    use rexpect::session::PtySession;

    /// Generous: a loaded machine may be slow, and every wait ends as soon as the text shows.
    const TIMEOUT_MS: u64 = 30_000;

    /// `flowrun ask FLOW ARGS...` on a pseudo-terminal, in `dir`.
    fn ask_tty(dir: &Path, args: &[&str]) -> PtySession {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flowrun"));
        cmd.current_dir(dir)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env_remove("RUST_BACKTRACE")
            .arg("ask")
            .arg(flow())
            .args(args);
        rexpect::session::spawn_command(cmd, Some(TIMEOUT_MS)).expect("flowrun starts on a pty")
    }

    /// Waits until `text` is printed (rexpect reads bytes as Latin-1, so `text` is ASCII).
    fn expect(p: &mut PtySession, text: &str) -> String {
        p.exp_string(text)
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"))
    }

    /// Text as rexpect reads it: each byte of its UTF-8 a char of its own.
    fn latin1(text: &str) -> String {
        text.bytes().map(char::from).collect()
    }

    /// Types `keys` (raw bytes: `\r` is Enter, `\x1b[B` Down, `\x7f` Backspace, `\x03` Ctrl-C).
    fn press(p: &mut PtySession, keys: &str) {
        p.send(keys).expect("keys sent");
        p.flush().expect("keys flushed");
    }

    fn exit_code(p: &mut PtySession) -> i32 {
        p.exp_eof().expect("flowrun ends");
        match p.process().wait().expect("flowrun exits") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("flowrun did not exit normally: {other:?}"),
        }
    }

    const DOWN: &str = "\x1b[B";
    const UP: &str = "\x1b[A";
    const ENTER: &str = "\r";
    const BACKSPACE: &str = "\x7f";
    const CTRL_C: &str = "\x03";

    #[test]
    fn tty_arrow_keys_reach_the_verdict_and_the_saved_answers_replay() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = ask_tty(dir.path(), &[]);
        expect(&mut p, "us_canada: Is your business based");
        expect(&mut p, "in the US or Canada?");
        expect(&mut p, "> 1. Yes");
        expect(&mut p, "Enter choose");
        press(&mut p, DOWN);
        expect(&mut p, "> 2. No");
        press(&mut p, UP);
        expect(&mut p, "> 1. Yes");
        press(&mut p, ENTER);
        // The route so far is drawn above the next question.
        expect(
            &mut p,
            "us_canada  Is your business based in the US or Canada? -> Yes",
        );
        expect(&mut p, "outside: Do you send messages to people");
        expect(&mut p, "> 1. No");
        press(&mut p, "j");
        expect(&mut p, "> 2. Yes");
        press(&mut p, "k");
        expect(&mut p, "> 1. No");
        press(&mut p, ENTER);
        expect(&mut p, "analytics: Do you need analytics");
        press(&mut p, ENTER);
        expect(&mut p, "hipaa: Do you need HIPAA compliance?");
        press(&mut p, ENTER);
        expect(&mut p, "verdict: eligible");
        expect(&mut p, "hipaa      Do you need HIPAA compliance? -> No");
        expect(&mut p, "Save the answers?");
        press(&mut p, "answers.toml\r");
        expect(&mut p, "saved the answers to `answers.toml`");
        assert_eq!(exit_code(&mut p), 0);

        let replay = run(dir.path(), "answers.toml");
        assert_eq!(replay.code, 0, "{replay:#?}");
        assert_eq!(
            replay.stdout,
            run(root(), "flows/answers/eligible.json").stdout
        );
    }

    #[test]
    fn tty_back_changes_an_answer_and_an_existing_file_needs_confirming() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("kept.json"), "{}\n").unwrap();
        let mut p = ask_tty(dir.path(), &[]);
        expect(&mut p, "> 1. Yes");
        press(&mut p, "1");
        expect(&mut p, "outside: Do you send");
        expect(&mut p, "Backspace back");
        // Backspace goes back to us_canada, with its earlier answer highlighted.
        press(&mut p, BACKSPACE);
        expect(&mut p, "us_canada: Is your business based");
        expect(&mut p, "> 1. Yes");
        press(&mut p, "1");
        expect(&mut p, "outside: Do you send");
        // Up from the first option reaches the back entry; Enter on it goes back too.
        press(&mut p, UP);
        expect(&mut p, &latin1("> ← back"));
        press(&mut p, ENTER);
        expect(&mut p, "us_canada: Is your business based");
        press(&mut p, "2");
        expect(&mut p, "verdict: twilio");
        expect(&mut p, "Save the answers?");
        press(&mut p, "kept.json\r");
        expect(&mut p, "`kept.json` exists. Replace it? [y/N]");
        // `n` is shown, not taken at once: Enter submits it, so no Enter is left over to submit
        // the name again (had it leaked, `changed.json` below would land in a second prompt).
        press(&mut p, "n");
        expect(&mut p, "> n");
        press(&mut p, ENTER);
        expect(&mut p, "was left as it is");
        // The name typed is kept for editing: Ctrl-U clears it.
        expect(&mut p, "> kept.json");
        press(&mut p, "\x15changed.json\r");
        expect(&mut p, "saved the answers to `changed.json`");
        assert_eq!(exit_code(&mut p), 0);

        assert_eq!(
            std::fs::read_to_string(dir.path().join("kept.json")).unwrap(),
            "{}\n"
        );
        let saved = std::fs::read_to_string(dir.path().join("changed.json")).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&saved).unwrap(),
            serde_json::json!({"us_canada": "No"})
        );
        let replay = run(dir.path(), "changed.json");
        assert!(
            replay.stdout.starts_with("verdict: twilio\n"),
            "{replay:#?}"
        );
    }

    /// Answers us_canada = No (verdict twilio) and names `kept.json`, which exists: the
    /// session waits at "Replace it?".
    fn at_the_replace_prompt(dir: &Path) -> PtySession {
        std::fs::write(dir.join("kept.json"), "{}\n").unwrap();
        let mut p = ask_tty(dir, &[]);
        expect(&mut p, "Esc or q quit");
        press(&mut p, "2");
        expect(&mut p, "verdict: twilio");
        expect(&mut p, "Save the answers?");
        press(&mut p, "kept.json\r");
        expect(&mut p, "`kept.json` exists. Replace it? [y/N]");
        p
    }

    #[test]
    fn tty_y_then_enter_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = at_the_replace_prompt(dir.path());
        press(&mut p, "y");
        expect(&mut p, "> y");
        press(&mut p, ENTER);
        expect(&mut p, "saved the answers to `kept.json`");
        assert_eq!(exit_code(&mut p), 0);
        let replay = run(dir.path(), "kept.json");
        assert!(
            replay.stdout.starts_with("verdict: twilio\n"),
            "{replay:#?}"
        );
    }

    #[test]
    fn tty_enter_alone_at_the_replace_prompt_is_no_and_does_not_leak() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = at_the_replace_prompt(dir.path());
        press(&mut p, ENTER);
        expect(&mut p, "was left as it is");
        expect(&mut p, "> kept.json");
        // Back at the name prompt, waiting: an empty name now skips saving.
        press(&mut p, "\x15\r");
        expect(&mut p, "the answers were not saved");
        assert_eq!(exit_code(&mut p), 0);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("kept.json")).unwrap(),
            "{}\n"
        );
    }

    #[test]
    fn tty_esc_q_and_ctrl_c_at_the_replace_prompt_quit_with_130_writing_nothing() {
        for (name, keys) in [
            ("Esc", "\x1b"),
            ("q", "q"),
            ("Ctrl-C", CTRL_C),
            ("y, Esc", "y\x1b"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let mut p = at_the_replace_prompt(dir.path());
            press(&mut p, keys);
            expect(&mut p, "stopped: no answers were saved");
            assert_eq!(exit_code(&mut p), 130, "{name}");
            assert_eq!(
                std::fs::read_to_string(dir.path().join("kept.json")).unwrap(),
                "{}\n",
                "{name}"
            );
            assert_eq!(
                std::fs::read_dir(dir.path()).unwrap().count(),
                1,
                "{name}: another file was written"
            );
        }
    }

    #[test]
    fn tty_ctrl_c_writes_nothing_and_restores_the_terminal() {
        let dir = tempfile::tempdir().unwrap();
        // Through a shell, so that the terminal's settings can be read once flowrun has exited.
        let mut cmd = std::process::Command::new("sh");
        cmd.current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .arg("-c")
            .arg("\"$0\" ask \"$1\" --save out.json; echo \"exit=$?\"; stty -a")
            .arg(env!("CARGO_BIN_EXE_flowrun"))
            .arg(flow());
        let mut p = rexpect::session::spawn_command(cmd, Some(TIMEOUT_MS)).unwrap();
        expect(&mut p, "> 1. Yes");
        press(&mut p, ENTER);
        expect(&mut p, "outside: Do you send");
        expect(&mut p, "Esc or q quit");
        press(&mut p, CTRL_C);
        let output = expect(&mut p, "exit=");
        assert!(
            output.contains("stopped: no answers were saved"),
            "{output:?}"
        );
        // The last thing flowrun wrote shows the cursor again.
        assert!(output.ends_with("\x1b[?25h"), "{output:?}");
        let code = p.read_line().unwrap();
        assert_eq!(code.trim(), "130");
        // Raw mode is off: line editing and signals are back on.
        let settings = p.exp_eof().unwrap();
        assert!(
            settings.contains("icanon") && !settings.contains("-icanon"),
            "{settings}"
        );
        assert!(
            settings.contains("isig") && !settings.contains("-isig"),
            "{settings}"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "a file was written"
        );
    }

    #[test]
    fn tty_esc_stops_with_exit_130() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = ask_tty(dir.path(), &["--save", "out.yaml"]);
        expect(&mut p, "Esc or q quit");
        press(&mut p, "\x1b");
        expect(&mut p, "stopped: no answers were saved");
        assert_eq!(exit_code(&mut p), 130);
        assert!(!dir.path().join("out.yaml").exists());
    }

    #[test]
    fn tty_save_option_writes_without_asking() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = ask_tty(dir.path(), &["--save", "out.yaml"]);
        expect(&mut p, "Esc or q quit");
        press(&mut p, "2");
        expect(&mut p, "verdict: twilio");
        expect(&mut p, "saved the answers to `out.yaml`");
        assert_eq!(exit_code(&mut p), 0);
        let replay = run(dir.path(), "out.yaml");
        assert!(
            replay.stdout.starts_with("verdict: twilio\n"),
            "{replay:#?}"
        );
    }

    #[test]
    fn tty_ctrl_c_at_the_save_prompt_saves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = ask_tty(dir.path(), &[]);
        expect(&mut p, "Esc or q quit");
        press(&mut p, "2");
        expect(&mut p, "Save the answers?");
        press(&mut p, "half.json");
        expect(&mut p, "> half.json");
        press(&mut p, CTRL_C);
        expect(&mut p, "stopped: no answers were saved");
        assert_eq!(exit_code(&mut p), 130);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
