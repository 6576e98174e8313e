//! doccano JSONL, both ways.
//!
//! **Import** reads both shapes doccano exports:
//! - sequence labeling: `{"text", "label": [[start, end, "LABEL"], …]}` (older files: `labels`);
//!   each triple becomes a frame whose claim is the span and whose stance is the label;
//! - relation projects: `{"id"?, "text", "entities": [{"id", "label", "start_offset",
//!   "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`. Entities labelled
//!   `SOURCE`, `CUE` or `TARGET` (any case) are roles; every other entity is a claim whose stance
//!   is its label. A relation of type `source`/`cue`/`target` from a claim to a role entity
//!   fills that role; a relation of type `via` from one claim to another sets `via`; a relation
//!   of type `fragment` makes its `to_id` entity a further fragment of the span whose first
//!   entity is `from_id` (a split quote).
//!
//! `id` (a string, or a number as written) is the document id and `annotator` (a string) the
//! annotator; every other key, and an `id` or `annotator` of another type, is kept as the
//! document's metadata in the line's order, numbers with their exact text.
//! Frames are numbered `f1`, `f2`, … in the order of their claim entities.
//!
//! **Export** writes the relation shape, one document per line, with the document id, the
//! annotator, claims (in frame order) and then their role entities, and `source`/`cue`/`target`/
//! `via` relations. A span of several fragments is one entity per fragment, all with the span's
//! label; each further fragment is tied to the first by a `fragment` relation. Lost: project entities, attributes, notes, frame ids (renumbered).
//!
//! **Offsets:** code points, half-open (Python indices, which doccano uses). **Line endings:**
//! CRLF in the text stays two code points (doccano's early JS-length bug, PR #99, is exactly
//! what the export's re-read check guards against).

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use super::export::{check_chars, ExportItem, OutFile};
use super::import::{
    at, jsonl_error, jsonl_lines, new_set, quote_at, take_id, take_string, Imported, ImportedDoc,
    ImportedSet,
};
use super::LoadError;
use crate::model::{Document, Fragment, Frame, Participant, SpanRole};

pub fn parse(input: &str, path: &str) -> Result<Imported, LoadError> {
    let mut out = Imported::default();
    for (n, line) in jsonl_lines(input) {
        let mut obj: Map<String, Value> =
            serde_json::from_str(line).map_err(|e| jsonl_error(path, n, &e))?;
        let place = n.to_string();
        let Some(text) = take_string(&mut obj, "text") else {
            return Err(at(path, &place, "no \"text\" string"));
        };
        let id = take_id(&mut obj, "id");
        let has_id = id.is_some();
        let annotator = take_string(&mut obj, "annotator").unwrap_or_default();
        let mut doc = Document::new(id.unwrap_or_else(|| format!("line-{n}")), text);
        let label = obj
            .shift_remove("label")
            .or_else(|| obj.shift_remove("labels"));
        let entities = obj.shift_remove("entities");
        let relations = obj.shift_remove("relations");
        doc.metadata.extend(obj);
        let (frames, warnings) = match (label, entities) {
            (Some(l), _) => (triples(&doc, l, path, n)?, Vec::new()),
            (None, Some(e)) => entity_frames(&doc, e, relations, path, n)?,
            (None, None) => (Vec::new(), Vec::new()),
        };
        out.warnings.extend(warnings);
        let places = frames
            .iter()
            .map(|f| (f.id.clone(), format!("{path}:{n} {}", f.id)))
            .collect();
        let mut set = new_set(&doc.id, &annotator);
        set.set_frames(frames);
        out.docs.push(ImportedDoc {
            document: doc,
            has_id,
            origin: format!("{path}:{n}"),
            sets: vec![ImportedSet { set, places }],
        });
    }
    Ok(out)
}

fn triples(doc: &Document, v: Value, path: &str, n: usize) -> Result<Vec<Frame>, LoadError> {
    let Value::Array(items) = v else {
        return Err(at(
            path,
            n.to_string(),
            "\"label\" must be a list of [start, end, label]",
        ));
    };
    let mut frames = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let place = format!("{n} label[{i}]");
        let (Some(s), Some(e), Some(l)) = (
            item.get(0).and_then(Value::as_u64),
            item.get(1).and_then(Value::as_u64),
            item.get(2).and_then(Value::as_str),
        ) else {
            return Err(at(
                path,
                &place,
                format!("expected [start, end, \"label\"], found {item}"),
            ));
        };
        let q = quote_at(&doc.text, s as usize, e as usize, path, &place)?;
        frames.push(Frame::new(format!("f{}", i + 1), q, l));
    }
    Ok(frames)
}

fn entity_frames(
    doc: &Document,
    entities: Value,
    relations: Option<Value>,
    path: &str,
    n: usize,
) -> Result<(Vec<Frame>, Vec<String>), LoadError> {
    let Value::Array(ents) = entities else {
        return Err(at(path, n.to_string(), "\"entities\" must be a list"));
    };
    let mut claims: BTreeMap<usize, (String, Frame)> = BTreeMap::new(); // position → (entity id, frame)
    let mut by_id: HashMap<String, (Option<SpanRole>, usize)> = HashMap::new();
    let mut roles: HashMap<String, crate::model::Quote> = HashMap::new();
    // Entities tied to a span's first entity by a `fragment` relation: entity id → first id.
    let fragment_of: HashMap<String, String> = relations
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| is_fragment_relation(r))
        .filter_map(|r| Some((id_of(&r["to_id"])?, id_of(&r["from_id"])?)))
        .collect();
    // (first entity id, further fragment, place), attached once every entity is read.
    let mut further: Vec<(String, Fragment, String)> = Vec::new();
    for (i, e) in ents.iter().enumerate() {
        let place = format!("{n} entities[{i}]");
        let (Some(s), Some(end), Some(label)) = (
            e["start_offset"].as_u64(),
            e["end_offset"].as_u64(),
            e["label"].as_str(),
        ) else {
            return Err(at(
                path,
                &place,
                "an entity needs start_offset, end_offset and label",
            ));
        };
        let eid = match &e["id"] {
            Value::String(s) => s.clone(),
            Value::Null => i.to_string(),
            v => v.to_string(),
        };
        let q = quote_at(&doc.text, s as usize, end as usize, path, &place)?;
        let role = SpanRole::participant_from_label(label);
        if by_id.insert(eid.clone(), (role, i)).is_some() {
            return Err(at(path, &place, format!("entity id {eid} appears twice")));
        }
        if let Some(first) = fragment_of.get(&eid) {
            further.push((first.clone(), q.first().clone(), place));
            continue;
        }
        match role {
            Some(_) => {
                roles.insert(eid, q);
            }
            None => {
                let fid = format!("f{}", claims.len() + 1);
                claims.insert(i, (eid, Frame::new(fid, q, label)));
            }
        }
    }
    for (first, fragment, place) in further {
        let claim = claims.values_mut().find(|(eid, _)| *eid == first);
        let quote = match (claim, roles.get_mut(&first)) {
            (Some((_, f)), _) => &mut f.claim,
            (None, Some(q)) => q,
            (None, None) => {
                return Err(at(
                    path,
                    &place,
                    format!("a fragment of entity {first}, which is not an entity here"),
                ))
            }
        };
        quote
            .insert_fragment(fragment)
            .map_err(|e| at(path, &place, format!("a fragment of entity {first}: {e}")))?;
    }
    let warnings = link_relations(&mut claims, &roles, relations.as_ref(), path, n)?;
    Ok((claims.into_values().map(|(_, f)| f).collect(), warnings))
}

/// An entity or relation id, given as a string or a number.
fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(x) => Some(x.to_string()),
        _ => None,
    }
}

/// A relation of type `fragment`: its `to_id` entity is a further fragment of the span whose
/// first entity is `from_id`.
fn is_fragment_relation(r: &Value) -> bool {
    r["type"]
        .as_str()
        .is_some_and(|t| t.eq_ignore_ascii_case(FRAGMENT_RELATION))
}

/// Applies `source`/`cue`/`target` relations (claim → role entity) and `via` (claim → claim);
/// returns warnings for role entities linked to no claim.
fn link_relations(
    claims: &mut BTreeMap<usize, (String, Frame)>,
    roles: &HashMap<String, crate::model::Quote>,
    relations: Option<&Value>,
    path: &str,
    n: usize,
) -> Result<Vec<String>, LoadError> {
    let claim_of: HashMap<String, usize> = claims
        .iter()
        .map(|(pos, (eid, _))| (eid.clone(), *pos))
        .collect();
    let mut used = std::collections::HashSet::new();
    let mut warnings = Vec::new();
    for (i, r) in relations
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let place = format!("{n} relations[{i}]");
        if is_fragment_relation(r) {
            continue; // read with the entities
        }
        let id = |k: &str| id_of(&r[k]);
        let (Some(from), Some(to), Some(kind)) = (id("from_id"), id("to_id"), r["type"].as_str())
        else {
            return Err(at(path, &place, "a relation needs from_id, to_id and type"));
        };
        let Some(&pos) = claim_of.get(&from) else {
            return Err(at(
                path,
                &place,
                format!("relation from {from}, which is not a claim entity"),
            ));
        };
        let kind_l = kind.to_ascii_lowercase();
        if kind_l == "via" {
            let Some(to_pos) = claim_of.get(&to) else {
                return Err(at(
                    path,
                    &place,
                    format!("via relation to {to}, which is not a claim entity"),
                ));
            };
            let via = claims[to_pos].1.id.clone();
            if let Some(c) = claims.get_mut(&pos) {
                c.1.via = Some(via);
            }
            continue;
        }
        let (Some(role), Some(q)) = (SpanRole::participant_from_label(&kind_l), roles.get(&to))
        else {
            return Err(at(path, &place, format!("relation {kind:?} to {to}: expected source, cue, target or via to a role entity")));
        };
        used.insert(to.clone());
        let f = &mut claims.get_mut(&pos).expect("pos comes from claim_of").1;
        let p = Some(Participant {
            span: Some(q.clone()),
            entity: None,
        });
        let slot_taken = match role {
            SpanRole::Source => f.source.replace(p.clone().unwrap_or_default()).is_some(),
            SpanRole::Target => f.target.replace(p.clone().unwrap_or_default()).is_some(),
            SpanRole::Cue => f.cue.replace(q.clone()).is_some(),
            SpanRole::Claim => false,
        };
        if slot_taken {
            return Err(at(
                path,
                &place,
                format!("frame {} has two {kind} relations", f.id),
            ));
        }
    }
    for (eid, _) in roles.iter().filter(|(eid, _)| !used.contains(*eid)) {
        warnings.push(format!(
            "{path}:{n}: role entity {eid} is linked to no claim and was ignored"
        ));
    }
    warnings.sort();
    Ok(warnings)
}

/// One entity of the export: its id, label and the fragment it covers.
struct EntityOut<'a> {
    id: usize,
    label: &'a str,
    fragment: &'a Fragment,
}

/// The entities and relations of one document. Claims come first (entity `i + 1` is the first
/// fragment of frame `i`'s claim), then for each frame its roles' first fragments and every
/// further fragment; a further fragment is tied to its span's first fragment by a `fragment`
/// relation.
fn plan<'a>(frames: &'a [Frame]) -> (Vec<EntityOut<'a>>, Vec<Value>) {
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
    let relation = |relations: &mut Vec<Value>, from: usize, to: usize, kind: &str| {
        relations
            .push(json!({"id": relations.len() + 1, "from_id": from, "to_id": to, "type": kind}));
    };
    for (i, f) in frames.iter().enumerate() {
        for (role, q) in f.quotes() {
            let label = match role {
                SpanRole::Claim => f.stance.as_str(),
                _ => super::spacy::role_label(role),
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

/// The relation type that ties a further fragment of a span to the span's first fragment.
pub const FRAGMENT_RELATION: &str = "fragment";

pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, serde_json::Error> {
    let mut out = String::new();
    for it in items {
        let (entities, relations) = plan(it.set.frames());
        let entities: Vec<Value> = entities
            .iter()
            .map(|e| json!({"id": e.id, "label": e.label, "start_offset": e.fragment.span.start, "end_offset": e.fragment.span.end}))
            .collect();
        let line = json!({"id": it.document.id, "text": it.document.text.as_str(), "annotator": it.set.annotator, "entities": entities, "relations": relations, "Comments": []});
        out.push_str(&serde_json::to_string(&line)?);
        out.push('\n');
    }
    Ok(vec![OutFile::new("", out)])
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
    let mut checked = 0;
    for ((n, line), it) in lines.into_iter().zip(items) {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("{path}:{n}: {e}"))?;
        let text = crate::model::Text::new(v["text"].as_str().unwrap_or_default());
        if text != it.document.text {
            return Err(format!(
                "{path}:{n}: the text differs from document {:?}",
                it.document.id
            ));
        }
        let expected: Vec<&str> = plan(it.set.frames())
            .0
            .iter()
            .map(|e| e.fragment.text.as_str())
            .collect();
        let ents = v["entities"].as_array().cloned().unwrap_or_default();
        if ents.len() != expected.len() {
            return Err(format!(
                "{path}:{n}: {} entities, expected {}",
                ents.len(),
                expected.len()
            ));
        }
        for (i, (e, want)) in ents.iter().zip(expected).enumerate() {
            let (s, end) = (
                e["start_offset"].as_u64().unwrap_or(u64::MAX),
                e["end_offset"].as_u64().unwrap_or(0),
            );
            check_chars(
                &text,
                s as usize,
                end as usize,
                want,
                &format!("{path}:{n}: entities[{i}]"),
            )?;
            checked += 1;
        }
    }
    Ok(checked)
}
