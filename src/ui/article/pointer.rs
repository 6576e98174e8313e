//! The pointer over the article: drag to select (whole words, trimmed, unless Alt is held for
//! exact characters), double-click a word, triple-click a sentence, click to pick the frames
//! under the pointer (again: the next one), hover for their summary.

use super::{ArticleInput, ArticleOutput, ArticleView};
use crate::model::Frame;
use crate::session::bidi::display_order;
use crate::session::view::{sentence_at, word_at, word_selection, Selection};
use crate::session::Session;
use crate::ui::describe::participant_text;

impl ArticleView {
    pub(super) fn pointer(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        input: &ArticleInput<'_>,
        out: &mut ArticleOutput,
    ) {
        let text = &input.session.document.text;
        let exact = ui.input(|i| i.modifiers.alt);
        if response.drag_started() {
            let origin = ui.input(|i| i.pointer.press_origin());
            self.drag_anchor = origin.and_then(|p| self.char_at(p));
        }
        if let Some(anchor) = self.drag_anchor {
            if let Some(head) = ui
                .input(|i| i.pointer.latest_pos())
                .and_then(|p| self.char_at(p))
            {
                let raw = Selection::new(anchor, head);
                out.selection = Some(if exact {
                    raw
                } else {
                    word_selection(text, &self.paras, raw)
                });
            }
            if !ui.input(|i| i.pointer.primary_down()) {
                self.drag_anchor = None;
            }
        }
        let clicked_at = || {
            response
                .interact_pointer_pos()
                .and_then(|p| self.char_at(p))
        };
        if response.triple_clicked() {
            if let Some(pos) = clicked_at() {
                let s = sentence_at(text, &self.paras, pos);
                out.selection = Some(Selection::new(s.start, s.end));
            }
        } else if response.double_clicked() {
            if let Some(pos) = clicked_at() {
                let w =
                    word_at(text, &self.paras, pos).unwrap_or(crate::model::Span::new(pos, pos));
                out.selection = Some(Selection::new(w.start, w.end));
            }
        } else if response.clicked() {
            if let Some(pos) = clicked_at() {
                let under = input.cover.covering(pos);
                out.selection = Some(Selection::new(pos, pos));
                if under.is_empty() {
                    self.last_click = None;
                    out.clear_frame = true;
                } else {
                    let k = match &self.last_click {
                        Some((prev, k)) if *prev == under => (k + 1) % under.len(),
                        _ => 0,
                    };
                    out.clicked_frame = Some(under[k]);
                    self.last_click = Some((under, k));
                }
            }
        }
        if let Some(pos) = response.hover_pos().and_then(|p| self.char_at(p)) {
            out.hover_pos = Some(pos);
            let under = input.cover.covering(pos);
            if !under.is_empty() && self.drag_anchor.is_none() {
                let frames = input.session.annotations().frames();
                response.clone().on_hover_ui_at_pointer(|ui| {
                    for (n, &i) in under.iter().enumerate() {
                        if n > 0 {
                            ui.separator();
                        }
                        frame_summary(ui, input.session, &frames[i]);
                    }
                });
            }
        }
    }
}

/// A frame as a few labelled lines (the tooltip over its claim).
fn frame_summary(ui: &mut egui::Ui, session: &Session, f: &Frame) {
    let stance = session
        .schema
        .stance(&f.stance)
        .map_or(f.stance.as_str(), |s| s.name.as_str());
    ui.strong(format!("{} · {}", f.id, stance));
    let participant =
        |p: &Option<crate::model::Participant>| participant_text(p.as_ref(), session.annotations());
    ui.label(display_order(&format!(
        "claim: “{}”",
        f.claim.display_text()
    )));
    ui.label(format!("source: {}", participant(&f.source)));
    ui.label(display_order(&format!(
        "cue: {}",
        f.cue
            .as_ref()
            .map_or("—".into(), |q| format!("“{}”", q.display_text()))
    )));
    ui.label(format!("target: {}", participant(&f.target)));
    if !f.note.is_empty() {
        ui.label(format!("note: {}", f.note));
    }
}
