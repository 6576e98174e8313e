//! Reading and writing files: the native JSON format, the import and export formats of other
//! tools, and atomic writes. Each format lives in its own module as pure functions (strings in →
//! model out; model in → strings out); the file system work is done by [`crate::project`].
//!
//! Every reader returns a [`LoadError`] naming the file and the place (line:column, byte offset
//! or id) instead of panicking; every writer is atomic.

pub mod atomic;
pub mod batch;
pub mod brat;
pub mod citron;
pub mod conll;
pub mod csv_export;
pub mod digest;
pub mod doccano;
pub mod export;
pub mod folder;
pub mod import;
pub mod json_out;
pub mod jsonl;
pub mod label_studio;
pub mod lock;
pub mod ls_predictions;
pub mod native;
pub mod spacy;
pub mod stamp;
pub mod text;
pub mod w3c;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::Problem;

/// Why a file could not be loaded. Each variant names the file; `Display` prints
/// `PATH: WHERE: MESSAGE` lines.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the file is empty")]
    Empty { path: String },
    #[error("{path}: the file is {size} bytes, over the input limit of {limit} bytes; raise it with --max-input-mb")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: byte {offset}: not valid UTF-8 (the text must be UTF-8; import with --lossy to replace bad bytes)")]
    NotUtf8 { path: String, offset: usize },
    #[error("{path}:{line}:{column}: {message}")]
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Format { path: String, message: String },
    /// A problem at a place inside the file: `line 12`, `12:5`, `line 3 label[2]`, ….
    #[error("{path}:{place}: {message}")]
    At {
        path: String,
        place: String,
        message: String,
    },
    #[error("{}", format_problems(path, problems))]
    Invalid {
        path: String,
        problems: Vec<Problem>,
    },
}

fn format_problems(path: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{path}: {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Default limit on the size of one input file: 256 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

static MAX_INPUT_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT_BYTES);

/// Sets the size limit of input files for this process (the CLI's `--max-input-mb`).
pub fn set_max_input_bytes(limit: u64) {
    MAX_INPUT_BYTES.store(limit, Ordering::Relaxed);
}

/// The size limit of input files in force.
pub fn max_input_bytes() -> u64 {
    MAX_INPUT_BYTES.load(Ordering::Relaxed)
}

/// A text file as read: its text, and what had to be done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    pub text: String,
    /// A UTF-8 byte order mark was removed from the start (offsets count from after it).
    pub had_bom: bool,
    /// With `lossy`: the byte offset of the first invalid UTF-8 sequence, which was replaced by
    /// U+FFFD like every other invalid sequence.
    pub replaced_from: Option<usize>,
}

/// Reads a whole text file: refuses files over [`max_input_bytes`] before reading them, strips
/// a UTF-8 BOM (reported in [`TextFile::had_bom`]), and refuses invalid UTF-8 with the byte
/// offset of the first bad sequence — or, with `lossy`, replaces it and reports the offset.
/// Line endings are kept as they are.
pub fn read_text(path: &Path, lossy: bool) -> Result<TextFile, LoadError> {
    read_text_limited(path, lossy, max_input_bytes())
}

fn read_text_limited(path: &Path, lossy: bool, limit: u64) -> Result<TextFile, LoadError> {
    let shown = || path.display().to_string();
    let mut bytes = read_bytes_limited(path, limit)?;
    let had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    if had_bom {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(TextFile {
            text,
            had_bom,
            replaced_from: None,
        }),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to() + if had_bom { 3 } else { 0 };
            if !lossy {
                return Err(LoadError::NotUtf8 {
                    path: shown(),
                    offset,
                });
            }
            Ok(TextFile {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                had_bom,
                replaced_from: Some(offset),
            })
        }
    }
}

/// The bytes of a whole file, refused before reading when it is over `limit` (and when it grows
/// past it while being read).
fn read_bytes_limited(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let shown = || path.display().to_string();
    let io_err = |source| LoadError::Io {
        path: shown(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_err)?;
    let size = file.metadata().map_err(io_err)?.len();
    if size > limit {
        return Err(LoadError::TooLarge {
            path: shown(),
            size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while it is read.
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge {
            path: shown(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads a whole file as UTF-8 like [`read_utf8`] and hands its text to `parse` without copying
/// it into a `String` — for files that are parsed rather than kept (JSON). The UTF-8 check runs
/// with SIMD (simdutf8), several times faster than the standard library's on text that is not
/// mostly ASCII.
pub fn parse_utf8<R>(
    path: &Path,
    parse: impl FnOnce(&str) -> Result<R, LoadError>,
) -> Result<R, LoadError> {
    let bytes = read_bytes_limited(path, max_input_bytes())?;
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    match simdutf8::compat::from_utf8(&bytes[bom..]) {
        Ok(text) => parse(text),
        Err(e) => Err(LoadError::NotUtf8 {
            path: path.display().to_string(),
            offset: e.valid_up_to() + bom,
        }),
    }
}

/// Reads a whole file as UTF-8 (see [`read_text`]; not lossy).
pub fn read_utf8(path: &Path) -> Result<String, LoadError> {
    read_text(path, false).map(|t| t.text)
}

/// The current time as an RFC 3339 UTC timestamp with seconds (`2026-11-26T06:20:00Z`), for the
/// `created`/`modified` fields and lock files.
pub fn timestamp_now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_reported_crlf_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"\xEF\xBB\xBFIran\r\nwarned").unwrap();
        let t = read_text(&p, false).unwrap();
        assert!(t.had_bom);
        assert_eq!(t.text, "Iran\r\nwarned");
    }

    #[test]
    fn invalid_utf8_is_refused_or_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"abc\xffdef\xfe").unwrap();
        let e = read_text(&p, false).unwrap_err().to_string();
        assert!(
            e.contains("byte 3: not valid UTF-8") && e.contains("--lossy"),
            "{e}"
        );
        let t = read_text(&p, true).unwrap();
        assert_eq!(t.text, "abc\u{FFFD}def\u{FFFD}");
        assert_eq!(t.replaced_from, Some(3));
    }

    #[test]
    fn oversized_input_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, vec![b'a'; 2000]).unwrap();
        let err = read_text_limited(&p, false, 1000).unwrap_err().to_string();
        assert!(
            err.contains("2000 bytes, over the input limit of 1000 bytes")
                && err.contains("--max-input-mb"),
            "{err}"
        );
    }
}
