//! Attribution frames and entities: what one annotator says about one statement.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::extra_fields::deserialize_keeping_extra;
use super::{Quote, Span};

/// One attribution frame (PARC-style): a claim, its stance, and who says it to whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frame {
    pub id: String,
    /// The content span: what is asserted.
    pub claim: Quote,
    /// A stance label id of the schema.
    pub stance: String,
    /// Who says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Participant>,
    /// The reporting expression ("warned", "according to").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<Quote>,
    /// At whom or what the stance is aimed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Participant>,
    /// The id of the frame that reports this one (nested attribution).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Schema-defined extra attributes (attribute id → value).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// A thread of comments on the frame (a question from an adjudicator, an answer), in time
    /// order; not part of what annotators agree on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Whether the spans were re-anchored after a text correction (see [`crate::model::anchor`]).
    #[serde(skip_serializing_if = "AnchorState::is_exact")]
    pub anchor: AnchorState,
    /// Unknown fields, kept so that a round trip does not drop them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How a frame's spans relate to the current text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnchorState {
    /// Made on this text (the normal case; not written to files).
    #[default]
    Exact,
    /// Found again after the text changed; worth a look.
    Moved,
    /// Not found in the current text: the spans and quotes are the old ones, kept for review.
    Orphaned,
}

impl AnchorState {
    pub fn is_exact(&self) -> bool {
        *self == AnchorState::Exact
    }
}

deserialize_keeping_extra!(
    Frame,
    "a frame object",
    required { id, claim, stance },
    optional {
        source,
        cue,
        target,
        via,
        attributes,
        note,
        comments,
        anchor
    }
);

/// One comment of a frame's thread: who wrote it, when (RFC 3339, UTC) and what.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub author: String,
    pub time: String,
    pub text: String,
}

impl Comment {
    /// The union of comment threads: every distinct comment (by author, time and text) once,
    /// in time order (then author, then text, so the order is total and deterministic).
    pub fn union<'a>(threads: impl IntoIterator<Item = &'a [Comment]>) -> Vec<Comment> {
        let mut all: Vec<Comment> = threads.into_iter().flatten().cloned().collect();
        all.sort_by(|a, b| (&a.time, &a.author, &a.text).cmp(&(&b.time, &b.author, &b.text)));
        all.dedup();
        all
    }
}

impl Frame {
    pub fn new(id: impl Into<String>, claim: Quote, stance: impl Into<String>) -> Self {
        Frame {
            id: id.into(),
            claim,
            stance: stance.into(),
            source: None,
            cue: None,
            target: None,
            via: None,
            attributes: BTreeMap::new(),
            note: String::new(),
            comments: Vec::new(),
            anchor: AnchorState::Exact,
            extra: Map::new(),
        }
    }

    /// Every fragment span of the frame with its role, claim first, fragments in stored order.
    pub fn spans(&self) -> impl Iterator<Item = (SpanRole, Span)> + '_ {
        self.quotes()
            .flat_map(|(role, q)| q.spans().map(move |s| (role, s)))
    }

    /// Every quote of the frame with its role, claim first.
    pub fn quotes(&self) -> impl Iterator<Item = (SpanRole, &Quote)> + '_ {
        let claim = std::iter::once((SpanRole::Claim, &self.claim));
        let source = self
            .source
            .as_ref()
            .and_then(|p| p.span.as_ref())
            .map(|q| (SpanRole::Source, q));
        let cue = self.cue.as_ref().map(|q| (SpanRole::Cue, q));
        let target = self
            .target
            .as_ref()
            .and_then(|p| p.span.as_ref())
            .map(|q| (SpanRole::Target, q));
        claim.chain(source).chain(cue).chain(target)
    }
}

/// The role a span plays in a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpanRole {
    Claim,
    Source,
    Cue,
    Target,
}

impl SpanRole {
    pub const ALL: [SpanRole; 4] = [
        SpanRole::Claim,
        SpanRole::Source,
        SpanRole::Cue,
        SpanRole::Target,
    ];

    /// The non-claim role named by `label` (`source`, `cue`, `target`, any case), as other
    /// tools' exports name role spans.
    pub fn participant_from_label(label: &str) -> Option<SpanRole> {
        match label.to_ascii_lowercase().as_str() {
            "source" => Some(SpanRole::Source),
            "cue" => Some(SpanRole::Cue),
            "target" => Some(SpanRole::Target),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SpanRole::Claim => "claim",
            SpanRole::Source => "source",
            SpanRole::Cue => "cue",
            SpanRole::Target => "target",
        }
    }
}

/// A source or target: a span of the text, a project entity, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Participant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Quote>,
    /// The id of an [`Entity`] of the same annotation set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

impl Participant {
    pub fn is_empty(&self) -> bool {
        self.span.is_none() && self.entity.is_none()
    }
}

/// A participant that frames can share: a person, government, outlet, ….
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    pub id: String,
    /// The canonical name ("Donald Trump" for "President Trump", "he", …).
    pub name: String,
    /// An entity kind id of the schema.
    pub kind: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(
    Entity,
    "an entity object",
    required { id, name, kind },
    optional {}
);

impl Entity {
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: impl Into<String>) -> Self {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            extra: Map::new(),
        }
    }
}

/// Orders ids like "f2" before "f10": by non-digit prefix, then numeric suffix, then the string.
pub fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn split(s: &str) -> (&str, Option<u128>) {
        let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, num) = s.split_at(s.len() - digits);
        (prefix, num.parse().ok())
    }
    let (pa, na) = split(a);
    let (pb, nb) = split(b);
    pa.cmp(pb).then(na.cmp(&nb)).then(a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_id_order() {
        let mut ids = vec!["f10", "f2", "e1", "f1", "f", "f02"];
        ids.sort_by(|a, b| id_order(a, b));
        assert_eq!(ids, vec!["e1", "f", "f1", "f02", "f2", "f10"]);
    }
}
