//! File dialogs off the UI thread, the in-app path field fallback, and the windows of the
//! questions (unsaved changes, changed on disk, recovery copy) and of errors. Each question
//! returns the user's [`Answer`]; what it leads to is decided where commands are applied.
//!
//! rfd runs on a worker thread, so a native dialog never freezes the UI. Where no dialog can be
//! shown (no desktop portal: rfd answers `None` at once), the app falls back to a path field.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::command::Answer;

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
            // The app may have stopped waiting (another question replaced this one).
            let _ = tx.send(picked);
        });
        Pending {
            purpose,
            started: Instant::now(),
            rx,
        }
    }

    /// The user's answer once the dialog has closed: a path, [`Answer::Cancel`], or
    /// [`Answer::NoDialog`] when none could be shown.
    pub fn poll(&self) -> Option<Answer> {
        match self.rx.try_recv() {
            Ok(Some(p)) => Some(Answer::Path(p)),
            Ok(None) if self.started.elapsed() < NO_DIALOG => Some(Answer::NoDialog),
            Ok(None) => Some(Answer::Cancel),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Answer::NoDialog),
        }
    }
}

/// The in-app path field: [`Answer::Path`] when confirmed, [`Answer::Cancel`] on Cancel or
/// Escape. `path` is the field's text.
pub fn path_prompt(ctx: &egui::Context, purpose: Purpose, path: &mut String) -> Option<Answer> {
    let mut answer = None;
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
                answer = Some(Answer::Path(PathBuf::from(path.trim())));
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(Answer::Cancel);
            }
        });
    });
    answer
}

/// A modal question: a heading, a text, and one button per answer (Escape answers
/// [`Answer::Cancel`] where that is one of them).
fn question(
    ctx: &egui::Context,
    id: &str,
    heading: &str,
    text: &str,
    buttons: &[(&str, Answer)],
) -> Option<Answer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.heading(heading);
        ui.label(text);
        ui.horizontal(|ui| {
            for (label, a) in buttons {
                if ui.button(*label).clicked() {
                    answer = Some(a.clone());
                }
            }
        });
        let cancels = buttons.iter().any(|(_, a)| *a == Answer::Cancel);
        if cancels && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = Some(Answer::Cancel);
        }
    });
    answer
}

/// Asks Save / Discard / Cancel about unsaved changes to `name`.
pub fn unsaved_guard(ctx: &egui::Context, name: &str) -> Option<Answer> {
    question(
        ctx,
        "unsaved-guard",
        "Unsaved changes",
        &format!("{name} has unsaved changes. Save them first?"),
        &[
            ("Save", Answer::Save),
            ("Discard", Answer::Discard),
            ("Cancel", Answer::Cancel),
        ],
    )
}

/// Asks what to do when the file to be saved changed on disk since it was opened.
pub fn changed_on_disk(ctx: &egui::Context, path: &Path) -> Option<Answer> {
    question(
        ctx,
        "changed-on-disk",
        "The file changed on disk",
        &format!(
            "{}\nwas changed by another program (or a sync) since you opened it.\n\
             Reload it (your unsaved changes are lost), overwrite it with your version, \
             or save your version as another file?",
            path.display()
        ),
        &[
            ("Reload", Answer::Reload),
            ("Overwrite", Answer::Overwrite),
            ("Save as…", Answer::SaveAs),
            ("Cancel", Answer::Cancel),
        ],
    )
}

/// Offers to restore a recovery copy: Restore or Ignore.
pub fn recovery_offer(ctx: &egui::Context, path: &Path) -> Option<Answer> {
    question(
        ctx,
        "recovery-offer",
        "Recovered work",
        &format!(
            "A recovery copy newer than the saved file exists:\n{}\nRestore it? (Restoring is one step you can undo.)",
            path.display()
        ),
        &[("Restore", Answer::Restore), ("Ignore", Answer::Ignore)],
    )
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
