//! Feedback for one annotator from adjudication: where the gold set differs from their
//! annotations (`stancemark feedback`).
//!
//! Per document, the gold set and the annotator's set are aligned and classified exactly as
//! Review mode does ([`super::disagreement`], gold first), so an item here is a disagreement
//! there. Each [`FeedbackItem`] names its [`Kind`] (missing / boundary / stance / attribution),
//! for *missing* which side lacks the claim, and both versions with their text. Counts per
//! stance are by the gold frame's stance (the annotator's for a claim gold does not have).
//! The stance confusion is gold (rows) against the annotator (columns) over matched claims
//! ([`super::confusion`]).
//!
//! Items are in document id order, then by position. Pure: the caller loads the files.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{AnnotationSet, Document, Frame, Participant, Quote, Span};

use super::agreement::DocumentAnnotations;
use super::confusion::{confusion, PairConfusion};
use super::disagreement::{disagreements, Kind};
use super::spans::entity_name;

/// The name used for the gold side in the confusion matrix.
pub const GOLD: &str = "gold";

/// Which side lacks a claim the other has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// Gold has the claim, the annotator does not: a claim they missed.
    FromAnnotator,
    /// The annotator has a claim gold does not.
    FromGold,
}

/// One frame as the digest shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameView {
    pub id: String,
    /// The claim's extent (first fragment's start to last fragment's end).
    pub span: Span,
    /// The claim's text, fragments joined by " … ".
    pub claim: String,
    pub stance: String,
    pub source: Option<String>,
    pub cue: Option<String>,
    pub target: Option<String>,
}

impl FrameView {
    fn of(f: &Frame, set: &AnnotationSet) -> FrameView {
        FrameView {
            id: f.id.clone(),
            span: f.claim.extent(),
            claim: f.claim.joined_text(" … ").into_owned(),
            stance: f.stance.clone(),
            source: participant(f.source.as_ref(), set),
            cue: f.cue.as_ref().map(quote_text),
            target: participant(f.target.as_ref(), set),
        }
    }
}

fn quote_text(q: &Quote) -> String {
    q.joined_text(" … ").into_owned()
}

/// `Entity name ("span text")`, the entity name, or the span text.
fn participant(p: Option<&Participant>, set: &AnnotationSet) -> Option<String> {
    let text = p?.span.as_ref().map(quote_text);
    match (entity_name(p, set), text) {
        (Some(e), Some(t)) if e != t => Some(format!("{e} (\"{t}\")")),
        (Some(e), _) => Some(e.to_owned()),
        (None, t) => t,
    }
}

/// One difference between gold and the annotator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedbackItem {
    pub document: String,
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    /// For [`Kind::Missing`]: which side lacks the claim.
    pub missing: Option<Missing>,
    /// For [`Kind::Attribution`] (and alongside other kinds): the attribution fields that
    /// differ (`source`, `cue`, `target`, `via`).
    pub fields: Vec<&'static str>,
    pub gold: Option<FrameView>,
    pub annotator: Option<FrameView>,
}

fn kind_name<S: serde::Serializer>(k: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.name())
}

impl FeedbackItem {
    /// The stance the item is counted under: gold's, else the annotator's.
    pub fn stance(&self) -> &str {
        self.gold
            .as_ref()
            .or(self.annotator.as_ref())
            .map_or("", |f| f.stance.as_str())
    }
}

/// Counts for one stance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StanceCounts {
    /// Gold claims of this stance.
    pub gold: u64,
    /// The annotator's claims of this stance.
    pub annotator: u64,
    /// Gold claims the annotator has exactly (same fragments, stance, source, cue, target, via).
    pub agreed: u64,
    /// Gold claims the annotator has not marked.
    pub missed: u64,
    /// The annotator's claims gold does not have.
    pub extra: u64,
    pub boundary: u64,
    pub stance: u64,
    pub attribution: u64,
}

/// The digest for one annotator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feedback {
    pub annotator: String,
    /// Documents compared (with gold and the annotator's file), in id order.
    pub documents: Vec<String>,
    pub items: Vec<FeedbackItem>,
    pub per_stance: BTreeMap<String, StanceCounts>,
    /// Gold (rows) × the annotator (columns).
    pub confusion: PairConfusion,
}

/// One compared document.
#[derive(Debug, Clone, Copy)]
pub struct GoldAndAnnotator<'a> {
    pub document: &'a Document,
    pub gold: &'a AnnotationSet,
    pub annotator: &'a AnnotationSet,
}

/// Computes the digest for `annotator` over `docs` (see the module doc).
pub fn feedback(annotator: &str, docs: &[GoldAndAnnotator<'_>]) -> Feedback {
    let mut order: Vec<&GoldAndAnnotator> = docs.iter().collect();
    order.sort_by(|a, b| a.document.id.cmp(&b.document.id));
    let mut items = Vec::new();
    let mut per_stance: BTreeMap<String, StanceCounts> = BTreeMap::new();
    for d in &order {
        let sets = [d.gold, d.annotator];
        for f in d.gold.frames() {
            per_stance.entry(f.stance.clone()).or_default().gold += 1;
        }
        for f in d.annotator.frames() {
            per_stance.entry(f.stance.clone()).or_default().annotator += 1;
        }
        for dis in disagreements(&sets) {
            let view = |side: usize| {
                dis.frames
                    .iter()
                    .find(|&&(r, _)| r == side)
                    .map(|&(r, k)| FrameView::of(&sets[r].frames()[k], sets[r]))
            };
            let (gold, mine) = (view(0), view(1));
            let missing = match (&gold, &mine) {
                (Some(_), None) => Some(Missing::FromAnnotator),
                (None, Some(_)) => Some(Missing::FromGold),
                _ => None,
            };
            items.push(FeedbackItem {
                document: d.document.id.clone(),
                kind: dis.kind,
                missing,
                fields: dis.differences.attribution_fields(),
                gold,
                annotator: mine,
            });
        }
    }
    for item in &items {
        let c = per_stance.entry(item.stance().to_owned()).or_default();
        match (item.kind, item.missing) {
            (Kind::Missing, Some(Missing::FromGold)) => c.extra += 1,
            (Kind::Missing, _) => c.missed += 1,
            (Kind::Boundary, _) => c.boundary += 1,
            (Kind::Stance, _) => c.stance += 1,
            (Kind::Attribution, _) => c.attribution += 1,
        }
    }
    for c in per_stance.values_mut() {
        // Every gold claim is either agreed or in exactly one item with its gold frame.
        c.agreed = c.gold - (c.missed + c.boundary + c.stance + c.attribution);
    }
    let names = [GOLD.to_owned(), annotator.to_owned()];
    let input: Vec<DocumentAnnotations> = order
        .iter()
        .map(|d| DocumentAnnotations {
            document: d.document,
            sets: vec![d.gold, d.annotator],
        })
        .collect();
    let confusion = confusion(&names, &input)
        .pairs
        .pop()
        .expect("two sides make one pair");
    Feedback {
        annotator: annotator.to_owned(),
        documents: order.iter().map(|d| d.document.id.clone()).collect(),
        items,
        per_stance,
        confusion,
    }
}

impl Feedback {
    /// How many items of `kind` there are.
    pub fn count(&self, kind: Kind) -> usize {
        self.items.iter().filter(|i| i.kind == kind).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::test_support::{frame, set};

    #[test]
    fn classifies_each_difference_and_counts_per_stance() {
        let doc = Document::new("d", "Ab cd. Éf gh. 中文 ij. kl <m>.");
        // gold: warning [0,5), denial [7,12), warning [14,19), report [21,28)
        // A:    warning [0,5) with a cue gold lacks (attribution), denial [7,10) (boundary),
        //       threat [14,19) (stance); gold's report is missed.
        let gold = set(
            &doc,
            GOLD,
            vec![
                frame(&doc, "g1", 0, 5, "warning"),
                frame(&doc, "g2", 7, 12, "denial"),
                frame(&doc, "g3", 14, 19, "warning"),
                frame(&doc, "g4", 21, 28, "report"),
            ],
        );
        let mut a4 = frame(&doc, "a1", 0, 5, "warning");
        a4.cue = Some(Quote::new(Span::new(7, 9), "Éf"));
        let a = set(
            &doc,
            "ann",
            vec![
                a4,
                frame(&doc, "a2", 7, 10, "denial"),
                frame(&doc, "a3", 14, 19, "threat"),
            ],
        );
        let f = feedback(
            "ann",
            &[GoldAndAnnotator {
                document: &doc,
                gold: &gold,
                annotator: &a,
            }],
        );
        let kinds: Vec<(Kind, &str)> = f.items.iter().map(|i| (i.kind, i.stance())).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Attribution, "warning"),
                (Kind::Boundary, "denial"),
                (Kind::Stance, "warning"),
                (Kind::Missing, "report"),
            ]
        );
        assert_eq!(f.items[0].fields, ["cue"]);
        assert_eq!(
            f.items[0].annotator.as_ref().unwrap().cue.as_deref(),
            Some("Éf")
        );
        assert_eq!(f.items[1].gold.as_ref().unwrap().claim, "Éf gh");
        assert_eq!(f.items[1].annotator.as_ref().unwrap().claim, "Éf ");
        assert_eq!(f.items[3].missing, Some(Missing::FromAnnotator));
        assert_eq!(f.items[3].gold.as_ref().unwrap().claim, "kl <m>.");
        let w = f.per_stance["warning"];
        assert_eq!(
            (w.gold, w.annotator, w.agreed, w.attribution, w.stance),
            (2, 1, 0, 1, 1)
        );
        assert_eq!(f.per_stance["threat"].annotator, 1);
        assert_eq!(f.per_stance["report"].missed, 1);
        assert_eq!(f.per_stance["denial"].boundary, 1);
        assert_eq!(f.confusion.matrix.count("warning", "threat"), 1);
        assert_eq!(f.confusion.matrix.count("report", "(none)"), 1);
        assert_eq!(f.confusion.stance.agree, 2);
        assert_eq!(f.confusion.stance.total, 3);
    }
}
