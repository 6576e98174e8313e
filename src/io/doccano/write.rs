//! The doccano export (the relation shape, one document per line) and the check of what it
//! wrote; the format and its mapping are described in [`super`].

use std::borrow::Cow;
use std::collections::HashMap;

use super::FRAGMENT_RELATION;
use crate::io::export::{check_chars, json_lines, per_share, ExportItem, OutFile};
use crate::io::import::jsonl_lines;
use crate::model::{Fragment, Frame, SpanRole};

/// One entity of the export: its id, label and the fragment it covers.
struct EntityOut<'a> {
    id: usize,
    label: &'a str,
    fragment: &'a Fragment,
}

/// One relation of the export: its id, the entities it ties and its type.
struct RelationOut<'a> {
    id: usize,
    from: usize,
    to: usize,
    kind: &'a str,
}

/// The entities and relations of one document. Claims come first (entity `i + 1` is the first
/// fragment of frame `i`'s claim), then for each frame its roles' first fragments and every
/// further fragment; a further fragment is tied to its span's first fragment by a `fragment`
/// relation.
fn plan<'a>(frames: &'a [Frame]) -> (Vec<EntityOut<'a>>, Vec<RelationOut<'a>>) {
    let mut entities = Vec::new();
    let mut relations = Vec::new();
    let claim_ids: HashMap<&str, usize> = frames
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i + 1))
        .collect();
    for (i, f) in frames.iter().enumerate() {
        entities.push(EntityOut {
            id: i + 1,
            label: &f.stance,
            fragment: f.claim.first(),
        });
    }
    let mut next = frames.len() + 1;
    let relation = |relations: &mut Vec<RelationOut<'a>>, from: usize, to: usize, kind: &'a str| {
        relations.push(RelationOut {
            id: relations.len() + 1,
            from,
            to,
            kind,
        });
    };
    for (i, f) in frames.iter().enumerate() {
        for (role, q) in f.quotes() {
            let label = match role {
                SpanRole::Claim => f.stance.as_str(),
                _ => crate::io::spacy::role_label(role),
            };
            let head = if role == SpanRole::Claim {
                i + 1
            } else {
                entities.push(EntityOut {
                    id: next,
                    label,
                    fragment: q.first(),
                });
                relation(&mut relations, i + 1, next, role.name());
                next += 1;
                next - 1
            };
            for frag in &q.fragments()[1..] {
                entities.push(EntityOut {
                    id: next,
                    label,
                    fragment: frag,
                });
                relation(&mut relations, head, next, FRAGMENT_RELATION);
                next += 1;
            }
        }
        if let Some(to) = f.via.as_deref().and_then(|v| claim_ids.get(v)) {
            relation(&mut relations, i + 1, *to, "via");
        }
    }
    (entities, relations)
}

/// One document per line, in the given order: `{"id", "text", "annotator", "entities",
/// "relations", "Comments"}` as serde_json writes it compactly, in one pass.
pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, serde_json::Error> {
    Ok(json_lines(items, 300, |w, it| {
        let (entities, relations) = plan(it.set.frames());
        w.begin_object();
        w.str_field("id", &it.document.id);
        w.str_field("text", it.document.text.as_str());
        w.str_field("annotator", &it.set.annotator);
        w.key("entities");
        w.begin_array();
        for e in &entities {
            w.element();
            w.begin_object();
            w.uint_field("id", e.id as u64);
            w.str_field("label", e.label);
            w.uint_field("start_offset", e.fragment.span.start as u64);
            w.uint_field("end_offset", e.fragment.span.end as u64);
            w.end_object();
        }
        w.end_array();
        w.key("relations");
        w.begin_array();
        for r in &relations {
            w.element();
            w.begin_object();
            w.uint_field("id", r.id as u64);
            w.uint_field("from_id", r.from as u64);
            w.uint_field("to_id", r.to as u64);
            w.str_field("type", r.kind);
            w.end_object();
        }
        w.end_array();
        w.key("Comments");
        w.begin_array();
        w.end_array();
        w.end_object();
    }))
}

/// A line as the check reads it: the text and the entities' offsets; every other member is
/// skipped (still parsed as JSON).
#[derive(serde::Deserialize)]
struct LineCheck<'a> {
    #[serde(borrow, default)]
    text: Cow<'a, str>,
    #[serde(default)]
    entities: Vec<EntityCheck>,
}

#[derive(serde::Deserialize)]
struct EntityCheck {
    start_offset: Option<u64>,
    end_offset: Option<u64>,
}

/// Re-reads the export and checks every entity's `text[start_offset:end_offset]` (code points)
/// against the frame quote it was written from.
pub fn verify(written: &str, path: &str, items: &[ExportItem]) -> Result<usize, String> {
    let lines: Vec<(usize, &str)> = jsonl_lines(written).collect();
    if lines.len() != items.len() {
        return Err(format!(
            "{path}: {} lines for {} documents",
            lines.len(),
            items.len()
        ));
    }
    let pairs: Vec<((usize, &str), &ExportItem)> = lines.into_iter().zip(items).collect();
    per_share(&pairs, |share| -> Result<usize, String> {
        let mut checked = 0;
        for &((n, line), it) in share {
            let v: LineCheck =
                serde_json::from_str(line).map_err(|e| format!("{path}:{n}: {e}"))?;
            if v.text != it.document.text.as_str() {
                return Err(format!(
                    "{path}:{n}: the text differs from document {:?}",
                    it.document.id
                ));
            }
            // The line's text is the document's: its offset index serves.
            let text = &it.document.text;
            let (expected, _) = plan(it.set.frames());
            if v.entities.len() != expected.len() {
                return Err(format!(
                    "{path}:{n}: {} entities, expected {}",
                    v.entities.len(),
                    expected.len()
                ));
            }
            for (i, (e, want)) in v.entities.iter().zip(expected).enumerate() {
                let (s, end) = (
                    e.start_offset.unwrap_or(u64::MAX) as usize,
                    e.end_offset.unwrap_or(0) as usize,
                );
                let want = want.fragment.text.as_str();
                if text.slice(crate::model::Span::new(s, end)) != Some(want) {
                    check_chars(text, s, end, want, &format!("{path}:{n}: entities[{i}]"))?;
                }
                checked += 1;
            }
        }
        Ok(checked)
    })
    .into_iter()
    .sum()
}
