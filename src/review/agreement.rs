//! The agreement report over a set of documents and annotators (`stancemark agree`).
//!
//! [`agree`] computes, over the documents given (each annotated by every compared annotator):
//! character-level Cohen's κ per pair, Fleiss' κ and Krippendorff's α ([`super::labels`],
//! [`super::coding`]); span F1 exact / overlap / unlabeled overlap, per stance label, and
//! attribution agreement per pair ([`super::spans`]); and α_U per stance and overall with the
//! documents as one continuum ([`super::unitizing`]).
//!
//! **Determinism.** Documents are processed in id order whatever order they are given in, frames
//! are in canonical order, maps are sorted by key, so the same input gives the same report and
//! byte-identical JSON. The JSON shape is
//! `{"documents", "annotators", "units", "pairs": [{"a", "b", "cohen_kappa", "span_f1_exact",
//! "span_f1_overlap", "span_f1_unlabeled_overlap", "source_agreement", "target_agreement",
//! "cue_agreement", "per_label": {STANCE: {"f1_exact", "f1_overlap"}}}], "fleiss_kappa",
//! "krippendorff_alpha", "alpha_u": {"overall", STANCE...}}`; an undefined measure is `null`
//! (its reason is in [`Score::Undefined`] for tables). Per-document figures are in
//! [`Agreement::per_document`], which is not part of the JSON.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::model::{AnnotationSet, Document};

use super::coding::CodingStudy;
use super::labels::{label_document, LabelScratch, Labels};
use super::score::Score;
use super::spans::{PairSpans, Scratch};
use super::unitizing::UnitizingStudy;

/// One document and each compared annotator's annotations of it, in annotator order.
#[derive(Debug, Clone)]
pub struct DocumentAnnotations<'a> {
    pub document: &'a Document,
    pub sets: Vec<&'a AnnotationSet>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub documents: Vec<String>,
    pub annotators: Vec<String>,
    /// Non-whitespace code points compared.
    pub units: u64,
    pub pairs: Vec<PairAgreement>,
    pub fleiss_kappa: Score,
    pub krippendorff_alpha: Score,
    pub alpha_u: AlphaU,
    #[serde(skip)]
    pub per_document: Vec<DocumentAgreement>,
}

/// Figures for one pair of annotators.
#[derive(Debug, Clone, Serialize)]
pub struct PairAgreement {
    pub a: String,
    pub b: String,
    pub cohen_kappa: Score,
    pub span_f1_exact: Score,
    pub span_f1_overlap: Score,
    pub span_f1_unlabeled_overlap: Score,
    pub source_agreement: Score,
    pub target_agreement: Score,
    pub cue_agreement: Score,
    pub per_label: BTreeMap<String, LabelF1>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LabelF1 {
    pub f1_exact: Score,
    pub f1_overlap: Score,
}

/// α_U overall and per stance (stance ids sorted). Serialised as one object, `overall` first.
#[derive(Debug, Clone, PartialEq)]
pub struct AlphaU {
    pub overall: Score,
    pub per_stance: BTreeMap<String, Score>,
}

impl Serialize for AlphaU {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.per_stance.len() + 1))?;
        m.serialize_entry("overall", &self.overall)?;
        for (k, v) in &self.per_stance {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Figures for one document, so that problem documents stand out.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentAgreement {
    pub id: String,
    pub units: u64,
    /// Claims per annotator.
    pub claims: Vec<usize>,
    /// Cohen's κ per pair, in the order of [`Agreement::pairs`].
    pub cohen_kappa: Vec<Score>,
    /// Span F1 (overlap) per pair.
    pub span_f1_overlap: Vec<Score>,
    pub fleiss_kappa: Score,
}

/// The index pairs `(i, j)`, `i < j`, in report order.
pub fn pair_indices(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).flat_map(move |i| (i + 1..n).map(move |j| (i, j)))
}

/// Computes the report. `annotators` names the annotators in the order of each document's
/// `sets`.
///
/// # Panics
/// When a document's `sets` has a different length from `annotators` (a caller bug).
pub fn agree(annotators: &[String], documents: &[DocumentAnnotations<'_>]) -> Agreement {
    let r = annotators.len();
    let mut order: Vec<&DocumentAnnotations> = documents.iter().collect();
    order.sort_by(|x, y| x.document.id.cmp(&y.document.id));

    let mut labels = Labels::default();
    let mut study = CodingStudy::new(r);
    let mut label_scratch = LabelScratch::default();
    let mut span_scratch = Scratch::default();
    let pairs: Vec<(usize, usize)> = pair_indices(r).collect();
    let mut pair_spans = vec![PairSpans::default(); pairs.len()];
    let mut per_document = Vec::with_capacity(order.len());
    let mut units_u: Vec<(usize, usize, u64, u64)> = Vec::new(); // rater, stance, start, end
    let mut offset = 0u64;

    for d in &order {
        assert_eq!(d.sets.len(), r, "one annotation set per annotator");
        let mut doc_study = CodingStudy::new(r);
        let units = label_document(
            d.document,
            &d.sets,
            &mut labels,
            &mut doc_study,
            &mut label_scratch,
        );
        study.merge(&doc_study);
        let mut doc_f1 = Vec::with_capacity(pairs.len());
        for (p, &(i, j)) in pairs.iter().enumerate() {
            let (_, overlap) = pair_spans[p].add_document(d.sets[i], d.sets[j], &mut span_scratch);
            doc_f1.push(overlap.f1());
        }
        let len = d.document.text.len_chars() as u64;
        for (rater, set) in d.sets.iter().enumerate() {
            for f in set.frames() {
                let s = labels.stance(&f.stance) as usize;
                // Each fragment of a claim is a unit of its stance (α_U on the fragments).
                for span in f.claim.spans() {
                    let (a, b) = (span.start as u64, span.end as u64);
                    units_u.push((rater, s, offset + a.min(len), offset + b.min(len)));
                }
            }
        }
        offset += len;
        per_document.push(DocumentAgreement {
            id: d.document.id.clone(),
            units,
            claims: d.sets.iter().map(|s| s.frames().len()).collect(),
            cohen_kappa: pairs
                .iter()
                .map(|&(i, j)| doc_study.cohen_kappa(i, j))
                .collect(),
            span_f1_overlap: doc_f1,
            fleiss_kappa: doc_study.fleiss_kappa(),
        });
    }

    Agreement {
        documents: order.iter().map(|d| d.document.id.clone()).collect(),
        annotators: annotators.to_vec(),
        units: study.units(),
        pairs: pairs
            .iter()
            .zip(&pair_spans)
            .map(|(&(i, j), sp)| {
                pair_agreement(&annotators[i], &annotators[j], study.cohen_kappa(i, j), sp)
            })
            .collect(),
        fleiss_kappa: study.fleiss_kappa(),
        krippendorff_alpha: study.krippendorff_alpha(),
        alpha_u: alpha_u(offset, r, &units_u, labels.stance_names()),
        per_document,
    }
}

fn pair_agreement(a: &str, b: &str, cohen_kappa: Score, sp: &PairSpans) -> PairAgreement {
    PairAgreement {
        a: a.to_owned(),
        b: b.to_owned(),
        cohen_kappa,
        span_f1_exact: sp.exact.f1(),
        span_f1_overlap: sp.overlap.f1(),
        span_f1_unlabeled_overlap: sp.unlabeled_overlap.f1(),
        source_agreement: sp.source.role_share(sp.filled.source),
        target_agreement: sp.target.role_share(sp.filled.target),
        cue_agreement: sp.cue.role_share(sp.filled.cue),
        per_label: sp
            .per_label
            .iter()
            .map(|(k, c)| {
                let f1 = LabelF1 {
                    f1_exact: c.exact.f1(),
                    f1_overlap: c.overlap.f1(),
                };
                (k.clone(), f1)
            })
            .collect(),
    }
}

/// α_U over the continuum of all documents; `units` are (rater, stance index, start, end).
fn alpha_u(
    length: u64,
    raters: usize,
    units: &[(usize, usize, u64, u64)],
    stances: &[String],
) -> AlphaU {
    let mut study = UnitizingStudy::new(length, raters);
    for &(rater, s, a, b) in units {
        study.add(rater, s, a, b);
    }
    study.finish();
    let per_stance = stances
        .iter()
        .enumerate()
        .map(|(s, name)| (name.clone(), study.category_alpha(s)))
        .collect();
    AlphaU {
        overall: study.alpha(),
        per_stance,
    }
}

impl Agreement {
    /// Deterministic pretty JSON in the documented shape.
    pub fn to_json(&self) -> String {
        // Invariant: every field serialises (strings, finite numbers, nulls).
        serde_json::to_string_pretty(self).expect("the report serialises") + "\n"
    }
}
