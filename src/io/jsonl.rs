//! JSONL: one article per line — the dataset format for training.
//!
//! **Import.** Each non-empty line is a JSON object. `text` (string) is required; `id`, `title`,
//! `url`, `outlet`, `published`, `language` are read when present; a `metadata` object becomes
//! the document's metadata (its keys are free: `metadata.title` is not the title) and every
//! other key of the line is kept there too, in the line's order. Nothing is dropped: a key both on
//! the line and in `metadata` is an error, and a `metadata` that is not an object is kept under
//! the key `metadata`. Lines written by our own
//! export also carry `annotator`, `status`, `entities` and `frames` (the native frame objects),
//! which are read back as that annotator's annotations. Errors name `FILE:LINE:COLUMN`. Numbers
//! in metadata and in unknown frame keys are kept with their exact text, as in the native format.
//!
//! **Export.** One document per line: `{"id", "title"?, …, "metadata"?, "text", "annotator",
//! "status", "entities", "frames"}` with frames exactly as in the native format (every field).
//!
//! **Offsets:** code points, half-open, like the native format; each span carries its `text`.
//! **Line endings:** the text is a JSON string, so CR and LF are escaped and kept as they are;
//! a line of the file itself may end in `\n` or `\r\n`.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::export::{check_chars, check_line_shares, json_lines, ExportItem, OutFile};
use super::import::{at, jsonl_error, jsonl_lines, new_set, Imported, ImportedDoc, ImportedSet};
use super::json_out::model::{document_members, entity, frame, status_wire, Context};
use super::json_out::JsonOut;
use super::LoadError;
use crate::model::{AnnotationSet, Document, Entity, Frame, Span, Status, Text};

/// One line as read. The annotation keys are typed, so that they are read in place from the
/// text: their errors keep `LINE:COLUMN`, and offsets are checked as the integers they are
/// written as. Every other key stays a JSON value (numbers keep their exact text).
struct LineIn {
    frames: Option<Vec<Frame>>,
    entities: Option<Vec<Entity>>,
    status: Option<Status>,
    extra: Map<String, Value>,
}

crate::model::deserialize_keeping_extra!(
    LineIn,
    "a JSON object (one document)",
    required {},
    optional {
        frames,
        entities,
        status
    }
);

/// Reads a JSONL input. `path` names it in errors.
pub fn parse(input: &str, path: &str) -> Result<Imported, LoadError> {
    let mut out = Imported::default();
    for (n, line) in jsonl_lines(input) {
        let line: LineIn = serde_json::from_str(line).map_err(|e| jsonl_error(path, n, &e))?;
        out.docs.push(parse_object(line, path, n)?);
    }
    if out.docs.is_empty() {
        return Err(LoadError::Empty { path: path.into() });
    }
    Ok(out)
}

fn parse_object(line: LineIn, path: &str, n: usize) -> Result<ImportedDoc, LoadError> {
    let place = n.to_string();
    let LineIn {
        frames,
        entities,
        status,
        extra: mut obj,
    } = line;
    let string = |obj: &mut Map<String, Value>, key: &str| -> Result<Option<String>, LoadError> {
        match obj.shift_remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(at(
                path,
                &place,
                format!("\"{key}\" must be a string, found {v}"),
            )),
        }
    };
    let text = string(&mut obj, "text")?.ok_or_else(|| {
        at(
            path,
            &place,
            "no \"text\": every line needs the article text",
        )
    })?;
    let id = string(&mut obj, "id")?;
    let has_id = id.is_some();
    let mut doc = Document::new(id.unwrap_or_else(|| format!("line-{n}")), text);
    doc.title = string(&mut obj, "title")?;
    doc.url = string(&mut obj, "url")?;
    doc.outlet = string(&mut obj, "outlet")?;
    doc.published = string(&mut obj, "published")?;
    doc.language = string(&mut obj, "language")?;
    let annotator = string(&mut obj, "annotator")?;
    match obj.shift_remove("metadata") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => doc.metadata = m,
        // Not an object: kept as it is, under its own name.
        Some(other) => {
            doc.metadata.insert("metadata".into(), other);
        }
    }
    for (key, value) in obj {
        if doc.metadata.contains_key(&key) {
            return Err(at(
                path,
                &place,
                format!("\"{key}\" is both a key of the line and of its \"metadata\"; rename one"),
            ));
        }
        doc.metadata.insert(key, value);
    }

    let mut sets = Vec::new();
    if frames.is_some() || annotator.is_some() {
        let frames = frames.unwrap_or_default();
        let mut set = new_set(&doc.id, annotator.as_deref().unwrap_or(""));
        set.set_entities(entities.unwrap_or_default());
        if let Some(status) = status {
            set.status = status;
        }
        let places = frames
            .iter()
            .map(|f| (f.id.clone(), format!("{path}:{n} frame {}", f.id)))
            .collect();
        set.set_frames(frames);
        sets.push(ImportedSet { set, places });
    }
    Ok(ImportedDoc {
        document: doc,
        has_id,
        origin: format!("{path}:{n}"),
        sets,
    })
}

/// One line per document, in the given order: the fields of serde_json's compact form of
/// `{document (flattened), annotator, status, entities, frames}`, written in one pass.
pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, serde_json::Error> {
    Ok(json_lines(items, 600, |w, it| {
        line(w, it.document, it.set);
    }))
}

fn line(w: &mut JsonOut, document: &Document, set: &AnnotationSet) {
    w.begin_object();
    document_members(w, document);
    w.str_field("annotator", &set.annotator);
    w.str_field("status", status_wire(set.status));
    w.key("entities");
    w.begin_array();
    for e in &set.entities {
        w.element();
        entity(w, e);
    }
    w.end_array();
    w.key("frames");
    w.begin_array();
    for f in set.frames() {
        w.element();
        frame(w, f, Context::Without);
    }
    w.end_array();
    w.end_object();
}

/// A line as the check reads it: the text and every frame's spans, borrowed where the JSON
/// has no escapes; every other member is skipped (still parsed as JSON).
#[derive(serde::Deserialize)]
struct LineCheck<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow, default)]
    frames: Vec<FrameCheck<'a>>,
}

#[derive(serde::Deserialize)]
struct FrameCheck<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    claim: QuoteCheck<'a>,
    #[serde(borrow, default)]
    source: Option<ParticipantCheck<'a>>,
    #[serde(borrow, default)]
    cue: Option<QuoteCheck<'a>>,
    #[serde(borrow, default)]
    target: Option<ParticipantCheck<'a>>,
}

#[derive(serde::Deserialize)]
struct ParticipantCheck<'a> {
    #[serde(borrow, default)]
    span: Option<QuoteCheck<'a>>,
}

/// A span in the wire format: one fragment written flat, or `{"fragments": [...]}`.
#[derive(serde::Deserialize)]
struct QuoteCheck<'a> {
    start: Option<usize>,
    end: Option<usize>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    fragments: Vec<FragmentCheck<'a>>,
}

#[derive(serde::Deserialize)]
struct FragmentCheck<'a> {
    start: usize,
    end: usize,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

/// Reads the export back (every line parsed as JSON, the spans as our reader reads them) and
/// checks every span against the line's own text, in code points. Returns the number of spans
/// checked.
pub fn verify(written: &str, path: &str) -> Result<usize, String> {
    check_line_shares(written, "", |piece, before| {
        verify_lines(piece, before, path)
    })
}

/// [`verify`] of the lines of `piece`, which has `before` lines of the file above it.
fn verify_lines(piece: &str, before: usize, path: &str) -> Result<usize, String> {
    let mut checked = 0;
    for (n, line) in jsonl_lines(piece) {
        let n = before + n;
        let line: LineCheck =
            serde_json::from_str(line).map_err(|e| jsonl_error(path, n, &e).to_string())?;
        let text = Text::new(line.text.as_ref());
        for f in &line.frames {
            let quotes = [
                ("claim", Some(&f.claim)),
                ("source", f.source.as_ref().and_then(|p| p.span.as_ref())),
                ("cue", f.cue.as_ref()),
                ("target", f.target.as_ref().and_then(|p| p.span.as_ref())),
            ];
            for (role, q) in quotes {
                let Some(q) = q else { continue };
                let place = || format!("{path}:{n} frame {} {role}", f.id);
                let flat = match (q.start, q.end, &q.text) {
                    (Some(start), Some(end), Some(t)) if q.fragments.is_empty() => {
                        Some((start, end, t.as_ref()))
                    }
                    _ => None,
                };
                let pieces = flat.into_iter().chain(
                    q.fragments
                        .iter()
                        .map(|f| (f.start, f.end, f.text.as_ref())),
                );
                let mut any = false;
                for (start, end, t) in pieces {
                    if text.slice(Span::new(start, end)) != Some(t) {
                        check_chars(&text, start, end, t, &place())?;
                    }
                    any = true;
                    checked += 1;
                }
                if !any {
                    return Err(format!(
                        "{}: not a span (start, end, text or fragments)",
                        place()
                    ));
                }
            }
        }
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_frame_is_reported_at_its_line_and_column() {
        let input = "{\"text\": \"Iran\"}\n{\"text\": \"Iran\", \"frames\": [{\"id\": \"f1\", \
                     \"claim\": {\"start\": 0, \"end\": -4, \"text\": \"Iran\"}, \"stance\": \"w\"}]}\n";
        let e = parse(input, "in.jsonl").unwrap_err().to_string();
        assert_eq!(
            e,
            "in.jsonl:2:72: invalid value: integer `-4`, expected usize"
        );
    }

    /// The serde form this writer replaced: a line is byte-identical to it.
    #[derive(serde::Serialize)]
    struct SerdeLine<'a> {
        #[serde(flatten)]
        document: &'a Document,
        annotator: &'a str,
        status: Status,
        entities: &'a [Entity],
        frames: &'a [Frame],
    }

    #[test]
    fn lines_are_those_of_the_serde_form() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for who in ["alice", "bob", "carol"] {
            let path = root.join(format!(
                "samples/review-project/annotations/{who}/iran-talks-signals.json"
            ));
            let mut f = crate::io::native::load(&path).unwrap();
            // Kept numbers, escapes and a split quote on top of the sample.
            f.document.metadata =
                serde_json::from_str(r#"{"n": 1.50, "q": "a\"b\u0001"}"#).unwrap();
            f.annotations.extra = serde_json::from_str(r#"{"x": [-0, {}]}"#).unwrap();
            let mut frames = f.annotations.frames().to_vec();
            if let Some(first) = frames.first_mut() {
                first.extra =
                    serde_json::from_str(r#"{"x-frame": 12345678901234567890123}"#).unwrap();
            }
            f.annotations.set_frames(frames);
            let item = ExportItem {
                document: &f.document,
                set: &f.annotations,
            };
            let expected = serde_json::to_string(&SerdeLine {
                document: &f.document,
                annotator: &f.annotations.annotator,
                status: f.annotations.status,
                entities: &f.annotations.entities,
                frames: f.annotations.frames(),
            })
            .unwrap()
                + "\n";
            let written = export(&[item]).unwrap();
            assert_eq!(written[0].contents, expected, "{who}");
            assert!(verify(&written[0].contents, "out.jsonl").unwrap() > 0);
            checked += 1;
        }
        assert_eq!(checked, 3);
    }

    #[test]
    fn metadata_numbers_keep_their_text() {
        let input = "{\"text\": \"Iran\", \"score\": 0.30, \"n\": 123456789012345678901234567890}";
        let doc = &parse(input, "in.jsonl").unwrap().docs[0].document;
        assert_eq!(doc.metadata["score"].to_string(), "0.30");
        assert_eq!(
            doc.metadata["n"].to_string(),
            "123456789012345678901234567890"
        );
    }
}
