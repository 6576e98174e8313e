//! What "the same frame" means across annotators: the exact agreement key.
//!
//! Two frames of different annotators agree exactly when their claim spans, stances, sources,
//! cues and targets are equal. Spans are compared fragment by fragment (the same fragments, each
//! with the same start and end). A source or target is compared by its span and by
//! the *name* of its entity (entity ids are private to each annotation set; names are compared
//! trimmed and case-folded). An entity id that does not resolve in its set counts as no entity.
//! `via` is not part of the key (it names frame ids, which are private to each set too); the
//! disagreement classification compares it through the alignment instead.

use smallvec::SmallVec;

use crate::model::{AnnotationSet, Frame, Participant, Quote, Span};

/// The fragment spans of a quote, as compared across annotators (texts are implied by them).
pub type SpansKey = SmallVec<[Span; 1]>;

/// The key of a quote: its fragment spans.
pub fn spans_key(q: &Quote) -> SpansKey {
    q.spans().collect()
}

/// A participant as compared across annotators.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParticipantKey {
    pub span: Option<SpansKey>,
    /// Entity name, trimmed and lower-cased.
    pub entity: Option<String>,
}

/// The exact agreement key of a frame (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FrameKey {
    pub claim: SpansKey,
    pub stance: String,
    pub source: Option<ParticipantKey>,
    pub cue: Option<SpansKey>,
    pub target: Option<ParticipantKey>,
}

impl FrameKey {
    pub fn of(frame: &Frame, set: &AnnotationSet) -> FrameKey {
        FrameKey {
            claim: spans_key(&frame.claim),
            stance: frame.stance.clone(),
            source: participant(frame.source.as_ref(), set),
            cue: frame.cue.as_ref().map(spans_key),
            target: participant(frame.target.as_ref(), set),
        }
    }
}

fn participant(p: Option<&Participant>, set: &AnnotationSet) -> Option<ParticipantKey> {
    let p = p?;
    let key = ParticipantKey {
        span: p.span.as_ref().map(spans_key),
        entity: p
            .entity
            .as_deref()
            .and_then(|id| set.entity(id))
            .map(|e| e.name.trim().to_lowercase()),
    };
    // A participant with neither a span nor a resolvable entity says nothing.
    (key.span.is_some() || key.entity.is_some()).then_some(key)
}
