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
//!   either way leaves a valid file. A `via` cycle made of one side's changes on some frames
//!   and the other side's on others is broken by turning one of theirs' changes on the cycle
//!   into a conflict (ours as the body). See [`super::refs`].
//! - **The set's fields**: `annotator`, `document_id` must agree; `schema` merges three-way (a
//!   conflict refuses the merge); `status` three-way, and when both sides changed it, the
//!   further one (todo < in progress < done); `created` the earliest and `modified` the latest
//!   when both changed; unknown top-level keys three-way, key by key (see [`super::json`]).
//! - **Suggestions** pending and rejected: see [`super::suggestions`].

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::HashSet;

use crate::io::native::NativeFile;
use crate::model::{
    AnnotationSet, ConflictOn, ConflictSite, Document, Entity, Frame, Participant, Status,
};

use super::keyed::{self, renames_for_theirs, Item, List, Pick, Renames, Versions};
use super::{json, refs, MergeError};

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
    let mut set = merge_fields(base, ours, theirs)?;
    let empty = AnnotationSet::new(&ours.document_id, &ours.annotator, ours.schema.clone());
    let base = base.unwrap_or(&empty);

    // Entities.
    let eb = List::new(base.entities.iter().collect(), "base")?;
    let eo = List::new(ours.entities.iter().collect(), "ours")?;
    let entity_renames = renames_for_theirs(
        &eb,
        &eo,
        &List::new(theirs.entities.iter().collect(), "theirs")?,
    );
    let renamed_entities = changed(&theirs.entities, |e: &Entity| {
        let new = entity_renames.get(&e.id)?;
        Some(Entity {
            id: new.clone(),
            ..e.clone()
        })
    });
    let et = List::new(renamed_entities.list(&theirs.entities), "theirs")?;

    // Frames: theirs' entity links follow the entity renames first, so that frames that agree
    // compare equal; then their ids and `via`s follow the frame renames.
    let fb = List::new(base.frames().iter().collect(), "base")?;
    let fo = List::new(ours.frames().iter().collect(), "ours")?;
    let relinked = changed(theirs.frames(), |f: &Frame| relink(f, &entity_renames));
    let linked = List::new(relinked.list(theirs.frames()), "theirs")?;
    let frame_renames = renames_for_theirs(&fb, &fo, &linked);
    let linked = linked.items;
    let renumbered = changed(&linked, |f: &Frame| renumber(f, &frame_renames));
    let ft = List::new(renumbered.list(&linked), "theirs")?;

    let entities = keyed::versions(&eb, &eo, &et);
    let frames = keyed::versions(&fb, &fo, &ft);
    let mut entity_picks: Vec<Pick> = entities.iter().map(|(_, v)| v.pick()).collect();
    let mut frame_picks: Vec<Pick> = frames.iter().map(|(_, v)| v.pick()).collect();
    refs::keep_references(&frames, &mut frame_picks, &entities, &mut entity_picks)?;

    set.set_entities(resolved(&entities, &entity_picks));
    set.set_frames(resolved(&frames, &frame_picks));
    super::suggestions::merge_suggestions(base, ours, theirs, &mut set);
    check_references(&set, ours, theirs)?;
    let conflicts = new_conflicts(&set, &entities, &entity_picks, &frames, &frame_picks);
    Ok(MergedSet {
        set,
        conflicts,
        frame_renames,
        entity_renames,
    })
}

/// Every item of `list` as its pick puts it into the result.
fn resolved<T: Item>(list: &[(&str, Versions<T>)], picks: &[Pick]) -> Vec<T> {
    list.iter()
        .zip(picks)
        .filter_map(|((_, v), &p)| v.resolve(p))
        .collect()
}

/// The merged set's own fields (see the module doc), without entities and frames.
fn merge_fields(
    base: Option<&AnnotationSet>,
    ours: &AnnotationSet,
    theirs: &AnnotationSet,
) -> Result<AnnotationSet, MergeError> {
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
    let schema = json::three_way(base.map(|b| &b.schema), &ours.schema, &theirs.schema)
        .ok_or_else(|| {
            MergeError::Refused(format!(
                "the schema was changed differently on both sides (ours {:?} version {}, \
                 theirs {:?} version {})",
                ours.schema.id, ours.schema.version, theirs.schema.id, theirs.schema.version
            ))
        })?;
    let mut set = AnnotationSet::new(&ours.document_id, &ours.annotator, schema);
    set.status = json::three_way(base.map(|b| &b.status), &ours.status, &theirs.status)
        .unwrap_or_else(|| further(ours.status, theirs.status));
    set.created = json::three_way(base.map(|b| &b.created), &ours.created, &theirs.created)
        .unwrap_or_else(|| pick_time(&ours.created, &theirs.created, Ordering::Less));
    set.modified = json::three_way(base.map(|b| &b.modified), &ours.modified, &theirs.modified)
        .unwrap_or_else(|| pick_time(&ours.modified, &theirs.modified, Ordering::Greater));
    set.extra = json::merge_object(base.map(|b| &b.extra), &ours.extra, &theirs.extra, "")
        .map_err(|at| {
            MergeError::Refused(format!(
                "the field {at} was changed differently on both sides"
            ))
        })?;
    Ok(set)
}

/// Theirs' frame with its entity links renamed, when one is.
fn relink(f: &Frame, entity_renames: &Renames) -> Option<Frame> {
    let renamed = |p: &Option<Participant>| {
        p.as_ref()
            .and_then(|p| p.entity.as_deref())
            .and_then(|e| entity_renames.get(e))
            .cloned()
    };
    let (source, target) = (renamed(&f.source), renamed(&f.target));
    if source.is_none() && target.is_none() {
        return None;
    }
    let mut f = f.clone();
    for (p, new) in [(&mut f.source, source), (&mut f.target, target)] {
        if let (Some(p), Some(new)) = (p.as_mut(), new) {
            p.entity = Some(new);
        }
    }
    Some(f)
}

/// Theirs' frame with its id and `via` renamed, when one is.
fn renumber(f: &Frame, frame_renames: &Renames) -> Option<Frame> {
    let renamed = |id: &str| frame_renames.get(id).cloned();
    let (id, via) = (renamed(&f.id), f.via.as_deref().and_then(renamed));
    if id.is_none() && via.is_none() {
        return None;
    }
    let mut f = f.clone();
    f.id = id.unwrap_or(f.id);
    f.via = via.or(f.via);
    Some(f)
}

/// A safety net under the rules: the result may not break a reference that neither side
/// breaks. (The sides are only checked when the result has a broken reference.)
fn check_references(
    set: &AnnotationSet,
    ours: &AnnotationSet,
    theirs: &AnnotationSet,
) -> Result<(), MergeError> {
    let broken = refs::broken_references(set);
    if broken.is_empty() {
        return Ok(());
    }
    let known: HashSet<String> = refs::broken_references(ours)
        .into_iter()
        .chain(refs::broken_references(theirs))
        .collect();
    match broken.into_iter().find(|p| !known.contains(p)) {
        Some(p) => Err(MergeError::Refused(format!(
            "the merged file would be broken ({p}), so it is not written"
        ))),
        None => Ok(()),
    }
}

/// Copies of those items of a list that a change alters, by position: the list with the
/// changes is then a list of references to the copies and, elsewhere, to the originals (a few
/// hundred copies instead of twenty thousand).
struct Changed<T> {
    at: Vec<(usize, T)>,
}

fn changed<T, R: Borrow<T>>(items: &[R], change: impl Fn(&T) -> Option<T>) -> Changed<T> {
    Changed {
        at: items
            .iter()
            .enumerate()
            .filter_map(|(i, x)| Some((i, change(x.borrow())?)))
            .collect(),
    }
}

impl<T> Changed<T> {
    fn list<'a, R: Borrow<T>>(&'a self, items: &'a [R]) -> Vec<&'a T> {
        let mut copies = self.at.iter().peekable();
        items
            .iter()
            .enumerate()
            .map(|(i, x)| match copies.next_if(|(at, _)| *at == i) {
                Some((_, copy)) => copy,
                None => x.borrow(),
            })
            .collect()
    }
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
fn pick_time(ours: &Option<String>, theirs: &Option<String>, want: Ordering) -> Option<String> {
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
