//! Finding the flow files that command-line paths name: files, directories searched
//! recursively for `*.flow`, and glob patterns (`flows/**/*.flow`) for shells that do not expand
//! them (or arguments quoted so that they reach flowrun unexpanded).
//!
//! A directory walk works as ruff's does: it skips what `.gitignore` files (also outside a git
//! repository), `.ignore` files, `.git/info/exclude` and the global git excludes ignore, hidden
//! files and folders, and `node_modules`, unless [`Walk::Everything`] (`--no-ignore`) is asked
//! for. It never follows a symbolic link, to a file or to a directory, and it takes only regular
//! files, judged by the directory entry without opening them, so a FIFO, socket or device in the
//! tree is passed over instead of blocking the run. A path named on the command line is always
//! taken, whatever its name or the ignore files say (a link named there is followed).
//!
//! Paths come out in one display form, the one every report prints: relative to the current
//! directory when they are inside it, without a leading `./` (see [`display_path`]).

use std::path::{Component, Path, PathBuf};

use crate::Diagnostic;
use crate::checks::rules::Code;
use crate::input::io_error;

/// What a list of paths names.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Flow files, sorted by path, each once.
    pub(crate) files: Vec<PathBuf>,
    /// Paths that could not be read: missing paths, unreadable directories, bad patterns.
    pub(crate) problems: Vec<Diagnostic>,
    /// The arguments that named no flow file: a directory without flows, a glob matching none.
    pub(crate) empty: Vec<String>,
}

/// How a directory is walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Walk {
    /// Skip what ignore files ignore, hidden entries and `node_modules` (the default).
    RespectIgnores,
    /// Take every regular file (`--no-ignore`); links are still not followed.
    Everything,
}

/// The flow files that `paths` name. An existing path is taken as it is (even if its name has
/// `*` in it); any other argument with `*`, `?` or `[` in it is a glob pattern.
#[cfg(test)]
pub(crate) fn find(paths: &[String]) -> Found {
    find_with(paths, Walk::RespectIgnores)
}

/// [`find`], walking directories as `walk` says.
pub(crate) fn find_with(paths: &[String], walk: Walk) -> Found {
    find_in(paths, is_flow, walk)
}

/// Whether a file found in a directory is a flow.
fn is_flow(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "flow")
}

/// Like [`find`], keeping the files below directories that `keep` accepts (`flowrun test`
/// keeps test files as well as flows).
pub(crate) fn find_matching(paths: &[String], keep: fn(&Path) -> bool) -> Found {
    find_in(paths, keep, Walk::RespectIgnores)
}

fn find_in(paths: &[String], keep: fn(&Path) -> bool, walk: Walk) -> Found {
    let mut found = Found::default();
    let cwd = std::env::current_dir().ok();
    for arg in paths {
        let before = found.files.len();
        let problems = found.problems.len();
        let shown = display_path(Path::new(arg), cwd.as_deref());
        let shown = shown.to_string_lossy();
        if Path::new(arg).exists() || !is_pattern(arg) {
            add_path(Path::new(arg), &shown, &mut found, keep, walk);
        } else {
            add_glob(arg, &mut found, keep, walk);
        }
        if found.files.len() == before && found.problems.len() == problems {
            found.empty.push(arg.clone());
        }
    }
    for file in &mut found.files {
        *file = display_path(file, cwd.as_deref());
    }
    found.files.sort();
    found.files.dedup();
    found
}

/// A path in the form reports print: relative to `cwd` when it is inside it, with no `.`
/// components (so no leading `./`) and no doubled separators; `.` for the directory itself.
pub(crate) fn display_path(path: &Path, cwd: Option<&Path>) -> PathBuf {
    let inside = cwd
        .filter(|_| path.is_absolute())
        .and_then(|cwd| path.strip_prefix(cwd).ok());
    let shown: PathBuf = inside
        .unwrap_or(path)
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    if shown.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        shown
    }
}

/// [`display_path`] of a name, from the current directory.
pub(crate) fn display_name(name: &str) -> String {
    let cwd = std::env::current_dir().ok();
    display_path(Path::new(name), cwd.as_deref())
        .to_string_lossy()
        .into_owned()
}

/// The flow files a path names: the file itself, or every `*.flow` below a directory, sorted.
/// The first path that cannot be read is the error (for `fmt`, which stops there).
pub(crate) fn collect(path: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut found = Found::default();
    add_path(
        Path::new(path),
        path,
        &mut found,
        is_flow,
        Walk::RespectIgnores,
    );
    match found.problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => {
            let cwd = std::env::current_dir().ok();
            let mut files: Vec<PathBuf> = found
                .files
                .iter()
                .map(|f| display_path(f, cwd.as_deref()))
                .collect();
            files.sort();
            Ok(files)
        }
    }
}

fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

fn add_path(path: &Path, name: &str, found: &mut Found, keep: fn(&Path) -> bool, walk: Walk) {
    match std::fs::metadata(path) {
        Err(e) => found.problems.push(io_error(name, "read", &e)),
        Ok(meta) if meta.is_dir() => walk_dir(path, found, keep, walk),
        // A file named on the command line is checked whatever its extension.
        Ok(_) => found.files.push(path.to_path_buf()),
    }
}

/// The matches of a glob pattern, taken like the entries of a walk: a directory is walked, a
/// regular file taken, and a symbolic link or anything else (a FIFO, a socket) passed over.
fn add_glob(pattern: &str, found: &mut Found, keep: fn(&Path) -> bool, walk: Walk) {
    let options = glob::MatchOptions {
        case_sensitive: true,
        // `*` stays within one directory; `**` crosses any number.
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let matches = match glob::glob_with(pattern, options) {
        Ok(matches) => matches,
        Err(e) => {
            found.problems.push(
                Diagnostic::new(
                    Code::Io,
                    format!("cannot read `{pattern}`: it is not a valid glob pattern ({e})"),
                )
                .help(
                    "`*` matches within a directory, `**` any number of directories, \
                     `?` one character, `[abc]` one of a set",
                )
                .in_file(&crate::SourceFile::new(pattern, "")),
            );
            return;
        }
    };
    for entry in matches {
        match entry {
            Ok(path) => match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => walk_dir(&path, found, keep, walk),
                Ok(meta) if meta.is_file() => found.files.push(path),
                Ok(_) => {}
                Err(e) => found
                    .problems
                    .push(io_error(&path.to_string_lossy(), "read", &e)),
            },
            Err(e) => found
                .problems
                .push(io_error(&e.path().to_string_lossy(), "read", e.error())),
        }
    }
}

/// Every regular file below `root` that `keep` accepts (`*.flow` for most verbs), links not
/// followed and, with [`Walk::RespectIgnores`], ignored, hidden and `node_modules` entries
/// skipped. A directory that cannot be read is reported and the rest of the tree is still
/// searched.
fn walk_dir(root: &Path, found: &mut Found, keep: fn(&Path) -> bool, walk: Walk) {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .follow_links(false)
        // Ignore files count outside a git repository too, as in ruff.
        .require_git(false)
        .sort_by_file_name(std::cmp::Ord::cmp);
    match walk {
        Walk::RespectIgnores => {
            builder.filter_entry(|entry| entry.file_name() != "node_modules");
        }
        Walk::Everything => {
            builder.standard_filters(false);
        }
    }
    for entry in builder.build() {
        match entry {
            // The type comes from the directory entry (no `open`, no following a link).
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) && keep(entry.path()) {
                    found.files.push(entry.into_path());
                }
            }
            Err(error) => {
                if let Some(problem) = walk_problem(&error, root) {
                    found.problems.push(problem);
                }
            }
        }
    }
}

/// The diagnostic for a walk error that kept part of the tree from being read; `None` for one
/// that did not (a malformed pattern in an ignore file, which git passes over too).
fn walk_problem(error: &ignore::Error, root: &Path) -> Option<Diagnostic> {
    let mut path = None;
    let mut error = error;
    loop {
        match error {
            ignore::Error::WithPath { path: at, err } => {
                path = Some(at.clone());
                error = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                error = err;
            }
            ignore::Error::Partial(errors) => error = errors.first()?,
            ignore::Error::Io(io) => {
                let path = path.unwrap_or_else(|| root.to_path_buf());
                return Some(io_error(&path.to_string_lossy(), "read", io));
            }
            ignore::Error::Loop { child, .. } => {
                let text = format!("cannot read `{}`: a file system loop", child.display());
                return Some(
                    Diagnostic::new(Code::Io, text)
                        .in_file(&crate::SourceFile::new(child.to_string_lossy(), "")),
                );
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "flowchart TD\n    a --> b\n").unwrap();
    }

    fn names(found: &Found, root: &Path) -> Vec<String> {
        found
            .files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn directories_globs_and_files_give_each_flow_once_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in ["b.flow", "a/z.flow", "a/deep/y.flow", "c.txt"] {
            touch(&root.join(name));
        }
        let arg = |s: &str| root.join(s).to_string_lossy().into_owned();
        let found = find(&[arg("b.flow"), arg("**/*.flow"), arg("a"), arg("c.txt")]);
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        assert!(found.empty.is_empty());
        assert_eq!(
            names(&found, root),
            ["a/deep/y.flow", "a/z.flow", "b.flow", "c.txt"]
        );

        // `*` stays in one directory.
        let found = find(&[arg("*/*.flow")]);
        assert_eq!(names(&found, root), ["a/z.flow"]);
    }

    #[test]
    fn paths_that_name_no_flow_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("empty")).unwrap();
        let arg = |s: &str| dir.path().join(s).to_string_lossy().into_owned();
        let found = find(&[arg("empty"), arg("*.flow"), arg("missing")]);
        assert_eq!(found.empty, [arg("empty"), arg("*.flow")]);
        assert_eq!(found.problems.len(), 1);
        assert!(found.problems[0].message.contains("does not exist"));
    }

    #[test]
    fn display_paths_are_relative_and_have_no_dot_components() {
        let cwd = Path::new("/repo");
        let shown = |p: &str| display_path(Path::new(p), Some(cwd));
        assert_eq!(shown("./flows/a.flow"), Path::new("flows/a.flow"));
        assert_eq!(shown(".//flows/./a.flow"), Path::new("flows/a.flow"));
        assert_eq!(shown("/repo/flows/a.flow"), Path::new("flows/a.flow"));
        assert_eq!(shown("/repo"), Path::new("."));
        assert_eq!(shown("."), Path::new("."));
        assert_eq!(shown("/elsewhere/a.flow"), Path::new("/elsewhere/a.flow"));
        assert_eq!(shown("../up/a.flow"), Path::new("../up/a.flow"));
        // Not a prefix by characters: /repository is not inside /repo.
        assert_eq!(shown("/repository/a.flow"), Path::new("/repository/a.flow"));
    }

    #[cfg(unix)]
    #[test]
    fn the_walk_takes_regular_files_only_and_follows_no_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("t/a.flow"));
        touch(&root.join("elsewhere/b.flow"));
        std::os::unix::fs::symlink(root.join("elsewhere/b.flow"), root.join("t/file-link.flow"))
            .unwrap();
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("t/dir-link")).unwrap();
        // A socket: not a regular file, and never opened.
        let _socket = std::os::unix::net::UnixListener::bind(root.join("t/socket.flow")).unwrap();
        let found = find(&[root.join("t").to_string_lossy().into_owned()]);
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        assert_eq!(names(&found, root), ["t/a.flow"]);
    }

    #[test]
    fn a_bad_pattern_is_a_problem_not_a_panic() {
        let found = find(&["flows/[".to_owned()]);
        assert_eq!(found.problems.len(), 1);
        assert!(
            found.problems[0]
                .message
                .contains("not a valid glob pattern")
        );
    }
}
