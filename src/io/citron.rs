//! Citron JSON (BBC R&D's quote extraction and attribution system), import only.
//!
//! **Shape** (`docs/data_format.md` and `Quote.to_json` of `bbc/citron`): one document per file,
//! `{"text"?, "quotes": [{"cue": SPAN, "sources": [SPAN…], "contents": [SPAN…],
//! "coreferences"?: [SPAN…], "confidence"?: "0.8731" | 0.8731, "id"?}], "source"?: {…}}` with
//! `SPAN = {"start", "end", "text"}`. The extractor's output (`Citron.extract`, its REST API)
//! carries no `text`: it is then read from the `.txt` of the same name beside the file.
//!
//! **Mapping.** Each quote is a frame: the contents are the claim (several contents — a quote
//! split by its cue — are one claim of several fragments), the sources the source (likewise),
//! the cue the cue. Citron has no stance: frames get `--default-stance`, else `report`. The
//! confidence of a predicted quote is kept in the frame as `"confidence"` (a number). When
//! Citron resolved a pronoun, `sources` holds the antecedent and `coreferences` the mention
//! ("he"); a frame has one source span, so the mentions are counted as not imported.
//!
//! **Offsets:** character indices of a Python string — code points, half-open, as ours. Each
//! span's `text` is checked against the document.

use serde_json::Value;

use super::import::{at, json_error, new_set, Imported, ImportedDoc, ImportedSet, Item, Scheme};
use super::LoadError;
use crate::model::{Document, Frame, Participant, Quote, Span};

/// The stance of a Citron quote when the user gives none.
pub const DEFAULT_STANCE: &str = "report";

/// Reads one Citron file named `stem`; `sibling_text` is the `.txt` beside it (used when the
/// file has no `text`).
pub fn parse(
    stem: &str,
    input: &str,
    path: &str,
    sibling_text: Option<&str>,
    scheme: &Scheme,
) -> Result<Imported, LoadError> {
    let v: Value = serde_json::from_str(input).map_err(|e| json_error(path, &e))?;
    let text = match (v.get("text"), sibling_text) {
        (Some(Value::String(t)), _) => t.clone(),
        (Some(_), _) => return Err(at(path, "text", "\"text\" must be a string")),
        (None, Some(t)) => t.to_owned(),
        (None, None) => {
            return Err(at(
                path,
                "text",
                format!("no \"text\", and no {stem}.txt beside the file to read the text from"),
            ))
        }
    };
    let Some(quotes) = v.get("quotes").and_then(Value::as_array) else {
        return Err(at(path, "quotes", "no \"quotes\" list"));
    };
    let doc = Document::new(stem, text);
    let stance = scheme
        .default_stance
        .clone()
        .unwrap_or_else(|| DEFAULT_STANCE.to_owned());
    let mut out = Imported::default();
    let mut frames = Vec::new();
    let mut places = std::collections::BTreeMap::new();
    for (i, q) in quotes.iter().enumerate() {
        let place = format!("quotes[{i}]");
        let id = format!("f{}", frames.len() + 1);
        if let Some(f) = frame_of(&doc, q, id, &stance, path, &place, &mut out.dropped)? {
            places.insert(f.id.clone(), format!("{path}:{place}"));
            frames.push(f);
        }
    }
    let mut set = new_set(stem, "");
    set.set_frames(frames);
    out.docs.push(ImportedDoc {
        document: doc.clone(),
        has_id: false,
        origin: path.into(),
        sets: vec![ImportedSet { set, places }],
    });
    Ok(out)
}

/// One quote as a frame; `None` (counted) when it has no contents.
fn frame_of(
    doc: &Document,
    q: &Value,
    id: String,
    stance: &str,
    path: &str,
    place: &str,
    dropped: &mut Vec<Item>,
) -> Result<Option<Frame>, LoadError> {
    let spans = |key: &str| -> Result<Option<Quote>, LoadError> {
        let list: Vec<&Value> = match q.get(key) {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(one @ Value::Object(_)) => vec![one],
            Some(_) => return Err(at(path, format!("{place}.{key}"), "expected spans")),
        };
        quote_of(doc, &list, path, &format!("{place}.{key}"))
    };
    let Some(claim) = spans("contents")? else {
        dropped.push(Item::lost(
            "quote without contents",
            format!("{path}:{place}"),
        ));
        return Ok(None);
    };
    let mut f = Frame::new(id, claim, stance);
    f.cue = spans("cue")?;
    f.source = spans("sources")?.map(|s| Participant {
        span: Some(s),
        entity: None,
    });
    let corefs = q.get("coreferences").and_then(Value::as_array);
    for (k, _) in corefs.into_iter().flatten().enumerate() {
        dropped.push(Item::lost(
            "source mention resolved by coreference (the source is its antecedent)",
            format!("{path}:{place}.coreferences[{k}]"),
        ));
    }
    let confidence = match q.get("confidence") {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    if let Some(c) = confidence.and_then(serde_json::Number::from_f64) {
        f.extra.insert("confidence".into(), Value::Number(c));
    }
    Ok(Some(f))
}

/// The spans of `list` as one quote (fragments in text order; overlapping ones merged), each
/// checked against its stored `text`. `None` for an empty list.
fn quote_of(
    doc: &Document,
    list: &[&Value],
    path: &str,
    place: &str,
) -> Result<Option<Quote>, LoadError> {
    let mut spans = Vec::new();
    for (k, s) in list.iter().enumerate() {
        let here = format!("{place}[{k}]");
        let (Some(start), Some(end)) = (s["start"].as_u64(), s["end"].as_u64()) else {
            return Err(at(path, &here, "a span needs start and end"));
        };
        let span = Span::new(start as usize, end as usize);
        let Some(found) = doc.text.slice(span) else {
            return Err(at(
                path,
                &here,
                format!(
                    "span {span} is not inside the text ({} code points)",
                    doc.text.len_chars()
                ),
            ));
        };
        if let Some(t) = s["text"].as_str() {
            if t != found {
                return Err(at(
                    path,
                    &here,
                    format!("span text {t:?} differs from the document's {found:?} at {span}"),
                ));
            }
        }
        spans.push(span);
    }
    spans.sort_unstable();
    let mut merged: Vec<Span> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    if merged.is_empty() {
        return Ok(None);
    }
    Quote::of_text(&doc.text, &merged)
        .map(Some)
        .ok_or_else(|| at(path, place, "the spans are not inside the text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // "“We will not,” he said, “back down.”" — offsets counted by hand:
    // “We will not,” [0, 14), he [15, 17), said [18, 22), “back down.” [24, 36).
    const TEXT: &str = "“We will not,” he said, “back down.”";

    #[test]
    fn extractor_output_reads_the_text_beside_it_and_joins_contents() {
        let out = r#"{"quotes": [{"sources": [{"start": 45, "end": 55, "text": "Ada Quill."}],
            "coreferences": [{"start": 15, "end": 17, "text": "he"}],
            "cue": {"start": 18, "end": 22, "text": "said"},
            "contents": [{"start": 24, "end": 36, "text": "“back down.”"},
                         {"start": 0, "end": 14, "text": "“We will not,”"}],
            "confidence": "0.8731"}], "source": {"application": "citron-extractor"}}"#;
        let text = format!("{TEXT} Quoted: Ada Quill.");
        assert_eq!(
            text.chars().skip(45).take(10).collect::<String>(),
            "Ada Quill."
        );
        let r = parse("q", out, "q.json", Some(&text), &Scheme::default()).unwrap();
        let f = &r.docs[0].sets[0].set.frames()[0];
        let spans: Vec<Span> = f.claim.spans().collect();
        assert_eq!(spans, [Span::new(0, 14), Span::new(24, 36)]);
        assert_eq!(f.cue.as_ref().unwrap().extent(), Span::new(18, 22));
        let src = f.source.as_ref().unwrap().span.as_ref().unwrap();
        assert_eq!(src.extent(), Span::new(45, 55));
        assert_eq!(f.stance, "report");
        assert_eq!(f.extra["confidence"], serde_json::json!(0.8731));
        assert_eq!(r.dropped.len(), 1);
        assert_eq!(r.dropped[0].place, "q.json:quotes[0].coreferences[0]");
    }

    #[test]
    fn a_span_whose_text_differs_is_refused_with_its_place() {
        let data = r#"{"text": "“We will not,” he said, “back down.”", "quotes": [
            {"cue": {"start": 18, "end": 22, "text": "told"}, "sources": [],
             "contents": [{"start": 24, "end": 36, "text": "“back down.”"}]}]}"#;
        let e = parse("q", data, "q.json", None, &Scheme::default()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("q.json:quotes[0].cue[0]: span text \"told\""),
            "{e}"
        );
        let e = parse("q", r#"{"quotes": []}"#, "q.json", None, &Scheme::default()).unwrap_err();
        assert!(e.to_string().contains("no q.txt beside the file"), "{e}");
    }
}
