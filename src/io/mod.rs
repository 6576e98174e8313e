//! Reading and writing files: the native JSON format, the import and export formats of other
//! tools, and atomic writes. Each format lives in its own module as pure functions (strings in →
//! model out; model in → strings out); the file system work is done by [`crate::project`].
//!
//! Every reader returns a [`LoadError`] naming the file and the place (line:column, byte offset
//! or id) instead of panicking; every writer is atomic.

pub mod atomic;
pub mod brat;
pub mod conll;
pub mod csv_export;
pub mod doccano;
pub mod export;
pub mod import;
pub mod jsonl;
pub mod label_studio;
pub mod lock;
pub mod native;
pub mod spacy;
pub mod stamp;
pub mod text;
pub mod w3c;

use std::path::Path;

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
    #[error("{path}: byte {offset}: not valid UTF-8 (the text must be UTF-8)")]
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

/// Reads a whole file as UTF-8, naming the byte offset of the first bad sequence otherwise.
pub fn read_utf8(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        path: path.display().to_string(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// The current time as an RFC 3339 UTC timestamp with seconds (`2026-11-26T06:20:00Z`), for the
/// `created`/`modified` fields and lock files.
pub fn timestamp_now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
