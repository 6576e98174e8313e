//! File dialogs off the UI thread, the in-app path field fallback, and the modal questions
//! (unsaved changes, recovery copy, errors).
//!
//! rfd runs on a worker thread, so a native dialog never freezes the UI. Where no dialog can be
//! shown (no desktop portal: rfd answers `None` at once), the app falls back to a path field.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// What a file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Open,
    SaveAs,
    /// A project folder.
    OpenProject,
}

/// A native dialog running on a worker thread.
pub struct Pending {
    pub purpose: Purpose,
    started: Instant,
    rx: Receiver<Option<PathBuf>>,
}

/// A `None` faster than this means no dialog was shown at all (nobody cancels that fast).
const NO_DIALOG: Duration = Duration::from_millis(400);

pub enum Outcome {
    Picked(PathBuf),
    Cancelled,
    /// No native dialog could be shown: ask for a path in the window.
    Unavailable,
}

impl Pending {
    pub fn start(purpose: Purpose, dir: Option<PathBuf>, name: Option<String>) -> Pending {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut d = rfd::FileDialog::new()
                .add_filter("stancemark or text", &["json", "txt"])
                .add_filter("all files", &["*"]);
            if let Some(dir) = dir {
                d = d.set_directory(dir);
            }
            let picked = match purpose {
                Purpose::Open => d.pick_file(),
                Purpose::OpenProject => d.pick_folder(),
                Purpose::SaveAs => d.set_file_name(name.unwrap_or_default()).save_file(),
            };
            let _ = tx.send(picked);
        });
        Pending {
            purpose,
            started: Instant::now(),
            rx,
        }
    }

    /// The outcome once the dialog has closed.
    pub fn poll(&self) -> Option<Outcome> {
        match self.rx.try_recv() {
            Ok(Some(p)) => Some(Outcome::Picked(p)),
            Ok(None) if self.started.elapsed() < NO_DIALOG => Some(Outcome::Unavailable),
            Ok(None) => Some(Outcome::Cancelled),
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Some(Outcome::Unavailable),
        }
    }
}

/// The in-app path field. Returns the entered path when confirmed; sets `open` false on cancel.
pub fn path_prompt(
    ctx: &egui::Context,
    purpose: Purpose,
    path: &mut String,
    open: &mut bool,
) -> Option<PathBuf> {
    let mut result = None;
    let title = match purpose {
        Purpose::Open => "Open file",
        Purpose::SaveAs => "Save as",
        Purpose::OpenProject => "Open project",
    };
    let what = match purpose {
        Purpose::OpenProject => "Path of a project folder (it holds stancemark.json):",
        _ => "Path of a .txt article or a .stance.json annotation file:",
    };
    egui::Modal::new(egui::Id::unique("path-prompt")).show(ctx, |ui| {
        ui.heading(title);
        ui.label(what);
        let r = ui.add(egui::TextEdit::singleline(path).desired_width(420.0));
        if !r.has_focus() && !r.lost_focus() {
            r.request_focus();
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if (ui.button("OK").clicked() || enter) && !path.trim().is_empty() {
                result = Some(PathBuf::from(path.trim()));
                *open = false;
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                *open = false;
            }
        });
    });
    result
}

/// The three answers to "save your changes?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardAnswer {
    Save,
    Discard,
    Cancel,
}

/// Asks Save / Discard / Cancel about unsaved changes to `name`.
pub fn unsaved_guard(ctx: &egui::Context, name: &str) -> Option<GuardAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("unsaved-guard")).show(ctx, |ui| {
        ui.heading("Unsaved changes");
        ui.label(format!("{name} has unsaved changes. Save them first?"));
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                answer = Some(GuardAnswer::Save);
            }
            if ui.button("Discard").clicked() {
                answer = Some(GuardAnswer::Discard);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(GuardAnswer::Cancel);
            }
        });
    });
    answer
}

/// The answers to "the file changed on disk".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictAnswer {
    Reload,
    Overwrite,
    SaveAs,
    Cancel,
}

/// Asks what to do when the file to be saved changed on disk since it was opened.
pub fn changed_on_disk(ctx: &egui::Context, path: &std::path::Path) -> Option<ConflictAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("changed-on-disk")).show(ctx, |ui| {
        ui.heading("The file changed on disk");
        ui.label(format!(
            "{}\nwas changed by another program (or a sync) since you opened it.\n\
             Reload it (your unsaved changes are lost), overwrite it with your version, \
             or save your version as another file?",
            path.display()
        ));
        ui.horizontal(|ui| {
            if ui.button("Reload").clicked() {
                answer = Some(ConflictAnswer::Reload);
            }
            if ui.button("Overwrite").clicked() {
                answer = Some(ConflictAnswer::Overwrite);
            }
            if ui.button("Save as…").clicked() {
                answer = Some(ConflictAnswer::SaveAs);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(ConflictAnswer::Cancel);
            }
        });
    });
    answer
}

/// Offers to restore a recovery copy. `Some(true)` restores, `Some(false)` ignores it.
pub fn recovery_offer(ctx: &egui::Context, path: &std::path::Path) -> Option<bool> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("recovery-offer")).show(ctx, |ui| {
        ui.heading("Recovered work");
        ui.label(format!(
            "A recovery copy newer than the saved file exists:\n{}\nRestore it? (Restoring is one step you can undo.)",
            path.display()
        ));
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                answer = Some(true);
            }
            if ui.button("Ignore").clicked() {
                answer = Some(false);
            }
        });
    });
    answer
}

/// Shows an error message in a window until closed. Returns false once closed.
pub fn error_window(ctx: &egui::Context, message: &str) -> bool {
    let mut open = true;
    let mut close = false;
    egui::Window::new("Error")
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    ui.add(egui::Label::new(egui::RichText::new(message).monospace()).wrap());
                });
            close = ui.button("Close").clicked();
        });
    open && !close
}
