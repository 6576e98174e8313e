//! The menu bar, the status bar and the find bar of the workbench window.

use super::app::{App, ThemeChoice};
use super::command::Command;

impl App {
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let undo = self
            .session
            .as_ref()
            .and_then(|s| s.history().undo_description().map(str::to_owned));
        let redo = self
            .session
            .as_ref()
            .and_then(|s| s.history().redo_description().map(str::to_owned));
        let in_project = self.project.is_some();
        let review_doc = if self.review.is_some() {
            None
        } else {
            self.session
                .as_ref()
                .and_then(|s| s.project_file())
                .and_then(|(_, role)| role.doc_id().map(str::to_owned))
        };
        let reviewing = self.review.is_some();
        let c = &mut self.commands;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, c, "Open…", "Ctrl+O", Command::Open);
                item(ui, c, "Open project…", "", Command::OpenProject);
                item(ui, c, "Save", "Ctrl+S", Command::Save);
                item(ui, c, "Save as…", "Ctrl+Shift+S", Command::SaveAs);
                ui.separator();
                ui.add_enabled_ui(in_project, |ui| {
                    item(ui, c, "Import…", "", Command::Import);
                    item(ui, c, "Export…", "", Command::Export);
                });
                ui.separator();
                item(ui, c, "Quit", "Ctrl+Q", Command::Quit);
            });
            ui.menu_button("Edit", |ui| {
                let u = undo.map_or("Undo".to_owned(), |d| format!("Undo: {d}"));
                let r = redo.map_or("Redo".to_owned(), |d| format!("Redo: {d}"));
                item(ui, c, &u, "Ctrl+Z", Command::Undo);
                item(ui, c, &r, "Ctrl+Shift+Z", Command::Redo);
                ui.separator();
                item(ui, c, "Find…", "Ctrl+F", Command::Find);
                item(ui, c, "Copy", "Ctrl+C", Command::Copy);
                item(ui, c, "Delete frame", "Delete", Command::DeleteFrame);
                ui.separator();
                item(
                    ui,
                    c,
                    "Mark done / in progress",
                    "Ctrl+Shift+D",
                    Command::MarkDone,
                );
            });
            ui.menu_button("View", |ui| {
                item(ui, c, "Next frame", "Tab", Command::NextFrame);
                item(ui, c, "Previous frame", "Shift+Tab", Command::PrevFrame);
                ui.add_enabled_ui(in_project, |ui| {
                    item(
                        ui,
                        c,
                        "Next document",
                        "Ctrl+PageDown",
                        Command::NextDocument,
                    );
                    item(
                        ui,
                        c,
                        "Previous document",
                        "Ctrl+PageUp",
                        Command::PrevDocument,
                    );
                });
                item(ui, c, "Larger text", "Ctrl+=", Command::ZoomIn);
                item(ui, c, "Smaller text", "Ctrl+-", Command::ZoomOut);
                item(ui, c, "Reset text size", "Ctrl+0", Command::ZoomReset);
                ui.separator();
                if let Some(doc_id) = &review_doc {
                    let doc_id = doc_id.clone();
                    item(ui, c, "Review…", "", Command::OpenReview { doc_id });
                }
                if reviewing {
                    item(ui, c, "Next disagreement", "N", Command::NextDisagreement);
                    item(
                        ui,
                        c,
                        "Previous disagreement",
                        "Shift+N",
                        Command::PrevDisagreement,
                    );
                    item(
                        ui,
                        c,
                        "Accept all agreed",
                        "Ctrl+Shift+A",
                        Command::AcceptAllAgreed,
                    );
                    item(ui, c, "Close review", "", Command::CloseReview);
                }
                ui.separator();
                ui.label("Theme");
                let before = self.prefs.theme;
                ui.radio_value(
                    &mut self.prefs.theme,
                    ThemeChoice::System,
                    "Follow the system",
                );
                ui.radio_value(&mut self.prefs.theme, ThemeChoice::Light, "Light");
                ui.radio_value(&mut self.prefs.theme, ThemeChoice::Dark, "Dark");
                if before != self.prefs.theme {
                    c.push(Command::ToggleTheme);
                }
            });
            ui.menu_button("Help", |ui| {
                item(ui, c, "Keyboard shortcuts", "F1", Command::Help);
            });
        });
    }

    pub(super) fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match &self.session {
                Some(s) => {
                    let path = s
                        .save_path
                        .as_ref()
                        .map_or("(bundled sample, not saved yet)".to_owned(), |p| {
                            p.display().to_string()
                        });
                    ui.label(path);
                    ui.separator();
                    if s.is_modified() {
                        ui.colored_label(ui.visuals().warn_fg_color, "unsaved");
                    } else {
                        ui.label("saved");
                    }
                    ui.separator();
                    ui.label(format!("annotator: {}", self.annotator));
                    ui.separator();
                    ui.label(format!("{} frames", s.annotations().frames().len()));
                    ui.separator();
                    let sel = self.view.selection.span();
                    if sel.is_empty() {
                        ui.label(format!("offset {}", self.view.hover.unwrap_or(sel.start)));
                    } else {
                        ui.label(format!("selection [{}, {})", sel.start, sel.end));
                    }
                }
                None => {
                    ui.label("no document");
                }
            }
            if !self.status.is_empty() {
                ui.separator();
                ui.weak(&self.status);
            }
        });
    }

    pub(super) fn find_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label("Find:");
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.view.find_text)
                    .id(egui::Id::unique("find-field"))
                    .desired_width(280.0)
                    .hint_text("Enter: next, Shift+Enter: previous, Esc: close"),
            );
            if self.view.find_focus_request {
                r.request_focus();
                self.view.find_focus_request = false;
            }
            self.view.find_had_focus = r.has_focus();
            if ui.button("Next").clicked() {
                self.commands.push(Command::FindNext);
            }
            if ui.button("Previous").clicked() {
                self.commands.push(Command::FindPrev);
            }
            if ui.button("Close").clicked() {
                self.commands.push(Command::CloseFind);
            }
            if self.view.find_match.is_none() && !self.view.find_text.is_empty() {
                ui.weak("(Enter to search)");
            }
        });
    }
}

fn item(ui: &mut egui::Ui, out: &mut Vec<Command>, label: &str, keys: &str, c: Command) {
    if ui
        .add(egui::Button::new(label).shortcut_text(keys))
        .clicked()
    {
        out.push(c);
        ui.close();
    }
}
