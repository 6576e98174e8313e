//! What "the same frame" means across annotators: the exact agreement key.
//!
//! Two frames of different annotators agree exactly when their claim spans, stances, sources,
//! cues and targets are equal. A source or target is compared by its span (start, end) and by
//! the *name* of its entity (entity ids are private to each annotation set; names are compared
//! trimmed and case-folded). An entity id that does not resolve in its set counts as no entity.
//! `via` is not part of the key (it names frame ids, which are private to each set too); the
//! disagreement classification compares it through the alignment instead.

use crate::model::{AnnotationSet, Frame, Participant, Span};

/// A participant as compared across annotators.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParticipantKey {
    pub span: Option<Span>,
    /// Entity name, trimmed and lower-cased.
    pub entity: Option<String>,
}

/// The exact agreement key of a frame (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FrameKey {
    pub claim: Span,
    pub stance: String,
    pub source: Option<ParticipantKey>,
    pub cue: Option<Span>,
    pub target: Option<ParticipantKey>,
}

impl FrameKey {
    pub fn of(frame: &Frame, set: &AnnotationSet) -> FrameKey {
        FrameKey {
            claim: frame.claim.span,
            stance: frame.stance.clone(),
            source: participant(frame.source.as_ref(), set),
            cue: frame.cue.as_ref().map(|q| q.span),
            target: participant(frame.target.as_ref(), set),
        }
    }
}

fn participant(p: Option<&Participant>, set: &AnnotationSet) -> Option<ParticipantKey> {
    let p = p?;
    let key = ParticipantKey {
        span: p.span.as_ref().map(|q| q.span),
        entity: p
            .entity
            .as_deref()
            .and_then(|id| set.entity(id))
            .map(|e| e.name.trim().to_lowercase()),
    };
    // A participant with neither a span nor a resolvable entity says nothing.
    (key.span.is_some() || key.entity.is_some()).then_some(key)
}
