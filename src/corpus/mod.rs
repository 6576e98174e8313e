//! Corpus views: questions over every document of a project at once. Pure data, no I/O.
//!
//! The input is a [`Corpus`] (document metadata with every annotator's and the gold
//! annotations, loaded by [`crate::project::Project::load_corpus`]) and the project's
//! [`Registry`], if it has one.
//!
//! - [`who`]: what a frame's source or target is across documents: a registry entity, or an
//!   *unlinked* name grouped under its [`crate::model::NameKey`].
//! - [`usage`]: every registry entity with its frames as source and target per annotator, and
//!   the unlinked names grouped with proposed links and merges (`stancemark entities`).
//! - [`relink`]: the per-file transactions behind `entities --adopt`, `--merge`, `--rename`.
//! - [`map`]: the stance map: edges source → target per stance with counts, documents and
//!   frames; the per-outlet table; the weekly timeline.
//! - [`matrix`]: the map's edges as a source × target matrix.
//! - [`layout`]: stable node positions for drawing the map as a network.
//! - [`export`]: the map as CSV, JSON, GraphML, GEXF and Graphviz DOT.

pub mod export;
pub mod layout;
pub mod map;
pub mod matrix;
pub mod relink;
pub mod usage;
pub mod who;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{AnnotationSet, Document};

pub use map::{MapFilter, Perspective, StanceMap};
pub use who::{NodeId, Who};

/// The name under which gold annotations are counted beside the annotators.
pub const GOLD: &str = "gold";

/// Every document of a project with its annotations.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Sorted by id.
    pub documents: Vec<CorpusDocument>,
}

/// One document's metadata and annotations (the text is not needed by corpus views).
#[derive(Debug, Clone, Default)]
pub struct CorpusDocument {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// As the document states it: a date (`2025-06-16`) or an RFC 3339 date-time.
    pub published: Option<String>,
    /// One set per annotator, sorted by annotator.
    pub annotations: Vec<AnnotationSet>,
    pub gold: Option<AnnotationSet>,
}

impl CorpusDocument {
    /// The metadata of `doc`, with no annotations yet.
    pub fn of(doc: &Document) -> CorpusDocument {
        CorpusDocument {
            id: doc.id.clone(),
            title: doc.title.clone(),
            outlet: doc.outlet.clone(),
            published: doc.published.clone(),
            annotations: Vec::new(),
            gold: None,
        }
    }
}

impl Corpus {
    /// The annotators who have at least one file, sorted.
    pub fn annotators(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .documents
            .iter()
            .flat_map(|d| d.annotations.iter().map(|s| s.annotator.clone()))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether any document has gold annotations.
    pub fn has_gold(&self) -> bool {
        self.documents.iter().any(|d| d.gold.is_some())
    }
}

/// A count in total and per annotator (the gold set counts as [`GOLD`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub by_annotator: BTreeMap<String, usize>,
}

impl Counts {
    pub fn get(&self, annotator: &str) -> usize {
        self.by_annotator.get(annotator).copied().unwrap_or(0)
    }
}

/// Counts while building: one slot per annotator index, turned into [`Counts`] at the end
/// (no string per increment).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally(Vec<usize>);

impl Tally {
    pub(crate) fn add(&mut self, annotator: usize) {
        if self.0.len() <= annotator {
            self.0.resize(annotator + 1, 0);
        }
        self.0[annotator] += 1;
    }

    pub(crate) fn total(&self) -> usize {
        self.0.iter().sum()
    }

    pub(crate) fn counts(&self, names: &[String]) -> Counts {
        Counts {
            total: self.total(),
            by_annotator: self
                .0
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, n)| (names[i].clone(), *n))
                .collect(),
        }
    }
}
