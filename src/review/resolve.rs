//! Where each aligned group stands against the gold set, and the decisions that change it.
//!
//! A group of annotators' frames ([`super::disagreement::Group`]) is **accepted** when a gold
//! frame agrees exactly ([`FrameKey`]) with one of its frames, or when a gold frame's
//! [`Provenance`] names one of its frames (an accepted frame edited afterwards); it is
//! **rejected** when the gold set records a rejection of exactly its frames; otherwise it is
//! **open**. Acceptance wins over a stale rejection.
//!
//! **Rejections** are kept in the gold file itself, under the top-level key `"rejected"` of
//! [`AnnotationSet::extra`] (so the native format keeps them without a format change), sorted:
//!
//! ```text
//! "rejected": [{"claim": [start, end], "frames": [{"annotator": "bob", "frame": "f7"}, …]}, …]
//! ```
//!
//! `claim` is the smallest span covering the group's claims (their extents, for split claims) in
//! code points, half-open, for readers; the group is identified by `frames` (annotator names and
//! their frame ids). Every decision here is a
//! [`Transaction`]: [`decide_accept`] (accept one version, replacing an earlier decision on the
//! group) and [`decide_reject`] (remove the group's gold frames, record the rejection).

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::model::{AnnotationSet, Frame, Op, Span, Transaction};

use super::adjudicate::{accept, relink_via, AdjudicationError, Origin, Provenance};
use super::disagreement::FrameAt;
use super::key::FrameKey;

/// The key of [`AnnotationSet::extra`] holding the rejections of a gold set.
pub const REJECTED_KEY: &str = "rejected";

/// One recorded rejection (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Rejection {
    pub claim: [usize; 2],
    pub frames: Vec<Origin>,
}

/// Where a group stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Open,
    /// Gold frames resolve it: their ids, and the compared annotators (indices) whose frame in
    /// the group agrees exactly with one of them.
    Accepted {
        gold: Vec<String>,
        annotators: Vec<usize>,
    },
    Rejected,
}

/// The rejections recorded in `gold`, or an error naming what is malformed.
pub fn rejections(gold: &AnnotationSet) -> Result<Vec<Rejection>, String> {
    match gold.extra.get(REJECTED_KEY) {
        None => Ok(Vec::new()),
        Some(v) => Vec::<Rejection>::deserialize(v)
            .map_err(|e| format!("gold field {REJECTED_KEY:?} is malformed: {e}")),
    }
}

/// The origins of a group's frames, sorted.
pub fn origins(sets: &[&AnnotationSet], frames: &[FrameAt]) -> Vec<Origin> {
    let mut out: Vec<Origin> = frames
        .iter()
        .map(|&(r, k)| Origin {
            annotator: sets[r].annotator.clone(),
            frame: sets[r].frames()[k].id.clone(),
        })
        .collect();
    out.sort();
    out
}

/// Where the group of `frames` stands against `gold` (a malformed rejection list counts as
/// none; [`rejections`] reports it).
pub fn resolution(sets: &[&AnnotationSet], gold: &AnnotationSet, frames: &[FrameAt]) -> Resolution {
    let gold_frames = resolving_gold(sets, gold, frames);
    if !gold_frames.is_empty() {
        let keys: HashMap<FrameKey, &str> = gold_frames
            .iter()
            .map(|f| (FrameKey::of(f, gold), f.id.as_str()))
            .collect();
        let mut annotators: Vec<usize> = frames
            .iter()
            .filter(|&&(r, k)| keys.contains_key(&FrameKey::of(&sets[r].frames()[k], sets[r])))
            .map(|&(r, _)| r)
            .collect();
        annotators.dedup();
        return Resolution::Accepted {
            gold: gold_frames.iter().map(|f| f.id.clone()).collect(),
            annotators,
        };
    }
    let mine = origins(sets, frames);
    let rejected = rejections(gold).unwrap_or_default();
    if rejected.iter().any(|r| r.frames == mine) {
        Resolution::Rejected
    } else {
        Resolution::Open
    }
}

/// Gold frames that resolve the group: equal keys, or provenance naming one of its frames.
fn resolving_gold<'g>(
    sets: &[&AnnotationSet],
    gold: &'g AnnotationSet,
    frames: &[FrameAt],
) -> Vec<&'g Frame> {
    let keys: BTreeSet<FrameKey> = frames
        .iter()
        .map(|&(r, k)| FrameKey::of(&sets[r].frames()[k], sets[r]))
        .collect();
    let mine = origins(sets, frames);
    gold.frames()
        .iter()
        .filter(|g| {
            keys.contains(&FrameKey::of(g, gold))
                || matches!(Provenance::of(g), Some(Ok(p)) if p.agreed.iter().any(|o| mine.contains(o)))
        })
        .collect()
}

/// The op that removes the group's rejection record, if there is one.
fn clear_rejection(gold: &AnnotationSet, mine: &[Origin]) -> Option<Op> {
    let list = rejections(gold).ok()?;
    if !list.iter().any(|r| r.frames == mine) {
        return None;
    }
    let kept: Vec<&Rejection> = list.iter().filter(|r| r.frames != mine).collect();
    Some(set_rejections(gold, &kept))
}

fn set_rejections(gold: &AnnotationSet, list: &[&Rejection]) -> Op {
    Op::SetExtra {
        key: REJECTED_KEY.to_owned(),
        old: gold.extra.get(REJECTED_KEY).cloned(),
        // Invariant: numbers and strings always serialise.
        new: (!list.is_empty()).then(|| serde_json::to_value(list).expect("rejections serialise")),
    }
}

/// Ops removing `frames` from `gold`, dropping the `via` of gold frames that pointed to them.
fn remove_frames(gold: &AnnotationSet, frames: &[&Frame], tx: &mut Transaction) {
    let gone: BTreeSet<&str> = frames.iter().map(|f| f.id.as_str()).collect();
    for f in gold.frames() {
        if gone.contains(f.id.as_str()) {
            continue;
        }
        if f.via.as_deref().is_some_and(|v| gone.contains(v)) {
            let mut n = f.clone();
            n.via = None;
            tx.push(Op::UpdateFrame {
                old: f.clone(),
                new: n,
            });
        }
    }
    for f in frames {
        tx.push(Op::RemoveFrame((*f).clone()));
    }
}

/// Accepts annotator `annotator`'s frame `frame_id` of the group `frames` into `gold`
/// ([`accept`]; with `edit`, its provenance says "edited": the adjudicator accepted it to edit
/// it), replacing the gold frames that resolved the group before and clearing a
/// rejection of it, in one transaction — which also links, both ways, the `via` of frames
/// accepted earlier ([`relink_via`]).
pub fn decide_accept(
    sets: &[&AnnotationSet],
    gold: &AnnotationSet,
    frames: &[FrameAt],
    annotator: usize,
    frame_id: &str,
    edit: bool,
    adjudicator: &str,
) -> Result<Transaction, AdjudicationError> {
    let original = sets
        .get(annotator)
        .and_then(|s| s.frame(frame_id))
        .filter(|_| edit);
    let mut tx = accept(sets, gold, annotator, frame_id, original, adjudicator)?;
    let before = resolving_gold(sets, gold, frames);
    remove_frames(gold, &before, &mut tx);
    if let Some(op) = clear_rejection(gold, &origins(sets, frames)) {
        tx.push(op);
    }
    relink_via(sets, gold, &mut tx);
    Ok(tx)
}

/// Rejects the group `frames` (union of claims `span`): removes the gold frames that resolved it
/// and records the rejection, in one transaction. `None` when it is already rejected and has no
/// gold frame.
pub fn decide_reject(
    sets: &[&AnnotationSet],
    gold: &AnnotationSet,
    frames: &[FrameAt],
    span: Span,
) -> Option<Transaction> {
    let mine = origins(sets, frames);
    let before = resolving_gold(sets, gold, frames);
    let mut list = rejections(gold).unwrap_or_default();
    let known = list.iter().any(|r| r.frames == mine);
    if known && before.is_empty() {
        return None;
    }
    let mut tx = Transaction::new(format!(
        "reject the claims at [{}, {})",
        span.start, span.end
    ));
    remove_frames(gold, &before, &mut tx);
    if !known {
        list.push(Rejection {
            claim: [span.start, span.end],
            frames: mine,
        });
        list.sort();
        tx.push(set_rejections(gold, &list.iter().collect::<Vec<_>>()));
    }
    Some(tx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Quote, Schema};
    use crate::review::disagreement::align;

    fn set(annotator: &str, frames: &[(usize, usize, &str)]) -> AnnotationSet {
        let mut s = AnnotationSet::new("d", annotator, Schema::default_news().reference());
        for (i, &(a, b, stance)) in frames.iter().enumerate() {
            let f = Frame::new(
                format!("f{}", i + 1),
                Quote::new(Span::new(a, b), "x"),
                stance,
            );
            Op::AddFrame(f).apply(&mut s).unwrap();
        }
        s
    }

    #[test]
    fn accept_reject_and_replace_move_a_group_between_states() {
        let a = set("alice", &[(0, 10, "warning"), (20, 30, "denial")]);
        let b = set("bob", &[(0, 10, "threat"), (20, 30, "denial")]);
        let sets = [&a, &b];
        let groups = align(&sets);
        assert_eq!(groups.len(), 2);
        let g = &groups[0].frames;
        let mut gold = AnnotationSet::new("d", "gold", Schema::default_news().reference());
        assert_eq!(resolution(&sets, &gold, g), Resolution::Open);

        decide_accept(&sets, &gold, g, 0, "f1", false, "dana")
            .unwrap()
            .apply(&mut gold)
            .unwrap();
        let first = gold.frames()[0].id.clone();
        assert_eq!(
            resolution(&sets, &gold, g),
            Resolution::Accepted {
                gold: vec![first.clone()],
                annotators: vec![0]
            }
        );
        assert_eq!(gold.frames()[0].stance, "warning");

        // Accepting bob's version replaces alice's.
        decide_accept(&sets, &gold, g, 1, "f1", false, "dana")
            .unwrap()
            .apply(&mut gold)
            .unwrap();
        assert_eq!(gold.frames().len(), 1);
        assert_eq!(gold.frames()[0].stance, "threat");

        let tx = decide_reject(&sets, &gold, g, groups[0].span).unwrap();
        tx.apply(&mut gold).unwrap();
        assert!(gold.frames().is_empty());
        assert_eq!(resolution(&sets, &gold, g), Resolution::Rejected);
        assert_eq!(
            rejections(&gold).unwrap(),
            vec![Rejection {
                claim: [0, 10],
                frames: vec![
                    Origin {
                        annotator: "alice".into(),
                        frame: "f1".into()
                    },
                    Origin {
                        annotator: "bob".into(),
                        frame: "f1".into()
                    }
                ]
            }]
        );
        assert!(decide_reject(&sets, &gold, g, groups[0].span).is_none());
        assert_eq!(
            resolution(&sets, &gold, &groups[1].frames),
            Resolution::Open
        );

        // Accepting after a rejection clears the record; undo restores it.
        let tx = decide_accept(&sets, &gold, g, 0, "f1", false, "dana").unwrap();
        let before = gold.clone();
        tx.apply(&mut gold).unwrap();
        assert!(rejections(&gold).unwrap().is_empty());
        assert!(!gold.extra.contains_key(REJECTED_KEY));
        tx.invert().apply(&mut gold).unwrap();
        assert_eq!(gold, before);
    }

    #[test]
    fn an_edited_gold_frame_still_resolves_its_group() {
        let a = set("alice", &[(0, 10, "warning")]);
        let b = set("bob", &[(0, 12, "warning")]);
        let sets = [&a, &b];
        let g = align(&sets)[0].frames.clone();
        let mut gold = AnnotationSet::new("d", "gold", Schema::default_news().reference());
        decide_accept(&sets, &gold, &g, 1, "f1", false, "dana")
            .unwrap()
            .apply(&mut gold)
            .unwrap();
        let old = gold.frames()[0].clone();
        let mut new = old.clone();
        new.claim = Quote::new(Span::new(1, 12), "x");
        Op::UpdateFrame { old, new }.apply(&mut gold).unwrap();
        assert!(matches!(
            resolution(&sets, &gold, &g),
            Resolution::Accepted { annotators, .. } if annotators.is_empty()
        ));
    }

    #[test]
    fn a_malformed_rejection_list_is_reported() {
        let mut gold = AnnotationSet::new("d", "gold", Schema::default_news().reference());
        gold.extra
            .insert(REJECTED_KEY.into(), serde_json::json!({"claim": 3}));
        let e = rejections(&gold).unwrap_err();
        assert!(e.contains("rejected"), "{e}");
    }
}
