//! Adjudicating nested attribution on `samples/review-project`: a reported frame accepted into
//! gold before the frame that reports it gets its `via` once the reporter arrives, in either
//! order, and "Accept all agreed" counts what is left open as Review mode does.
//!
//! The sample (hand-checked): alice and bob report Iran's signal [230, 293) via WSJ's report
//! [90, 293), which all three annotators agree on exactly; carol has no [230, 293) frame. The
//! three disagree in 15 groups, the first of them [230, 293).

use stancemark::model::{AnnotationSet, Frame, Span};
use stancemark::project::Project;
use stancemark::review::adjudicate::relink_via;
use stancemark::review::auto_accept;
use stancemark::review::disagreement::{align, disagreements};
use stancemark::review::resolve::{decide_accept, resolution};

const DOC: &str = "iran-talks-signals";

fn sets() -> Vec<AnnotationSet> {
    let p = Project::open(&crate::util::sample_path("review-project")).unwrap();
    ["alice", "bob", "carol"]
        .iter()
        .map(|n| p.load_annotations(n, DOC).unwrap().unwrap())
        .collect()
}

fn empty_gold(sets: &[AnnotationSet]) -> AnnotationSet {
    AnnotationSet::new(DOC, "gold", sets[0].schema.clone())
}

fn at(gold: &AnnotationSet, start: usize, end: usize) -> &Frame {
    gold.frames()
        .iter()
        .find(|f| f.claim.extent() == Span::new(start, end))
        .unwrap_or_else(|| panic!("no gold frame at [{start}, {end})"))
}

/// Accepts alice's version of the group holding her frame `id` (as Alt+1 in Review mode).
fn accept_alice(refs: &[&AnnotationSet], gold: &mut AnnotationSet, id: &str) {
    let k = refs[0].frame_index(id).unwrap();
    let group = align(refs)
        .into_iter()
        .find(|g| g.frames.contains(&(0, k)))
        .unwrap();
    decide_accept(refs, gold, &group.frames, 0, id, false, "dana")
        .unwrap()
        .apply(gold)
        .unwrap();
}

#[test]
fn a_nested_frame_accepted_before_its_reporter_is_linked_when_it_arrives() {
    let sets = sets();
    let refs: Vec<&AnnotationSet> = sets.iter().collect();
    assert_eq!(disagreements(&refs).len(), 15);
    let mut gold = empty_gold(&sets);
    accept_alice(&refs, &mut gold, "f2");
    assert_eq!(at(&gold, 230, 293).via, None, "no reporter in gold yet");
    let step = auto_accept(&refs, &gold, 3, "dana");
    // Ten groups all three agree on: [90, 293), [366, 563), [408, 563), [1131, 1247),
    // [1514, 1603), [1845, 1934), [1886, 1934), [2032, 2110), [2169, 2237), [2738, 2766).
    assert_eq!(step.accepted, 10);
    // Only the group of [230, 293) is decided.
    assert_eq!((step.conflicts, step.disagreements), (14, 15));
    step.transaction.apply(&mut gold).unwrap();
    let reporter = at(&gold, 90, 293).id.clone();
    assert_eq!(at(&gold, 230, 293).via.as_deref(), Some(reporter.as_str()));
    // The link is part of the same undoable step.
    step.transaction.invert().apply(&mut gold).unwrap();
    assert_eq!(gold.frames().len(), 1);
    assert_eq!(at(&gold, 230, 293).via, None);
}

#[test]
fn a_nested_frame_accepted_after_its_reporter_is_linked_at_once() {
    let sets = sets();
    let refs: Vec<&AnnotationSet> = sets.iter().collect();
    let mut gold = empty_gold(&sets);
    auto_accept(&refs, &gold, 3, "dana")
        .transaction
        .apply(&mut gold)
        .unwrap();
    accept_alice(&refs, &mut gold, "f2");
    let reporter = at(&gold, 90, 293).id.clone();
    assert_eq!(at(&gold, 230, 293).via.as_deref(), Some(reporter.as_str()));
    // [1533, 1603) via [1514, 1603): the same, on another pair.
    accept_alice(&refs, &mut gold, "f11");
    let reporter = at(&gold, 1514, 1603).id.clone();
    assert_eq!(
        at(&gold, 1533, 1603).via.as_deref(),
        Some(reporter.as_str())
    );
}

#[test]
fn replacing_the_reporter_moves_the_link_to_the_new_version() {
    let sets = sets();
    let refs: Vec<&AnnotationSet> = sets.iter().collect();
    let mut gold = empty_gold(&sets);
    // [1629, 1815): alice and bob's WSJ report, reporting Iran's threat [1676, 1815).
    accept_alice(&refs, &mut gold, "f13");
    accept_alice(&refs, &mut gold, "f12");
    let first = at(&gold, 1629, 1815).id.clone();
    assert_eq!(at(&gold, 1676, 1815).via.as_deref(), Some(first.as_str()));
    // Accepting bob's (identical) version of the report replaces alice's gold frame; the
    // reported frame follows it instead of losing its link.
    let k = refs[1].frame_index("f12").unwrap();
    let group = align(&refs)
        .into_iter()
        .find(|g| g.frames.contains(&(1, k)))
        .unwrap();
    decide_accept(&refs, &gold, &group.frames, 1, "f12", false, "dana")
        .unwrap()
        .apply(&mut gold)
        .unwrap();
    let second = at(&gold, 1629, 1815).id.clone();
    assert_ne!(first, second);
    assert_eq!(at(&gold, 1676, 1815).via.as_deref(), Some(second.as_str()));
}

#[test]
fn a_link_cleared_by_the_adjudicator_is_not_restored_by_later_steps() {
    let sets = sets();
    let refs: Vec<&AnnotationSet> = sets.iter().collect();
    let mut gold = empty_gold(&sets);
    auto_accept(&refs, &gold, 3, "dana")
        .transaction
        .apply(&mut gold)
        .unwrap();
    accept_alice(&refs, &mut gold, "f2");
    let linked = at(&gold, 230, 293).clone();
    let mut cleared = linked.clone();
    cleared.via = None;
    stancemark::model::Op::UpdateFrame {
        old: linked,
        new: cleared,
    }
    .apply(&mut gold)
    .unwrap();
    let mut tx = stancemark::model::Transaction::new("nothing new");
    let after = relink_via(&refs, &gold, &mut tx);
    assert!(tx.is_empty());
    assert_eq!(at(&after, 230, 293).via, None);
    // Every group stays where it was.
    for g in align(&refs) {
        assert_eq!(
            resolution(&refs, &after, &g.frames),
            resolution(&refs, &gold, &g.frames)
        );
    }
}
