//! What every exporter takes and returns, and the check every export runs on its own output.
//!
//! An exporter is a pure function from documents with one annotation set each to the files of
//! its format (name relative to the output, contents). [`crate::project`] calls the format's
//! `verify` on those contents before it writes them: the bytes are parsed as the format's reader
//! parses them, every span is located again in that format's own offset unit and its text
//! compared with the document, so an export never writes or reports shifted offsets.

use crate::model::{AnnotationSet, Document, Text};

/// One document and the annotation set to export for it.
#[derive(Debug, Clone, Copy)]
pub struct ExportItem<'a> {
    pub document: &'a Document,
    pub set: &'a AnnotationSet,
}

/// One output file: a name relative to the output path (empty for "the output file itself")
/// and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub name: String,
    pub contents: String,
}

impl OutFile {
    pub fn new(name: impl Into<String>, contents: impl Into<String>) -> Self {
        OutFile {
            name: name.into(),
            contents: contents.into(),
        }
    }
}

/// What an export produced, for its report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub documents: usize,
    pub frames: usize,
    /// Spans whose text was checked against the document after reading the output back.
    pub spans_checked: usize,
    pub warnings: Vec<String>,
}

impl ExportSummary {
    /// "1 document, 2 frames", for the reports of the command and the workbench.
    pub fn counts(&self) -> String {
        format!(
            "{}, {}",
            counted(self.documents, "document", "documents"),
            counted(self.frames, "frame", "frames")
        )
    }
}

/// `n` and the noun, plural unless `n` is 1 ("1 frame", "0 frames", "2 entities").
pub fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        _ => format!("{n} {many}"),
    }
}

/// Checks that `text[start:end]` in code points equals `expected`; the message names `place`.
pub fn check_chars(
    text: &Text,
    start: usize,
    end: usize,
    expected: &str,
    place: &str,
) -> Result<(), String> {
    match text.slice(crate::model::Span::new(start, end)) {
        Some(found) if found == expected => Ok(()),
        Some(found) => Err(format!(
            "{place}: [{start}, {end}) holds {found:?}, expected {expected:?}"
        )),
        None => Err(format!(
            "{place}: [{start}, {end}) is not inside the text ({} code points)",
            text.len_chars()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_one_in_the_singular() {
        assert_eq!(counted(1, "entity", "entities"), "1 entity");
        assert_eq!(counted(0, "entity", "entities"), "0 entities");
        assert_eq!(counted(2, "frame", "frames"), "2 frames");
        let s = ExportSummary {
            documents: 1,
            frames: 25,
            ..Default::default()
        };
        assert_eq!(s.counts(), "1 document, 25 frames");
    }
}
