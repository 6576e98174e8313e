//! The guideline card of the panel and the Help ▸ Guidelines window.
//!
//! The card shows the guideline of the stance about to be chosen (the stance button under the
//! pointer) or else of the selected frame's stance, rendered from Markdown with
//! `egui_commonmark`; F2 hides and shows it. The window lists every stance's guideline and the
//! roles', from [`crate::model::Guidelines`] (the schema's texts and the project's
//! `guidelines.md`), loaded once per open file.

use crate::model::{Guidelines, SpanRole};
use crate::session::Session;

use super::PanelState;

/// Where the stance buttons leave the stance under the pointer for the card.
fn hover_id() -> egui::Id {
    egui::Id::unique("stancemark-stance-hover")
}

/// Called by a stance button under the pointer: its stance is the one about to be chosen.
pub fn note_hover(ui: &egui::Ui, stance: &str) {
    ui.ctx()
        .data_mut(|d| d.insert_temp(hover_id(), stance.to_owned()));
}

/// The guidelines for the open file, loaded when the file or its schema changed. A project's
/// unreadable `guidelines.md` is said in the card, and the schema's texts are used.
fn guidelines<'s>(
    session: &Session,
    state: &'s mut PanelState,
) -> &'s (String, Guidelines, String) {
    let key = format!(
        "{:?}|{}|{}",
        session.save_path, session.schema.id, session.schema.version
    );
    if state.guidelines.as_ref().is_none_or(|(k, _, _)| *k != key) {
        let (g, problem) = match session.project_file() {
            Some((project, _)) => match project.guidelines() {
                Ok(g) => (g, String::new()),
                Err(e) => (Guidelines::new(&session.schema, None), e.to_string()),
            },
            None => (Guidelines::new(&session.schema, None), String::new()),
        };
        state.guidelines = Some((key, g, problem));
    }
    // Invariant: set just above.
    state.guidelines.as_ref().expect("loaded above")
}

/// The card for the stance about to be chosen or the selected frame's.
pub fn card(ui: &mut egui::Ui, session: &Session, stance: Option<&str>, state: &mut PanelState) {
    let hovered: Option<String> = ui.ctx().data_mut(|d| d.remove_temp(hover_id()));
    if state.hide_guideline {
        return;
    }
    let Some(id) = hovered.as_deref().or(stance) else {
        return;
    };
    let name = session
        .schema
        .stance(id)
        .map_or(id.to_owned(), |s| s.name.clone());
    let (_, g, problem) = guidelines(session, state);
    let text = g.stance(id).map(str::to_owned);
    let problem = problem.clone();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.strong(format!("Guideline — {name}"));
            ui.weak("(F2 hides)");
        });
        if !problem.is_empty() {
            ui.colored_label(ui.visuals().warn_fg_color, problem);
        }
        egui::ScrollArea::vertical()
            .id_salt("guideline-card")
            .max_height(160.0)
            .show(ui, |ui| match &text {
                Some(t) => {
                    egui_commonmark::CommonMarkViewer::new().show(ui, &mut state.markdown, t);
                }
                None => {
                    ui.weak("No guideline for this stance yet (schema or guidelines.md).");
                }
            });
    });
}

/// Help ▸ Guidelines: every stance's guideline, then the roles', then what the project's file
/// has that names nothing known.
pub fn window(ctx: &egui::Context, session: &Session, state: &mut PanelState) {
    let mut open = state.guidelines_window;
    let (_, g, problem) = guidelines(session, state).clone();
    egui::Window::new("Guidelines")
        .open(&mut open)
        .default_size([520.0, 600.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("guidelines-window")
                .show(ui, |ui| {
                    if !problem.is_empty() {
                        ui.colored_label(ui.visuals().warn_fg_color, &problem);
                    }
                    if !g.preamble.is_empty() {
                        egui_commonmark::CommonMarkViewer::new().show(
                            ui,
                            &mut state.markdown,
                            &g.preamble,
                        );
                        ui.separator();
                    }
                    for s in &session.schema.stances {
                        ui.heading(&s.name);
                        match g.stance(&s.id) {
                            Some(t) => {
                                egui_commonmark::CommonMarkViewer::new().show(
                                    ui,
                                    &mut state.markdown,
                                    t,
                                );
                            }
                            None => {
                                ui.weak("No guideline yet.");
                            }
                        }
                        ui.add_space(6.0);
                    }
                    for r in SpanRole::ALL {
                        if let Some(t) = g.role(r) {
                            ui.heading(format!("Role: {}", r.name()));
                            egui_commonmark::CommonMarkViewer::new().show(
                                ui,
                                &mut state.markdown,
                                t,
                            );
                        }
                    }
                    if !g.unmatched.is_empty() {
                        ui.separator();
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!(
                                "guidelines.md sections that name no stance or role: {}",
                                g.unmatched.join(", ")
                            ),
                        );
                    }
                });
        });
    state.guidelines_window = open;
}
