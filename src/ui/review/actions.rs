//! What the review's commands do, without the app: the gold session the review edits,
//! moving through the list, and the decisions, each one [`Transaction`] on the gold set for
//! the app to apply (so that undo, the dirty flag and saving work as for every edit).

use crate::model::{AnnotationSet, Op, Span, Transaction};
use crate::review::auto_accept;
use crate::review::resolve::{decide_accept, decide_reject};
use crate::session::Session;

use super::rows::{step, RowState};
use super::Review;

/// A decision on the gold set: the edit, the gold frame to select after it, and what the
/// status bar says (the edit's description when `None`).
#[derive(Debug)]
pub struct Decision {
    pub edit: Transaction,
    /// `Some(frame)`: select that gold frame (`Some(None)`: none) once the edit is applied.
    pub select: Option<Option<String>>,
    pub status: Option<String>,
}

/// Why a command decided nothing.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// Nothing to do; said in the status bar ("no current disagreement: press N").
    Note(String),
    /// Something failed; shown in an error window.
    Error(String),
}

/// The row made current: where it is, the gold frame that resolves it (if accepted), and its
/// heading for the status bar.
pub struct Selected {
    pub span: Span,
    pub gold: Option<String>,
    pub heading: String,
}

impl Review {
    /// The session of the document's gold file, as `annotator` edits it (created, not yet on
    /// disk, when there is no gold file: the first save writes it). Opened and saved through
    /// the project, like every project file.
    pub fn gold_session(&self, annotator: &str) -> Result<Session, String> {
        Session::open_gold(&self.project, self.doc_id(), annotator).map_err(|e| e.to_string())
    }

    /// The next (previous) visible row after the current one, wrapping around.
    pub fn step(&self, forward: bool) -> Option<usize> {
        step(&self.visible(), self.current, forward)
    }

    /// Makes row `i` current and brings it into view in the list.
    pub fn select(&mut self, i: usize) -> Option<Selected> {
        let row = self.rows().get(i)?;
        let gold = match &row.state {
            RowState::Accepted { gold, .. } => gold.first().cloned(),
            _ => None,
        };
        let selected = Selected {
            span: row.span,
            gold,
            heading: super::list::heading(i, row, &self.chosen_names()),
        };
        self.current = Some(i);
        self.scroll_list = true;
        Some(selected)
    }

    /// The current row's index.
    fn current_row(&self) -> Result<usize, Refusal> {
        self.current
            .filter(|&i| i < self.rows().len())
            .ok_or_else(|| Refusal::Note("no current disagreement: press N".into()))
    }

    /// Accepts the current row's version of the `annotator`-th chosen annotator into `gold`;
    /// the new gold frame is selected (with `edit`, to be edited).
    pub fn accept(
        &self,
        gold: &AnnotationSet,
        annotator: usize,
        edit: bool,
    ) -> Result<Decision, Refusal> {
        let row = &self.rows()[self.current_row()?];
        let sets = self.sets();
        let Some(k) = row.frame_of(annotator) else {
            return Err(Refusal::Note(match self.chosen_names().get(annotator) {
                Some(n) => format!("{n} has no frame here"),
                None => format!("there is no compared annotator {}", annotator + 1),
            }));
        };
        let id = sets[annotator].frames()[k].id.clone();
        let tx = decide_accept(
            &sets,
            gold,
            &row.frames,
            annotator,
            &id,
            edit,
            &self.adjudicator,
        )
        .map_err(|e| Refusal::Error(e.to_string()))?;
        let added = tx.ops.iter().find_map(|op| match op {
            Op::AddFrame(f) => Some(f.id.clone()),
            _ => None,
        });
        let status = edit.then(|| format!("{} — edit it in the frame editor", tx.description));
        Ok(Decision {
            edit: tx,
            select: Some(added),
            status,
        })
    }

    /// Rejects the current row: nothing of it goes into `gold`.
    pub fn reject(&self, gold: &AnnotationSet) -> Result<Decision, Refusal> {
        let row = &self.rows()[self.current_row()?];
        match decide_reject(&self.sets(), gold, &row.frames, row.span) {
            Some(tx) => Ok(Decision {
                edit: tx,
                select: Some(None),
                status: None,
            }),
            None => Err(Refusal::Note("already rejected".into())),
        }
    }

    /// Accepts every frame at least K chosen annotators agree on exactly, in one step.
    pub fn accept_all(&self, gold: &AnnotationSet) -> Result<Decision, Refusal> {
        let sets = self.sets();
        if sets.len() < 2 {
            return Err(Refusal::Note("choose at least two annotators".into()));
        }
        let k = self.k();
        let step = auto_accept(&sets, gold, k, &self.adjudicator);
        if step.accepted == 0 {
            return Err(Refusal::Note(format!(
                "nothing to accept with K = {k} ({} already in gold, {} conflicts left)",
                step.already_in_gold, step.conflicts
            )));
        }
        let mut tx = step.transaction;
        tx.description = format!("accept all agreed ({} frames, K = {k})", step.accepted);
        Ok(Decision {
            edit: tx,
            select: None,
            status: Some(format!(
                "accepted {} frames on which at least {k} agree; {} conflicts left",
                step.accepted, step.conflicts
            )),
        })
    }

    /// Keeps the rows and the figures in step with the gold session.
    pub fn follow(&mut self, gold: &Session) {
        self.refresh(gold.annotations(), gold.history().revision());
        let names = self.chosen_names();
        let root = self.project.root().to_path_buf();
        let Review {
            figures,
            annotators,
            chosen,
            document,
            ..
        } = self;
        let chosen_sets: Vec<&AnnotationSet> = annotators
            .iter()
            .zip(chosen.iter())
            .filter(|(_, &c)| c)
            .map(|((_, s), _)| s)
            .collect();
        figures.update(&root, &names, &chosen_sets, document);
    }
}
