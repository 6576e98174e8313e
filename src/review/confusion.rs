//! Stance confusion between annotators over matched claims (`stancemark agree --confusion`).
//!
//! **Matching.** Per document and pair of annotators, claims are matched one-to-one by the
//! *unlabeled* overlap matching of [`super::spans`] (stance ignored, largest shared code points
//! of the fragments first), so that a claim both annotators marked is compared whatever stance
//! each gave it.
//!
//! **Matrix.** Rows are the first annotator's stance, columns the second's. The labels are every
//! stance id used by any compared annotator, sorted, then [`UNMATCHED`]: a claim of the first
//! annotator with no partner counts in its stance's row under `(none)`, one of the second in the
//! `(none)` row under its stance; the `(none)` × `(none)` cell is always 0. The **pooled** matrix
//! is the sum of the pairs' matrices, each with its first annotator (in the order given) as rows.
//!
//! **Agreement over matched claims** (the cells outside the `(none)` row and column):
//! - *stance*: the share of matched claims with equal stance (the matrix's diagonal);
//! - *via*: the share of matched claims whose `via` agrees: both absent, or the reporting frames
//!   are matched to each other by the same matching (a `via` naming no frame of its set counts
//!   as absent);
//! - *entity links*: over the source and target slots of matched claims where at least one side
//!   links an entity (that resolves in its set), the share where both link entities of the same
//!   name (trimmed, case-insensitive, as in [`super::spans`]).
//!
//! Documents are taken in id order; the output is deterministic.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::model::{AnnotationSet, Frame};

use super::agreement::{pair_indices, DocumentAnnotations};
use super::spans::{entity_name, overlap_matching, same_name, Scratch, Tally};

/// The label of the row and column for claims the other annotator has no partner for.
pub const UNMATCHED: &str = "(none)";

/// A square matrix of counts over `labels` (rows: first annotator, columns: second).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StanceMatrix {
    pub labels: Vec<String>,
    /// Row-major counts, `labels.len()²` of them.
    #[serde(serialize_with = "rows")]
    counts: Vec<u64>,
}

fn rows<S: serde::Serializer>(counts: &[u64], s: S) -> Result<S::Ok, S::Error> {
    let n = (counts.len() as f64).sqrt() as usize;
    let rows: Vec<&[u64]> = if n == 0 {
        Vec::new()
    } else {
        counts.chunks(n).collect()
    };
    rows.serialize(s)
}

impl StanceMatrix {
    /// An all-zero matrix over `labels`.
    pub fn new(labels: Vec<String>) -> StanceMatrix {
        let n = labels.len();
        StanceMatrix {
            labels,
            counts: vec![0; n * n],
        }
    }

    fn index(&self, label: &str) -> usize {
        // Invariant: every stance compared was collected into `labels` beforehand.
        self.labels
            .iter()
            .position(|l| l == label)
            .expect("every compared stance is a label")
    }

    /// The count in row `row`, column `col` (indices into [`Self::labels`]).
    pub fn get(&self, row: usize, col: usize) -> u64 {
        self.counts[row * self.labels.len() + col]
    }

    /// The count for a pair of labels by name; 0 for names not in the matrix.
    pub fn count(&self, row: &str, col: &str) -> u64 {
        match (
            self.labels.iter().position(|l| l == row),
            self.labels.iter().position(|l| l == col),
        ) {
            (Some(r), Some(c)) => self.get(r, c),
            _ => 0,
        }
    }

    fn bump(&mut self, row: &str, col: &str) {
        let (r, c) = (self.index(row), self.index(col));
        let n = self.labels.len();
        self.counts[r * n + c] += 1;
    }

    fn add(&mut self, other: &StanceMatrix) {
        for (x, y) in self.counts.iter_mut().zip(&other.counts) {
            *x += y;
        }
    }

    /// The largest count (for scaling a heat map).
    pub fn max(&self) -> u64 {
        self.counts.iter().copied().max().unwrap_or(0)
    }

    /// The sum of all counts (claims of either annotator, a match counted once).
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// The confusion of one pair of annotators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairConfusion {
    pub a: String,
    pub b: String,
    pub matrix: StanceMatrix,
    pub stance: Tally,
    pub via: Tally,
    pub entity_links: Tally,
}

/// The whole confusion report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confusion {
    pub documents: Vec<String>,
    pub annotators: Vec<String>,
    pub pairs: Vec<PairConfusion>,
    pub pooled: PairConfusion,
}

impl Confusion {
    /// Deterministic pretty JSON: `{"documents", "annotators", "pairs": [{"a", "b", "matrix":
    /// {"labels", "counts": [[row]...]}, "stance", "via", "entity_links": {"agree", "total"}}],
    /// "pooled": {...the same, "a" and "b" empty}}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report serialises") + "\n"
    }
}

/// Computes the confusion report; `annotators` names the annotators in the order of each
/// document's `sets`.
///
/// # Panics
/// When a document's `sets` has a different length from `annotators` (a caller bug).
pub fn confusion(annotators: &[String], documents: &[DocumentAnnotations<'_>]) -> Confusion {
    let mut order: Vec<&DocumentAnnotations> = documents.iter().collect();
    order.sort_by(|x, y| x.document.id.cmp(&y.document.id));
    let mut stances = BTreeSet::new();
    for d in &order {
        assert_eq!(d.sets.len(), annotators.len(), "one set per annotator");
        for s in &d.sets {
            stances.extend(s.frames().iter().map(|f| f.stance.as_str()));
        }
    }
    let mut labels: Vec<String> = stances.into_iter().map(str::to_owned).collect();
    labels.push(UNMATCHED.to_owned());

    let mut scratch = Scratch::default();
    let pairs: Vec<PairConfusion> = pair_indices(annotators.len())
        .map(|(i, j)| {
            let mut p = PairConfusion {
                a: annotators[i].clone(),
                b: annotators[j].clone(),
                matrix: StanceMatrix::new(labels.clone()),
                stance: Tally::default(),
                via: Tally::default(),
                entity_links: Tally::default(),
            };
            for d in &order {
                p.add_document(d.sets[i], d.sets[j], &mut scratch);
            }
            p
        })
        .collect();
    let mut pooled = PairConfusion {
        a: String::new(),
        b: String::new(),
        matrix: StanceMatrix::new(labels),
        stance: Tally::default(),
        via: Tally::default(),
        entity_links: Tally::default(),
    };
    for p in &pairs {
        pooled.matrix.add(&p.matrix);
        for (t, u) in [
            (&mut pooled.stance, p.stance),
            (&mut pooled.via, p.via),
            (&mut pooled.entity_links, p.entity_links),
        ] {
            t.agree += u.agree;
            t.total += u.total;
        }
    }
    Confusion {
        documents: order.iter().map(|d| d.document.id.clone()).collect(),
        annotators: annotators.to_vec(),
        pairs,
        pooled,
    }
}

impl PairConfusion {
    /// Adds one document's claims of `a` (rows) and `b` (columns).
    ///
    /// # Panics
    /// When a stance of `a` or `b` is not among the matrix's labels (a caller bug).
    pub fn add_document(&mut self, a: &AnnotationSet, b: &AnnotationSet, scratch: &mut Scratch) {
        let (fa, fb) = (a.frames(), b.frames());
        overlap_matching(fa, fb, false, scratch);
        let matches = scratch.pairs();
        let mut partner_of_a: Vec<Option<usize>> = vec![None; fa.len()];
        let mut matched_b = vec![false; fb.len()];
        for &(i, j) in matches {
            partner_of_a[i] = Some(j);
            matched_b[j] = true;
        }
        let index_a = ids(fa);
        let index_b = ids(fb);
        for (i, x) in fa.iter().enumerate() {
            let Some(j) = partner_of_a[i] else {
                self.matrix.bump(&x.stance, UNMATCHED);
                continue;
            };
            let y = &fb[j];
            self.matrix.bump(&x.stance, &y.stance);
            tally(&mut self.stance, x.stance == y.stance);
            let via_a = x.via.as_deref().and_then(|v| index_a.get(v).copied());
            let via_b = y.via.as_deref().and_then(|v| index_b.get(v).copied());
            let via_agrees = match (via_a, via_b) {
                (None, None) => true,
                (Some(va), Some(vb)) => partner_of_a[va] == Some(vb),
                _ => false,
            };
            tally(&mut self.via, via_agrees);
            for (p, q) in [(&x.source, &y.source), (&x.target, &y.target)] {
                match (entity_name(p.as_ref(), a), entity_name(q.as_ref(), b)) {
                    (None, None) => {}
                    (Some(m), Some(n)) => tally(&mut self.entity_links, same_name(m, n)),
                    _ => tally(&mut self.entity_links, false),
                }
            }
        }
        for (j, y) in fb.iter().enumerate() {
            if !matched_b[j] {
                self.matrix.bump(UNMATCHED, &y.stance);
            }
        }
    }
}

fn ids(frames: &[Frame]) -> HashMap<&str, usize> {
    frames
        .iter()
        .enumerate()
        .map(|(k, f)| (f.id.as_str(), k))
        .collect()
}

fn tally(t: &mut Tally, agrees: bool) {
    t.total += 1;
    t.agree += u64::from(agrees);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Entity, Participant};
    use crate::review::test_support::{frame, set};

    #[test]
    fn hand_computed_matrix_via_and_links() {
        // Text of 19 code points, one CJK and an emoji among them.
        let doc = Document::new("d", "ab😀d efgh 中jkl mnop");
        // A: warning [0,4), denial [5,9) via f1, report [15,19).
        // B: warning [1,4), warning [5,9) via g1, threat [10,14).
        // Matches (unlabeled overlap): A.f1–B.g1, A.f2–B.g2; A.f3 and B.g3 unmatched.
        // Matrix: (warning, warning) 1, (denial, warning) 1, (report, none) 1,
        // (none, threat) 1. Stance agreement 1/2. via: f1/g1 both none → agree; f2 via f1,
        // g2 via g1, and f1–g1 are matched → agree: 2/2.
        let mut f2 = frame(&doc, "f2", 5, 9, "denial");
        f2.via = Some("f1".into());
        f2.source = Some(Participant {
            span: None,
            entity: Some("e1".into()),
        });
        let mut a = set(
            &doc,
            "a",
            vec![
                frame(&doc, "f1", 0, 4, "warning"),
                f2,
                frame(&doc, "f3", 15, 19, "report"),
            ],
        );
        a.set_entities(vec![Entity::new("e1", "Donald Trump", "person")]);
        let mut g2 = frame(&doc, "g2", 5, 9, "warning");
        g2.via = Some("g1".into());
        g2.source = Some(Participant {
            span: None,
            entity: Some("x".into()),
        });
        g2.target = Some(Participant {
            span: None,
            entity: Some("y".into()),
        });
        let mut b = set(
            &doc,
            "b",
            vec![
                frame(&doc, "g1", 1, 4, "warning"),
                g2,
                frame(&doc, "g3", 10, 14, "threat"),
            ],
        );
        b.set_entities(vec![
            Entity::new("x", " donald trump", "person"),
            Entity::new("y", "Iran", "country"),
        ]);
        let names = vec!["a".to_owned(), "b".to_owned()];
        let r = confusion(
            &names,
            &[DocumentAnnotations {
                document: &doc,
                sets: vec![&a, &b],
            }],
        );
        let m = &r.pairs[0].matrix;
        assert_eq!(
            m.labels,
            ["denial", "report", "threat", "warning", "(none)"]
        );
        assert_eq!(m.count("warning", "warning"), 1);
        assert_eq!(m.count("denial", "warning"), 1);
        assert_eq!(m.count("report", "(none)"), 1);
        assert_eq!(m.count("(none)", "threat"), 1);
        assert_eq!(m.total(), 4);
        assert_eq!(r.pairs[0].stance, Tally { agree: 1, total: 2 });
        assert_eq!(r.pairs[0].via, Tally { agree: 2, total: 2 });
        // Source: both link "Donald Trump" (case and space ignored) → agree; target: only B
        // links → disagree. 1 of 2.
        assert_eq!(r.pairs[0].entity_links, Tally { agree: 1, total: 2 });
        assert_eq!(r.pooled.matrix, *m);
    }

    #[test]
    fn pooled_sums_pairs_and_via_to_unmatched_frames_disagrees() {
        let doc = Document::new("d", "abcd efgh");
        let mut a2 = frame(&doc, "a2", 5, 9, "warning");
        a2.via = Some("a1".into());
        let a = set(&doc, "a", vec![frame(&doc, "a1", 0, 4, "report"), a2]);
        // B reports through a frame that A's reporting frame is not matched to (B has none at
        // [0,4)); its via names a frame that does not exist → counts as absent.
        let mut b2 = frame(&doc, "b2", 5, 9, "warning");
        b2.via = Some("missing".into());
        let b = set(&doc, "b", vec![b2]);
        let c = set(&doc, "c", vec![frame(&doc, "c1", 0, 4, "report")]);
        let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let r = confusion(
            &names,
            &[DocumentAnnotations {
                document: &doc,
                sets: vec![&a, &b, &c],
            }],
        );
        // a/b: (report, none), (warning, warning), via disagrees (a1 vs none).
        // a/c: (report, report), (warning, none). b/c: (warning, none), (none, report).
        assert_eq!(r.pairs[0].via, Tally { agree: 0, total: 1 });
        assert_eq!(r.pairs[1].via, Tally { agree: 1, total: 1 });
        let p = &r.pooled.matrix;
        assert_eq!(p.count("report", "(none)"), 1);
        assert_eq!(p.count("warning", "warning"), 1);
        assert_eq!(p.count("report", "report"), 1);
        assert_eq!(p.count("warning", "(none)"), 2);
        assert_eq!(p.count("(none)", "report"), 1);
        assert_eq!(p.total(), 6);
        assert_eq!(r.pooled.stance, Tally { agree: 2, total: 2 });
        assert_eq!(r.pooled.entity_links, Tally { agree: 0, total: 0 });
    }
}
