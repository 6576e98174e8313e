//! doccano JSONL, both ways.
//!
//! **Import** reads both shapes doccano exports:
//! - sequence labeling: `{"text", "label": [[start, end, "LABEL"], …]}` (older files: `labels`);
//!   each triple becomes a frame whose claim is the span and whose stance is the label;
//! - relation projects: `{"id"?, "text", "entities": [{"id", "label", "start_offset",
//!   "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}`; `entities` may also
//!   be triples `[start, end, "LABEL"]` (their id is their index). Entities labelled `SOURCE`,
//!   `CUE` or `TARGET` (any case, or what `--roles` maps a label to) are roles; every other
//!   entity is a claim whose stance is its label. A relation of type `source`/`cue`/`target`
//!   from a claim to a role entity fills that role; a relation of type `via` from one claim to
//!   another sets `via`; a relation of type `fragment` makes its `to_id` entity a further
//!   fragment of the span whose first entity is `from_id` (a split quote). Relation types are
//!   free text in doccano: `--relations said_by=source,…` says what others mean, and
//!   `--relations ignore` leaves the rest out (counted). A relation of a type that means
//!   nothing, and a role entity linked to no claim, are counted as not imported
//!   (`FILE:LINE relations[i]`, `FILE:LINE entity ID`).
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

mod write;

pub use write::{export, verify};

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::import::{
    at, jsonl_error, jsonl_lines, new_set, quote_at, take_id, take_string, Imported, ImportedDoc,
    ImportedSet, Item, RelationMap, Scheme,
};
use super::LoadError;
use crate::model::{Document, Fragment, Frame, Participant, SpanRole};

/// What the user said about the file beyond its contents.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// What relation types mean (`--relations`).
    pub relations: Option<&'a RelationMap>,
    /// Entity label → role (`--roles`), and the stance of a label mapped to claim.
    pub scheme: Option<&'a Scheme>,
}

impl ReadOptions<'_> {
    fn meaning(&self, kind: &str) -> Option<String> {
        let default = RelationMap::default();
        self.relations
            .unwrap_or(&default)
            .meaning(kind)
            .map(str::to_owned)
    }

    /// The role an entity label stands for (`--roles` first), and the stance of a claim.
    fn role(&self, label: &str) -> (Option<SpanRole>, String) {
        let mapped = self
            .scheme
            .filter(|s| s.roles.contains_key(&label.to_ascii_lowercase()))
            .and_then(|s| s.role(label));
        match mapped {
            Some(SpanRole::Claim) => (
                None,
                self.scheme
                    .and_then(|s| s.default_stance.clone())
                    .unwrap_or_else(|| label.to_owned()),
            ),
            Some(r) => (Some(r), String::new()),
            None => (SpanRole::participant_from_label(label), label.to_owned()),
        }
    }
}

pub fn parse(input: &str, path: &str, opts: &ReadOptions) -> Result<Imported, LoadError> {
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
        let frames = match (label, entities) {
            (Some(l), _) => triples(&doc, l, path, n)?,
            (None, Some(e)) => {
                let read = Entities {
                    doc: &doc,
                    path,
                    n,
                    opts,
                };
                read.frames(e, relations, &mut out.dropped)?
            }
            (None, None) => Vec::new(),
        };
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

/// Reading one line's `entities` and `relations`.
struct Entities<'a> {
    doc: &'a Document,
    path: &'a str,
    n: usize,
    opts: &'a ReadOptions<'a>,
}

impl Entities<'_> {
    fn frames(
        &self,
        entities: Value,
        relations: Option<Value>,
        dropped: &mut Vec<Item>,
    ) -> Result<Vec<Frame>, LoadError> {
        let (doc, path, n) = (self.doc, self.path, self.n);
        let Value::Array(ents) = entities else {
            return Err(at(path, n.to_string(), "\"entities\" must be a list"));
        };
        let mut claims: BTreeMap<usize, (String, Frame)> = BTreeMap::new(); // position → (entity id, frame)
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut roles: HashMap<String, crate::model::Quote> = HashMap::new();
        // Entities tied to a span's first entity by a `fragment` relation: entity id → first id.
        let fragment_of: HashMap<String, String> = relations
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|r| self.is_fragment_relation(r))
            .filter_map(|r| Some((id_of(&r["to_id"])?, id_of(&r["from_id"])?)))
            .collect();
        // (first entity id, further fragment, place), attached once every entity is read.
        let mut further: Vec<(String, Fragment, String)> = Vec::new();
        for (i, e) in ents.iter().enumerate() {
            let place = format!("{n} entities[{i}]");
            let (eid, s, end, label) = entity(e, i).ok_or_else(|| {
                at(
                    path,
                    &place,
                    "an entity needs start_offset, end_offset and label (or is [start, end, label])",
                )
            })?;
            let q = quote_at(&doc.text, s, end, path, &place)?;
            let (role, stance) = self.opts.role(label);
            if by_id.insert(eid.clone(), i).is_some() {
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
                    claims.insert(i, (eid, Frame::new(fid, q, stance)));
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
        self.link_relations(&mut claims, &roles, relations.as_ref(), dropped)?;
        Ok(claims.into_values().map(|(_, f)| f).collect())
    }

    /// What a relation of type `kind` means, or `None` when it is left out (counted: as a loss
    /// when nothing says what it means, on purpose with `--relations ignore`).
    fn meaning(&self, kind: &str, place: &str, dropped: &mut Vec<Item>) -> Option<String> {
        let here = format!("{}:{place}", self.path);
        match self.opts.meaning(kind).as_deref() {
            None => {
                dropped.push(Item::lost(
                    format!("relation of type {kind} (see --relations)"),
                    here,
                ));
                None
            }
            Some("ignore") => {
                dropped.push(Item::noted(
                    format!("relation of type {kind} (--relations ignore)"),
                    here,
                ));
                None
            }
            Some(m) => Some(m.to_owned()),
        }
    }

    /// A relation whose type means `fragment`: its `to_id` entity is a further fragment of the
    /// span whose first entity is `from_id`.
    fn is_fragment_relation(&self, r: &Value) -> bool {
        r["type"]
            .as_str()
            .and_then(|t| self.opts.meaning(t))
            .is_some_and(|m| m == FRAGMENT_RELATION)
    }

    /// Applies relations by what their type means (`--relations`): a role (claim → role
    /// entity) or `via` (claim → claim). Relations left out and role entities linked to no
    /// claim are counted in `dropped`.
    fn link_relations(
        &self,
        claims: &mut BTreeMap<usize, (String, Frame)>,
        roles: &HashMap<String, crate::model::Quote>,
        relations: Option<&Value>,
        dropped: &mut Vec<Item>,
    ) -> Result<(), LoadError> {
        let (path, n) = (self.path, self.n);
        let claim_of: HashMap<String, usize> = claims
            .iter()
            .map(|(pos, (eid, _))| (eid.clone(), *pos))
            .collect();
        let mut used = std::collections::HashSet::new();
        for (i, r) in relations
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let place = format!("{n} relations[{i}]");
            if self.is_fragment_relation(r) {
                continue; // read with the entities
            }
            let id = |k: &str| id_of(&r[k]);
            let (Some(from), Some(to), Some(kind)) =
                (id("from_id"), id("to_id"), r["type"].as_str())
            else {
                return Err(at(path, &place, "a relation needs from_id, to_id and type"));
            };
            let Some(meaning) = self.meaning(kind, &place, dropped) else {
                continue;
            };
            let Some(&pos) = claim_of.get(&from) else {
                return Err(at(
                    path,
                    &place,
                    format!("{kind} relation from {from}, which is not a claim entity"),
                ));
            };
            if meaning == "via" {
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
            let (Some(role), Some(q)) =
                (SpanRole::participant_from_label(&meaning), roles.get(&to))
            else {
                return Err(at(path, &place, format!("relation {kind:?} to {to}: expected source, cue, target or via to a role entity")));
            };
            used.insert(to.clone());
            let f = &mut claims.get_mut(&pos).expect("pos comes from claim_of").1;
            if !fill_role(f, role, q) {
                return Err(at(
                    path,
                    &place,
                    format!("frame {} has two {kind} relations", f.id),
                ));
            }
        }
        let mut unused: Vec<&String> = roles.keys().filter(|eid| !used.contains(*eid)).collect();
        unused.sort();
        for eid in unused {
            dropped.push(Item::lost(
                "role entity linked to no claim",
                format!("{path}:{n} entity {eid}"),
            ));
        }
        Ok(())
    }
}

/// Sets `role` of `f` to `q`; false when the frame has that role already.
fn fill_role(f: &mut Frame, role: SpanRole, q: &crate::model::Quote) -> bool {
    let p = Participant {
        span: Some(q.clone()),
        entity: None,
    };
    let taken = match role {
        SpanRole::Source => f.source.replace(p).is_some(),
        SpanRole::Target => f.target.replace(p).is_some(),
        SpanRole::Cue => f.cue.replace(q.clone()).is_some(),
        SpanRole::Claim => false,
    };
    !taken
}

/// An entity or relation id, given as a string or a number.
fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(x) => Some(x.to_string()),
        _ => None,
    }
}

/// An entity as `{"id", "start_offset", "end_offset", "label"}` or as a triple
/// `[start, end, "label"]` (whose id is its index): (id, start, end, label).
fn entity(e: &Value, i: usize) -> Option<(String, usize, usize, &str)> {
    if let Value::Array(t) = e {
        let (s, end, label) = (
            t.first()?.as_u64()?,
            t.get(1)?.as_u64()?,
            t.get(2)?.as_str()?,
        );
        return (t.len() == 3).then(|| (i.to_string(), s as usize, end as usize, label));
    }
    let eid = match &e["id"] {
        Value::String(s) => s.clone(),
        Value::Null => i.to_string(),
        v => v.to_string(),
    };
    Some((
        eid,
        e["start_offset"].as_u64()? as usize,
        e["end_offset"].as_u64()? as usize,
        e["label"].as_str()?,
    ))
}

/// The relation type that ties a further fragment of a span to the span's first fragment.
pub const FRAGMENT_RELATION: &str = "fragment";
