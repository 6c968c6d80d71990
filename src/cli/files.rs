//! Writing outputs: every write atomic, and no temporary file left behind.
//!
//! A file is written to a temporary file beside it, named `.NAME.flowrun-tmp-PID-RANDOM` (the
//! target's name, the writing process's id, six random characters), and renamed over the target
//! once complete. The temporary files a process has open are kept in a registry: SIGINT, SIGTERM
//! or SIGHUP removes them and ends the process with 128 + the signal's number (130, 143, 129), as
//! shells expect. The handler is installed with the first temporary file, so commands that write
//! no file (and `ask`'s own terminal handling of Ctrl-C) are unaffected. A process killed in a
//! way it cannot see (SIGKILL, a power cut) still leaves its temporary file: the next write into
//! the same directory removes the files of that pattern whose process is gone and that have not
//! changed for a minute (a live writer, even one on another machine sharing the directory, keeps
//! changing its file).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Diagnostic;
use crate::input::io_error;

mod temporaries;

use temporaries::{Live, install_signal_handler, sweep_once, tmp_prefix};

/// Writes `contents` to `path` through a temporary file in the same directory and a rename,
/// so the file is either the old one or the whole new one, never half written.
pub(crate) fn write_atomically(path: impl AsRef<Path>, contents: &[u8]) -> Result<(), Diagnostic> {
    let mut file = AtomicFile::create(path)?;
    let name = file.name.clone();
    file.writer()
        .write_all(contents)
        .map_err(|e| io_error(&name, "write", &e))?;
    file.commit()
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
/// target as it was and removes the temporary file.
pub(crate) struct AtomicFile {
    path: PathBuf,
    /// The target as reports name it.
    name: String,
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    /// Dropped after `file` (which removes the temporary file): leaves the registry.
    _live: Live,
}

impl AtomicFile {
    pub(crate) fn create(path: impl AsRef<Path>) -> Result<AtomicFile, Diagnostic> {
        let target = path.as_ref();
        let name = target.to_string_lossy().into_owned();
        if target.is_dir() {
            return Err(Diagnostic::new(
                crate::checks::rules::Code::Io,
                format!("cannot write `{name}`: it is a directory"),
            )
            .help("give a file name, e.g. `-o results.jsonl`"));
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        sweep_once(dir);
        install_signal_handler();
        let file = tempfile::Builder::new()
            .prefix(&tmp_prefix(target))
            .rand_bytes(6)
            .tempfile_in(dir)
            .map_err(|e| io_error(&name, "write", &e))?;
        let live = Live::new(file.path());
        Ok(AtomicFile {
            path: target.to_path_buf(),
            name,
            file: std::io::BufWriter::with_capacity(256 * 1024, file),
            _live: live,
        })
    }

    pub(crate) fn writer(&mut self) -> &mut dyn Write {
        &mut self.file
    }

    pub(crate) fn commit(self) -> Result<(), Diagnostic> {
        let AtomicFile {
            path,
            name,
            file,
            _live,
        } = self;
        let file = file
            .into_inner()
            .map_err(|e| io_error(&name, "write", e.error()))?;
        file.as_file()
            .sync_all()
            .and_then(|()| keep_permissions(&path, file.as_file()))
            .map_err(|e| io_error(&name, "write", &e))?;
        // A rename: a symbolic link at `path` is replaced, not written through.
        file.persist(&path)
            .map_err(|e| io_error(&name, "write", &e.error))?;
        Ok(())
    }
}
