//! Registry changes across annotation files, planned without touching a file.
//!
//! `entities --adopt`, `--merge` and `--rename` change the registry and the links of many
//! files. Each is planned here as a new [`Registry`] plus one [`Transaction`] per file that
//! changes ([`relink`]: frames' entity links mapped to registry ids, the file's entity copies
//! refreshed from the registry). The project applies and checks every transaction before it
//! writes anything (see `crate::project::Project::commit_relink`).
//!
//! A per-file entity that is not mapped keeps its place; if its id collides with a registry id
//! it is now given, it gets a fresh per-file id (`e…`) and its frames follow it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{
    AnnotationSet, CanonicalEntity, Entity, NameKey, Op, Registry, RegistryError, Transaction,
};

/// An annotation file of the corpus: an annotator's (or gold, `None`) file of a document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileRef {
    pub annotator: Option<String>,
    pub document: String,
}

impl std::fmt::Display for FileRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.annotator {
            Some(a) => write!(f, "annotations/{a}/{}.json", self.document),
            None => write!(f, "gold/{}.json", self.document),
        }
    }
}

/// The registry after a change and the transactions of the files that change with it
/// (`(index into the files given, transaction)`, in that order).
#[derive(Debug, Clone, PartialEq)]
pub struct RelinkPlan {
    pub registry: Registry,
    pub files: Vec<(usize, Transaction)>,
}

/// How a per-file entity found its registry entity in [`plan_adopt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// It already was a registry link.
    Linked,
    /// Its name has the key of the entity's name.
    Name,
    /// Its name has the key of one of the entity's aliases.
    Alias,
    /// A new registry entity was made from it (or from an entity with its name elsewhere).
    New,
}

/// One per-file entity taken into the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adopted {
    pub file: FileRef,
    /// Its id in the file before.
    pub was: String,
    pub name: String,
    pub kind: String,
    pub entity: String,
    pub found: Found,
}

/// What [`plan_adopt`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AdoptReport {
    /// Ids of the registry entities made, sorted.
    pub created: Vec<String>,
    /// Every per-file entity, by registry entity then file.
    pub adopted: Vec<Adopted>,
}

/// Takes every per-file entity of `files` into the registry: a registry link stays, an entity
/// whose name (by [`NameKey`]) is a registry name or alias is linked to it, any other makes a
/// new registry entity (id from its name, its kind and unknown fields), which later entities of
/// the same name join (adding unknown fields it lacks). Every file keeps the unknown fields of
/// its entities on its copies. Refuses (nothing planned) when an entity cannot become a registry entry,
/// e.g. a blank name.
pub fn plan_adopt(
    registry: &Registry,
    files: &[(FileRef, &AnnotationSet)],
) -> Result<(RelinkPlan, AdoptReport), String> {
    let mut reg = registry.clone();
    let mut report = AdoptReport::default();
    let mut maps: Vec<BTreeMap<String, String>> = Vec::with_capacity(files.len());
    for (file, set) in files {
        let mut map = BTreeMap::new();
        for e in &set.entities {
            let (id, found) = adopt_one(&mut reg, e)
                .map_err(|err| format!("{file}: entity {} ({:?}): {err}", e.id, e.name))?;
            if found == Found::New && registry.get(&id).is_none() && !report.created.contains(&id) {
                report.created.push(id.clone());
            }
            let found = if report.created.contains(&id) {
                // Later spellings of a new entry add the unknown fields it lacks.
                reg.fill_unknown_fields(&id, &e.extra)
                    .map_err(|err| format!("{file}: entity {}: {err}", e.id))?;
                Found::New
            } else {
                found
            };
            report.adopted.push(Adopted {
                file: file.clone(),
                was: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.clone(),
                entity: id.clone(),
                found,
            });
            map.insert(e.id.clone(), id);
        }
        maps.push(map);
    }
    report.created.sort();
    report
        .adopted
        .sort_by(|a, b| (&a.entity, &a.file, &a.was).cmp(&(&b.entity, &b.file, &b.was)));
    let files = files
        .iter()
        .zip(&maps)
        .enumerate()
        .map(|(i, ((_, set), map))| (i, relink(set, &reg, map)))
        .filter(|(_, tx)| !tx.is_empty())
        .collect();
    Ok((
        RelinkPlan {
            registry: reg,
            files,
        },
        report,
    ))
}

/// The registry id for one per-file entity, adding an entry when none has its name.
fn adopt_one(reg: &mut Registry, e: &Entity) -> Result<(String, Found), RegistryError> {
    if let Some(c) = reg.links(e) {
        return Ok((c.id.clone(), Found::Linked));
    }
    let key = NameKey::of(&e.name);
    if let Some(c) = reg.by_key(&key) {
        let found = if NameKey::of(&c.name) == key {
            Found::Name
        } else {
            Found::Alias
        };
        return Ok((c.id.clone(), found));
    }
    let mut canon = CanonicalEntity::new(reg.fresh_id(&e.name), e.name.clone(), e.kind.clone());
    canon.extra = e.extra.clone();
    let id = canon.id.clone();
    reg.insert(canon)?;
    Ok((id, Found::New))
}

/// Plans a registry change that keeps or re-targets links: `after` is the registry after the
/// change, and `retarget(id)` says where the links to registry entity `id` go (`None`: not
/// touched). Only copies that were links of `before` are re-targeted.
pub fn plan_change(
    before: &Registry,
    after: Registry,
    retarget: impl Fn(&str) -> Option<String>,
    files: &[(FileRef, &AnnotationSet)],
) -> RelinkPlan {
    let plans = files
        .iter()
        .enumerate()
        .filter_map(|(i, (_, set))| {
            let map: BTreeMap<String, String> = set
                .entities
                .iter()
                .filter_map(|e| Some((e.id.clone(), retarget(&before.links(e)?.id)?)))
                .collect();
            if map.is_empty() {
                return None;
            }
            let tx = relink(set, &after, &map);
            (!tx.is_empty()).then_some((i, tx))
        })
        .collect();
    RelinkPlan {
        registry: after,
        files: plans,
    }
}

/// The transaction that maps `set`'s entities through `map` (per-file id → registry id of
/// `registry`): mapped entities become registry copies (keeping their unknown fields), frames
/// follow, an unmapped entity whose id collides with a new registry copy gets a fresh id.
pub fn relink(
    set: &AnnotationSet,
    registry: &Registry,
    map: &BTreeMap<String, String>,
) -> Transaction {
    let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for e in &set.entities {
        let Some(canon) = map.get(&e.id).and_then(|id| registry.get(id)) else {
            continue;
        };
        let copy = entities
            .entry(canon.id.clone())
            .or_insert_with(|| canon.file_copy());
        for (k, v) in &e.extra {
            copy.extra.entry(k.clone()).or_insert_with(|| v.clone());
        }
        ids.insert(e.id.clone(), canon.id.clone());
    }
    let unmapped: Vec<&Entity> = set
        .entities
        .iter()
        .filter(|e| !ids.contains_key(&e.id))
        .collect();
    for e in unmapped {
        let mut kept = e.clone();
        if entities.contains_key(&kept.id) {
            kept.id = (1..)
                .map(|n| format!("e{n}"))
                .find(|id| !entities.contains_key(id) && set.entity(id).is_none())
                .unwrap_or_default();
        }
        ids.insert(e.id.clone(), kept.id.clone());
        entities.insert(kept.id.clone(), kept);
    }
    let mut tx = Transaction::new("link entities to the registry");
    let new: Vec<&Entity> = entities.values().collect();
    for old in &set.entities {
        match entities.get(&old.id) {
            Some(n) if n == old => {}
            Some(n) => tx.push(Op::UpdateEntity {
                old: old.clone(),
                new: n.clone(),
            }),
            None => tx.push(Op::RemoveEntity(old.clone())),
        }
    }
    for n in new {
        if set.entity(&n.id).is_none() {
            tx.push(Op::AddEntity(n.clone()));
        }
    }
    for f in set.frames() {
        let mut g = f.clone();
        for p in [&mut g.source, &mut g.target].into_iter().flatten() {
            if let Some(to) = p.entity.as_ref().and_then(|id| ids.get(id)) {
                p.entity = Some(to.clone());
            }
        }
        if &g != f {
            tx.push(Op::UpdateFrame {
                old: f.clone(),
                new: g,
            });
        }
    }
    tx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Frame, Participant, Quote, Schema, Span};

    fn linked(entity: &str) -> Option<Participant> {
        Some(Participant {
            span: None,
            entity: Some(entity.into()),
        })
    }

    #[test]
    fn a_local_entity_whose_id_a_registry_copy_takes_moves_aside_with_its_frames() {
        let registry =
            Registry::new(vec![CanonicalEntity::new("iran", "Iran", "government")]).unwrap();
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        // "iran" here is a per-file entity of another name; e7 is Iran.
        set.set_entities(vec![
            Entity::new("e7", "Iran", "government"),
            Entity::new("iran", "Tehran municipality", "organization"),
        ]);
        let mut f1 = Frame::new("f1", Quote::new(Span::new(0, 1), "x"), "warning");
        f1.source = linked("e7");
        f1.target = linked("iran");
        set.set_frames(vec![f1]);
        let map = BTreeMap::from([("e7".to_owned(), "iran".to_owned())]);
        let tx = relink(&set, &registry, &map);
        let mut next = set.clone();
        tx.apply(&mut next).unwrap();
        let names: Vec<(&str, &str)> = next
            .entities
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect();
        assert_eq!(names, [("e1", "Tehran municipality"), ("iran", "Iran")]);
        let f = next.frame("f1").unwrap();
        assert_eq!(f.source.as_ref().unwrap().entity.as_deref(), Some("iran"));
        assert_eq!(f.target.as_ref().unwrap().entity.as_deref(), Some("e1"));
        // The transaction undoes exactly.
        tx.invert().apply(&mut next).unwrap();
        assert_eq!(next, set);
    }

    #[test]
    fn nothing_to_change_is_an_empty_transaction() {
        let registry =
            Registry::new(vec![CanonicalEntity::new("iran", "Iran", "government")]).unwrap();
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        set.set_entities(vec![registry.get("iran").unwrap().file_copy()]);
        let map = BTreeMap::from([("iran".to_owned(), "iran".to_owned())]);
        assert!(relink(&set, &registry, &map).is_empty());
    }
}
