//! Reading flow and answer files into named sources: every failure a diagnostic.

pub mod source;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::checks::limits::{Limit, Limits};
use crate::diagnostic::{Code, Diagnostic, Rule};
use source::{SourceFile, Span};

pub(crate) const NOT_UTF8: Rule = Rule::new(
    Code::NotUtf8,
    "the file is not UTF-8 text",
    "\
What it checks: that a flow file is UTF-8 text.

Why: a binary file, or text in another encoding, cannot be read as Mermaid. The diagnostic points
at the first byte that is not UTF-8.

Example: a `.flow` file saved as Latin-1 with an `é` in a label.
Fix: save the file as UTF-8.",
);

pub(crate) const IO_ERROR: Rule = Rule::new(
    Code::Io,
    "a file or directory could not be read or written",
    "\
What it checks: that the paths given to flowrun exist and can be read (or, for `-o`, written).

Why: nothing can be checked or run without the file.

Example:
    flowrun check flows/missing.flow
Fix: check the path and its permissions.",
);

/// Why a file could not be turned into text.
#[derive(Debug)]
pub enum ReadError {
    /// Missing, unreadable, a directory: nothing to show.
    Io(Diagnostic),
    /// Read, but not UTF-8: the diagnostic points at the first bad byte.
    NotUtf8(Diagnostic),
}

impl ReadError {
    /// The diagnostic that says what went wrong.
    #[must_use]
    pub fn into_diagnostic(self) -> Diagnostic {
        match self {
            ReadError::Io(d) | ReadError::NotUtf8(d) => d,
        }
    }

    fn diagnostic(&self) -> &Diagnostic {
        match self {
            ReadError::Io(d) | ReadError::NotUtf8(d) => d,
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.diagnostic();
        write!(f, "{}: {}", d.code.as_str(), d.message)
    }
}

impl std::error::Error for ReadError {}

/// Reads a flow (or a test file, or a configuration), or standard input for `-`, refusing one
/// larger than the flow size limit given (FLOW701).
pub fn read_source(path: &str, limits: &Limits) -> Result<Arc<SourceFile>, ReadError> {
    read_limited(path, Limit::FlowBytes, limits.flow_bytes)
}

/// Reads a flow like [`read_source`] from a path that need not be UTF-8: the file is opened by
/// its real name, and reports name it with any bytes that are not UTF-8 replaced. There is no
/// standard input here: a file named `-` is a file.
pub fn read_source_path(path: &Path, limits: &Limits) -> Result<Arc<SourceFile>, ReadError> {
    let name = path.to_string_lossy();
    read_file_limited(path, &name, Limit::FlowBytes, limits.flow_bytes)
}

/// Reads an answers file, or standard input for `-`, refusing one larger than the answers size
/// limit given (FLOW705).
pub fn read_answers(path: &str, limits: &Limits) -> Result<Arc<SourceFile>, ReadError> {
    read_limited(path, Limit::AnswersBytes, limits.answers_bytes)
}

/// Reads at most `max` bytes: a file's size is checked before it is read, and the read itself
/// is bounded, for standard input, pipes and files that grow. A file over the limit is a
/// [`ReadError::Io`] with `limit`'s code. A path that names anything but a regular file (a FIFO,
/// a socket, a device) is a FLOW401 [`ReadError::Io`], found before the path is opened; `-` is
/// standard input, whatever it is.
pub fn read_limited(path: &str, limit: Limit, max: u64) -> Result<Arc<SourceFile>, ReadError> {
    if path != "-" {
        return read_file_limited(Path::new(path), path, limit, max);
    }
    let name = "<stdin>";
    let bytes = read_at_most(std::io::stdin().lock(), max)
        .map_err(|e| ReadError::Io(io_error("standard input", "read", &e)))?;
    let bytes = bytes
        .ok_or_else(|| ReadError::Io(crate::checks::limits::file_too_large(name, 0, limit, max)))?;
    from_bytes(name.to_owned(), bytes)
}

/// Reads the regular file `path`, named `name` in reports, if it has at most `max` bytes.
fn read_file_limited(
    path: &Path,
    name: &str,
    limit: Limit,
    max: u64,
) -> Result<Arc<SourceFile>, ReadError> {
    let too_large = |size: u64| {
        ReadError::Io(crate::checks::limits::file_too_large(
            name, size, limit, max,
        ))
    };
    let file = open_regular(path, name)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Err(too_large(size));
    }
    let bytes = read_at_most(file, max).map_err(|e| ReadError::Io(io_error(name, "read", &e)))?;
    from_bytes(name.to_owned(), bytes.ok_or_else(|| too_large(0))?)
}

/// Opens `path` for reading if it is a regular file (or a symbolic link to one). Anything else is
/// refused from its metadata, before it is opened: opening a FIFO waits for a writer, and a
/// device or socket may never end. The file is opened without waiting (`O_NONBLOCK`, which
/// changes nothing for a regular file) and checked again once open, in case it was replaced in
/// between. `name` is how reports name it.
pub(crate) fn open_regular(path: &Path, name: &str) -> Result<std::fs::File, ReadError> {
    let metadata =
        std::fs::metadata(path).map_err(|e| ReadError::Io(io_error(name, "read", &e)))?;
    if metadata.is_dir() {
        return Err(ReadError::Io(
            Diagnostic::new(Code::Io, format!("`{name}` is a directory, not a file"))
                .help("give the path of a file; `flowrun check` also takes directories")
                .in_file(&SourceFile::new(name, "")),
        ));
    }
    if !metadata.is_file() {
        return Err(ReadError::Io(not_a_regular_file(
            name,
            &metadata.file_type(),
        )));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| ReadError::Io(io_error(name, "read", &e)))?;
    let file_type = file
        .metadata()
        .map_err(|e| ReadError::Io(io_error(name, "read", &e)))?
        .file_type();
    if !file_type.is_file() {
        return Err(ReadError::Io(not_a_regular_file(name, &file_type)));
    }
    Ok(file)
}

/// The FLOW401 diagnostic for a path that names a FIFO, a socket or a device.
fn not_a_regular_file(name: &str, file_type: &std::fs::FileType) -> Diagnostic {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            "a named pipe (FIFO)"
        } else if file_type.is_socket() {
            "a socket"
        } else if file_type.is_char_device() || file_type.is_block_device() {
            "a device"
        } else {
            "a special file"
        }
    };
    #[cfg(not(unix))]
    let what = {
        let _ = file_type;
        "a special file"
    };
    Diagnostic::new(
        Code::Io,
        format!("cannot read `{name}`: it is {what}, not a regular file"),
    )
    .help("flowrun reads regular files (or symbolic links to them), and standard input named `-`")
    .in_file(&SourceFile::new(name, ""))
}

/// Everything `reader` gives if that is at most `max` bytes, else `None`.
fn read_at_most(reader: impl Read, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// Text from bytes read elsewhere (a file, standard input, `git show`), named `name` in reports.
pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Arc<SourceFile>, ReadError> {
    match String::from_utf8(bytes) {
        // Editors on some systems start UTF-8 files with a byte-order mark; it is not content.
        Ok(text) => {
            let text = match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_owned(),
                None => text,
            };
            Ok(SourceFile::new(name, text))
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text puts one replacement character (3 bytes) at the first bad byte.
            let source = SourceFile::new(name.clone(), lossy);
            Err(ReadError::NotUtf8(
                Diagnostic::new(
                    Code::NotUtf8,
                    format!(
                        "`{name}` is not UTF-8 text (a binary file, or text in another encoding)"
                    ),
                )
                .label(
                    Span::new(at, at + '\u{fffd}'.len_utf8()),
                    "this byte is not UTF-8",
                )
                .help("flows and answer files must be saved as UTF-8")
                .in_file(&source),
            ))
        }
    }
}

/// The FLOW401 diagnostic for a file that could not be used: ``cannot {verb} `{path}`: it does
/// not exist`` (`verb` is `read`, `write`...). It names the file without showing its text.
#[must_use]
pub fn io_error(path: &str, verb: &str, error: &std::io::Error) -> Diagnostic {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    };
    // An empty source names the file in reports (JSON `file`) without a snippet to show.
    Diagnostic::new(Code::Io, format!("cannot {verb} `{path}`: {reason}"))
        .help("check the path and its permissions")
        .in_file(&SourceFile::new(path, ""))
}
