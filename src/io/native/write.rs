//! The native writer: the canonical form (see the module doc of [`super`]) emitted in one pass
//! into a pre-sized buffer, in the fixed key order of the wire form.
//!
//! File: format, document, annotator, schema, status, created, modified, entities, frames, then
//! unknown fields. Document: id, title, url, outlet, published, language, metadata, text, then
//! unknown fields. Frame: id, claim, stance, source, cue, target, via, attributes, note, anchor,
//! then unknown fields. Every fragment of every span gets `prefix`/`suffix`: taken from the
//! document text when the fragment matches it, else the context stored with the fragment (an
//! orphaned quote keeps the context it was found with). The layout is serde_json's pretty one,
//! byte for byte (a test compares with the serde-based writer this one replaced).

use crate::io::json_out::JsonOut;
use crate::model::anchor::CONTEXT_CHARS;
use crate::model::{
    AnchorState, AnnotationSet, Document, Entity, Fragment, Frame, Participant, Quote, Status, Text,
};

use super::FORMAT;

/// Bytes reserved per frame beyond the text: a frame of the big benchmark document takes about
/// 1.5 kB (four quotes with 64 code points of context each), so one allocation usually suffices.
const BYTES_PER_FRAME: usize = 1600;

/// The whole file, final newline included.
pub(super) fn file_bytes(document: &Document, annotations: &AnnotationSet) -> Vec<u8> {
    let capacity = document.text.as_str().len() * 11 / 10
        + BYTES_PER_FRAME * annotations.frames().len()
        + 4096;
    let mut w = JsonOut::pretty(capacity);
    w.begin_object();
    w.str_field("format", FORMAT);
    w.key("document");
    write_document(&mut w, document);
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
    w.key("entities");
    w.begin_array();
    for e in &annotations.entities {
        w.element();
        write_entity(&mut w, e);
    }
    w.end_array();
    w.key("frames");
    w.begin_array();
    for f in annotations.frames() {
        w.element();
        write_frame(&mut w, f, &document.text);
    }
    w.end_array();
    w.flatten(&annotations.extra);
    w.end_object();
    let mut out = w.into_bytes();
    out.push(b'\n');
    out
}

/// The wire name of a status (snake case, as the reader expects).
fn status_wire(s: Status) -> &'static str {
    match s {
        Status::Todo => "todo",
        Status::InProgress => "in_progress",
        Status::Done => "done",
    }
}

fn write_document(w: &mut JsonOut, d: &Document) {
    w.begin_object();
    w.str_field("id", &d.id);
    for (key, value) in [
        ("title", &d.title),
        ("url", &d.url),
        ("outlet", &d.outlet),
        ("published", &d.published),
        ("language", &d.language),
    ] {
        if let Some(v) = value {
            w.str_field(key, v);
        }
    }
    if !d.metadata.is_empty() {
        w.key("metadata");
        w.begin_object();
        w.flatten(&d.metadata);
        w.end_object();
    }
    w.str_field("text", d.text.as_str());
    w.flatten(&d.extra);
    w.end_object();
}

fn write_entity(w: &mut JsonOut, e: &Entity) {
    w.begin_object();
    w.str_field("id", &e.id);
    w.str_field("name", &e.name);
    w.str_field("kind", &e.kind);
    w.flatten(&e.extra);
    w.end_object();
}

fn write_frame(w: &mut JsonOut, f: &Frame, text: &Text) {
    w.begin_object();
    w.str_field("id", &f.id);
    w.key("claim");
    write_quote(w, &f.claim, text);
    w.str_field("stance", &f.stance);
    if let Some(p) = &f.source {
        w.key("source");
        write_participant(w, p, text);
    }
    if let Some(q) = &f.cue {
        w.key("cue");
        write_quote(w, q, text);
    }
    if let Some(p) = &f.target {
        w.key("target");
        write_participant(w, p, text);
    }
    if let Some(v) = &f.via {
        w.str_field("via", v);
    }
    if !f.attributes.is_empty() {
        w.key("attributes");
        w.begin_object();
        for (k, v) in &f.attributes {
            w.str_field(k, v);
        }
        w.end_object();
    }
    if !f.note.is_empty() {
        w.str_field("note", &f.note);
    }
    match f.anchor {
        AnchorState::Exact => {}
        AnchorState::Moved => w.str_field("anchor", "moved"),
        AnchorState::Orphaned => w.str_field("anchor", "orphaned"),
    }
    w.flatten(&f.extra);
    w.end_object();
}

fn write_participant(w: &mut JsonOut, p: &Participant, text: &Text) {
    w.begin_object();
    if let Some(q) = &p.span {
        w.key("span");
        write_quote(w, q, text);
    }
    if let Some(e) = &p.entity {
        w.str_field("entity", e);
    }
    w.end_object();
}

/// A one-fragment quote is written flat, exactly as before fragments existed; several are
/// `{"fragments": [...]}`, each with its own context.
fn write_quote(w: &mut JsonOut, q: &Quote, text: &Text) {
    match q.fragments() {
        [one] => write_fragment(w, one, text),
        many => {
            w.begin_object();
            w.key("fragments");
            w.begin_array();
            for f in many {
                w.element();
                write_fragment(w, f, text);
            }
            w.end_array();
            w.end_object();
        }
    }
}

fn write_fragment(w: &mut JsonOut, f: &Fragment, text: &Text) {
    w.begin_object();
    w.uint_field("start", f.span.start as u64);
    w.uint_field("end", f.span.end as u64);
    w.str_field("text", &f.text);
    if let Some((prefix, suffix)) = context_in_text(text, f) {
        w.str_field("prefix", prefix);
        w.str_field("suffix", suffix);
    } else if let Some(c) = &f.context {
        w.str_field("prefix", &c.prefix);
        w.str_field("suffix", &c.suffix);
    }
    w.end_object();
}

/// The context of `f` in `text` when `f` still matches the text there: four offset lookups
/// through the text's checkpoint index (the span's bounds, and [`CONTEXT_CHARS`] code points
/// beyond each), the bounds shared by the match check and the context.
fn context_in_text<'t>(text: &'t Text, f: &Fragment) -> Option<(&'t str, &'t str)> {
    let span = f.span;
    if !span.is_valid() {
        return None;
    }
    let start = text.byte_of(span.start)?;
    let end = text.byte_of(span.end)?;
    let s = text.as_str();
    if s[start..end] != *f.text {
        return None;
    }
    let before = text.byte_of(span.start.saturating_sub(CONTEXT_CHARS))?;
    let after = text.byte_of(span.end.saturating_add(CONTEXT_CHARS).min(text.len_chars()))?;
    Some((&s[before..start], &s[end..after]))
}
