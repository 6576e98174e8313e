//! W3C Web Annotation (JSON-LD) export.
//!
//! One `AnnotationPage` whose `items` are one `Annotation` per frame: `target` is the claim
//! (`source` = `urn:stancemark:doc:<id>`, with a `TextPositionSelector` and a
//! `TextQuoteSelector` whose `prefix`/`suffix` are the 32 code points before and after, as
//! Hypothesis uses for re-anchoring); `body` holds the stance (a `TextualBody` with purpose
//! `classifying`), the note (`commenting`), each attribute (`tagging`, `key=value`), and the
//! source, cue and target spans as `SpecificResource`s with the same two selectors and a
//! `stancemark:role`. A span of several fragments (a split quote) is a `List` (the model's
//! ordered set of resources that are all required) of one such `SpecificResource` per
//! fragment, each with its own selectors. `via` becomes `stancemark:via` with the reporting
//! annotation's id.
//! Project entities are named in `stancemark:entity`. Lost: nothing a reader of the extension
//! keys could not recover; plain W3C readers see the stance, note and claim anchor.
//!
//! **Offsets:** code points ("Unicode scalar values, regardless of encoding", as the spec says
//! for TextPositionSelector). **Line endings:** CRLF is two code points; `exact`, `prefix` and
//! `suffix` keep line breaks as they are.

use std::borrow::Cow;

use serde::Deserialize;

use super::export::{check_chars, per_share, ExportItem, OutFile};
use super::json_out::{push_str_escaped, JsonOut};
use crate::model::{Entity, Fragment, Frame, Quote, Span, Text};

/// Length of the TextQuoteSelector context, in code points.
pub const CONTEXT: usize = 32;

/// The IRI that names a document in every resource's `source`.
fn doc_iri(id: &str) -> String {
    format!("urn:stancemark:doc:{id}")
}

/// The IRI of a frame's annotation.
fn anno_iri(doc: &str, annotator: &str, frame: &str) -> String {
    format!("urn:stancemark:anno:{doc}:{annotator}:{frame}")
}

/// The `prefix` and `suffix` of a fragment: up to [`CONTEXT`] code points before and after it
/// (empty where the span leaves the text).
fn context(text: &Text, span: Span) -> (&str, &str) {
    let prefix = text
        .slice(Span::new(span.start.saturating_sub(CONTEXT), span.start))
        .unwrap_or_default();
    let end = (span.end + CONTEXT).min(text.len_chars());
    let suffix = text.slice(Span::new(span.end, end)).unwrap_or_default();
    (prefix, suffix)
}

/// One document's part of the page: its text and its IRI, already escaped as a JSON string.
struct DocOut<'a> {
    text: &'a Text,
    iri_json: String,
}

/// `[TextPositionSelector, TextQuoteSelector]` of a fragment.
fn selectors(w: &mut JsonOut, text: &Text, f: &Fragment) {
    let (prefix, suffix) = context(text, f.span);
    w.begin_array();
    w.element();
    w.begin_object();
    w.str_field("type", "TextPositionSelector");
    w.uint_field("start", f.span.start as u64);
    w.uint_field("end", f.span.end as u64);
    w.end_object();
    w.element();
    w.begin_object();
    w.str_field("type", "TextQuoteSelector");
    w.str_field("exact", &f.text);
    w.str_field("prefix", prefix);
    w.str_field("suffix", suffix);
    w.end_object();
    w.end_array();
}

/// One fragment as a `SpecificResource`: its role, the document and the selectors (the
/// object left open).
fn specific(w: &mut JsonOut, d: &DocOut, f: &Fragment, role: Option<&str>) {
    w.begin_object();
    w.str_field("type", "SpecificResource");
    if let Some(role) = role {
        w.str_field("stancemark:role", role);
    }
    w.key("source");
    w.out.push_str(&d.iri_json);
    w.key("selector");
    selectors(w, d.text, f);
}

/// The claim of one fragment as the target: the resource without its `type`, written
/// `selector` first, as earlier versions wrote it (they removed `type` from the resource's map,
/// which moved its last member to the front).
fn untyped(w: &mut JsonOut, d: &DocOut, f: &Fragment) {
    w.begin_object();
    w.key("selector");
    selectors(w, d.text, f);
    w.key("source");
    w.out.push_str(&d.iri_json);
}

/// The resource of a quote (with its `stancemark:role` for a role span, and the project entity
/// it names): one `SpecificResource`, or for a span of several fragments a `List` of them (the
/// W3C model's ordered set whose items are all required), one per fragment. The claim of one
/// fragment (`role` = `None`) is written without a `type` (see [`untyped`]).
fn resource(w: &mut JsonOut, d: &DocOut, q: &Quote, role: Option<&str>, entity: Option<&Entity>) {
    match q.fragments() {
        [f] if role.is_none() => untyped(w, d, f),
        [f] => specific(w, d, f, role),
        many => {
            w.begin_object();
            w.str_field("type", "List");
            if let Some(role) = role {
                w.str_field("stancemark:role", role);
            }
            w.key("items");
            w.begin_array();
            for f in many {
                w.element();
                specific(w, d, f, None);
                w.end_object();
            }
            w.end_array();
        }
    }
    if let Some(e) = entity {
        w.key("stancemark:entity");
        w.begin_object();
        w.str_field("id", &e.id);
        w.str_field("name", &e.name);
        w.str_field("kind", &e.kind);
        w.end_object();
    }
    w.end_object();
}

fn textual_body(w: &mut JsonOut, purpose: &str, value: &str) {
    w.element();
    w.begin_object();
    w.str_field("type", "TextualBody");
    w.str_field("purpose", purpose);
    w.str_field("value", value);
    w.end_object();
}

/// One frame's `Annotation`, as an element of the page's `items`.
fn annotation(w: &mut JsonOut, it: &ExportItem, d: &DocOut, f: &Frame) {
    let (doc, annotator) = (&it.document.id, &it.set.annotator);
    w.element();
    w.begin_object();
    w.str_field("type", "Annotation");
    w.str_field("id", &anno_iri(doc, annotator, &f.id));
    w.str_field("motivation", "classifying");
    w.str_field("creator", annotator);
    w.key("body");
    w.begin_array();
    textual_body(w, "classifying", &f.stance);
    if !f.note.is_empty() {
        textual_body(w, "commenting", &f.note);
    }
    for (k, v) in &f.attributes {
        textual_body(w, "tagging", &format!("{k}={v}"));
    }
    for (role, q) in f.quotes().skip(1) {
        let entity = match role.name() {
            "source" => f.source.as_ref().and_then(|p| p.entity.as_deref()),
            "target" => f.target.as_ref().and_then(|p| p.entity.as_deref()),
            _ => None,
        }
        .and_then(|e| it.set.entity(e));
        w.element();
        resource(w, d, q, Some(role.name()), entity);
    }
    w.end_array();
    w.key("target");
    resource(w, d, &f.claim, None, None);
    if let Some(v) = &f.via {
        w.str_field("stancemark:via", &anno_iri(doc, annotator, v));
    }
    w.end_object();
}

/// The annotations of `items`, as members of the page's `items` (two levels deep).
fn annotations(items: &[ExportItem]) -> String {
    let capacity = items.iter().map(|it| 2_800 * it.set.frames().len()).sum();
    let mut w = JsonOut::pretty_members(2, capacity);
    let mut iri_json = String::new();
    for it in items {
        iri_json.clear();
        push_str_escaped(&mut iri_json, &doc_iri(&it.document.id));
        let d = DocOut {
            text: &it.document.text,
            iri_json: std::mem::take(&mut iri_json),
        };
        for f in it.set.frames() {
            annotation(&mut w, it, &d, f);
        }
        iri_json = d.iri_json;
    }
    w.into_members()
}

/// The page, pretty-printed (two-space indentation, keys in the order below), in one pass.
pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, serde_json::Error> {
    // About 2,700 bytes per frame (two resources of two selectors, indented).
    let capacity = items
        .iter()
        .map(|it| 2_800 * it.set.frames().len())
        .sum::<usize>()
        + 256;
    let mut w = JsonOut::pretty(capacity);
    w.begin_object();
    w.key("@context");
    w.begin_array();
    w.element();
    w.str("http://www.w3.org/ns/anno.jsonld");
    w.element();
    w.begin_object();
    w.str_field("stancemark", "urn:stancemark:ns:");
    w.end_object();
    w.end_array();
    w.str_field("type", "AnnotationPage");
    w.key("items");
    w.begin_array();
    // The annotations of each share of the documents on a core of its own, in order.
    for members in per_share(items, annotations) {
        w.append_members(&members);
    }
    w.end_array();
    w.end_object();
    let mut s = w.into_string();
    s.push('\n');
    Ok(vec![OutFile::new("", s)])
}

/// The page as the check reads it: only what locates a span; every other member is skipped
/// (still parsed as JSON).
#[derive(Deserialize)]
struct PageIn<'a> {
    #[serde(borrow)]
    items: Vec<AnnotationIn<'a>>,
}

#[derive(Deserialize)]
struct AnnotationIn<'a> {
    #[serde(borrow)]
    target: ResourceIn<'a>,
    #[serde(borrow, default)]
    body: Vec<ResourceIn<'a>>,
}

/// A body or target: a `SpecificResource`, a `List` of them, or a `TextualBody` (not checked).
#[derive(Deserialize)]
struct ResourceIn<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    source: Cow<'a, str>,
    #[serde(borrow, default)]
    selector: Vec<SelectorIn<'a>>,
    #[serde(borrow, default)]
    items: Vec<ResourceIn<'a>>,
}

#[derive(Deserialize)]
struct SelectorIn<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    start: Option<u64>,
    end: Option<u64>,
    #[serde(borrow, default)]
    exact: Cow<'a, str>,
    #[serde(borrow, default)]
    prefix: Cow<'a, str>,
    #[serde(borrow, default)]
    suffix: Cow<'a, str>,
}

/// Re-reads the page and checks every TextPositionSelector against its TextQuoteSelector's
/// `exact`, `prefix` and `suffix`, in code points.
pub fn verify(written: &str, path: &str, items: &[ExportItem]) -> Result<usize, String> {
    let page: PageIn = serde_json::from_str(written).map_err(|e| format!("{path}: {e}"))?;
    // Each resource names its document by IRI: looked up, not searched for.
    let by_iri: std::collections::HashMap<String, &Text> = items
        .iter()
        .map(|it| (doc_iri(&it.document.id), &it.document.text))
        .collect();
    let mut checked = 0;
    // Consecutive resources name the same document: the last lookup is kept.
    let mut last: Option<(&str, &Text)> = None;
    for (i, a) in page.items.iter().enumerate() {
        let resources = std::iter::once(&a.target).chain(
            a.body
                .iter()
                .filter(|b| matches!(b.kind.as_ref(), "SpecificResource" | "List")),
        );
        let specific = resources.flat_map(|r| match r.kind.as_ref() {
            "List" => r.items.as_slice(),
            _ => std::slice::from_ref(r),
        });
        for r in specific {
            let src = r.source.as_ref();
            let text = match last {
                Some((iri, text)) if iri == src => text,
                _ => {
                    let text = *by_iri
                        .get(src)
                        .ok_or(format!("{path}: items[{i}]: unknown source {src:?}"))?;
                    last = Some((src, text));
                    text
                }
            };
            let sel = &r.selector;
            let (Some(pos), Some(quote)) = (
                sel.iter().find(|s| s.kind == "TextPositionSelector"),
                sel.iter().find(|s| s.kind == "TextQuoteSelector"),
            ) else {
                return Err(format!("{path}: items[{i}]: missing selector"));
            };
            let (s, e) = (
                pos.start.unwrap_or(u64::MAX) as usize,
                pos.end.unwrap_or(0) as usize,
            );
            let place = || format!("{path}: items[{i}]");
            let (prefix, suffix) = context(text, Span::new(s, e));
            if text.slice(Span::new(s, e)) != Some(quote.exact.as_ref())
                || prefix != quote.prefix
                || suffix != quote.suffix
            {
                // The slow path names what differs.
                check_chars(text, s, e, &quote.exact, &place())?;
                check_chars(
                    text,
                    s.saturating_sub(CONTEXT),
                    s,
                    &quote.prefix,
                    &format!("{} prefix", place()),
                )?;
                check_chars(
                    text,
                    e,
                    (e + CONTEXT).min(text.len_chars()),
                    &quote.suffix,
                    &format!("{} suffix", place()),
                )?;
            }
            checked += 1;
        }
    }
    Ok(checked)
}
