//! The old version of a flow from git: `git show REV:./NAME` run in the file's directory, so the
//! path is relative to it whatever the repository's layout.

use std::ffi::{OsStr, OsString};
use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use crate::checks::limits::Limits;
use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::input::source::SourceFile;
use crate::input::{ReadError, from_bytes};

pub(crate) const UNREADABLE_REVISION: Rule = Rule::new(
    Code::UnreadableRevision,
    "a file could not be read as of a git revision",
    "\
What it checks: that `flowrun diff FILE --rev REV` can read FILE as it was at REV, by running
`git show REV:./FILE` in the file's directory. The message carries git's own words.

Why: the old version of the flow is what the new one is compared with; without it there is
nothing to compare. It fails when git is not installed, when the file is not in a git work tree,
when REV names no commit, or when the file did not exist at REV (added since, or renamed).

Example:
    flowrun diff flows/eligibility.flow --rev mian
Fix: `flowrun diff flows/eligibility.flow --rev main`; `git log --oneline -- FILE` lists the
revisions that have the file.",
);

/// Reads `path` as it was at revision `rev`. The source is named `REV:PATH`, as git names it.
pub(crate) fn read_at_revision(
    path: &str,
    rev: &str,
    limits: &Limits,
) -> Result<Arc<SourceFile>, ReadError> {
    let name = format!("{rev}:{path}");
    let fail = |Unreadable { why, help }: Unreadable| {
        ReadError::Io(
            Diagnostic::new(
                Code::UnreadableRevision,
                format!("cannot read `{path}` as of revision `{rev}`: {why}"),
            )
            .help(help)
            .in_file(&SourceFile::new(name.clone(), "")),
        )
    };
    let (file_name, dir) = locate(path, rev).map_err(fail)?;
    // git's output is read as it comes, and no further than one byte past the flow limit.
    let max = limits.flow_bytes;
    let Some(text) = git_show(rev, file_name, dir, max).map_err(fail)? else {
        return Err(ReadError::Io(crate::checks::limits::file_too_large(
            &name,
            0,
            crate::checks::limits::Limit::FlowBytes,
            max,
        )));
    };
    from_bytes(name, text)
}

/// Why a revision of a file cannot be read, and what to do about it.
struct Unreadable {
    why: String,
    help: &'static str,
}

impl Unreadable {
    fn new(why: impl Into<String>, help: &'static str) -> Self {
        Unreadable {
            why: why.into(),
            help,
        }
    }
}

/// The file's name and the directory git runs in, once `rev` and `path` are known to be a
/// revision and a file.
fn locate<'a>(path: &'a str, rev: &str) -> Result<(&'a OsStr, &'a Path), Unreadable> {
    // A revision starting with `-` would be read by git as an option.
    if rev.is_empty() || rev.starts_with('-') {
        return Err(Unreadable::new(
            "that is not a revision",
            "give a commit, branch or tag, e.g. `--rev HEAD~1` or `--rev main`",
        ));
    }
    if path == "-" {
        return Err(Unreadable::new(
            "standard input has no git history",
            "give the path of a flow file in a git work tree",
        ));
    }
    let file = Path::new(path);
    let (Some(file_name), dir) = (file.file_name(), file.parent()) else {
        return Err(Unreadable::new(
            "that is not a file name",
            "give the path of a flow file",
        ));
    };
    let dir = match dir {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Ok((file_name, dir))
}

/// How much of git's standard error is kept for its message.
const STDERR_BYTES: u64 = 64 << 10;

/// The bytes of `file_name` in `dir` at revision `rev`, from `git show REV:./NAME`, or `None`
/// when there are more than `max`: then git is stopped as soon as one byte too many arrives
/// (killed and waited for), so the old version is never held whole.
fn git_show(
    rev: &str,
    file_name: &OsStr,
    dir: &Path,
    max: u64,
) -> Result<Option<Vec<u8>>, Unreadable> {
    let mut spec = OsString::from(format!("{rev}:./"));
    spec.push(file_name);
    let child = Command::new("git")
        .args(["--no-pager", "show", "--no-textconv"])
        .arg(&spec)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !dir.is_dir() => {
            return Err(Unreadable::new(
                format!("the directory `{}` does not exist", dir.display()),
                "check the path",
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Unreadable::new(
                "git was not found",
                "install git, or save the old version to a file and run `flowrun diff OLD NEW`",
            ));
        }
        Err(e) => {
            return Err(Unreadable::new(
                format!("cannot run git: {e}"),
                "check that git runs",
            ));
        }
    };
    // Standard error is read beside standard output, so that neither pipe fills up and stalls
    // git; only its start is kept.
    let stderr = child.stderr.take().map(|pipe| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut pipe = pipe;
            let _ = (&mut pipe).take(STDERR_BYTES).read_to_end(&mut kept);
            // The rest is drained so that git never blocks on a full pipe.
            let _ = std::io::copy(&mut pipe, &mut std::io::sink());
            kept
        })
    });
    let mut stdout = Vec::new();
    let read = child.stdout.take().map_or(Ok(0), |pipe| {
        pipe.take(max.saturating_add(1)).read_to_end(&mut stdout)
    });
    if read.is_err() || stdout.len() as u64 > max {
        // Too large (or unreadable): git is stopped rather than read to the end.
        let _ = child.kill();
        let _ = child.wait();
        if let Some(thread) = stderr {
            let _ = thread.join();
        }
        return match read {
            Err(e) => Err(Unreadable::new(
                format!("cannot read git's output: {e}"),
                "check that git runs",
            )),
            Ok(_) => Ok(None),
        };
    }
    let status = child.wait();
    let stderr = stderr
        .and_then(|thread| thread.join().ok())
        .unwrap_or_default();
    let status = match status {
        Ok(status) => status,
        Err(e) => {
            return Err(Unreadable::new(
                format!("cannot run git: {e}"),
                "check that git runs",
            ));
        }
    };
    if !status.success() {
        let stderr = String::from_utf8_lossy(&stderr);
        let message = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("git failed without a message")
            .trim();
        let message = message.strip_prefix("fatal: ").unwrap_or(message);
        return Err(Unreadable::new(
            format!("git says: {message}"),
            hint(message),
        ));
    }
    Ok(Some(stdout))
}

/// What to do about git's message.
fn hint(message: &str) -> &'static str {
    if message.contains("not a git repository") {
        "the file is not in a git work tree; give both versions as files: `flowrun diff OLD NEW`"
    } else if message.contains("invalid object name") || message.contains("unknown revision") {
        "the revision names no commit; `git log --oneline -- FILE` lists the ones that have the file"
    } else if message.contains("does not exist in") || message.contains("but not in") {
        "the file did not exist at that revision (added since, or renamed); compare with an \
         older file via `flowrun diff OLD NEW`"
    } else {
        "check the revision and that the file is tracked by git"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<Arc<SourceFile>, ReadError>) -> (Code, String) {
        match result {
            Ok(source) => panic!("read {}", source.name),
            Err(e) => {
                let d = e.into_diagnostic();
                (d.code, d.message)
            }
        }
    }

    #[test]
    fn an_option_is_not_a_revision() {
        let (code, text) = message(read_at_revision(
            "flows/eligibility.flow",
            "--output=x",
            &Limits::default(),
        ));
        assert_eq!(code, Code::UnreadableRevision);
        assert!(text.contains("not a revision"), "{text}");
    }

    #[test]
    fn standard_input_has_no_revisions() {
        let (code, text) = message(read_at_revision("-", "HEAD", &Limits::default()));
        assert_eq!(code, Code::UnreadableRevision);
        assert!(text.contains("standard input"), "{text}");
    }

    #[test]
    fn hints_follow_gits_words() {
        assert!(
            hint("not a git repository (or any of the parent directories): .git")
                .contains("OLD NEW")
        );
        assert!(hint("invalid object name 'nope'.").contains("git log"));
        assert!(hint("path 'b.flow' does not exist in 'HEAD'").contains("did not exist"));
    }
}
