//! Project commands: opening a project folder and its documents (saving the open one first),
//! next/previous document, Mark done, the annotator, and the Import and Export windows.
//!
//! A project document is edited through the same [`Session`] as a single file: its save
//! target is `annotations/<annotator>/<id>.json` (edit lock, disk stamp, recovery copy and
//! atomic save included). Leaving a document saves it first; when that save fails the document
//! stays open and the error is shown. The first edit of a *todo* document — a project's or a
//! single file — also sets it *in progress*, in the same undoable step.

use std::path::Path;

use crate::model::{Op, Status, Transaction};
use crate::project::{self, Project};

use super::super::app::App;
use super::super::command::Command;
use super::super::project_list::ProjectState;
use super::super::transfer_dialog::TransferDialog;
use crate::session::Session;

impl App {
    pub(super) fn apply_project(&mut self, c: Command) {
        match c {
            Command::OpenDocument(id) => self.open_document(&id),
            Command::NextDocument | Command::PrevDocument => {
                self.step_document(c == Command::NextDocument)
            }
            Command::MarkDone => self.mark_done(),
            Command::SetAnnotator(name) => self.set_annotator(name),
            Command::Import | Command::Export => self.open_transfer(c == Command::Import),
            Command::StartTransfer => self.start_transfer(),
            // A running job keeps its window (and its answer) until it has finished.
            Command::CloseTransfer
                if !self.transfer.as_ref().is_some_and(TransferDialog::running) =>
            {
                self.transfer = None;
            }
            Command::Imported(report) => {
                self.status = format!(
                    "imported {} new documents, {} annotation sets",
                    report.documents_added, report.annotation_sets
                );
                self.imported();
            }
            Command::Exported(summary) => {
                self.status = format!("exported {}", summary.counts());
            }
            _ => {}
        }
    }

    /// Saves the open document if it has unsaved changes. False when that failed (the error
    /// or the changed-on-disk question is shown) or needs a Save As first.
    pub(super) fn save_if_modified(&mut self) -> bool {
        !self.is_modified() || self.save(None)
    }

    pub(in crate::ui) fn open_project(&mut self, dir: &Path) {
        if !self.save_if_modified() {
            return;
        }
        match ProjectState::open(dir, &self.annotator) {
            Ok(st) => {
                self.schema = st.project.schema().clone();
                let first = st.first_to_open();
                self.status = format!("opened project {}", st.project.name());
                self.project = Some(st);
                // Releases the edit lock of whatever was open.
                self.session = None;
                self.article = None;
                self.load_error = None;
                if let Some(id) = first {
                    self.open_document(&id);
                }
            }
            Err(e) => {
                let msg = format!("{}: cannot open the project: {e}", dir.display());
                self.status = format!("could not open {}", dir.display());
                if self.session.is_some() {
                    self.errors.push(msg.clone());
                }
                self.load_error = Some(msg);
            }
        }
    }

    /// Opens a project document for the current annotator, after saving the open one.
    pub(super) fn open_document(&mut self, id: &str) {
        if self.project.is_none() || !self.save_if_modified() {
            return;
        }
        // Drop the old session first: its edit lock goes with it (the same file may reopen).
        self.session = None;
        self.article = None;
        let Some(st) = &mut self.project else { return };
        st.current = Some(id.to_owned());
        st.scroll_to_current = true;
        // The registry may have changed (`stancemark entities`, a sync) since it was read.
        st.reload_registry();
        match Session::open_in_project(&st.project, &self.annotator, id) {
            Ok(s) => {
                self.status = format!("opened {id} as {}", self.annotator);
                self.set_session(s);
            }
            Err(e) => {
                self.status = format!("could not open {id}");
                self.load_error = Some(e.to_string());
            }
        }
    }

    fn step_document(&mut self, forward: bool) {
        let Some(st) = &self.project else {
            self.status = "next/previous document work in a project (File ▸ Open project…)".into();
            return;
        };
        match st.neighbour(forward) {
            Some(id) => self.open_document(&id),
            None => {
                self.status = format!(
                    "no {} document in the list",
                    if forward { "next" } else { "previous" }
                )
            }
        }
    }

    /// Toggles done ↔ in progress as an undoable edit, then saves.
    fn mark_done(&mut self) {
        let Some(s) = &self.session else { return };
        let old = s.annotations().status;
        let new = if old == Status::Done {
            Status::InProgress
        } else {
            Status::Done
        };
        let tx = Transaction::new(format!("mark {} {}", s.document.id, new.name()))
            .with(Op::SetStatus { old, new });
        self.edit(tx);
        if self.session.as_ref().is_some_and(|s| s.save_path.is_some()) {
            self.save(None);
        }
        if self.training && new == Status::Done {
            self.training_feedback();
        }
    }

    /// Training mode: the differences to gold of the document just marked done, when the
    /// project has gold for it (else a note in the status bar).
    fn training_feedback(&mut self) {
        let (Some(s), Some(st)) = (&self.session, &self.project) else {
            return;
        };
        let id = s.document.id.clone();
        match st.project.load_gold(&id) {
            Ok(Some(gold)) => {
                let guidelines = st
                    .project
                    .guidelines()
                    .unwrap_or_else(|_| crate::model::Guidelines::new(&s.schema, None));
                self.training_view = Some(crate::ui::training::TrainingView::new(
                    &s.document,
                    &gold,
                    s.annotations(),
                    guidelines,
                ));
            }
            Ok(None) => self.status = format!("training: no gold for {id} yet"),
            Err(e) => self.errors.push(format!("training: {e}")),
        }
    }

    /// The first edit of a *todo* document (a project's or a single file) also sets it *in
    /// progress*, in the same step.
    pub(super) fn with_auto_status(&self, mut tx: Transaction) -> Transaction {
        let Some(s) = &self.session else { return tx };
        let sets_status = tx.ops.iter().any(|o| matches!(o, Op::SetStatus { .. }));
        if s.annotations().status == Status::Todo && !tx.ops.is_empty() && !sets_status {
            tx.push(Op::SetStatus {
                old: Status::Todo,
                new: Status::InProgress,
            });
        }
        tx
    }

    /// After a save: refresh the saved document's row (not the whole list).
    pub(super) fn project_saved(&mut self) {
        // The stance map counts the files on disk: read them again when it is shown next.
        if let Some(m) = &mut self.stance_map {
            m.stale = true;
        }
        let (Some(st), Some(s)) = (&mut self.project, &self.session) else {
            return;
        };
        if s.is_project_doc() {
            st.update_row(
                &s.document.id,
                s.annotations().status,
                s.annotations().frames().len(),
                s.annotations()
                    .time_spent
                    .seconds(&s.annotations().annotator),
            );
        }
    }

    fn set_annotator(&mut self, name: String) {
        if let Err(e) = project::safe_name("annotator", &name) {
            self.errors.push(e.to_string());
            return;
        }
        if name == self.annotator || !self.save_if_modified() {
            return;
        }
        self.annotator = name.clone();
        self.prefs.annotator = Some(name.clone());
        self.status = format!("annotator: {name}");
        let Some(st) = &mut self.project else { return };
        st.annotator_field = name.clone();
        if let Err(e) = st.rescan(&name) {
            self.errors.push(e.to_string());
        }
        if let Some(id) = st.current.clone() {
            self.open_document(&id);
        }
    }

    fn open_transfer(&mut self, import: bool) {
        let Some(st) = &self.project else {
            self.status = "Import and Export work on a project: File ▸ Open project…".into();
            return;
        };
        if self.transfer.as_ref().is_some_and(TransferDialog::running) {
            return;
        }
        self.transfer = Some(if import {
            TransferDialog::import(&self.annotator)
        } else {
            TransferDialog::export(&st.project, &self.annotator)
        });
    }

    /// Runs the window's form; the run reads annotation files from disk, so the open
    /// document's edits are saved first.
    fn start_transfer(&mut self) {
        if self.transfer.is_none() || !self.save_if_modified() {
            return;
        }
        if let (Some(t), Some(st)) = (&mut self.transfer, &self.project) {
            t.start(&st.project);
        }
    }

    /// After an import: the project as it is now on disk (an import may add labels to its
    /// schema), its list, and the open document again to show what the import brought.
    fn imported(&mut self) {
        let Some(st) = &mut self.project else { return };
        match Project::open(st.project.root()) {
            Ok(p) => st.project = p,
            Err(e) => self.errors.push(e.to_string()),
        }
        self.schema = st.project.schema().clone();
        if let Err(e) = st.rescan(&self.annotator) {
            self.errors.push(e.to_string());
        }
        let reopen = match (&self.session, &st.current) {
            // The open document was saved before the import started.
            (Some(s), Some(id)) if !s.is_modified() => Some(id.clone()),
            (None, _) => st.first_to_open(),
            _ => None,
        };
        if let Some(s) = &mut self.session {
            s.schema = self.schema.clone();
        }
        if let Some(id) = reopen {
            self.open_document(&id);
        }
    }
}
