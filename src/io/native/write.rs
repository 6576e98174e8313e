//! The native writer: the canonical form (see the module doc of [`super`]) emitted in one pass
//! into a pre-sized buffer, in the fixed key order of the wire form.
//!
//! File: format, document, annotator, schema, status, created, modified, time_spent, entities,
//! frames, suggestions, rejected_suggestions, then unknown fields. Document: id, title, url,
//! outlet, published, language, metadata, text, then unknown fields. Frame: id, claim, stance,
//! source, cue, target, via, attributes, note, comments, anchor, then unknown fields. Every fragment of every span gets `prefix`/`suffix`: taken from the
//! document text when the fragment matches it, else the context stored with the fragment (an
//! orphaned quote keeps the context it was found with). The layout is serde_json's pretty one,
//! byte for byte (a test compares with the serde-based writer this one replaced).

use crate::io::json_out::model::{document_members, entity, frame, status_wire, Context};
use crate::io::json_out::JsonOut;
use crate::model::{AnnotationSet, Document};

use super::FORMAT;

/// Bytes reserved per frame beyond the text: a frame of the big benchmark document takes about
/// 1.5 kB (four quotes with 64 code points of context each), so one allocation usually suffices.
const BYTES_PER_FRAME: usize = 1600;

/// The whole file, final newline included.
pub(super) fn file_string(document: &Document, annotations: &AnnotationSet) -> String {
    let capacity = document.text.as_str().len() * 11 / 10
        + BYTES_PER_FRAME * annotations.frames().len()
        + 4096;
    let mut w = JsonOut::pretty(capacity);
    w.begin_object();
    w.str_field("format", FORMAT);
    w.key("document");
    w.begin_object();
    document_members(&mut w, document);
    w.end_object();
    w.str_field("annotator", &annotations.annotator);
    w.key("schema");
    w.begin_object();
    w.str_field("id", &annotations.schema.id);
    w.str_field("version", &annotations.schema.version);
    w.end_object();
    w.str_field("status", status_wire(annotations.status));
    if let Some(c) = &annotations.created {
        w.str_field("created", c);
    }
    if let Some(m) = &annotations.modified {
        w.str_field("modified", m);
    }
    if !annotations.time_spent.is_empty() {
        w.key("time_spent");
        w.serialize(&annotations.time_spent);
    }
    w.key("entities");
    w.begin_array();
    for e in &annotations.entities {
        w.element();
        entity(&mut w, e);
    }
    w.end_array();
    w.key("frames");
    w.begin_array();
    for f in annotations.frames() {
        w.element();
        frame(&mut w, f, Context::Of(&document.text));
    }
    w.end_array();
    // Pending suggestions and rejections are rare and small: serde writes them.
    if !annotations.suggestions().is_empty() {
        w.key("suggestions");
        w.serialize(annotations.suggestions());
    }
    if !annotations.rejected_suggestions().is_empty() {
        w.key("rejected_suggestions");
        w.serialize(annotations.rejected_suggestions());
    }
    w.flatten(&annotations.extra);
    w.end_object();
    let mut out = w.into_string();
    out.push('\n');
    out
}
