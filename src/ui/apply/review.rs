//! Review mode's commands: entering and leaving it, moving through the disagreement list,
//! and applying the [`Review`]'s decisions to the gold session.

use std::path::Path;

use super::super::app::App;
use super::super::command::Command;
use super::super::modal::After;
use super::super::review::actions::{Decision, Refusal};
use super::super::review::Review;

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
        // Reopening the gold file this session edits: give up its lock first.
        if let Some(s) = &mut self.session {
            if s.save_path.as_deref() == Some(gold_path.as_path()) {
                s.release_lock();
            }
        }
        let session = review.gold_session(&self.annotator)?;
        self.set_session(session);
        self.status = format!(
            "reviewing {doc_id}: {} annotators; gold is {}",
            review.annotators.len(),
            gold_path.display()
        );
        self.review = Some(review);
        Ok(())
    }

    pub(super) fn apply_review(&mut self, c: Command) {
        if let Command::OpenReview { doc_id } = c {
            return self.review_doc(doc_id);
        }
        let (Some(r), Some(s)) = (&mut self.review, &self.session) else {
            if c != Command::CloseReview {
                self.status = "not in Review mode (View ▸ Review…)".into();
            }
            return;
        };
        let gold = s.annotations();
        match c {
            Command::CloseReview => {
                self.review = None;
                self.status = "review closed; the gold file stays open".into();
            }
            Command::NextDisagreement | Command::PrevDisagreement => {
                match r.step(c == Command::NextDisagreement) {
                    Some(i) => self.select_disagreement(i),
                    None => self.status = "no disagreements".into(),
                }
            }
            Command::SelectDisagreement(i) => self.select_disagreement(i),
            Command::Accept { annotator, edit } => {
                let d = r.accept(gold, annotator, edit);
                self.decide(d)
            }
            Command::Reject => {
                let d = r.reject(gold);
                self.decide(d)
            }
            Command::AcceptAllAgreed => {
                let d = r.accept_all(gold);
                self.decide(d)
            }
            _ => {}
        }
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

    fn select_disagreement(&mut self, i: usize) {
        let Some(picked) = self.review.as_mut().and_then(|r| r.select(i)) else {
            return;
        };
        self.select_frame(picked.gold);
        if let Some(a) = &mut self.article {
            a.scroll_to = Some(picked.span.start);
        }
        self.status = picked.heading;
    }

    /// Applies a decision to the gold session, or says why there is none.
    fn decide(&mut self, decision: Result<Decision, Refusal>) {
        match decision {
            Ok(d) => {
                if !self.edit(d.edit) {
                    return;
                }
                if let Some(frame) = d.select {
                    self.select_frame(frame);
                }
                if let Some(status) = d.status {
                    self.status = status;
                }
            }
            Err(Refusal::Note(why)) => self.status = why,
            Err(Refusal::Error(e)) => self.errors.push(e),
        }
    }

    /// Keeps the review in step with the gold session; leaves Review mode when another file
    /// is open (or the gold set was saved elsewhere).
    pub(in crate::ui) fn follow_review(&mut self) {
        let (Some(r), Some(s)) = (&mut self.review, &self.session) else {
            self.review = None;
            return;
        };
        if r.gold_path().ok().as_deref() != s.save_path.as_deref() {
            self.review = None;
            return;
        }
        r.follow(s);
    }
}
