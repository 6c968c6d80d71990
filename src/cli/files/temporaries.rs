//! The temporary files of atomic writes: their names, the registry of those this process has
//! open (emptied by SIGINT, SIGTERM or SIGHUP), and the removal of stale ones left by a process
//! that is gone. The module doc of `files` says why.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

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

/// `.NAME.flowrun-tmp-PID-`: the start of a temporary file's name for `target`.
pub(super) fn tmp_prefix(target: &Path) -> OsString {
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
pub(super) fn sweep_once(dir: &Path) {
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
pub(super) struct Live(PathBuf);

impl Live {
    pub(super) fn new(path: &Path) -> Live {
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
pub(super) fn install_signal_handler() {
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
pub(super) fn install_signal_handler() {}

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
