//! The menu bar, the status bar and the find bar of the workbench window. Each returns what
//! the user asked for as [`Command`]s; the find bar keeps its own state ([`FindBar`]).

use crate::model::Span;
use crate::session::view::Selection;
use crate::session::Session;

use super::command::Command;
use super::theme::ThemeChoice;

/// What the menus show besides their fixed items.
pub struct Menu {
    /// Descriptions of the edits that Undo and Redo would take back or do again.
    pub undo: Option<String>,
    pub redo: Option<String>,
    /// A project is open (Import, Export, next/previous document).
    pub in_project: bool,
    /// The project document that View ▸ Review… would review (none while reviewing).
    pub review_doc: Option<String>,
    pub reviewing: bool,
    pub theme: ThemeChoice,
    /// The open document's text direction (none open: `None`).
    pub direction: Option<crate::session::bidi::DirectionSetting>,
    /// Suggested (ghost) frames are shown.
    pub suggestions: bool,
}

/// The menu bar.
pub fn menu_bar(ui: &mut egui::Ui, m: &Menu) -> Vec<Command> {
    let mut c = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, m, &mut c));
        ui.menu_button("Edit", |ui| edit_menu(ui, m, &mut c));
        ui.menu_button("View", |ui| view_menu(ui, m, &mut c));
        ui.menu_button("Help", |ui| {
            item(ui, &mut c, "Keyboard shortcuts", "F1", Command::Help);
            item(ui, &mut c, "Guidelines", "", Command::ShowGuidelines);
        });
    });
    c
}

fn file_menu(ui: &mut egui::Ui, m: &Menu, c: &mut Vec<Command>) {
    item(ui, c, "Open…", "Ctrl+O", Command::Open);
    item(ui, c, "Open project…", "", Command::OpenProject);
    item(ui, c, "Save", "Ctrl+S", Command::Save);
    item(ui, c, "Save as…", "Ctrl+Shift+S", Command::SaveAs);
    ui.separator();
    ui.add_enabled_ui(m.in_project, |ui| {
        item(ui, c, "Import…", "", Command::Import);
        item(ui, c, "Export…", "", Command::Export);
    });
    ui.separator();
    item(ui, c, "Quit", "Ctrl+Q", Command::Quit);
}

fn edit_menu(ui: &mut egui::Ui, m: &Menu, c: &mut Vec<Command>) {
    let u = m
        .undo
        .as_ref()
        .map_or("Undo".to_owned(), |d| format!("Undo: {d}"));
    let r = m
        .redo
        .as_ref()
        .map_or("Redo".to_owned(), |d| format!("Redo: {d}"));
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
}

fn view_menu(ui: &mut egui::Ui, m: &Menu, c: &mut Vec<Command>) {
    item(ui, c, "Next frame", "Tab", Command::NextFrame);
    item(ui, c, "Previous frame", "Shift+Tab", Command::PrevFrame);
    ui.add_enabled_ui(m.in_project, |ui| {
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
    let mut shown = m.suggestions;
    if ui.checkbox(&mut shown, "Suggestions").clicked() {
        c.push(Command::ToggleSuggestions);
        ui.close();
    }
    item(ui, c, "Next suggestion", "J", Command::NextSuggestion);
    item(ui, c, "Previous suggestion", "K", Command::PrevSuggestion);
    ui.separator();
    item(ui, c, "Larger text", "Ctrl+=", Command::ZoomIn);
    item(ui, c, "Smaller text", "Ctrl+-", Command::ZoomOut);
    item(ui, c, "Reset text size", "Ctrl+0", Command::ZoomReset);
    ui.separator();
    ui.add_enabled_ui(m.in_project, |ui| {
        item(ui, c, "Stance map", "Ctrl+M", Command::StanceMap);
    });
    if let Some(doc_id) = &m.review_doc {
        let doc_id = doc_id.clone();
        item(ui, c, "Review…", "", Command::OpenReview { doc_id });
    }
    if m.reviewing {
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
    for (theme, label) in ThemeChoice::ALL {
        if ui.radio(m.theme == theme, label).clicked() && m.theme != theme {
            c.push(Command::SetTheme(theme));
        }
    }
    if let Some(current) = m.direction {
        ui.separator();
        ui.label("Text direction");
        for d in crate::session::bidi::DirectionSetting::ALL {
            if ui.radio(current == d, d.label()).clicked() && current != d {
                c.push(Command::SetDirection(d));
            }
        }
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

/// The status bar: the file, saved or not, the annotator, the frame count, the offset under
/// the pointer (or the selection), and the last status message.
pub fn status_bar(
    ui: &mut egui::Ui,
    session: Option<&Session>,
    annotator: &str,
    selection: Selection,
    hover: Option<usize>,
    status: &str,
) {
    ui.horizontal(|ui| {
        match session {
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
                ui.label(format!("annotator: {annotator}"));
                ui.separator();
                let frames = s.annotations().frames().len();
                ui.label(crate::io::export::counted(frames, "frame", "frames"));
                ui.separator();
                let sel = selection.span();
                if sel.is_empty() {
                    ui.label(format!("offset {}", hover.unwrap_or(sel.start)));
                } else {
                    ui.label(format!("selection [{}, {})", sel.start, sel.end));
                }
            }
            None => {
                ui.label("no document");
            }
        }
        if !status.is_empty() {
            ui.separator();
            ui.weak(status);
        }
    });
}

/// The find bar's state.
#[derive(Default)]
pub struct FindBar {
    pub open: bool,
    pub text: String,
    /// The match last found (selected in the article).
    pub found: Option<Span>,
    pub focus_request: bool,
    /// The find field had keyboard focus at the end of the last frame (egui drops focus on
    /// Escape before our key handler runs, so "Escape in the find bar" is decided by this).
    pub had_focus: bool,
}

/// The find field's widget id.
pub fn find_field() -> egui::Id {
    egui::Id::unique("find-field")
}

/// The find bar: the search text, Next, Previous, Close.
pub fn find_bar(ui: &mut egui::Ui, bar: &mut FindBar) -> Vec<Command> {
    let mut c = Vec::new();
    ui.horizontal(|ui| {
        ui.label("Find:");
        let r = ui.add(
            egui::TextEdit::singleline(&mut bar.text)
                .id(find_field())
                .desired_width(280.0)
                .hint_text("Enter: next, Shift+Enter: previous, Esc: close"),
        );
        if bar.focus_request {
            r.request_focus();
            bar.focus_request = false;
        }
        bar.had_focus = r.has_focus();
        if ui.button("Next").clicked() {
            c.push(Command::FindNext);
        }
        if ui.button("Previous").clicked() {
            c.push(Command::FindPrev);
        }
        if ui.button("Close").clicked() {
            c.push(Command::CloseFind);
        }
        if bar.found.is_none() && !bar.text.is_empty() {
            ui.weak("(Enter to search)");
        }
    });
    c
}
