//! The stance map: who takes which stance toward whom, across a corpus.
//!
//! [`StanceMap::build`] reads the frames of one annotator, of the gold set, or of all annotators
//! (then every count is also kept per annotator), keeps those that pass a [`MapFilter`] (stance,
//! annotator, outlet, `published` date range, document set) and gathers:
//!
//! - **nodes**: every source and target ([`Who`]): registry entities under their id, unlinked
//!   names under `unlinked:KEY` (see [`crate::corpus::who`]), with frames as source and target;
//! - **edges**: one per (source node, target node, stance) with the count, the documents and
//!   the frames (document id, annotator, frame id, claim text) behind it; frames without a
//!   source or a target make no edge and are counted in the [`Summary`];
//! - **outlets**: frames per (outlet, source node, stance), outlet from the document metadata;
//! - **timeline**: frames per stance per ISO week of `published`, every week from the first to
//!   the last present (empty weeks too, for plotting).
//!
//! Everything returned is sorted, so two builds of the same input are equal. Dates: a
//! `published` value is read as a date (`2025-06-16`) or a date-time (the date as written, or
//! the UTC date of a `Z` timestamp); a document whose value cannot be read is listed in the
//! summary, never dropped silently.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use jiff::civil::{Date, ISOWeekDate, Weekday};
use serde::Serialize;

use super::matrix::Matrix;
use super::who::{Resolver, Who};
use super::{Corpus, CorpusDocument, Counts, NodeId, Tally, GOLD};
use crate::model::{AnnotationSet, Frame, Participant, Registry};

/// Whose frames the map is drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from", content = "annotator")]
pub enum Perspective {
    Annotator(String),
    Gold,
    /// Every annotator (not gold), counted per annotator.
    AllAnnotators,
}

/// Which frames count. Empty sets mean "no restriction"; date bounds are inclusive, and with
/// either bound set, documents without a readable `published` date are left out (and counted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapFilter {
    pub stances: BTreeSet<String>,
    /// With [`Perspective::AllAnnotators`]: only these annotators.
    pub annotators: BTreeSet<String>,
    pub outlets: BTreeSet<String>,
    pub from: Option<Date>,
    pub until: Option<Date>,
    pub documents: Option<BTreeSet<String>>,
}

impl MapFilter {
    /// Whether `doc` is in the document set and from one of the outlets asked for.
    pub fn admits_place(&self, doc: &CorpusDocument) -> bool {
        self.documents
            .as_ref()
            .is_none_or(|ids| ids.contains(&doc.id))
            && (self.outlets.is_empty()
                || doc
                    .outlet
                    .as_ref()
                    .is_some_and(|o| self.outlets.contains(o)))
    }

    /// Whether a document published on `date` (`None`: no readable date) is in the date
    /// range; without a range every document is.
    pub fn admits_date(&self, date: Option<Date>) -> bool {
        if self.from.is_none() && self.until.is_none() {
            return true;
        }
        date.is_some_and(|d| {
            self.from.is_none_or(|from| d >= from) && self.until.is_none_or(|until| d <= until)
        })
    }

    /// Whether the map counts `doc` at all (its place and its date).
    pub fn admits(&self, doc: &CorpusDocument) -> bool {
        self.admits_place(doc)
            && self.admits_date(doc.published.as_deref().and_then(published_date))
    }

    /// The annotation sets of `doc` counted from `perspective`.
    pub fn sets_of<'a>(
        &self,
        doc: &'a CorpusDocument,
        perspective: &Perspective,
    ) -> Vec<&'a AnnotationSet> {
        match perspective {
            Perspective::Annotator(a) => doc
                .annotations
                .iter()
                .filter(|s| &s.annotator == a)
                .collect(),
            Perspective::Gold => doc.gold.iter().collect(),
            Perspective::AllAnnotators => doc
                .annotations
                .iter()
                .filter(|s| self.annotators.is_empty() || self.annotators.contains(&s.annotator))
                .collect(),
        }
    }
}

/// A source or target of the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub id: NodeId,
    /// The registry name, or the most frequent spelling of an unlinked name.
    pub label: String,
    /// The registry kind, or the per-file entity's kind; `None` for a bare span.
    pub kind: Option<String>,
    /// Whether the node is a registry entity.
    pub linked: bool,
    /// The spellings met, for an unlinked node (sorted).
    pub names: Vec<String>,
    pub as_source: Counts,
    pub as_target: Counts,
}

impl Node {
    /// Frames the node takes part in (as source or target; a frame aimed at its own source
    /// counts twice).
    pub fn frames(&self) -> usize {
        self.as_source.total + self.as_target.total
    }
}

/// One frame behind an edge or a count, enough to list it and to open it. The document id and
/// annotator are shared by every frame of their file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameRef {
    pub document: Arc<str>,
    pub annotator: Arc<str>,
    pub frame: String,
    /// The claim as people read it (fragments joined by [`crate::model::Quote::GAP`]).
    pub claim: String,
}

/// Source → target with one stance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    pub source: NodeId,
    pub target: NodeId,
    pub stance: String,
    pub count: Counts,
    /// Document ids, sorted.
    pub documents: Vec<String>,
    /// In document order, then annotator, then the annotator's frame order.
    pub frames: Vec<FrameRef>,
}

/// Frames of one outlet attributed to one source with one stance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletRow {
    /// `None`: documents without an outlet.
    pub outlet: Option<String>,
    /// `None`: frames without a source.
    pub source: Option<NodeId>,
    pub stance: String,
    pub count: Counts,
}

/// Frames per stance in one ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    /// `2025-W24`.
    pub week: String,
    /// The Monday that starts it, `2025-06-09`.
    pub start: String,
    pub total: usize,
    pub by_stance: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub weeks: Vec<Week>,
    /// Frames of documents without a readable `published` date.
    pub undated: usize,
}

/// What the map holds and what it could not place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Documents with at least one counted frame.
    pub documents: usize,
    pub frames: usize,
    /// Counted frames without a source (no edge, no node).
    pub without_source: usize,
    /// Counted frames without a target (no edge).
    pub without_target: usize,
    /// Documents left out by a date bound because they have no readable `published` date.
    pub excluded_undated: usize,
    /// `(document id, published)` values that are not a date.
    pub unreadable_dates: Vec<(String, String)>,
}

/// The stance map of a corpus (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceMap {
    pub perspective: Perspective,
    /// Whose frames are counted, in the order of the per-annotator counts.
    pub annotators: Vec<String>,
    /// Sorted by id.
    pub nodes: Vec<Node>,
    /// Sorted by (source, target, stance).
    pub edges: Vec<Edge>,
    /// Sorted by (outlet, source, stance); `None` first.
    pub outlets: Vec<OutletRow>,
    pub timeline: Timeline,
    pub summary: Summary,
}

/// Reads a `published` value: a date, or the date of a date-time (see the module docs).
pub fn published_date(value: &str) -> Option<Date> {
    let v = value.trim();
    if let Ok(d) = v.parse::<Date>() {
        return Some(d);
    }
    if let Ok(dt) = v.parse::<jiff::civil::DateTime>() {
        return Some(dt.date());
    }
    v.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| jiff::tz::Offset::UTC.to_datetime(t).date())
}

/// `2025-W24` and the Monday that starts the ISO week of `date`.
pub fn iso_week(date: Date) -> (String, Date) {
    let w = date.iso_week_date();
    let monday = ISOWeekDate::new(w.year(), w.week(), Weekday::Monday)
        .map(|m| m.date())
        .unwrap_or(date);
    (format!("{:04}-W{:02}", w.year(), w.week()), monday)
}

impl StanceMap {
    /// Builds the map of `corpus` (see the module docs).
    pub fn build(
        corpus: &Corpus,
        registry: Option<&Registry>,
        perspective: &Perspective,
        filter: &MapFilter,
    ) -> StanceMap {
        let annotators: Vec<String> = match perspective {
            Perspective::Annotator(a) => vec![a.clone()],
            Perspective::Gold => vec![GOLD.to_owned()],
            Perspective::AllAnnotators => corpus
                .annotators()
                .into_iter()
                .filter(|a| filter.annotators.is_empty() || filter.annotators.contains(a))
                .collect(),
        };
        let mut b = Builder {
            resolver: Resolver::new(registry),
            annotators: annotators
                .iter()
                .enumerate()
                .map(|(i, a)| (a.clone(), i))
                .collect(),
            filter,
            nodes: Vec::new(),
            edges: FxHashMap::default(),
            outlets: FxHashMap::default(),
            weeks: BTreeMap::new(),
            undated: 0,
            summary: Summary::default(),
        };
        for doc in &corpus.documents {
            b.document(doc, perspective);
        }
        b.finish(perspective.clone(), annotators)
    }

    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes
            .binary_search_by(|n| n.id.cmp(id))
            .ok()
            .map(|i| &self.nodes[i])
    }

    /// The frames behind every edge from `source` to `target`, all stances.
    pub fn frames_between(&self, source: &NodeId, target: &NodeId) -> Vec<&FrameRef> {
        self.edges
            .iter()
            .filter(|e| &e.source == source && &e.target == target)
            .flat_map(|e| &e.frames)
            .collect()
    }

    /// The source × target matrix of the edges (see [`Matrix`]).
    pub fn matrix(&self) -> Matrix {
        Matrix::of(self)
    }
}

#[derive(Default)]
struct NodeAcc<'a> {
    spellings: HashMap<Cow<'a, str>, usize>,
    as_source: Tally,
    as_target: Tally,
}

struct EdgeAcc<'a> {
    count: Tally,
    documents: Vec<&'a str>,
    frames: Vec<FrameRef>,
}

/// One annotation file being counted.
struct FileOf<'a, 'd> {
    doc: &'a CorpusDocument,
    doc_id: &'d Arc<str>,
    annotator: Arc<str>,
    set: &'a AnnotationSet,
    /// The annotator's number in the counts.
    slot: usize,
    /// The Monday of the document's week, if it has a readable date.
    monday: Option<Date>,
}

/// Counts by node number ([`Resolver::node`]) while reading; ids come in at the end.
struct Builder<'a, 'f> {
    resolver: Resolver<'a>,
    annotators: HashMap<String, usize>,
    filter: &'f MapFilter,
    nodes: Vec<NodeAcc<'a>>,
    edges: FxHashMap<(usize, usize, &'a str), EdgeAcc<'a>>,
    outlets: FxHashMap<(Option<&'a str>, Option<usize>, &'a str), Tally>,
    /// Monday of the ISO week → frames per stance.
    weeks: BTreeMap<Date, BTreeMap<&'a str, usize>>,
    undated: usize,
    summary: Summary,
}

impl<'a> Builder<'a, '_> {
    /// Counts the frames of one document that pass the filter.
    fn document(&mut self, doc: &'a CorpusDocument, perspective: &Perspective) {
        let f = self.filter;
        if !f.admits_place(doc) {
            return;
        }
        let date = doc.published.as_deref().and_then(published_date);
        if let (Some(p), None) = (&doc.published, date) {
            self.summary
                .unreadable_dates
                .push((doc.id.clone(), p.clone()));
        }
        if !f.admits_date(date) {
            if date.is_none() {
                self.summary.excluded_undated += 1;
            }
            return;
        }
        // Every annotator of a set is one of `self.annotators` (all of the corpus's, filtered).
        let sets = f.sets_of(doc, perspective);
        let monday = date.map(|d| iso_week(d).1);
        let before = self.summary.frames;
        let doc_id: Arc<str> = Arc::from(doc.id.as_str());
        for set in sets {
            let slot = match perspective {
                Perspective::Gold => 0,
                _ => self.annotators[&set.annotator],
            };
            let file = FileOf {
                doc,
                doc_id: &doc_id,
                annotator: Arc::from(set.annotator.as_str()),
                set,
                slot,
                monday,
            };
            for frame in set.frames() {
                if f.stances.is_empty() || f.stances.contains(&frame.stance) {
                    self.frame(&file, frame);
                }
            }
        }
        if self.summary.frames > before {
            self.summary.documents += 1;
        }
    }

    /// Counts one frame everywhere it belongs.
    fn frame(&mut self, file: &FileOf<'a, '_>, frame: &'a Frame) {
        let FileOf {
            doc,
            set,
            slot,
            monday,
            ..
        } = *file;
        self.summary.frames += 1;
        let source = frame
            .source
            .as_ref()
            .and_then(|p| self.node(p, set, slot, true));
        let target = frame
            .target
            .as_ref()
            .and_then(|p| self.node(p, set, slot, false));
        if source.is_none() {
            self.summary.without_source += 1;
        }
        if target.is_none() {
            self.summary.without_target += 1;
        }
        let stance = frame.stance.as_str();
        if let (Some(s), Some(t)) = (source, target) {
            let e = self.edges.entry((s, t, stance)).or_insert_with(|| EdgeAcc {
                count: Tally::default(),
                documents: Vec::new(),
                frames: Vec::new(),
            });
            e.count.add(slot);
            if e.documents.last() != Some(&doc.id.as_str()) {
                e.documents.push(&doc.id);
            }
            e.frames.push(FrameRef {
                document: file.doc_id.clone(),
                annotator: file.annotator.clone(),
                frame: frame.id.clone(),
                claim: frame.claim.display_text().into_owned(),
            });
        }
        self.outlets
            .entry((doc.outlet.as_deref(), source, stance))
            .or_default()
            .add(slot);
        match monday {
            Some(m) => *self.weeks.entry(m).or_default().entry(stance).or_default() += 1,
            None => self.undated += 1,
        }
    }

    /// Counts a participant on its node; returns the node number.
    fn node(
        &mut self,
        p: &'a Participant,
        set: &'a AnnotationSet,
        slot: usize,
        as_source: bool,
    ) -> Option<usize> {
        let r = self.resolver.node(p, set)?;
        if self.nodes.len() <= r.node {
            self.nodes.resize_with(r.node + 1, NodeAcc::default);
        }
        let acc = &mut self.nodes[r.node];
        if let Some(s) = r.spelling {
            *acc.spellings.entry(s).or_default() += 1;
        }
        if as_source {
            acc.as_source.add(slot);
        } else {
            acc.as_target.add(slot);
        }
        Some(r.node)
    }

    fn finish(self, perspective: Perspective, annotators: Vec<String>) -> StanceMap {
        let names = &annotators;
        let table = self.resolver.nodes();
        let id = |n: usize| table[n].0.clone();
        let mut nodes: Vec<Node> = self
            .nodes
            .into_iter()
            .enumerate()
            .map(|(n, acc)| finish_node(&table[n], acc, names))
            .collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut edges: Vec<Edge> = self
            .edges
            .into_iter()
            .map(|((source, target, stance), acc)| {
                let mut documents: Vec<String> =
                    acc.documents.iter().map(|d| d.to_string()).collect();
                documents.sort();
                documents.dedup();
                Edge {
                    source: id(source),
                    target: id(target),
                    stance: stance.to_owned(),
                    count: acc.count.counts(names),
                    documents,
                    frames: acc.frames,
                }
            })
            .collect();
        edges.sort_by(|a, b| {
            (&a.source, &a.target, &a.stance).cmp(&(&b.source, &b.target, &b.stance))
        });
        let mut outlets: Vec<OutletRow> = self
            .outlets
            .into_iter()
            .map(|((outlet, source, stance), t)| OutletRow {
                outlet: outlet.map(str::to_owned),
                source: source.map(id),
                stance: stance.to_owned(),
                count: t.counts(names),
            })
            .collect();
        outlets.sort_by(|a, b| {
            (&a.outlet, &a.source, &a.stance).cmp(&(&b.outlet, &b.source, &b.stance))
        });
        let timeline = finish_timeline(self.weeks, self.undated);
        let mut summary = self.summary;
        summary.unreadable_dates.sort();
        StanceMap {
            perspective,
            annotators,
            nodes,
            edges,
            outlets,
            timeline,
            summary,
        }
    }
}

fn finish_node((id, who): &(NodeId, Who<'_>), acc: NodeAcc<'_>, names: &[String]) -> Node {
    let (label, kind, linked) = match who {
        Who::Registered(e) => (e.name.clone(), Some(e.kind.clone()), true),
        Who::Unlinked { kind, .. } => {
            // The most frequent spelling; ties go to the first in sort order.
            let label = acc
                .spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.to_string())
                .unwrap_or_default();
            (label, kind.map(str::to_owned), false)
        }
    };
    let mut spellings: Vec<String> = acc.spellings.into_keys().map(Cow::into_owned).collect();
    spellings.sort();
    Node {
        id: id.clone(),
        label,
        kind,
        linked,
        names: spellings,
        as_source: acc.as_source.counts(names),
        as_target: acc.as_target.counts(names),
    }
}

/// Every week from the first to the last with frames, empty ones included.
fn finish_timeline(weeks: BTreeMap<Date, BTreeMap<&str, usize>>, undated: usize) -> Timeline {
    let mut out = Vec::new();
    let (Some(first), Some(last)) = (weeks.keys().next().copied(), weeks.keys().last().copied())
    else {
        return Timeline {
            weeks: out,
            undated,
        };
    };
    let mut monday = first;
    while monday <= last {
        let by_stance: BTreeMap<String, usize> = weeks
            .get(&monday)
            .map(|m| m.iter().map(|(k, v)| (k.to_string(), *v)).collect())
            .unwrap_or_default();
        out.push(Week {
            week: iso_week(monday).0,
            start: monday.to_string(),
            total: by_stance.values().sum(),
            by_stance,
        });
        match monday.checked_add(jiff::Span::new().days(7)) {
            Ok(next) => monday = next,
            Err(_) => break,
        }
    }
    Timeline {
        weeks: out,
        undated,
    }
}
