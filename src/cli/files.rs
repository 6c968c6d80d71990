//! Writing outputs: every write atomic.

use std::io::Write;
use std::path::Path;

use crate::Diagnostic;
use crate::input::io_error;

/// Writes `contents` to `path` through a temporary file in the same directory and a rename,
/// so the file is either the old one or the whole new one, never half written.
pub(crate) fn write_atomically(path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
    let target = Path::new(path);
    if target.is_dir() {
        return Err(Diagnostic::new(
            crate::checks::rules::Code::Io,
            format!("cannot write `{path}`: it is a directory"),
        )
        .help("give a file name, e.g. `-o flow.dot`"));
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| io_error(path, "write", &e))?;
    file.write_all(contents)
        .and_then(|()| file.as_file().sync_all())
        .and_then(|()| keep_permissions(target, file.as_file()))
        .map_err(|e| io_error(path, "write", &e))?;
    file.persist(target)
        .map_err(|e| io_error(path, "write", &e.error))?;
    Ok(())
}

/// A temporary file is private (0600); give the result the permissions of the file it replaces,
/// or the usual 0644 of a new file.
#[cfg(unix)]
fn keep_permissions(target: &Path, file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(target).map_or(0o644, |m| m.permissions().mode());
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn keep_permissions(_target: &Path, _file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// A file written as a stream and put in place only when complete: a temporary file in the
/// target's directory, renamed over it by `commit`. Dropped without `commit`, it leaves the
/// target as it was.
pub(crate) struct AtomicFile {
    path: String,
    file: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    pub(crate) fn create(path: &str) -> Result<AtomicFile, Diagnostic> {
        let target = Path::new(path);
        if target.is_dir() {
            return Err(Diagnostic::new(
                crate::checks::rules::Code::Io,
                format!("cannot write `{path}`: it is a directory"),
            )
            .help("give a file name, e.g. `-o results.jsonl`"));
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let file = tempfile::NamedTempFile::new_in(dir).map_err(|e| io_error(path, "write", &e))?;
        Ok(AtomicFile {
            path: path.to_owned(),
            file: std::io::BufWriter::with_capacity(256 * 1024, file),
        })
    }

    pub(crate) fn writer(&mut self) -> &mut dyn Write {
        &mut self.file
    }

    pub(crate) fn commit(self) -> Result<(), Diagnostic> {
        let path = self.path;
        let file = self
            .file
            .into_inner()
            .map_err(|e| io_error(&path, "write", e.error()))?;
        file.as_file()
            .sync_all()
            .and_then(|()| keep_permissions(Path::new(&path), file.as_file()))
            .map_err(|e| io_error(&path, "write", &e))?;
        file.persist(&path)
            .map_err(|e| io_error(&path, "write", &e.error))?;
        Ok(())
    }
}
