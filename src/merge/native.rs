//! The three-way merge of one document's annotation files, frame by frame and entity by entity.
//!
//! Rules (see [`super`] for the file-level contract):
//! - **Texts**: ours and theirs must have the same document text, else the merge is refused
//!   (offsets into different texts cannot be compared). Base may differ (both sides corrected
//!   the text the same way). The document's other fields merge key by key.
//! - **Entities, then frames**, by [`super::keyed`]; theirs' entity renames are applied to
//!   theirs' frames before the frames are compared, theirs' frame renames to their `via`.
//! - **References stay whole**: a frame or entity that one side deleted but that a frame of the
//!   result still refers to (`via`, source or target entity) is kept, as a conflict; for a
//!   frame in conflict, the references of both sides' versions count, so that resolving it
//!   either way leaves a valid file. A `via`
//!   cycle made of one side's changes on some frames and the other side's on others is broken
//!   by turning one of theirs' changes on the cycle into a conflict (ours as the body).
//! - **The set's fields**: `annotator`, `document_id` must agree; `schema` merges three-way (a
//!   conflict refuses the merge); `status` three-way, and when both sides changed it, the
//!   further one (todo < in progress < done); `created` the earliest and `modified` the latest
//!   when both changed; unknown top-level keys three-way, key by key (see [`super::json`]).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::io::native::NativeFile;
use crate::model::{AnnotationSet, ConflictOn, ConflictSite, Document, Entity, Frame, Status};

use super::keyed::{self, index_by_id, renames_for_theirs, Pick, Renames, Versions};
use super::{json, MergeError};

/// The result of merging two annotation sets.
#[derive(Debug, Clone)]
pub struct MergedSet {
    pub set: AnnotationSet,
    /// Every conflict of this merge (entities first, then frames, in the result's order).
    pub conflicts: Vec<ConflictSite>,
    /// Theirs' frame ids that have another id in the result.
    pub frame_renames: Renames,
    /// Theirs' entity ids that have another id in the result.
    pub entity_renames: Renames,
}

/// The result of merging two native files.
#[derive(Debug, Clone)]
pub struct MergedFile {
    pub document: Document,
    pub merged: MergedSet,
}

/// Merges two native files of the same document against their common ancestor (`None` when
/// both sides created the file).
pub fn merge_files(
    base: Option<&NativeFile>,
    ours: &NativeFile,
    theirs: &NativeFile,
) -> Result<MergedFile, MergeError> {
    let document = merge_document(base.map(|b| &b.document), &ours.document, &theirs.document)?;
    let merged = merge_sets(
        base.map(|b| &b.annotations),
        &ours.annotations,
        &theirs.annotations,
    )?;
    Ok(MergedFile { document, merged })
}

fn merge_document(
    base: Option<&Document>,
    ours: &Document,
    theirs: &Document,
) -> Result<Document, MergeError> {
    if ours.text != theirs.text {
        let (o, t) = (ours.text.as_str(), theirs.text.as_str());
        let at = o.chars().zip(t.chars()).take_while(|(a, b)| a == b).count();
        return Err(MergeError::Refused(format!(
            "the document texts differ (ours has {} code points, theirs {}; the first difference \
             is at code point {at}): annotations of different texts cannot be merged frame by \
             frame",
            ours.text.len_chars(),
            theirs.text.len_chars()
        )));
    }
    if ours.id != theirs.id {
        return Err(MergeError::Refused(format!(
            "the files are of different documents ({:?} and {:?})",
            ours.id, theirs.id
        )));
    }
    let (o, t) = (fields(ours), fields(theirs));
    if o == t {
        return Ok(ours.clone());
    }
    let b = base.map(fields);
    let merged = json::merge_object(b.as_ref(), &o, &t, "").map_err(|at| {
        MergeError::Refused(format!(
            "the document's field {at} was changed differently on both sides"
        ))
    })?;
    let mut value = serde_json::Value::Object(merged);
    value["id"] = serde_json::Value::String(ours.id.clone());
    value["text"] = serde_json::Value::String(ours.text.as_str().to_owned());
    serde_json::from_value(value).map_err(|e| {
        MergeError::Refused(format!(
            "the merged document fields do not form a document: {e}"
        ))
    })
}

/// A document's fields other than its id and text (the text is megabytes; these are a few
/// bytes), as JSON.
fn fields(d: &Document) -> serde_json::Map<String, serde_json::Value> {
    let light = Document {
        id: String::new(),
        title: d.title.clone(),
        url: d.url.clone(),
        outlet: d.outlet.clone(),
        published: d.published.clone(),
        language: d.language.clone(),
        metadata: d.metadata.clone(),
        text: crate::model::Text::new(String::new()),
        extra: d.extra.clone(),
    };
    match serde_json::to_value(&light) {
        Ok(serde_json::Value::Object(mut m)) => {
            m.remove("id");
            m.remove("text");
            m
        }
        // Invariant: a document serialises to a JSON object.
        _ => unreachable!("a document serialises to a JSON object"),
    }
}

/// Merges two annotation sets of one document against their common ancestor.
pub fn merge_sets(
    base: Option<&AnnotationSet>,
    ours: &AnnotationSet,
    theirs: &AnnotationSet,
) -> Result<MergedSet, MergeError> {
    for (what, o, t) in [
        ("annotator", &ours.annotator, &theirs.annotator),
        ("document id", &ours.document_id, &theirs.document_id),
    ] {
        if o != t {
            return Err(MergeError::Refused(format!(
                "the files have different {what}s ({o:?} and {t:?})"
            )));
        }
    }
    let empty = AnnotationSet::new(&ours.document_id, &ours.annotator, ours.schema.clone());
    let has_base = base.is_some();
    let base_set = base.unwrap_or(&empty);

    // Entities.
    let (eb, eo) = (
        index_by_id(&base_set.entities, "base")?,
        index_by_id(&ours.entities, "ours")?,
    );
    index_by_id(&theirs.entities, "theirs")?;
    let entity_renames = renames_for_theirs(&eb, &ours.entities, &eo, &theirs.entities);
    let theirs_entities: Cow<[Entity]> = if entity_renames.is_empty() {
        Cow::Borrowed(&theirs.entities)
    } else {
        Cow::Owned(
            theirs
                .entities
                .iter()
                .map(|e| {
                    let mut e = e.clone();
                    if let Some(new) = entity_renames.get(&e.id) {
                        e.id = new.clone();
                    }
                    e
                })
                .collect(),
        )
    };
    let et = index_by_id(&theirs_entities, "theirs")?;

    // Frames: theirs' entity links follow the entity renames first, so that frames that agree
    // compare equal.
    let (fb, fo) = (
        index_by_id(base_set.frames(), "base")?,
        index_by_id(ours.frames(), "ours")?,
    );
    index_by_id(theirs.frames(), "theirs")?;
    let linked: Cow<[Frame]> = if entity_renames.is_empty() {
        Cow::Borrowed(theirs.frames())
    } else {
        Cow::Owned(
            theirs
                .frames()
                .iter()
                .map(|f| {
                    let mut f = f.clone();
                    rename_entity_links(&mut f, &entity_renames);
                    f
                })
                .collect(),
        )
    };
    let frame_renames = renames_for_theirs(&fb, ours.frames(), &fo, &linked);
    let theirs_frames: Cow<[Frame]> = if frame_renames.is_empty() {
        linked
    } else {
        Cow::Owned(
            linked
                .iter()
                .map(|f| {
                    let mut f = f.clone();
                    if let Some(new) = frame_renames.get(&f.id) {
                        f.id = new.clone();
                    }
                    if let Some(v) = f.via.as_mut() {
                        if let Some(new) = frame_renames.get(v.as_str()) {
                            *v = new.clone();
                        }
                    }
                    f
                })
                .collect(),
        )
    };
    let ft = index_by_id(&theirs_frames, "theirs")?;

    let entities = keyed::versions(
        (&base_set.entities, &eb),
        (&ours.entities, &eo),
        (&theirs_entities, &et),
    );
    let frames = keyed::versions(
        (base_set.frames(), &fb),
        (ours.frames(), &fo),
        (&theirs_frames, &ft),
    );
    let mut entity_picks: Vec<Pick> = entities.iter().map(|(_, v)| v.pick()).collect();
    let mut frame_picks: Vec<Pick> = frames.iter().map(|(_, v)| v.pick()).collect();
    keep_references(&frames, &mut frame_picks, &entities, &mut entity_picks)?;

    let mut set = AnnotationSet::new(&ours.document_id, &ours.annotator, ours.schema.clone());
    set.schema = json::three_way(
        has_base.then_some(&base_set.schema),
        &ours.schema,
        &theirs.schema,
    )
    .ok_or_else(|| {
        MergeError::Refused(format!(
            "the schema was changed differently on both sides (ours {:?} version {}, theirs {:?} \
             version {})",
            ours.schema.id, ours.schema.version, theirs.schema.id, theirs.schema.version
        ))
    })?;
    set.status = json::three_way(
        has_base.then_some(&base_set.status),
        &ours.status,
        &theirs.status,
    )
    .unwrap_or_else(|| further(ours.status, theirs.status));
    set.created = json::three_way(
        has_base.then_some(&base_set.created),
        &ours.created,
        &theirs.created,
    )
    .unwrap_or_else(|| pick_time(&ours.created, &theirs.created, std::cmp::Ordering::Less));
    set.modified = json::three_way(
        has_base.then_some(&base_set.modified),
        &ours.modified,
        &theirs.modified,
    )
    .unwrap_or_else(|| {
        pick_time(
            &ours.modified,
            &theirs.modified,
            std::cmp::Ordering::Greater,
        )
    });
    set.extra = json::merge_object(
        has_base.then_some(&base_set.extra),
        &ours.extra,
        &theirs.extra,
        "",
    )
    .map_err(|at| {
        MergeError::Refused(format!(
            "the field {at} was changed differently on both sides"
        ))
    })?;

    set.set_entities(
        entities
            .iter()
            .zip(&entity_picks)
            .filter_map(|((_, v), &p)| v.resolve(p))
            .collect(),
    );
    set.set_frames(
        frames
            .iter()
            .zip(&frame_picks)
            .filter_map(|((_, v), &p)| v.resolve(p))
            .collect(),
    );
    // A safety net under the rules above: the result may not break a reference that neither
    // side breaks.
    let known: HashSet<String> = broken_references(ours)
        .into_iter()
        .chain(broken_references(theirs))
        .collect();
    if let Some(p) = broken_references(&set)
        .into_iter()
        .find(|p| !known.contains(p))
    {
        return Err(MergeError::Refused(format!(
            "the merged file would be broken ({p}), so it is not written"
        )));
    }
    let conflicts = new_conflicts(&set, &entities, &entity_picks, &frames, &frame_picks);
    Ok(MergedSet {
        set,
        conflicts,
        frame_renames,
        entity_renames,
    })
}

fn rename_entity_links(f: &mut Frame, renames: &Renames) {
    for p in [f.source.as_mut(), f.target.as_mut()].into_iter().flatten() {
        if let Some(e) = p.entity.as_mut() {
            if let Some(new) = renames.get(e.as_str()) {
                *e = new.clone();
            }
        }
    }
}

/// The version of `v` that `pick` puts into the result, before it is marked.
fn body<'a, T>(v: &Versions<'a, T>, pick: Pick) -> Option<&'a T> {
    match pick {
        Pick::Ours => v.ours,
        Pick::Theirs => v.theirs,
        Pick::Gone => None,
        Pick::Conflict => v.ours.or(v.theirs).or(v.base),
    }
}

/// The versions of `v` that the result keeps under `pick` and whose references must resolve:
/// the body, and for a conflict both sides' versions too (so that taking either one later
/// leaves a valid file).
fn kept_versions<'a, T>(v: &Versions<'a, T>, pick: Pick) -> impl Iterator<Item = &'a T> {
    let sides = if pick == Pick::Conflict {
        [v.ours, v.theirs]
    } else {
        [None, None]
    };
    body(v, pick).into_iter().chain(sides.into_iter().flatten())
}

/// Keeps, as conflicts, the frames and entities that a frame of the result refers to but that
/// a side deleted, and breaks `via` cycles made of the two sides' changes (see the module doc).
fn keep_references(
    frames: &[(&str, Versions<Frame>)],
    frame_picks: &mut [Pick],
    entities: &[(&str, Versions<Entity>)],
    entity_picks: &mut [Pick],
) -> Result<(), MergeError> {
    let frame_at: HashMap<&str, usize> = frames
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let entity_at: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut queue: Vec<usize> = (0..frames.len()).collect();
    loop {
        while let Some(i) = queue.pop() {
            for f in kept_versions(&frames[i].1, frame_picks[i]) {
                if let Some(&j) = f.via.as_deref().and_then(|v| frame_at.get(v)) {
                    if frame_picks[j] == Pick::Gone {
                        frame_picks[j] = Pick::Conflict;
                        queue.push(j);
                    }
                }
                for p in [&f.source, &f.target].into_iter().flatten() {
                    if let Some(&j) = p.entity.as_deref().and_then(|e| entity_at.get(e)) {
                        if entity_picks[j] == Pick::Gone {
                            entity_picks[j] = Pick::Conflict;
                        }
                    }
                }
            }
        }
        let cycles = via_cycles(frames, frame_picks, &frame_at);
        if cycles.is_empty() {
            return Ok(());
        }
        for cycle in cycles {
            // One conflict per cycle (the first of theirs' changes in id order) breaks it.
            let breaker = cycle
                .iter()
                .copied()
                .filter(|&i| frame_picks[i] == Pick::Theirs && frames[i].1.ours.is_some())
                .min_by(|&a, &b| crate::model::id_order(frames[a].0, frames[b].0));
            if let Some(i) = breaker {
                frame_picks[i] = Pick::Conflict;
                queue.push(i);
            } else {
                let ids: Vec<&str> = cycle.iter().map(|&i| frames[i].0).collect();
                return Err(MergeError::Refused(format!(
                    "the merged frames would report each other in a cycle ({}), and neither \
                     side's version can break it",
                    ids.join(" → ")
                )));
            }
        }
    }
}

/// The `via` cycles among the result's frames, each as positions in `frames`.
fn via_cycles(
    frames: &[(&str, Versions<Frame>)],
    picks: &[Pick],
    frame_at: &HashMap<&str, usize>,
) -> Vec<Vec<usize>> {
    let next = |i: usize| -> Option<usize> {
        let f = body(&frames[i].1, picks[i])?;
        let j = *frame_at.get(f.via.as_deref()?)?;
        (picks[j] != Pick::Gone).then_some(j)
    };
    // 0: not visited, 1: on the current path, 2: done.
    let mut state = vec![0u8; frames.len()];
    let mut cycles = Vec::new();
    for start in 0..frames.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                0 => {
                    state[i] = 1;
                    path.push(i);
                    cur = next(i);
                }
                1 => {
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    cycles.push(path[from..].to_vec());
                    break;
                }
                _ => break,
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
    cycles
}

/// The conflicts of the result that this merge made (marks carried over from an input are
/// not new), with the words of their marks.
fn new_conflicts(
    set: &AnnotationSet,
    entities: &[(&str, Versions<Entity>)],
    entity_picks: &[Pick],
    frames: &[(&str, Versions<Frame>)],
    frame_picks: &[Pick],
) -> Vec<ConflictSite> {
    let made: HashSet<(ConflictOn, &str)> = entities
        .iter()
        .zip(entity_picks)
        .filter(|(_, p)| **p == Pick::Conflict)
        .map(|((id, _), _)| (ConflictOn::Entity, *id))
        .chain(
            frames
                .iter()
                .zip(frame_picks)
                .filter(|(_, p)| **p == Pick::Conflict)
                .map(|((id, _), _)| (ConflictOn::Frame, *id)),
        )
        .collect();
    if made.is_empty() {
        return Vec::new();
    }
    crate::model::conflict::conflicts(set)
        .into_iter()
        .filter(|c| made.contains(&(c.on, c.id.as_str())))
        .collect()
}

/// The references of `set` that do not resolve (`via`, source and target entities) and the
/// frames on a `via` cycle, in words.
fn broken_references(set: &AnnotationSet) -> Vec<String> {
    let frames: HashMap<&str, &Frame> = set.frames().iter().map(|f| (f.id.as_str(), f)).collect();
    let entities: HashSet<&str> = set.entities.iter().map(|e| e.id.as_str()).collect();
    let mut out = Vec::new();
    for f in set.frames() {
        if let Some(v) = f.via.as_deref() {
            if !frames.contains_key(v) {
                out.push(format!("frame {} reported via unknown frame {v}", f.id));
            }
        }
        for p in [&f.source, &f.target].into_iter().flatten() {
            if let Some(e) = p.entity.as_deref() {
                if !entities.contains(e) {
                    out.push(format!("frame {} links unknown entity {e}", f.id));
                }
            }
        }
    }
    // Each frame has at most one `via`: walk each chain once, marking frames done.
    let mut state: HashMap<&str, bool> = HashMap::with_capacity(frames.len()); // false: on path
    for f in set.frames() {
        let mut path = Vec::new();
        let mut cur = Some(f.id.as_str());
        while let Some(id) = cur.filter(|id| frames.contains_key(id)) {
            match state.get(id) {
                Some(true) => break,
                Some(false) => {
                    let from = path.iter().position(|p| *p == id).unwrap_or(0);
                    let mut ids: Vec<&str> = path[from..].to_vec();
                    ids.sort_by(|a, b| crate::model::id_order(a, b));
                    out.push(format!("frames {} form a via cycle", ids.join(", ")));
                    break;
                }
                None => {
                    state.insert(id, false);
                    path.push(id);
                    cur = frames[id].via.as_deref();
                }
            }
        }
        for id in path {
            state.insert(id, true);
        }
    }
    out
}

/// The further of two statuses: todo < in progress < done.
fn further(a: Status, b: Status) -> Status {
    let rank = |s| Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// Of two timestamps changed on both sides, the earliest (`Less`) or the latest (`Greater`); a
/// side without one gives way. RFC 3339 times are compared as instants; unreadable ones as
/// text.
fn pick_time(
    ours: &Option<String>,
    theirs: &Option<String>,
    want: std::cmp::Ordering,
) -> Option<String> {
    match (ours, theirs) {
        (Some(o), Some(t)) => {
            let parse = |s: &str| humantime::parse_rfc3339_weak(s).ok();
            let order = match (parse(o), parse(t)) {
                (Some(a), Some(b)) => b.cmp(&a),
                _ => t.as_str().cmp(o.as_str()),
            };
            Some(if order == want { t } else { o }.clone())
        }
        (o, t) => o.clone().or_else(|| t.clone()),
    }
}
