//! The review side panel: annotator choice, the adjudicator's name, the disagreement list with
//! each annotator's version and the adjudication buttons, and the agreement tab. Decisions are
//! returned as [`Command`]s for the app to apply; the widgets change only the review's own view
//! state (chosen annotators, K, the adjudicator's name, the tab).

use crate::model::Schema;

use super::super::command::Command;
use super::super::theme::annotator_colour;
use super::rows::{version_lines, Row, RowState};
use super::{figures, Review, Tab};

impl Review {
    /// The review panel on the left of the window; returns what the user asked for.
    pub fn side_panel(&mut self, ui: &mut egui::Ui, schema: &Schema, dark: bool) -> Vec<Command> {
        if self.figures.running() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        let mut out = Vec::new();
        egui::Panel::left("review")
            .resizable(true)
            .default_size(360.0)
            .size_range(300.0..=800.0)
            .show(ui, |ui| panel(ui, self, schema, dark, &mut out));
        out
    }
}

/// The whole review panel.
fn panel(
    ui: &mut egui::Ui,
    review: &mut Review,
    schema: &Schema,
    dark: bool,
    out: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading(format!("Review: {}", review.doc_id()));
        if ui.button("Close review").clicked() {
            out.push(Command::CloseReview);
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Compare:");
        for i in 0..review.annotators.len() {
            swatch(ui, annotator_colour(i, dark));
            let name = review.annotators[i].0.clone();
            ui.checkbox(&mut review.chosen[i], name);
        }
    });
    if review.sets().len() < 2 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "Choose at least two annotators.",
        );
    }
    ui.horizontal(|ui| {
        ui.label("Adjudicator:");
        ui.add(
            egui::TextEdit::singleline(&mut review.adjudicator)
                .id(egui::Id::unique("adjudicator"))
                .desired_width(140.0),
        )
        .on_hover_text("Recorded in the provenance of every gold frame you accept");
    });
    ui.horizontal(|ui| {
        let open = review
            .rows()
            .iter()
            .filter(|r| r.kind.is_some() && r.is_open())
            .count();
        let total = review.rows().iter().filter(|r| r.kind.is_some()).count();
        ui.selectable_value(
            &mut review.tab,
            Tab::Disagreements,
            format!("Disagreements ({open} open of {total})"),
        );
        ui.selectable_value(&mut review.tab, Tab::Agreement, "Agreement");
    });
    ui.separator();
    match review.tab {
        Tab::Disagreements => disagreements(ui, review, schema, dark, out),
        Tab::Agreement => figures::panel(ui, review),
    }
}

fn swatch(ui: &mut egui::Ui, c: egui::Color32) {
    let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 6.0), egui::Sense::hover());
    ui.painter().rect_filled(r, 1.0, c);
}

fn disagreements(
    ui: &mut egui::Ui,
    review: &mut Review,
    schema: &Schema,
    dark: bool,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Accept all agreed")
            .on_hover_text("Every frame at least K annotators agree on exactly goes into gold, in one undoable step (Ctrl+Shift+A)")
            .clicked()
        {
            out.push(Command::AcceptAllAgreed);
        }
        ui.label("K");
        let max = review.sets().len().max(1);
        let mut k = review.k();
        if ui
            .add(egui::DragValue::new(&mut k).range(1..=max))
            .on_hover_text("How many annotators must agree")
            .changed()
        {
            review.min_agree = Some(k);
        }
        ui.checkbox(&mut review.show_agreed, "show agreed");
    });
    ui.weak("N / Shift+N: next / previous · Alt+digit: accept that annotator's version · Alt+Shift+digit: accept and edit · X: reject");
    let names = review.chosen_names();
    let visible = review.visible();
    let current = review.current;
    egui::ScrollArea::vertical()
        .id_salt("disagreements")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if visible.is_empty() {
                ui.label("No disagreements among the chosen annotators.");
            }
            for &i in &visible {
                let row = &review.rows()[i];
                let is_current = current == Some(i);
                let r = ui.selectable_label(is_current, heading(i, row, &names));
                if r.clicked() {
                    out.push(Command::SelectDisagreement(i));
                }
                if is_current {
                    if review.scroll_list {
                        r.scroll_to_me(Some(egui::Align::Center));
                    }
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        details(ui, review, row, schema, dark, out);
                    });
                }
            }
        });
    review.scroll_list = false;
}

/// "3 · boundary · [120, 164) · accepted (alice)".
pub fn heading(i: usize, row: &Row, names: &[String]) -> String {
    let state = match &row.state {
        RowState::Open => "open".to_owned(),
        RowState::Rejected => "rejected".to_owned(),
        RowState::Accepted { annotators, .. } if annotators.is_empty() => {
            "accepted, edited".to_owned()
        }
        RowState::Accepted { annotators, .. } => format!(
            "accepted ({})",
            annotators
                .iter()
                .filter_map(|&a| names.get(a).cloned())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!(
        "{} · {} · [{}, {}) · {}",
        i + 1,
        row.label(),
        row.span.start,
        row.span.end,
        state
    )
}

fn details(
    ui: &mut egui::Ui,
    review: &Review,
    row: &Row,
    schema: &Schema,
    dark: bool,
    out: &mut Vec<Command>,
) {
    let sets = review.sets();
    let names = review.chosen_names();
    for (a, set) in sets.iter().enumerate() {
        ui.horizontal(|ui| {
            swatch(ui, annotator_colour(review.colour_index(a), dark));
            ui.strong(&names[a]);
            if a < 9 {
                ui.weak(format!("Alt+{}", a + 1));
            }
        });
        let frames: Vec<usize> = row
            .frames
            .iter()
            .filter(|&&(r, _)| r == a)
            .map(|&(_, k)| k)
            .collect();
        if frames.is_empty() {
            ui.weak("   (no frame here)");
        }
        for k in frames {
            let f = &set.frames()[k];
            let stance = schema
                .stance(&f.stance)
                .map_or(f.stance.as_str(), |s| s.name.as_str());
            egui::Grid::new(("version", a, k))
                .num_columns(2)
                .show(ui, |ui| {
                    for (field, value) in version_lines(f, set, stance) {
                        ui.weak(field);
                        ui.add(egui::Label::new(value).wrap());
                        ui.end_row();
                    }
                });
        }
        if row.frame_of(a).is_some() {
            ui.horizontal(|ui| {
                if ui.button(format!("Accept {}", names[a])).clicked() {
                    out.push(Command::Accept {
                        annotator: a,
                        edit: false,
                    });
                }
                if ui.button(format!("Accept and edit {}", names[a])).clicked() {
                    out.push(Command::Accept {
                        annotator: a,
                        edit: true,
                    });
                }
            });
        }
        ui.add_space(4.0);
    }
    if ui
        .button("Reject")
        .on_hover_text("Nothing of this goes into gold (X)")
        .clicked()
    {
        out.push(Command::Reject);
    }
}
