//! The project's document list: one row per document with its title, the current annotator's
//! status as a badge and how many annotators have a file for it; filters by status and text;
//! the annotator's done/total progress.
//!
//! The rows come from [`Project::status`] once when the project opens (or the annotator
//! changes, or an import lands) and are then updated one at a time after saves, so a list of
//! thousands of documents costs one folder scan, not one per frame. The list is drawn with
//! `ScrollArea::show_rows`: only visible rows are laid out. Filtering and next/previous are
//! plain functions ([`filter_rows`], [`step_document`]) tested without pixels. Row indices are
//! positions in [`ProjectState::rows`], which is sorted by document id. The list's widgets
//! change only its own view state (filters, the annotator field); opening a document, Mark
//! done and switching the annotator are returned as commands for the app to apply.

use std::path::Path;

use crate::io::stamp::DiskStamp;
use crate::model::time_spent::clock;
use crate::model::{Registry, Status};
use crate::project::{self, DocStatus, Project, ProjectError};

use super::command::Command;

/// Which statuses the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Only(Status),
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 4] = [
        StatusFilter::All,
        StatusFilter::Only(Status::Todo),
        StatusFilter::Only(Status::InProgress),
        StatusFilter::Only(Status::Done),
    ];

    pub fn name(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Only(s) => s.name(),
        }
    }

    pub fn admits(self, s: Status) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Only(only) => only == s,
        }
    }
}

/// The rows a filter shows, as indices into `rows` in list order. `text` matches title or id,
/// case-insensitively, as a substring (surrounding blanks ignored; empty matches all).
pub fn filter_rows(rows: &[DocStatus], status: StatusFilter, text: &str) -> Vec<usize> {
    let needle = text.trim().to_lowercase();
    rows.iter()
        .enumerate()
        .filter(|(_, r)| status.admits(r.status))
        .filter(|(_, r)| {
            needle.is_empty()
                || r.title.to_lowercase().contains(&needle)
                || r.id.to_lowercase().contains(&needle)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The next (or previous) shown row after (before) the document `current`, as an index into
/// `rows`. The current document need not be shown itself (it may have just been marked done
/// under a "todo" filter): the step goes from its place in the full list. Without a current
/// document, the first (last) shown row. `None` at the end of the list (no wrap-around).
pub fn step_document(
    rows: &[DocStatus],
    shown: &[usize],
    current: Option<&str>,
    forward: bool,
) -> Option<usize> {
    let cur = current.and_then(|id| rows.iter().position(|r| r.id == id));
    if forward {
        shown.iter().copied().find(|&i| cur.is_none_or(|c| i > c))
    } else {
        shown
            .iter()
            .rev()
            .copied()
            .find(|&i| cur.is_none_or(|c| i < c))
    }
}

/// An open project in the workbench: the project, its document rows for the current annotator,
/// the list's filters and the document being edited.
pub struct ProjectState {
    pub project: Project,
    /// Sorted by id (as [`Project::status`] returns them).
    pub rows: Vec<DocStatus>,
    pub filter: StatusFilter,
    pub text: String,
    /// The annotator name being edited in the list header.
    pub annotator_field: String,
    /// The id of the document open in the session.
    pub current: Option<String>,
    /// Scroll the list to the current row in the next frame.
    pub scroll_to_current: bool,
    /// The entity registry as last read, with the stamp of its bytes (so that a write from
    /// the entity field never overwrites a registry changed on disk); `None` when the project
    /// has no `entities.json` or it cannot be read.
    pub registry: Option<(Registry, DiskStamp)>,
    /// Why the registry could not be read, shown by the entity field.
    pub registry_error: Option<String>,
}

impl ProjectState {
    /// Opens the project in `dir` and lists its documents for `annotator`.
    pub fn open(dir: &Path, annotator: &str) -> Result<ProjectState, ProjectError> {
        let project = Project::open(dir)?;
        let rows = project.status(annotator)?;
        let mut st = ProjectState {
            project,
            rows,
            filter: StatusFilter::All,
            text: String::new(),
            annotator_field: annotator.to_owned(),
            current: None,
            scroll_to_current: true,
            registry: None,
            registry_error: None,
        };
        st.reload_registry();
        Ok(st)
    }

    /// Reads the registry again (when a document opens, or after a write was refused). A
    /// registry that cannot be read is dropped, and `registry_error` says why: the entity
    /// field then offers the file's entities only, and says so.
    pub fn reload_registry(&mut self) {
        (self.registry, self.registry_error) = match self.project.load_registry_stamped() {
            Ok(r) => (r, None),
            Err(e) => (None, Some(e.to_string())),
        };
    }

    /// Reads every row again (after the annotator changed or an import).
    pub fn rescan(&mut self, annotator: &str) -> Result<(), ProjectError> {
        self.rows = self.project.status(annotator)?;
        Ok(())
    }

    pub fn shown(&self) -> Vec<usize> {
        filter_rows(&self.rows, self.filter, &self.text)
    }

    /// (done, total) for the current annotator.
    pub fn progress(&self) -> (usize, usize) {
        project::progress(&self.rows)
    }

    /// The document to open first: the first one not done, else the first.
    pub fn first_to_open(&self) -> Option<String> {
        self.rows
            .iter()
            .find(|r| r.status != Status::Done)
            .or(self.rows.first())
            .map(|r| r.id.clone())
    }

    /// The id of the next (previous) document the list shows, from the current one.
    pub fn neighbour(&self, forward: bool) -> Option<String> {
        let i = step_document(&self.rows, &self.shown(), self.current.as_deref(), forward)?;
        Some(self.rows[i].id.clone())
    }

    /// The document list on the left of the window; returns what the user asked for.
    /// `current_status` is the open project document's status; `width` follows the user's
    /// resizing.
    pub fn side_panel(
        &mut self,
        ui: &mut egui::Ui,
        annotator: &str,
        current_status: Option<Status>,
        width: &mut f32,
    ) -> Vec<Command> {
        let mut out = Vec::new();
        let r = egui::Panel::left("documents")
            .resizable(true)
            .default_size(*width)
            .size_range(220.0..=640.0)
            .show(ui, |ui| {
                document_list(ui, self, annotator, current_status, &mut out);
            });
        *width = r.response.rect.width();
        out
    }

    /// Updates one row after its annotation file was saved: status, frames, time spent and the
    /// number of annotators (one `is_file` per annotator folder, not a project scan).
    pub fn update_row(&mut self, id: &str, status: Status, frames: usize, seconds: u64) {
        let annotators = self
            .project
            .annotators()
            .map(|names| {
                names
                    .iter()
                    .filter(|a| {
                        self.project
                            .annotation_path(a, id)
                            .is_ok_and(|p| p.is_file())
                    })
                    .count()
            })
            .ok();
        if let Some(r) = self.rows.iter_mut().find(|r| r.id == id) {
            r.status = status;
            r.frames = frames;
            r.seconds = seconds;
            if let Some(n) = annotators {
                r.annotators = n;
            }
        }
    }
}

/// Height of one list row, in points.
const ROW_HEIGHT: f32 = 24.0;

/// The list panel's contents: header (project, annotator, progress, filters, Mark done) and
/// the virtualised rows. Clicks become commands.
fn document_list(
    ui: &mut egui::Ui,
    st: &mut ProjectState,
    annotator: &str,
    current_status: Option<Status>,
    out: &mut Vec<Command>,
) {
    ui.add_space(4.0);
    ui.label(egui::RichText::new(st.project.name()).heading());
    annotator_field(ui, st, annotator, out);
    let (done, total) = st.progress();
    let fraction = if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    };
    ui.add(egui::ProgressBar::new(fraction).text(format!("{done} of {total} done")));
    ui.horizontal(|ui| {
        // The label before its combo box (egui puts a combo box's own label after it, where it
        // reads as the next field's).
        let label = ui.label("Status");
        egui::ComboBox::from_id_salt("status-filter")
            .selected_text(st.filter.name())
            .width(110.0)
            .show_ui(ui, |ui| {
                for f in StatusFilter::ALL {
                    ui.selectable_value(&mut st.filter, f, f.name());
                }
            })
            .response
            .labelled_by(label.id);
        ui.add(
            egui::TextEdit::singleline(&mut st.text)
                .hint_text("Filter by title or id")
                .desired_width(f32::INFINITY),
        );
    });
    buttons(ui, current_status, out);
    ui.separator();
    rows(ui, st, out);
}

/// The annotator's name; Switch (or Enter) when it differs from the current one.
fn annotator_field(
    ui: &mut egui::Ui,
    st: &mut ProjectState,
    annotator: &str,
    out: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.label("Annotator:");
        let r = ui.add(
            egui::TextEdit::singleline(&mut st.annotator_field)
                .desired_width(120.0)
                .hint_text("your name"),
        );
        let changed = st.annotator_field.trim() != annotator;
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if changed && (ui.button("Switch").clicked() || enter) {
            out.push(Command::SetAnnotator(st.annotator_field.trim().to_owned()));
        }
    });
}

/// Mark done (or in progress), previous and next document.
fn buttons(ui: &mut egui::Ui, current_status: Option<Status>, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let (label, tip) = match current_status {
            Some(Status::Done) => ("Mark in progress", "Ctrl+Shift+D: back to in progress"),
            _ => ("Mark done", "Ctrl+Shift+D"),
        };
        if ui
            .add_enabled(current_status.is_some(), egui::Button::new(label))
            .on_hover_text(tip)
            .clicked()
        {
            out.push(Command::MarkDone);
        }
        if ui
            .button("◀")
            .on_hover_text("Previous document (Ctrl+PageUp)")
            .clicked()
        {
            out.push(Command::PrevDocument);
        }
        if ui
            .button("▶")
            .on_hover_text("Next document (Ctrl+PageDown)")
            .clicked()
        {
            out.push(Command::NextDocument);
        }
    });
}

fn rows(ui: &mut egui::Ui, st: &mut ProjectState, out: &mut Vec<Command>) {
    let shown = st.shown();
    if shown.is_empty() {
        ui.weak(if st.rows.is_empty() {
            "The project has no documents yet: File ▸ Import…"
        } else {
            "No document matches the filter."
        });
        return;
    }
    let mut area = egui::ScrollArea::vertical()
        .id_salt("documents")
        .auto_shrink([false, false]);
    if std::mem::take(&mut st.scroll_to_current) {
        let pos = st
            .current
            .as_ref()
            .and_then(|id| shown.iter().position(|&i| st.rows[i].id == *id));
        if let Some(pos) = pos {
            let spacing = ui.spacing().item_spacing.y;
            let y = pos as f32 * (ROW_HEIGHT + spacing);
            area = area.vertical_scroll_offset((y - 3.0 * ROW_HEIGHT).max(0.0));
        }
    }
    area.show_rows(ui, ROW_HEIGHT, shown.len(), |ui, range| {
        for &i in &shown[range] {
            let r = &st.rows[i];
            let selected = st.current.as_deref() == Some(r.id.as_str());
            if row(ui, r, selected).clicked() && !selected {
                out.push(Command::OpenDocument(r.id.clone()));
            }
        }
    });
}

/// One row: status badge, title (truncated; the id on hover) and the annotator count.
fn row(ui: &mut egui::Ui, r: &DocStatus, selected: bool) -> egui::Response {
    let width = ui.available_width();
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), egui::Sense::click());
    let spent = (r.seconds > 0).then(|| clock(r.seconds));
    let label = format!(
        "{} — {} — {} annotator{}{}",
        r.title,
        r.status.name(),
        r.annotators,
        if r.annotators == 1 { "" } else { "s" },
        spent
            .as_ref()
            .map_or(String::new(), |t| format!(" — {t} spent"))
    );
    resp.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    if !ui.is_rect_visible(rect) {
        return resp;
    }
    let visuals = ui.visuals();
    let painter = ui.painter_at(rect);
    if selected {
        painter.rect_filled(rect, 3.0, visuals.selection.bg_fill);
    } else if resp.hovered() {
        painter.rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let text_color = if selected {
        visuals.selection.stroke.color
    } else {
        visuals.text_color()
    };
    let dark = visuals.dark_mode;
    let small = egui::TextStyle::Small.resolve(ui.style());
    // Badge: fixed width so titles line up.
    let (fill, fg) = badge_colors(r.status, dark);
    let badge = egui::Rect::from_min_size(
        rect.left_center() + egui::vec2(4.0, -8.0),
        egui::vec2(70.0, 16.0),
    );
    painter.rect_filled(badge, 8.0, fill);
    painter.text(
        badge.center(),
        egui::Align2::CENTER_CENTER,
        r.status.name(),
        small.clone(),
        fg,
    );
    let count = match &spent {
        Some(t) => format!("{t} · {} ann.", r.annotators),
        None => format!("{} ann.", r.annotators),
    };
    let count_galley = painter.layout_no_wrap(count, small, visuals.weak_text_color());
    let count_pos = rect.right_center() - egui::vec2(count_galley.size().x + 6.0, 0.0);
    let title_left = badge.right() + 8.0;
    let title_width = (count_pos.x - title_left - 8.0).max(10.0);
    let title = egui::WidgetText::from(r.title.as_str()).into_galley(
        ui,
        Some(egui::TextWrapMode::Truncate),
        title_width,
        egui::TextStyle::Body,
    );
    let title_pos = egui::pos2(title_left, rect.center().y - title.size().y / 2.0);
    painter.galley(title_pos, title, text_color);
    painter.galley(
        egui::pos2(count_pos.x, rect.center().y - count_galley.size().y / 2.0),
        count_galley,
        visuals.weak_text_color(),
    );
    resp.on_hover_text(match &spent {
        Some(t) => format!("{} ({} frames, {t} of active time)", r.id, r.frames),
        None => format!("{} ({} frames)", r.id, r.frames),
    })
}

/// Badge fill and text colours per status, readable in both themes.
fn badge_colors(s: Status, dark: bool) -> (egui::Color32, egui::Color32) {
    use egui::Color32;
    match (s, dark) {
        (Status::Todo, true) => (Color32::from_gray(70), Color32::from_gray(220)),
        (Status::Todo, false) => (Color32::from_gray(220), Color32::from_gray(40)),
        (Status::InProgress, true) => (
            Color32::from_rgb(120, 85, 0),
            Color32::from_rgb(255, 225, 150),
        ),
        (Status::InProgress, false) => (
            Color32::from_rgb(255, 226, 150),
            Color32::from_rgb(100, 60, 0),
        ),
        (Status::Done, true) => (
            Color32::from_rgb(30, 100, 50),
            Color32::from_rgb(190, 255, 200),
        ),
        (Status::Done, false) => (
            Color32::from_rgb(190, 235, 195),
            Color32::from_rgb(0, 80, 20),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, title: &str, status: Status) -> DocStatus {
        DocStatus {
            id: id.into(),
            title: title.into(),
            status,
            frames: 0,
            annotators: 0,
            seconds: 0,
        }
    }

    fn sample() -> Vec<DocStatus> {
        vec![
            row("a1", "Iran warns Israel", Status::Done),
            row("a2", "東京で会談", Status::Todo),
            row("a3", "Café talks resume", Status::InProgress),
            row("b4", "IRAN denies report", Status::Todo),
            row("b5", "Markets calm", Status::Done),
        ]
    }

    #[test]
    fn filters_by_status_and_text_case_insensitively() {
        let rows = sample();
        assert_eq!(
            filter_rows(&rows, StatusFilter::All, ""),
            vec![0, 1, 2, 3, 4]
        );
        assert_eq!(
            filter_rows(&rows, StatusFilter::Only(Status::Todo), ""),
            vec![1, 3]
        );
        assert_eq!(filter_rows(&rows, StatusFilter::All, " iran "), vec![0, 3]);
        assert_eq!(
            filter_rows(&rows, StatusFilter::Only(Status::Done), "iran"),
            vec![0]
        );
        assert_eq!(filter_rows(&rows, StatusFilter::All, "東京"), vec![1]);
        assert_eq!(filter_rows(&rows, StatusFilter::All, "CAFÉ"), vec![2]);
        // The id matches too.
        assert_eq!(filter_rows(&rows, StatusFilter::All, "B"), vec![3, 4]);
        assert!(filter_rows(&rows, StatusFilter::All, "nothing").is_empty());
    }

    #[test]
    fn steps_through_the_filtered_list_from_the_current_place() {
        let rows = sample();
        let todo = filter_rows(&rows, StatusFilter::Only(Status::Todo), "");
        // From a document the filter hides (just marked done) to the next todo one.
        assert_eq!(step_document(&rows, &todo, Some("a1"), true), Some(1));
        assert_eq!(step_document(&rows, &todo, Some("a2"), true), Some(3));
        assert_eq!(step_document(&rows, &todo, Some("b4"), true), None);
        assert_eq!(step_document(&rows, &todo, Some("b5"), false), Some(3));
        assert_eq!(step_document(&rows, &todo, Some("a2"), false), None);
        assert_eq!(step_document(&rows, &todo, None, true), Some(1));
        assert_eq!(step_document(&rows, &todo, None, false), Some(3));
        assert_eq!(step_document(&rows, &[], Some("a1"), true), None);
        let all = filter_rows(&rows, StatusFilter::All, "");
        assert_eq!(step_document(&rows, &all, Some("a3"), false), Some(1));
        // An id no longer in the project behaves like no current document.
        assert_eq!(step_document(&rows, &all, Some("zz"), true), Some(0));
    }

    #[test]
    fn every_filter_has_a_name_and_admits_its_status() {
        for s in Status::ALL {
            assert!(StatusFilter::All.admits(s));
            assert!(StatusFilter::Only(s).admits(s));
            assert_eq!(StatusFilter::Only(s).name(), s.name());
        }
        assert!(!StatusFilter::Only(Status::Done).admits(Status::Todo));
    }
}
