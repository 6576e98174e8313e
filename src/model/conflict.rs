//! Merge conflicts kept inside an annotation file, until someone resolves them.
//!
//! When two people change the same frame (or entity) differently and their work is merged
//! (`stancemark merge`, the git merge driver), neither version may be lost. The merged file keeps
//! the frame once, under its id, with **one version as its body** (ours when ours still has the
//! frame, else theirs) and every version in a `"conflict"` field beside the frame's other fields:
//!
//! ```text
//! {"id": "f3", "claim": {…}, "stance": "warning", …ours…,
//!  "conflict": {"base": {…frame…} | null, "ours": {…frame…} | null, "theirs": {…frame…} | null}}
//! ```
//!
//! `null` means that side does not have the frame (deleted it, or never had it; `base: null` for
//! a frame both sides created). The versions are plain frame objects (spans with their `text`,
//! without context). Entities are marked the same way. Because the mark is an ordinary unknown
//! field, today's loader keeps it on a round trip; [`conflicts`] lists the marks (for the
//! workbench's queue and `validate`), and [`crate::model::validate()`] reports each one as a
//! problem until it is resolved: taking one version (or an edit of the body) and dropping the
//! mark.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{AnnotationSet, Entity, Frame};

/// The field that holds a conflict on a frame or entity object.
pub const CONFLICT_KEY: &str = "conflict";

/// The versions of one frame or entity that a merge could not reconcile. `None`: that version
/// does not have it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: DeserializeOwned"))]
pub struct Conflict<T> {
    #[serde(default)]
    pub base: Option<T>,
    #[serde(default)]
    pub ours: Option<T>,
    #[serde(default)]
    pub theirs: Option<T>,
}

impl<T: PartialEq> Conflict<T> {
    /// What happened, in words: `changed differently on both sides`, `deleted in ours, changed
    /// in theirs`, ….
    pub fn describe(&self) -> &'static str {
        match (&self.base, &self.ours, &self.theirs) {
            (None, Some(_), Some(_)) => "added on both sides differently",
            (Some(_), Some(_), Some(_)) => "changed differently on both sides",
            (Some(b), None, Some(t)) if b == t => "deleted in ours, still referred to in theirs",
            (Some(_), None, Some(_)) => "deleted in ours, changed in theirs",
            (Some(b), Some(o), None) if b == o => "deleted in theirs, still referred to in ours",
            (Some(_), Some(_), None) => "deleted in theirs, changed in ours",
            _ => "kept from an earlier merge",
        }
    }
}

/// Whether a conflict is on a frame or on an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConflictOn {
    Frame,
    Entity,
}

impl ConflictOn {
    pub fn name(self) -> &'static str {
        match self {
            ConflictOn::Frame => "frame",
            ConflictOn::Entity => "entity",
        }
    }
}

/// One unresolved conflict in a set: where, and what happened (or why the mark is unreadable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictSite {
    pub on: ConflictOn,
    pub id: String,
    /// [`Conflict::describe`], or what is wrong with a mark that cannot be read.
    pub what: String,
}

impl std::fmt::Display for ConflictSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.on.name(), self.id, self.what)
    }
}

/// Reads the conflict of a frame, if it has one; `Err` names what is wrong with a malformed mark.
pub fn frame_conflict(frame: &Frame) -> Option<Result<Conflict<Frame>, String>> {
    read(&frame.extra)
}

/// Reads the conflict of an entity, if it has one.
pub fn entity_conflict(entity: &Entity) -> Option<Result<Conflict<Entity>, String>> {
    read(&entity.extra)
}

fn read<T: DeserializeOwned>(extra: &Map<String, Value>) -> Option<Result<Conflict<T>, String>> {
    let v = extra.get(CONFLICT_KEY)?;
    Some(
        Conflict::<T>::deserialize(v).map_err(|e| format!("unreadable merge conflict record: {e}")),
    )
}

/// Marks `extra` (a frame's or entity's unknown fields) with `conflict`, replacing an older mark
/// (which the versions in `conflict` still hold, so nothing is lost).
pub fn mark<T: Serialize>(extra: &mut Map<String, Value>, conflict: &Conflict<T>) {
    // Invariant: frames and entities serialise to JSON objects without fallible parts.
    let v = serde_json::to_value(conflict).expect("a frame or entity serialises to JSON");
    extra.insert(CONFLICT_KEY.to_owned(), v);
}

/// Which version resolves a frame's conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    Ours,
    Theirs,
    /// The frame as it is now (its body, possibly edited), without the mark.
    Body,
}

/// The operation that resolves the conflict of `frame` by `how`: the chosen version under the
/// frame's id without the mark (an update), or a deletion when that side does not have the
/// frame. `None` when the frame has no readable conflict.
pub fn resolve_frame(frame: &Frame, how: Resolve) -> Option<super::Op> {
    let conflict = frame_conflict(frame)?.ok()?;
    let chosen = match how {
        Resolve::Ours => conflict.ours,
        Resolve::Theirs => conflict.theirs,
        Resolve::Body => Some(frame.clone()),
    };
    Some(match chosen {
        Some(mut new) => {
            new.id = frame.id.clone();
            new.extra.remove(CONFLICT_KEY);
            super::Op::UpdateFrame {
                old: frame.clone(),
                new,
            }
        }
        None => super::Op::RemoveFrame(frame.clone()),
    })
}

/// The operation that resolves the conflict of `entity` by `how`, as [`resolve_frame`] does
/// for frames: the chosen version without the mark, or a removal when that side does not have
/// the entity (the caller checks that no frame still links to it).
pub fn resolve_entity(entity: &Entity, how: Resolve) -> Option<super::Op> {
    let conflict = entity_conflict(entity)?.ok()?;
    let chosen = match how {
        Resolve::Ours => conflict.ours,
        Resolve::Theirs => conflict.theirs,
        Resolve::Body => Some(entity.clone()),
    };
    Some(match chosen {
        Some(mut new) => {
            new.id = entity.id.clone();
            new.extra.remove(CONFLICT_KEY);
            super::Op::UpdateEntity {
                old: entity.clone(),
                new,
            }
        }
        None => super::Op::RemoveEntity(entity.clone()),
    })
}

/// Every unresolved conflict of `set`: entities first, then frames, each in the set's order.
pub fn conflicts(set: &AnnotationSet) -> Vec<ConflictSite> {
    let site = |on, id: &str, what: String| ConflictSite {
        on,
        id: id.to_owned(),
        what,
    };
    let mut out = Vec::new();
    for e in &set.entities {
        match entity_conflict(e) {
            None => {}
            Some(Ok(c)) => out.push(site(ConflictOn::Entity, &e.id, c.describe().into())),
            Some(Err(m)) => out.push(site(ConflictOn::Entity, &e.id, m)),
        }
    }
    for f in set.frames() {
        match frame_conflict(f) {
            None => {}
            Some(Ok(c)) => out.push(site(ConflictOn::Frame, &f.id, c.describe().into())),
            Some(Err(m)) => out.push(site(ConflictOn::Frame, &f.id, m)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Quote, SchemaRef, Span};

    fn frame(id: &str, stance: &str) -> Frame {
        Frame::new(id, Quote::new(Span::new(0, 4), "Iran"), stance)
    }

    #[test]
    fn resolving_takes_a_version_or_deletes_and_drops_the_mark() {
        let mut body = frame("f3", "warning");
        body.note = "edited in the workbench".into();
        mark(
            &mut body.extra,
            &Conflict {
                base: Some(frame("f3", "report")),
                ours: Some(frame("f3", "warning")),
                theirs: None,
            },
        );
        let Some(crate::model::Op::UpdateFrame { new, .. }) = resolve_frame(&body, Resolve::Ours)
        else {
            panic!("an update");
        };
        assert_eq!(new, frame("f3", "warning"));
        let Some(crate::model::Op::UpdateFrame { new, .. }) = resolve_frame(&body, Resolve::Body)
        else {
            panic!("an update");
        };
        assert_eq!(new.note, "edited in the workbench");
        assert!(new.extra.is_empty());
        assert_eq!(
            resolve_frame(&body, Resolve::Theirs),
            Some(crate::model::Op::RemoveFrame(body.clone()))
        );
        assert_eq!(resolve_frame(&frame("f1", "x"), Resolve::Ours), None);
    }

    #[test]
    fn an_entity_conflict_resolves_to_a_version_or_a_removal() {
        let mut body = Entity::new("iran", "Iran", "government");
        mark(
            &mut body.extra,
            &Conflict {
                base: Some(Entity::new("iran", "Iran", "country")),
                ours: Some(Entity::new("iran", "Iran", "government")),
                theirs: Some(Entity::new("iran", "Islamic Republic of Iran", "country")),
            },
        );
        let Some(crate::model::Op::UpdateEntity { old, new }) =
            resolve_entity(&body, Resolve::Theirs)
        else {
            panic!("an update");
        };
        assert_eq!(old, body);
        assert_eq!(
            new,
            Entity::new("iran", "Islamic Republic of Iran", "country")
        );
        let Some(crate::model::Op::UpdateEntity { new, .. }) = resolve_entity(&body, Resolve::Body)
        else {
            panic!("an update");
        };
        assert_eq!(new, Entity::new("iran", "Iran", "government"));
        let mut gone = Entity::new("x", "X", "person");
        mark(
            &mut gone.extra,
            &Conflict {
                base: Some(Entity::new("x", "X", "person")),
                ours: Some(Entity::new("x", "X", "person")),
                theirs: None,
            },
        );
        assert_eq!(
            resolve_entity(&gone, Resolve::Theirs),
            Some(crate::model::Op::RemoveEntity(gone.clone()))
        );
        assert_eq!(
            resolve_entity(&Entity::new("y", "Y", "person"), Resolve::Ours),
            None
        );
    }

    #[test]
    fn a_mark_survives_json_and_is_listed() {
        let mut body = frame("f3", "warning");
        let c = Conflict {
            base: Some(frame("f3", "report")),
            ours: Some(frame("f3", "warning")),
            theirs: Some(frame("f3", "denial")),
        };
        mark(&mut body.extra, &c);
        let json = serde_json::to_string(&body).unwrap();
        assert!(
            json.contains(r#""conflict":{"base":{"id":"f3","claim":{"start":0,"end":4,"text":"Iran"},"stance":"report"}"#),
            "{json}"
        );
        let back: Frame = serde_json::from_str(&json).unwrap();
        assert_eq!(frame_conflict(&back).unwrap().unwrap(), c);

        let mut set = AnnotationSet::new(
            "d",
            "a",
            SchemaRef {
                id: "s".into(),
                version: "1".into(),
            },
        );
        let mut broken = Entity::new("e1", "Iran", "country");
        broken.extra.insert(CONFLICT_KEY.into(), Value::from(7));
        set.set_entities(vec![broken]);
        set.set_frames(vec![back, frame("f1", "report")]);
        let listed: Vec<String> = conflicts(&set).iter().map(|c| c.to_string()).collect();
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert!(listed[0].starts_with("entity e1: unreadable merge conflict record"));
        assert_eq!(listed[1], "frame f3: changed differently on both sides");
    }

    #[test]
    fn descriptions_name_the_sides() {
        let f = || Some(frame("f1", "warning"));
        let g = || Some(frame("f1", "denial"));
        let d = |base, ours, theirs| Conflict { base, ours, theirs }.describe();
        assert_eq!(d(None, f(), g()), "added on both sides differently");
        assert_eq!(d(f(), None, g()), "deleted in ours, changed in theirs");
        assert_eq!(
            d(f(), None, f()),
            "deleted in ours, still referred to in theirs"
        );
        assert_eq!(d(f(), g(), None), "deleted in theirs, changed in ours");
        assert_eq!(
            d(f(), f(), None),
            "deleted in theirs, still referred to in ours"
        );
    }
}
