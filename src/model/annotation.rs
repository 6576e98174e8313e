//! One annotator's annotations of one document.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::frame::id_order;
use super::suggestion::{PendingSuggestion, Rejection};
use super::{Entity, Frame, SchemaRef, TimeSpent};

/// Progress of one annotator on one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Todo, Status::InProgress, Status::Done];

    pub fn name(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in progress",
            Status::Done => "done",
        }
    }
}

/// The frames and entities of one annotator on one document.
///
/// Invariant kept by every method here and by [`crate::model::Op`]: `frames` is sorted by
/// [`frame_order`] (claim extent start, end, id), so that saves are deterministic and lookups by
/// position can use binary search. Ids are not checked here; [`crate::model::validate()`] does.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotationSet {
    pub document_id: String,
    pub annotator: String,
    pub schema: SchemaRef,
    pub status: Status,
    /// RFC 3339 timestamps, set by whoever saves (the model has no clock).
    pub created: Option<String>,
    pub modified: Option<String>,
    /// Active annotation time per person (see [`crate::model::time_spent`]).
    pub time_spent: TimeSpent,
    pub entities: Vec<Entity>,
    frames: Vec<Frame>,
    /// The numbers of the frame ids, kept with `frames`.
    frame_numbers: IdNumbers,
    /// Pending suggestions, in text order (by claim extent, then id); not annotations (see
    /// [`crate::model::suggestion`]). Changed through `Op`s like frames.
    suggestions: Vec<PendingSuggestion>,
    /// Suggestions the annotator rejected, in the order they were rejected.
    rejected_suggestions: Vec<Rejection>,
    /// Unknown top-level fields of the file this set came from, kept on a round trip.
    pub extra: Map<String, Value>,
}

/// The canonical order of frames: by the claim's extent (start, end), then id (natural order).
pub fn frame_order(a: &Frame, b: &Frame) -> std::cmp::Ordering {
    let (x, y) = (a.claim.extent(), b.claim.extent());
    (x.start, x.end)
        .cmp(&(y.start, y.end))
        .then_with(|| id_order(&a.id, &b.id))
}

/// The order of pending suggestions: by the claim's extent, then id (natural order).
pub fn suggestion_order(a: &PendingSuggestion, b: &PendingSuggestion) -> std::cmp::Ordering {
    let (x, y) = (a.claim.extent(), b.claim.extent());
    (x.start, x.end)
        .cmp(&(y.start, y.end))
        .then_with(|| id_order(&a.id, &b.id))
}

impl AnnotationSet {
    pub fn new(
        document_id: impl Into<String>,
        annotator: impl Into<String>,
        schema: SchemaRef,
    ) -> Self {
        AnnotationSet {
            document_id: document_id.into(),
            annotator: annotator.into(),
            schema,
            status: Status::Todo,
            created: None,
            modified: None,
            time_spent: TimeSpent::default(),
            entities: Vec::new(),
            frames: Vec::new(),
            frame_numbers: IdNumbers::default(),
            suggestions: Vec::new(),
            rejected_suggestions: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Frames in canonical order.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// Replaces all frames (sorting them). For loaders and importers; edits go through `Op`s.
    pub fn set_frames(&mut self, mut frames: Vec<Frame>) {
        frames.sort_by(frame_order);
        self.frame_numbers = IdNumbers::default();
        for f in &frames {
            self.frame_numbers.add(&f.id, 'f');
        }
        self.frames = frames;
    }

    /// Replaces the entities, in the canonical order (by id, see [`crate::model::id_order`]) that
    /// the native format writes and reads, so that a save and a re-read agree.
    pub fn set_entities(&mut self, mut entities: Vec<Entity>) {
        entities.sort_by(|a, b| crate::model::id_order(&a.id, &b.id));
        self.entities = entities;
    }

    /// Pending suggestions in text order.
    pub fn suggestions(&self) -> &[PendingSuggestion] {
        &self.suggestions
    }

    /// Rejected suggestions, oldest first.
    pub fn rejected_suggestions(&self) -> &[Rejection] {
        &self.rejected_suggestions
    }

    /// Replaces the pending suggestions (sorting them) and rejections. For loaders and
    /// importers; edits go through `Op`s.
    pub fn set_suggestions(
        &mut self,
        mut suggestions: Vec<PendingSuggestion>,
        rejected: Vec<Rejection>,
    ) {
        suggestions.sort_by(suggestion_order);
        self.suggestions = suggestions;
        self.rejected_suggestions = rejected;
    }

    pub fn suggestion(&self, id: &str) -> Option<&PendingSuggestion> {
        self.suggestions.iter().find(|s| s.id == id)
    }

    /// A fresh suggestion id: `s` followed by one more than the largest number in use.
    pub fn next_suggestion_id(&self) -> String {
        format!(
            "s{}",
            next_number(self.suggestions.iter().map(|s| s.id.as_str()), 's')
        )
    }

    pub(crate) fn insert_suggestion(&mut self, s: PendingSuggestion) {
        let at = self
            .suggestions
            .partition_point(|x| suggestion_order(x, &s) == std::cmp::Ordering::Less);
        self.suggestions.insert(at, s);
    }

    pub(crate) fn take_suggestion(&mut self, id: &str) -> Option<PendingSuggestion> {
        let i = self.suggestions.iter().position(|s| s.id == id)?;
        Some(self.suggestions.remove(i))
    }

    pub(crate) fn suggestions_mut(&mut self) -> &mut Vec<PendingSuggestion> {
        &mut self.suggestions
    }

    pub(crate) fn rejected_mut(&mut self) -> &mut Vec<Rejection> {
        &mut self.rejected_suggestions
    }

    pub fn frame(&self, id: &str) -> Option<&Frame> {
        self.frame_index(id).map(|i| &self.frames[i])
    }

    pub fn frame_index(&self, id: &str) -> Option<usize> {
        // A fresh id (what every new frame is checked for) is known absent without a scan.
        if self.frame_numbers.lacks(id, 'f') {
            return None;
        }
        self.frames.iter().position(|f| f.id == id)
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    pub(crate) fn insert_frame(&mut self, frame: Frame) {
        let at = self
            .frames
            .partition_point(|f| frame_order(f, &frame) == std::cmp::Ordering::Less);
        self.frame_numbers.add(&frame.id, 'f');
        self.frames.insert(at, frame);
    }

    pub(crate) fn take_frame(&mut self, id: &str) -> Option<Frame> {
        let i = self.frame_index(id)?;
        self.frame_numbers.remove(id, 'f');
        Some(self.frames.remove(i))
    }

    pub(crate) fn insert_entity(&mut self, entity: Entity) {
        let at = self
            .entities
            .partition_point(|e| id_order(&e.id, &entity.id) == std::cmp::Ordering::Less);
        self.entities.insert(at, entity);
    }

    /// A fresh frame id: `f` followed by one more than the largest numeric suffix in use.
    pub fn next_frame_id(&self) -> String {
        format!("f{}", self.frame_numbers.next())
    }

    /// A fresh entity id: `e` followed by one more than the largest numeric suffix in use.
    pub fn next_entity_id(&self) -> String {
        format!(
            "e{}",
            next_number(self.entities.iter().map(|e| e.id.as_str()), 'e')
        )
    }

    /// Frames whose `via` names `id`.
    pub fn reported_by<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Frame> + 'a {
        self.frames
            .iter()
            .filter(move |f| f.via.as_deref() == Some(id))
    }
}

/// The numeric suffixes of a list's ids (`f12` → 12) with how often each occurs, kept as the
/// list changes, so that a fresh id is found without reading every id (which, for 20,000
/// frames, cost about a millisecond per new frame: one string read per frame).
#[derive(Clone, Default, PartialEq)]
struct IdNumbers(std::collections::BTreeMap<u64, u32>);

impl IdNumbers {
    fn number(id: &str, prefix: char) -> Option<u64> {
        id.strip_prefix(prefix)?.parse().ok()
    }

    fn add(&mut self, id: &str, prefix: char) {
        if let Some(n) = Self::number(id, prefix) {
            *self.0.entry(n).or_default() += 1;
        }
    }

    fn remove(&mut self, id: &str, prefix: char) {
        let Some(n) = Self::number(id, prefix) else {
            return;
        };
        if let std::collections::btree_map::Entry::Occupied(mut e) = self.0.entry(n) {
            *e.get_mut() -= 1;
            if *e.get() == 0 {
                e.remove();
            }
        }
    }

    /// True when no id of the list is `id`, as its number says (`false`: it may be there).
    fn lacks(&self, id: &str, prefix: char) -> bool {
        Self::number(id, prefix).is_some_and(|n| !self.0.contains_key(&n))
    }

    /// One more than the largest number in use (1 when there is none), as [`next_number`].
    fn next(&self) -> u64 {
        self.0
            .last_key_value()
            .map_or(1, |(&m, _)| m.saturating_add(1))
    }
}

impl std::fmt::Debug for IdNumbers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdNumbers(next {})", self.next())
    }
}

pub(crate) fn next_number<'a>(ids: impl Iterator<Item = &'a str>, prefix: char) -> u64 {
    ids.filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .map_or(1, |m| m.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Quote, Schema, Span};

    fn frame(id: &str, start: usize) -> Frame {
        Frame::new(id, Quote::new(Span::new(start, start + 2), "ab"), "warning")
    }

    #[test]
    fn next_frame_id_follows_inserts_and_removals() {
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        assert_eq!(set.next_frame_id(), "f1");
        // f10 twice (a duplicate the validator reports), an id without a number.
        set.set_frames(vec![
            frame("f2", 0),
            frame("f10", 5),
            frame("x9", 9),
            frame("f10", 12),
        ]);
        assert_eq!(set.next_frame_id(), "f11");
        assert_eq!(set.frame_index("f10"), Some(1));
        assert_eq!(set.frame_index("f010"), None, "the same number, another id");
        assert_eq!(set.frame_index("f40"), None);
        assert_eq!(set.frame_index("x9"), Some(2));
        set.insert_frame(frame("f40", 3));
        assert_eq!(
            set.frame("f40").map(|f| f.claim.extent()),
            Some(Span::new(3, 5))
        );
        assert_eq!(set.next_frame_id(), "f41");
        assert!(set.take_frame("f40").is_some());
        assert_eq!(set.next_frame_id(), "f11");
        // One of the two f10 goes: the other still holds 10.
        assert!(set.take_frame("f10").is_some());
        assert_eq!(set.next_frame_id(), "f11");
        assert!(set.take_frame("f10").is_some());
        assert_eq!(set.next_frame_id(), "f3");
        assert!(set.take_frame("x9").is_some());
        assert!(set.take_frame("f2").is_some());
        assert_eq!(set.next_frame_id(), "f1");
    }
}
