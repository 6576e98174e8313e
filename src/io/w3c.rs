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

use serde_json::{json, Value};

use super::export::{check_chars, ExportItem, OutFile};
use crate::model::{Document, Fragment, Quote, Span, Text};

/// Length of the TextQuoteSelector context, in code points.
pub const CONTEXT: usize = 32;

/// The claim as the annotation's target: the claim's resource without a `type` for one
/// fragment (as earlier versions wrote it), else the `List`.
fn target(d: &Document, q: &Quote) -> Value {
    let mut t = resource(d, q, None);
    if !q.is_discontinuous() {
        if let Some(m) = t.as_object_mut() {
            m.remove("type");
        }
    }
    t
}

fn doc_iri(doc: &Document) -> String {
    format!("urn:stancemark:doc:{}", doc.id)
}

fn selectors(text: &Text, f: &Fragment) -> Value {
    let span = f.span;
    let prefix = text
        .slice(Span::new(span.start.saturating_sub(CONTEXT), span.start))
        .unwrap_or_default();
    let end = (span.end + CONTEXT).min(text.len_chars());
    let suffix = text.slice(Span::new(span.end, end)).unwrap_or_default();
    json!([
        {"type": "TextPositionSelector", "start": span.start, "end": span.end},
        {"type": "TextQuoteSelector", "exact": f.text, "prefix": prefix, "suffix": suffix}
    ])
}

/// The resource of a quote (with its `stancemark:role` for a role span): one
/// `SpecificResource`, or for a span of several fragments a `List` of them (the W3C model's
/// ordered set whose items are all required), one per fragment.
fn resource(d: &Document, q: &Quote, role: Option<&str>) -> Value {
    let one = |f: &Fragment, role: Option<&str>| {
        let mut r = serde_json::Map::new();
        r.insert("type".into(), "SpecificResource".into());
        if let Some(role) = role {
            r.insert("stancemark:role".into(), role.into());
        }
        r.insert("source".into(), doc_iri(d).into());
        r.insert("selector".into(), selectors(&d.text, f));
        Value::Object(r)
    };
    match q.fragments() {
        [f] => one(f, role),
        many => {
            let items: Vec<Value> = many.iter().map(|f| one(f, None)).collect();
            match role {
                Some(role) => json!({"type": "List", "stancemark:role": role, "items": items}),
                None => json!({"type": "List", "items": items}),
            }
        }
    }
}

pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, serde_json::Error> {
    let mut anns = Vec::new();
    for it in items {
        let d = it.document;
        let id_of = |f: &str| format!("urn:stancemark:anno:{}:{}:{}", d.id, it.set.annotator, f);
        for f in it.set.frames() {
            let mut body =
                vec![json!({"type": "TextualBody", "purpose": "classifying", "value": f.stance})];
            if !f.note.is_empty() {
                body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": f.note}));
            }
            for (k, v) in &f.attributes {
                body.push(json!({"type": "TextualBody", "purpose": "tagging", "value": format!("{k}={v}")}));
            }
            for (role, q) in f.quotes().skip(1) {
                let entity = match role.name() {
                    "source" => f.source.as_ref().and_then(|p| p.entity.as_deref()),
                    "target" => f.target.as_ref().and_then(|p| p.entity.as_deref()),
                    _ => None,
                }
                .and_then(|e| it.set.entity(e))
                .map(|e| json!({"id": e.id, "name": e.name, "kind": e.kind}));
                let mut r = resource(d, q, Some(role.name()));
                if let Some(e) = entity {
                    r["stancemark:entity"] = e;
                }
                body.push(r);
            }
            let mut a = json!({
                "type": "Annotation", "id": id_of(&f.id), "motivation": "classifying",
                "creator": it.set.annotator, "body": body,
                "target": target(d, &f.claim),
            });
            if let Some(v) = &f.via {
                a["stancemark:via"] = id_of(v).into();
            }
            anns.push(a);
        }
    }
    let page = json!({"@context": ["http://www.w3.org/ns/anno.jsonld", {"stancemark": "urn:stancemark:ns:"}], "type": "AnnotationPage", "items": anns});
    let mut s = serde_json::to_string_pretty(&page)?;
    s.push('\n');
    Ok(vec![OutFile::new("", s)])
}

/// Re-reads the page and checks every TextPositionSelector against its TextQuoteSelector's
/// `exact`, `prefix` and `suffix`, in code points.
pub fn verify(written: &str, path: &str, items: &[ExportItem]) -> Result<usize, String> {
    let page: Value = serde_json::from_str(written).map_err(|e| format!("{path}: {e}"))?;
    // Each resource names its document by IRI: looked up, not searched for.
    let by_iri: std::collections::HashMap<String, &ExportItem> =
        items.iter().map(|it| (doc_iri(it.document), it)).collect();
    let mut checked = 0;
    for (i, a) in page["items"].as_array().into_iter().flatten().enumerate() {
        let mut resources = vec![&a["target"]];
        resources.extend(
            a["body"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|b| b["type"] == "SpecificResource" || b["type"] == "List"),
        );
        let resources = resources
            .into_iter()
            .flat_map(|r| match r["items"].as_array() {
                Some(items) if r["type"] == "List" => items.iter().collect(),
                _ => vec![r],
            });
        for r in resources {
            let src = r["source"].as_str().unwrap_or_default();
            let it = by_iri
                .get(src)
                .ok_or(format!("{path}: items[{i}]: unknown source {src:?}"))?;
            let text = &it.document.text;
            let sel = r["selector"].as_array().cloned().unwrap_or_default();
            let (Some(pos), Some(quote)) = (
                sel.iter().find(|s| s["type"] == "TextPositionSelector"),
                sel.iter().find(|s| s["type"] == "TextQuoteSelector"),
            ) else {
                return Err(format!("{path}: items[{i}]: missing selector"));
            };
            let (s, e) = (
                pos["start"].as_u64().unwrap_or(u64::MAX) as usize,
                pos["end"].as_u64().unwrap_or(0) as usize,
            );
            let place = format!("{path}: items[{i}]");
            check_chars(
                text,
                s,
                e,
                quote["exact"].as_str().unwrap_or_default(),
                &place,
            )?;
            check_chars(
                text,
                s.saturating_sub(CONTEXT),
                s,
                quote["prefix"].as_str().unwrap_or_default(),
                &format!("{place} prefix"),
            )?;
            check_chars(
                text,
                e,
                (e + CONTEXT).min(text.len_chars()),
                quote["suffix"].as_str().unwrap_or_default(),
                &format!("{place} suffix"),
            )?;
            checked += 1;
        }
    }
    Ok(checked)
}
