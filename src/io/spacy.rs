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

use std::borrow::Cow;

use super::export::{check_chars, check_line_shares, json_lines, ExportItem, OutFile};
use super::import::jsonl_lines;
use crate::model::{Span, SpanRole, Text};

/// The label of a role span (claims use the stance).
pub fn role_label(role: SpanRole) -> &'static str {
    match role {
        SpanRole::Claim => "CLAIM",
        SpanRole::Source => "SOURCE",
        SpanRole::Cue => "CUE",
        SpanRole::Target => "TARGET",
    }
}

/// One document per line: `{"text", "spans", "meta"}` as serde_json writes it compactly, in
/// one pass.
pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, serde_json::Error> {
    Ok(json_lines(items, 400, |w, it| {
        w.begin_object();
        w.str_field("text", it.document.text.as_str());
        w.key("spans");
        w.begin_array();
        for f in it.set.frames() {
            for (role, q) in f.quotes() {
                let label = if role == SpanRole::Claim {
                    f.stance.as_str()
                } else {
                    role_label(role)
                };
                for frag in q.fragments() {
                    w.element();
                    w.begin_object();
                    w.uint_field("start", frag.span.start as u64);
                    w.uint_field("end", frag.span.end as u64);
                    w.str_field("label", label);
                    w.str_field("text", &frag.text);
                    w.str_field("frame", &f.id);
                    w.str_field("role", role.name());
                    w.end_object();
                }
            }
        }
        w.end_array();
        w.key("meta");
        w.begin_object();
        w.str_field("id", &it.document.id);
        w.key("title");
        match &it.document.title {
            Some(t) => w.str(t),
            None => w.null(),
        }
        w.str_field("annotator", &it.set.annotator);
        w.end_object();
        w.end_object();
    }))
}

/// A line as the check reads it: the text and the spans; every other member is skipped (still
/// parsed as JSON).
#[derive(serde::Deserialize)]
struct LineCheck<'a> {
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    spans: Vec<SpanCheck<'a>>,
}

#[derive(serde::Deserialize)]
struct SpanCheck<'a> {
    start: Option<u64>,
    end: Option<u64>,
    #[serde(borrow, default)]
    text: Option<Cow<'a, str>>,
}

/// Re-reads the export and checks each span's `text` against `text[start:end]` in code points.
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
        let v: LineCheck = serde_json::from_str(line).map_err(|e| format!("{path}:{n}: {e}"))?;
        let text = Text::new(v.text.ok_or(format!("{path}:{n}: no text"))?.as_ref());
        for (i, s) in v.spans.iter().enumerate() {
            let (Some(start), Some(end), Some(t)) = (s.start, s.end, s.text.as_deref()) else {
                return Err(format!("{path}:{n}: span {i} lacks start, end or text"));
            };
            let (start, end) = (start as usize, end as usize);
            if text.slice(Span::new(start, end)) != Some(t) {
                check_chars(&text, start, end, t, &format!("{path}:{n}: span {i}"))?;
            }
            checked += 1;
        }
    }
    Ok(checked)
}
