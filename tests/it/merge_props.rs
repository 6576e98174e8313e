//! The merge never loses work: for random base sets and random edit scripts on each side, every
//! frame and entity version a side changed or created is in the result (merged, or inside a
//! conflict), every deletion is either done or kept as a conflict, and the result is valid,
//! loads back as written, is deterministic and keeps as many frames and entities whichever
//! side is "ours".

use std::collections::HashMap;

use proptest::prelude::*;

use stancemark::merge::{merge_sets, MergedSet};
use stancemark::model::{
    conflict::{entity_conflict, frame_conflict, CONFLICT_KEY},
    AnnotationSet, Document, Entity, Frame, Participant, Quote, Schema, Span,
};

/// Emoji, CJK, a combining mark and CRLF: offsets are code points.
const TEXT: &str = "Iran 😀 warned: \"東京 talks\"\r\nIsraël denied e\u{301} it, officials said.";

const STANCES: [&str; 4] = ["warning", "denial", "report", "threat"];
const NAMES: [&str; 4] = ["Iran", "Israel", "Tokyo", "officials"];

fn doc() -> Document {
    Document::new("d", TEXT)
}

/// A quote of the text at a few overlapping places, so that claims collide often; the last
/// places are split quotes of two fragments.
fn quote(place: usize) -> Quote {
    let n = TEXT.chars().count();
    let start = (place * 7) % (n - 12);
    let first = Span::new(start, start + 3 + place % 4);
    let spans = if place >= 6 {
        vec![first, Span::new(first.end + 2, first.end + 5)]
    } else {
        vec![first]
    };
    Quote::of_text(&doc().text, &spans).unwrap()
}

#[derive(Debug, Clone)]
enum Edit {
    Restance(usize, usize),
    Note(usize, u8),
    Delete(usize),
    Add(usize, usize, Option<usize>),
    Via(usize, usize),
    AddEntity(usize, usize),
    DeleteEntity(usize),
    Link(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..8usize, 0..4usize).prop_map(|(i, s)| Edit::Restance(i, s)),
        (0..8usize, 0..3u8).prop_map(|(i, n)| Edit::Note(i, n)),
        (0..8usize).prop_map(Edit::Delete),
        (0..9usize, 0..4usize, proptest::option::of(0..8usize))
            .prop_map(|(p, s, v)| Edit::Add(p, s, v)),
        (0..8usize, 0..8usize).prop_map(|(i, j)| Edit::Via(i, j)),
        (0..4usize, 0..8usize).prop_map(|(n, i)| Edit::AddEntity(n, i)),
        (0..4usize).prop_map(Edit::DeleteEntity),
        (0..8usize, 0..4usize).prop_map(|(i, e)| Edit::Link(i, e)),
    ]
}

/// True when pointing `from` at `to` would close a `via` cycle.
fn would_cycle(frames: &[Frame], from: &str, to: &str) -> bool {
    let mut cur = Some(to.to_owned());
    for _ in 0..=frames.len() {
        match cur {
            Some(id) if id == from => return true,
            Some(id) => {
                cur = frames
                    .iter()
                    .find(|f| f.id == id)
                    .and_then(|f| f.via.clone())
            }
            None => return false,
        }
    }
    true
}

/// Applies an edit as the workbench would, keeping the set valid (a deleted frame or entity
/// is unlinked from the frames that named it).
fn apply(set: &mut AnnotationSet, e: &Edit) {
    let mut frames = set.frames().to_vec();
    let mut entities = set.entities.clone();
    let nth = |len: usize, i: usize| (len > 0).then(|| i % len);
    match *e {
        Edit::Restance(i, s) => {
            if let Some(i) = nth(frames.len(), i) {
                frames[i].stance = STANCES[s].into();
            }
        }
        Edit::Note(i, n) => {
            if let Some(i) = nth(frames.len(), i) {
                frames[i].note = format!("note {n}");
            }
        }
        Edit::Delete(i) => {
            if let Some(i) = nth(frames.len(), i) {
                let gone = frames.remove(i).id;
                for f in &mut frames {
                    if f.via.as_deref() == Some(gone.as_str()) {
                        f.via = None;
                    }
                }
            }
        }
        Edit::Add(place, s, via) => {
            let mut f = Frame::new(set.next_frame_id(), quote(place), STANCES[s]);
            f.via = via
                .and_then(|v| nth(frames.len(), v))
                .map(|v| frames[v].id.clone());
            frames.push(f);
        }
        Edit::Via(i, j) => {
            if let (Some(i), Some(j)) = (nth(frames.len(), i), nth(frames.len(), j)) {
                let (from, to) = (frames[i].id.clone(), frames[j].id.clone());
                if !would_cycle(&frames, &from, &to) {
                    frames[i].via = Some(to);
                }
            }
        }
        Edit::AddEntity(n, i) => {
            let id = set.next_entity_id();
            entities.push(Entity::new(id.clone(), NAMES[n], "person"));
            if let Some(i) = nth(frames.len(), i) {
                frames[i].source = Some(Participant {
                    span: None,
                    entity: Some(id),
                });
            }
        }
        Edit::DeleteEntity(k) => {
            if let Some(k) = nth(entities.len(), k) {
                let gone = entities.remove(k).id;
                for f in &mut frames {
                    for p in [&mut f.source, &mut f.target] {
                        if p.as_ref().and_then(|p| p.entity.as_deref()) == Some(gone.as_str()) {
                            *p = None;
                        }
                    }
                }
            }
        }
        Edit::Link(i, k) => {
            if let (Some(i), Some(k)) = (nth(frames.len(), i), nth(entities.len(), k)) {
                frames[i].target = Some(Participant {
                    span: None,
                    entity: Some(entities[k].id.clone()),
                });
            }
        }
    }
    set.set_frames(frames);
    set.set_entities(entities);
}

fn base_set(edits: &[Edit]) -> AnnotationSet {
    let mut set = AnnotationSet::new("d", "alice", Schema::default_news().reference());
    for e in edits {
        apply(&mut set, e);
    }
    set
}

fn side(base: &AnnotationSet, edits: &[Edit]) -> AnnotationSet {
    let mut set = base.clone();
    for e in edits {
        apply(&mut set, e);
    }
    set
}

/// Theirs' frame as it is named in the result.
fn renamed_frame(f: &Frame, m: &MergedSet) -> Frame {
    let mut f = f.clone();
    let frame_id = |id: &mut String| {
        if let Some(new) = m.frame_renames.get(id.as_str()) {
            *id = new.clone();
        }
    };
    frame_id(&mut f.id);
    if let Some(v) = f.via.as_mut() {
        frame_id(v);
    }
    for p in [f.source.as_mut(), f.target.as_mut()].into_iter().flatten() {
        if let Some(e) = p.entity.as_mut() {
            if let Some(new) = m.entity_renames.get(e.as_str()) {
                *e = new.clone();
            }
        }
    }
    f
}

fn renamed_entity(e: &Entity, m: &MergedSet) -> Entity {
    let mut e = e.clone();
    if let Some(new) = m.entity_renames.get(&e.id) {
        e.id = new.clone();
    }
    e
}

/// Every version the result holds, by id: bodies (without their mark) and the versions kept
/// inside conflicts; `None` for a side of a conflict that does not have the item.
struct Held {
    frames: HashMap<String, Vec<Option<Frame>>>,
    entities: HashMap<String, Vec<Option<Entity>>>,
}

fn held(set: &AnnotationSet) -> Held {
    let mut h = Held {
        frames: HashMap::new(),
        entities: HashMap::new(),
    };
    for f in set.frames() {
        let mut body = f.clone();
        body.extra.remove(CONFLICT_KEY);
        let list = h.frames.entry(f.id.clone()).or_default();
        list.push(Some(body));
        if let Some(c) = frame_conflict(f) {
            let c = c.expect("a readable conflict");
            list.extend([c.ours, c.theirs]);
        }
    }
    for e in &set.entities {
        let mut body = e.clone();
        body.extra.remove(CONFLICT_KEY);
        let list = h.entities.entry(e.id.clone()).or_default();
        list.push(Some(body));
        if let Some(c) = entity_conflict(e) {
            let c = c.expect("a readable conflict");
            list.extend([c.ours, c.theirs]);
        }
    }
    h
}

/// The side's changes and creations are held; its deletions are done or kept in a conflict.
fn check_side<T: Clone + PartialEq + std::fmt::Debug>(
    what: &str,
    base: &[T],
    side: &[T],
    id: impl Fn(&T) -> &str,
    rename: impl Fn(&T) -> T,
    held: &HashMap<String, Vec<Option<T>>>,
) -> Result<(), TestCaseError> {
    for item in side {
        let unchanged = base.iter().any(|b| b == item);
        if unchanged {
            continue;
        }
        let r = rename(item);
        let versions = held.get(id(&r)).cloned().unwrap_or_default();
        prop_assert!(
            versions.contains(&Some(r.clone())),
            "{what} version lost: {r:?}\nresult holds {versions:?}"
        );
    }
    for b in base {
        if side.iter().all(|s| id(s) != id(b)) {
            // Deleted on this side: gone, or kept with this side's `None` recorded.
            if let Some(versions) = held.get(id(b)) {
                prop_assert!(
                    versions.contains(&None),
                    "{what} {} deleted here but kept without a conflict",
                    id(b)
                );
            }
        }
    }
    Ok(())
}

fn check_merge(
    base: &AnnotationSet,
    ours: &AnnotationSet,
    theirs: &AnnotationSet,
) -> Result<MergedSet, TestCaseError> {
    let m = merge_sets(Some(base), ours, theirs)
        .map_err(|e| TestCaseError::fail(format!("merge refused: {e}")))?;
    let h = held(&m.set);
    check_side(
        "ours frame",
        base.frames(),
        ours.frames(),
        |f| &f.id,
        Clone::clone,
        &h.frames,
    )?;
    check_side(
        "theirs frame",
        base.frames(),
        theirs.frames(),
        |f| &f.id,
        |f| renamed_frame(f, &m),
        &h.frames,
    )?;
    check_side(
        "ours entity",
        &base.entities,
        &ours.entities,
        |e| &e.id,
        Clone::clone,
        &h.entities,
    )?;
    check_side(
        "theirs entity",
        &base.entities,
        &theirs.entities,
        |e| &e.id,
        |e| renamed_entity(e, &m),
        &h.entities,
    )?;
    // Valid apart from the conflicts it reports.
    let problems: Vec<String> =
        stancemark::model::validate(&m.set, &doc(), &Schema::default_news())
            .into_iter()
            .map(|p| p.to_string())
            .filter(|p| !p.contains("unresolved merge conflict"))
            .collect();
    prop_assert!(problems.is_empty(), "{problems:?}");
    // Each conflict the merge reports is marked in the file, and no more.
    prop_assert_eq!(
        m.conflicts.len(),
        stancemark::model::conflict::conflicts(&m.set).len()
    );
    // Written and read back unchanged.
    let text = stancemark::io::native::to_string(&doc(), &m.set);
    let back = stancemark::io::native::parse(&text, "merged").unwrap();
    prop_assert_eq!(&back.annotations, &m.set);
    Ok(m)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn nothing_of_either_side_is_lost(
        base_edits in prop::collection::vec(edit(), 0..10),
        ours_edits in prop::collection::vec(edit(), 0..6),
        theirs_edits in prop::collection::vec(edit(), 0..6),
    ) {
        let base = base_set(&base_edits);
        let ours = side(&base, &ours_edits);
        let theirs = side(&base, &theirs_edits);
        let m = check_merge(&base, &ours, &theirs)?;
        let swapped = check_merge(&base, &theirs, &ours)?;
        // The sides' roles decide only ids and which version is a conflict's body (and so
        // which `via` cycles need breaking), never what is kept.
        prop_assert_eq!(m.set.frames().len(), swapped.set.frames().len());
        prop_assert_eq!(m.set.entities.len(), swapped.set.entities.len());
        // Deterministic.
        let again = merge_sets(Some(&base), &ours, &theirs).unwrap();
        prop_assert_eq!(&again.set, &m.set);
        // A side merged with an unchanged base is that side.
        let one = merge_sets(Some(&base), &ours, &base).unwrap();
        prop_assert!(one.conflicts.is_empty());
        prop_assert_eq!(&one.set, &ours);
    }
}
