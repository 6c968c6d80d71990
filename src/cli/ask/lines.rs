//! `flowrun ask` without a terminal: each question and its numbered options on standard error,
//! one answer per line of standard input. A script cannot retry, so the first line that is no
//! answer stops the session (FLOW406, exit 2) rather than being asked again.

use std::io::{BufRead, Write};

use crate::Diagnostic;
use crate::SourceFile;
use crate::checks::rules::Code;
use crate::evaluate::session::{Position, Session};
use crate::flow::text::one_line;
use crate::input::source::Span;

use super::{Ending, Failure, SaveTo, question_lines, save};
use crate::cli::{Exit, run::text_report};

/// Runs a session from `input`, prompting on `prompts` and printing the outcome on `report`.
pub(super) fn ask(
    mut session: Session,
    mut input: impl BufRead,
    prompts: &mut impl Write,
    report: &mut impl Write,
    save_to: Option<&SaveTo>,
) -> Result<Ending, Failure> {
    // Everything read so far, so that a bad line is shown with its line number.
    let mut read = String::new();
    while let Position::Question(question) = session.position() {
        // Prompts are a courtesy; a closed standard error must not stop the answers.
        let _ = prompts.write_all(question_block(&session).as_bytes());
        let _ = prompts.flush();
        let start = read.len();
        let n = input.read_line(&mut read).map_err(|e| {
            let d = Diagnostic::new(Code::Io, format!("cannot read standard input: {e}"))
                .help("answers are read as UTF-8 text, one per line");
            (Exit::Input, vec![d])
        })?;
        if n == 0 {
            write_report(report, &text_report(session.flow(), &session.walk(), false));
            return Ok(Ending::NeedsAnswer);
        }
        let line = read[start..].trim_end_matches(['\n', '\r']);
        let span = Span::new(start, start + line.len());
        // An option's label comes first, so a flow with an answer `Back` can still be answered.
        if let Some(choice) = session.find_choice(line) {
            session.answer(choice);
            continue;
        }
        if line.trim().eq_ignore_ascii_case("back") && session.back() {
            continue;
        }
        let source = SourceFile::new("standard input", read.as_str());
        let problem = not_an_answer(&session, question, line, span);
        return Err((Exit::Input, vec![problem.in_file(&source)]));
    }
    write_report(report, &text_report(session.flow(), &session.walk(), false));
    if let Some(to) = save_to {
        save(&session, to).map_err(|d| (Exit::Input, vec![d]))?;
        let _ = writeln!(prompts, "saved the answers to `{}`", to.path);
    }
    Ok(Ending::Verdict)
}

/// Why a line typed at `question` is no answer (`back` here means there was nothing to go back
/// to), with the options and the nearest one as the hint.
fn not_an_answer(
    session: &Session,
    question: petgraph::graph::NodeIndex,
    line: &str,
    span: Span,
) -> Diagnostic {
    let flow = session.flow();
    let node = flow.node(question);
    let options: Vec<String> = session
        .choices()
        .iter()
        .map(|c| one_line(&c.label))
        .collect();
    let problem = if line.trim().eq_ignore_ascii_case("back") {
        Diagnostic::new(
            Code::InvalidTypedAnswer,
            format!(
                "`back` at the first question, `{}`: there is nothing to go back to",
                node.id
            ),
        )
        .label(span, "no earlier question")
    } else if line.trim().is_empty() {
        Diagnostic::new(
            Code::InvalidTypedAnswer,
            format!(
                "an empty line is not an answer to `{}` ({})",
                node.id,
                one_line(&node.text)
            ),
        )
        .label(span, "expected an answer")
    } else {
        Diagnostic::new(
            Code::InvalidTypedAnswer,
            format!(
                "`{}` is not an answer to `{}` ({})",
                line.trim(),
                node.id,
                one_line(&node.text)
            ),
        )
        .label(span, "not one of the options")
    };
    let mut help = format!(
        "answer with one of: {}, a number from 1 to {}, or `back`",
        options.join(", "),
        options.len()
    );
    if let Some(near) =
        crate::diagnostic::suggest::closest(line.trim(), options.iter().map(String::as_str))
    {
        help = format!("did you mean `{near}`? {help}");
    }
    problem.help(help)
}

/// A question and its numbered options, as printed before its answer is read.
fn question_block(session: &Session) -> String {
    let mut out = String::new();
    for line in question_lines(session) {
        out.push_str(&line);
        out.push('\n');
    }
    for (i, choice) in session.choices().iter().enumerate() {
        out.push_str(&format!("  {}. {}\n", i + 1, one_line(&choice.label)));
    }
    out
}

/// Writes the outcome; a reader that went away (`| head`) is not an error.
fn write_report(report: &mut impl Write, text: &str) {
    if let Err(e) = report
        .write_all(text.as_bytes())
        .and_then(|()| report.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("flowrun: cannot write to standard output: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eligibility() -> crate::ValidFlow {
        let source = SourceFile::new("e.flow", include_str!("../../../flows/eligibility.flow"));
        crate::analyze(&source, &crate::Settings::default())
            .into_valid()
            .unwrap()
    }

    fn run(input: &str) -> (Result<Ending, Failure>, String, String) {
        let flow = eligibility();
        let mut prompts = Vec::new();
        let mut report = Vec::new();
        let result = ask(
            Session::new(&flow),
            input.as_bytes(),
            &mut prompts,
            &mut report,
            None,
        );
        (
            result,
            String::from_utf8(prompts).unwrap(),
            String::from_utf8(report).unwrap(),
        )
    }

    #[test]
    fn labels_numbers_and_back_lead_to_the_verdict() {
        let (result, prompts, report) = run("yes\nno\nback\r\n1\nNo\ntrue\n");
        assert!(matches!(result, Ok(Ending::Verdict)));
        assert!(report.starts_with("verdict: twilio\n"), "{report}");
        assert!(
            report.contains("analytics  Do you need analytics"),
            "{report}"
        );
        // `back` at `analytics` asked `outside` again, and then `analytics` again.
        assert_eq!(
            prompts.matches("outside: Do you send").count(),
            2,
            "{prompts}"
        );
        assert_eq!(
            prompts.matches("analytics: Do you need").count(),
            2,
            "{prompts}"
        );
        assert_eq!(
            prompts.matches("hipaa: Do you need").count(),
            1,
            "{prompts}"
        );
        assert!(prompts.contains("  1. Yes\n  2. No\n"), "{prompts}");
    }

    #[test]
    fn a_multi_line_question_keeps_its_lines_under_the_id() {
        let (_, prompts, _) = run("");
        assert!(
            prompts.starts_with(
                "us_canada: Is your business based\n           in the US or Canada?\n"
            ),
            "{prompts}"
        );
    }

    #[test]
    fn the_end_of_input_needs_an_answer() {
        let (result, _, report) = run("Yes\n");
        assert!(matches!(result, Ok(Ending::NeedsAnswer)));
        assert!(report.starts_with("needs an answer: outside\n"), "{report}");
    }

    #[test]
    fn a_bad_line_is_an_error_pointing_at_it() {
        for (input, message) in [
            ("Yes\nMaybe\n", "`Maybe` is not an answer to `outside`"),
            ("Yes\n\n", "an empty line is not an answer to `outside`"),
            ("back\n", "`back` at the first question, `us_canada`"),
            ("3\n", "`3` is not an answer to `us_canada`"),
        ] {
            let (result, _, report) = run(input);
            let Err((exit, diagnostics)) = result else {
                panic!("{input:?} was accepted");
            };
            assert_eq!(exit, Exit::Input);
            assert_eq!(diagnostics[0].code, Code::InvalidTypedAnswer);
            assert!(
                diagnostics[0].message.starts_with(message),
                "{:?}",
                diagnostics[0]
            );
            let line = input.lines().count();
            assert_eq!(
                diagnostics[0].line_col().map(|(l, _)| l),
                Some(line),
                "{input:?}"
            );
            assert!(report.is_empty());
        }
    }
}
