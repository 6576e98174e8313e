//! The three-way merge of a list of items with ids (frames, entities).
//!
//! Items are matched across base, ours and theirs by id. Items that both sides created (ids not
//! in base) are matched by what they are about — a frame's claim, an entity's name — so that the
//! same frame created twice under different ids is merged, and two different frames that both
//! sides happened to call `f7` stay two frames: theirs is renamed to a fresh id. That holds for
//! the ids stancemark numbers itself (`f7`, `e3`: the next free number, which two people pick
//! alike); any other id names one thing on both sides (a registry entity's `iran-fm`, an
//! imported frame's id), so items under it are the same item, however they differ. Renames
//! are always of theirs' items, so ours' ids never change.
//!
//! Each id then has up to three versions, and [`pick`] applies the usual three-way rule: the
//! same on both sides → that; changed on one side only → that side; changed differently on
//! both (a deletion counts as a change) → a conflict, which keeps every version.

use std::hash::Hash;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{Entity, Frame, Quote};

use super::MergeError;

/// What the keyed merge needs to know about an item.
pub(super) trait Item: Clone + PartialEq + Serialize {
    /// What makes two items created on both sides the same item.
    type Key: Hash + Eq;
    /// The letter of fresh ids (`f12`, `e3`).
    const PREFIX: char;
    /// `frame` or `entity`, for messages.
    const NAME: &'static str;
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
    fn key(&self) -> &Self::Key;
    fn extra_mut(&mut self) -> &mut Map<String, Value>;
}

impl Item for Frame {
    type Key = Quote;
    const PREFIX: char = 'f';
    const NAME: &'static str = "frame";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn key(&self) -> &Quote {
        &self.claim
    }
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

impl Item for Entity {
    type Key = String;
    const PREFIX: char = 'e';
    const NAME: &'static str = "entity";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn key(&self) -> &String {
        &self.name
    }
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

/// Theirs' id → the id its item has in the result.
pub(super) type Renames = std::collections::HashMap<String, String>;

/// One side's items (borrowed; theirs' renamed items may live elsewhere) with an index by id.
pub(super) struct List<'a, T> {
    pub items: Vec<&'a T>,
    index: HashMap<&'a str, usize>,
}

impl<'a, T: Item> List<'a, T> {
    /// Indexes `items`; refuses a list with an id twice (a corrupt input).
    pub fn new(items: Vec<&'a T>, side: &str) -> Result<Self, MergeError> {
        let mut index = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if index.insert(item.id(), i).is_some() {
                return Err(MergeError::Invalid(format!(
                    "{side}: {} id {:?} appears twice",
                    T::NAME,
                    item.id()
                )));
            }
        }
        Ok(List { items, index })
    }

    pub fn get(&self, id: &str) -> Option<&'a T> {
        self.index.get(id).map(|&i| self.items[i])
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }
}

/// The renames of theirs' items that both sides created: matched to ours' item of the same key
/// (one with the same id first, then one equal apart from its id, then the first in order), or,
/// unmatched but with an id that ours already uses, given a fresh id.
pub(super) fn renames_for_theirs<T: Item>(
    base: &List<T>,
    ours: &List<T>,
    theirs: &List<T>,
) -> Renames {
    let ours_added: Vec<&T> = ours
        .items
        .iter()
        .copied()
        .filter(|o| !base.contains(o.id()))
        .collect();
    let theirs_added: Vec<&T> = theirs
        .items
        .iter()
        .copied()
        .filter(|t| !base.contains(t.id()))
        .collect();
    let mut renames = Renames::new();
    if theirs_added.is_empty() {
        return renames;
    }
    let mut matched_theirs = vec![false; theirs_added.len()];
    let mut matched_ours: HashSet<&str> = HashSet::new();
    let mut by_key: HashMap<&T::Key, Vec<usize>> = HashMap::new();
    for (i, t) in theirs_added.iter().enumerate() {
        by_key.entry(t.key()).or_default().push(i);
    }
    // Same id and key, or an id that is not a number we give out: the same item.
    for (i, t) in theirs_added.iter().enumerate() {
        if ours
            .get(t.id())
            .is_some_and(|o| o.key() == t.key() || !numbered::<T>(t.id()))
        {
            matched_theirs[i] = true;
            matched_ours.insert(t.id());
        }
    }
    // Same key, other id: first items equal apart from their ids, then the rest in order (so
    // that swapping the sides pairs the same items).
    for equal_only in [true, false] {
        for o in &ours_added {
            if matched_ours.contains(o.id()) {
                continue;
            }
            let Some(candidates) = by_key.get(o.key()) else {
                continue;
            };
            let Some(chosen) = candidates.iter().copied().find(|&i| {
                !matched_theirs[i] && (!equal_only || equal_but_id(*o, theirs_added[i]))
            }) else {
                continue;
            };
            matched_theirs[chosen] = true;
            matched_ours.insert(o.id());
            let t = theirs_added[chosen];
            if t.id() != o.id() {
                renames.insert(t.id().to_owned(), o.id().to_owned());
            }
        }
    }
    // Unmatched items whose id is taken get a fresh one.
    let mut next = 1 + [&base.items, &ours.items, &theirs.items]
        .into_iter()
        .flatten()
        .filter_map(|x| x.id().strip_prefix(T::PREFIX)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    for (i, t) in theirs_added.iter().enumerate() {
        if !matched_theirs[i] && ours.contains(t.id()) {
            renames.insert(t.id().to_owned(), format!("{}{next}", T::PREFIX));
            next += 1;
        }
    }
    renames
}

/// True for the ids stancemark gives out itself: the item's letter and a number (`f12`).
fn numbered<T: Item>(id: &str) -> bool {
    id.strip_prefix(T::PREFIX)
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn equal_but_id<T: Item>(a: &T, b: &T) -> bool {
    let mut b = b.clone();
    b.set_id(a.id().to_owned());
    *a == b
}

/// The versions of one id.
#[derive(Debug, Clone, Copy)]
pub(super) struct Versions<'a, T> {
    pub base: Option<&'a T>,
    pub ours: Option<&'a T>,
    pub theirs: Option<&'a T>,
}

/// Which version the result takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pick {
    /// Ours (the same as theirs, or only ours changed it).
    Ours,
    /// Theirs changed it and ours did not.
    Theirs,
    /// Gone from the result (deleted on one side and unchanged on the other, or on both).
    Gone,
    /// Changed differently on both sides: every version is kept.
    Conflict,
}

impl<T: PartialEq> Versions<'_, T> {
    /// The three-way rule.
    pub fn pick(&self) -> Pick {
        let on = |v: Option<&T>, side| if v.is_some() { side } else { Pick::Gone };
        if self.ours == self.theirs {
            on(self.ours, Pick::Ours)
        } else if self.base == self.ours {
            on(self.theirs, Pick::Theirs)
        } else if self.base == self.theirs {
            on(self.ours, Pick::Ours)
        } else {
            Pick::Conflict
        }
    }
}

impl<T: Item> Versions<'_, T> {
    /// The item of `pick` in the result (`None` for [`Pick::Gone`]). A conflict's body is ours,
    /// or theirs when ours does not have it (or base when neither has: an item kept because
    /// the result still refers to it), marked with every version.
    pub fn resolve(&self, pick: Pick) -> Option<T> {
        match pick {
            Pick::Ours => self.ours.cloned(),
            Pick::Theirs => self.theirs.cloned(),
            Pick::Gone => None,
            Pick::Conflict => {
                let mut body = self.ours.or(self.theirs).or(self.base)?.clone();
                let conflict = crate::model::Conflict {
                    base: self.base.cloned(),
                    ours: self.ours.cloned(),
                    theirs: self.theirs.cloned(),
                };
                crate::model::conflict::mark(body.extra_mut(), &conflict);
                Some(body)
            }
        }
    }
}

/// Every id of the three lists (theirs already renamed) with its versions, in a deterministic
/// order: ours' order, then theirs' new ids, then base's ids that both sides deleted.
pub(super) fn versions<'a, T: Item>(
    base: &List<'a, T>,
    ours: &List<'a, T>,
    theirs: &List<'a, T>,
) -> Vec<(&'a str, Versions<'a, T>)> {
    let mut out = Vec::with_capacity(ours.items.len().max(theirs.items.len()) + 8);
    for &o in &ours.items {
        let id = o.id();
        out.push((
            id,
            Versions {
                base: base.get(id),
                ours: Some(o),
                theirs: theirs.get(id),
            },
        ));
    }
    for &t in &theirs.items {
        let id = t.id();
        if !ours.contains(id) {
            out.push((
                id,
                Versions {
                    base: base.get(id),
                    ours: None,
                    theirs: Some(t),
                },
            ));
        }
    }
    for &b in &base.items {
        let id = b.id();
        if !ours.contains(id) && !theirs.contains(id) {
            out.push((
                id,
                Versions {
                    base: Some(b),
                    ours: None,
                    theirs: None,
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn f(id: &str, start: usize, stance: &str) -> Frame {
        Frame::new(id, Quote::new(Span::new(start, start + 1), "x"), stance)
    }

    fn list<'a>(items: &'a [Frame], side: &str) -> List<'a, Frame> {
        List::new(items.iter().collect(), side).unwrap()
    }

    fn renames(base: &[Frame], ours: &[Frame], theirs: &[Frame]) -> Vec<(String, String)> {
        let (b, o, t) = (
            list(base, "base"),
            list(ours, "ours"),
            list(theirs, "theirs"),
        );
        let mut r: Vec<_> = renames_for_theirs(&b, &o, &t).into_iter().collect();
        r.sort();
        r
    }

    #[test]
    fn both_sides_created_items_are_matched_by_claim_then_renamed() {
        let base = [f("f1", 0, "warning")];
        // Both created an f2, at different claims: two frames, theirs' renamed past the
        // largest id in use (f9). Both created the frame at 7: as f3 (ours) and f9 (theirs).
        let ours = [
            f("f1", 0, "warning"),
            f("f2", 5, "denial"),
            f("f3", 7, "threat"),
        ];
        let theirs = [
            f("f1", 0, "warning"),
            f("f2", 6, "report"),
            f("f9", 7, "threat"),
        ];
        assert_eq!(
            renames(&base, &ours, &theirs),
            vec![
                ("f2".to_owned(), "f10".to_owned()),
                ("f9".to_owned(), "f3".to_owned())
            ]
        );
    }

    #[test]
    fn an_id_that_is_not_numbered_names_one_item() {
        // A frame id from an import: the same frame on both sides, even at another claim.
        let ours = [f("T3", 5, "denial")];
        let theirs = [f("T3", 6, "denial"), f("f2", 9, "report")];
        assert_eq!(renames(&[], &ours, &theirs), vec![]);
        assert!(numbered::<Frame>("f12") && !numbered::<Frame>("f") && !numbered::<Frame>("f1a"));
        assert!(!numbered::<Entity>("iran-fm") && numbered::<Entity>("e3"));
    }

    #[test]
    fn an_equal_item_is_preferred_among_same_claims() {
        let ours = [f("a1", 3, "denial")];
        let theirs = [f("b1", 3, "warning"), f("b2", 3, "denial")];
        assert_eq!(
            renames(&[], &ours, &theirs),
            vec![("b2".to_owned(), "a1".to_owned())]
        );
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let items = [f("f1", 0, "a"), f("f1", 2, "b")];
        let e = List::new(items.iter().collect(), "theirs").err().unwrap();
        assert_eq!(e.to_string(), "theirs: frame id \"f1\" appears twice");
    }

    #[test]
    fn the_three_way_rule() {
        let (a, b, c) = (f("f1", 0, "a"), f("f1", 0, "b"), f("f1", 0, "c"));
        let v = |base, ours, theirs| Versions { base, ours, theirs }.pick();
        assert_eq!(v(Some(&a), Some(&a), Some(&b)), Pick::Theirs);
        assert_eq!(v(Some(&a), Some(&b), Some(&a)), Pick::Ours);
        assert_eq!(v(Some(&a), Some(&b), Some(&b)), Pick::Ours);
        assert_eq!(v(Some(&a), Some(&b), Some(&c)), Pick::Conflict);
        assert_eq!(v(Some(&a), None, Some(&a)), Pick::Gone);
        assert_eq!(v(Some(&a), Some(&a), None), Pick::Gone);
        assert_eq!(v(Some(&a), None, Some(&b)), Pick::Conflict);
        assert_eq!(v(Some(&a), None, None), Pick::Gone);
        assert_eq!(v(None, None, Some(&c)), Pick::Theirs);
        assert_eq!(v(None, Some(&b), Some(&c)), Pick::Conflict);
    }
}
