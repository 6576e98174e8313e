//! spaCy / Prodigy-style JSONL export: `{"text", "spans": [{"start", "end", "label", …}], "meta"}`.
//!
//! **Offsets:** code points, half-open — Python string indices, so `doc.char_span(start, end,
//! label=label)` works on `nlp(text)` (it returns `None` where a span does not fall on token
//! boundaries; use `alignment_mode="expand"` then). **Line endings:** the text is a JSON string;
//! CRLF stays two code points, exactly as Python reads it.
//!
//! **Mapping.** Each claim is a span labelled with its stance; the source, cue and target spans
//! are spans labelled `SOURCE`, `CUE`, `TARGET`. Every span also carries `text`, `frame` (the frame
//! id) and `role` so that spans of one frame can be grouped again. A span of several fragments
//! (a split quote) is one span per fragment, in text order, with the same `frame` and `role`. Spans overlap freely, so they
//! belong in `doc.spans[key]`, not `doc.ents`. `meta` holds the document id, title and annotator.
//! Lost: entities, `via`, attributes and notes.

use serde_json::{json, Value};

use super::export::{check_chars, ExportItem, OutFile};
use super::import::jsonl_lines;
use crate::model::{SpanRole, Text};

/// The label of a role span (claims use the stance).
pub fn role_label(role: SpanRole) -> &'static str {
    match role {
        SpanRole::Claim => "CLAIM",
        SpanRole::Source => "SOURCE",
        SpanRole::Cue => "CUE",
        SpanRole::Target => "TARGET",
    }
}

pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, serde_json::Error> {
    let mut out = String::new();
    for it in items {
        let mut spans = Vec::new();
        for f in it.set.frames() {
            for (role, q) in f.quotes() {
                let label = if role == SpanRole::Claim {
                    f.stance.as_str()
                } else {
                    role_label(role)
                };
                for frag in q.fragments() {
                    spans.push(json!({
                        "start": frag.span.start, "end": frag.span.end, "label": label,
                        "text": frag.text, "frame": f.id, "role": role.name(),
                    }));
                }
            }
        }
        let line = json!({
            "text": it.document.text.as_str(),
            "spans": spans,
            "meta": {"id": it.document.id, "title": it.document.title, "annotator": it.set.annotator},
        });
        out.push_str(&serde_json::to_string(&line)?);
        out.push('\n');
    }
    Ok(vec![OutFile::new("", out)])
}

/// Re-reads the export and checks each span's `text` against `text[start:end]` in code points.
pub fn verify(written: &str, path: &str) -> Result<usize, String> {
    let mut checked = 0;
    for (n, line) in jsonl_lines(written) {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("{path}:{n}: {e}"))?;
        let text = Text::new(v["text"].as_str().ok_or(format!("{path}:{n}: no text"))?);
        for (i, s) in v["spans"].as_array().into_iter().flatten().enumerate() {
            let (Some(start), Some(end), Some(t)) =
                (s["start"].as_u64(), s["end"].as_u64(), s["text"].as_str())
            else {
                return Err(format!("{path}:{n}: span {i} lacks start, end or text"));
            };
            check_chars(
                &text,
                start as usize,
                end as usize,
                t,
                &format!("{path}:{n}: span {i}"),
            )?;
            checked += 1;
        }
    }
    Ok(checked)
}
