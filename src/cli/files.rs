//! Writing outputs: every write atomic.

use std::io::Write;
use std::path::Path;

use flowrun::Diagnostic;
use flowrun::input::io_error;

/// Writes `contents` to `path` through a temporary file in the same directory and a rename,
/// so the file is either the old one or the whole new one, never half written.
pub(crate) fn write_atomically(path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
    let target = Path::new(path);
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| io_error(path, "write", &e))?;
    file.write_all(contents)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| io_error(path, "write", &e))?;
    file.persist(target)
        .map_err(|e| io_error(path, "write", &e.error))?;
    Ok(())
}
