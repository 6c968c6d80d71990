//! `flowrun render --to svg|png`: the DOT text drawn by Graphviz's `dot`, run as a child process
//! (`FLOWRUN_DOT` names another program; otherwise `dot` from PATH).

use std::ffi::OsString;
use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::Diagnostic;
use crate::checks::rules::Code;

/// The environment variable that names the `dot` program to run.
pub(crate) const DOT_ENV: &str = "FLOWRUN_DOT";

const INSTALL_HELP: &str = "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: \
                            `brew install graphviz`, others: https://graphviz.org/download/), or \
                            set FLOWRUN_DOT to the path of `dot`; `--to dot` writes the DOT text \
                            without it";

/// At most this many lines of `dot`'s standard error go into a diagnostic.
const MAX_STDERR_LINES: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Image {
    Svg,
    Png,
}

impl Image {
    fn flag(self) -> &'static str {
        match self {
            Image::Svg => "-Tsvg",
            Image::Png => "-Tpng",
        }
    }
}

/// The program to run and whether it came from `FLOWRUN_DOT`.
fn program() -> (OsString, bool) {
    match std::env::var_os(DOT_ENV).filter(|v| !v.is_empty()) {
        Some(p) => (p, true),
        None => (OsString::from("dot"), false),
    }
}

/// Draws DOT text as an image with Graphviz: the image's bytes, or FLOW407 when `dot` cannot be
/// started and FLOW408 when it fails.
pub(crate) fn draw(dot_text: &str, image: Image) -> Result<Vec<u8>, Diagnostic> {
    let (program, from_env) = program();
    let shown = program.to_string_lossy().into_owned();
    let mut child = Command::new(&program)
        .arg(image.flag())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            let message = if from_env {
                format!("cannot start `{shown}` (named by {DOT_ENV}) to draw the flow: {e}")
            } else {
                format!("cannot start Graphviz `dot` to draw the flow: {e}")
            };
            Diagnostic::new(Code::GraphvizNotFound, message).help(INSTALL_HELP)
        })?;
    // Write from another thread so that a large image on stdout cannot deadlock against the write.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot_text.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().map_err(|e| {
        Diagnostic::new(
            Code::GraphvizFailed,
            format!("`{shown}` did not finish: {e}"),
        )
        .help("check that `dot -V` runs")
    })?;
    // A program that exits without reading its input breaks the pipe; its status says more.
    let written = writer.join().unwrap_or(Ok(()));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failure = if !output.status.success() {
        Some(match output.status.code() {
            Some(code) => format!("`{shown} {}` exited with code {code}", image.flag()),
            None => format!("`{shown} {}` was stopped by a signal", image.flag()),
        })
    } else if let Err(e) = written {
        Some(format!("could not give the DOT text to `{shown}`: {e}"))
    } else if output.stdout.is_empty() {
        Some(format!("`{shown} {}` printed nothing", image.flag()))
    } else {
        None
    };
    match failure {
        None => Ok(output.stdout),
        Some(what) => Err(Diagnostic::new(Code::GraphvizFailed, what).help(stderr_help(&stderr))),
    }
}

/// `dot`'s own words, shortened to the first lines, or a hint when it said nothing.
fn stderr_help(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return "it printed nothing on standard error; check that `dot -V` runs".to_owned();
    }
    let mut help = String::from("it said:\n");
    for line in lines.iter().take(MAX_STDERR_LINES) {
        help.push_str(line);
        help.push('\n');
    }
    if lines.len() > MAX_STDERR_LINES {
        help.push_str(&format!(
            "... and {} more lines",
            lines.len() - MAX_STDERR_LINES
        ));
    }
    help.trim_end().to_owned()
}

/// Refuses binary output (PNG) to a terminal, where it would print garbage.
pub(crate) fn refuse_binary_on_terminal(
    image: Image,
    to_file: bool,
    stdout_is_terminal: bool,
) -> Result<(), Diagnostic> {
    if image == Image::Png && !to_file && stdout_is_terminal {
        return Err(
            Diagnostic::new(Code::Io, "refusing to write a PNG image to the terminal").help(
                "write it to a file with `-o flow.png`, or pipe it: `... --to png > flow.png`",
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_is_refused_only_on_a_terminal_without_a_file() {
        assert!(refuse_binary_on_terminal(Image::Png, false, true).is_err());
        assert!(refuse_binary_on_terminal(Image::Png, true, true).is_ok());
        assert!(refuse_binary_on_terminal(Image::Png, false, false).is_ok());
        assert!(refuse_binary_on_terminal(Image::Svg, false, true).is_ok());
    }

    #[test]
    fn long_stderr_is_cut() {
        let stderr: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let help = stderr_help(&stderr);
        assert!(help.starts_with("it said:\nline 0\n"), "{help}");
        assert!(help.contains("line 19\n"), "{help}");
        assert!(!help.contains("line 20\n"), "{help}");
        assert!(help.ends_with("... and 10 more lines"), "{help}");
        assert!(stderr_help("  \n").contains("printed nothing"));
    }
}
