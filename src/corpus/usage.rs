//! Who is used how often: the data of `stancemark entities`.
//!
//! [`usage`] counts, for every registry entity, the frames that have it as source and as
//! target, per annotator and in gold. Sources and targets that are not registry links are
//! grouped by [`NameKey`] (per role), each group with its spellings and proposals: link it to a
//! registry entity whose name or alias has the same key or a near one, or merge it with another
//! group whose key is near ([`crate::model::name_key::NEAR_MATCH`]). Lists are sorted: entities
//! by id; groups by role, most frames first, then key; proposals best first.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::who::{Resolver, Who};
use super::{Corpus, Counts, Tally, GOLD};
use crate::model::name_key::NEAR_MATCH;
use crate::model::{NameKey, Registry, SpanRole};

/// How many proposals of each sort a group gets at most.
pub const MAX_PROPOSALS: usize = 3;

/// One registry entity and its frames.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityUsage {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub as_source: Counts,
    pub as_target: Counts,
}

/// One way an unlinked name is written, with its frames.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spelling {
    pub text: String,
    pub count: Counts,
}

/// What to do with an unlinked group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Proposal {
    /// Link it to this registry entity (similarity 1: same key as its name or an alias).
    Link {
        entity: String,
        name: String,
        similarity: f64,
    },
    /// Merge it with the unlinked group of the same role under `key`.
    Merge { key: NameKey, similarity: f64 },
}

/// Unlinked sources (or targets) with one [`NameKey`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnlinkedGroup {
    /// `source` or `target`.
    pub role: &'static str,
    pub key: NameKey,
    /// Most frames first, then by text.
    pub spellings: Vec<Spelling>,
    pub count: Counts,
    pub proposals: Vec<Proposal>,
}

/// The result of [`usage`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageReport {
    /// The columns of the per-annotator counts: annotators, then [`GOLD`] if any gold exists.
    pub annotators: Vec<String>,
    pub entities: Vec<EntityUsage>,
    pub unlinked: Vec<UnlinkedGroup>,
}

#[derive(Default)]
struct GroupAcc {
    spellings: BTreeMap<String, Tally>,
    count: Tally,
}

/// Counts every entity and groups every unlinked name of `corpus` (see the module docs).
pub fn usage(corpus: &Corpus, registry: Option<&Registry>) -> UsageReport {
    let mut columns = corpus.annotators();
    if corpus.has_gold() {
        columns.push(GOLD.to_owned());
    }
    let slot: HashMap<String, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, a)| (a.clone(), i))
        .collect();
    let mut resolver = Resolver::new(registry);
    let mut linked: HashMap<&str, [Tally; 2]> = HashMap::new();
    let mut groups: BTreeMap<(SpanRole, NameKey), GroupAcc> = BTreeMap::new();
    for doc in &corpus.documents {
        let sets = doc
            .annotations
            .iter()
            .map(|s| (slot[&s.annotator], s))
            .chain(doc.gold.iter().map(|g| (slot[GOLD], g)));
        for (col, set) in sets {
            for f in set.frames() {
                for (role, p) in [(SpanRole::Source, &f.source), (SpanRole::Target, &f.target)] {
                    let Some(who) = p.as_ref().and_then(|p| resolver.who(p, set)) else {
                        continue;
                    };
                    let i = usize::from(role == SpanRole::Target);
                    match who {
                        Who::Registered(e) => linked.entry(&e.id).or_default()[i].add(col),
                        Who::Unlinked { key, text, .. } => {
                            let g = groups.entry((role, key)).or_default();
                            g.count.add(col);
                            g.spellings.entry(text.into_owned()).or_default().add(col);
                        }
                    }
                }
            }
        }
    }
    let entities = registry
        .map(|r| r.entities())
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let t = linked.remove(e.id.as_str()).unwrap_or_default();
            EntityUsage {
                id: e.id.clone(),
                name: e.name.clone(),
                kind: e.kind.clone(),
                aliases: e.aliases.clone(),
                as_source: t[0].counts(&columns),
                as_target: t[1].counts(&columns),
            }
        })
        .collect();
    let unlinked = finish_groups(groups, registry, &columns);
    UsageReport {
        annotators: columns,
        entities,
        unlinked,
    }
}

fn finish_groups(
    groups: BTreeMap<(SpanRole, NameKey), GroupAcc>,
    registry: Option<&Registry>,
    columns: &[String],
) -> Vec<UnlinkedGroup> {
    let keys: Vec<(SpanRole, &NameKey)> = groups.keys().map(|(r, k)| (*r, k)).collect();
    let mut out: Vec<UnlinkedGroup> = groups
        .iter()
        .map(|((role, key), acc)| {
            let mut spellings: Vec<Spelling> = acc
                .spellings
                .iter()
                .map(|(text, t)| Spelling {
                    text: text.clone(),
                    count: t.counts(columns),
                })
                .collect();
            spellings.sort_by(|a, b| {
                b.count
                    .total
                    .cmp(&a.count.total)
                    .then_with(|| a.text.cmp(&b.text))
            });
            let mut proposals = registry.map_or_else(Vec::new, |r| link_proposals(key, r));
            proposals.extend(merge_proposals(*role, key, &keys));
            UnlinkedGroup {
                role: role.name(),
                key: key.clone(),
                spellings,
                count: acc.count.counts(columns),
                proposals,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.role != "source")
            .cmp(&(b.role != "source"))
            .then(b.count.total.cmp(&a.count.total))
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

/// Registry entities whose name or an alias is the same or a near key, best first.
fn link_proposals(key: &NameKey, registry: &Registry) -> Vec<Proposal> {
    if let Some(e) = registry.by_key(key) {
        return vec![Proposal::Link {
            entity: e.id.clone(),
            name: e.name.clone(),
            similarity: 1.0,
        }];
    }
    let mut found: Vec<(f64, &str, &str)> = registry
        .entities()
        .iter()
        .filter_map(|e| {
            let best = e
                .keys()
                .filter(|k| k.may_reach(key, NEAR_MATCH))
                .map(|k| k.similarity(key))
                .fold(0.0, f64::max);
            (best >= NEAR_MATCH).then_some((best, e.id.as_str(), e.name.as_str()))
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    found
        .into_iter()
        .take(MAX_PROPOSALS)
        .map(|(similarity, id, name)| Proposal::Link {
            entity: id.to_owned(),
            name: name.to_owned(),
            similarity,
        })
        .collect()
}

/// Other groups of the same role with a near key, best first.
fn merge_proposals(role: SpanRole, key: &NameKey, keys: &[(SpanRole, &NameKey)]) -> Vec<Proposal> {
    let mut found: Vec<(f64, &NameKey)> = keys
        .iter()
        .filter(|(r, k)| *r == role && *k != key && k.may_reach(key, NEAR_MATCH))
        .map(|(_, k)| (k.similarity(key), *k))
        .filter(|(s, _)| *s >= NEAR_MATCH)
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    found
        .into_iter()
        .take(MAX_PROPOSALS)
        .map(|(similarity, k)| Proposal::Merge {
            key: k.clone(),
            similarity,
        })
        .collect()
}
