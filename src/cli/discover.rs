//! Finding the flow files that command-line paths name: files, directories searched
//! recursively for `*.flow`, and glob patterns (`flows/**/*.flow`) for shells that do not expand
//! them (or arguments quoted so that they reach flowrun unexpanded).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

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

/// The flow files that `paths` name. An existing path is taken as it is (even if its name has
/// `*` in it); any other argument with `*`, `?` or `[` in it is a glob pattern.
pub(crate) fn find(paths: &[String]) -> Found {
    find_matching(paths, is_flow)
}

/// Whether a file found in a directory is a flow.
fn is_flow(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "flow")
}

/// Like [`find`], keeping the files below directories that `keep` accepts (`flowrun test`
/// keeps test files as well as flows).
pub(crate) fn find_matching(paths: &[String], keep: fn(&Path) -> bool) -> Found {
    let mut found = Found::default();
    for arg in paths {
        let before = found.files.len();
        let problems = found.problems.len();
        if Path::new(arg).exists() || !is_pattern(arg) {
            add_path(Path::new(arg), arg, &mut found, keep);
        } else {
            add_glob(arg, &mut found, keep);
        }
        if found.files.len() == before && found.problems.len() == problems {
            found.empty.push(arg.clone());
        }
    }
    found.files.sort();
    found.files.dedup();
    found
}

/// The flow files a path names: the file itself, or every `*.flow` below a directory, sorted.
/// The first path that cannot be read is the error (for `fmt`, which stops there).
pub(crate) fn collect(path: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut found = Found::default();
    add_path(Path::new(path), path, &mut found, is_flow);
    match found.problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => {
            found.files.sort();
            Ok(found.files)
        }
    }
}

fn is_pattern(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

fn add_path(path: &Path, name: &str, found: &mut Found, keep: fn(&Path) -> bool) {
    match std::fs::metadata(path) {
        Err(e) => found.problems.push(io_error(name, "read", &e)),
        Ok(meta) if meta.is_dir() => walk(path, found, keep),
        // A file named on the command line is checked whatever its extension.
        Ok(_) => found.files.push(path.to_path_buf()),
    }
}

fn add_glob(pattern: &str, found: &mut Found, keep: fn(&Path) -> bool) {
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
            Ok(path) if path.is_dir() => walk(&path, found, keep),
            Ok(path) => found.files.push(path),
            Err(e) => found
                .problems
                .push(io_error(&e.path().to_string_lossy(), "read", e.error())),
        }
    }
}

/// Every file below `root` that `keep` accepts (`*.flow` for most verbs). A directory that cannot be read is reported and the rest of
/// the tree is still searched; a symbolic link back up the tree is entered once.
fn walk(root: &Path, found: &mut Found, keep: fn(&Path) -> bool) {
    let mut pending = vec![root.to_path_buf()];
    // Directories already entered, by canonical path, so symlink loops end.
    let mut visited = HashSet::new();
    while let Some(dir) = pending.pop() {
        if let Ok(canonical) = dir.canonicalize()
            && !visited.insert(canonical)
        {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                found
                    .problems
                    .push(io_error(&dir.to_string_lossy(), "read", &e));
                continue;
            }
        };
        for entry in entries {
            let p = match entry {
                Ok(entry) => entry.path(),
                Err(e) => {
                    found
                        .problems
                        .push(io_error(&dir.to_string_lossy(), "read", &e));
                    continue;
                }
            };
            if p.is_dir() {
                pending.push(p);
            } else if keep(&p) {
                found.files.push(p);
            }
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
