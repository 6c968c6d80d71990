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

use std::collections::HashSet;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::Diagnostic;
use crate::input::io_error;

/// What every temporary file's name holds after the target's name.
const TMP_MARK: &str = ".flowrun-tmp-";
/// At most this much of the target's name goes into a temporary file's name, so that it stays
/// within the usual 255-byte limit on a file name.
const NAME_BYTES: usize = 100;
/// A stale temporary file has not changed for at least this long.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// The temporary files this process has open, removed by the signal handler.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// The directories already searched for stale temporary files, each searched once a run.
static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

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

/// `.NAME.flowrun-tmp-PID-`: the start of a temporary file's name for `target`.
fn tmp_prefix(target: &Path) -> OsString {
    let name = target.file_name().unwrap_or_else(|| "flowrun".as_ref());
    let mut prefix = OsString::from(".");
    prefix.push(shortened(name));
    prefix.push(format!("{TMP_MARK}{}-", std::process::id()));
    prefix
}

/// At most [`NAME_BYTES`] of a file name, cut on a byte where it is not UTF-8.
fn shortened(name: &std::ffi::OsStr) -> OsString {
    if name.len() <= NAME_BYTES {
        return name.to_owned();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        std::ffi::OsStr::from_bytes(&name.as_bytes()[..NAME_BYTES]).to_owned()
    }
    #[cfg(not(unix))]
    {
        let lossy = name.to_string_lossy();
        let mut cut = NAME_BYTES;
        while !lossy.is_char_boundary(cut) {
            cut -= 1;
        }
        OsString::from(&lossy[..cut])
    }
}

/// The process id in the name of a temporary file of ours: `.NAME.flowrun-tmp-PID-RANDOM`.
fn owner(file_name: &std::ffi::OsStr) -> Option<u32> {
    let name = file_name.to_string_lossy();
    if !name.starts_with('.') {
        return None;
    }
    let tail = &name[name.rfind(TMP_MARK)? + TMP_MARK.len()..];
    let (pid, random) = tail.split_once('-')?;
    let plausible = !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && random.len() == 6
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    plausible.then(|| pid.parse().ok()).flatten()
}

/// Removes the stale temporary files of `dir` (see the module's doc), the first time a file is
/// written there in this run. Files of other patterns, links, directories and the files of live
/// processes are left alone.
fn sweep_once(dir: &Path) {
    {
        let mut swept = SWEPT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !swept
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let Some(pid) = owner(&entry.file_name()) else {
            continue;
        };
        if pid == me || process_alive(pid) {
            continue;
        }
        let Ok(metadata) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let unchanged = metadata
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if metadata.is_file() && unchanged {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with id `pid` runs on this machine (or may: when it cannot be told, yes).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(raw) = i32::try_from(pid) else {
        return true;
    };
    if raw <= 0 {
        return true;
    }
    !matches!(
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(raw), None),
        Err(nix::errno::Errno::ESRCH)
    )
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// A temporary file's place in the registry of live ones, left when dropped.
struct Live(PathBuf);

impl Live {
    fn new(path: &Path) -> Live {
        LIVE.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(path.to_path_buf());
        Live(path.to_path_buf())
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let mut live = LIVE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(i) = live.iter().position(|p| *p == self.0) {
            live.swap_remove(i);
        }
    }
}

/// On SIGINT, SIGTERM or SIGHUP: removes the live temporary files and exits with 128 + the
/// signal's number. Installed once, by the first temporary file; the handler runs on a thread
/// of its own (signal-hook's iterator), so removing files there is safe.
#[cfg(unix)]
fn install_signal_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("flowrun-signals".to_owned())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Held to the end: no temporary file is registered or renamed meanwhile.
                    let live = LIVE
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    for path in live.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    std::process::exit(128 + signal);
                }
            });
        drop(spawned);
    });
}

#[cfg(not(unix))]
fn install_signal_handler() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_say_whose_they_are() {
        let prefix = tmp_prefix(Path::new("dir/a.flow"));
        let name = format!("{}Ab12Z9", prefix.to_string_lossy());
        assert_eq!(
            name,
            format!(".a.flow.flowrun-tmp-{}-Ab12Z9", std::process::id())
        );
        assert_eq!(owner(name.as_ref()), Some(std::process::id()));
        for other in [
            "a.flow",
            ".a.flow.tmp123",
            ".a.flow.flowrun-tmp-12-short",
            ".a.flow.flowrun-tmp-x1-Ab12Z9",
            "a.flow.flowrun-tmp-12-Ab12Z9",
        ] {
            assert_eq!(owner(other.as_ref()), None, "{other}");
        }
        let long = "x".repeat(300);
        assert!(tmp_prefix(Path::new(&long)).len() < 150);
    }

    #[cfg(unix)]
    #[test]
    fn this_process_is_alive() {
        assert!(process_alive(std::process::id()));
    }
}
