//! The sample project `samples/stance-map-project`: five articles of one story from five
//! outlets over four weeks, annotated by alice and bob, with gold and a registry.

use std::process::Command;

use stancemark::corpus::usage::{usage, Proposal};
use stancemark::corpus::{MapFilter, Perspective, StanceMap};
use stancemark::project::Project;

use crate::sample_path;

#[test]
fn the_sample_project_validates() {
    let dir = sample_path("stance-map-project");
    let o = Command::new(env!("CARGO_BIN_EXE_stancemark"))
        .args(["validate", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    // 5 documents, 2 × 5 annotator files, 5 gold files, the registry.
    assert!(out.contains("ok (21 files)"), "{out}");
}

#[test]
fn the_sample_map_has_several_sources_targets_stances_and_unlinked_names() {
    let p = Project::open(&sample_path("stance-map-project")).unwrap();
    let c = p.load_corpus().unwrap();
    let r = p.load_registry().unwrap().unwrap();
    assert_eq!(r.len(), 9);
    let outlets: std::collections::BTreeSet<_> = c
        .documents
        .iter()
        .filter_map(|d| d.outlet.clone())
        .collect();
    assert_eq!(outlets.len(), 5);
    let m = StanceMap::build(
        &c,
        Some(&r),
        &Perspective::AllAnnotators,
        &MapFilter::default(),
    );
    // alice annotated 10 + 9 + 11 + 8 + 9 = 47 frames; bob left out 4 of them.
    assert_eq!((m.summary.documents, m.summary.frames), (5, 90));
    // Without a target: alice 12 (2 + 1 + 4 + 4 + 1), bob the same less 3 he left out.
    assert_eq!(m.summary.without_target, 21);
    let weeks: Vec<&str> = m.timeline.weeks.iter().map(|w| w.week.as_str()).collect();
    assert_eq!(weeks, ["2025-W10", "2025-W11", "2025-W12", "2025-W13"]);
    let stances: std::collections::BTreeSet<&str> =
        m.edges.iter().map(|e| e.stance.as_str()).collect();
    assert!(stances.len() >= 8, "{stances:?}");
    // Two spellings of one unlinked source, from two outlets, meet under one key.
    let energy = m
        .nodes
        .iter()
        .find(|n| n.id.as_str() == "unlinked:ostland energy ministry")
        .unwrap();
    assert_eq!(
        energy.names,
        [
            "Ostland’s energy ministry",
            "The Energy Ministry of Ostland"
        ]
    );
    // One frame per article for each of alice and bob (gold is not an annotator).
    assert_eq!(energy.as_source.total, 4);
    // bob left alice's link of "the Foreign Ministry of Kestria" out: the registry alias
    // proposes it.
    let u = usage(&c, Some(&r));
    let g = u
        .unlinked
        .iter()
        .find(|g| g.key.as_str() == "kestria foreign ministry")
        .unwrap();
    assert_eq!(
        (g.role, g.count.get("bob"), g.count.get("alice")),
        ("target", 1, 0)
    );
    assert!(matches!(&g.proposals[0], Proposal::Link { entity, .. } if entity == "kestria-fm"));
}
