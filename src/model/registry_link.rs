//! Linking a frame's source or target to a registry entity from the workbench, and finding
//! the registry entities a typed name may mean.
//!
//! [`search`] ranks the registry's entities for what is typed in the entity field: by their
//! name and every alias, exact and partial matches first, then fuzzy ones (Jaro-Winkler on the
//! lower-cased text, or [`NameKey::similarity`] on the keys), the best name per entity.
//!
//! [`plan_link`] turns "link this role to that registry entity (or to a new one)" into the
//! registry after the change and one [`Transaction`] on the annotation file, as
//! `entities --adopt` would leave it: the frame links the registry id, and the file keeps a
//! copy of the entity (`{"id", "name", "kind"}` of the registry entry). When the role's span
//! text is not yet a name or alias of the entity, it becomes an alias. Nothing is written
//! here; the caller writes the registry first (guarded) and then applies the transaction.

use super::{
    AnnotationSet, CanonicalEntity, Frame, NameKey, Op, Registry, RegistryError, SpanRole,
    Transaction,
};

/// Fuzzy matches below this score are not offered.
pub const OFFER_AT: f64 = 0.8;

/// One registry entity offered for a typed name.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryMatch {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The alias that matched best, when it was an alias and not the name.
    pub alias: Option<String>,
    /// 3 exact, 2 prefix, 1.5 contained, else the fuzzy score in [`OFFER_AT`], 1].
    pub score: f64,
}

/// How well `query` (lower-cased, trimmed, not empty) matches one name.
fn score(query: &str, query_key: &NameKey, name: &str) -> f64 {
    let lower = name.to_lowercase();
    if lower == query || NameKey::of(name) == *query_key {
        3.0
    } else if lower.starts_with(query) {
        2.0
    } else if lower.contains(query) {
        1.5
    } else {
        strsim::jaro_winkler(query, &lower).max(query_key.similarity(&NameKey::of(name)))
    }
}

/// The registry entities matching `query`, best first (ties by name), at most `limit`.
pub fn search(registry: &Registry, query: &str, limit: usize) -> Vec<RegistryMatch> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let key = NameKey::of(&q);
    let mut out: Vec<RegistryMatch> = registry
        .entities()
        .iter()
        .filter_map(|e| {
            let mut best = (score(&q, &key, &e.name), None);
            for a in &e.aliases {
                let s = score(&q, &key, a);
                if s > best.0 {
                    best = (s, Some(a.clone()));
                }
            }
            (best.0 >= OFFER_AT).then(|| RegistryMatch {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.clone(),
                alias: best.1,
                score: best.0,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.name.cmp(&b.name))
    });
    out.truncate(limit);
    out
}

/// The registry entity to link.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// An entity of the registry, by id.
    Existing(String),
    /// A new registry entity with this name and kind (its id made by [`Registry::fresh_id`]).
    New { name: String, kind: String },
}

/// What linking does: the registry after it (`None`: unchanged) and the file's transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkPlan {
    pub registry: Option<Registry>,
    pub transaction: Transaction,
    /// The registry id linked.
    pub entity: String,
    /// Set when a new registry entity was made.
    pub created: bool,
    /// The surface form added as an alias.
    pub alias_added: Option<String>,
    /// Why the span text was not added as an alias (it names another entity).
    pub alias_refused: Option<String>,
}

/// Why a link cannot be made (nothing changes).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("no frame {0:?} in the file")]
    NoFrame(String),
    #[error("a new entity needs a name")]
    BlankName,
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error(
        "the file has its own entity {id:?} (“{name}”), which is not the registry's entity of \
         that id; run `stancemark entities DIR --adopt` first"
    )]
    IdClash { id: String, name: String },
}

/// The words of a role's span: its fragments' texts, trimmed, joined by a space.
fn surface(f: &Frame, role: SpanRole) -> Option<String> {
    let p = match role {
        SpanRole::Source => f.source.as_ref(),
        _ => f.target.as_ref(),
    }?;
    let words: Vec<&str> = p
        .span
        .as_ref()?
        .fragments()
        .iter()
        .map(|g| g.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Plans linking the `role` (source or target) of frame `frame_id` in `set` to `target`.
pub fn plan_link(
    set: &AnnotationSet,
    registry: &Registry,
    frame_id: &str,
    role: SpanRole,
    target: &LinkTarget,
) -> Result<LinkPlan, LinkError> {
    let f = set
        .frame(frame_id)
        .ok_or_else(|| LinkError::NoFrame(frame_id.into()))?;
    let mut reg = registry.clone();
    let (id, created) = match target {
        LinkTarget::Existing(id) => {
            reg.get(id)
                .ok_or_else(|| RegistryError::Unknown(id.clone()))?;
            (id.clone(), false)
        }
        LinkTarget::New { name, kind } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(LinkError::BlankName);
            }
            let id = reg.fresh_id(name);
            reg.insert(CanonicalEntity::new(id.clone(), name, kind.clone()))?;
            (id, true)
        }
    };
    let (mut alias_added, mut alias_refused) = (None, None);
    if let Some(s) = surface(f, role) {
        // Invariant: `id` is in `reg` (checked or inserted above).
        let named = reg.get(&id).is_some_and(|e| e.is_named(&s));
        if !named {
            match reg.add_alias(&id, &s) {
                Ok(_) => alias_added = Some(s),
                Err(e) => alias_refused = Some(e.to_string()),
            }
        }
    }
    let canon = reg
        .get(&id)
        .ok_or_else(|| RegistryError::Unknown(id.clone()))?;
    let mut tx = Transaction::new(format!(
        "link {} of {} to {}",
        role.name(),
        f.id,
        canon.name
    ));
    let copy = canon.file_copy();
    match set.entity(&id) {
        None => tx = tx.with(Op::AddEntity(copy)),
        Some(old) if old.name == copy.name && old.kind == copy.kind => {}
        Some(old) if registry.links(old).is_some() => {
            let new = crate::model::Entity {
                extra: old.extra.clone(),
                ..copy
            };
            tx = tx.with(Op::UpdateEntity {
                old: old.clone(),
                new,
            });
        }
        Some(old) => {
            return Err(LinkError::IdClash {
                id,
                name: old.name.clone(),
            })
        }
    }
    let mut new = f.clone();
    let p = match role {
        SpanRole::Source => &mut new.source,
        _ => &mut new.target,
    };
    p.get_or_insert_with(Default::default).entity = Some(id.clone());
    if new != *f {
        tx = tx.with(Op::UpdateFrame {
            old: f.clone(),
            new,
        });
    }
    let changed = reg != *registry;
    Ok(LinkPlan {
        registry: changed.then_some(reg),
        transaction: tx,
        entity: id,
        created,
        alias_added,
        alias_refused,
    })
}

#[cfg(test)]
mod tests;
