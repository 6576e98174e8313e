//! The stance map of the fixture project: every count below is worked out by hand from the
//! table in `fixture.rs`.

use std::collections::BTreeMap;

use stancemark::corpus::map::{published_date, Edge};
use stancemark::corpus::usage::{usage, Proposal};
use stancemark::corpus::{Corpus, MapFilter, NodeId, Perspective, StanceMap};
use stancemark::project::Project;

use super::fixture;

fn corpus() -> (tempfile::TempDir, Project, Corpus) {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), true);
    let c = p.load_corpus().unwrap();
    (dir, p, c)
}

fn build(c: &Corpus, p: &Project, perspective: Perspective, filter: MapFilter) -> StanceMap {
    let r = p.load_registry().unwrap();
    StanceMap::build(c, r.as_ref(), &perspective, &filter)
}

fn all(c: &Corpus, p: &Project) -> StanceMap {
    build(c, p, Perspective::AllAnnotators, MapFilter::default())
}

/// `(source, target, stance, total, [(annotator, n)])` of one edge.
type EdgeRow = (String, String, String, usize, Vec<(String, usize)>);

/// Every edge as an [`EdgeRow`].
fn edges(m: &StanceMap) -> Vec<EdgeRow> {
    m.edges
        .iter()
        .map(|e: &Edge| {
            (
                e.source.to_string(),
                e.target.to_string(),
                e.stance.clone(),
                e.count.total,
                e.count
                    .by_annotator
                    .iter()
                    .map(|(a, n)| (a.clone(), *n))
                    .collect(),
            )
        })
        .collect()
}

fn per(pairs: &[(&str, usize)]) -> Vec<(String, usize)> {
    pairs.iter().map(|(a, n)| (a.to_string(), *n)).collect()
}

fn e(s: &str, t: &str, stance: &str, total: usize, by: &[(&str, usize)]) -> EdgeRow {
    (s.into(), t.into(), stance.into(), total, per(by))
}

const KFM_KEY: &str = "unlinked:kestria foreign ministry";

#[test]
fn all_annotators_edges_counted_per_annotator() {
    let (_d, p, c) = corpus();
    let m = all(&c, &p);
    assert_eq!(m.annotators, ["alice", "bob"]);
    assert_eq!(
        edges(&m),
        vec![
            e(
                "kestria",
                "ostland",
                "condemnation",
                3,
                &[("alice", 1), ("bob", 2)]
            ),
            e("kestria", "ostland", "threat", 1, &[("bob", 1)]),
            e("kestria", "ostland", "warning", 1, &[("alice", 1)]),
            e("kfm", "ostland", "warning", 1, &[("bob", 1)]),
            e("ostland", "kestria", "condemnation", 1, &[("alice", 1)]),
            e("ostland", "kestria", "denial", 1, &[("alice", 1)]),
            e(
                "ostland",
                "kestria",
                "warning",
                2,
                &[("alice", 1), ("bob", 1)]
            ),
            e(KFM_KEY, "ostland", "condemnation", 1, &[("alice", 1)]),
            e(KFM_KEY, "ostland", "warning", 1, &[("alice", 1)]),
        ]
    );
    let cond = &m.edges[0];
    assert_eq!(cond.documents, ["d1", "d2"]);
    let refs: Vec<(&str, &str, &str, &str)> = cond
        .frames
        .iter()
        .map(|f| {
            (
                &*f.document,
                &*f.annotator,
                f.frame.as_str(),
                f.claim.as_str(),
            )
        })
        .collect();
    assert_eq!(
        refs,
        [
            ("d1", "alice", "f1", "Ostland over the dam"),
            ("d1", "bob", "f1", "Ostland over the dam"),
            ("d2", "bob", "f1", "Ostland."),
        ]
    );
    let s = &m.summary;
    assert_eq!(
        (s.documents, s.frames, s.without_source, s.without_target),
        (4, 14, 0, 2)
    );
    assert_eq!(s.unreadable_dates, [("d4".to_owned(), "soon".to_owned())]);
}

#[test]
fn nodes_registry_and_unlinked_with_spellings() {
    let (_d, p, c) = corpus();
    let m = all(&c, &p);
    let ids: Vec<&str> = m.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        ["kestria", "kfm", "ostland", "unlinked:farmers", KFM_KEY]
    );
    let k = m.node(&NodeId::entity("kestria")).unwrap();
    assert_eq!(
        (k.label.as_str(), k.kind.as_deref(), k.linked),
        ("Kestria", Some("government"), true)
    );
    assert_eq!(
        (
            k.as_source.get("alice"),
            k.as_source.get("bob"),
            k.as_source.total
        ),
        (2, 3, 5)
    );
    assert_eq!(
        (
            k.as_target.get("alice"),
            k.as_target.get("bob"),
            k.as_target.total
        ),
        (3, 1, 4)
    );
    let o = m.node(&NodeId::entity("ostland")).unwrap();
    assert_eq!((o.as_source.total, o.as_target.total), (5, 8));
    assert_eq!((o.as_target.get("alice"), o.as_target.get("bob")), (4, 4));
    let u = &m.nodes[4];
    assert!(!u.linked);
    assert_eq!(u.kind, None);
    assert_eq!(
        u.names,
        [
            "Kestria's foreign ministry",
            "The Foreign Ministry of Kestria"
        ]
    );
    // One frame each: the first spelling in sort order labels the node.
    assert_eq!(u.label, "Kestria's foreign ministry");
    assert_eq!((u.as_source.get("alice"), u.as_target.total), (2, 0));
}

#[test]
fn one_annotator_and_gold() {
    let (_d, p, c) = corpus();
    let m = build(
        &c,
        &p,
        Perspective::Annotator("alice".into()),
        MapFilter::default(),
    );
    assert_eq!(m.annotators, ["alice"]);
    assert_eq!(m.summary.frames, 8);
    // K→O condemnation and warning; O→K condemnation, denial, warning; the unlinked
    // ministry → O condemnation and warning.
    assert_eq!(m.edges.len(), 7);
    let g = build(&c, &p, Perspective::Gold, MapFilter::default());
    assert_eq!(g.annotators, ["gold"]);
    assert_eq!(
        edges(&g),
        vec![
            e("kestria", "ostland", "condemnation", 1, &[("gold", 1)]),
            e("kfm", "ostland", "warning", 1, &[("gold", 1)]),
            e("ostland", "kestria", "denial", 1, &[("gold", 1)]),
        ]
    );
    assert_eq!((g.summary.documents, g.summary.frames), (1, 3));
}

#[test]
fn filters_by_stance_outlet_dates_documents_and_annotators() {
    let (_d, p, c) = corpus();
    let f = |filter: MapFilter| build(&c, &p, Perspective::AllAnnotators, filter).summary;
    let warning = build(
        &c,
        &p,
        Perspective::AllAnnotators,
        MapFilter {
            stances: ["warning".to_owned()].into(),
            ..Default::default()
        },
    );
    assert_eq!(warning.summary.frames, 5);
    assert_eq!(
        edges(&warning),
        vec![
            e("kestria", "ostland", "warning", 1, &[("alice", 1)]),
            e("kfm", "ostland", "warning", 1, &[("bob", 1)]),
            e(
                "ostland",
                "kestria",
                "warning",
                2,
                &[("alice", 1), ("bob", 1)]
            ),
            e(KFM_KEY, "ostland", "warning", 1, &[("alice", 1)]),
        ]
    );
    let daily = f(MapFilter {
        outlets: ["Daily A".to_owned()].into(),
        ..Default::default()
    });
    assert_eq!((daily.documents, daily.frames), (2, 8));
    let march = f(MapFilter {
        from: published_date("2025-03-04"),
        until: published_date("2025-03-31"),
        ..Default::default()
    });
    assert_eq!(
        (march.documents, march.frames, march.excluded_undated),
        (2, 6, 1)
    );
    let first_day = f(MapFilter {
        until: published_date("2025-03-03"),
        ..Default::default()
    });
    assert_eq!(
        (first_day.documents, first_day.frames),
        (1, 6),
        "the bound is inclusive"
    );
    let d2 = f(MapFilter {
        documents: Some(["d2".to_owned()].into()),
        ..Default::default()
    });
    assert_eq!((d2.documents, d2.frames), (1, 4));
    let bob = build(
        &c,
        &p,
        Perspective::AllAnnotators,
        MapFilter {
            annotators: ["bob".to_owned()].into(),
            ..Default::default()
        },
    );
    assert_eq!(
        (bob.annotators.as_slice(), bob.summary.frames),
        (&["bob".to_owned()][..], 6)
    );
}

#[test]
fn weekly_timeline_with_empty_weeks_and_undated_frames() {
    let (_d, p, c) = corpus();
    let t = all(&c, &p).timeline;
    let weeks: Vec<(&str, &str, usize)> = t
        .weeks
        .iter()
        .map(|w| (w.week.as_str(), w.start.as_str(), w.total))
        .collect();
    assert_eq!(
        weeks,
        [
            ("2025-W10", "2025-03-03", 10),
            ("2025-W11", "2025-03-10", 0),
            ("2025-W12", "2025-03-17", 2)
        ]
    );
    let w10: BTreeMap<&str, usize> = t.weeks[0]
        .by_stance
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        w10,
        BTreeMap::from([("condemnation", 4), ("denial", 2), ("warning", 4)])
    );
    assert_eq!(t.undated, 2);
}

#[test]
fn per_outlet_table() {
    let (_d, p, c) = corpus();
    let m = all(&c, &p);
    let rows: Vec<(Option<&str>, Option<&str>, &str, usize)> = m
        .outlets
        .iter()
        .map(|r| {
            (
                r.outlet.as_deref(),
                r.source.as_ref().map(|s| s.as_str()),
                r.stance.as_str(),
                r.count.total,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (None, Some("kestria"), "threat", 1),
            (None, Some("kestria"), "warning", 1),
            (Some("Daily A"), Some("kestria"), "condemnation", 2),
            (Some("Daily A"), Some("kfm"), "warning", 1),
            (Some("Daily A"), Some("ostland"), "condemnation", 1),
            (Some("Daily A"), Some("ostland"), "denial", 2),
            (Some("Daily A"), Some("unlinked:farmers"), "demand", 1),
            (Some("Daily A"), Some(KFM_KEY), "warning", 1),
            (Some("Wire B"), Some("kestria"), "condemnation", 1),
            (Some("Wire B"), Some("ostland"), "warning", 2),
            (Some("Wire B"), Some(KFM_KEY), "condemnation", 1),
        ]
    );
}

#[test]
fn matrix_cells_and_dominant_stance() {
    let (_d, p, c) = corpus();
    let m = all(&c, &p);
    let x = m.matrix();
    let ids = |v: &[NodeId]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    // Out-edge frames: kestria 5, ostland 4, unlinked kfm 2, kfm 1.
    assert_eq!(ids(&x.sources), ["kestria", "ostland", KFM_KEY, "kfm"]);
    assert_eq!(ids(&x.targets), ["ostland", "kestria"]);
    let k_o = x
        .cells
        .iter()
        .find(|c| c.source == 0 && c.target == 0)
        .unwrap();
    assert_eq!(k_o.total, 5);
    assert_eq!(k_o.dominant(), "condemnation");
    assert_eq!(
        k_o.by_stance,
        [
            ("condemnation".to_owned(), 3),
            ("threat".to_owned(), 1),
            ("warning".to_owned(), 1)
        ]
    );
    let between = m.frames_between(&NodeId::entity("ostland"), &NodeId::entity("kestria"));
    assert_eq!(between.len(), 4);
}

#[test]
fn without_a_registry_per_file_entities_group_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), false);
    let c = p.load_corpus().unwrap();
    let m = StanceMap::build(&c, None, &Perspective::AllAnnotators, &MapFilter::default());
    let ids: Vec<&str> = m.nodes.iter().map(|n| n.id.as_str()).collect();
    // bob's kfm copy "Kestrian Foreign Ministry" keys apart from the spans' "kestria …".
    assert_eq!(
        ids,
        [
            "unlinked:farmers",
            "unlinked:kestria",
            KFM_KEY,
            "unlinked:kestrian foreign ministry",
            "unlinked:ostland"
        ]
    );
    assert_eq!(m.edges.len(), 9);
}

#[test]
fn usage_counts_entities_per_annotator_and_groups_unlinked_names() {
    let (_d, p, c) = corpus();
    let r = p.load_registry().unwrap().unwrap();
    let u = usage(&c, Some(&r));
    assert_eq!(u.annotators, ["alice", "bob", "gold"]);
    let row = |id: &str| {
        let e = u.entities.iter().find(|e| e.id == id).unwrap();
        let cols = |c: &stancemark::corpus::Counts| (c.get("alice"), c.get("bob"), c.get("gold"));
        (cols(&e.as_source), cols(&e.as_target))
    };
    assert_eq!(row("kestria"), ((2, 3, 1), (3, 1, 1)));
    assert_eq!(row("kfm"), ((0, 1, 1), (0, 0, 0)));
    assert_eq!(row("ostland"), ((3, 2, 1), (4, 4, 2)));
    let groups: Vec<(&str, &str, usize)> = u
        .unlinked
        .iter()
        .map(|g| (g.role, g.key.as_str(), g.count.total))
        .collect();
    assert_eq!(
        groups,
        [
            ("source", "kestria foreign ministry", 2),
            ("source", "farmers", 1)
        ]
    );
    let g = &u.unlinked[0];
    let spellings: Vec<&str> = g.spellings.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        spellings,
        [
            "Kestria's foreign ministry",
            "The Foreign Ministry of Kestria"
        ]
    );
    assert_eq!(
        g.proposals,
        [Proposal::Link {
            entity: "kfm".into(),
            name: "Kestrian Foreign Ministry".into(),
            similarity: 1.0
        }]
    );
    assert!(u.unlinked[1].proposals.is_empty());
}

#[test]
fn near_names_are_proposed_as_merges_and_links() {
    // No registry: every name is unlinked; "kestrian foreign ministry" (bob's copy) and
    // "kestria foreign ministry" (the spans) differ by one letter in 25.
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), false);
    let u = usage(&p.load_corpus().unwrap(), None);
    let g = u
        .unlinked
        .iter()
        .find(|g| g.role == "source" && g.key.as_str() == "kestria foreign ministry")
        .unwrap();
    assert_eq!(g.proposals.len(), 1);
    let Proposal::Merge { key, similarity } = &g.proposals[0] else {
        panic!("{:?}", g.proposals)
    };
    assert_eq!(key.as_str(), "kestrian foreign ministry");
    assert!((similarity - 24.0 / 25.0).abs() < 1e-9, "{similarity}");
}

#[test]
fn split_names_and_split_claims_of_several_fragments() {
    use stancemark::model::{Frame, Participant, Quote, Span, Text};
    // "the Foreign Ministry, officials said, of Kestria": a source name of two fragments keys
    // like the whole name; a claim of two fragments is listed with the gap mark.
    let text = "\"We will not,\" the Foreign Ministry, officials said, of Kestria warned, \"back down.\" 😀";
    let dir = tempfile::tempdir().unwrap();
    let p = Project::init(dir.path(), Some("fragments"), None).unwrap();
    let doc = fixture::document("s", text, Some("Daily A"), "2025-03-03");
    p.save_document(&doc).unwrap();
    let t = Text::new(text.to_owned());
    let span = |needle: &str| fixture::quote(text, needle, 0).extent();
    let claim = Quote::of_text(&t, &[span("We will not,"), span("back down.")]).unwrap();
    let source = Quote::of_text(&t, &[span("the Foreign Ministry"), span("of Kestria")]).unwrap();
    let mut f = Frame::new("f1", claim, "threat");
    f.source = Some(Participant {
        span: Some(source),
        entity: None,
    });
    f.target = Some(Participant {
        span: Some(Quote::new(Span::new(0, 1), "\"")),
        entity: None,
    });
    let set = fixture::set("s", "alice", vec![f]);
    p.save_annotations(&doc, &set).unwrap();
    assert_eq!(p.check().unwrap().problems, []);
    let c = p.load_corpus().unwrap();
    let m = StanceMap::build(&c, None, &Perspective::AllAnnotators, &MapFilter::default());
    assert_eq!(m.edges[0].source.as_str(), KFM_KEY);
    assert_eq!(m.edges[0].frames[0].claim, "We will not, … back down.");
    assert_eq!(
        m.node(&NodeId::unlinked(&stancemark::model::NameKey::of(
            "the Foreign Ministry of Kestria"
        )))
        .unwrap()
        .names,
        ["the Foreign Ministry of Kestria"]
    );
}
