//! Review commands applied by the app: entering and leaving review, moving through the list,
//! and the decisions, each one [`Transaction`](crate::model::Transaction) on the gold session.

use std::path::Path;

use crate::model::{AnnotationSet, Op};
use crate::review::auto_accept;
use crate::review::resolve::{decide_accept, decide_reject};

use super::super::app::{After, App};
use super::super::command::Command;
use super::rows::{step, RowState};
use super::Review;
use crate::session::Session;

impl App {
    /// Opens Review mode on document `doc_id` of the project in `root`, comparing `annotators`
    /// (default: every annotator who has the document). The gold file becomes the open
    /// session. Returns false (with the reason shown) when it cannot.
    pub fn open_review(
        &mut self,
        root: &Path,
        doc_id: &str,
        annotators: Option<&[String]>,
    ) -> bool {
        match self.try_open_review(root, doc_id, annotators) {
            Ok(()) => true,
            Err(e) => {
                self.status = format!("could not open review of {doc_id}");
                if self.session.is_some() {
                    self.errors.push(e);
                } else {
                    self.load_error = Some(e);
                }
                false
            }
        }
    }

    fn try_open_review(
        &mut self,
        root: &Path,
        doc_id: &str,
        annotators: Option<&[String]>,
    ) -> Result<(), String> {
        let review = Review::open(root, doc_id, annotators, &self.annotator)?;
        let gold_path = review.gold_path()?;
        if let Some(s) = &mut self.session {
            if s.save_path.as_deref() == Some(gold_path.as_path()) {
                s.release_lock();
            }
        }
        let session = Session::open_gold(&review.project, doc_id, &self.annotator)
            .map_err(|e| e.to_string())?;
        self.set_session(session);
        self.status = format!(
            "reviewing {doc_id}: {} annotators; gold is {}",
            review.annotators.len(),
            review.gold_path().unwrap_or_default().display()
        );
        self.review = Some(review);
        Ok(())
    }

    /// The review, while Review mode is on (tests and the panels).
    pub fn review(&self) -> Option<&Review> {
        self.review.as_ref()
    }

    /// The review, mutable (tests choose annotators or K through it, as the panel does).
    pub fn review_mut(&mut self) -> Option<&mut Review> {
        self.review.as_mut()
    }

    /// Keeps the review's rows and figures in step with the gold session; leaves Review mode
    /// when another file was opened.
    pub(in crate::ui) fn refresh_review(&mut self) {
        let same = match (&self.review, &self.session) {
            (Some(r), Some(s)) => r.gold_path().ok().as_deref() == s.save_path.as_deref(),
            _ => false,
        };
        if !same {
            self.review = None;
            return;
        }
        let (Some(r), Some(s)) = (&mut self.review, &self.session) else {
            return;
        };
        r.refresh(s.annotations(), s.history().revision());
        let names = r.chosen_names();
        let root = r.project.root().to_path_buf();
        let Review {
            figures,
            annotators,
            chosen,
            document,
            ..
        } = r;
        let chosen_sets: Vec<&AnnotationSet> = annotators
            .iter()
            .zip(chosen.iter())
            .filter(|(_, &c)| c)
            .map(|((_, s), _)| s)
            .collect();
        figures.update(&root, &names, &chosen_sets, document);
    }

    pub(in crate::ui) fn review_command(&mut self, c: Command) {
        match c {
            Command::OpenReview { doc_id } => self.review_doc(doc_id),
            Command::CloseReview if self.review.take().is_some() => {
                self.status = "review closed; the gold file stays open".into();
            }
            Command::CloseReview => {}
            Command::NextDisagreement | Command::PrevDisagreement => {
                let next = match &self.review {
                    Some(r) => step(&r.visible(), r.current, c == Command::NextDisagreement),
                    None => return self.not_reviewing(),
                };
                match next {
                    Some(i) => self.select_disagreement(i),
                    None => self.status = "no disagreements".into(),
                }
            }
            Command::SelectDisagreement(i) => self.select_disagreement(i),
            Command::Accept { annotator, edit } => self.accept(annotator, edit),
            Command::Reject => self.reject(),
            Command::AcceptAllAgreed => self.accept_all(),
            _ => {}
        }
    }

    fn not_reviewing(&mut self) {
        self.status = "not in Review mode (View ▸ Review…)".into();
    }

    /// OpenReview from the project the open file belongs to (or the current review's).
    fn review_doc(&mut self, doc_id: String) {
        let root = match &self.review {
            Some(r) => Some(r.project.root().to_path_buf()),
            None => self
                .session
                .as_ref()
                .and_then(|s| s.project_file())
                .map(|(project, _)| project.root().to_path_buf()),
        };
        match root {
            Some(root) => self.guarded(After::Review(root, doc_id)),
            None => self.status = "the open file is not part of a project folder".into(),
        }
    }

    pub(in crate::ui) fn select_disagreement(&mut self, i: usize) {
        if self.review.is_none() {
            return self.not_reviewing();
        }
        let Some(r) = &mut self.review else { return };
        let Some(row) = r.rows().get(i) else { return };
        let (span, gold) = match &row.state {
            RowState::Accepted { gold, .. } => (row.span, gold.first().cloned()),
            _ => (row.span, None),
        };
        let label = super::list::heading(i, row, &r.chosen_names());
        r.current = Some(i);
        r.scroll_list = true;
        self.select_frame(gold);
        if let Some(a) = &mut self.article {
            a.scroll_to = Some(span.start);
        }
        self.status = label;
    }

    /// The current row's index, or `None` after telling the user why there is none.
    fn current_row(&mut self) -> Option<usize> {
        let (Some(r), Some(_)) = (&self.review, &self.session) else {
            self.not_reviewing();
            return None;
        };
        let current = r.current.filter(|&i| i < r.rows().len());
        if current.is_none() {
            self.status = "no current disagreement: press N".into();
        }
        current
    }

    fn accept(&mut self, annotator: usize, edit: bool) {
        let Some(i) = self.current_row() else { return };
        let (Some(r), Some(s)) = (&self.review, &self.session) else {
            return;
        };
        let row = &r.rows()[i]; // in range: `current_row` checked it, nothing changed since
        let sets = r.sets();
        let names = r.chosen_names();
        let Some(k) = row.frame_of(annotator) else {
            self.status = match names.get(annotator) {
                Some(n) => format!("{n} has no frame here"),
                None => format!("there is no compared annotator {}", annotator + 1),
            };
            return;
        };
        let id = sets[annotator].frames()[k].id.clone();
        let tx = decide_accept(
            &sets,
            s.annotations(),
            &row.frames,
            annotator,
            &id,
            edit,
            &r.adjudicator,
        );
        match tx {
            Ok(tx) => {
                let added = tx.ops.iter().find_map(|op| match op {
                    Op::AddFrame(f) => Some(f.id.clone()),
                    _ => None,
                });
                self.edit(tx);
                self.select_frame(added);
                if edit {
                    self.status = format!("{} — edit it in the frame editor", self.status);
                }
            }
            Err(e) => self.errors.push(e.to_string()),
        }
    }

    fn reject(&mut self) {
        let Some(i) = self.current_row() else { return };
        let (Some(r), Some(s)) = (&self.review, &self.session) else {
            return;
        };
        let row = &r.rows()[i]; // in range: `current_row` checked it, nothing changed since
        match decide_reject(&r.sets(), s.annotations(), &row.frames, row.span) {
            Some(tx) => {
                self.edit(tx);
                self.select_frame(None);
            }
            None => self.status = "already rejected".into(),
        }
    }

    fn accept_all(&mut self) {
        if self.review.is_none() || self.session.is_none() {
            return self.not_reviewing();
        }
        let (Some(r), Some(s)) = (&self.review, &self.session) else {
            return;
        };
        let sets = r.sets();
        if sets.len() < 2 {
            self.status = "choose at least two annotators".into();
            return;
        }
        let k = r.k();
        let step = auto_accept(&sets, s.annotations(), k, &r.adjudicator);
        if step.accepted == 0 {
            self.status = format!(
                "nothing to accept with K = {k} ({} already in gold, {} conflicts left)",
                step.already_in_gold, step.conflicts
            );
            return;
        }
        let mut tx = step.transaction;
        tx.description = format!("accept all agreed ({} frames, K = {k})", step.accepted);
        self.edit(tx);
        self.status = format!(
            "accepted {} frames on which at least {k} agree; {} conflicts left",
            step.accepted, step.conflicts
        );
    }
}
