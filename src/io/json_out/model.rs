//! Model objects as JSON, in the field order of their serde form: documents, entities and
//! frames, with or without the quote context the native format adds to every fragment.

use super::JsonOut;
use crate::model::anchor::CONTEXT_CHARS;
use crate::model::{
    AnchorState, Document, Entity, Fragment, Frame, Participant, Quote, Status, Text,
};

/// Whether fragments are written with their `prefix`/`suffix` context.
#[derive(Debug, Clone, Copy)]
pub enum Context<'a> {
    /// As the model serialises them: `start`, `end`, `text` only.
    Without,
    /// As the native format writes them: the context in this text when the fragment matches
    /// it, else the context stored with the fragment, if any.
    Of(&'a Text),
}

/// The wire name of a status (snake case, as the reader expects).
pub fn status_wire(s: Status) -> &'static str {
    match s {
        Status::Todo => "todo",
        Status::InProgress => "in_progress",
        Status::Done => "done",
    }
}

/// The members of a document object, unknown fields last (flattened into the current object).
pub fn document_members(w: &mut JsonOut, d: &Document) {
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
}

pub fn entity(w: &mut JsonOut, e: &Entity) {
    w.begin_object();
    w.str_field("id", &e.id);
    w.str_field("name", &e.name);
    w.str_field("kind", &e.kind);
    w.flatten(&e.extra);
    w.end_object();
}

pub fn frame(w: &mut JsonOut, f: &Frame, text: Context) {
    w.begin_object();
    w.str_field("id", &f.id);
    w.key("claim");
    quote(w, &f.claim, text);
    w.str_field("stance", &f.stance);
    if let Some(p) = &f.source {
        w.key("source");
        participant(w, p, text);
    }
    if let Some(q) = &f.cue {
        w.key("cue");
        quote(w, q, text);
    }
    if let Some(p) = &f.target {
        w.key("target");
        participant(w, p, text);
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
    if !f.comments.is_empty() {
        w.key("comments");
        w.serialize(&f.comments);
    }
    match f.anchor {
        AnchorState::Exact => {}
        AnchorState::Moved => w.str_field("anchor", "moved"),
        AnchorState::Orphaned => w.str_field("anchor", "orphaned"),
    }
    w.flatten(&f.extra);
    w.end_object();
}

fn participant(w: &mut JsonOut, p: &Participant, text: Context) {
    w.begin_object();
    if let Some(q) = &p.span {
        w.key("span");
        quote(w, q, text);
    }
    if let Some(e) = &p.entity {
        w.str_field("entity", e);
    }
    w.end_object();
}

/// A one-fragment quote is written flat, exactly as before fragments existed; several are
/// `{"fragments": [...]}`, each with its own context.
pub fn quote(w: &mut JsonOut, q: &Quote, text: Context) {
    match q.fragments() {
        [one] => fragment(w, one, text),
        many => {
            w.begin_object();
            w.key("fragments");
            w.begin_array();
            for f in many {
                w.element();
                fragment(w, f, text);
            }
            w.end_array();
            w.end_object();
        }
    }
}

pub fn fragment(w: &mut JsonOut, f: &Fragment, text: Context) {
    w.begin_object();
    w.uint_field("start", f.span.start as u64);
    w.uint_field("end", f.span.end as u64);
    w.str_field("text", &f.text);
    let Context::Of(text) = text else {
        return w.end_object();
    };
    if let Some((prefix, suffix)) = context_in_text(text, f) {
        w.str_field("prefix", prefix);
        w.str_field("suffix", suffix);
    } else if let Some(c) = &f.context {
        w.str_field("prefix", &c.prefix);
        w.str_field("suffix", &c.suffix);
    }
    w.end_object();
}

/// The context of `f` in `text` when `f` still matches the text there: three offset lookups
/// through the text's checkpoint index (the span's start, and [`CONTEXT_CHARS`] code points
/// before it and after its end); the end is where the fragment's own text ends, once its
/// length in code points is the span's.
fn context_in_text<'t>(text: &'t Text, f: &Fragment) -> Option<(&'t str, &'t str)> {
    let span = f.span;
    if !span.is_valid() || span.end > text.len_chars() {
        return None;
    }
    let s = text.as_str();
    let start = text.byte_of(span.start)?;
    if !s[start..].starts_with(f.text.as_str()) || f.text.chars().count() != span.len() {
        return None;
    }
    let end = start + f.text.len();
    let before = text.byte_of(span.start.saturating_sub(CONTEXT_CHARS))?;
    let after = text.byte_of(span.end.saturating_add(CONTEXT_CHARS).min(text.len_chars()))?;
    Some((&s[before..start], &s[end..after]))
}
