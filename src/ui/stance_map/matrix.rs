//! The matrix tab: sources down, targets across (most frames first), each cell its count on the
//! colour of its dominant stance (stronger for bigger counts), the frames per stance on hover.
//! A corpus can have thousands of sources; the tab shows the [`Matrix`]'s first `limit` rows and
//! columns and says how many it leaves out.

use std::collections::HashMap;

use egui::{Color32, Role, Sense, WidgetInfo};

use crate::corpus::matrix::{Cell, Matrix};
use crate::corpus::StanceMap;
use crate::model::Schema;

use super::drill::Pick;
use super::theme::{contrast, over, Tokens};
use super::{short, stance_name, stance_rgb};

const CELL: egui::Vec2 = egui::vec2(44.0, 24.0);

/// The accessible name of a cell (and its hover title): "Kestrian Foreign Ministry → Ostland:
/// 13 frames".
pub fn cell_label(source: &str, target: &str, total: usize) -> String {
    format!(
        "{source} → {target}: {total} frame{}",
        if total == 1 { "" } else { "s" }
    )
}

/// Draws the matrix; returns the cell clicked.
pub fn show(
    ui: &mut egui::Ui,
    map: &StanceMap,
    matrix: &Matrix,
    schema: &Schema,
    tokens: Tokens,
    limit: usize,
    picked: Option<&Pick>,
) -> Option<Pick> {
    if matrix.cells.is_empty() {
        ui.label("No frame with both a source and a target passes the filters.");
        return None;
    }
    let rows = matrix.sources.len().min(limit);
    let cols = matrix.targets.len().min(limit);
    if rows < matrix.sources.len() || cols < matrix.targets.len() {
        ui.weak(format!(
            "Showing the {rows} of {} sources and {cols} of {} targets with the most frames.",
            matrix.sources.len(),
            matrix.targets.len()
        ));
    }
    let cells: HashMap<(usize, usize), &Cell> = matrix
        .cells
        .iter()
        .map(|c| ((c.source, c.target), c))
        .collect();
    let max = matrix.cells.iter().map(|c| c.total).max().unwrap_or(1);
    let label = |id| {
        map.node(id)
            .map_or_else(|| id.to_string(), |n| n.label.clone())
    };
    let mut clicked = None;
    egui::ScrollArea::both()
        .id_salt("map-matrix")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("map-matrix-grid")
                .spacing([2.0, 2.0])
                .show(ui, |ui| {
                    ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
                        ui.label(egui::RichText::new("source ↓  target →").weak());
                    });
                    for t in &matrix.targets[..cols] {
                        column_header(ui, &label(t), tokens);
                    }
                    ui.end_row();
                    for (si, s) in matrix.sources[..rows].iter().enumerate() {
                        let sname = label(s);
                        ui.label(short(&sname, 28)).on_hover_text(&sname);
                        for (ti, t) in matrix.targets[..cols].iter().enumerate() {
                            let Some(cell) = cells.get(&(si, ti)) else {
                                ui.allocate_exact_size(CELL, Sense::hover());
                                continue;
                            };
                            let tname = label(t);
                            let pick = Pick::Cell {
                                source: s.clone(),
                                target: t.clone(),
                            };
                            let on = picked == Some(&pick);
                            let r = cell_ui(ui, cell, &sname, &tname, max, schema, tokens, on);
                            if r.clicked() {
                                clicked = Some(pick);
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    clicked
}

/// Height of the row of slanted target names.
const HEADER_HEIGHT: f32 = 120.0;

/// A target's name, slanted upward so that long names fit over narrow columns.
fn column_header(ui: &mut egui::Ui, name: &str, tokens: Tokens) {
    let (rect, r) = ui.allocate_exact_size(egui::vec2(CELL.x, HEADER_HEIGHT), Sense::hover());
    let galley = ui.painter().layout_no_wrap(
        short(name, 22),
        egui::FontId::proportional(13.0),
        tokens.text,
    );
    let angle = -std::f32::consts::FRAC_PI_4;
    // The text turns about its top-left corner: start so that it rises from the column's
    // middle at the bottom.
    let h = galley.size().y;
    let pos = egui::pos2(rect.center().x - h * 0.2, rect.bottom() - h * 0.9);
    ui.painter()
        .add(egui::epaint::TextShape::new(pos, galley, tokens.text).with_angle(angle));
    r.on_hover_text(name);
}

/// One cell: painted, clickable, named for screen readers, its breakdown on hover.
#[allow(clippy::too_many_arguments)]
fn cell_ui(
    ui: &mut egui::Ui,
    cell: &Cell,
    source: &str,
    target: &str,
    max: usize,
    schema: &Schema,
    tokens: Tokens,
    selected: bool,
) -> egui::Response {
    let (rect, r) = ui.allocate_exact_size(CELL, Sense::click());
    let name = cell_label(source, target, cell.total);
    r.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
    let fill = cell_fill(stance_rgb(schema, cell.dominant()), cell.total, max, tokens);
    let painter = ui.painter();
    painter.rect_filled(rect, 3.0, fill);
    let stroke = if selected {
        egui::Stroke::new(2.5, tokens.text)
    } else if r.hovered() {
        egui::Stroke::new(1.5, tokens.weak_text)
    } else {
        egui::Stroke::NONE
    };
    painter.rect_stroke(rect, 3.0, stroke, egui::StrokeKind::Inside);
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        cell.total.to_string(),
        egui::FontId::proportional(14.0),
        text_on(fill),
    );
    r.on_hover_ui(|ui| breakdown(ui, &name, cell, schema, tokens))
}

/// The dominant stance's colour over the background, more opaque for bigger counts (a third
/// opaque for the smallest, fully for the biggest).
pub fn cell_fill(rgb: [u8; 3], total: usize, max: usize, tokens: Tokens) -> Color32 {
    let share = total as f32 / max.max(1) as f32;
    let alpha = (0.35 + 0.65 * share).clamp(0.0, 1.0);
    let c = Color32::from_rgba_unmultiplied(rgb[0], rgb[1], rgb[2], (alpha * 255.0) as u8);
    over(c, tokens.background)
}

/// Black or white, whichever reads better on `fill`.
pub fn text_on(fill: Color32) -> Color32 {
    if contrast(Color32::BLACK, fill) >= contrast(Color32::WHITE, fill) {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// The frames per stance of a cell as small bars.
fn breakdown(ui: &mut egui::Ui, name: &str, cell: &Cell, schema: &Schema, tokens: Tokens) {
    ui.strong(name);
    let max = cell.by_stance.first().map_or(1, |(_, n)| *n).max(1);
    egui::Grid::new("cell-breakdown").show(ui, |ui| {
        for (stance, n) in &cell.by_stance {
            let rgb = stance_rgb(schema, stance);
            ui.colored_label(tokens.stance_text(rgb), stance_name(schema, stance));
            let w = 120.0 * *n as f32 / max as f32;
            let (rect, _) = ui.allocate_exact_size(egui::vec2(120.0, 12.0), Sense::hover());
            let bar = egui::Rect::from_min_size(rect.min, egui::vec2(w, rect.height()));
            ui.painter().rect_filled(bar, 2.0, tokens.stance_line(rgb));
            ui.label(n.to_string());
            ui.end_row();
        }
    });
    ui.weak("Click to list the frames.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_say_the_pair_and_the_count() {
        assert_eq!(cell_label("A", "B", 1), "A → B: 1 frame");
        assert_eq!(cell_label("A", "B", 13), "A → B: 13 frames");
    }

    #[test]
    fn fills_grow_with_the_count_and_text_stays_readable() {
        let light = Tokens::for_theme(false);
        let red = [214, 39, 40];
        let small = cell_fill(red, 1, 10, light);
        let big = cell_fill(red, 10, 10, light);
        assert_eq!(big, Color32::from_rgb(214, 39, 40));
        // A third of the way from the background (248) to the colour, and more.
        assert!(small.r() > big.r() && small.g() > big.g());
        for fill in [
            small,
            big,
            Color32::from_rgb(255, 230, 0),
            Color32::from_gray(20),
        ] {
            assert!(contrast(text_on(fill), fill) >= 4.5, "{fill:?}");
        }
    }
}
