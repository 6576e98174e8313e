//! What every importer returns, and the helpers they share.
//!
//! An importer is a pure function from the bytes of one input (plus its name, for messages) to
//! [`Imported`]: documents, each with the annotation sets found for it, and the place in the
//! input where each frame came from (`file:line`, used when a label is unknown or a frame is
//! invalid). Matching documents to a project, checking labels and writing files is done by
//! [`crate::project`]; importers never touch the file system.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::model::{AnnotationSet, Document, Quote, SchemaRef, Span, Text};

use super::LoadError;

/// One annotator's frames of one imported document.
#[derive(Debug, Clone)]
pub struct ImportedSet {
    /// `annotator` is empty when the source does not name one (the caller supplies it).
    pub set: AnnotationSet,
    /// Frame id → where in the input the frame was read (e.g. `in.ann:12`).
    pub places: BTreeMap<String, String>,
}

/// One imported document and the annotation sets that came with it.
#[derive(Debug, Clone)]
pub struct ImportedDoc {
    pub document: Document,
    /// True when the source carries a document id (match by id); false when the id was made up
    /// (match by identical text).
    pub has_id: bool,
    /// Where the document was read (`file` or `file:line`).
    pub origin: String,
    pub sets: Vec<ImportedSet>,
}

/// The result of reading one input.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub docs: Vec<ImportedDoc>,
    /// Things that were read but changed or ignored (e.g. a discontinuous brat span).
    pub warnings: Vec<String>,
}

/// A placeholder schema reference for imported sets; the project replaces it with its own.
pub fn unknown_schema() -> SchemaRef {
    SchemaRef {
        id: String::new(),
        version: String::new(),
    }
}

/// An empty set for a document, with no annotator yet.
pub fn new_set(doc_id: &str, annotator: &str) -> AnnotationSet {
    AnnotationSet::new(doc_id, annotator, unknown_schema())
}

/// The quote of `[start, end)` in code points, or an error naming `path:place` when the span is
/// inverted or leaves the text.
pub fn quote_at(
    text: &Text,
    start: usize,
    end: usize,
    path: &str,
    place: &str,
) -> Result<Quote, LoadError> {
    let span = Span::new(start, end);
    match text.slice(span) {
        Some(s) => Ok(Quote::new(span, s)),
        None => Err(LoadError::At {
            path: path.into(),
            place: place.into(),
            message: format!(
                "span {span} is not inside the text ({} code points)",
                text.len_chars()
            ),
        }),
    }
}

/// Takes `key` out of `obj` when it is a string or a number and returns its text (a number as
/// written: `12345678901234567890123` stays those digits). A value of another type stays in
/// `obj`, to be kept as metadata rather than dropped. The other keys keep their order.
pub fn take_id(obj: &mut Map<String, Value>, key: &str) -> Option<String> {
    let id = match obj.get(key)? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    obj.shift_remove(key);
    Some(id)
}

/// Takes `key` out of `obj` when it is a string; otherwise leaves it there (see [`take_id`]).
pub fn take_string(obj: &mut Map<String, Value>, key: &str) -> Option<String> {
    if !obj.get(key)?.is_string() {
        return None;
    }
    match obj.shift_remove(key)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// An error at `path:place`.
pub fn at(path: &str, place: impl Into<String>, message: impl Into<String>) -> LoadError {
    LoadError::At {
        path: path.into(),
        place: place.into(),
        message: message.into(),
    }
}

/// A JSON parse error of a whole file, with its line:column.
pub fn json_error(path: &str, e: &serde_json::Error) -> LoadError {
    LoadError::Json {
        path: path.into(),
        line: e.line(),
        column: e.column(),
        message: strip_position(e),
    }
}

/// A JSON parse error inside line `line` of a JSONL file (serde_json counts from that line).
pub fn jsonl_error(path: &str, line: usize, e: &serde_json::Error) -> LoadError {
    LoadError::At {
        path: path.into(),
        place: format!("{line}:{}", e.column()),
        message: strip_position(e),
    }
}

/// serde_json appends " at line L column C"; the place is reported separately.
pub fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// The non-empty lines of a JSONL input with their 1-based line numbers. A trailing `\r` is
/// part of the line break, not of the JSON.
pub fn jsonl_lines(input: &str) -> impl Iterator<Item = (usize, &str)> {
    input
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn ids_are_taken_as_written_and_other_types_stay() {
        let mut m = map(r#"{"a": 1, "id": 12345678901234567890123, "b": 2, "c": 3}"#);
        assert_eq!(
            take_id(&mut m, "id").as_deref(),
            Some("12345678901234567890123")
        );
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b", "c"], "order kept");
        let mut m = map(r#"{"id": {"x": 1}, "b": 2}"#);
        assert_eq!(take_id(&mut m, "id"), None);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["id", "b"], "kept in place");
        assert_eq!(take_id(&mut m, "missing"), None);
    }

    #[test]
    fn strings_are_taken_and_other_types_stay_in_place() {
        let mut m = map(r#"{"title": 5, "annotator": "ann", "z": null}"#);
        assert_eq!(take_string(&mut m, "title"), None);
        assert_eq!(take_string(&mut m, "annotator").as_deref(), Some("ann"));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["title", "z"]);
    }
}
