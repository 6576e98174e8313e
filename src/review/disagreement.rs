//! Aligning annotators' frames on one document and classifying their disagreements.
//!
//! **Alignment.** For every pair of annotators, frames are matched one-to-one, greedily, among
//! claims that share at least one code point of their fragments, preferring in this order:
//! exactly agreeing frames ([`FrameKey`]), the same claim fragments, larger overlap (code points
//! shared by the fragments), equal stance, then earlier starts and
//! canonical frame order. The matches of all pairs connect frames into [`Group`]s (connected
//! components); a frame nobody else matched is a group of its own.
//!
//! **Classification.** A group is a [`Disagreement`] unless every compared annotator has exactly
//! agreeing frames in it. Its [`Kind`] is the first that applies:
//! *missing* (some annotators have no frame in the group), *boundary* (claim fragments differ:
//! a boundary, or one annotator splits the quote and another does not),
//! *stance* (same span, different stances), *attribution* (same claim and stance, different
//! source, cue, target or via — via compared by the groups the reporting frames fall in).
//! [`Differences`] records every aspect that differs. The list is sorted by position
//! (claim extent start, then end), the frames of each by annotator then canonical frame order.

use std::collections::HashMap;

use crate::model::{AnnotationSet, Span};

use super::key::FrameKey;

/// A frame of one of the compared annotators: `(annotator index, frame index)` into
/// `sets[annotator].frames()`.
pub type FrameAt = (usize, usize);

/// Frames of different annotators that are aligned with each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Sorted by annotator, then frame index.
    pub frames: Vec<FrameAt>,
    /// The smallest span covering the claims (their extents).
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Missing,
    Boundary,
    Stance,
    Attribution,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Missing => "missing",
            Kind::Boundary => "boundary",
            Kind::Stance => "stance",
            Kind::Attribution => "attribution",
        }
    }
}

/// Every aspect in which the frames of a group differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Differences {
    pub missing: bool,
    pub boundary: bool,
    pub stance: bool,
    pub source: bool,
    pub cue: bool,
    pub target: bool,
    pub via: bool,
}

impl Differences {
    pub fn any(self) -> bool {
        self.kind().is_some()
    }

    /// The primary kind, by precedence missing > boundary > stance > attribution.
    pub fn kind(self) -> Option<Kind> {
        if self.missing {
            Some(Kind::Missing)
        } else if self.boundary {
            Some(Kind::Boundary)
        } else if self.stance {
            Some(Kind::Stance)
        } else if self.source || self.cue || self.target || self.via {
            Some(Kind::Attribution)
        } else {
            None
        }
    }

    /// The attribution fields that differ, e.g. `["source", "cue"]`.
    pub fn attribution_fields(self) -> Vec<&'static str> {
        [
            (self.source, "source"),
            (self.cue, "cue"),
            (self.target, "target"),
            (self.via, "via"),
        ]
        .into_iter()
        .filter_map(|(d, n)| d.then_some(n))
        .collect()
    }
}

/// One disagreement on a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub kind: Kind,
    pub differences: Differences,
    /// The smallest span covering the claims involved (their extents).
    pub span: Span,
    /// The frames involved (annotator index, frame index), by annotator.
    pub frames: Vec<FrameAt>,
    /// Indices of the annotators with no frame in this group.
    pub missing_from: Vec<usize>,
}

/// Aligns the frames of `sets` (one annotator each, all on the same document). Groups are
/// sorted by position.
pub fn align(sets: &[&AnnotationSet]) -> Vec<Group> {
    let keys: Vec<Vec<FrameKey>> = sets
        .iter()
        .map(|s| s.frames().iter().map(|f| FrameKey::of(f, s)).collect())
        .collect();
    let base: Vec<usize> = sets
        .iter()
        .scan(0, |acc, s| {
            let b = *acc;
            *acc += s.frames().len();
            Some(b)
        })
        .collect();
    let total: usize = sets.iter().map(|s| s.frames().len()).sum();
    let mut parent: Vec<usize> = (0..total).collect();
    for i in 0..sets.len() {
        for j in i + 1..sets.len() {
            for (x, y) in pair_matches(sets[i], sets[j], &keys[i], &keys[j]) {
                union(&mut parent, base[i] + x, base[j] + y);
            }
        }
    }
    let mut by_root: HashMap<usize, Vec<FrameAt>> = HashMap::new();
    for (r, s) in sets.iter().enumerate() {
        for k in 0..s.frames().len() {
            let root = find(&mut parent, base[r] + k);
            by_root.entry(root).or_default().push((r, k));
        }
    }
    let mut groups: Vec<Group> = by_root
        .into_values()
        .map(|mut frames| {
            frames.sort_unstable();
            let claim = |&(r, k): &FrameAt| sets[r].frames()[k].claim.extent();
            let span = frames
                .iter()
                .map(claim)
                .reduce(|a, b| a.union(b))
                .unwrap_or(Span::new(0, 0));
            Group { frames, span }
        })
        .collect();
    groups.sort_by(|a, b| (a.span, &a.frames).cmp(&(b.span, &b.frames)));
    groups
}

/// The one-to-one matches between two annotators (see the module doc).
fn pair_matches(
    a: &AnnotationSet,
    b: &AnnotationSet,
    ka: &[FrameKey],
    kb: &[FrameKey],
) -> Vec<(usize, usize)> {
    let (fa, fb) = (a.frames(), b.frames());
    let mut cands = Vec::new();
    for (i, x) in fa.iter().enumerate() {
        for (j, y) in fb.iter().enumerate() {
            let common = x.claim.overlap_len(&y.claim);
            if common > 0 {
                cands.push((i, j, common));
            }
        }
    }
    cands.sort_by(|&(i1, j1, o1), &(i2, j2, o2)| {
        let rank = |i: usize, j: usize, o: usize| {
            (
                std::cmp::Reverse(ka[i] == kb[j]),
                std::cmp::Reverse(fa[i].claim.same_spans(&fb[j].claim)),
                std::cmp::Reverse(o),
                std::cmp::Reverse(fa[i].stance == fb[j].stance),
                fa[i].claim.extent().start,
                fb[j].claim.extent().start,
                i,
                j,
            )
        };
        rank(i1, j1, o1).cmp(&rank(i2, j2, o2))
    });
    let (mut used_a, mut used_b) = (vec![false; fa.len()], vec![false; fb.len()]);
    let mut out = Vec::new();
    for (i, j, _) in cands {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            out.push((i, j));
        }
    }
    out
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// The disagreements among `sets` on one document, sorted by position.
pub fn disagreements(sets: &[&AnnotationSet]) -> Vec<Disagreement> {
    let groups = align(sets);
    classify(sets, &groups)
}

/// Classifies aligned groups (from [`align`] on the same `sets`).
pub fn classify(sets: &[&AnnotationSet], groups: &[Group]) -> Vec<Disagreement> {
    // Which group each frame is in, to compare `via` across annotators.
    let mut group_of: HashMap<(usize, &str), usize> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for &(r, k) in &group.frames {
            group_of.insert((r, sets[r].frames()[k].id.as_str()), g);
        }
    }
    let mut out = Vec::new();
    for group in groups {
        let d = differences(sets, group, &group_of);
        if let Some(kind) = d.kind() {
            let missing_from = (0..sets.len())
                .filter(|r| !group.frames.iter().any(|&(x, _)| x == *r))
                .collect();
            out.push(Disagreement {
                kind,
                differences: d,
                span: group.span,
                frames: group.frames.clone(),
                missing_from,
            });
        }
    }
    out.sort_by(|a, b| (a.span, a.kind, &a.frames).cmp(&(b.span, b.kind, &b.frames)));
    out
}

fn differences(
    sets: &[&AnnotationSet],
    group: &Group,
    group_of: &HashMap<(usize, &str), usize>,
) -> Differences {
    let mut present = vec![false; sets.len()];
    for &(r, _) in &group.frames {
        present[r] = true;
    }
    let mut d = Differences {
        missing: present.iter().any(|p| !p),
        ..Differences::default()
    };
    let Some(&(r0, k0)) = group.frames.first() else {
        return d;
    };
    let key0 = FrameKey::of(&sets[r0].frames()[k0], sets[r0]);
    let via_group = |r: usize, k: usize| {
        sets[r].frames()[k]
            .via
            .as_deref()
            .map(|v| group_of.get(&(r, v)).copied())
    };
    let via0 = via_group(r0, k0);
    for &(r, k) in &group.frames[1..] {
        let key = FrameKey::of(&sets[r].frames()[k], sets[r]);
        d.boundary |= key.claim != key0.claim;
        d.stance |= key.stance != key0.stance;
        d.source |= key.source != key0.source;
        d.cue |= key.cue != key0.cue;
        d.target |= key.target != key0.target;
        d.via |= via_group(r, k) != via0;
    }
    d
}
