//! The list of frames behind the picked cell, edge, node, bar or outlet row: document,
//! annotator, frame id, source and claim. A click chooses a row; a double-click, Enter on the
//! chosen row, or the Open button opens its document at that frame.

use crate::model::Schema;

use super::drill::{Drill, FrameRow};
use super::theme::Tokens;
use super::{stance_name, stance_rgb};

/// The accessible name of a row: "harbor-times-consequences · alice · f3".
pub fn row_label(row: &FrameRow) -> String {
    format!("{} · {} · {}", row.document, row.annotator, row.frame)
}

/// What the list asks for.
pub enum ListAction {
    Choose(usize),
    Open(usize),
    /// Close the list.
    Close,
}

/// Draws the rows `shown` (indices into `drill.rows`); `chosen` is the chosen one.
pub fn list(
    ui: &mut egui::Ui,
    title: &str,
    drill: &Drill,
    shown: &[usize],
    chosen: Option<usize>,
    schema: &Schema,
    tokens: Tokens,
) -> Option<ListAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.strong(title);
        ui.weak(format!(
            "{} frame{}",
            shown.len(),
            if shown.len() == 1 { "" } else { "s" }
        ));
        let open = egui::Button::new("Open");
        if ui
            .add_enabled(chosen.is_some(), open)
            .on_hover_text("Open the chosen frame's document at the frame (Enter, double-click)")
            .clicked()
        {
            action = chosen.map(ListAction::Open);
        }
        if ui
            .small_button("✕")
            .on_hover_text("Close the list")
            .clicked()
        {
            action = Some(ListAction::Close);
        }
    });
    let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
    let row_h = 2.0 * ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    egui::ScrollArea::vertical()
        .id_salt("map-frames")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, shown.len(), |ui, range| {
            for &i in &shown[range] {
                let row = &drill.rows[i];
                let r = row_ui(ui, row, chosen == Some(i), schema, tokens);
                if r.double_clicked() || (enter && r.has_focus()) {
                    action = Some(ListAction::Open(i));
                } else if r.clicked() {
                    action = Some(ListAction::Choose(i));
                }
            }
        });
    if enter && action.is_none() {
        // Enter with the keyboard focus elsewhere in the view opens the chosen row.
        if let Some(i) = chosen {
            if ui.ctx().memory(|m| m.focused().is_none()) {
                action = Some(ListAction::Open(i));
            }
        }
    }
    action
}

fn row_ui(
    ui: &mut egui::Ui,
    row: &FrameRow,
    chosen: bool,
    schema: &Schema,
    tokens: Tokens,
) -> egui::Response {
    let rgb = stance_rgb(schema, &row.stance);
    let mut job = egui::text::LayoutJob::default();
    let body = egui::TextStyle::Body.resolve(ui.style());
    let fmt = |color| egui::TextFormat::simple(body.clone(), color);
    job.append(&row_label(row), 0.0, fmt(tokens.weak_text));
    job.append("  ", 0.0, fmt(tokens.text));
    job.append(
        stance_name(schema, &row.stance),
        0.0,
        fmt(tokens.stance_text(rgb)),
    );
    job.append("\n", 0.0, fmt(tokens.text));
    let source = if row.source_text.is_empty() {
        "(no source)"
    } else {
        row.source_text.as_str()
    };
    job.append(source, 0.0, fmt(tokens.source));
    job.append(&format!(": “{}”", row.claim), 0.0, fmt(tokens.text));
    job.wrap = egui::text::TextWrapping {
        max_width: ui.available_width() - 12.0,
        max_rows: 2,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    let r = ui
        .add(egui::Button::selectable(chosen, job).min_size(egui::vec2(ui.available_width(), 0.0)));
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, chosen, row_label(row)));
    r
}
