//! The frames behind what the stance map shows: one row per counted frame, so that a click on a
//! matrix cell, an edge, a node, a timeline bar or an outlet row lists exactly the frames its
//! number counts. No egui.
//!
//! [`Drill::of`] walks the corpus with the same rules as [`StanceMap::build`] (perspective,
//! annotators, outlets, `published` range, document set, stances) and resolves sources and
//! targets with the same [`Resolver`], so every [`Pick`] lists as many rows as the map counts
//! for it (tested below on the sample project). Rows are in document order, then annotator,
//! then the annotator's frame order (text order).
//!
//! [`StanceMap::build`]: crate::corpus::StanceMap::build

use std::sync::Arc;

use jiff::civil::Date;

use crate::corpus::map::{iso_week, published_date};
use crate::corpus::who::Resolver;
use crate::corpus::{Corpus, MapFilter, NodeId, Perspective, Who, GOLD};
use crate::model::{AnnotationSet, Participant, Registry};

/// One counted frame, enough to list it and to open it.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameRow {
    pub document: Arc<str>,
    /// The annotator, or [`GOLD`] for the gold set.
    pub annotator: Arc<str>,
    pub frame: String,
    pub stance: String,
    pub source: Option<NodeId>,
    pub target: Option<NodeId>,
    /// The source as written in this frame (the span text or the linked entity's name).
    pub source_text: String,
    /// The claim as people read it (fragments joined by [`crate::model::Quote::GAP`]).
    pub claim: String,
    pub outlet: Option<Arc<str>>,
    /// The Monday of the ISO week of the document's `published` date.
    pub week: Option<Date>,
}

/// What the user clicked: each selects the frames its count is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// A matrix cell: source → target, every stance.
    Cell { source: NodeId, target: NodeId },
    /// A network edge: source → target with one stance.
    Edge {
        source: NodeId,
        target: NodeId,
        stance: String,
    },
    /// A network node: every frame it is the source or the target of.
    Node(NodeId),
    /// A timeline bar: one stance in the ISO week starting on `week` (a Monday).
    Bar { week: Date, stance: String },
    /// A row of the outlet table (`None`: no outlet / no source).
    Outlet {
        outlet: Option<String>,
        source: Option<NodeId>,
        stance: String,
    },
}

impl Pick {
    /// Whether `row` is one of the frames this pick counts.
    pub fn admits(&self, row: &FrameRow) -> bool {
        match self {
            Pick::Cell { source, target } => {
                row.source.as_ref() == Some(source) && row.target.as_ref() == Some(target)
            }
            Pick::Edge {
                source,
                target,
                stance,
            } => {
                row.source.as_ref() == Some(source)
                    && row.target.as_ref() == Some(target)
                    && &row.stance == stance
            }
            Pick::Node(n) => row.source.as_ref() == Some(n) || row.target.as_ref() == Some(n),
            Pick::Bar { week, stance } => row.week == Some(*week) && &row.stance == stance,
            Pick::Outlet {
                outlet,
                source,
                stance,
            } => {
                row.outlet.as_deref() == outlet.as_deref()
                    && &row.source == source
                    && &row.stance == stance
            }
        }
    }
}

/// Every counted frame of one map (see the module docs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drill {
    pub rows: Vec<FrameRow>,
}

impl Drill {
    /// The counted frames of `corpus` under `perspective` and `filter`.
    pub fn of(
        corpus: &Corpus,
        registry: Option<&Registry>,
        perspective: &Perspective,
        filter: &MapFilter,
    ) -> Drill {
        let mut resolver = Resolver::new(registry);
        let mut rows = Vec::new();
        for doc in &corpus.documents {
            if !filter.admits(doc) {
                continue;
            }
            let sets = filter.sets_of(doc, perspective);
            let document: Arc<str> = Arc::from(doc.id.as_str());
            let outlet: Option<Arc<str>> = doc.outlet.as_deref().map(Arc::from);
            let week = doc
                .published
                .as_deref()
                .and_then(published_date)
                .map(|d| iso_week(d).1);
            for set in sets {
                let annotator: Arc<str> = match perspective {
                    Perspective::Gold => Arc::from(GOLD),
                    _ => Arc::from(set.annotator.as_str()),
                };
                for frame in set.frames() {
                    if !filter.stances.is_empty() && !filter.stances.contains(&frame.stance) {
                        continue;
                    }
                    let (source, source_text) =
                        resolve(&mut resolver, frame.source.as_ref(), set).unzip();
                    let target = resolve(&mut resolver, frame.target.as_ref(), set).map(|t| t.0);
                    let source_text = source_text.unwrap_or_default();
                    rows.push(FrameRow {
                        document: document.clone(),
                        annotator: annotator.clone(),
                        frame: frame.id.clone(),
                        stance: frame.stance.clone(),
                        source,
                        target,
                        source_text,
                        claim: frame.claim.display_text().into_owned(),
                        outlet: outlet.clone(),
                        week,
                    });
                }
            }
        }
        Drill { rows }
    }

    /// The indices of the rows `pick` counts, in row order.
    pub fn picked(&self, pick: &Pick) -> Vec<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| pick.admits(r))
            .map(|(i, _)| i)
            .collect()
    }
}

/// The node id of a source or target and its name as written here (an unlinked spelling, or
/// the registry name); `None`: the frame has none.
fn resolve<'a>(
    resolver: &mut Resolver<'a>,
    p: Option<&'a Participant>,
    set: &'a AnnotationSet,
) -> Option<(NodeId, String)> {
    let r = resolver.node(p?, set)?;
    let (id, who) = &resolver.nodes()[r.node];
    let text = match (r.spelling, who) {
        (Some(s), _) => s.into_owned(),
        (None, Who::Registered(e)) => e.name.clone(),
        (None, Who::Unlinked { text, .. }) => text.to_string(),
    };
    Some((id.clone(), text))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::corpus::StanceMap;
    use crate::project::Project;

    fn sample() -> (Corpus, Registry) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join("stance-map-project");
        let p = Project::open(&dir).unwrap();
        (
            p.load_corpus().unwrap(),
            p.load_registry().unwrap().unwrap(),
        )
    }

    fn id(s: &str) -> NodeId {
        NodeId::entity(s)
    }

    #[test]
    fn a_cell_lists_the_hand_counted_frames_in_document_order() {
        let (c, r) = sample();
        let d = Drill::of(
            &c,
            Some(&r),
            &Perspective::AllAnnotators,
            &MapFilter::default(),
        );
        let cell = Pick::Cell {
            source: id("kestria-fm"),
            target: id("ostland"),
        };
        let got: Vec<String> = d
            .picked(&cell)
            .into_iter()
            .map(|i| {
                let r = &d.rows[i];
                format!("{}/{}/{}", &r.document[..6], r.annotator, r.frame)
            })
            .collect();
        // By hand from the sample files: alice 7 frames, bob 6.
        assert_eq!(
            got,
            [
                "global/alice/f5",
                "global/alice/f6",
                "global/bob/f5",
                "harbor/alice/f2",
                "harbor/alice/f3",
                "harbor/bob/f2",
                "harbor/bob/f3",
                "kestri/alice/f1",
                "kestri/alice/f2",
                "kestri/alice/f3",
                "kestri/bob/f1",
                "kestri/bob/f2",
                "kestri/bob/f3",
            ]
        );
        let condemn = Pick::Edge {
            source: id("kestria-fm"),
            target: id("ostland"),
            stance: "condemnation".into(),
        };
        assert_eq!(d.picked(&condemn).len(), 4);
    }

    #[test]
    fn every_pick_lists_as_many_frames_as_the_map_counts() {
        let (c, r) = sample();
        let filters = [
            (Perspective::AllAnnotators, MapFilter::default()),
            (Perspective::Gold, MapFilter::default()),
            (
                Perspective::Annotator("bob".into()),
                MapFilter {
                    stances: BTreeSet::from(["warning".to_owned(), "denial".to_owned()]),
                    ..MapFilter::default()
                },
            ),
            (
                Perspective::AllAnnotators,
                MapFilter {
                    outlets: BTreeSet::from(["Global Wire".to_owned()]),
                    from: published_date("2025-03-04"),
                    until: published_date("2025-03-20"),
                    ..MapFilter::default()
                },
            ),
        ];
        for (p, f) in &filters {
            let m = StanceMap::build(&c, Some(&r), p, f);
            let d = Drill::of(&c, Some(&r), p, f);
            assert_eq!(d.rows.len(), m.summary.frames, "{p:?} {f:?}");
            for e in &m.edges {
                let pick = Pick::Edge {
                    source: e.source.clone(),
                    target: e.target.clone(),
                    stance: e.stance.clone(),
                };
                assert_eq!(d.picked(&pick).len(), e.count.total, "{e:?}");
            }
            for o in &m.outlets {
                let pick = Pick::Outlet {
                    outlet: o.outlet.clone(),
                    source: o.source.clone(),
                    stance: o.stance.clone(),
                };
                assert_eq!(d.picked(&pick).len(), o.count.total, "{o:?}");
            }
            for w in &m.timeline.weeks {
                for (stance, n) in &w.by_stance {
                    let pick = Pick::Bar {
                        week: w.start.parse().unwrap(),
                        stance: stance.clone(),
                    };
                    assert_eq!(d.picked(&pick).len(), *n, "{} {stance}", w.week);
                }
            }
            for n in &m.nodes {
                let frames = d.picked(&Pick::Node(n.id.clone())).len();
                let self_loops = d
                    .rows
                    .iter()
                    .filter(|r| {
                        r.source.as_ref() == Some(&n.id) && r.target.as_ref() == Some(&n.id)
                    })
                    .count();
                assert_eq!(frames + self_loops, n.frames(), "{}", n.id);
            }
        }
    }

    #[test]
    fn rows_name_the_source_as_written() {
        let (c, r) = sample();
        let d = Drill::of(
            &c,
            Some(&r),
            &Perspective::Annotator("alice".into()),
            &MapFilter::default(),
        );
        let row = d
            .rows
            .iter()
            .find(|r| r.document.starts_with("harbor") && r.frame == "f5")
            .unwrap();
        assert_eq!(row.source_text, "The Energy Ministry of Ostland");
        assert_eq!(row.outlet.as_deref(), Some("The Harbor Times"));
        assert_eq!(row.week, published_date("2025-03-24"));
    }
}
