//! Who a frame's source or target is, across the documents of a corpus.
//!
//! A participant is [`Who::Registered`] when its entity link is a registry link (the file's copy
//! has a registry id and one of that entry's names, see [`Registry::links`]). Otherwise it is
//! [`Who::Unlinked`] under the [`NameKey`] of its best name: the per-file entity's name when it
//! links one, else the text of its span. So "Iran's foreign ministry" in one document and
//! "the Foreign Ministry of Iran" in another meet as one unlinked node, and a project without a
//! registry still groups its per-file entities by name.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};

use crate::model::{AnnotationSet, CanonicalEntity, Entity, NameKey, Participant, Quote, Registry};

/// The prefix of the node ids of unlinked names (registry ids never contain `:`).
pub const UNLINKED_PREFIX: &str = "unlinked:";

/// The id of a node of the corpus views: a registry id, or `unlinked:` and the name key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(String);

impl NodeId {
    pub fn entity(id: &str) -> NodeId {
        NodeId(id.to_owned())
    }

    pub fn unlinked(key: &NameKey) -> NodeId {
        NodeId(format!("{UNLINKED_PREFIX}{key}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a registry entity's node.
    pub fn is_linked(&self) -> bool {
        !self.0.starts_with(UNLINKED_PREFIX)
    }
}

impl std::fmt::Display for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for NodeId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A resolved source or target.
#[derive(Debug, Clone, PartialEq)]
pub enum Who<'a> {
    Registered(&'a CanonicalEntity),
    Unlinked {
        key: NameKey,
        /// The name as written (the per-file entity's name or the span's text).
        text: Cow<'a, str>,
        /// The per-file entity's kind, when there is one.
        kind: Option<&'a str>,
    },
}

impl Who<'_> {
    pub fn node_id(&self) -> NodeId {
        match self {
            Who::Registered(e) => NodeId::entity(&e.id),
            Who::Unlinked { key, .. } => NodeId::unlinked(key),
        }
    }
}

/// The name a participant's span stands for: its fragments' texts joined by a space (a name
/// split by an inserted phrase still keys as one name).
pub fn quote_text(q: &Quote) -> Cow<'_, str> {
    q.joined_text(" ")
}

/// Resolves participants, remembering the keys of the names it has seen (a corpus repeats its
/// names thousands of times). [`Resolver::node`] also numbers the nodes it meets, so that a
/// corpus view can count by number instead of by id.
#[derive(Debug)]
pub struct Resolver<'a> {
    registry: Option<&'a Registry>,
    keys: HashMap<String, NameKey>,
    /// (entity id, copy name) of a file → node number.
    by_copy: FxHashMap<(&'a str, &'a str), usize>,
    /// Span text (or an id no file or registry defines) → node number.
    by_text: FxHashMap<Cow<'a, str>, usize>,
    by_id: HashMap<NodeId, usize>,
    /// The nodes met, by number: their id and who they are (as first met).
    nodes: Vec<(NodeId, Who<'a>)>,
    /// The entity copies of the set last asked about, by id (frames of one set come together).
    copies_of: Option<&'a AnnotationSet>,
    copies: FxHashMap<&'a str, &'a Entity>,
}

/// A participant resolved to a numbered node ([`Resolver::node`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRef<'a> {
    pub node: usize,
    /// The name as written, for an unlinked node.
    pub spelling: Option<Cow<'a, str>>,
}

impl<'a> Resolver<'a> {
    pub fn new(registry: Option<&'a Registry>) -> Self {
        Resolver {
            registry,
            keys: HashMap::new(),
            by_copy: FxHashMap::default(),
            by_text: FxHashMap::default(),
            by_id: HashMap::new(),
            nodes: Vec::new(),
            copies_of: None,
            copies: FxHashMap::default(),
        }
    }

    /// `set.entity(id)`, by a table of the set's copies kept while frames of the same set come.
    fn copy(&mut self, set: &'a AnnotationSet, id: &str) -> Option<&'a Entity> {
        if !self.copies_of.is_some_and(|s| std::ptr::eq(s, set)) {
            self.copies.clear();
            for e in &set.entities {
                // The first of duplicate ids answers, as `AnnotationSet::entity` does.
                self.copies.entry(e.id.as_str()).or_insert(e);
            }
            self.copies_of = Some(set);
        }
        self.copies.get(id).copied()
    }

    /// The nodes numbered so far: `(id, who)` by number.
    pub fn nodes(&self) -> &[(NodeId, Who<'a>)] {
        &self.nodes
    }

    /// The numbered node of `p` (see [`Resolver::who`]); `None` for an empty participant.
    pub fn node(&mut self, p: &'a Participant, set: &'a AnnotationSet) -> Option<NodeRef<'a>> {
        let copy = p.entity.as_deref().and_then(|id| self.copy(set, id));
        if let Some(copy) = copy {
            let key = (copy.id.as_str(), copy.name.as_str());
            let node = match self.by_copy.get(&key) {
                Some(&n) => n,
                None => {
                    let who = self.who(p, set)?;
                    let n = self.number(who);
                    self.by_copy.insert(key, n);
                    n
                }
            };
            let spelling = (!self.nodes[node].0.is_linked()).then_some(Cow::Borrowed(key.1));
            return Some(NodeRef { node, spelling });
        }
        let who = match (&p.entity, &p.span) {
            (Some(id), _) if self.registry.and_then(|r| r.get(id)).is_some() => self.who(p, set)?,
            (_, Some(q)) => {
                let text = quote_text(q);
                if let Some(&node) = self.by_text.get(&text) {
                    return Some(NodeRef {
                        node,
                        spelling: Some(text),
                    });
                }
                let who = self.who(p, set)?;
                let n = self.number(who);
                self.by_text.insert(text.clone(), n);
                return Some(NodeRef {
                    node: n,
                    spelling: Some(text),
                });
            }
            _ => self.who(p, set)?,
        };
        let spelling = match &who {
            Who::Unlinked { text, .. } => Some(text.clone()),
            Who::Registered(_) => None,
        };
        Some(NodeRef {
            node: self.number(who),
            spelling,
        })
    }

    /// The number of `who`'s node, numbering it when new.
    fn number(&mut self, who: Who<'a>) -> usize {
        let id = who.node_id();
        if let Some(&n) = self.by_id.get(&id) {
            return n;
        }
        let n = self.nodes.len();
        self.by_id.insert(id.clone(), n);
        self.nodes.push((id, who));
        n
    }

    /// The key of `name`, computed once per distinct name.
    pub fn key(&mut self, name: &str) -> NameKey {
        if let Some(k) = self.keys.get(name) {
            return k.clone();
        }
        let k = NameKey::of(name);
        self.keys.insert(name.to_owned(), k.clone());
        k
    }

    /// Who `p` (a source or target of a frame of `set`) is; `None` for an empty participant.
    pub fn who(&mut self, p: &'a Participant, set: &'a AnnotationSet) -> Option<Who<'a>> {
        if let Some(id) = &p.entity {
            match set.entity(id) {
                Some(copy) => {
                    let key = self.key(&copy.name);
                    if let Some(e) = self.linked(id, &key) {
                        return Some(Who::Registered(e));
                    }
                    return Some(Who::Unlinked {
                        key,
                        text: Cow::Borrowed(&copy.name),
                        kind: Some(&copy.kind),
                    });
                }
                // A link the file does not define: a registry id still counts as that entity.
                None => {
                    if let Some(e) = self.registry.and_then(|r| r.get(id)) {
                        return Some(Who::Registered(e));
                    }
                    if p.span.is_none() {
                        return Some(Who::Unlinked {
                            key: self.key(id),
                            text: Cow::Borrowed(id),
                            kind: None,
                        });
                    }
                }
            }
        }
        let q = p.span.as_ref()?;
        let text = quote_text(q);
        Some(Who::Unlinked {
            key: self.key(&text),
            text,
            kind: None,
        })
    }

    /// The registry entity `id` when `key` is one of its names.
    fn linked(&self, id: &str, key: &NameKey) -> Option<&'a CanonicalEntity> {
        let r = self.registry?;
        let e = r.get(id)?;
        (r.by_key(key).map(|x| x.id.as_str()) == Some(id)).then_some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Schema, Span};

    #[test]
    fn registered_unlinked_and_by_span() {
        let registry = Registry::new(vec![CanonicalEntity::new(
            "iran-fm",
            "Iran's Foreign Ministry",
            "government",
        )
        .with_aliases(["Foreign Ministry of Iran"])])
        .unwrap();
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        set.entities = vec![
            Entity::new("iran-fm", "Foreign Ministry of Iran", "government"),
            Entity::new("e1", "Iran's foreign ministry", "government"),
            Entity::new("e2", "Israel", "government"),
        ];
        let linked = Participant {
            span: None,
            entity: Some("iran-fm".into()),
        };
        let local = Participant {
            span: None,
            entity: Some("e1".into()),
        };
        let span_only = Participant {
            span: Some(Quote::new(Span::new(0, 24), "the Iranian Foreign Ministry")),
            entity: None,
        };
        let dangling = Participant {
            span: None,
            entity: Some("e9".into()),
        };
        let mut r = Resolver::new(Some(&registry));
        assert_eq!(r.who(&linked, &set).unwrap().node_id().as_str(), "iran-fm");
        assert_eq!(
            r.who(&local, &set).unwrap().node_id().as_str(),
            "unlinked:iran foreign ministry"
        );
        assert_eq!(
            r.who(&span_only, &set).unwrap().node_id().as_str(),
            "unlinked:iranian foreign ministry"
        );
        assert_eq!(
            r.who(&dangling, &set).unwrap().node_id().as_str(),
            "unlinked:e9"
        );
        assert_eq!(r.who(&Participant::default(), &set), None);
        // Without a registry, the registry-shaped id is just a per-file entity.
        let mut r = Resolver::new(None);
        assert_eq!(
            r.who(&linked, &set).unwrap().node_id().as_str(),
            "unlinked:iran foreign ministry"
        );
    }
}
