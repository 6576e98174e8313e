//! The stance confusion heat map of the agreement panel: one square per (row stance, column
//! stance) of a [`StanceMatrix`], its shade growing with the count, the count written in it,
//! agreeing cells (the diagonal) in the accent hue and disagreeing ones in the warning hue.
//!
//! [`HeatCell`] is a cell as data (its accessible label, its count and its share of the largest
//! count), built without egui and tested without pixels; [`show`] draws them. Each cell is a
//! labelled widget ("denial × assessment: 1"), so it can be found by name.

use egui::{Color32, Role, Sense, Vec2, WidgetInfo};

use crate::review::confusion::StanceMatrix;

use super::super::theme::{over, with_contrast};

/// One cell as data.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell {
    pub row: usize,
    pub col: usize,
    pub count: u64,
    /// `count / max` over the matrix, 0 when the matrix is empty.
    pub share: f32,
    /// Whether row and column are the same stance (agreement).
    pub diagonal: bool,
    /// "ROW × COL: N" with stance names.
    pub label: String,
}

/// The cells of `m`, row by row, with the stance ids shown as `name` gives them.
pub fn cells(m: &StanceMatrix, name: &impl Fn(&str) -> String) -> Vec<HeatCell> {
    let max = m.max();
    let n = m.labels.len();
    (0..n)
        .flat_map(|row| (0..n).map(move |col| (row, col)))
        .map(|(row, col)| {
            let count = m.get(row, col);
            HeatCell {
                row,
                col,
                count,
                share: if max == 0 {
                    0.0
                } else {
                    count as f32 / max as f32
                },
                diagonal: row == col,
                label: format!(
                    "{} × {}: {count}",
                    name(&m.labels[row]),
                    name(&m.labels[col])
                ),
            }
        })
        .collect()
}

const CELL: f32 = 22.0;

/// Draws the matrix: column names above (first letters, the full name on hover), row names at
/// the left, then the cells. `rows_are` and `cols_are` name whose stances the axes show.
pub fn show(
    ui: &mut egui::Ui,
    id: &str,
    m: &StanceMatrix,
    name: &impl Fn(&str) -> String,
    axes: (&str, &str),
) {
    if m.total() == 0 {
        ui.weak("no claims to compare");
        return;
    }
    ui.weak(format!("rows: {}, columns: {}", axes.0, axes.1));
    let cells = cells(m, name);
    let visuals = ui.visuals().clone();
    let bg = visuals.panel_fill;
    let agree = visuals.selection.bg_fill;
    let differ = visuals.warn_fg_color;
    let n = m.labels.len();
    egui::ScrollArea::horizontal().id_salt(id).show(ui, |ui| {
        egui::Grid::new(id)
            .spacing([2.0, 2.0])
            .min_col_width(CELL)
            .show(ui, |ui| {
                ui.label("");
                for (c, l) in m.labels.iter().enumerate() {
                    let full = name(l);
                    let short: String = full.chars().take(3).collect();
                    ui.small(short)
                        .on_hover_text(format!("column {}: {full}", c + 1));
                }
                ui.end_row();
                for row in cells.chunks(n) {
                    ui.small(name(&m.labels[row[0].row]));
                    for cell in row {
                        heat_cell(ui, cell, bg, if cell.diagonal { agree } else { differ });
                    }
                    ui.end_row();
                }
            });
    });
}

fn heat_cell(ui: &mut egui::Ui, cell: &HeatCell, bg: Color32, hue: Color32) {
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(CELL), Sense::hover());
    let label = cell.label.clone();
    response.widget_info(|| WidgetInfo::labeled(Role::Label, true, &label));
    // An empty cell keeps the background; any count is at least a faint tint.
    let alpha = if cell.count == 0 {
        0.0
    } else {
        0.15 + 0.85 * cell.share
    };
    let fill = over(hue.gamma_multiply(alpha), bg);
    let painter = ui.painter();
    painter.rect_filled(rect, 2.0, fill);
    if cell.count > 0 {
        let text = with_contrast(ui.visuals().text_color(), fill, 4.5);
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            cell.count.to_string(),
            egui::FontId::monospace(11.0),
            text,
        );
    }
    response.on_hover_text(&cell.label);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_name_stances_and_scale_by_the_largest_count() {
        // A 2-stance matrix (+ none) built through the public report: see review::confusion.
        use crate::model::{AnnotationSet, Document, Frame, Quote, Schema, Span};
        use crate::review::agreement::DocumentAnnotations;
        use crate::review::confusion::confusion;
        let doc = Document::new("d", "abcd efgh ijkl");
        let f = |id: &str, s: usize, stance: &str| {
            let text: String = doc.text.as_str().chars().skip(s).take(4).collect();
            Frame::new(id, Quote::new(Span::new(s, s + 4), text), stance)
        };
        let mut a = AnnotationSet::new("d", "a", Schema::default_news().reference());
        a.set_frames(vec![
            f("1", 0, "warning"),
            f("2", 5, "warning"),
            f("3", 10, "denial"),
        ]);
        let mut b = AnnotationSet::new("d", "b", Schema::default_news().reference());
        b.set_frames(vec![
            f("1", 0, "warning"),
            f("2", 5, "warning"),
            f("3", 10, "warning"),
        ]);
        let r = confusion(
            &["a".to_owned(), "b".to_owned()],
            &[DocumentAnnotations {
                document: &doc,
                sets: vec![&a, &b],
            }],
        );
        let name = |id: &str| id.to_uppercase();
        let cells = cells(&r.pooled.matrix, &name);
        // Labels: denial, warning, (none) → 9 cells; (warning, warning) = 2 is the largest.
        assert_eq!(cells.len(), 9);
        let ww = &cells[4];
        assert_eq!(ww.label, "WARNING × WARNING: 2");
        assert!(ww.diagonal);
        assert_eq!(ww.share, 1.0);
        let dw = &cells[1];
        assert_eq!(dw.label, "DENIAL × WARNING: 1");
        assert!(!dw.diagonal);
        assert_eq!(dw.share, 0.5);
        assert_eq!(cells[8].count, 0);
    }
}
