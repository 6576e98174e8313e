//! Review mode: compare annotators on one project document and adjudicate its gold version.
//!
//! While review is on, the app's [`Session`](crate::session::Session) is the document's gold set
//! (`gold/<doc-id>.json`, saved on Ctrl+S, created by the first save), so the frame editor, undo
//! and the unsaved-changes guard work on gold exactly as on any annotation file. [`Review`]
//! holds the compared annotators' sets (read-only), which of them are chosen, and the list of
//! aligned groups ([`Row`]) with their state against gold.
//!
//! - [`rows`]: the list as a view-model (no pixels), tested without egui;
//! - [`list`]: the side panel (annotators, the disagreement list, adjudication buttons);
//! - [`figures`]: the agreement panel, project figures computed on a worker thread;
//! - [`charts`]: its bar charts, as data and drawn;
//! - [`actions`]: the gold session and the decisions, as transactions for the app to apply.

pub mod actions;
pub mod charts;
pub mod figures;
pub mod heatmap;
pub mod list;
pub mod rows;

use std::path::{Path, PathBuf};

use super::article::{Band, Overlay};
use super::theme::annotator_colour;
use crate::model::{AnnotationSet, Document};
use crate::project::Project;

pub use rows::{Row, RowState};

/// Which part of the review panel is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Disagreements,
    Agreement,
}

/// The review of one project document.
pub struct Review {
    pub project: Project,
    pub document: Document,
    /// Every annotator of the project who has this document, by name, with their set.
    pub annotators: Vec<(String, AnnotationSet)>,
    /// Which of `annotators` are compared.
    pub chosen: Vec<bool>,
    /// K of "Accept all agreed"; `None` follows the number of chosen annotators.
    pub min_agree: Option<usize>,
    pub adjudicator: String,
    pub show_agreed: bool,
    /// The current row (index into [`Review::rows`]).
    pub current: Option<usize>,
    pub tab: Tab,
    /// Bring the current row into view in the list once.
    pub scroll_list: bool,
    rows: Vec<Row>,
    /// (chosen, gold revision) the rows were computed for.
    rows_key: Option<(Vec<bool>, u64)>,
    pub figures: figures::Figures,
}

impl Review {
    /// Loads the annotators' sets of document `doc_id` in project `root`. `only` restricts the
    /// chosen annotators (each must have the document); by default all are chosen.
    pub fn open(
        root: &Path,
        doc_id: &str,
        only: Option<&[String]>,
        adjudicator: &str,
    ) -> Result<Review, String> {
        let project = Project::open(root).map_err(|e| e.to_string())?;
        let document = project.load_document(doc_id).map_err(|e| e.to_string())?;
        let mut annotators = Vec::new();
        for name in project.annotators().map_err(|e| e.to_string())? {
            if let Some(set) = project
                .load_annotations(&name, doc_id)
                .map_err(|e| e.to_string())?
            {
                annotators.push((name, set));
            }
        }
        let chosen = match only {
            None => vec![true; annotators.len()],
            Some(list) => {
                for name in list {
                    if !annotators.iter().any(|(n, _)| n == name) {
                        return Err(format!(
                            "{}: annotator {name:?} has no annotations of document {doc_id:?} (these do: {})",
                            root.display(),
                            names(&annotators).join(", ")
                        ));
                    }
                }
                annotators.iter().map(|(n, _)| list.contains(n)).collect()
            }
        };
        if annotators.len() < 2 {
            return Err(format!(
                "{}: document {doc_id:?} needs at least two annotators to review, found {}",
                root.display(),
                annotators.len()
            ));
        }
        Ok(Review {
            project,
            document,
            annotators,
            chosen,
            min_agree: None,
            adjudicator: adjudicator.to_owned(),
            show_agreed: false,
            current: None,
            tab: Tab::default(),
            scroll_list: false,
            rows: Vec::new(),
            rows_key: None,
            figures: figures::Figures::default(),
        })
    }

    pub fn doc_id(&self) -> &str {
        &self.document.id
    }

    /// The gold file of the document.
    pub fn gold_path(&self) -> Result<PathBuf, String> {
        self.project
            .gold_path(&self.document.id)
            .map_err(|e| e.to_string())
    }

    /// The chosen annotators' names, in list order.
    pub fn chosen_names(&self) -> Vec<String> {
        self.annotators
            .iter()
            .zip(&self.chosen)
            .filter(|(_, &c)| c)
            .map(|((n, _), _)| n.clone())
            .collect()
    }

    /// The chosen annotators' sets, in list order.
    pub fn sets(&self) -> Vec<&AnnotationSet> {
        self.annotators
            .iter()
            .zip(&self.chosen)
            .filter(|(_, &c)| c)
            .map(|((_, s), _)| s)
            .collect()
    }

    /// Index into `annotators` of the `i`-th chosen annotator (for its colour).
    pub fn colour_index(&self, chosen_i: usize) -> usize {
        self.chosen
            .iter()
            .enumerate()
            .filter(|(_, &c)| c)
            .nth(chosen_i)
            .map_or(chosen_i, |(i, _)| i)
    }

    /// K for "Accept all agreed".
    pub fn k(&self) -> usize {
        self.min_agree
            .unwrap_or_else(|| self.sets().len())
            .clamp(1, self.sets().len().max(1))
    }

    /// Recomputes the rows when the chosen annotators or the gold set changed.
    pub fn refresh(&mut self, gold: &AnnotationSet, revision: u64) {
        let key = (self.chosen.clone(), revision);
        if self.rows_key.as_ref() == Some(&key) {
            return;
        }
        if self.rows_key.as_ref().map(|(c, _)| c) != Some(&self.chosen) {
            self.current = None;
        }
        self.rows = rows::rows(&self.sets(), gold);
        self.rows_key = Some(key);
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// (open, all) disagreements: open ones are neither accepted nor rejected in gold — the
    /// same count as [`crate::review::AutoAccept::conflicts`].
    pub fn counts(&self) -> (usize, usize) {
        let disagreements = self.rows.iter().filter(|r| r.kind.is_some());
        let (mut open, mut all) = (0, 0);
        for r in disagreements {
            all += 1;
            open += usize::from(r.is_open());
        }
        (open, all)
    }

    /// Rows the list shows: disagreements, and agreed groups when asked for.
    pub fn visible(&self) -> Vec<usize> {
        rows::visible(&self.rows, self.show_agreed)
    }
}

impl Review {
    /// The visible row whose claims cover code point `pos` (the innermost), if any.
    pub fn row_at(&self, pos: usize) -> Option<usize> {
        self.visible()
            .into_iter()
            .filter(|&i| self.rows[i].span.contains(pos))
            .min_by_key(|&i| self.rows[i].span.len())
    }

    /// The article overlay: one band lane per compared annotator, in its colour, under each of
    /// its claims; the current row outlined.
    pub fn overlay(&self, dark: bool) -> Overlay {
        let sets = self.sets();
        let mut bands = Vec::new();
        for (lane, set) in sets.iter().enumerate() {
            let colour = annotator_colour(self.colour_index(lane), dark);
            for span in set.frames().iter().flat_map(|f| f.claim.spans()) {
                bands.push(Band { span, lane, colour });
            }
        }
        Overlay {
            bands,
            lanes: sets.len(),
            focus: self.current.and_then(|i| self.rows.get(i)).map(|r| r.span),
        }
    }
}

fn names(list: &[(String, AnnotationSet)]) -> Vec<String> {
    list.iter().map(|(n, _)| n.clone()).collect()
}
