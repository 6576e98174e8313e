//! The merge rules, one case each, on a small hand-made document.

use serde_json::json;

use super::*;
use crate::io::native::NativeFile;
use crate::model::{
    conflict::frame_conflict, AnnotationSet, Document, Entity, Frame, Participant, Quote, Schema,
    Span, Status,
};

/// 66 code points: "Iran is not winning" is [14, 33), "Israel denied it" [35, 51), "東京 said 😀
/// no" [53, 65).
const TEXT: &str = "Trump warned: Iran is not winning. Israel denied it. 東京 said 😀 no.";

fn q(start: usize, end: usize) -> Quote {
    let text: String = TEXT.chars().skip(start).take(end - start).collect();
    Quote::new(Span::new(start, end), text)
}

fn frame(id: &str, claim: (usize, usize), stance: &str) -> Frame {
    Frame::new(id, q(claim.0, claim.1), stance)
}

fn base() -> NativeFile {
    let mut set = AnnotationSet::new("d", "alice", Schema::default_news().reference());
    set.status = Status::InProgress;
    set.set_entities(vec![Entity::new("e1", "Donald Trump", "person")]);
    let mut f1 = frame("f1", (14, 33), "warning");
    f1.source = Some(Participant {
        span: Some(q(0, 5)),
        entity: Some("e1".into()),
    });
    set.set_frames(vec![
        f1,
        frame("f2", (35, 51), "denial"),
        frame("f3", (53, 65), "report"),
    ]);
    NativeFile {
        document: Document::new("d", TEXT),
        annotations: set,
    }
}

fn edit(file: &NativeFile, change: impl FnOnce(&mut Vec<Frame>)) -> NativeFile {
    let mut out = file.clone();
    let mut frames = out.annotations.frames().to_vec();
    change(&mut frames);
    out.annotations.set_frames(frames);
    out
}

fn restance(frames: &mut [Frame], id: &str, stance: &str) {
    frames.iter_mut().find(|f| f.id == id).unwrap().stance = stance.into();
}

fn merge(b: Option<&NativeFile>, o: &NativeFile, t: &NativeFile) -> MergedSet {
    merge_files(b, o, t).unwrap().merged
}

fn stances(set: &AnnotationSet) -> Vec<(String, String)> {
    set.frames()
        .iter()
        .map(|f| (f.id.clone(), f.stance.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn problems(set: &AnnotationSet) -> Vec<String> {
    crate::model::validate(set, &Document::new("d", TEXT), &Schema::default_news())
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn changes_to_different_frames_combine() {
    let b = base();
    let o = edit(&b, |f| restance(f, "f1", "threat"));
    let t = edit(&b, |f| {
        restance(f, "f3", "accusation");
        f.retain(|f| f.id != "f2");
    });
    let m = merge(Some(&b), &o, &t);
    assert!(m.conflicts.is_empty());
    assert_eq!(
        stances(&m.set),
        pairs(&[("f1", "threat"), ("f3", "accusation")])
    );
    assert!(problems(&m.set).is_empty(), "{:?}", problems(&m.set));
}

#[test]
fn the_same_change_on_both_sides_is_taken_once() {
    let b = base();
    let o = edit(&b, |f| {
        restance(f, "f2", "accusation");
        f.push(frame("f4", (42, 48), "denial"));
    });
    let m = merge(Some(&b), &o, &o.clone());
    assert!(m.conflicts.is_empty());
    assert_eq!(m.set, o.annotations);
}

#[test]
fn different_changes_to_one_frame_keep_both_versions() {
    let b = base();
    let o = edit(&b, |f| restance(f, "f2", "accusation"));
    let t = edit(&b, |f| {
        f.iter_mut().find(|f| f.id == "f2").unwrap().note = "check the quote".into();
    });
    let m = merge(Some(&b), &o, &t);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(
        m.conflicts[0].to_string(),
        "frame f2: changed differently on both sides"
    );
    let f2 = m.set.frame("f2").unwrap();
    assert_eq!(f2.stance, "accusation", "the body is ours");
    let c = frame_conflict(f2).unwrap().unwrap();
    assert_eq!(c.base.as_ref(), b.annotations.frame("f2"));
    assert_eq!(c.ours.as_ref(), o.annotations.frame("f2"));
    assert_eq!(c.theirs.as_ref(), t.annotations.frame("f2"));
    assert_eq!(
        problems(&m.set),
        vec![
            "frame f2: unresolved merge conflict: changed differently on both sides; every \
             version is kept under \"conflict\" (take one or edit, then remove the mark)"
        ]
    );
}

#[test]
fn a_deletion_against_a_change_is_a_conflict_and_the_change_is_kept() {
    let b = base();
    let o = edit(&b, |f| f.retain(|f| f.id != "f3"));
    let t = edit(&b, |f| restance(f, "f3", "support"));
    let m = merge(Some(&b), &o, &t);
    assert_eq!(
        m.conflicts[0].to_string(),
        "frame f3: deleted in ours, changed in theirs"
    );
    let f3 = m.set.frame("f3").unwrap();
    assert_eq!(
        f3.stance, "support",
        "the body is theirs, the only version left"
    );
    let c = frame_conflict(f3).unwrap().unwrap();
    assert_eq!(
        (c.ours, c.theirs.map(|f| f.stance)),
        (None, Some("support".into()))
    );

    // The other way round, too.
    let m = merge(Some(&b), &t, &o);
    assert_eq!(
        m.conflicts[0].to_string(),
        "frame f3: deleted in theirs, changed in ours"
    );
}

#[test]
fn a_deletion_against_no_change_deletes() {
    let b = base();
    let o = edit(&b, |f| f.retain(|f| f.id != "f3"));
    let m = merge(Some(&b), &o, &b);
    assert!(m.conflicts.is_empty());
    assert!(m.set.frame("f3").is_none());
    let m = merge(Some(&b), &b, &o);
    assert!(m.set.frame("f3").is_none());
}

#[test]
fn frames_both_sides_created_are_matched_by_claim() {
    let b = base();
    // The same frame under two ids: taken once, under ours' id; theirs' frame reporting it
    // follows the rename.
    let o = edit(&b, |f| f.push(frame("f4", (42, 48), "denial")));
    let t = edit(&b, |f| {
        f.push(frame("f7", (42, 48), "denial"));
        let mut nested = frame("f8", (49, 51), "report");
        nested.via = Some("f7".into());
        f.push(nested);
    });
    let m = merge(Some(&b), &o, &t);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(m.frame_renames.get("f7").map(String::as_str), Some("f4"));
    assert_eq!(m.set.frame("f8").unwrap().via.as_deref(), Some("f4"));
    assert_eq!(m.set.frames().len(), 5);
    assert!(problems(&m.set).is_empty(), "{:?}", problems(&m.set));
}

#[test]
fn different_frames_under_one_new_id_stay_two_frames() {
    let b = base();
    let o = edit(&b, |f| f.push(frame("f4", (42, 48), "denial")));
    let t = edit(&b, |f| {
        f.push(frame("f4", (0, 12), "warning"));
        let mut nested = frame("f5", (14, 18), "report");
        nested.via = Some("f4".into());
        f.push(nested);
    });
    let m = merge(Some(&b), &o, &t);
    assert!(m.conflicts.is_empty());
    // Theirs' f4 gets the id after the largest in use, f5.
    assert_eq!(m.frame_renames.get("f4").map(String::as_str), Some("f6"));
    assert_eq!(m.set.frame("f4").unwrap().claim, q(42, 48));
    assert_eq!(m.set.frame("f6").unwrap().claim, q(0, 12));
    assert_eq!(m.set.frame("f5").unwrap().via.as_deref(), Some("f6"));
}

#[test]
fn the_same_claim_created_differently_on_both_sides_is_a_conflict() {
    let b = base();
    let o = edit(&b, |f| f.push(frame("f4", (42, 48), "denial")));
    let t = edit(&b, |f| f.push(frame("f9", (42, 48), "accusation")));
    let m = merge(Some(&b), &o, &t);
    assert_eq!(
        m.conflicts[0].to_string(),
        "frame f4: added on both sides differently"
    );
    let c = frame_conflict(m.set.frame("f4").unwrap()).unwrap().unwrap();
    assert_eq!(c.theirs.unwrap().stance, "accusation");
    assert!(m.set.frame("f9").is_none());
}

#[test]
fn a_deleted_frame_still_reported_by_the_other_side_is_kept() {
    let b = base();
    let o = edit(&b, |f| f.retain(|f| f.id != "f1"));
    let t = edit(&b, |f| {
        let mut nested = frame("f4", (26, 33), "report");
        nested.via = Some("f1".into());
        f.push(nested);
    });
    let m = merge(Some(&b), &o, &t);
    assert_eq!(
        m.conflicts[0].to_string(),
        "frame f1: deleted in ours, still referred to in theirs"
    );
    assert!(m.set.frame("f1").is_some());
    assert!(problems(&m.set)
        .iter()
        .all(|p| p.contains("merge conflict")));
}

#[test]
fn entities_merge_by_id_then_name() {
    let b = base();
    let mut o = b.clone();
    let mut t = b.clone();
    // Both add "Iran", as e2 and e5: one entity. Both add an e3 of different names: two.
    o.annotations.set_entities(vec![
        Entity::new("e1", "Donald Trump", "person"),
        Entity::new("e2", "Iran", "country"),
        Entity::new("e3", "Israel", "country"),
    ]);
    t.annotations.set_entities(vec![
        Entity::new("e1", "Donald Trump", "person"),
        Entity::new("e3", "Tokyo", "place"),
        Entity::new("e5", "Iran", "country"),
    ]);
    let t = edit(&t, |f| {
        let f2 = f.iter_mut().find(|f| f.id == "f2").unwrap();
        f2.target = Some(Participant {
            span: None,
            entity: Some("e5".into()),
        });
        let f3 = f.iter_mut().find(|f| f.id == "f3").unwrap();
        f3.source = Some(Participant {
            span: Some(q(53, 55)),
            entity: Some("e3".into()),
        });
    });
    let m = merge(Some(&b), &o, &t);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let names: Vec<(&str, &str)> = m
        .set
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("e1", "Donald Trump"),
            ("e2", "Iran"),
            ("e3", "Israel"),
            ("e6", "Tokyo")
        ]
    );
    let entity = |id: &str, role: fn(&Frame) -> &Option<Participant>| {
        role(m.set.frame(id).unwrap())
            .as_ref()
            .and_then(|p| p.entity.clone())
    };
    assert_eq!(entity("f2", |f| &f.target).as_deref(), Some("e2"));
    assert_eq!(entity("f3", |f| &f.source).as_deref(), Some("e6"));
}

#[test]
fn a_deleted_entity_still_linked_is_kept() {
    let b = base();
    let mut o = edit(&b, |f| f[0].source.as_mut().unwrap().entity = None);
    o.annotations.set_entities(Vec::new());
    let t = edit(&b, |f| {
        let mut g = frame("f4", (42, 48), "denial");
        g.source = Some(Participant {
            span: None,
            entity: Some("e1".into()),
        });
        f.push(g);
    });
    let m = merge(Some(&b), &o, &t);
    assert_eq!(
        m.conflicts
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        vec!["entity e1: deleted in ours, still referred to in theirs"]
    );
    assert!(m.set.entity("e1").is_some());
}

#[test]
fn a_via_cycle_of_both_sides_is_broken_by_a_conflict() {
    let b = base();
    let o = edit(&b, |f| f[1].via = Some("f3".into()));
    let t = edit(&b, |f| f[2].via = Some("f2".into()));
    let m = merge(Some(&b), &o, &t);
    assert_eq!(
        m.conflicts
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        vec!["frame f3: changed differently on both sides"]
    );
    assert_eq!(m.set.frame("f3").unwrap().via, None, "ours' f3 is the body");
    assert!(problems(&m.set)
        .iter()
        .all(|p| p.contains("merge conflict")));
}

#[test]
fn set_fields_follow_their_rules() {
    let b = base();
    let mut o = b.clone();
    let mut t = b.clone();
    o.annotations.status = Status::Done;
    t.annotations.status = Status::Todo;
    o.annotations.modified = Some("2026-03-01T10:00:00Z".into());
    t.annotations.modified = Some("2026-03-02T09:00:00+00:00".into());
    o.annotations.created = Some("2026-02-01T10:00:00Z".into());
    t.annotations.created = Some("2026-01-31T10:00:00Z".into());
    o.annotations.extra.insert("x-ours".into(), json!(1));
    t.annotations
        .extra
        .insert("x-theirs".into(), json!({"a": 2}));
    let m = merge(Some(&b), &o, &t);
    assert_eq!(m.set.status, Status::Done, "both changed: the further one");
    assert_eq!(m.set.modified.as_deref(), Some("2026-03-02T09:00:00+00:00"));
    assert_eq!(m.set.created.as_deref(), Some("2026-01-31T10:00:00Z"));
    assert_eq!(
        serde_json::Value::Object(m.set.extra.clone()),
        json!({"x-ours": 1, "x-theirs": {"a": 2}})
    );

    // One side reopened a done document; the other did not touch the status: reopened.
    let mut b2 = b.clone();
    b2.annotations.status = Status::Done;
    let mut o2 = b2.clone();
    o2.annotations.status = Status::InProgress;
    assert_eq!(merge(Some(&b2), &o2, &b2).set.status, Status::InProgress);

    t.annotations.extra.insert("x-ours".into(), json!(2));
    let e = merge_files(Some(&b), &o, &t).unwrap_err().to_string();
    assert_eq!(e, "the field x-ours was changed differently on both sides");
}

#[test]
fn different_texts_are_refused() {
    let b = base();
    let mut t = b.clone();
    t.document = Document::new("d", TEXT.replace("Israel", "Israël"));
    let e = merge_files(Some(&b), &b, &t).unwrap_err().to_string();
    assert!(
        e.starts_with(
            "the document texts differ (ours has 66 code points, theirs 66; the first \
                       difference is at code point 39)"
        ),
        "{e}"
    );
}

#[test]
fn without_a_base_both_sides_are_additions() {
    let b = base();
    let o = edit(&b, |f| restance(f, "f1", "threat"));
    let m = merge(None, &o, &b);
    assert_eq!(
        m.conflicts
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        vec!["frame f1: added on both sides differently"]
    );
    assert_eq!(m.set.frames().len(), 3);
}

#[test]
fn duplicate_ids_are_refused() {
    let b = base();
    let t = edit(&b, |f| f.push(frame("f2", (0, 5), "warning")));
    let e = merge_files(Some(&b), &b, &t).unwrap_err().to_string();
    assert_eq!(e, "theirs: frame id \"f2\" appears twice");
}

mod files;
