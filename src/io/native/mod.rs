//! The native stancemark format, version `stancemark/1`.
//!
//! One UTF-8 JSON file per document per annotator. Shape (optional keys are omitted when empty):
//!
//! ```text
//! {
//!   "format": "stancemark/1",
//!   "document": {"id", "title"?, "url"?, "outlet"?, "published"?, "language"?,
//!                "metadata"?: {...}, "text": "the full article text"},
//!   "annotator": "alice",
//!   "schema": {"id": "news-stance", "version": "1"},
//!   "status": "todo" | "in_progress" | "done",
//!   "created"?: RFC 3339, "modified"?: RFC 3339,
//!   "time_spent"?: {"alice": 754},   seconds of active annotation time per person
//!   "entities": [{"id": "e1", "name": "Donald Trump", "kind": "person"}],
//!   "frames": [{
//!     "id": "f1",
//!     "claim": {"start": 2738, "end": 2766, "text": "Iran is not winning this war",
//!               "prefix": "in Canada, warned, \"", "suffix": "\" and that it must engage …"},
//!     "stance": "warning",
//!     "source"?: {"span"?: {"start", "end", "text"}, "entity"?: "e4"},
//!     "cue"?: {"start", "end", "text"},
//!     "target"?: {"span"?: {...}, "entity"?: "e1"},
//!     "via"?: "f12",
//!     "attributes"?: {"polarity": "against"},
//!     "note"?: "free text",
//!     "comments"?: [{"author": "carol", "time": RFC 3339, "text": "Why denial?"}]
//!   }]
//! }
//! ```
//!
//! **Suggestions.** Pending suggestions of the attribution finder and the rejected ones are kept
//! apart from `frames`, under `"suggestions"` and `"rejected_suggestions"` after them (shape in
//! [`crate::model::suggestion`]); both keys are omitted when empty, so a file without
//! suggestions is written exactly as before.
//!
//! **Fragments.** A span (claim, source span, cue, target span) of several pieces — the split
//! quote `"We will not," he said, "back down."` — is written
//! `{"fragments": [{"start", "end", "text", "prefix", "suffix"}, …]}` instead of the flat object,
//! each fragment with its own text and context; a span of one fragment is always written flat, so
//! files without split spans are byte-identical to those of earlier versions. An empty list, an
//! unknown key in a span or fragment, or a span with both shapes is a load error at its
//! line:column; fragments out of text order, overlapping or touching are reported by `validate`
//! (naming the frame, role and fragment).
//!
//! **Offsets** are Unicode code point indices into `document.text`, half-open `[start, end)`:
//! `text[start:end]` in Python. Every span stores the exact `text` it covers; a reader can and
//! `validate` does check it. Each span also stores `prefix` and `suffix`: up to 32 code points of
//! the text before and after it, written on every save and used to find the quote again if the
//! document text is later corrected (see [`crate::model::anchor`]); files without them (written
//! before context was stored) are read as well. Line endings in the text are stored as they are (CRLF = two code
//! points).
//!
//! **Guarantees.** Output is deterministic: fixed key order, two-space indentation, a final
//! newline, frames sorted by (claim start, claim end, id), entities by id. Saving the same data
//! twice gives byte-identical files, and one edit changes only that frame's lines. Unknown keys on
//! the file, document, frame and entity objects are kept on a round trip, and so is document
//! `metadata`; every number in them is written back with the text it was read with (no rounding
//! to a double: long integers, long decimals, `1.50` and `-0` stay as they are), except that an
//! exponent is spelled `e` with a sign (`1E5` is written `1e+5`, once). Files are written
//! atomically. A file whose major version is newer than 1 is refused with a message saying so;
//! minor versions (`stancemark/1.x`) are read.

use std::path::Path;

use serde_json::{Map, Value};

use crate::model::{
    validate, AnnotationSet, Document, Entity, Frame, PendingSuggestion, Problem, Rejection,
    Schema, SchemaRef, Status, TimeSpent,
};

#[cfg(test)]
mod reference;
mod write;

use super::atomic::{write_atomic, Durability};
use super::stamp::{check_unchanged, CheckError, DiskStamp};
use super::LoadError;

/// The format tag written into every file.
pub const FORMAT: &str = "stancemark/1";
/// The major version this build reads.
pub const MAJOR: u64 = 1;

/// A loaded native file: the document and one annotator's annotations of it.
#[derive(Debug, Clone, PartialEq)]
pub struct NativeFile {
    pub document: Document,
    pub annotations: AnnotationSet,
}

impl NativeFile {
    /// Checks every invariant against the text and `schema`. A file that names another schema id
    /// is reported too, since its labels were chosen from that schema.
    pub fn validate(&self, schema: &Schema) -> Vec<Problem> {
        let mut problems = Vec::new();
        let r = &self.annotations.schema;
        if r.id != schema.id {
            problems.push(Problem {
                location: "schema".into(),
                message: format!(
                    "the file uses schema {:?} (version {}), checked against {:?}",
                    r.id, r.version, schema.id
                ),
            });
        }
        problems.extend(validate(&self.annotations, &self.document, schema));
        problems
    }
}

/// The wire form, read with a streaming visitor so errors keep their line:column.
struct Wire {
    format: String,
    document: Document,
    annotator: String,
    schema: SchemaRef,
    status: Status,
    created: Option<String>,
    modified: Option<String>,
    time_spent: TimeSpent,
    entities: Vec<Entity>,
    frames: Vec<Frame>,
    suggestions: Vec<PendingSuggestion>,
    rejected_suggestions: Vec<Rejection>,
    extra: Map<String, Value>,
}

crate::model::deserialize_keeping_extra!(
    Wire,
    "a stancemark annotation file (a JSON object)",
    required {
        format,
        document,
        annotator,
        schema
    },
    optional {
        status,
        created,
        modified,
        time_spent,
        entities,
        frames,
        suggestions,
        rejected_suggestions
    }
);

/// Only the format tag, read first so that a newer version gets the right message.
#[derive(serde::Deserialize)]
struct Probe {
    format: Option<Value>,
}

/// Parses a native file from a string. `origin` names it in errors. Does not validate.
pub fn parse(json: &str, origin: &str) -> Result<NativeFile, LoadError> {
    if json.trim().is_empty() {
        return Err(LoadError::Empty {
            path: origin.into(),
        });
    }
    let json_err = |e: serde_json::Error| LoadError::Json {
        path: origin.into(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e),
    };
    // One parse: the format tag is checked after it. Only when the parse fails is the tag read
    // on its own, so that a file of a newer version gets that message rather than a message
    // about a field this version does not know.
    let w: Wire = match serde_json::from_str(json) {
        Ok(w) => w,
        Err(e) => {
            let probe: Probe = serde_json::from_str(json).map_err(json_err)?;
            check_version(probe.format.as_ref(), origin)?;
            return Err(json_err(e));
        }
    };
    check_version(Some(&Value::String(w.format.clone())), origin)?;
    let mut annotations = AnnotationSet::new(w.document.id.clone(), w.annotator, w.schema);
    annotations.status = w.status;
    annotations.created = w.created;
    annotations.modified = w.modified;
    annotations.time_spent = w.time_spent;
    annotations.set_entities(w.entities);
    annotations.set_frames(w.frames);
    annotations.set_suggestions(w.suggestions, w.rejected_suggestions);
    annotations.extra = w.extra;
    Ok(NativeFile {
        document: w.document,
        annotations,
    })
}

fn check_version(format: Option<&Value>, origin: &str) -> Result<(), LoadError> {
    let bad = |message: String| LoadError::Format {
        path: origin.into(),
        message,
    };
    let Some(format) = format else {
        return Err(bad(
            "no \"format\" key: not a stancemark annotation file".into()
        ));
    };
    let Some(tag) = format.as_str() else {
        return Err(bad(format!("\"format\" must be a string, found {format}")));
    };
    let Some(version) = tag.strip_prefix("stancemark/") else {
        return Err(bad(format!(
            "format {tag:?} is not a stancemark annotation file (expected {FORMAT:?})"
        )));
    };
    let major = version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u64>().ok());
    match major {
        Some(MAJOR) => Ok(()),
        Some(m) if m > MAJOR => Err(bad(format!(
            "format {tag:?} is from a newer stancemark (major version {m}); this version reads \
             {FORMAT:?} — upgrade stancemark to open it"
        ))),
        _ => Err(bad(format!(
            "unsupported format version {tag:?} (expected {FORMAT:?})"
        ))),
    }
}

/// serde_json appends " at line L column C" to messages; we report the place separately.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Serialises a document and its annotations in the canonical form (see the module doc).
pub fn to_string(document: &Document, annotations: &AnnotationSet) -> String {
    write::file_string(document, annotations)
}

/// Writes the canonical form into `w` (serialised into memory first, then written at once).
pub fn write_to(
    w: &mut dyn std::io::Write,
    document: &Document,
    annotations: &AnnotationSet,
) -> std::io::Result<()> {
    w.write_all(to_string(document, annotations).as_bytes())
}

/// Reads and parses a native file (does not validate; see [`NativeFile::validate`]).
pub fn load(path: &Path) -> Result<NativeFile, LoadError> {
    super::parse_utf8(path, |text| parse(text, &path.display().to_string()))
}

/// Writes a native file atomically.
pub fn save(path: &Path, document: &Document, annotations: &AnnotationSet) -> std::io::Result<()> {
    save_durable(path, document, annotations, Durability::Synced)
}

/// [`save`] with a choice of [`Durability`] (benchmarks measure a save without the fsync).
pub fn save_durable(
    path: &Path,
    document: &Document,
    annotations: &AnnotationSet,
    durability: Durability,
) -> std::io::Result<()> {
    super::atomic::write_atomic_durable(path, durability, |w| write_to(w, document, annotations))
}

/// Reads a native file and the [`DiskStamp`] of the bytes read, for a later [`save_checked`].
pub fn load_stamped(path: &Path) -> Result<(NativeFile, DiskStamp), LoadError> {
    super::parse_utf8(path, |text| {
        let stamp = DiskStamp::of_bytes(text.as_bytes());
        Ok((parse(text, &path.display().to_string())?, stamp))
    })
}

/// Saves atomically, but only if the file on disk still has the content `expected` (what was
/// loaded or last saved; `None` for a file that did not exist). Returns the new stamp.
pub fn save_checked(
    path: &Path,
    document: &Document,
    annotations: &AnnotationSet,
    expected: Option<DiskStamp>,
) -> Result<DiskStamp, SaveError> {
    check_unchanged(path, expected)?;
    let json = to_string(document, annotations);
    write_atomic(path, json.as_bytes()).map_err(|source| SaveError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(DiskStamp::of_bytes(json.as_bytes()))
}

/// Why a checked save did not happen. The file on disk is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Check(#[from] CheckError),
    #[error("{path}: cannot write: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl SaveError {
    /// True when the save was refused because the file changed on disk.
    pub fn is_changed_on_disk(&self) -> bool {
        matches!(self, SaveError::Check(CheckError::Changed(_)))
    }
}

/// Writes an already serialised file atomically (for callers that serialise off the UI thread).
pub fn save_str(path: &Path, json: &str) -> std::io::Result<()> {
    write_atomic(path, json.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{
  "format": "stancemark/1",
  "document": {"id": "d", "text": "Iran warned 😀 Israel.", "x-doc": 1},
  "annotator": "a",
  "schema": {"id": "news-stance", "version": "1"},
  "frames": [{"id": "f1", "claim": {"start": 14, "end": 20, "text": "Israel"},
              "stance": "warning", "x-frame": [1, 2]}],
  "x-top": {"kept": true}
}"#;

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let f = parse(MINIMAL, "m.json").unwrap();
        assert!(f.validate(&Schema::default_news()).is_empty());
        let out = to_string(&f.document, &f.annotations);
        for key in ["\"x-doc\": 1", "\"x-frame\": [", "\"x-top\": {"] {
            assert!(out.contains(key), "{key} lost:\n{out}");
        }
        let again = parse(&out, "out.json").unwrap();
        assert_eq!(again, f);
        assert_eq!(to_string(&again.document, &again.annotations), out);
    }

    #[test]
    fn kept_numbers_keep_their_text() {
        let with_numbers = MINIMAL
            .replace(
                "\"x-doc\": 1",
                "\"x-doc\": [1.50, -0, 12345678901234567890123, 2E3]",
            )
            .replace("[1, 2]", "[0.1000000000000000055511151231257827]");
        let f = parse(&with_numbers, "m.json").unwrap();
        let out = to_string(&f.document, &f.annotations);
        for kept in [
            "1.50,",
            "-0,",
            "12345678901234567890123,",
            "2e+3\n",
            "0.1000000000000000055511151231257827\n",
        ] {
            assert!(out.contains(kept), "{kept} lost:\n{out}");
        }
        assert_eq!(parse(&out, "out.json").unwrap(), f);
    }

    #[test]
    fn escaped_keys_are_read_like_plain_ones() {
        let plain = parse(MINIMAL, "m.json").unwrap();
        let escaped = MINIMAL
            .replace("\"annotator\"", "\"annot\\u0061tor\"")
            .replace("\"x-top\"", "\"x-t\\u006fp\"");
        assert!(escaped.contains("\\u0061"), "{escaped}");
        assert_eq!(parse(&escaped, "e.json").unwrap(), plain);
    }

    #[test]
    fn errors_name_the_place() {
        let bad = MINIMAL.replace("\"start\": 14", "\"start\": -14");
        let e = parse(&bad, "m.json").unwrap_err().to_string();
        assert!(e.starts_with("m.json:6:"), "{e}");
        assert!(e.contains("-14"), "{e}");

        let e = parse("{\n  \"format\": \"stancemark/1\",\n  oops\n}", "x.json")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.json:3:3: "), "{e}");

        let e = parse(&MINIMAL.replace("stancemark/1", "stancemark/2"), "n.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("newer stancemark") && e.contains("upgrade"),
            "{e}"
        );

        let e = parse("  \n", "e.json").unwrap_err().to_string();
        assert_eq!(e, "e.json: the file is empty");

        let e = parse(
            &MINIMAL.replace("\"start\": 14", "\"start\": 1e20"),
            "m.json",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("m.json:6:"), "{e}");
    }

    /// A split quote: `"We will not," he said, "back down."` with emoji, CJK and CRLF around.
    const SPLIT: &str = r#"{
  "format": "stancemark/1",
  "document": {"id": "d", "text": "😀 \"We will not,\" he said,\r\n\"back down.\" 日本"},
  "annotator": "a",
  "schema": {"id": "news-stance", "version": "1"},
  "frames": [{"id": "f1",
              "claim": {"fragments": [{"start": 3, "end": 15, "text": "We will not,"},
                                      {"start": 28, "end": 38, "text": "back down."}]},
              "stance": "threat",
              "cue": {"start": 17, "end": 24, "text": "he said"}}]
}"#;

    #[test]
    fn fragments_are_written_as_a_list_with_context_each() {
        let f = parse(SPLIT, "s.json").unwrap();
        assert!(f.validate(&Schema::default_news()).is_empty());
        let claim = &f.annotations.frames()[0].claim;
        assert!(claim.is_discontinuous());
        let out = to_string(&f.document, &f.annotations);
        let expected = r#"      "claim": {
        "fragments": [
          {
            "start": 3,
            "end": 15,
            "text": "We will not,",
            "prefix": "😀 \"",
            "suffix": "\" he said,\r\n\"back down.\" 日本"
          },
          {
            "start": 28,
            "end": 38,
            "text": "back down.",
            "prefix": "😀 \"We will not,\" he said,\r\n\"",
            "suffix": "\" 日本"
          }
        ]
      },
      "stance": "threat",
      "cue": {
        "start": 17,
        "end": 24,
        "text": "he said","#;
        assert!(out.contains(expected), "{out}");
        let again = parse(&out, "out.json").unwrap();
        assert_eq!(again, f);
        assert_eq!(to_string(&again.document, &again.annotations), out);
    }

    #[test]
    fn fragment_errors_name_the_place() {
        let empty = SPLIT.replace(
            r#"{"fragments": [{"start": 3, "end": 15, "text": "We will not,"},
                                      {"start": 28, "end": 38, "text": "back down."}]}"#,
            "{\"fragments\": []}",
        );
        let e = parse(&empty, "e.json").unwrap_err().to_string();
        assert!(
            e.starts_with("e.json:7:") && e.contains("empty list"),
            "{e}"
        );
        let unknown = SPLIT.replace(r#""text": "back down.""#, r#""text": "back down.", "x": 1"#);
        let e = parse(&unknown, "u.json").unwrap_err().to_string();
        assert!(
            e.starts_with("u.json:8:") && e.contains("unknown field `x`"),
            "{e}"
        );
        // Order and overlap are for validate, which names the frame and role.
        let unsorted = SPLIT.replace(
            r#"[{"start": 3, "end": 15, "text": "We will not,"},
                                      {"start": 28, "end": 38, "text": "back down."}]"#,
            r#"[{"start": 28, "end": 38, "text": "back down."},
                                      {"start": 3, "end": 15, "text": "We will not,"}]"#,
        );
        assert_ne!(unsorted, SPLIT);
        let f = parse(&unsorted, "o.json").unwrap();
        let problems: Vec<String> = f
            .validate(&Schema::default_news())
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            problems,
            vec![
                "frame f1 claim: fragment 2 [3, 15) comes before fragment 1 [28, 38): fragments \
                  must be in text order"
            ]
        );
    }

    #[test]
    fn checked_save_refuses_a_file_changed_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        let f = parse(MINIMAL, "m").unwrap();
        let stamp = save_checked(&p, &f.document, &f.annotations, None).unwrap();
        let (_, loaded) = load_stamped(&p).unwrap();
        assert_eq!(loaded, stamp);
        std::fs::write(&p, "edited elsewhere").unwrap();
        let err = save_checked(&p, &f.document, &f.annotations, Some(stamp)).unwrap_err();
        assert!(err.is_changed_on_disk(), "{err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "edited elsewhere");
    }
}
