//! Span F1 between two annotators and attribution agreement on matched claims.
//!
//! Claims are matched within one document, one-to-one:
//! - **exact**: the same fragments (equal start and end of each, so a claim of one fragment
//!   never equals one of two) and the same stance;
//! - **overlap**: claims of the same stance sharing at least one code point of their fragments
//!   (the gap of a split quote is not part of it), chosen greedily by largest overlap in code
//!   points; ties go to the earlier start in the first annotator, then the earlier start
//!   in the second, then (a rule of ours, for determinism) the earlier frame of each in canonical
//!   frame order;
//! - **unlabeled overlap**: the same, stance ignored.
//!
//! Counts are pooled over documents (micro): `F1 = 2·Σmatched / (Σ|A| + Σ|B|)`, 1.0 when both
//! annotators have no claims. Per stance label, the same restricted to claims of that stance
//! (the labeled matchings decompose by stance, so these are the pooled matches of that stance).
//!
//! Attribution agreement is measured over the pairs of the labeled overlap matching: the share
//! whose source agrees (the entities' names when both sources name an entity, else the source
//! texts; two absent sources agree), and the same for target and cue (cue text). A role that
//! neither annotator filled in any matched pair has no agreement (undefined), not 1.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::model::{AnnotationSet, Frame, Participant};

use super::score::{Score, Undefined};

/// Claim counts of two annotators and how many were matched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpanCounts {
    pub a: u64,
    pub b: u64,
    pub matched: u64,
}

impl SpanCounts {
    /// `2·matched / (a + b)`, 1.0 when both are empty.
    pub fn f1(self) -> Score {
        if self.a + self.b == 0 {
            return Score::Value(1.0);
        }
        Score::Value(2.0 * self.matched as f64 / (self.a + self.b) as f64)
    }

    fn add(&mut self, other: SpanCounts) {
        self.a += other.a;
        self.b += other.b;
        self.matched += other.matched;
    }
}

/// Agreeing pairs out of compared pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub agree: u64,
    pub total: u64,
}

impl Tally {
    pub fn share(self) -> Score {
        Score::ratio(
            self.agree as f64,
            self.total as f64,
            Undefined::NoMatchedClaims,
        )
    }

    /// [`Tally::share`] for a role (source, target, cue) that `filled` of the compared pairs
    /// had filled by at least one annotator: undefined when none had (two empty roles
    /// "agreeing" every time would read as 1.000).
    pub fn role_share(self, filled: u64) -> Score {
        if self.total > 0 && filled == 0 {
            return Score::Undefined(Undefined::RoleNeverFilled);
        }
        self.share()
    }
}

/// How many compared pairs had each role filled by at least one annotator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RolesFilled {
    pub source: u64,
    pub target: u64,
    pub cue: u64,
}

/// Exact and overlap counts of one stance label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LabelCounts {
    pub exact: SpanCounts,
    pub overlap: SpanCounts,
}

/// Everything pooled for one pair of annotators.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairSpans {
    pub exact: SpanCounts,
    pub overlap: SpanCounts,
    pub unlabeled_overlap: SpanCounts,
    pub per_label: BTreeMap<String, LabelCounts>,
    pub source: Tally,
    pub target: Tally,
    pub cue: Tally,
    /// Compared pairs with the source, target and cue filled by at least one annotator.
    pub filled: RolesFilled,
}

/// Reusable buffers, so that comparing many documents does not allocate per claim.
#[derive(Debug, Default)]
pub struct Scratch {
    candidates: Vec<(usize, usize, usize)>,
    used_a: Vec<bool>,
    used_b: Vec<bool>,
    pairs: Vec<(usize, usize)>,
}

impl Scratch {
    /// The pairs `(i, j)` of the last matching computed into this scratch, sorted by `i`.
    pub fn pairs(&self) -> &[(usize, usize)] {
        &self.pairs
    }
}

impl PairSpans {
    /// Adds one document's claims of annotators `a` and `b`; returns that document's counts
    /// (exact, overlap) for per-document figures.
    pub fn add_document(
        &mut self,
        a: &AnnotationSet,
        b: &AnnotationSet,
        scratch: &mut Scratch,
    ) -> (SpanCounts, SpanCounts) {
        let (fa, fb) = (a.frames(), b.frames());
        let sizes = SpanCounts {
            a: fa.len() as u64,
            b: fb.len() as u64,
            matched: 0,
        };
        for f in fa {
            self.label(&f.stance).exact.a += 1;
            self.label(&f.stance).overlap.a += 1;
        }
        for f in fb {
            self.label(&f.stance).exact.b += 1;
            self.label(&f.stance).overlap.b += 1;
        }

        exact_matching(fa, fb, scratch);
        let exact = SpanCounts {
            matched: scratch.pairs.len() as u64,
            ..sizes
        };
        for &(i, _) in &scratch.pairs {
            self.label(&fa[i].stance).exact.matched += 1;
        }
        self.exact.add(exact);

        overlap_matching(fa, fb, false, scratch);
        self.unlabeled_overlap.add(SpanCounts {
            matched: scratch.pairs.len() as u64,
            ..sizes
        });

        overlap_matching(fa, fb, true, scratch);
        let overlap = SpanCounts {
            matched: scratch.pairs.len() as u64,
            ..sizes
        };
        self.overlap.add(overlap);
        for &(i, j) in &scratch.pairs {
            let (x, y) = (&fa[i], &fb[j]);
            self.label(&x.stance).overlap.matched += 1;
            tally(
                &mut self.source,
                participant_agrees(x.source.as_ref(), a, y.source.as_ref(), b),
            );
            tally(
                &mut self.target,
                participant_agrees(x.target.as_ref(), a, y.target.as_ref(), b),
            );
            tally(&mut self.cue, same_text(cue_text(x), cue_text(y)));
            let filled = &mut self.filled;
            filled.source += u64::from(x.source.is_some() || y.source.is_some());
            filled.target += u64::from(x.target.is_some() || y.target.is_some());
            filled.cue += u64::from(x.cue.is_some() || y.cue.is_some());
        }
        (exact, overlap)
    }

    fn label(&mut self, stance: &str) -> &mut LabelCounts {
        // Allocates once per distinct stance label, not per claim.
        if !self.per_label.contains_key(stance) {
            self.per_label
                .insert(stance.to_owned(), LabelCounts::default());
        }
        self.per_label.get_mut(stance).expect("inserted just above")
    }
}

fn tally(t: &mut Tally, agrees: bool) {
    t.total += 1;
    t.agree += u64::from(agrees);
}

/// Pairs `(i, j)` of claims with the same fragments and stance, one-to-one, into
/// `scratch.pairs`.
pub fn exact_matching(a: &[Frame], b: &[Frame], scratch: &mut Scratch) {
    reset(scratch, a.len(), b.len());
    for (i, x) in a.iter().enumerate() {
        // `b` is in canonical order (claim extent start, end, id): stop once past x's start.
        let xs = x.claim.extent().start;
        for (j, y) in b.iter().enumerate() {
            if y.claim.extent().start > xs {
                break;
            }
            if !scratch.used_b[j] && y.claim.same_spans(&x.claim) && y.stance == x.stance {
                scratch.used_b[j] = true;
                scratch.pairs.push((i, j));
                break;
            }
        }
    }
}

/// The greedy largest-overlap matching (see the module doc) into `scratch.pairs`, as `(i, j)`
/// indices into `a` and `b`, sorted by `i`. With `labeled`, only claims of equal stance match.
pub fn overlap_matching(a: &[Frame], b: &[Frame], labeled: bool, scratch: &mut Scratch) {
    reset(scratch, a.len(), b.len());
    for (i, x) in a.iter().enumerate() {
        let xs = x.claim.extent();
        for (j, y) in b.iter().enumerate() {
            if y.claim.extent().start >= xs.end {
                break; // canonical order: every later claim of b starts even later
            }
            if labeled && x.stance != y.stance {
                continue;
            }
            let common = x.claim.overlap_len(&y.claim);
            if common > 0 {
                scratch.candidates.push((common, i, j));
            }
        }
    }
    // Largest overlap first; then earlier start in a, earlier start in b, then frame order.
    scratch
        .candidates
        .sort_unstable_by(|&(o1, i1, j1), &(o2, i2, j2)| {
            o2.cmp(&o1)
                .then(a[i1].claim.extent().start.cmp(&a[i2].claim.extent().start))
                .then(b[j1].claim.extent().start.cmp(&b[j2].claim.extent().start))
                .then(i1.cmp(&i2))
                .then(j1.cmp(&j2))
        });
    for &(_, i, j) in &scratch.candidates {
        if !scratch.used_a[i] && !scratch.used_b[j] {
            scratch.used_a[i] = true;
            scratch.used_b[j] = true;
            scratch.pairs.push((i, j));
        }
    }
    scratch.pairs.sort_unstable();
}

fn reset(scratch: &mut Scratch, a: usize, b: usize) {
    scratch.candidates.clear();
    scratch.pairs.clear();
    scratch.used_a.clear();
    scratch.used_a.resize(a, false);
    scratch.used_b.clear();
    scratch.used_b.resize(b, false);
}

/// Whether two sources (or targets) agree: by entity name when both resolve to an entity of
/// their own set, else by span text; two absent participants agree.
pub fn participant_agrees(
    x: Option<&Participant>,
    set_x: &AnnotationSet,
    y: Option<&Participant>,
    set_y: &AnnotationSet,
) -> bool {
    if let (Some(ex), Some(ey)) = (entity_name(x, set_x), entity_name(y, set_y)) {
        return same_name(ex, ey);
    }
    same_text(span_text(x), span_text(y))
}

/// The text of a span (fragments joined by one space), as compared across annotators.
fn span_text(p: Option<&Participant>) -> Option<Cow<'_, str>> {
    p?.span.as_ref().map(|q| q.joined_text(" "))
}

fn cue_text(f: &Frame) -> Option<Cow<'_, str>> {
    f.cue.as_ref().map(|q| q.joined_text(" "))
}

/// Equal after trimming (and both absent counts as equal).
fn same_text(a: Option<Cow<'_, str>>, b: Option<Cow<'_, str>>) -> bool {
    a.as_deref().map(str::trim) == b.as_deref().map(str::trim)
}

/// The name of the entity a participant refers to, if it resolves in its set.
pub fn entity_name<'a>(p: Option<&'a Participant>, set: &'a AnnotationSet) -> Option<&'a str> {
    let id = p?.entity.as_deref()?;
    set.entity(id).map(|e| e.name.trim())
}

/// Case-insensitive comparison of two names (entity names are typed by people).
pub fn same_name(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}
