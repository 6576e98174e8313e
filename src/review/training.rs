//! Training scores: how one annotator's annotations compare with gold (`stats --training`).
//!
//! Over the documents that have gold and the annotator's file, pooled (micro):
//! - **span F1**: claims matched by overlap with the stance ignored ([`super::spans`]),
//!   `2·matched / (|gold| + |annotator|)`;
//! - **stance accuracy**: the share of those matched claims with gold's stance;
//! - **attribution agreement**: over the claims matched by overlap *with* equal stance, the
//!   share of source, cue and target comparisons that agree (three per matched claim, as
//!   [`super::spans`] compares them: entity names, else span texts; two absent agree).

use serde::Serialize;

use super::confusion::PairConfusion;
use super::feedback::{feedback, GoldAndAnnotator};
use super::score::Score;
use super::spans::{PairSpans, Scratch};

/// One annotator's scores against gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainingScore {
    pub annotator: String,
    pub documents: usize,
    pub span_f1: Score,
    pub stance_accuracy: Score,
    pub attribution_agreement: Score,
    /// Gold and annotator claims, and how many were matched (stance ignored).
    pub gold_claims: u64,
    pub claims: u64,
    pub matched: u64,
}

/// The scores of `annotator` over `docs` (see the module doc).
pub fn score(annotator: &str, docs: &[GoldAndAnnotator<'_>]) -> TrainingScore {
    let mut spans = PairSpans::default();
    let mut scratch = Scratch::default();
    for d in docs {
        spans.add_document(d.gold, d.annotator, &mut scratch);
    }
    let confusion: PairConfusion = feedback(annotator, docs).confusion;
    let attribution = [spans.source, spans.cue, spans.target];
    let agree: u64 = attribution.iter().map(|t| t.agree).sum();
    let total: u64 = attribution.iter().map(|t| t.total).sum();
    TrainingScore {
        annotator: annotator.to_owned(),
        documents: docs.len(),
        span_f1: spans.unlabeled_overlap.f1(),
        stance_accuracy: confusion.stance.share(),
        attribution_agreement: Score::ratio(
            agree as f64,
            total as f64,
            super::score::Undefined::NoMatchedClaims,
        ),
        gold_claims: spans.unlabeled_overlap.a,
        claims: spans.unlabeled_overlap.b,
        matched: spans.unlabeled_overlap.matched,
    }
}
