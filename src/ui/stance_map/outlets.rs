//! The per-outlet tab: which outlets attribute which stances to which sources — one row per
//! (outlet, source, stance) with its frames (per annotator when several are counted). Only the
//! visible rows are laid out; a click lists the row's frames.

use egui_extras::{Column, TableBuilder};

use crate::corpus::StanceMap;
use crate::model::Schema;

use super::drill::Pick;
use super::theme::Tokens;
use super::{stance_name, stance_rgb};

/// Draws the table; returns the row clicked.
pub fn show(
    ui: &mut egui::Ui,
    map: &StanceMap,
    schema: &Schema,
    tokens: Tokens,
    picked: Option<&Pick>,
) -> Option<Pick> {
    if map.outlets.is_empty() {
        ui.label("No frame passes the filters.");
        return None;
    }
    let per_annotator = map.annotators.len() > 1;
    let mut clicked = None;
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut table = TableBuilder::new(ui)
        .id_salt("map-outlets")
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::auto().at_least(140.0).resizable(true))
        .column(Column::auto().at_least(180.0).resizable(true))
        .column(Column::auto().at_least(120.0))
        .column(Column::auto().at_least(50.0));
    if per_annotator {
        table = table.column(Column::remainder());
    }
    table
        .header(row_h, |mut h| {
            for name in ["Outlet", "Source", "Stance", "Frames"] {
                h.col(|ui| {
                    ui.strong(name);
                });
            }
            if per_annotator {
                h.col(|ui| {
                    ui.strong("By annotator");
                });
            }
        })
        .body(|body| {
            body.rows(row_h, map.outlets.len(), |mut row| {
                let o = &map.outlets[row.index()];
                let pick = Pick::Outlet {
                    outlet: o.outlet.clone(),
                    source: o.source.clone(),
                    stance: o.stance.clone(),
                };
                row.set_selected(picked == Some(&pick));
                row.col(|ui| {
                    cell(ui, o.outlet.as_deref().unwrap_or("(no outlet)"));
                });
                row.col(|ui| {
                    let source = match &o.source {
                        Some(id) => map.node(id).map_or(id.to_string(), |n| n.label.clone()),
                        None => "(no source)".to_owned(),
                    };
                    cell(ui, source);
                });
                row.col(|ui| {
                    let rgb = stance_rgb(schema, &o.stance);
                    let name = stance_name(schema, &o.stance);
                    cell(ui, egui::RichText::new(name).color(tokens.stance_text(rgb)));
                });
                row.col(|ui| {
                    ui.label(o.count.total.to_string());
                });
                if per_annotator {
                    row.col(|ui| {
                        let parts: Vec<String> = o
                            .count
                            .by_annotator
                            .iter()
                            .map(|(a, n)| format!("{a} {n}"))
                            .collect();
                        cell(ui, egui::RichText::new(parts.join(", ")).weak());
                    });
                }
                if row.response().clicked() {
                    clicked = Some(pick);
                }
            });
        });
    clicked
}

/// One line of text, cut with an ellipsis where the column is too narrow (rows keep one height).
fn cell(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.add(egui::Label::new(text).truncate().selectable(false));
}
