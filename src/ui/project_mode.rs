//! Project mode of the workbench: opening a project folder, the document list beside the
//! article, moving between documents (saving first), Mark done, the annotator, and the Import
//! and Export windows.
//!
//! A project document is edited through the same [`Session`] as a single file: its save
//! target is `annotations/<annotator>/<id>.json` (edit lock, disk stamp, recovery copy and
//! atomic save included). Leaving a document saves it first; when that save fails the document
//! stays open and the error is shown. The first edit of a *todo* document also sets it *in
//! progress*, in the same undoable step.

use std::path::Path;

use crate::model::{Op, Status, Transaction};
use crate::project;

use super::app::App;
use super::project_list::{self, step_document, ProjectState};
use super::transfer_dialog::{Action, ExportForm, Finished, Form, ImportForm, TransferDialog};
use crate::session::Session;

impl App {
    // ---- read-only accessors and test hooks ----

    /// The open project, its rows and filters.
    pub fn project(&self) -> Option<&ProjectState> {
        self.project.as_ref()
    }
    /// The open project's list state, e.g. to set a filter as the user would (tests).
    pub fn project_mut(&mut self) -> Option<&mut ProjectState> {
        self.project.as_mut()
    }
    /// The Import or Export window, while open (tests fill its form as a user would).
    pub fn transfer_mut(&mut self) -> Option<&mut TransferDialog> {
        self.transfer.as_mut()
    }
    /// The current annotator.
    pub fn annotator(&self) -> &str {
        &self.annotator
    }

    /// Saves the open document if it has unsaved changes. False when that failed (the error
    /// or the changed-on-disk question is shown) or needs a Save As first.
    pub(super) fn save_if_modified(&mut self) -> bool {
        !self.is_modified() || self.save()
    }

    pub(super) fn open_project(&mut self, dir: &Path) {
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

    pub(super) fn step_document(&mut self, forward: bool) {
        let Some(st) = &self.project else {
            self.status = "next/previous document work in a project (File ▸ Open project…)".into();
            return;
        };
        let shown = st.shown();
        match step_document(&st.rows, &shown, st.current.as_deref(), forward) {
            Some(i) => {
                let id = st.rows[i].id.clone();
                self.open_document(&id);
            }
            None => {
                self.status = format!(
                    "no {} document in the list",
                    if forward { "next" } else { "previous" }
                )
            }
        }
    }

    /// Toggles done ↔ in progress as an undoable edit, then saves.
    pub(super) fn mark_done(&mut self) {
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
            self.save();
        }
    }

    /// The first edit of a *todo* project document also sets it *in progress* (same step).
    pub(super) fn with_auto_status(&self, mut tx: Transaction) -> Transaction {
        let Some(s) = &self.session else { return tx };
        let sets_status = tx.ops.iter().any(|o| matches!(o, Op::SetStatus { .. }));
        if s.is_project_doc()
            && s.annotations().status == Status::Todo
            && !tx.ops.is_empty()
            && !sets_status
        {
            tx.push(Op::SetStatus {
                old: Status::Todo,
                new: Status::InProgress,
            });
        }
        tx
    }

    /// After a save: refresh the saved document's row (not the whole list).
    pub(super) fn project_saved(&mut self) {
        let (Some(st), Some(s)) = (&mut self.project, &self.session) else {
            return;
        };
        if s.is_project_doc() {
            st.update_row(
                &s.document.id,
                s.annotations().status,
                s.annotations().frames().len(),
            );
        }
    }

    pub(super) fn set_annotator(&mut self, name: String) {
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

    // ---- the document list panel ----

    pub(super) fn project_panel(&mut self, ui: &mut egui::Ui) {
        let Some(st) = &mut self.project else { return };
        let current_status = self
            .session
            .as_ref()
            .filter(|s| s.is_project_doc())
            .map(|s| s.annotations().status);
        let r = egui::Panel::left("documents")
            .resizable(true)
            .default_size(self.prefs.list_width)
            .size_range(220.0..=640.0)
            .show(ui, |ui| {
                project_list::document_list(
                    ui,
                    st,
                    &self.annotator,
                    current_status,
                    &mut self.commands,
                );
            });
        self.prefs.list_width = r.response.rect.width();
    }

    // ---- Import / Export ----

    pub(super) fn open_transfer(&mut self, import: bool) {
        let Some(st) = &self.project else {
            self.status = "Import and Export work on a project: File ▸ Open project…".into();
            return;
        };
        if self.transfer.as_ref().is_some_and(TransferDialog::running) {
            return;
        }
        let form = if import {
            Form::Import(ImportForm::new(&self.annotator))
        } else {
            Form::Export(ExportForm::new(&st.project, &self.annotator))
        };
        self.transfer = Some(TransferDialog::new(form));
    }

    pub(super) fn transfer_window(&mut self, ctx: &egui::Context) {
        let Some(t) = &mut self.transfer else { return };
        if let Some(done) = t.poll() {
            self.transfer_finished(done);
        }
        let (Some(t), Some(st)) = (&mut self.transfer, &self.project) else {
            return;
        };
        match t.show(ctx, &st.project) {
            Action::None => {}
            Action::Close => self.transfer = None,
            Action::Start => {
                // The run reads annotation files from disk: the open document's edits first.
                if self.save_if_modified() {
                    if let (Some(t), Some(st)) = (&mut self.transfer, &self.project) {
                        t.start(&st.project);
                    }
                }
            }
        }
        if self.transfer.as_ref().is_some_and(TransferDialog::running) {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    fn transfer_finished(&mut self, done: Finished) {
        match done {
            Finished::Exported(s) => {
                self.status = format!("exported {} documents", s.documents);
            }
            Finished::Imported(project, report) => {
                self.status = format!(
                    "imported {} new documents, {} annotation sets",
                    report.documents_added, report.annotation_sets
                );
                let Some(st) = &mut self.project else { return };
                st.project = *project;
                self.schema = st.project.schema().clone();
                if let Err(e) = st.rescan(&self.annotator) {
                    self.errors.push(e.to_string());
                }
                let reopen = match (&self.session, &st.current) {
                    // Show what the import brought (the open document was saved before it).
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
    }
}
