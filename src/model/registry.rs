//! The entity registry: the canonical sources and targets of a whole project.
//!
//! A project keeps one registry (`entities.json`, read and written by [`crate::project`]).
//! Frames' entity links in the project's annotation files are registry ids; each file also keeps
//! a copy of the entities it links (`{"id", "name", "kind"}` of the registry entry), so that a
//! file stays readable on its own. A copy is *linked* when its id is a registry id and its name
//! is the entry's name or one of its aliases ([`Registry::links`]); anything else is a per-file
//! entity that `stancemark entities --adopt` migrates.
//!
//! **Invariants** ([`Registry::problems`] reports every broken one; [`Registry::new`] and every
//! method keep them):
//! - ids are unique, non-empty and made of letters, digits, `-`, `_` and `.` (so a registry id
//!   never looks like the `unlinked:` node ids of the corpus views);
//! - names are not blank, and no two entities have names with the same [`NameKey`];
//! - no alias is shared by two entities, and no alias equals another entity's name (both
//!   compared by [`NameKey`]). An alias may have its own entity's key ("Foreign Ministry of
//!   Iran" for "Iran's Foreign Ministry"): it records a surface form.
//!
//! Order is canonical: entities by id ([`id_order`]), aliases sorted and without exact
//! duplicates, so that writing a registry is deterministic.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::extra_fields::deserialize_keeping_extra;
use super::{id_order, AnnotationSet, Entity, NameKey, Problem};

/// One canonical entity of the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CanonicalEntity {
    pub id: String,
    /// The canonical name ("Iran's Foreign Ministry").
    pub name: String,
    /// An entity kind id of the schema.
    pub kind: String,
    /// Other names of the entity met in the texts ("Foreign Ministry of Iran", "Tehran").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A reference for the entity, e.g. `https://www.wikidata.org/wiki/Q794`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Unknown fields, kept on a round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(
    CanonicalEntity,
    "an entity object",
    required { id, name, kind },
    optional {
        aliases,
        description,
        url
    }
);

impl CanonicalEntity {
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: impl Into<String>) -> Self {
        CanonicalEntity {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            aliases: Vec::new(),
            description: None,
            url: None,
            extra: Map::new(),
        }
    }

    pub fn with_aliases<S: Into<String>>(mut self, aliases: impl IntoIterator<Item = S>) -> Self {
        self.aliases.extend(aliases.into_iter().map(Into::into));
        self
    }

    /// The keys of the name and of every alias.
    pub fn keys(&self) -> impl Iterator<Item = NameKey> + '_ {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .map(|n| NameKey::of(n))
    }

    /// Whether `name` is this entity's name or one of its aliases (by [`NameKey`]).
    pub fn is_named(&self, name: &str) -> bool {
        let k = NameKey::of(name);
        self.keys().any(|x| x == k)
    }

    /// The copy an annotation file keeps of this entity.
    pub fn file_copy(&self) -> Entity {
        Entity::new(self.id.clone(), self.name.clone(), self.kind.clone())
    }

    fn canonicalise(&mut self) {
        self.aliases.sort();
        self.aliases.dedup();
    }
}

/// Why a registry change was refused (the registry is left as it was).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    #[error("no entity {0:?} in the registry")]
    Unknown(String),
    #[error("{name:?} is already a name or alias of entity {holder:?}")]
    NameTaken { name: String, holder: String },
    #[error("an entity cannot be merged into itself ({0:?})")]
    SameEntity(String),
    #[error("the change would break the registry:\n{}", .0.join("\n"))]
    Invalid(Vec<String>),
}

/// The registry: canonical entities with their invariants (see the module docs).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Registry {
    entities: Vec<CanonicalEntity>,
    /// Name and alias keys → index in `entities`.
    keys: HashMap<NameKey, usize>,
    /// Unknown top-level fields of the file the registry came from, kept on a round trip.
    pub extra: Map<String, Value>,
}

impl Registry {
    /// A registry of `entities`, put in canonical order, or every broken invariant.
    pub fn new(mut entities: Vec<CanonicalEntity>) -> Result<Registry, Vec<Problem>> {
        let problems = Registry::problems(&entities);
        if !problems.is_empty() {
            return Err(problems);
        }
        entities.iter_mut().for_each(CanonicalEntity::canonicalise);
        entities.sort_by(|a, b| id_order(&a.id, &b.id));
        let mut keys = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            for k in e.keys() {
                keys.insert(k, i);
            }
        }
        Ok(Registry {
            entities,
            keys,
            extra: Map::new(),
        })
    }

    /// A registry of `entities` whatever their problems, only to report on the links of
    /// annotation files while the registry itself is being fixed: where two entities share an
    /// id or a name key, the first in id order answers.
    pub fn for_reporting(mut entities: Vec<CanonicalEntity>) -> Registry {
        entities.sort_by(|a, b| id_order(&a.id, &b.id));
        let mut keys = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            for k in e.keys() {
                keys.entry(k).or_insert(i);
            }
        }
        Registry {
            entities,
            keys,
            extra: Map::new(),
        }
    }

    /// Every broken invariant of `entities`, in their order. The location names the entity by
    /// its position in the list (from 1) and its id: `entity #3 "iran"`.
    pub fn problems(entities: &[CanonicalEntity]) -> Vec<Problem> {
        let mut out = Vec::new();
        let names = id_and_name_problems(entities, &mut out);
        alias_problems(entities, &names, &mut out);
        // Keep the entity order; within an entity, the order found.
        out.sort_by_key(|p| {
            p.location
                .strip_prefix("entity #")
                .and_then(|s| s.split(' ').next())
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(usize::MAX)
        });
        out
    }

    /// Entities in canonical order (by id).
    pub fn entities(&self) -> &[CanonicalEntity] {
        &self.entities
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn get(&self, id: &str) -> Option<&CanonicalEntity> {
        self.position(id).map(|i| &self.entities[i])
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.entities.binary_search_by(|e| id_order(&e.id, id)).ok()
    }

    /// The entity with `key` as the key of its name or of an alias.
    pub fn by_key(&self, key: &NameKey) -> Option<&CanonicalEntity> {
        self.keys.get(key).map(|&i| &self.entities[i])
    }

    /// The entity named `name` (name or alias, by [`NameKey`]).
    pub fn by_name(&self, name: &str) -> Option<&CanonicalEntity> {
        self.by_key(&NameKey::of(name))
    }

    /// The entity with id `id_or_name`, else the one with that name or alias.
    pub fn resolve(&self, id_or_name: &str) -> Option<&CanonicalEntity> {
        self.get(id_or_name).or_else(|| self.by_name(id_or_name))
    }

    /// The registry entity a file's entity copy links to: its id is a registry id and its
    /// name is that entry's name or an alias. `None` for a per-file entity (or a stale copy).
    pub fn links(&self, copy: &Entity) -> Option<&CanonicalEntity> {
        let e = self.get(&copy.id)?;
        let key = NameKey::of(&copy.name);
        (self.keys.get(&key).map(|&i| &self.entities[i].id) == Some(&e.id)).then_some(e)
    }

    /// A fresh id made from `name`: lower-case letters and digits joined by `-` ("Iran's
    /// Foreign Ministry" → `irans-foreign-ministry`), with `-2`, `-3`, … when taken.
    pub fn fresh_id(&self, name: &str) -> String {
        let mut slug = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                slug.push(c);
            } else if matches!(c, '\'' | '\u{2019}' | '.') {
                continue;
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = match slug.trim_end_matches('-') {
            "" => "entity".to_owned(),
            s => s.to_owned(),
        };
        if self.get(&slug).is_none() {
            return slug;
        }
        (2..)
            .map(|n| format!("{slug}-{n}"))
            .find(|id| self.get(id).is_none())
            .unwrap_or(slug)
    }

    /// Adds an entity.
    pub fn insert(&mut self, entity: CanonicalEntity) -> Result<(), RegistryError> {
        if let Some(holder) = entity.keys().find_map(|k| self.by_key(&k)) {
            return Err(RegistryError::NameTaken {
                name: entity.name.clone(),
                holder: holder.id.clone(),
            });
        }
        let mut all = self.entities.clone();
        all.push(entity);
        self.replace(all)
    }

    /// Adds `alias` to entity `id`. Returns false when the entity already had exactly it.
    pub fn add_alias(&mut self, id: &str, alias: &str) -> Result<bool, RegistryError> {
        let i = self
            .position(id)
            .ok_or_else(|| RegistryError::Unknown(id.into()))?;
        if self.entities[i].aliases.iter().any(|a| a == alias) {
            return Ok(false);
        }
        self.check_free(alias, i)?;
        let mut all = self.entities.clone();
        all[i].aliases.push(alias.to_owned());
        self.replace(all)?;
        Ok(true)
    }

    /// Renames entity `id` to `name`; the old name becomes an alias, so that the texts that
    /// used it still match.
    pub fn rename(&mut self, id: &str, name: &str) -> Result<(), RegistryError> {
        let i = self
            .position(id)
            .ok_or_else(|| RegistryError::Unknown(id.into()))?;
        self.check_free(name, i)?;
        let mut all = self.entities.clone();
        let e = &mut all[i];
        let old = std::mem::replace(&mut e.name, name.to_owned());
        if old != name {
            e.aliases.push(old);
        }
        e.aliases.retain(|a| a != name);
        self.replace(all)
    }

    /// Merges entity `drop` into entity `keep`: `drop`'s name and aliases become aliases of
    /// `keep`, its description, URL and unknown fields fill what `keep` lacks, and `drop` is
    /// removed. Returns the removed entity. `keep`'s kind stays.
    pub fn merge(&mut self, keep: &str, drop: &str) -> Result<CanonicalEntity, RegistryError> {
        if keep == drop {
            return Err(RegistryError::SameEntity(keep.into()));
        }
        let k = self
            .position(keep)
            .ok_or_else(|| RegistryError::Unknown(keep.into()))?;
        let d = self
            .position(drop)
            .ok_or_else(|| RegistryError::Unknown(drop.into()))?;
        let mut all = self.entities.clone();
        let dropped = all[d].clone();
        let kept = &mut all[k];
        kept.aliases.push(dropped.name.clone());
        kept.aliases.extend(dropped.aliases.iter().cloned());
        let own = kept.name.clone();
        kept.aliases.retain(|a| *a != own);
        if kept.description.is_none() {
            kept.description = dropped.description.clone();
        }
        if kept.url.is_none() {
            kept.url = dropped.url.clone();
        }
        for (key, v) in &dropped.extra {
            kept.extra.entry(key.clone()).or_insert_with(|| v.clone());
        }
        all.remove(d);
        self.replace(all)?;
        Ok(dropped)
    }

    /// The links of `set` that do not reach this registry: frames whose source or target
    /// entity is not a registry id (a per-file entity not adopted yet, or a dangling id), and
    /// entity copies that carry a registry id with a name that is not one of that entry's
    /// names. Locations are those of [`crate::model::validate()`] (`frame f3 source`,
    /// `entity iran`).
    pub fn link_problems(&self, set: &AnnotationSet) -> Vec<Problem> {
        let mut out = Vec::new();
        for e in &set.entities {
            if let Some(canon) = self.get(&e.id) {
                if self.links(e).is_none() {
                    out.push(Problem {
                        location: format!("entity {}", e.id),
                        message: format!(
                            "name {:?} is not a name or alias of registry entity {:?} ({:?})",
                            e.name, canon.id, canon.name
                        ),
                    });
                }
            }
        }
        for f in set.frames() {
            for (role, p) in [("source", &f.source), ("target", &f.target)] {
                let Some(id) = p.as_ref().and_then(|p| p.entity.as_deref()) else {
                    continue;
                };
                if self.get(id).is_none() {
                    let named = set
                        .entity(id)
                        .map_or(String::new(), |e| format!(" ({:?})", e.name));
                    out.push(Problem {
                        location: format!("frame {} {role}", f.id),
                        message: format!("entity {id:?}{named} is not in the registry"),
                    });
                }
            }
        }
        out
    }

    /// Adds the unknown fields of `fields` that entity `id` does not have yet (names, kind and
    /// the known fields are not touched, so no invariant can break).
    pub fn fill_unknown_fields(
        &mut self,
        id: &str,
        fields: &Map<String, Value>,
    ) -> Result<(), RegistryError> {
        let i = self
            .position(id)
            .ok_or_else(|| RegistryError::Unknown(id.into()))?;
        for (k, v) in fields {
            self.entities[i]
                .extra
                .entry(k.clone())
                .or_insert_with(|| v.clone());
        }
        Ok(())
    }

    /// Refuses `name` for entity `i` when it is another entity's name or alias.
    fn check_free(&self, name: &str, i: usize) -> Result<(), RegistryError> {
        match self.keys.get(&NameKey::of(name)) {
            Some(&j) if j != i => Err(RegistryError::NameTaken {
                name: name.into(),
                holder: self.entities[j].id.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// Replaces the entities when they keep every invariant; otherwise changes nothing.
    fn replace(&mut self, entities: Vec<CanonicalEntity>) -> Result<(), RegistryError> {
        let extra = std::mem::take(&mut self.extra);
        match Registry::new(entities) {
            Ok(mut r) => {
                r.extra = extra;
                *self = r;
                Ok(())
            }
            Err(problems) => {
                self.extra = extra;
                Err(RegistryError::Invalid(
                    problems.iter().map(ToString::to_string).collect(),
                ))
            }
        }
    }
}

/// `entity #3 "iran"`: where problems of the entity at position `i` are reported.
fn place(entities: &[CanonicalEntity], i: usize) -> String {
    format!("entity #{} {:?}", i + 1, entities[i].id)
}

/// Ids (well formed, unique) and names (not blank, unique keys). Returns name key → position.
fn id_and_name_problems(
    entities: &[CanonicalEntity],
    out: &mut Vec<Problem>,
) -> HashMap<NameKey, usize> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut names: HashMap<NameKey, usize> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        let mut problem = |message: String| {
            out.push(Problem {
                location: place(entities, i),
                message,
            })
        };
        if let Some(m) = id_problem(&e.id) {
            problem(m);
        }
        match ids.get(e.id.as_str()) {
            Some(first) => problem(format!(
                "duplicate id (first used by entity #{})",
                first + 1
            )),
            None => {
                ids.insert(&e.id, i);
            }
        }
        if e.name.trim().is_empty() {
            problem("blank name".into());
            continue;
        }
        let key = NameKey::of(&e.name);
        match names.get(&key) {
            Some(&j) => problem(format!(
                "name {:?} is the same name as {:?} of {}",
                e.name,
                entities[j].name,
                place(entities, j)
            )),
            None => {
                names.insert(key, i);
            }
        }
    }
    names
}

/// Aliases: not blank, not another entity's name, not another entity's alias (by key).
fn alias_problems(
    entities: &[CanonicalEntity],
    names: &HashMap<NameKey, usize>,
    out: &mut Vec<Problem>,
) {
    let mut aliases: HashMap<NameKey, (usize, &str)> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        for alias in &e.aliases {
            let mut problem = |message: String| {
                out.push(Problem {
                    location: place(entities, i),
                    message,
                })
            };
            if alias.trim().is_empty() {
                problem("blank alias".into());
                continue;
            }
            let key = NameKey::of(alias);
            if let Some(&j) = names.get(&key).filter(|&&j| j != i) {
                problem(format!(
                    "alias {alias:?} is the name {:?} of {}",
                    entities[j].name,
                    place(entities, j)
                ));
            }
            match aliases.get(&key) {
                Some(&(j, other)) if j != i => problem(format!(
                    "alias {alias:?} is also an alias ({other:?}) of {}",
                    place(entities, j)
                )),
                Some(_) => {}
                None => {
                    aliases.insert(key, (i, alias));
                }
            }
        }
    }
}

/// What is wrong with a registry id, if anything.
fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("empty id".into());
    }
    id.chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map(|c| format!("id {id:?} has {c:?}; ids are letters, digits, '-', '_' and '.'"))
}

#[cfg(test)]
mod tests;
