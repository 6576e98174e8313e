//! Plain-text import: one `.txt` file is one document.
//!
//! **Offsets:** none (no annotations). **Line endings:** kept exactly (CRLF stays two code
//! points); nothing is normalised, trimmed or re-encoded, and a UTF-8 byte order mark, if
//! present, stays part of the text. The document id is the file name without `.txt`; the
//! project makes it a safe, unique file name.

use super::import::{Imported, ImportedDoc};
use crate::model::Document;

/// One document from the contents of a text file named `stem` (`origin` is its path).
pub fn parse(stem: &str, content: &str, origin: &str) -> Imported {
    Imported {
        docs: vec![ImportedDoc {
            document: Document::new(stem, content),
            has_id: false,
            origin: origin.into(),
            sets: Vec::new(),
        }],
        ..Default::default()
    }
}
