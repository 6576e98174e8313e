//! JSONL: one article per line — the dataset format for training.
//!
//! **Import.** Each non-empty line is a JSON object. `text` (string) is required; `id`, `title`,
//! `url`, `outlet`, `published`, `language` are read when present; a `metadata` object is merged
//! into the document's metadata and every other key is kept there too. Lines written by our own
//! export also carry `annotator`, `status`, `entities` and `frames` (the native frame objects),
//! which are read back as that annotator's annotations. Errors name `FILE:LINE:COLUMN`.
//!
//! **Export.** One document per line: `{"id", "title"?, …, "metadata"?, "text", "annotator",
//! "status", "entities", "frames"}` with frames exactly as in the native format (every field).
//!
//! **Offsets:** code points, half-open, like the native format; each span carries its `text`.
//! **Line endings:** the text is a JSON string, so CR and LF are escaped and kept as they are;
//! a line of the file itself may end in `\n` or `\r\n`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::export::{check_chars, ExportItem, OutFile};
use super::import::{at, jsonl_error, jsonl_lines, new_set, Imported, ImportedDoc, ImportedSet};
use super::LoadError;
use crate::model::{AnnotationSet, Document, Entity, Frame, Status};

const DOC_KEYS: [&str; 6] = ["id", "title", "url", "outlet", "published", "language"];

/// Reads a JSONL input. `path` names it in errors.
pub fn parse(input: &str, path: &str) -> Result<Imported, LoadError> {
    let mut out = Imported::default();
    for (n, line) in jsonl_lines(input) {
        let obj: Map<String, Value> =
            serde_json::from_str(line).map_err(|e| jsonl_error(path, n, &e))?;
        out.docs.push(parse_object(obj, path, n)?);
    }
    if out.docs.is_empty() {
        return Err(LoadError::Empty { path: path.into() });
    }
    Ok(out)
}

fn parse_object(
    mut obj: Map<String, Value>,
    path: &str,
    n: usize,
) -> Result<ImportedDoc, LoadError> {
    let place = n.to_string();
    let string = |obj: &mut Map<String, Value>, key: &str| -> Result<Option<String>, LoadError> {
        match obj.remove(key) {
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
    let frames = obj.remove("frames");
    let entities = obj.remove("entities");
    let status = obj.remove("status");
    if let Some(Value::Object(m)) = obj.remove("metadata") {
        doc.metadata.extend(m);
    }
    doc.metadata.extend(obj);

    let mut sets = Vec::new();
    if frames.is_some() || annotator.is_some() {
        let field = |what: &str, e: serde_json::Error| at(path, &place, format!("{what}: {e}"));
        let frames: Vec<Frame> = match frames {
            Some(v) => serde_json::from_value(v).map_err(|e| field("frames", e))?,
            None => Vec::new(),
        };
        let mut set = new_set(&doc.id, annotator.as_deref().unwrap_or(""));
        set.set_entities(match entities {
            Some(v) => {
                serde_json::from_value::<Vec<Entity>>(v).map_err(|e| field("entities", e))?
            }
            None => Vec::new(),
        });
        if let Some(v) = status {
            set.status = serde_json::from_value::<Status>(v).map_err(|e| field("status", e))?;
        }
        let places = frames
            .iter()
            .map(|f| (f.id.clone(), format!("{path}:{n} frame {}", f.id)))
            .collect();
        set.set_frames(frames);
        sets.push(ImportedSet { set, places });
    }
    debug_assert!(DOC_KEYS.iter().all(|k| !doc.metadata.contains_key(*k)));
    Ok(ImportedDoc {
        document: doc,
        has_id,
        origin: format!("{path}:{n}"),
        sets,
    })
}

#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    document: &'a Document,
    annotator: &'a str,
    status: Status,
    entities: &'a [Entity],
    frames: &'a [Frame],
}

/// One line per document, in the given order.
pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, serde_json::Error> {
    let mut out = String::new();
    for it in items {
        out.push_str(&line(it.document, it.set)?);
        out.push('\n');
    }
    Ok(vec![OutFile::new("", out)])
}

fn line(document: &Document, set: &AnnotationSet) -> Result<String, serde_json::Error> {
    serde_json::to_string(&Line {
        document,
        annotator: &set.annotator,
        status: set.status,
        entities: &set.entities,
        frames: set.frames(),
    })
}

/// Reads the export back and checks every span against the line's own text, in code points.
/// Returns the number of spans checked.
pub fn verify(written: &str, path: &str) -> Result<usize, String> {
    let imported = parse(written, path).map_err(|e| e.to_string())?;
    let mut checked = 0;
    for d in &imported.docs {
        for s in &d.sets {
            for f in s.set.frames() {
                for (role, q) in f.quotes() {
                    for frag in q.fragments() {
                        let place = format!("{} frame {} {}", d.origin, f.id, role.name());
                        let s = frag.span;
                        check_chars(&d.document.text, s.start, s.end, &frag.text, &place)?;
                        checked += 1;
                    }
                }
            }
        }
    }
    Ok(checked)
}
